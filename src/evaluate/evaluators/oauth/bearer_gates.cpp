// The gates the platform applies to a Bearer call of a Scripted REST resource.

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "core/strings.h"
#include "evaluate/evaluators/oauth/bearer_chain.h"

namespace sncheck::bearer {

// ---- the gates ---------------------------------------------------------------------------------

bool policy_covers(const Record& policy, const Target& target) {
  if (is_true(policy, "apply_global")) return true;
  if (field_or_empty(policy, "api") != field_or_empty(*target.api, "sys_id")) return false;
  const std::string method = field_or_empty(policy, "http_method");
  return is_true(policy, "apply_all_methods") || method.empty() || method == target.method;
}

// Whether any authentication profile mapped to the policy is an OAuth one (std_http_auth.type).
bool policy_admits_oauth(const Context& ctx, const Record& policy, std::string* schemes) {
  std::map<std::string, std::string> type_of_profile;
  for (const Record* row : ctx.read("auth_profiles").rows) {
    type_of_profile[field_or_empty(*row, "sys_id")] = field_or_empty(*row, "type");
  }
  bool admits = false;
  for (const Record* mapping : ctx.read("policy_profiles").rows) {
    if (field_or_empty(*mapping, "api_access_policy") != field_or_empty(policy, "sys_id")) {
      continue;
    }
    const std::string profile = field_or_empty(*mapping, "inbound_auth_profile");
    std::string type = type_of_profile.count(profile) ? type_of_profile[profile] : "";
    if (!schemes->empty()) *schemes += ", ";
    *schemes += fmt::format("{} ({})", field_or_empty(*mapping, "inbound_auth_profile.name"),
                            type.empty() ? "type unknown" : type);
    if (lower(type).find("oauth") != std::string::npos) admits = true;
  }
  return admits;
}

bool absent_table(const ReadInput& read) {
  return read.error != nullptr && read.error->kind == FetchErrorKind::InvalidTable;
}

Link access_policy(const Context& ctx, const Target& target) {
  const ReadInput& policies = ctx.read("policies");
  Link link;
  if (absent_table(policies)) {
    link.message =
        "No REST API Access Policy table (plugin com.glide.rest.policy not installed): "
        "no policy restricts the API.";
    return link;
  }
  for (const char* name : {"policies", "policy_profiles", "auth_profiles"}) {
    if (ctx.read(name).error != nullptr && !absent_table(ctx.read(name))) {
      return read_failure(ctx.read(name));
    }
  }
  int covering = 0;
  for (const Record* policy : policies.rows) {
    if (!policy_covers(*policy, target)) continue;
    ++covering;
    std::string schemes;
    if (policy_admits_oauth(ctx, *policy, &schemes)) continue;
    link.status = Status::Fail;
    link.http = 401;
    link.message = fmt::format(
        "REST API Access Policy '{}' applies to this API and admits only {}: a Bearer token is "
        "refused with 401 and WWW-Authenticate.",
        field_or_empty(*policy, "name"), schemes.empty() ? "no profile" : schemes);
    link.evidence.push_back(ctx.evidence("policies", *policy, "active", "the policy"));
    link.remediation = fmt::format(
        "Open the policy ({}) and add an OAuth authentication profile (System Web Services > "
        "API Access Policies > Inbound Authentication Profiles), or deactivate the policy.",
        link.evidence.back().link);
    return link;
  }
  link.message = covering == 0
                     ? std::string("No active REST API Access Policy applies to this API.")
                     : fmt::format("{} access {}, admitting OAuth.", covering,
                                   covering == 1 ? "policy applies" : "policies apply, each");
  return link;
}

Link authentication(const Context& ctx, const Target& target) {
  Link link;
  if (is_true(*target.resource, "requires_authentication")) {
    link.message = "The resource requires authentication: the token is checked.";
    return link;
  }
  link.status = Status::Warn;
  link.stops = true;
  link.message = fmt::format(
      "Resource '{}' requires no authentication: anyone, with or without a token, gets 200.",
      field_or_empty(*target.resource, "name"));
  link.evidence.push_back(
      ctx.evidence("resources", *target.resource, "requires_authentication", "the resource"));
  link.remediation = fmt::format(
      "Unless the resource is meant to be public, open it ({}) and tick Requires authentication "
      "(Security tab).",
      link.evidence.back().link);
  return link;
}

bool scope_applies(const Record& scope, const Target& target) {
  if (field_or_empty(scope, "api") != field_or_empty(*target.api, "sys_id")) return false;
  const std::string method = field_or_empty(scope, "http_method");
  return is_true(scope, "apply_all_methods") || method.empty() || method == target.method;
}

Link auth_scope(const Context& ctx, const Target& target) {
  Link link;
  const ReadInput& property = ctx.read("scope_check_property");
  if (property.error != nullptr) return read_failure(property);
  if (!property.rows.empty() && field_or_empty(*property.rows.front(), "value") == "false") {
    link.message =
        "com.glide.rest.api.auth.scope.check.enable is false: REST auth scopes are "
        "not checked.";
    return link;
  }
  const ReadInput& scopes = ctx.read("api_scopes");
  if (absent_table(scopes)) {
    link.message =
        "No REST API Auth Scope table (plugin com.glide.rest.auth.scope not "
        "installed): any valid token may call the API.";
    return link;
  }
  for (const char* name : {"api_scopes", "entity_scopes"}) {
    if (ctx.read(name).error != nullptr) return read_failure(ctx.read(name));
  }
  std::set<std::string> granted;
  for (const Record* row : ctx.read("entity_scopes").rows) {
    if (field_or_empty(*row, "oauth_entity") == field_or_empty(*target.entry, "sys_id")) {
      granted.insert(field_or_empty(*row, "auth_scope.name"));
    }
  }
  std::vector<const Record*> required;
  for (const Record* row : scopes.rows) {
    if (scope_applies(*row, target)) required.push_back(row);
  }
  if (required.empty()) {
    link.message = "No REST API Auth Scope is linked to this API: any valid token may call it.";
    return link;
  }
  for (const Record* row : required) {
    const std::string name = field_or_empty(*row, "auth_scope.name");
    if (granted.count(name) != 0 || granted.count("useraccount") != 0) {
      link.message = fmt::format("The API requires auth scope {}; the client has {}.", name,
                                 granted.count(name) ? name : std::string("useraccount"));
      link.evidence.push_back(ctx.evidence("api_scopes", *row, "auth_scope", "required scope"));
      return link;
    }
  }
  const std::string name = field_or_empty(*required.front(), "auth_scope.name");
  link.status = Status::Fail;
  link.http = 403;
  link.message = fmt::format(
      "The API requires auth scope {}, which client '{}' lacks (its scopes: {}): 403 \"Missing "
      "required api access scope\".",
      name, field_or_empty(*target.entry, "name"),
      granted.empty() ? std::string("none") : fmt::format("{}", fmt::join(granted, ", ")));
  for (const Record* row : required) {
    link.evidence.push_back(ctx.evidence("api_scopes", *row, "auth_scope", "required scope"));
  }
  link.remediation = fmt::format(
      "Open the registry entry ({}) and add auth scope {} in its Auth Scopes related list.",
      ctx.inputs().record_link("oauth_entity", field_or_empty(*target.entry, "sys_id")), name);
  return link;
}

// The REST_Endpoint ACLs that guard the resource: its own enforce_acl, else the API's default.
std::vector<std::string> enforced_acls(const Target& target) {
  std::vector<std::string> acls = split_list(field_or_empty(*target.resource, "enforce_acl"));
  if (acls.empty()) acls = split_list(field_or_empty(*target.api, "enforce_acl"));
  return acls;
}

std::vector<std::string> roles_of_acl(const Context& ctx, const std::string& acl) {
  std::vector<std::string> roles;
  for (const Record* row : ctx.read("acl_roles").rows) {
    if (field_or_empty(*row, "sys_security_acl") == acl) {
      roles.push_back(field_or_empty(*row, "sys_user_role.name"));
    }
  }
  return roles;
}

Link acl(const Context& ctx, const Target& target) {
  Link link;
  if (!is_true(*target.resource, "requires_acl_authorization")) {
    link.message = "The resource does not require ACL authorization.";
    return link;
  }
  for (const char* name : {"acls", "acl_roles", "grants"}) {
    if (ctx.read(name).error != nullptr) return read_failure(ctx.read(name));
  }
  std::map<std::string, const Record*> acl_rows;
  for (const Record* row : ctx.read("acls").rows) acl_rows[field_or_empty(*row, "sys_id")] = row;
  std::set<std::string> roles = user_roles(ctx, target.user_sys_id);
  std::vector<std::pair<const Record*, std::vector<std::string>>> refusing;
  for (const std::string& id : enforced_acls(target)) {
    auto found = acl_rows.find(id);
    if (found == acl_rows.end() || !is_true(*found->second, "active")) continue;
    std::vector<std::string> needed = roles_of_acl(ctx, id);
    bool passes = needed.empty() || std::any_of(needed.begin(), needed.end(),
                                                [&](auto& role) { return roles.count(role) != 0; });
    if (passes) {
      link.message =
          fmt::format("REST_Endpoint ACL '{}' admits {}{}.", field_or_empty(*found->second, "name"),
                      target.user_name,
                      needed.empty() ? std::string(" (it requires no role)")
                                     : fmt::format(" (role {})", fmt::join(needed, ", ")));
      link.evidence.push_back(ctx.evidence("acls", *found->second, "name", "the ACL"));
      return link;
    }
    refusing.emplace_back(found->second, std::move(needed));
  }
  if (refusing.empty()) {
    link.message = "No active REST_Endpoint ACL guards the resource.";
    return link;
  }
  const auto& [first, needed] = refusing.front();
  link.status = Status::Fail;
  link.http = 403;
  link.message = fmt::format(
      "the ACL '{}' requires role {} which {} lacks: 403 \"User Not Authorized\" (Failed API "
      "level ACL Validation).",
      field_or_empty(*first, "name"), fmt::join(needed, " or "), target.user_name);
  for (const auto& [row, roles_needed] : refusing) {
    link.evidence.push_back(ctx.evidence(
        "acls", *row, "name", fmt::format("requires role {}", fmt::join(roles_needed, " or "))));
  }
  link.remediation = fmt::format(
      "Grant {} (the entry's OAuth Application User) role {} (User Administration > Users > "
      "Roles), or change the ACL ({}) if the integration should not need it.",
      target.user_name, needed.front(), link.evidence.front().link);
  return link;
}

Link internal_role(const Context& ctx, const Target& target) {
  Link link;
  if (!is_true(*target.resource, "requires_snc_internal_role")) {
    link.message = "The resource does not require the snc_internal role.";
    return link;
  }
  const ReadInput& plugin = ctx.read("explicit_roles");
  if (plugin.error != nullptr) return read_failure(plugin);
  bool active = std::any_of(plugin.rows.begin(), plugin.rows.end(), [](const Record* row) {
    return field_or_empty(*row, "source") == "com.glide.explicit_roles" &&
           (is_true(*row, "active") || field_or_empty(*row, "active") == "1");
  });
  if (!active) {
    link.message =
        "requires_snc_internal_role is set, but plugin com.glide.explicit_roles is not "
        "active: it has no effect.";
    return link;
  }
  if (ctx.read("grants").error != nullptr) return read_failure(ctx.read("grants"));
  if (user_roles(ctx, target.user_sys_id).count("snc_internal") != 0) {
    link.message =
        fmt::format("{} has snc_internal, which the resource requires.", target.user_name);
    return link;
  }
  link.status = Status::Fail;
  link.http = 403;
  link.message = fmt::format(
      "the resource requires role snc_internal (Explicit Roles is active) which {} lacks: 403.",
      target.user_name);
  link.evidence.push_back(
      ctx.evidence("resources", *target.resource, "requires_snc_internal_role", "the resource"));
  link.remediation = fmt::format(
      "Grant {} role snc_internal, or untick Requires SNC internal role on the resource ({}).",
      target.user_name, link.evidence.back().link);
  return link;
}

}  // namespace sncheck::bearer
