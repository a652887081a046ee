// SPDX-License-Identifier: Apache-2.0
// Scenarios generated in code rather than committed as files: the bulk of a large production
// instance (tens of thousands of rows) that no check should ever download whole.

#include <cstdio>
#include <string>

#include "fake_instance.h"

namespace sncheck::fake {
namespace {

// 32 lowercase hex digits, unique per (kind, index) and distinct from the hashed sys_ids of the
// scenario files (those never start with eight zero digits followed by a kind tag).
std::string generated_sys_id(unsigned kind, std::size_t index) {
  char text[33];
  std::snprintf(text, sizeof text, "00000000%08x%016zx", kind, index);
  return text;
}

FieldValue text(std::string value) { return FieldValue{std::move(value), ""}; }

// healthy.json's REST_Endpoint ACL (x_acme.inventory): the generated APIs' default ACL.
constexpr const char* kInventoryAcl = "5d1f0a3cb0a94e6b8c2e7f41a9d3c003";

enum Kind : unsigned {
  kUser = 1,
  kProperty,
  kPlugin,
  kPluginView,
  kClient,
  kGrant,
  kApi,
  kResource
};

void add_users(Scenario& scenario, int count) {
  std::vector<Record>& rows = scenario.tables["sys_user"];
  for (int i = 0; i < count; ++i) {
    std::string n = std::to_string(i);
    Record row;
    row["sys_id"] = text(generated_sys_id(kUser, static_cast<std::size_t>(i)));
    row["user_name"] = text("employee." + n);
    row["first_name"] = text("Employee");
    row["last_name"] = text("Number " + n);
    row["name"] = text("Employee Number " + n);
    row["email"] = text("employee." + n + "@acme.example");
    row["active"] = text(i % 10 == 0 ? "false" : "true");
    row["locked_out"] = text("false");
    row["password_needs_reset"] = text("false");
    row["web_service_access_only"] = text("false");
    row["internal_integration_user"] = text("false");
    rows.push_back(std::move(row));
  }
}

// Every generated user holds itil (a role of healthy.json), as most employees of an instance do:
// the grants table becomes as large as the user table.
void add_grants(Scenario& scenario, int users) {
  constexpr const char* kItil = "49fb5ee0d9687d8678a5932acc80154b";
  std::vector<Record>& rows = scenario.tables["sys_user_has_role"];
  for (int i = 0; i < users; ++i) {
    Record row;
    row["sys_id"] = text(generated_sys_id(kGrant, static_cast<std::size_t>(i)));
    row["user"] = text(generated_sys_id(kUser, static_cast<std::size_t>(i)));
    row["role"] = text(kItil);
    row["state"] = text("active");
    row["inherited"] = text("false");
    rows.push_back(std::move(row));
  }
}

void add_properties(Scenario& scenario, int count) {
  std::vector<Record>& rows = scenario.tables["sys_properties"];
  for (int i = 0; i < count; ++i) {
    Record row;
    row["sys_id"] = text(generated_sys_id(kProperty, static_cast<std::size_t>(i)));
    row["name"] = text("x_acme.generated.setting." + std::to_string(i));
    row["value"] = text(i % 2 == 0 ? "true" : "some configured value");
    row["type"] = text(i % 2 == 0 ? "boolean" : "string");
    rows.push_back(std::move(row));
  }
}

// sys_plugins and v_plugin each get `count` more plugins, encoded as healthy.json encodes them.
void add_plugins(Scenario& scenario, int count) {
  std::vector<Record>& plugins = scenario.tables["sys_plugins"];
  std::vector<Record>& view = scenario.tables["v_plugin"];
  for (int i = 0; i < count; ++i) {
    std::string id = "com.acme.generated.plugin" + std::to_string(i);
    std::string name = "Generated plugin " + std::to_string(i);
    Record plugin;
    plugin["sys_id"] = text(generated_sys_id(kPlugin, static_cast<std::size_t>(i)));
    plugin["source"] = text(id);
    plugin["name"] = text(name);
    plugin["active"] = text("true");
    plugin["version"] = text("1.0.0");
    plugins.push_back(std::move(plugin));
    Record entry;
    entry["sys_id"] = text(generated_sys_id(kPluginView, static_cast<std::size_t>(i)));
    entry["id"] = text(id);
    entry["name"] = text(name);
    entry["active"] = text("active");
    entry["version"] = text("1.0.0");
    view.push_back(std::move(entry));
  }
}

Record generated_api(std::size_t index, bool active) {
  std::string n = std::to_string(index);
  Record api;
  api["sys_id"] = text(generated_sys_id(kApi, index));
  api["name"] = text("Generated API " + n);
  api["namespace"] = text("x_gen");
  api["service_id"] = text("api_" + n);
  api["base_uri"] = text("/api/x_gen/api_" + n);
  api["active"] = text(active ? "true" : "false");
  api["is_versioned"] = text("false");
  api["default_version"] = text("");
  api["enforce_acl"] = text(kInventoryAcl);
  return api;
}

Record generated_resource(std::size_t index, const Record& api) {
  std::string n = std::to_string(index);
  Record operation;
  operation["sys_id"] = text(generated_sys_id(kResource, index));
  operation["name"] = text("Generated resource " + n);
  operation["http_method"] = text(index % 2 == 0 ? "GET" : "POST");
  operation["relative_path"] = text("/items_" + n);
  operation["operation_uri"] = text(api.at("base_uri").value + "/items_" + n);
  operation["active"] = text("true");
  operation["web_service_definition"] = text(api.at("sys_id").value);
  operation["web_service_version"] = text("");
  operation["requires_authentication"] = text("true");
  operation["requires_acl_authorization"] = text("true");
  operation["requires_snc_internal_role"] = text("true");
  operation["enforce_acl"] = text("");
  return operation;
}

}  // namespace

void add_rest_resources(Scenario& scenario, int active, int inactive) {
  // Ten resources per API; an API is active or not, and so are all its resources' calls.
  constexpr int kPerApi = 10;
  std::vector<Record>& apis = scenario.tables["sys_ws_definition"];
  std::vector<Record>& operations = scenario.tables["sys_ws_operation"];
  std::size_t index = 0;
  std::size_t api_index = 0;
  for (bool api_active : {true, false}) {
    int count = api_active ? active : inactive;
    for (int i = 0; i < count; ++i, ++index) {
      if (i % kPerApi == 0) apis.push_back(generated_api(api_index++, api_active));
      operations.push_back(generated_resource(index, apis.back()));
    }
  }
}

Scenario large_scenario(int users, int properties, int plugins, int rest_resources) {
  Scenario scenario = healthy_scenario();
  scenario.name = "large";
  add_users(scenario, users);
  add_grants(scenario, users);
  add_properties(scenario, properties);
  add_plugins(scenario, plugins);
  // A quarter of the resources belong to active APIs (the rows the rest suite judges); the rest
  // to inactive APIs, which no check reads.
  add_rest_resources(scenario, rest_resources / 4, rest_resources - rest_resources / 4);
  return scenario;
}

Scenario many_clients_scenario(int clients) {
  Scenario scenario = healthy_scenario();
  scenario.name = "many-clients";
  std::vector<Record>& entries = scenario.tables["oauth_entity"];
  // Every generated entry uses the healthy scenario's integration user, so the chain holds.
  std::string user;
  for (const Record& entry : entries) {
    if (field_or_empty(entry, "type") == "client") user = field_or_empty(entry, "user");
  }
  for (int i = 0; i < clients; ++i) {
    std::string n = std::to_string(i);
    Record row;
    row["sys_id"] = text(generated_sys_id(kClient, static_cast<std::size_t>(i)));
    row["name"] = text("Generated Integration " + n);
    row["client_id"] = text(generated_sys_id(kClient + 16, static_cast<std::size_t>(i)));
    row["type"] = text("client");
    row["active"] = text("true");
    row["user"] = text(user);
    row["access_token_lifespan"] = text("1800");
    row["refresh_token_lifespan"] = text("8640000");
    row["redirect_url"] = text("");
    row["public_client"] = text("false");
    entries.push_back(std::move(row));
  }
  return scenario;
}

}  // namespace sncheck::fake
