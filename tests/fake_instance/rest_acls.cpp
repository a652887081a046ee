// SPDX-License-Identifier: Apache-2.0
// The fake platform's REST_Endpoint ACLs: those the resource (else its API) selects, one of which
// must pass, and from Australia the path-based ones, all of which must. Deny-Unless ACLs are
// evaluated first. An ACL passes when the user holds one of its roles (admin holds every role;
// nobody stops everyone), its condition matches the user and its script answers true; Admin
// overrides lets admins past the whole ACL.

#include <sstream>

#include "query/encoded_query.h"
#include "rest_model.h"

namespace sncheck::fake::rest {
namespace {

constexpr const char* kUserIsAuthenticated = "239bdf0c47d23110ba46ff58936d4330";
constexpr const char* kHasAdminRole = "8637f144b732111074f706dd1e11a981";

std::vector<std::string> ids(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream stream(list);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<std::string> acl_roles(const Scenario& scenario, const std::string& acl) {
  std::vector<std::string> out;
  for (const Record& row : rows(scenario, "sys_security_acl_role")) {
    if (value(row, "sys_security_acl") != acl) continue;
    if (const Record* role = by_id(scenario, "sys_user_role", value(row, "sys_user_role"))) {
      out.push_back(value(*role, "name"));
    }
  }
  return out;
}

// The fake's script engine: a script that says "answer = false" (or returns false) denies.
bool script_allows(const std::string& script) {
  return script.find("answer = false") == std::string::npos &&
         script.find("return false") == std::string::npos;
}

bool condition_holds(const Call& call, const std::string& condition) {
  const Record* user = by_id(*call.scenario, "sys_user", call.token->user_sys_id);
  std::optional<EncodedQuery> query = parse_encoded_query(condition);
  if (user == nullptr || !query) return false;
  return matches(*query, *user, [](std::string_view) { return true; });
}

bool passes(const Call& call, const Record& acl, const std::set<std::string>& roles) {
  std::vector<std::string> needed = acl_roles(*call.scenario, value(acl, "sys_id"));
  for (const std::string& role : needed) {
    if (role == "nobody") return false;
  }
  const bool admin = roles.count("admin") != 0;
  if (admin && value(acl, "admin_overrides") != "false") return true;
  if (!needed.empty() && !admin) {
    bool held = false;
    for (const std::string& role : needed) held = held || roles.count(role) != 0;
    if (!held) return false;
  }
  const std::string attribute = value(acl, "security_attribute");
  if (attribute == kHasAdminRole && !admin) return false;
  if (!attribute.empty() && attribute != kHasAdminRole && attribute != kUserIsAuthenticated) {
    return false;  // the fake knows no other attribute
  }
  if (!value(acl, "condition").empty() && !condition_holds(call, value(acl, "condition"))) {
    return false;
  }
  return script_allows(value(acl, "script"));
}

// Deny-Unless first (each must pass), then the Allow-If ACLs: one (or, `all`, every one).
bool admitted(const Call& call, const std::vector<const Record*>& acls,
              const std::set<std::string>& roles, bool all) {
  bool any_allow = false;
  bool allow_passed = false;
  for (const Record* acl : acls) {
    bool ok = passes(call, *acl, roles);
    if (value(*acl, "decision_type") == "deny") {
      if (!ok) return false;
      continue;
    }
    any_allow = true;
    if (all && !ok) return false;
    allow_passed = allow_passed || ok;
  }
  return !any_allow || allow_passed || all;
}

bool template_matches(const std::string& pattern, const std::string& path) {
  std::vector<std::string> a;
  std::vector<std::string> b;
  for (auto [text, out] : {std::pair{&pattern, &a}, std::pair{&path, &b}}) {
    std::stringstream stream(*text);
    std::string segment;
    while (std::getline(stream, segment, '/')) {
      if (!segment.empty()) out->push_back(segment);
    }
  }
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    bool placeholder = a[i].size() > 2 && a[i].front() == '{' && a[i].back() == '}';
    if (!placeholder && a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<Answer> operation_acl_gate(const Call& call, const std::set<std::string>& roles) {
  if (!yes(*call.operation, "requires_acl_authorization")) return std::nullopt;
  std::vector<std::string> selected = ids(value(*call.operation, "enforce_acl"));
  if (selected.empty()) selected = ids(value(*call.api, "enforce_acl"));
  std::vector<const Record*> acls;
  for (const std::string& id : selected) {
    const Record* acl = by_id(*call.scenario, "sys_security_acl", id);
    if (acl != nullptr && yes(*acl, "active") && value(*acl, "type") == "REST_Endpoint") {
      acls.push_back(acl);
    }
  }
  if (acls.empty() || admitted(call, acls, roles, false)) return std::nullopt;
  return acl_refusal();
}

// add-a-path-based-acl-for-a-scripted-rest-api.md: operation = the method, the resource path in
// the ACL's name (the docs name no column; the fake keeps it there).
std::optional<Answer> path_acl_gate(const Call& call, const std::set<std::string>& roles) {
  if (version(*call.scenario).family < family("australia")) return std::nullopt;
  std::vector<const Record*> acls;
  for (const Record& acl : rows(*call.scenario, "sys_security_acl")) {
    if (!yes(acl, "active") || value(acl, "type") != "REST_Endpoint") continue;
    const Record* operation =
        by_id(*call.scenario, "sys_security_operation", value(acl, "operation"));
    std::string method = operation ? value(*operation, "name") : value(acl, "operation");
    if (method == "execute") continue;
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (method != call.method) continue;
    const std::string name = value(acl, "name");
    if (name == value(*call.operation, "operation_uri") || template_matches(name, call.path)) {
      acls.push_back(&acl);
    }
  }
  if (acls.empty() || admitted(call, acls, roles, true)) return std::nullopt;
  return acl_refusal();
}

}  // namespace sncheck::fake::rest
