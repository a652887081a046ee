// SPDX-License-Identifier: Apache-2.0
// Fuzzes the waiver-file loader (--waivers FILE): any bytes must give waivers or a WaiverError
// naming the file, never a crash or another exception. The waivers it gives are then applied to
// results, since their globs (check, subject) and instance come straight from the file.

#include <string>
#include <vector>

#include "core/glob.h"
#include "fuzz_target.h"
#include "model/check_definition.h"
#include "report/waivers.h"

namespace {

using sncheck::fuzz::invariant_broken;

constexpr const char* kToday = "2026-06-15";
constexpr const char* kInstance = "https://acme.service-now.com";

void check_waiver(const sncheck::Waiver& waiver, const std::string& origin, std::size_t index) {
  if (waiver.origin != origin + ": waivers[" + std::to_string(index) + "]") {
    invariant_broken("a waiver whose origin is not its file and index");
  }
  if (waiver.check.empty() || waiver.reason.empty() || waiver.owner.empty()) {
    invariant_broken("a waiver without check, reason or owner");
  }
  if (!sncheck::is_iso_date(waiver.expires)) invariant_broken("a waiver with a bad expiry date");
}

// One fail, warn and pass result per waiver, on the subject the waiver names (so globs match).
std::vector<sncheck::Result> results_for(const std::vector<sncheck::Waiver>& waivers,
                                         const sncheck::CheckDefinition& check) {
  std::vector<sncheck::Result> results;
  for (const sncheck::Waiver& waiver : waivers) {
    for (sncheck::Status status :
         {sncheck::Status::Fail, sncheck::Status::Warn, sncheck::Status::Pass}) {
      sncheck::Result result;
      result.check = &check;
      result.status = status;
      result.instance = kInstance;
      result.subject = waiver.subject;
      results.push_back(std::move(result));
    }
  }
  return results;
}

const sncheck::Waiver* find_origin(const std::vector<sncheck::Waiver>& waivers,
                                   const std::string& origin) {
  for (const sncheck::Waiver& waiver : waivers) {
    if (waiver.origin == origin) return &waiver;
  }
  return nullptr;
}

void check_applied(const std::vector<sncheck::Waiver>& waivers) {
  sncheck::CheckDefinition check;
  check.id = "oauth.registry.app_user";
  std::vector<sncheck::Result> results = results_for(waivers, check);
  sncheck::apply_waivers(results, waivers, kToday);
  for (const sncheck::Result& result : results) {
    if (!result.waiver) continue;
    if (result.status == sncheck::Status::Pass) invariant_broken("a waived pass");
    const sncheck::Waiver* waiver = find_origin(waivers, result.waiver->origin);
    if (waiver == nullptr) invariant_broken("a waiver mark from no waiver");
    if (!sncheck::glob_match(waiver->check, check.id) ||
        !sncheck::instance_matches(waiver->instance.empty() ? kInstance : waiver->instance,
                                   kInstance)) {
      invariant_broken("a result waived by a waiver that does not match it");
    }
    if (result.waiver->expired != (std::string(kToday) > waiver->expires)) {
      invariant_broken("a waiver marked expired (or not) against its date");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string origin = "fuzz-waivers.json";
  try {
    std::vector<sncheck::Waiver> waivers =
        sncheck::parse_waivers(sncheck::fuzz::as_text(data, size), origin);
    for (std::size_t i = 0; i < waivers.size(); ++i) check_waiver(waivers[i], origin, i);
    check_applied(waivers);
  } catch (const sncheck::WaiverError& error) {
    if (std::string(error.what()).rfind(origin + ": ", 0) != 0) {
      invariant_broken("a WaiverError that does not start with the file name");
    }
  } catch (const std::exception& error) {
    invariant_broken(std::string("parse_waivers threw something else: ") + error.what());
  }
  return 0;
}
