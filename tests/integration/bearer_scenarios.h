// SPDX-License-Identifier: Apache-2.0
#pragma once
// Scenario edits for the Bearer gates of a Scripted REST call (--api), on the healthy scenario's
// API x_acme/inventory (GET /items/{id}), its ACL x_acme.inventory and the client entry
// "Acme Integration". The values are stored the way the fake platform stores them
// (tests/fake_instance/rest_model.h): rules name the API by its REST API PATH and a resource or
// version by its sys_id.

#include <string>

#include "sncheck_runner.h"

namespace sncheck::testing::bearer {

inline constexpr const char* kPath = "/api/x_acme/inventory/items/42";
inline constexpr const char* kApi = "5d1f0a3cb0a94e6b8c2e7f41a9d3c001";
inline constexpr const char* kGetItem = "5d1f0a3cb0a94e6b8c2e7f41a9d3c002";
inline constexpr const char* kListItems = "5d1f0a3cb0a94e6b8c2e7f41a9d3c005";
inline constexpr const char* kAcl = "5d1f0a3cb0a94e6b8c2e7f41a9d3c003";
inline constexpr const char* kReaderGrant = "5d1f0a3cb0a94e6b8c2e7f41a9d3c008";
inline constexpr const char* kInternalGrant = "125c8f8687c66dbb6de15e88a334d492";
inline constexpr const char* kEntity = "c4beb75f7c9b339bcadd1329a0cbf9d6";
inline constexpr const char* kAppUser = "31acba23c571cd63a0a988d3e5430af6";
inline constexpr const char* kAdminRole = "4bafcfc8c4b1f724a61d432ceeb7acef";
inline constexpr const char* kInternalRole = "44a0cd0058861a0ff0970c96179c6cc9";
inline constexpr const char* kApiPath = "x_acme/inventory";

// Zurich Patch 4 and Australia have "Allow access only to APIs in selected scope": their
// registry entries carry the column (empty: off).
inline void set_build_tag(fake::Scenario& s, const std::string& tag) {
  for (const char* name : {"glide.war", "glide.buildtag.last"}) {
    set_field(s, "sys_properties", "name", name, "value", tag);
  }
  if (tag.find("zurich-07-01-2025__patch4") != std::string::npos ||
      tag.find("australia") != std::string::npos) {
    for (Record& entry : s.tables.at("oauth_entity")) entry["scope_restriction_status"].value = "";
  }
}
inline constexpr const char* kZurichPatch4 = "glide-zurich-07-01-2025__patch4-12-09-2025";
inline constexpr const char* kAustralia = "glide-australia-02-11-2026__patch2-04-17-2026";
inline constexpr const char* kYokohama = "glide-yokohama-12-18-2024__patch9-09-18-2025";

inline void set_property(fake::Scenario& s, const std::string& name, const std::string& value) {
  for (Record& row : s.tables.at("sys_properties")) {
    if (field_or_empty(row, "name") == name) {
      row["value"].value = value;
      return;
    }
  }
  add_row(s, "sys_properties", {{"name", name}, {"value", value}, {"type", "string"}});
}

// The REST API Access Policy plugin's tables, with their references.
inline void install_policies(fake::Scenario& s) {
  s.tables["sys_api_access_policy"];
  s.tables["sys_auth_profile_mapping"];
  s.tables["std_http_auth"];
  s.references["sys_auth_profile_mapping.api_access_policy"] = "sys_api_access_policy";
  s.references["sys_auth_profile_mapping.inbound_auth_profile"] = "std_http_auth";
  s.schema.columns["sys_api_access_policy"] = {"name",
                                               "active",
                                               "api",
                                               "api_path",
                                               "http_method",
                                               "version",
                                               "api_resource",
                                               "apply_global",
                                               "apply_all",
                                               "apply_all_methods",
                                               "apply_all_resources",
                                               "apply_all_versions"};
  s.schema.columns["sys_auth_profile_mapping"] = {"api_access_policy", "inbound_auth_profile"};
  s.schema.columns["std_http_auth"] = {"name", "active", "type", "oauth_entity"};
}

inline void add_profile(fake::Scenario& s, const std::string& id, const std::string& name,
                        const std::string& type, const std::string& active = "true",
                        const std::string& entity = "") {
  install_policies(s);
  add_row(s, "std_http_auth",
          {{"sys_id", id},
           {"name", name},
           {"type", type},
           {"active", active},
           {"oauth_entity", entity}});
}

// A policy on the API (api_path) or global, mapped to the profiles given.
inline void add_policy(fake::Scenario& s, const std::string& id, const std::string& name,
                       bool global, const std::vector<std::string>& profiles,
                       const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  install_policies(s);
  Record& row = add_row(s, "sys_api_access_policy",
                        {{"sys_id", id},
                         {"name", name},
                         {"active", "true"},
                         {"api", ""},
                         {"api_path", global ? "" : kApiPath},
                         {"http_method", ""},
                         {"version", ""},
                         {"api_resource", ""},
                         {"apply_global", global ? "true" : "false"},
                         {"apply_all", "false"},
                         {"apply_all_methods", "true"},
                         {"apply_all_resources", "true"},
                         {"apply_all_versions", "true"}});
  for (const auto& [field, value] : extra) row[field] = FieldValue{value, ""};
  int n = 0;
  for (const std::string& profile : profiles) {
    add_row(s, "sys_auth_profile_mapping",
            {{"sys_id", id + "m" + std::to_string(n++)},
             {"api_access_policy", id},
             {"inbound_auth_profile", profile}});
  }
}

// A REST API Auth Scope requiring scope `scope` (a sys_auth_scope sys_id) for the API.
inline void add_api_scope(fake::Scenario& s, const std::string& id, const std::string& scope,
                          const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  Record& row = add_row(s, "sys_api_access_scope",
                        {{"sys_id", id},
                         {"name", "scope " + id},
                         {"active", "true"},
                         {"api", ""},
                         {"api_path", kApiPath},
                         {"http_method", ""},
                         {"version", ""},
                         {"api_resource", ""},
                         {"apply_all_methods", "true"},
                         {"apply_all_versions", "true"},
                         {"apply_all_resources", "true"},
                         {"auth_scope", scope}});
  for (const auto& [field, value] : extra) row[field] = FieldValue{value, ""};
}

inline void add_scope(fake::Scenario& s, const std::string& id, const std::string& name) {
  add_row(s, "sys_auth_scope", {{"sys_id", id}, {"name", name}, {"auth_scope", name}});
}

inline void drop_useraccount(fake::Scenario& s) {
  remove_rows(s, "oauth_entity_auth_scope_mapping", "oauth_entity", kEntity);
}

inline void grant(fake::Scenario& s, const std::string& role) {
  add_row(s, "sys_user_has_role",
          {{"user", kAppUser}, {"role", role}, {"state", "active"}, {"inherited", "false"}});
}

inline void add_role(fake::Scenario& s, const std::string& id, const std::string& name) {
  add_row(s, "sys_user_role", {{"sys_id", id}, {"name", name}});
}

// A REST_Endpoint ACL requiring `role` (a sys_user_role sys_id; "" for none).
inline Record& add_acl(fake::Scenario& s, const std::string& id, const std::string& name,
                       const std::string& operation, const std::string& role,
                       const std::vector<std::pair<std::string, std::string>>& extra = {}) {
  Record& row = add_row(s, "sys_security_acl",
                        {{"sys_id", id},
                         {"name", name},
                         {"active", "true"},
                         {"type", "REST_Endpoint"},
                         {"operation", operation},
                         {"decision_type", "allow"},
                         {"admin_overrides", "true"},
                         {"script", ""},
                         {"condition", ""},
                         {"security_attribute", ""},
                         {"advanced", "false"}});
  for (const auto& [field, value] : extra) row[field] = FieldValue{value, ""};
  if (!role.empty()) {
    add_row(s, "sys_security_acl_role",
            {{"sys_id", id + "r"}, {"sys_security_acl", id}, {"sys_user_role", role}});
  }
  return row;
}

inline void not_web_service_only(fake::Scenario& s) {
  set_field(s, "sys_user", "sys_id", kAppUser, "web_service_access_only", "false");
}

}  // namespace sncheck::testing::bearer
