#include "scripted_rest.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

namespace sncheck::fake {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, separator)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

const std::vector<Record>& rows(const Scenario& scenario, const std::string& table) {
  static const std::vector<Record> none;
  auto it = scenario.tables.find(table);
  return it == scenario.tables.end() ? none : it->second;
}

const Record* row_by_id(const Scenario& scenario, const std::string& table,
                        const std::string& sys_id) {
  for (const Record& row : rows(scenario, table)) {
    if (field_or_empty(row, "sys_id") == sys_id) return &row;
  }
  return nullptr;
}

bool yes(const Record& row, const char* field) { return field_or_empty(row, field) == "true"; }

std::string json_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The definition, version and operation a path lands on.
struct Route {
  const Record* api = nullptr;
  const Record* operation = nullptr;
};

bool template_matches(const std::string& relative_path, const std::vector<std::string>& actual) {
  std::vector<std::string> pattern = split(relative_path, '/');
  if (pattern.size() != actual.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    bool placeholder =
        pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}';
    if (!placeholder && pattern[i] != actual[i]) return false;
  }
  return true;
}

const Record* find_operation(const Scenario& scenario, const Record& api, const Record* version,
                             const std::string& method, const std::vector<std::string>& rest) {
  for (const Record& op : rows(scenario, "sys_ws_operation")) {
    if (field_or_empty(op, "web_service_definition") != field_or_empty(api, "sys_id")) continue;
    if (version &&
        field_or_empty(op, "web_service_version") != field_or_empty(*version, "sys_id")) {
      continue;
    }
    if (field_or_empty(op, "http_method") == method &&
        template_matches(field_or_empty(op, "relative_path"), rest)) {
      return &op;
    }
  }
  return nullptr;
}

const Record* find_version(const Scenario& scenario, const Record& api, const std::string& id) {
  for (const Record& version : rows(scenario, "sys_ws_version")) {
    if (field_or_empty(version, "web_service_definition") != field_or_empty(api, "sys_id")) {
      continue;
    }
    if (id.empty() ? yes(version, "is_default") : field_or_empty(version, "version_id") == id) {
      return &version;
    }
  }
  return nullptr;
}

// segments: api, <ns>, then [vN,] <api_id>, path...
Route route(const Scenario& scenario, const std::string& method,
            const std::vector<std::string>& segments) {
  for (const Record& api : rows(scenario, "sys_ws_definition")) {
    const std::string prefix = "/api/" + segments[1] + "/";
    bool versioned = yes(api, "is_versioned");
    std::size_t id_at = 2;
    std::string version_id;
    if (field_or_empty(api, "base_uri") == prefix + segments[2]) {
      id_at = 2;
    } else if (versioned && segments.size() > 3 &&
               field_or_empty(api, "base_uri") == prefix + segments[3]) {
      id_at = 3;
      version_id = segments[2];
    } else {
      continue;
    }
    const Record* version = versioned ? find_version(scenario, api, version_id) : nullptr;
    if (versioned && version == nullptr) return Route{&api, nullptr};
    std::vector<std::string> rest(segments.begin() + static_cast<long>(id_at) + 1, segments.end());
    return Route{&api, find_operation(scenario, api, version, method, rest)};
  }
  return Route{};
}

bool covers(const Record& row, const Record& api, const std::string& method) {
  if (field_or_empty(row, "api") != field_or_empty(api, "sys_id")) return false;
  const std::string wanted = field_or_empty(row, "http_method");
  return yes(row, "apply_all_methods") || wanted.empty() || wanted == method;
}

bool policy_refuses_oauth(const Scenario& scenario, const Record& api, const std::string& method) {
  for (const Record& policy : rows(scenario, "sys_api_access_policy")) {
    if (!yes(policy, "active")) continue;
    if (!yes(policy, "apply_global") && !covers(policy, api, method)) continue;
    bool oauth = false;
    for (const Record& mapping : rows(scenario, "sys_auth_profile_mapping")) {
      if (field_or_empty(mapping, "api_access_policy") != field_or_empty(policy, "sys_id"))
        continue;
      const Record* profile =
          row_by_id(scenario, "std_http_auth", field_or_empty(mapping, "inbound_auth_profile"));
      if (profile && field_or_empty(*profile, "type") == "oauth") oauth = true;
    }
    if (!oauth) return true;
  }
  return false;
}

std::string name_of(const Scenario& scenario, const std::string& table, const std::string& id) {
  const Record* row = row_by_id(scenario, table, id);
  return row ? field_or_empty(*row, "name") : std::string();
}

bool scope_refuses(const Scenario& scenario, const Record& api, const std::string& method,
                   const IssuedToken& token) {
  for (const Record& property : rows(scenario, "sys_properties")) {
    if (field_or_empty(property, "name") == "com.glide.rest.api.auth.scope.check.enable" &&
        field_or_empty(property, "value") == "false") {
      return false;
    }
  }
  std::set<std::string> held;
  for (const Record& mapping : rows(scenario, "oauth_entity_auth_scope_mapping")) {
    if (field_or_empty(mapping, "oauth_entity") == token.entity_sys_id) {
      held.insert(name_of(scenario, "sys_auth_scope", field_or_empty(mapping, "auth_scope")));
    }
  }
  bool required = false;
  for (const Record& scope : rows(scenario, "sys_api_access_scope")) {
    if (!yes(scope, "active") || !covers(scope, api, method)) continue;
    required = true;
    std::string name = name_of(scenario, "sys_auth_scope", field_or_empty(scope, "auth_scope"));
    if (held.count(name) || held.count("useraccount")) return false;
  }
  return required;
}

std::set<std::string> roles_of(const Scenario& scenario, const std::string& user) {
  std::set<std::string> roles;
  for (const Record& grant : rows(scenario, "sys_user_has_role")) {
    if (field_or_empty(grant, "user") == user && field_or_empty(grant, "state") == "active") {
      roles.insert(name_of(scenario, "sys_user_role", field_or_empty(grant, "role")));
    }
  }
  return roles;
}

bool acl_refuses(const Scenario& scenario, const Record& api, const Record& op,
                 const std::set<std::string>& roles) {
  if (!yes(op, "requires_acl_authorization")) return false;
  std::vector<std::string> acls = split(field_or_empty(op, "enforce_acl"), ',');
  if (acls.empty()) acls = split(field_or_empty(api, "enforce_acl"), ',');
  bool guarded = false;
  for (const std::string& id : acls) {
    const Record* acl = row_by_id(scenario, "sys_security_acl", id);
    if (!acl || !yes(*acl, "active") || field_or_empty(*acl, "type") != "REST_Endpoint") continue;
    guarded = true;
    bool needs_role = false;
    for (const Record& acl_role : rows(scenario, "sys_security_acl_role")) {
      if (field_or_empty(acl_role, "sys_security_acl") != id) continue;
      needs_role = true;
      if (roles.count(
              name_of(scenario, "sys_user_role", field_or_empty(acl_role, "sys_user_role")))) {
        return false;
      }
    }
    if (!needs_role) return false;
  }
  return guarded;
}

bool explicit_roles_active(const Scenario& scenario) {
  for (const Record& plugin : rows(scenario, "sys_plugins")) {
    if (field_or_empty(plugin, "source") == "com.glide.explicit_roles")
      return yes(plugin, "active");
  }
  return false;
}

Answer acl_failure() {
  return error_answer(403, "User Not Authorized", "Failed API level ACL Validation");
}

}  // namespace

bool is_scripted_rest_path(const std::string& path) {
  std::vector<std::string> segments = split(path, '/');
  return segments.size() >= 3 && segments[0] == "api" && segments[1] != "now";
}

Answer answer_scripted_rest(const Scenario& scenario, const ScriptedRestCall& call) {
  if (!call.token || call.token->expires <= call.now) return not_authenticated();
  std::vector<std::string> segments = split(call.path.substr(0, call.path.find('?')), '/');
  Route found = route(scenario, call.method, segments);
  if (found.api == nullptr || found.operation == nullptr) return invalid_resource();
  if (!yes(*found.api, "active") || !yes(*found.operation, "active")) return no_record_found();
  const Record& op = *found.operation;
  if (yes(op, "requires_authentication")) {
    if (policy_refuses_oauth(scenario, *found.api, call.method)) {
      // The challenge names the policy's scheme instead of the plain 401's Basic one (facts §5.2).
      Answer answer = not_authenticated();
      answer.headers.clear();
      answer.headers.emplace_back("WWW-Authenticate", "BEARER realm=\"Service-now\"");
      return answer;
    }
    if (scope_refuses(scenario, *found.api, call.method, *call.token)) {
      return error_answer(403, "Missing required api access scope", "");
    }
    std::set<std::string> roles = roles_of(scenario, call.token->user_sys_id);
    if (acl_refuses(scenario, *found.api, op, roles)) return acl_failure();
    if (yes(op, "requires_snc_internal_role") && explicit_roles_active(scenario) &&
        roles.count("snc_internal") == 0) {
      return acl_failure();
    }
  }
  Answer answer;
  answer.body = "{\"result\":{\"api\":\"" + json_escape(field_or_empty(*found.api, "name")) +
                "\",\"resource\":\"" + json_escape(field_or_empty(op, "name")) + "\"}}";
  return answer;
}

}  // namespace sncheck::fake
