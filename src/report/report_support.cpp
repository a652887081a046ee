// SPDX-License-Identifier: Apache-2.0
#include "report/report_support.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "core/version.h"

namespace sncheck::report {

std::vector<std::string> instances_of(const ReportContext& context) {
  std::vector<std::string> instances;
  // A combined run names its instances, including one that could not be read (no results).
  for (const InstanceOutcome& instance : context.instances) instances.push_back(instance.instance);
  for (const Result& result : context.outcome->results) {
    if (std::find(instances.begin(), instances.end(), result.instance) == instances.end()) {
      instances.push_back(result.instance);
    }
  }
  if (instances.empty()) instances.push_back(context.instance);
  return instances;
}

std::vector<const Result*> results_for(const ReportContext& context, const std::string& instance) {
  std::vector<const Result*> results;
  for (const Result& result : context.outcome->results) {
    if (result.instance == instance) results.push_back(&result);
  }
  return results;
}

std::string host_of(std::string_view url) {
  if (std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  }
  return std::string(url.substr(0, url.find('/')));
}

std::string result_name(const Result& result) {
  if (result.subject.empty()) return result.check->id;
  return fmt::format("{} [{}]", result.check->id, result.subject);
}

std::string describe_evidence(const Evidence& evidence) {
  std::string text = evidence.table;
  if (!evidence.sys_id.empty()) text += fmt::format(" record {}", evidence.sys_id);
  if (!evidence.field.empty()) {
    text += fmt::format(": {} = '{}'", evidence.field, evidence.value);
  }
  if (!evidence.note.empty()) text += fmt::format(" ({})", evidence.note);
  return text;
}

std::string waiver_note(const Result& result) {
  if (!result.waiver) return {};
  const WaiverMark& w = *result.waiver;
  if (w.expired) {
    return fmt::format("waiver expired on {} (owner {}, {}): {}", w.expires, w.owner, w.origin,
                       w.reason);
  }
  return fmt::format("waived until {} (owner {}): {}", w.expires, w.owner, w.reason);
}

std::string not_blocking_note(const Result& result, const GatePolicy& gate) {
  if (result.status != Status::Fail && result.status != Status::Warn) return {};
  if (is_blocking(result, gate)) return {};
  if (result.waived()) return "waived: does not fail the run";
  if (result.status == Status::Warn && !gate.warn_fails) return {};
  return fmt::format("severity {} is below --severity-threshold {}: does not fail the run",
                     to_string(result.check->severity), to_string(gate.threshold));
}

std::string_view verdict(int exit_code) {
  switch (exit_code) {
    case 0:
      return "passed";
    case 1:
      return "failed";
    default:
      return "incomplete";
  }
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // XML 1.0 has no way to carry other control characters, even escaped.
        if (byte >= 0x20 || c == '\n' || c == '\t' || c == '\r') out += c;
    }
  }
  return out;
}

std::string check_doc_url(const CheckDefinition& check) {
  if (check.origin.rfind("built-in", 0) != 0) return {};
  return fmt::format("{}/blob/main/docs/checks/{}.md", kProjectUrl, check.id);
}

std::string utc_timestamp_now() {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  return text;
}

}  // namespace sncheck::report
