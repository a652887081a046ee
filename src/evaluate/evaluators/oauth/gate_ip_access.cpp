// SPDX-License-Identifier: Apache-2.0
// IP Address Access Control (ip_access): an address is blocked only when a matching Deny rule
// exists and no matching Allow rule does (platform-security/authentication/t_AccessControl.md
// l.17, l.47-106). With --caller-ip the address is judged against every active inbound rule;
// without it sncheck does not know the address the external system calls from, so active inbound
// Deny rules are a warning naming their ranges. The Global Blocking Policy
// (configure-global-blocking-policy-apis.md l.17-41) keeps its conditions in tables the docs do
// not name: the message says it is not read.

#include <fmt/format.h>

#include "core/ip_address.h"
#include "core/strings.h"
#include "evaluate/evaluators/oauth/bearer_rules.h"

namespace sncheck::bearer {
namespace {

constexpr const char* kBlindSpot =
    " The Global Blocking Policy (System Web Services > API Access Policies) can also refuse "
    "callers; sncheck does not read its conditions.";

// The rules' ranges as addresses; a rule whose range is not two addresses of one family is
// reported, never guessed to match or not.
struct Range {
  const Record* rule = nullptr;
  std::string text;
  std::optional<IpAddress> start;
  std::optional<IpAddress> end;
  bool readable() const { return start && end && start->v6 == end->v6; }
};

Range range_of(const Record& rule) {
  Range range;
  range.rule = &rule;
  range.text =
      fmt::format("{}-{}", field_or_empty(rule, "range_start"), field_or_empty(rule, "range_end"));
  range.start = parse_ip_address(field_or_empty(rule, "range_start"));
  range.end = parse_ip_address(field_or_empty(rule, "range_end"));
  return range;
}

// The rule that decides for a known caller: blocked only when a Deny rule matches and no Allow
// rule does (t_AccessControl.md l.17).
Link judge_caller(const Context& ctx, const std::string& caller_text, const IpAddress& caller,
                  const std::vector<Range>& denies, const std::vector<Range>& allows,
                  const std::vector<std::string>& odd) {
  Link link;
  std::vector<std::string> unreadable = odd;
  const Range* denied = nullptr;
  const Range* allowed = nullptr;
  for (const Range& range : denies) {
    if (!range.readable()) unreadable.push_back(range.text);
    if (!denied && range.readable() && in_range(caller, *range.start, *range.end)) denied = &range;
  }
  for (const Range& range : allows) {
    if (!range.readable()) unreadable.push_back(range.text);
    if (!allowed && range.readable() && in_range(caller, *range.start, *range.end)) {
      allowed = &range;
    }
  }
  if (denied && allowed) {
    link.evidence.push_back(ctx.evidence("ip_rules", *allowed->rule, "type", allowed->text));
    link.message = fmt::format("{} is in the denied range {} and the Allow rule {} covers it.{}",
                               caller_text, denied->text, allowed->text, kBlindSpot);
    return link;
  }
  if (denied && unreadable.empty()) {
    link.evidence.push_back(ctx.evidence("ip_rules", *denied->rule, "type", denied->text));
    link.status = Status::Fail;
    link.http = 403;
    link.message = fmt::format(
        "{} is in the denied range {} and no active Allow rule covers it: the instance refuses "
        "it before authentication (the status of such a refusal is not documented).{}",
        caller_text, denied->text, kBlindSpot);
    link.remediation = fmt::format(
        "Add an Allow rule for {} in System Security > IP Address Access Control, or call from "
        "an allowed address.",
        caller_text);
    return link;
  }
  if (!unreadable.empty()) {
    link.status = Status::Warn;
    link.http = 403;
    link.message =
        fmt::format("{} {}; sncheck cannot compare it with these rules: {}.{}", caller_text,
                    denied ? "is in the denied range " + denied->text
                           : std::string("is in no denied range sncheck can read"),
                    fmt::join(unreadable, ", "), kBlindSpot);
    link.remediation =
        "Check these rules' ranges in System Security > IP Address Access Control (each a "
        "start and end address of one family).";
    return link;
  }
  link.message = fmt::format("{} is in no denied range.{}", caller_text, kBlindSpot);
  return link;
}

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
  std::vector<Range> denies;
  std::vector<Range> allows;
  Link link;
  for (const Record* rule : rules.rows) {
    if (flag(*rule, "active") != Flag::Yes) continue;
    const std::string type = lower(field_or_empty(*rule, "type"));
    const std::string direction = lower(field_or_empty(*rule, "direction"));
    if (type == deny && direction == outbound) continue;
    if (type == allow) {
      allows.push_back(range_of(*rule));
      continue;
    }
    Range range = range_of(*rule);
    if (type == deny) {
      ranges.push_back(range.text);
      denies.push_back(range);
    } else {
      odd.push_back(fmt::format("{} (type '{}')", range.text, type));
    }
    link.evidence.push_back(ctx.evidence("ip_rules", *rule, "type", range.text));
  }
  const std::string& caller_text = ctx.param("caller_ip");
  if (!caller_text.empty()) {
    if (std::optional<IpAddress> caller = parse_ip_address(caller_text)) {
      return judge_caller(ctx, caller_text, *caller, denies, allows, odd);
    }
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
      "address the external system calls from (give it with --caller-ip; the status of such "
      "a refusal is not documented).{}",
      ranges.empty() ? std::string("no range sncheck can read")
                     : fmt::format("{}", fmt::join(ranges, ", ")),
      odd.empty() ? std::string()
                  : fmt::format("; rules of unknown type: {}", fmt::join(odd, ", ")),
      kBlindSpot);
  link.remediation =
      "Give the external system's address with --caller-ip to have it judged, or check it "
      "against System Security > IP Address Access Control and add an Allow rule for it if it "
      "falls in a Deny range.";
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
      "rule applies to inbound traffic (or the table does not exist). With `--caller-ip` the "
      "address is judged: it fails when a Deny rule covers it and no Allow rule does, and warns "
      "when a rule's range is not two addresses of one family; without it, active Deny rules "
      "are a warning naming the ranges, because sncheck does not know the external system's "
      "address. The Global "
      "Blocking Policy is not read (its tables are not documented); the message says so.";
  return gate;
}

}  // namespace sncheck::bearer
