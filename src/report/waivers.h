// SPDX-License-Identifier: Apache-2.0
#pragma once
// Waivers (--waivers FILE): a known and approved exception to a check, for a while. A waived fail
// or warn stays in every report, marked waived, and does not fail the run until it expires.
//
// {"waivers": [{"check": "oauth.registry.*", "subject": "Legacy*", "instance": "acme",
//               "reason": "...", "owner": "...", "expires": "2026-12-31"}]}

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/usage_error.h"

namespace sncheck {

class WaiverError : public UsageError {
 public:
  using UsageError::UsageError;
};

struct Waiver {
  std::string origin;    // "waivers.json: waivers[2]"
  std::string check;     // glob over check ids
  std::string subject;   // glob over the result's subject; empty: any subject
  std::string instance;  // name, host or URL of the instance; empty: any instance
  std::string reason;
  std::string owner;
  std::string expires;  // YYYY-MM-DD; the waiver holds through that day
};

// Throws WaiverError naming the file and the field ("w.json: waivers[1].expires: ...").
std::vector<Waiver> parse_waivers(std::string_view json_text, const std::string& origin);
std::vector<Waiver> load_waivers(const std::string& path);

// True for a real calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view text);

// Today's date in UTC, YYYY-MM-DD.
std::string today_utc();

// Marks each fail or warn result that a waiver matches (the first one that still holds, else the
// first expired one). today: YYYY-MM-DD; a waiver expiring today still holds.
void apply_waivers(std::vector<Result>& results, const std::vector<Waiver>& waivers,
                   const std::string& today);

// Whether a waiver's instance names this base URL: the URL itself, its host, or the host's first
// label ("acme" for https://acme.service-now.com).
bool instance_matches(std::string_view waiver_instance, std::string_view instance_url);

}  // namespace sncheck
