// IP Address Access Control (ip_access): an address is blocked only when a matching Deny rule
// exists and no matching Allow rule does (platform-security/authentication/t_AccessControl.md
// l.17, l.47-106). sncheck does not know the address the external system calls from, so active
// inbound Deny rules are a warning naming their ranges. The Global Blocking Policy
// (configure-global-blocking-policy-apis.md l.17-41) keeps its conditions in tables the docs do
// not name: the message says it is not read.

#include <fmt/format.h>

#include "core/strings.h"
#include "evaluate/evaluators/oauth/bearer_rules.h"

namespace sncheck::bearer {
namespace {

constexpr const char* kBlindSpot =
    " The Global Blocking Policy (System Web Services > API Access Policies) can also refuse "
    "callers; sncheck does not read its conditions.";

Link judge(const Context& ctx, const Target&) {
  const ReadInput& rules = ctx.read("ip_rules");
  if (absent_table(rules)) {
    return Link::pass(std::string("No IP Address Access Control table (plugin "
                                  "com.snc.ipauthenticator not active).") +
                      kBlindSpot);
  }
  if (rules.error != nullptr) return read_failure(rules);
  // The stored values are taken as the form's labels in lower case (Allow, Deny, Outbound); a
  // rule with any other type is reported, not guessed.
  const std::string deny = "deny";
  const std::string allow = "allow";
  const std::string outbound = "outbound";
  std::vector<std::string> ranges;
  std::vector<std::string> odd;
  Link link;
  for (const Record* rule : rules.rows) {
    if (flag(*rule, "active") != Flag::Yes) continue;
    const std::string type = lower(field_or_empty(*rule, "type"));
    const std::string direction = lower(field_or_empty(*rule, "direction"));
    if (type == allow || (type == deny && direction == outbound)) continue;
    std::string range = fmt::format("{}-{}", field_or_empty(*rule, "range_start"),
                                    field_or_empty(*rule, "range_end"));
    if (type == deny) {
      ranges.push_back(range);
    } else {
      odd.push_back(fmt::format("{} (type '{}')", range, type));
    }
    link.evidence.push_back(ctx.evidence("ip_rules", *rule, "type", range));
  }
  if (ranges.empty() && odd.empty()) {
    link.message = std::string("No active inbound IP Deny rule.") + kBlindSpot;
    return link;
  }
  link.status = Status::Warn;
  link.http = 403;
  link.message = fmt::format(
      "Active IP Address Access Control rules deny {}{}: a caller in a denied range is refused "
      "before authentication unless an Allow rule covers it, and sncheck does not know the "
      "address the external system calls from (the status of such a refusal is not "
      "documented).{}",
      ranges.empty() ? std::string("no range sncheck can read")
                     : fmt::format("{}", fmt::join(ranges, ", ")),
      odd.empty() ? std::string()
                  : fmt::format("; rules of unknown type: {}", fmt::join(odd, ", ")),
      kBlindSpot);
  link.remediation =
      "Check the external system's public address against System Security > IP Address Access "
      "Control, and add an Allow rule for it if it falls in a Deny range.";
  return link;
}

}  // namespace

Gate ip_access_gate() {
  Gate gate;
  gate.name = "ip_access";
  gate.public_too = true;
  gate.reads = {"ip_rules"};
  gate.columns = {{"ip_access", "type", {}},
                  {"ip_access", "direction", {}},
                  {"ip_access", "range_start", {}},
                  {"ip_access", "range_end", {}},
                  {"ip_access", "active", {}}};
  gate.judge = judge;
  gate.description =
      "Reads the active IP Address Access Control rules (`ip_access`; columns named after the "
      "form's labels Type, Direction, Range Start, Range End, Active and verified live, their "
      "values taken as the labels Allow / Deny / Outbound in lower case; a rule of any other type "
      "is a warning naming it). Passes when no active Deny "
      "rule applies to inbound traffic (or the table does not exist); warns otherwise, naming "
      "the ranges, because sncheck does not know the external system's address. The Global "
      "Blocking Policy is not read (its tables are not documented); the message says so.";
  return gate;
}

}  // namespace sncheck::bearer
