// SPDX-License-Identifier: Apache-2.0
// Path-based ACLs (Australia): REST_Endpoint ACLs whose operation is an HTTP method and whose
// Resource Path names the resource; evaluated for every request to that path, authenticated or
// not, and all that apply must pass
// (rae/add-a-path-based-acl-for-a-scripted-rest-api.md l.27, l.36, l.44-58). The column behind
// "Resource Path" is not documented; sncheck reads it as the ACL's name (REST_Endpoint ACL names
// are paths), and an ACL whose name is no /api/ path is a warning.

#include <fmt/format.h>

#include "core/strings.h"
#include "evaluate/evaluators/oauth/bearer_acl.h"
#include "query/rest_path.h"

namespace sncheck::bearer {
namespace {

Match applies(const Record& acl, const Target& target, std::string* why) {
  const std::string path = std::string(trim(field_or_empty(acl, "name")));
  if (!starts_with(path, "/api/")) {
    *why = fmt::format("its resource path ('{}', its name) is not an /api/ path", path);
    return Match::Unknown;
  }
  if (path.find('*') != std::string::npos) {
    const std::string prefix = path.substr(0, path.find('*'));
    if (!starts_with(target.path, prefix)) return Match::No;
    *why =
        fmt::format("its resource path {} has a wildcard, whose meaning is not documented", path);
    return Match::Unknown;
  }
  if (path != field_or_empty(*target.resource, "operation_uri") &&
      !path_template_matches(path, target.path)) {
    return Match::No;
  }
  std::string method = field_or_empty(acl, "operation.name");
  if (method.empty()) method = field_or_empty(acl, "operation");
  if (lower(method) == lower(target.method)) return Match::Yes;
  for (const char* known : {"get", "post", "put", "patch", "delete", "head", "options"}) {
    if (lower(method) == known) return Match::No;
  }
  *why = fmt::format("its operation '{}' is not an HTTP method sncheck knows", method);
  return Match::Unknown;
}

Link judge(const Context& ctx, const Target& target) {
  for (const char* name : {"path_acls", "path_acl_roles"}) {
    if (ctx.read(name).error != nullptr) return read_failure(ctx.read(name));
  }
  std::vector<const Record*> applying;
  for (const Record* acl : ctx.read("path_acls").rows) {
    Flag active = flag(*acl, "active");
    if (active == Flag::No) continue;
    std::string why;
    Match match = applies(*acl, target, &why);
    if (match == Match::No) continue;
    if (match == Match::Unknown || active == Flag::Unknown) {
      Link link = Link::unknown(
          403,
          fmt::format("Path-based ACL '{}' may guard this call, but {}.",
                      field_or_empty(*acl, "name"),
                      active == Flag::Unknown ? "its Active flag is not a boolean" : why),
          "Open the ACL (type REST Endpoint) and check its Resource Path and Operation against "
          "the call.");
      link.evidence.push_back(ctx.evidence("path_acls", *acl, "name", "path-based ACL"));
      return link;
    }
    applying.push_back(acl);
  }
  if (applying.empty()) {
    return Link::pass(fmt::format("No path-based ACL names {} {}.", target.method, target.path));
  }
  const Roles& roles = ctx.roles(target);
  if (roles.failed != nullptr && !target.is_public()) return read_failure(*roles.failed);
  return judge_acls(ctx, target, applying, "path_acls", "path_acl_roles", true,
                    "the path-based ACLs");
}

}  // namespace

Gate path_acl_gate() {
  Gate gate;
  gate.name = "path_acl";
  gate.since = "australia";
  gate.public_too = true;
  gate.reads = {"path_acls", "path_acl_roles", "grants"};
  gate.columns = {{"sys_user_has_role", "state", {}}};
  gate.judge = judge;
  gate.description =
      "From Australia on: finds the active REST_Endpoint ACLs whose operation is not `execute` "
      "(path-based ACLs: operation = the HTTP method) whose Resource Path names the call (read "
      "as the ACL's `name`, the operation's Resource path template or the path itself; the "
      "column is not documented) and whose method is the call's. Every one that applies must "
      "pass, judged as `oauth.api.acl` judges an ACL; they apply to resources that require no "
      "authentication too. An ACL whose path or method sncheck cannot read is a warning. "
      "Skipped before Australia, which has no path-based ACLs.";
  return gate;
}

}  // namespace sncheck::bearer
