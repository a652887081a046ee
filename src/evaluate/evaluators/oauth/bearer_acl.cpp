// SPDX-License-Identifier: Apache-2.0
#include "evaluate/evaluators/oauth/bearer_acl.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"

namespace sncheck::bearer {
namespace {

// Security attributes sdk-core names (src/app/Acl.ts l.52-55).
constexpr const char* kUserIsAuthenticated = "239bdf0c47d23110ba46ff58936d4330";
constexpr const char* kHasAdminRole = "8637f144b732111074f706dd1e11a981";

std::vector<std::string> roles_of(const Context& ctx, const Record& acl,
                                  const std::string& roles_read) {
  std::vector<std::string> roles;
  for (const Record* row : ctx.read(roles_read).rows) {
    if (field_or_empty(*row, "sys_security_acl") == field_or_empty(acl, "sys_id")) {
      roles.push_back(field_or_empty(*row, "sys_user_role.name"));
    }
  }
  return roles;
}

AclVerdict verdict(Match passes, std::string why) { return AclVerdict{passes, std::move(why)}; }

}  // namespace

AclVerdict judge_acl(const Context& ctx, const Target& target, const Record& acl,
                     const std::string& roles_read) {
  const Roles& user = ctx.roles(target);
  std::vector<std::string> needed = roles_of(ctx, acl, roles_read);
  const bool nobody = std::find(needed.begin(), needed.end(), "nobody") != needed.end();
  if (nobody)
    return verdict(Match::No, "requires role nobody, which no user passes, not even admin");
  Flag overrides = flag(acl, "admin_overrides");
  if (user.admin() && overrides == Flag::Yes) {
    return verdict(Match::Yes, fmt::format("{} is admin, and the ACL lets admins override it",
                                           target.user_name));
  }
  if (!needed.empty() && !user.admin()) {
    bool held = std::any_of(needed.begin(), needed.end(),
                            [&](const std::string& role) { return user.has(role); });
    if (!held) {
      return verdict(Match::No, fmt::format("requires role {} which {} lacks",
                                            fmt::join(needed, " or "), target.user_name));
    }
  }
  std::vector<std::string> opaque;
  if (user.admin() && overrides == Flag::Unknown) {
    opaque.push_back(
        fmt::format("its Admin overrides reads '{}'", field_or_empty(acl, "admin_overrides")));
  }
  const std::string attribute = field_or_empty(acl, "security_attribute");
  if (attribute == kHasAdminRole && !user.admin()) {
    return verdict(Match::No, fmt::format("requires the has_admin_role security attribute, which "
                                          "{} lacks",
                                          target.user_name));
  }
  if (!attribute.empty() && attribute != kUserIsAuthenticated && attribute != kHasAdminRole) {
    opaque.push_back(fmt::format("a security attribute ({})", attribute));
  }
  if (!trim(field_or_empty(acl, "condition")).empty()) opaque.push_back("a condition");
  if (!trim(field_or_empty(acl, "script")).empty()) opaque.push_back("a script");
  if (!opaque.empty()) {
    return verdict(
        Match::Unknown,
        fmt::format("has {} sncheck cannot evaluate{}", fmt::join(opaque, " and "),
                    needed.empty() ? std::string()
                                   : fmt::format(" (its roles {} hold)", fmt::join(needed, ", "))));
  }
  if (needed.empty()) return verdict(Match::Yes, "requires no role");
  return verdict(
      Match::Yes,
      user.admin() ? fmt::format("{} is admin, which passes every role check", target.user_name)
                   : fmt::format("{} holds role {}", target.user_name, fmt::join(needed, " or ")));
}

Link judge_acls(const Context& ctx, const Target& target, const std::vector<const Record*>& acls,
                const std::string& acls_read, const std::string& roles_read, bool all_must_pass,
                const std::string& subject) {
  struct Judged {
    const Record* acl;
    AclVerdict verdict;
    bool deny_unless;
  };
  std::vector<Judged> judged;
  for (const Record* acl : acls) {
    const std::string decision = field_or_empty(*acl, "decision_type");
    Judged entry{acl, judge_acl(ctx, target, *acl, roles_read), decision == "deny"};
    if (!decision.empty() && decision != "allow" && decision != "deny") {
      entry.verdict = verdict(
          Match::Unknown, fmt::format("has decision type '{}', neither allow nor deny", decision));
    }
    judged.push_back(std::move(entry));
  }
  auto name = [](const Judged& j) { return field_or_empty(*j.acl, "name"); };
  const Judged* refusing = nullptr;
  std::vector<const Judged*> unknown;
  const Judged* admitting = nullptr;
  bool any_allow = false;
  for (const Judged& j : judged) {
    bool required = j.deny_unless || all_must_pass;
    if (!j.deny_unless) any_allow = true;
    if (j.verdict.passes == Match::No && required && refusing == nullptr) refusing = &j;
    if (j.verdict.passes == Match::Unknown) unknown.push_back(&j);
    if (j.verdict.passes == Match::Yes && !j.deny_unless && admitting == nullptr) admitting = &j;
  }
  if (refusing == nullptr && !all_must_pass && any_allow && admitting == nullptr &&
      unknown.empty()) {
    for (const Judged& j : judged) {
      if (!j.deny_unless) {
        refusing = &j;
        break;
      }
    }
  }
  auto evidence = [&](Link& link) {
    for (const Judged& j : judged) {
      link.evidence.push_back(ctx.evidence(acls_read, *j.acl, "name", j.verdict.why));
    }
  };
  if (refusing != nullptr) {
    Link link = Link::refuse(
        403,
        fmt::format("the {}ACL '{}' {}: 403 \"User Not Authorized\" (Failed API level ACL "
                    "Validation).",
                    refusing->deny_unless ? "Deny-Unless " : "", name(*refusing),
                    refusing->verdict.why),
        fmt::format("Grant {} (the entry's OAuth Application User) what the ACL requires (User "
                    "Administration > Users > Roles), or change the ACL ({}) if the integration "
                    "should not need it.",
                    target.user_name, ctx.link(acls_read, *refusing->acl)));
    evidence(link);
    return link;
  }
  bool unknown_matters =
      !unknown.empty() &&
      (all_must_pass || admitting == nullptr ||
       std::any_of(unknown.begin(), unknown.end(), [](const Judged* j) { return j->deny_unless; }));
  if (unknown_matters) {
    std::vector<std::string> what;
    for (const Judged* j : unknown)
      what.push_back(fmt::format("'{}' {}", name(*j), j->verdict.why));
    Link link = Link::unknown(
        403,
        fmt::format("{} cannot be judged: ACL {}. The call gets 403 \"User Not Authorized\" if "
                    "{} refuses.",
                    subject, fmt::join(what, "; ACL "), unknown.size() == 1 ? "it" : "one"),
        fmt::format("Read the ACL's {} ({}) as {} would meet it, or run sncheck with --probe to "
                    "let a live call settle it.",
                    unknown.front()->verdict.why.find("script") != std::string::npos ? "script"
                                                                                     : "condition",
                    ctx.link(acls_read, *unknown.front()->acl), target.user_name));
    evidence(link);
    return link;
  }
  Link link = Link::pass(
      admitting != nullptr
          ? fmt::format("REST_Endpoint ACL '{}' admits {} ({}).", name(*admitting),
                        target.user_name, admitting->verdict.why)
          : fmt::format("Every Deny-Unless ACL of {} lets {} through.", subject, target.user_name));
  evidence(link);
  return link;
}

}  // namespace sncheck::bearer
