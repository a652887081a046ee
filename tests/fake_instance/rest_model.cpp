// SPDX-License-Identifier: Apache-2.0
// The fake platform's helpers and the gates about the caller and the user: IP Address Access
// Control, Explicit Roles, Machine Identity Access Controls.

#include <array>
#include <cctype>
#include <cstdint>
#include <sstream>

#include "rest_model.h"

namespace sncheck::fake::rest {
namespace {

constexpr std::array<const char*, 19> kTrain = {
    "jakarta", "kingston", "london",   "madrid",    "newyork", "orlando",   "paris",
    "quebec",  "rome",     "sandiego", "tokyo",     "utah",    "vancouver", "washingtondc",
    "xanadu",  "yokohama", "zurich",   "australia", "brazil"};

std::vector<std::string> items(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    std::size_t begin = item.find_first_not_of(' ');
    std::size_t end = item.find_last_not_of(' ');
    if (begin != std::string::npos) out.push_back(item.substr(begin, end - begin + 1));
  }
  return out;
}

std::optional<std::uint32_t> ipv4(const std::string& text) {
  std::uint32_t address = 0;
  int parts = 0;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, '.')) {
    if (part.empty() || part.size() > 3 ||
        part.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    int number = std::stoi(part);
    if (number > 255) return std::nullopt;
    address = (address << 8) | static_cast<std::uint32_t>(number);
    ++parts;
  }
  if (parts != 4) return std::nullopt;
  return address;
}

bool in_range(const Record& rule, std::uint32_t address) {
  std::optional<std::uint32_t> start = ipv4(value(rule, "range_start"));
  std::optional<std::uint32_t> end = ipv4(value(rule, "range_end"));
  return start && end && *start <= address && address <= *end;
}

}  // namespace

const std::vector<Record>& rows(const Scenario& scenario, const std::string& table) {
  static const std::vector<Record> none;
  auto it = scenario.tables.find(table);
  return it == scenario.tables.end() ? none : it->second;
}

const Record* by_id(const Scenario& scenario, const std::string& table, const std::string& sys_id) {
  for (const Record& row : rows(scenario, table)) {
    if (field_or_empty(row, "sys_id") == sys_id) return &row;
  }
  return nullptr;
}

bool yes(const Record& row, const char* field) { return field_or_empty(row, field) == "true"; }

std::string value(const Record& row, const std::string& field) {
  return field_or_empty(row, field);
}

std::optional<std::string> property(const Scenario& scenario, const std::string& name) {
  for (const Record& row : rows(scenario, "sys_properties")) {
    if (value(row, "name") == name) return value(row, "value");
  }
  return std::nullopt;
}

bool plugin_on(const Scenario& scenario, const std::string& id) {
  for (const Record& row : rows(scenario, "sys_plugins")) {
    if (value(row, "source") == id) return yes(row, "active");
  }
  return false;
}

int family(const char* word) {
  for (std::size_t i = 0; i < kTrain.size(); ++i) {
    if (std::string(word) == kTrain[i]) return static_cast<int>(i);
  }
  return -1;
}

// glide-<family>-<date>__patch<N>...: the family word and the patch number.
Version version(const Scenario& scenario) {
  Version out;
  std::optional<std::string> tag = property(scenario, "glide.war");
  if (!tag) tag = property(scenario, "glide.buildtag.last");
  if (!tag || tag->rfind("glide-", 0) != 0) return out;
  std::string word = tag->substr(6, tag->find('-', 6) - 6);
  int position = family(word.c_str());
  if (position < 0) return out;
  out.family = position;
  std::size_t patch = tag->find("__patch");
  if (patch != std::string::npos) {
    std::size_t digits = patch + 7;
    std::size_t end = digits;
    while (end < tag->size() && std::isdigit(static_cast<unsigned char>((*tag)[end]))) ++end;
    if (end > digits) out.patch = std::stoi(tag->substr(digits, end - digits));
  }
  return out;
}

std::set<std::string> session_roles(const Call& call) {
  const Scenario& scenario = *call.scenario;
  std::set<std::string> roles;
  for (const Record& grant : rows(scenario, "sys_user_has_role")) {
    if (value(grant, "user") != call.token->user_sys_id || value(grant, "state") != "active") {
      continue;
    }
    if (const Record* role = by_id(scenario, "sys_user_role", value(grant, "role"))) {
      roles.insert(value(*role, "name"));
    }
  }
  // Explicit Roles (explicit-roles.md): snc_internal at login, unless snc_external, a role the
  // exclude list names, or (from Xanadu) glide.security.explicit_roles.do_not_fix.
  if (!plugin_on(scenario, "com.glide.explicit_roles") || roles.count("snc_internal") != 0 ||
      roles.count("snc_external") != 0) {
    return roles;
  }
  for (const std::string& excluded : items(
           property(scenario, "glide.security.explicit_roles.ignore.snc_internal.exclude_role_list")
               .value_or(""))) {
    if (roles.count(excluded) != 0) return roles;
  }
  bool do_not_fix = property(scenario, "glide.security.explicit_roles.do_not_fix") == "true";
  if (do_not_fix && version(scenario).family >= family("xanadu")) return roles;
  roles.insert("snc_internal");
  return roles;
}

// A Deny rule blocks the caller unless an Allow rule covers it (t_AccessControl.md l.17).
std::optional<Answer> ip_gate(const Call& call) {
  std::optional<std::uint32_t> address = ipv4(call.remote_addr);
  if (!address) return std::nullopt;
  bool denied = false;
  bool allowed = false;
  for (const Record& rule : rows(*call.scenario, "ip_access")) {
    if (!yes(rule, "active") || value(rule, "direction") == "outbound") continue;
    if (!in_range(rule, *address)) continue;
    if (value(rule, "type") == "deny") denied = true;
    if (value(rule, "type") == "allow") allowed = true;
  }
  if (denied && !allowed) return error_answer(403, "Access restricted", "IP address not allowed");
  return std::nullopt;
}

std::optional<Answer> internal_role_gate(const Call& call, const std::set<std::string>& roles) {
  if (!yes(*call.operation, "requires_snc_internal_role")) return std::nullopt;
  if (!plugin_on(*call.scenario, "com.glide.explicit_roles")) return std::nullopt;
  if (roles.count("snc_internal") != 0) return std::nullopt;
  return acl_refusal();
}

// From Zurich: a web-service-only user a control lists reaches only the APIs the control names.
std::optional<Answer> machine_identity_gate(const Call& call) {
  const Scenario& scenario = *call.scenario;
  if (version(scenario).family < family("zurich")) return std::nullopt;
  const Record* user = by_id(scenario, "sys_user", call.token->user_sys_id);
  if (user == nullptr || !yes(*user, "web_service_access_only")) return std::nullopt;
  bool listed = false;
  for (const Record& control : rows(scenario, kMachineIdentityTable)) {
    if (!yes(control, "active") || value(control, "user") != call.token->user_sys_id) continue;
    listed = true;
    for (const std::string& api : items(value(control, "rest_apis"))) {
      if (api == value(*call.api, "sys_id")) return std::nullopt;
    }
  }
  if (listed) return error_answer(403, "User Not Authorized", "Machine identity access control");
  return std::nullopt;
}

Answer acl_refusal() {
  return error_answer(403, "User Not Authorized", "Failed API level ACL Validation");
}

}  // namespace sncheck::fake::rest
