// SPDX-License-Identifier: Apache-2.0
// "Allow access only to APIs in selected scope" (Zurich Patch 4 and Australia): an entry with it
// reaches only APIs a REST API Auth Scope of one of its scopes covers, even APIs no scope
// protects (configure-an-oauth-client-credential-grant.md l.76-84; rest-api-auth-scope.md l.19,
// l.23). The column, scope_restriction_status, and its values come from practitioner sources
// that disagree (restricted/unrestricted, or a scope name): its choices are read live.

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_rules.h"

namespace sncheck::bearer {
namespace {

Link restricted(const Context& ctx, const Target& target, const std::string& entry) {
  EntryScopes scopes = entry_scopes(ctx, target, "restricted_entity_scopes");
  if (scopes.failed != nullptr) return read_failure(*scopes.failed);
  if (scopes.useraccount) {
    return Link::pass(
        fmt::format("Entry '{}' reaches only APIs in its scopes, and it holds {}, "
                    "which reaches every API.",
                    entry, scopes.useraccount_how));
  }
  ScopeRules rules = scope_rules(ctx, target);
  if (rules.failed != nullptr) return read_failure(*rules.failed);
  for (const Record* rule : rules.covering) {
    if (scopes.ids.count(field_or_empty(*rule, "auth_scope")) != 0) {
      return Link::pass(
          fmt::format("Entry '{}' reaches only APIs in its scopes; its scope {} "
                      "covers this call.",
                      entry, field_or_empty(*rule, "auth_scope.name")));
    }
  }
  if (!rules.unknown.empty()) {
    return Link::unknown(403,
                         fmt::format("Entry '{}' reaches only APIs in its scopes, and sncheck "
                                     "cannot match {} REST API Auth Scope record(s) to this call.",
                                     entry, rules.unknown.size()),
                         "Check the REST API Auth Scopes of this API (System OAuth > REST API "
                         "Auth Scope) against the entry's Auth Scopes.");
  }
  return Link::refuse(
      403,
      fmt::format("Entry '{}' allows access only to APIs in its selected scopes, and none of its "
                  "scopes ({}) covers {} {} (403 is sncheck's inference: the status is not "
                  "documented).",
                  entry,
                  scopes.names.empty() ? std::string("none")
                                       : fmt::format("{}", fmt::join(scopes.names, ", ")),
                  target.method, target.path),
      "Link this API to one of the entry's scopes (System OAuth > REST API Auth Scope), add a "
      "scope that covers it to the entry, or untick Allow access only to APIs in selected scope.");
}

Link judge(const Context& ctx, const Target& target) {
  const ReadInput& rows = ctx.read("restricted_entry");
  if (rows.error != nullptr) return read_failure(rows);
  const std::string entry = field_or_empty(*target.entry, "name");
  const Record* row = nullptr;
  for (const Record* candidate : rows.rows) {
    if (field_or_empty(*candidate, "sys_id") == field_or_empty(*target.entry, "sys_id")) {
      row = candidate;
    }
  }
  const std::string value = row ? field_or_empty(*row, "scope_restriction_status") : "";
  if (value.empty()) {
    return Link::pass(fmt::format(
        "Entry '{}' does not limit itself to APIs in its scopes (scope_restriction_status is "
        "empty).",
        entry));
  }
  const ReadInput& choices = ctx.read("restriction_choices");
  std::string label =
      choices.error == nullptr ? choice_label(choices, "scope_restriction_status", value) : "";
  std::string seen =
      label.empty() ? fmt::format("'{}'", value) : fmt::format("'{}' ({})", value, label);
  Link link;
  if (value == "unrestricted" && !label.empty()) {
    link =
        Link::pass(fmt::format("Entry '{}' does not limit itself to APIs in its scopes "
                               "(scope_restriction_status {}).",
                               entry, seen));
  } else if (value == "restricted" && !label.empty()) {
    link = restricted(ctx, target, entry);
  } else {
    link = Link::unknown(
        403,
        fmt::format("Entry '{}' has scope_restriction_status {}{}: sncheck cannot tell whether "
                    "it limits the entry to APIs in its scopes (practitioner sources disagree on "
                    "the values).",
                    entry, seen, label.empty() ? ", a value the column's choices do not list" : ""),
        "Open the entry and look at Allow access only to APIs in selected scope (Auth scope "
        "section).");
  }
  link.evidence.push_back(ctx.evidence("restricted_entry", *row, "scope_restriction_status",
                                       "Allow access only to APIs in selected scope"));
  return link;
}

}  // namespace

Gate scope_restriction_gate() {
  Gate gate;
  gate.name = "scope_restriction";
  gate.since = "zurich";
  gate.since_patch = 4;
  gate.reads = {"restricted_entry", "restriction_choices", "restricted_entity_scopes",
                "scope_properties", "api_scopes"};
  gate.columns = {{"oauth_entity", "scope_restriction_status", {}},
                  {"oauth_entity_auth_scope_mapping", "oauth_entity", {}},
                  {"oauth_entity_auth_scope_mapping", "auth_scope", {}}};
  gate.judge = judge;
  gate.description =
      "Reads the entry's `scope_restriction_status` (the column behind \"Allow access only to "
      "APIs in selected scope\"; practitioner-named) and its choices in `sys_choice`. Empty or "
      "`unrestricted` passes; `restricted` means the entry reaches only APIs covered by a REST "
      "API Auth Scope of one of its scopes: passes when it holds useraccount (by the sys_id in "
      "glide.oauth.token.scope.useraccount) or a scope that covers the call, fails (403, "
      "inferred) otherwise. Any other value (sources report scope names written there) is a "
      "warning: sncheck does not guess what it means.";
  return gate;
}

}  // namespace sncheck::bearer
