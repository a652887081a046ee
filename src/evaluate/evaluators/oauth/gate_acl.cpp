// SPDX-License-Identifier: Apache-2.0
// The resource's REST_Endpoint ACLs: with Requires ACL authorization, the user must satisfy one of
// the ACLs the resource selects, else those of its API (rae/t_WbSvcRqACL.md l.33-35,
// rae/t_WbSvcOpRqACL.md l.25, l.37-45); Deny-Unless ACLs are evaluated first and must pass.

#include <map>

#include <fmt/format.h>

#include "core/strings.h"
#include "evaluate/evaluators/oauth/bearer_acl.h"

namespace sncheck::bearer {
namespace {

Link judge(const Context& ctx, const Target& target) {
  Flag required = flag(*target.resource, "requires_acl_authorization");
  if (required == Flag::No) return Link::pass("The resource does not require ACL authorization.");
  if (required == Flag::Unknown) {
    return Link::unknown(
        403,
        fmt::format("Requires ACL authorization reads '{}', not a boolean.",
                    field_or_empty(*target.resource, "requires_acl_authorization")),
        "Open the resource and look at Requires ACL authorization.");
  }
  for (const char* name : {"acls", "acl_roles"}) {
    if (ctx.read(name).error != nullptr) return read_failure(ctx.read(name));
  }
  const Roles& roles = ctx.roles(target);
  if (roles.failed != nullptr) return read_failure(*roles.failed);
  std::vector<std::string> ids = split_list(field_or_empty(*target.resource, "enforce_acl"));
  const bool own = !ids.empty();
  if (!own) ids = split_list(target.api("enforce_acl"));
  std::map<std::string, const Record*> by_id;
  for (const Record* row : ctx.read("acls").rows) by_id[field_or_empty(*row, "sys_id")] = row;
  std::vector<const Record*> active;
  for (const std::string& id : ids) {
    auto found = by_id.find(id);
    if (found == by_id.end()) {
      return Link::unknown(
          403,
          fmt::format("The {} names ACL {}, which sncheck cannot read as a REST_Endpoint ACL "
                      "(hidden from the reading account, deleted, or of another type).",
                      own ? "resource" : "API", id),
          "Open the resource's ACL list (Security tab) and check the ACL exists; give the reading "
          "account read access to sys_security_acl.");
    }
    const Record& acl = *found->second;
    Flag on = flag(acl, "active");
    if (on == Flag::No) continue;
    if (on == Flag::Unknown || field_or_empty(acl, "type") != "REST_Endpoint") {
      return Link::unknown(
          403,
          fmt::format(
              "ACL '{}' of the {} is {}: sncheck cannot tell how the platform treats it.",
              field_or_empty(acl, "name"), own ? "resource" : "API",
              on == Flag::Unknown ? "neither active nor inactive" : "not a REST_Endpoint ACL"),
          "Select only REST_Endpoint ACLs for a Scripted REST resource.");
    }
    active.push_back(&acl);
  }
  if (active.empty()) {
    return Link::pass(fmt::format("No active REST_Endpoint ACL guards the resource ({} ACL list).",
                                  own ? "its own" : "its API's"));
  }
  return judge_acls(ctx, target, active, "acls", "acl_roles", false,
                    fmt::format("the {}'s ACLs", own ? "resource" : "API"));
}

}  // namespace

Gate acl_gate() {
  Gate gate;
  gate.name = "acl";
  gate.reads = {"acls", "acl_roles", "grants"};
  gate.columns = {{"sys_user_has_role", "state", {}}};
  gate.judge = judge;
  gate.description =
      "When the resource has `requires_acl_authorization`, takes its ACL list (`enforce_acl`), "
      "else its API's (Default ACLs), and judges each active REST_Endpoint ACL for the entry's "
      "OAuth Application User: a `nobody` role stops everyone, admin passes when Admin "
      "overrides (`admin_overrides`) is set and passes every role check otherwise, a role list "
      "is any-of (`sys_user_has_role`, state active, inherited grants included), and a "
      "condition, script or security attribute sncheck cannot evaluate makes the result a "
      "warning naming the ACL. Deny-Unless ACLs (`decision_type` deny) are judged first and "
      "must pass; then one Allow-If ACL must. Fails with 403 \"User Not Authorized\" (\"Failed "
      "API level ACL Validation\"). The ACLs and their roles are read in the second wave, keyed "
      "on the ACL lists of the resources found.";
  return gate;
}

}  // namespace sncheck::bearer
