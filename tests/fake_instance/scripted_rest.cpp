// SPDX-License-Identifier: Apache-2.0
// Bearer calls to Scripted REST resources, answered by the fake platform's own model
// (rest_model.h): the caller's address, the token, the route, then the gates the token meets.

#include "scripted_rest.h"

#include <sstream>
#include <vector>

#include "rest_model.h"

namespace sncheck::fake {
namespace {

using namespace rest;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, separator)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string json_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

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

const Record* version_of(const Scenario& scenario, const Record& api, const std::string& id) {
  for (const Record& version : rows(scenario, "sys_ws_version")) {
    if (value(version, "web_service_definition") != value(api, "sys_id")) continue;
    if (id.empty() ? yes(version, "is_default") : value(version, "version_id") == id) {
      return &version;
    }
  }
  return nullptr;
}

// segments: api, <ns>, then [vN,] <api_id>, path...: finds the API, version and operation.
void route(Call& call, const std::vector<std::string>& segments) {
  const Scenario& scenario = *call.scenario;
  for (const Record& api : rows(scenario, "sys_ws_definition")) {
    const std::string prefix = "/api/" + segments[1] + "/";
    bool versioned = yes(api, "is_versioned");
    std::size_t id_at = 2;
    std::string version_id;
    if (value(api, "base_uri") == prefix + segments[2]) {
      id_at = 2;
    } else if (versioned && segments.size() > 3 && value(api, "base_uri") == prefix + segments[3]) {
      id_at = 3;
      version_id = segments[2];
    } else {
      continue;
    }
    call.api = &api;
    call.version = versioned ? version_of(scenario, api, version_id) : nullptr;
    if (versioned && call.version == nullptr) return;
    std::vector<std::string> rest(segments.begin() + static_cast<long>(id_at) + 1, segments.end());
    for (const Record& op : rows(scenario, "sys_ws_operation")) {
      if (value(op, "web_service_definition") != value(api, "sys_id")) continue;
      if (call.version && value(op, "web_service_version") != value(*call.version, "sys_id")) {
        continue;
      }
      if (value(op, "http_method") == call.method &&
          template_matches(value(op, "relative_path"), rest)) {
        call.operation = &op;
        return;
      }
    }
    return;
  }
}

}  // namespace

bool is_scripted_rest_path(const std::string& path) {
  std::vector<std::string> segments = split(path, '/');
  return segments.size() >= 3 && segments[0] == "api" && segments[1] != "now";
}

Answer answer_scripted_rest(const Scenario& scenario, const ScriptedRestCall& request) {
  Call call;
  call.scenario = &scenario;
  call.method = request.method;
  call.remote_addr = request.remote_addr;
  call.path = request.path.substr(0, request.path.find('?'));
  if (std::optional<Answer> refused = ip_gate(call)) return *refused;
  if (!request.token || request.token->expires <= request.now) return not_authenticated();
  call.token = &*request.token;
  route(call, split(call.path, '/'));
  if (call.api == nullptr || call.operation == nullptr) return invalid_resource();
  if (!yes(*call.api, "active") || !yes(*call.operation, "active") ||
      (call.version != nullptr && !yes(*call.version, "active"))) {
    return no_record_found();
  }
  std::set<std::string> roles = session_roles(call);
  if (yes(*call.operation, "requires_authentication")) {
    for (auto gate : {policy_gate, scope_restriction_gate, auth_scope_gate}) {
      if (std::optional<Answer> refused = gate(call)) return *refused;
    }
    if (std::optional<Answer> refused = operation_acl_gate(call, roles)) return *refused;
  }
  // Path-based ACLs are evaluated for every request to the path, public or not.
  if (std::optional<Answer> refused = path_acl_gate(call, roles)) return *refused;
  if (yes(*call.operation, "requires_authentication")) {
    if (std::optional<Answer> refused = internal_role_gate(call, roles)) return *refused;
    if (std::optional<Answer> refused = machine_identity_gate(call)) return *refused;
  }
  Answer answer;
  answer.body = "{\"result\":{\"api\":\"" + json_escape(value(*call.api, "name")) +
                "\",\"resource\":\"" + json_escape(value(*call.operation, "name")) + "\"}}";
  return answer;
}

}  // namespace sncheck::fake
