// SPDX-License-Identifier: Apache-2.0
#include "evaluate/evaluators/oauth/bearer_rules.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"

namespace sncheck::bearer {
namespace {

std::string normalised_path(std::string_view path) {
  path = trim(path);
  while (starts_with(path, "/")) path.remove_prefix(1);
  if (starts_with(path, "api/")) path.remove_prefix(4);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

Match api_match(const Target& target, const Record& rule) {
  const std::string path = normalised_path(field_or_empty(rule, "api_path"));
  if (path.empty()) return Match::Unknown;
  const std::string api = target.api_path();
  if (path == api) return Match::Yes;
  // A versioned API's path may name the version: x_acme/v1/inventory.
  std::size_t slash = api.find('/');
  if (!target.version.empty() && slash != std::string::npos &&
      path == api.substr(0, slash) + "/" + target.version + api.substr(slash)) {
    return Match::Yes;
  }
  return Match::No;
}

// A rule part that is either "all" (its apply_all_* flag), empty (all), or one value that must
// be the call's; `known_other` says a value names something else sncheck knows of.
Match part_match(const Record& rule, const std::string& all_flag, const std::string& field,
                 const std::vector<std::string>& ours, const std::vector<std::string>& others,
                 bool* specific, std::string* unknown, const char* what) {
  if (flag(rule, all_flag) == Flag::Yes) return Match::Yes;
  const std::string value = std::string(trim(field_or_empty(rule, field)));
  if (value.empty()) return Match::Yes;
  *specific = true;
  for (const std::string& candidate : ours) {
    if (!candidate.empty() && lower(candidate) == lower(value)) return Match::Yes;
  }
  for (const std::string& candidate : others) {
    if (!candidate.empty() && lower(candidate) == lower(value)) return Match::No;
  }
  *unknown = fmt::format("its {} '{}' is not a value sncheck can match to this call", what, value);
  return Match::Unknown;
}

bool is_http_method(std::string_view value) {
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    if (lower(value) == lower(method)) return true;
  }
  return false;
}

Match combine(std::initializer_list<Match> parts) {
  bool unknown = false;
  for (Match part : parts) {
    if (part == Match::No) return Match::No;
    if (part == Match::Unknown) unknown = true;
  }
  return unknown ? Match::Unknown : Match::Yes;
}

// Identifiers of the other resources and versions of the namespace, to tell "another one" from
// "a value sncheck does not know".
void others(const Context& ctx, const Target& target, std::vector<std::string>& resources,
            std::vector<std::string>& versions) {
  for (const Record* row : ctx.read("resources").rows) {
    if (row == target.resource) continue;
    for (const char* field : {"sys_id", "relative_path", "operation_uri", "name"}) {
      resources.push_back(field_or_empty(*row, field));
    }
    if (field_or_empty(*row, "web_service_version") !=
        field_or_empty(*target.resource, "web_service_version")) {
      versions.push_back(field_or_empty(*row, "web_service_version"));
      versions.push_back(field_or_empty(*row, "web_service_version.version_id"));
    }
  }
}

}  // namespace

bool absent_table(const ReadInput& read) {
  return read.error != nullptr && read.error->kind == FetchErrorKind::InvalidTable;
}

RuleMatch match_rule(const Context& ctx, const Target& target, const Record& rule,
                     const std::string& all_flag) {
  RuleMatch match;
  Match api = api_match(target, rule);
  if (api == Match::Unknown) match.unknown = "it names no REST API PATH (api_path)";
  if (!all_flag.empty() && flag(rule, all_flag) == Flag::Yes) {
    match.covers = api;
    return match;
  }
  std::vector<std::string> other_resources;
  std::vector<std::string> other_versions;
  others(ctx, target, other_resources, other_versions);
  const Record& resource = *target.resource;
  std::string why;
  Match method = Match::Yes;
  if (flag(rule, "apply_all_methods") != Flag::Yes) {
    const std::string value = std::string(trim(field_or_empty(rule, "http_method")));
    if (!value.empty()) {
      match.method = true;
      if (lower(value) == lower(target.method)) {
        method = Match::Yes;
      } else if (is_http_method(value)) {
        method = Match::No;
      } else {
        method = Match::Unknown;
        why = fmt::format("its HTTP method '{}' is not one sncheck knows", value);
      }
    }
  }
  Match version = part_match(rule, "apply_all_versions", "version",
                             {target.version, field_or_empty(resource, "web_service_version"),
                              target.version.empty() ? "" : target.version.substr(1)},
                             other_versions, &match.version, &why, "version");
  Match part =
      part_match(rule, "apply_all_resources", "api_resource",
                 {field_or_empty(resource, "sys_id"), field_or_empty(resource, "relative_path"),
                  field_or_empty(resource, "operation_uri"), field_or_empty(resource, "name")},
                 other_resources, &match.resource, &why, "resource");
  match.covers = combine({api, method, version, part});
  if (match.covers == Match::Unknown && match.unknown.empty()) match.unknown = why;
  return match;
}

std::string rank_text(int rank) {
  switch (rank) {
    case 10:
      return "priority 1 (method, resource and version)";
    case 20:
      return "priority 2 (method and resource)";
    case 30:
      return "priority 3 (resource and version, all methods)";
    case 40:
      return "priority 4 (resource, all methods)";
    case 50:
      return "priority 5 (method and version, all resources)";
    case 60:
      return "priority 6 (method, all resources)";
    case 70:
      return "priority 7 (version, all methods)";
    case 75:
      return "the whole API (after priority 7: sncheck's reading, the table has no row for it)";
    case 80:
      return "priority 8 (global, one method)";
    default:
      return "priority 9 (global, all methods)";
  }
}

namespace {

int policy_rank(const Record& policy, const RuleMatch& match) {
  if (flag(policy, "apply_global") == Flag::Yes) {
    return flag(policy, "apply_all_methods") == Flag::Yes ? 90 : 80;
  }
  if (match.method && match.resource && match.version) return 10;
  if (match.method && match.resource) return 20;
  if (match.resource && match.version) return 30;
  if (match.resource) return 40;
  if (match.method && match.version) return 50;
  if (match.method) return 60;
  if (match.version) return 70;
  return 75;
}

// A global policy covers every API (api-access-policy.md l.27); one that is not for all methods
// covers only its method.
RuleMatch match_policy(const Context& ctx, const Target& target, const Record& policy) {
  if (flag(policy, "apply_global") != Flag::Yes)
    return match_rule(ctx, target, policy, "apply_all");
  RuleMatch match;
  match.covers = Match::Yes;
  const std::string method = std::string(trim(field_or_empty(policy, "http_method")));
  if (flag(policy, "apply_all_methods") != Flag::Yes && !method.empty()) {
    match.method = true;
    match.covers = lower(method) == lower(target.method) ? Match::Yes : Match::No;
  }
  return match;
}

}  // namespace

PolicyChoice choose_policy(const Context& ctx, const Target& target) {
  PolicyChoice choice;
  const ReadInput& policies = ctx.read("policies");
  if (absent_table(policies)) {
    choice.no_table = true;
    return choice;
  }
  if (policies.error != nullptr) {
    choice.failed = &policies;
    return choice;
  }
  struct Candidate {
    const Record* policy;
    int rank;
    RuleMatch match;
  };
  std::vector<Candidate> covering;
  std::vector<Candidate> unknown;
  for (const Record* policy : policies.rows) {
    if (flag(*policy, "active") != Flag::Yes) continue;
    RuleMatch match = match_policy(ctx, target, *policy);
    Candidate candidate{policy, policy_rank(*policy, match), match};
    if (match.covers == Match::Yes) covering.push_back(candidate);
    if (match.covers == Match::Unknown) unknown.push_back(candidate);
  }
  std::stable_sort(covering.begin(), covering.end(),
                   [](const Candidate& a, const Candidate& b) { return a.rank < b.rank; });
  if (!covering.empty()) {
    choice.selected = covering.front().policy;
    choice.rank = covering.front().rank;
    for (std::size_t i = 1; i < covering.size() && covering[i].rank == choice.rank; ++i) {
      choice.tied.push_back(covering[i].policy);
    }
  }
  for (const Candidate& candidate : unknown) {
    if (choice.selected != nullptr && candidate.rank > choice.rank) continue;
    choice.unknown.push_back(fmt::format("'{}': {}", field_or_empty(*candidate.policy, "name"),
                                         candidate.match.unknown));
  }
  return choice;
}

Profiles profiles_of(const Context& ctx, const Record& policy) {
  Profiles out;
  for (const char* name : {"policy_profiles", "http_profiles"}) {
    if (ctx.read(name).error != nullptr) {
      out.failed = &ctx.read(name);
      return out;
    }
  }
  const ReadInput& choices = ctx.read("profile_type_choices");
  if (choices.error == nullptr) out.oauth_value = choice_value(choices, "type", "OAuth");
  for (const Record* mapping : ctx.read("policy_profiles").rows) {
    if (field_or_empty(*mapping, "api_access_policy") != field_or_empty(policy, "sys_id")) {
      continue;
    }
    Profile profile;
    profile.mapping = mapping;
    profile.name = field_or_empty(*mapping, "inbound_auth_profile.name");
    profile.kind = field_or_empty(*mapping, "inbound_auth_profile.sys_class_name");
    profile.active = flag(*mapping, "inbound_auth_profile.active");
    const std::string id = field_or_empty(*mapping, "inbound_auth_profile");
    for (const Record* http : ctx.read("http_profiles").rows) {
      if (field_or_empty(*http, "sys_id") == id) profile.http = http;
    }
    if (profile.http == nullptr) {
      // API key, HMAC, WSSE: not a profile a Bearer token can use (create-api-access-policy.md
      // l.176-181). A standard HTTP profile sncheck cannot see is unknown.
      profile.oauth =
          profile.kind.empty() || profile.kind == "std_http_auth" ? Match::Unknown : Match::No;
      profile.type = profile.kind.empty() ? "kind unknown" : profile.kind;
    } else {
      const std::string type = field_or_empty(*profile.http, "type");
      std::string label = choices.error == nullptr ? choice_label(choices, "type", type) : "";
      profile.type = label.empty() ? type : fmt::format("{} ({})", label, type);
      if (out.oauth_value.empty()) {
        profile.oauth = Match::Unknown;
      } else {
        profile.oauth = type == out.oauth_value ? Match::Yes : Match::No;
      }
    }
    out.list.push_back(std::move(profile));
  }
  return out;
}

std::string profile_names(const std::vector<Profile>& profiles) {
  std::vector<std::string> names;
  for (const Profile& profile : profiles) {
    names.push_back(fmt::format("'{}' ({})", profile.name, profile.type));
  }
  return names.empty() ? std::string("no authentication profile")
                       : fmt::format("{}", fmt::join(names, ", "));
}

LabelledColumn labelled_column(const Context& ctx, const std::string& read,
                               const std::string& label_prefix,
                               const std::vector<std::string>& requested) {
  LabelledColumn column;
  const ReadInput& rows = ctx.read(read);
  if (rows.error != nullptr) {
    column.failed = &rows;
    return column;
  }
  for (const Record* row : rows.rows) {
    if (!starts_with(field_or_empty(*row, "column_label"), label_prefix)) continue;
    column.exists = true;
    column.element = field_or_empty(*row, "element");
    column.readable =
        std::find(requested.begin(), requested.end(), column.element) != requested.end();
    return column;
  }
  return column;
}

EntryScopes entry_scopes(const Context& ctx, const Target& target, const std::string& read) {
  EntryScopes out;
  for (const std::string& name : {read, std::string("scope_properties")}) {
    if (ctx.read(name).error != nullptr) {
      out.failed = &ctx.read(name);
      return out;
    }
  }
  std::string useraccount_id;
  for (const Record* row : ctx.read("scope_properties").rows) {
    if (field_or_empty(*row, "name") == "glide.oauth.token.scope.useraccount") {
      useraccount_id = std::string(trim(field_or_empty(*row, "value")));
    }
  }
  for (const Record* row : ctx.read(read).rows) {
    if (field_or_empty(*row, "oauth_entity") != field_or_empty(*target.entry, "sys_id")) continue;
    const std::string id = field_or_empty(*row, "auth_scope");
    const std::string name = field_or_empty(*row, "auth_scope.name");
    out.ids.insert(id);
    out.names.insert(name);
    if (!useraccount_id.empty() && id == useraccount_id) {
      out.useraccount = true;
      out.useraccount_how = "the useraccount scope glide.oauth.token.scope.useraccount names";
    } else if (useraccount_id.empty() && name == "useraccount") {
      out.useraccount = true;
      out.useraccount_how =
          "useraccount (the pre-defined scope: glide.oauth.token.scope.useraccount is not set)";
    }
  }
  return out;
}

ScopeRules scope_rules(const Context& ctx, const Target& target) {
  ScopeRules out;
  const ReadInput& scopes = ctx.read("api_scopes");
  if (absent_table(scopes)) {
    out.no_table = true;
    return out;
  }
  if (scopes.error != nullptr) {
    out.failed = &scopes;
    return out;
  }
  for (const Record* row : scopes.rows) {
    if (flag(*row, "active") != Flag::Yes) continue;
    RuleMatch match = match_rule(ctx, target, *row, "");
    if (match.covers == Match::Yes) out.covering.push_back(row);
    if (match.covers == Match::Unknown) out.unknown.push_back(row);
  }
  return out;
}

std::string choice_value(const ReadInput& choices, const std::string& element,
                         const std::string& label) {
  for (const Record* row : choices.rows) {
    if (field_or_empty(*row, "element") != element) continue;
    if (flag(*row, "inactive") == Flag::Yes) continue;
    if (lower(trim(field_or_empty(*row, "label"))) == lower(label)) {
      return field_or_empty(*row, "value");
    }
  }
  return {};
}

std::string choice_label(const ReadInput& choices, const std::string& element,
                         const std::string& value) {
  for (const Record* row : choices.rows) {
    if (field_or_empty(*row, "element") == element && field_or_empty(*row, "value") == value) {
      return field_or_empty(*row, "label");
    }
  }
  return {};
}

}  // namespace sncheck::bearer
