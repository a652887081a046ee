// SPDX-License-Identifier: Apache-2.0
// The fake platform's access policies, authentication profiles, token restrictions and REST API
// Auth Scopes. A rule names part of an API by its REST API PATH ("<namespace>/<api id>"), and its
// version and resource by the sys_id of the sys_ws_version / sys_ws_operation record.

#include <algorithm>

#include "rest_model.h"

namespace sncheck::fake::rest {
namespace {

std::string api_path_of(const Call& call) {
  std::string base = value(*call.api, "base_uri");  // /api/<ns>/<id>
  return base.rfind("/api/", 0) == 0 ? base.substr(5) : base;
}

bool lower_equal(std::string a, std::string b) {
  auto lower = [](std::string& s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  lower(a);
  lower(b);
  return a == b;
}

// Which of method, resource and version the rule names for this call; false when it does not
// cover the call at all.
struct Coverage {
  bool covers = false;
  bool method = false, resource = false, version = false;
};

Coverage coverage(const Call& call, const Record& rule, bool policy) {
  Coverage out;
  if (policy && yes(rule, "apply_global")) {
    const std::string method = value(rule, "http_method");
    out.method = !yes(rule, "apply_all_methods") && !method.empty();
    out.covers = !out.method || lower_equal(method, call.method);
    return out;
  }
  if (value(rule, "api_path") != api_path_of(call)) return out;
  if (policy && yes(rule, "apply_all")) {
    out.covers = true;
    return out;
  }
  out.covers = true;
  if (!yes(rule, "apply_all_methods") && !value(rule, "http_method").empty()) {
    out.method = true;
    out.covers = out.covers && lower_equal(value(rule, "http_method"), call.method);
  }
  if (!yes(rule, "apply_all_resources") && !value(rule, "api_resource").empty()) {
    out.resource = true;
    out.covers = out.covers && value(rule, "api_resource") == value(*call.operation, "sys_id");
  }
  if (!yes(rule, "apply_all_versions") && !value(rule, "version").empty()) {
    out.version = true;
    out.covers = out.covers && call.version != nullptr &&
                 value(rule, "version") == value(*call.version, "sys_id");
  }
  return out;
}

// api-access-policy-prioritization.md l.27-37.
int rank(const Record& policy, const Coverage& c) {
  if (yes(policy, "apply_global")) return yes(policy, "apply_all_methods") ? 9 : 8;
  if (c.method && c.resource && c.version) return 1;
  if (c.method && c.resource) return 2;
  if (c.resource && c.version) return 3;
  if (c.resource) return 4;
  if (c.method && c.version) return 5;
  if (c.method) return 6;
  return 7;
}

const Record* applying_policy(const Call& call) {
  const Record* best = nullptr;
  int best_rank = 100;
  for (const Record& policy : rows(*call.scenario, "sys_api_access_policy")) {
    if (!yes(policy, "active")) continue;
    Coverage c = coverage(call, policy, true);
    if (!c.covers) continue;
    int r = rank(policy, c);
    if (r < best_rank || (r == best_rank && value(policy, "name") < value(*best, "name"))) {
      best = &policy;
      best_rank = r;
    }
  }
  return best;
}

std::vector<const Record*> profiles_of(const Call& call, const Record& policy) {
  std::vector<const Record*> out;
  for (const Record& mapping : rows(*call.scenario, "sys_auth_profile_mapping")) {
    if (value(mapping, "api_access_policy") != value(policy, "sys_id")) continue;
    if (const Record* profile =
            by_id(*call.scenario, "std_http_auth", value(mapping, "inbound_auth_profile"))) {
      out.push_back(profile);
    }
  }
  return out;
}

Answer policy_refusal(const Call& call, const Record* policy) {
  Answer answer = not_authenticated();
  answer.headers.clear();
  std::string scheme = "BASIC";
  if (policy != nullptr) {
    for (const Record* profile : profiles_of(call, *policy)) {
      if (value(*profile, "type") == kOauthProfileType) scheme = "BEARER";
    }
  }
  answer.headers.emplace_back("WWW-Authenticate", scheme + " realm=\"Service-now\"");
  return answer;
}

const Record* entity_of(const Call& call) {
  return by_id(*call.scenario, "oauth_entity", call.token->entity_sys_id);
}

std::set<std::string> entity_scopes(const Call& call) {
  std::set<std::string> ids;
  for (const Record& mapping : rows(*call.scenario, "oauth_entity_auth_scope_mapping")) {
    if (value(mapping, "oauth_entity") == call.token->entity_sys_id) {
      ids.insert(value(mapping, "auth_scope"));
    }
  }
  return ids;
}

std::string useraccount(const Scenario& scenario) {
  return property(scenario, "glide.oauth.token.scope.useraccount").value_or(kUserAccountScope);
}

}  // namespace

// The one policy that applies; it admits the token through an active OAuth profile for any
// entity or for the token's. With Enforce Token Restrictions, only a profile bound to the entity.
std::optional<Answer> policy_gate(const Call& call) {
  const Record* entity = entity_of(call);
  const bool restricted = entity != nullptr && yes(*entity, kTokenRestrictionColumn);
  const Record* policy = applying_policy(call);
  if (policy == nullptr) {
    if (restricted) return policy_refusal(call, nullptr);
    return std::nullopt;
  }
  for (const Record* profile : profiles_of(call, *policy)) {
    if (value(*profile, "type") != kOauthProfileType || !yes(*profile, "active")) continue;
    const std::string bound = value(*profile, kProfileEntityColumn);
    if (restricted ? bound == call.token->entity_sys_id
                   : (bound.empty() || bound == call.token->entity_sys_id)) {
      return std::nullopt;
    }
  }
  return policy_refusal(call, policy);
}

// From Zurich Patch 4: an entity restricted to its scopes reaches only APIs one of its scopes
// covers (configure-an-oauth-client-credential-grant.md l.84).
std::optional<Answer> scope_restriction_gate(const Call& call) {
  Version v = version(*call.scenario);
  if (v.family < family("zurich") || (v.family == family("zurich") && v.patch < 4)) {
    return std::nullopt;
  }
  const Record* entity = entity_of(call);
  if (entity == nullptr || value(*entity, "scope_restriction_status") != kRestricted) {
    return std::nullopt;
  }
  std::set<std::string> held = entity_scopes(call);
  if (held.count(useraccount(*call.scenario)) != 0) return std::nullopt;
  for (const Record& rule : rows(*call.scenario, "sys_api_access_scope")) {
    if (yes(rule, "active") && coverage(call, rule, false).covers &&
        held.count(value(rule, "auth_scope")) != 0) {
      return std::nullopt;
    }
  }
  return error_answer(403, "User Not Authorized", "API not in the client's selected scopes");
}

// rest-api-auth-scope.md, rest-api-scope-troubleshooting.md: one covering scope held suffices.
std::optional<Answer> auth_scope_gate(const Call& call) {
  if (property(*call.scenario, "com.glide.rest.api.auth.scope.check.enable") == "false") {
    return std::nullopt;
  }
  std::set<std::string> held = entity_scopes(call);
  if (held.count(useraccount(*call.scenario)) != 0) return std::nullopt;
  bool covered = false;
  for (const Record& rule : rows(*call.scenario, "sys_api_access_scope")) {
    if (!yes(rule, "active") || !coverage(call, rule, false).covers) continue;
    covered = true;
    if (held.count(value(rule, "auth_scope")) != 0) return std::nullopt;
  }
  if (!covered) return std::nullopt;
  return error_answer(403, "Missing required api access scope", "");
}

}  // namespace sncheck::fake::rest
