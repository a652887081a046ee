// SPDX-License-Identifier: Apache-2.0
// REST API Auth Scopes: once a REST API Auth Scope covers a call, only OAuth entities holding its
// scope may make it (rest-api-auth-scope.md l.19-32); scopes are additive, one match suffices
// (rest-api-scope-troubleshooting.md l.79-81; configure-rest-api-auth-scope.md l.152-166), and
// useraccount reaches every API, matched by sys_id (rest-api-auth_scope-properties.md l.43-49).

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_rules.h"

namespace sncheck::bearer {
namespace {

Link judge(const Context& ctx, const Target& target) {
  const ReadInput& properties = ctx.read("scope_properties");
  if (properties.error != nullptr) return read_failure(properties);
  for (const Record* row : properties.rows) {
    if (field_or_empty(*row, "name") == "com.glide.rest.api.auth.scope.check.enable" &&
        field_or_empty(*row, "value") == "false") {
      return Link::pass(
          "com.glide.rest.api.auth.scope.check.enable is false: REST API Auth Scopes are not "
          "checked.");
    }
  }
  ScopeRules rules = scope_rules(ctx, target);
  if (rules.failed != nullptr) return read_failure(*rules.failed);
  if (rules.no_table) {
    return Link::pass(
        "No REST API Auth Scope table (plugin com.glide.rest.auth.scope not installed): any valid "
        "token may call the API.");
  }
  if (rules.covering.empty() && rules.unknown.empty()) {
    return Link::pass(fmt::format(
        "No REST API Auth Scope covers {} {} (method, version and resource considered): any "
        "valid token may call it.",
        target.method, target.path));
  }
  EntryScopes scopes = entry_scopes(ctx, target, "entity_scopes");
  if (scopes.failed != nullptr) return read_failure(*scopes.failed);
  const std::string entry = field_or_empty(*target.entry, "name");
  if (scopes.useraccount) {
    return Link::pass(fmt::format("Entry '{}' holds {}, which reaches every API.", entry,
                                  scopes.useraccount_how));
  }
  std::vector<std::string> needed;
  for (const Record* rule : rules.covering) {
    const std::string name = field_or_empty(*rule, "auth_scope.name");
    if (scopes.ids.count(field_or_empty(*rule, "auth_scope")) != 0) {
      Link link =
          Link::pass(fmt::format("REST API Auth Scope '{}' requires scope {}, which "
                                 "entry '{}' holds.",
                                 field_or_empty(*rule, "name"), name, entry));
      link.evidence.push_back(ctx.evidence("api_scopes", *rule, "auth_scope", "required scope"));
      return link;
    }
    needed.push_back(name);
  }
  const std::string held =
      scopes.names.empty() ? std::string("none") : fmt::format("{}", fmt::join(scopes.names, ", "));
  // A record sncheck cannot match decides only when its scope is one the entry holds (it may
  // admit the call) or when nothing else covers the call (it may refuse it).
  bool unknown_held = false;
  bool unknown_missing = false;
  for (const Record* rule : rules.unknown) {
    (scopes.ids.count(field_or_empty(*rule, "auth_scope")) != 0 ? unknown_held : unknown_missing) =
        true;
  }
  if (rules.covering.empty() && !unknown_missing) {
    return Link::pass(fmt::format(
        "Entry '{}' holds the scope of every REST API Auth Scope that may cover this call.",
        entry));
  }
  if (unknown_held || rules.covering.empty()) {
    Link link = Link::unknown(
        403,
        fmt::format("sncheck cannot match {} REST API Auth Scope record(s) to this call (their "
                    "version, resource or path is a value it does not know); entry '{}' holds "
                    "{}.",
                    rules.unknown.size(), entry, held),
        "Check the REST API Auth Scopes of this API (System OAuth > REST API Auth Scope) against "
        "the entry's Auth Scopes.");
    for (const Record* rule : rules.unknown) {
      link.evidence.push_back(ctx.evidence("api_scopes", *rule, "api_resource", "unmatched rule"));
    }
    return link;
  }
  Link link = Link::refuse(
      403,
      fmt::format("The call needs auth scope {}, which entry '{}' lacks (its scopes: {}): 403 "
                  "\"Missing required api access scope\".",
                  fmt::join(needed, " or "), entry, held),
      fmt::format("Open the registry entry ({}) and add auth scope {} in its Auth Scopes related "
                  "list.",
                  ctx.inputs().record_link("oauth_entity", field_or_empty(*target.entry, "sys_id")),
                  needed.front()));
  for (const Record* rule : rules.covering) {
    link.evidence.push_back(ctx.evidence("api_scopes", *rule, "auth_scope", "required scope"));
  }
  return link;
}

}  // namespace

Gate auth_scope_gate() {
  Gate gate;
  gate.name = "auth_scope";
  gate.reads = {"scope_properties", "api_scopes", "entity_scopes"};
  gate.columns = {{"sys_api_access_scope", "active", {}},
                  {"sys_api_access_scope", "api_path", {}},
                  {"sys_api_access_scope", "http_method", {}},
                  {"sys_api_access_scope", "version", {}},
                  {"sys_api_access_scope", "api_resource", {}},
                  {"sys_api_access_scope", "apply_all_methods", {}},
                  {"sys_api_access_scope", "apply_all_versions", {}},
                  {"sys_api_access_scope", "apply_all_resources", {}},
                  {"sys_api_access_scope", "auth_scope", {}},
                  {"oauth_entity_auth_scope_mapping", "oauth_entity", {}},
                  {"oauth_entity_auth_scope_mapping", "auth_scope", {}}};
  gate.judge = judge;
  gate.description =
      "Unless `com.glide.rest.api.auth.scope.check.enable` is false, finds the active REST API "
      "Auth Scopes covering the call: REST API PATH (`api_path`) naming the API, and method, "
      "version and resource the call's or all (`apply_all_methods`, `apply_all_versions`, "
      "`apply_all_resources`); a scope on another resource or version does not count. Passes "
      "when none covers it, when the entry holds useraccount (matched by the sys_id in "
      "glide.oauth.token.scope.useraccount, by name only while that property is not set), or "
      "when it holds the scope of any covering record (scopes are additive); fails with 403 "
      "\"Missing required api access scope\" otherwise. A record whose version or resource "
      "sncheck cannot match is a warning.";
  return gate;
}

}  // namespace sncheck::bearer
