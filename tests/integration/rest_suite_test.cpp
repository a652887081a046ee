// SPDX-License-Identifier: Apache-2.0
// The rest suite against the fake instance: each exposure check passes on the healthy instance's
// Scripted REST API (authenticated, ACL-guarded resources) and reports the resource a set-up
// exposes, naming the API, resource, method and path and linking the record.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kApi = "5d1f0a3cb0a94e6b8c2e7f41a9d3c001";      // healthy.json Inventory
constexpr const char* kGetItem = "5d1f0a3cb0a94e6b8c2e7f41a9d3c002";  // GET /items/{id}
constexpr const char* kAcl = "5d1f0a3cb0a94e6b8c2e7f41a9d3c003";      // x_acme.inventory
constexpr const char* kSubject = "GET /api/x_acme/inventory/items/{id}";

Report run_rest(const fake::Scenario& scenario, const std::vector<std::string>& extra = {}) {
  fake::FakeInstance instance(scenario);
  return run_command("rest", instance, scenario, extra);
}

struct Exposure {
  std::string name;
  std::string check;
  std::function<void(fake::Scenario&)> exposes;
  std::string status;
  std::string words;  // part of the finding
};

void PrintTo(const Exposure& exposure, std::ostream* out) { *out << exposure.name; }

class EachRestCheck : public ::testing::TestWithParam<Exposure> {};

TEST_P(EachRestCheck, PassesOnTheHealthyApiAndNamesTheExposedResource) {
  const Exposure& e = GetParam();
  Report healthy = run_rest(fake::healthy_scenario(), {"--checks", e.check});
  ASSERT_TRUE(healthy.parsed) << healthy.process.err;
  ASSERT_EQ(healthy.results(e.check).size(), 1u) << healthy.process.out;
  EXPECT_EQ(healthy.status(e.check), "pass") << healthy.process.out;

  fake::Scenario scenario = fake::healthy_scenario();
  e.exposes(scenario);
  Report report = run_rest(scenario, {"--checks", e.check});
  ASSERT_TRUE(report.parsed) << report.process.err;
  const rapidjson::Value* finding = report.result(e.check, kSubject);
  ASSERT_NE(finding, nullptr) << report.process.out;
  EXPECT_EQ(std::string((*finding)["status"].GetString()), e.status);
  std::string message = (*finding)["message"].GetString();
  for (const std::string& part : {std::string("'Inventory'"), std::string("/api/x_acme/inventory"),
                                  std::string("'Get item'"), std::string(kSubject), e.words}) {
    EXPECT_NE(message.find(part), std::string::npos) << part << " missing from: " << message;
  }
  std::string link = (*finding)["evidence"][0]["link"].GetString();
  EXPECT_NE(link.find(std::string("/sys_ws_operation.do?sys_id=") + kGetItem), std::string::npos);
  EXPECT_NE(std::string((*finding)["remediation"].GetString()).find(link), std::string::npos);
  // Only the exposed resource is reported; the other one of the API stays quiet.
  EXPECT_EQ(report.results(e.check).size(), 1u) << report.process.out;
}

INSTANTIATE_TEST_SUITE_P(
    Rest, EachRestCheck,
    ::testing::Values(Exposure{"public_resource", "rest.resource.authentication",
                               [](auto& s) {
                                 set_field(s, "sys_ws_operation", "sys_id", kGetItem,
                                           "requires_authentication", "false");
                               },
                               "fail", "does not require authentication"},
                      Exposure{"no_acl_authorization", "rest.resource.acl_authorization",
                               [](auto& s) {
                                 set_field(s, "sys_ws_operation", "sys_id", kGetItem,
                                           "requires_acl_authorization", "false");
                               },
                               "warn", "any authenticated user"},
                      Exposure{
                          "no_acl_named", "rest.resource.endpoint_acl",
                          [](auto& s) {
                            set_field(s, "sys_ws_operation", "sys_id", kGetItem, "enforce_acl", "");
                            set_field(s, "sys_ws_definition", "sys_id", kApi, "enforce_acl", "");
                          },
                          "warn", "neither the resource nor its API names one"},
                      Exposure{"acl_inactive", "rest.resource.endpoint_acl",
                               [](auto& s) {
                                 set_field(s, "sys_ws_operation", "sys_id", kGetItem, "enforce_acl",
                                           "0000000000000000000000000000dead");
                               },
                               "warn", "none active"}));

TEST(Rest, AResourceWithoutItsOwnAclsUsesTheApiDefault) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_field(scenario, "sys_ws_operation", "sys_id", kGetItem, "enforce_acl", "");
  Report report = run_rest(scenario, {"--checks", "rest.resource.endpoint_acl"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("rest.resource.endpoint_acl"), "pass") << report.process.out;

  set_field(scenario, "sys_security_acl", "sys_id", kAcl, "active", "false");
  Report inactive = run_rest(scenario, {"--checks", "rest.resource.endpoint_acl"});
  EXPECT_EQ(inactive.status("rest.resource.endpoint_acl", kSubject), "warn");
}

TEST(Rest, InactiveResourcesAndInactiveApisAreNotJudged) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_field(scenario, "sys_ws_operation", "sys_id", kGetItem, "requires_authentication", "false");
  set_field(scenario, "sys_ws_operation", "sys_id", kGetItem, "active", "false");
  Report resource_off = run_rest(scenario, {"--checks", "rest.resource.authentication"});
  EXPECT_EQ(resource_off.status("rest.resource.authentication"), "pass")
      << resource_off.process.out;

  set_field(scenario, "sys_ws_operation", "sys_id", kGetItem, "active", "true");
  set_field(scenario, "sys_ws_definition", "sys_id", kApi, "active", "false");
  Report api_off = run_rest(scenario, {"--checks", "rest.resource.authentication"});
  EXPECT_EQ(api_off.status("rest.resource.authentication"), "pass") << api_off.process.out;
  EXPECT_NE(std::string((*api_off.result("rest.resource.authentication"))["message"].GetString())
                .find("No active Scripted REST resource"),
            std::string::npos);
}

TEST(Rest, AFlagTheAccountCannotReadIsAnErrorForThatResource) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.hidden_fields["sys_ws_operation"] = {"requires_authentication"};
  Report report = run_rest(scenario, {"--checks", "rest.resource.authentication"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("rest.resource.authentication", kSubject), "error");
  EXPECT_EQ(report.count("pass"), 0);
  EXPECT_EQ(report.process.exit_code, 2);
}

TEST(Rest, EveryPageOfResourcesIsJudged) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::add_rest_resources(scenario, 250, 0);
  set_field(scenario, "sys_ws_operation", "name", "Generated resource 249",
            "requires_authentication", "false");
  fake::FakeInstance instance(scenario);
  Report report = run_command("rest", instance, scenario,
                              {"--checks", "rest.resource.authentication", "--page-size", "100"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  ASSERT_EQ(report.results("rest.resource.authentication").size(), 1u) << report.process.out;
  EXPECT_EQ(report.status("rest.resource.authentication", "POST /api/x_gen/api_24/items_249"),
            "fail");
  int pages = 0;
  for (const fake::LoggedRequest& request : instance.requests()) {
    if (request.path == "/api/now/table/sys_ws_operation") ++pages;
  }
  EXPECT_EQ(pages, 3);  // 252 active resources in pages of 100
}

// ---- REST API Auth Scopes ----------------------------------------------------------------------

void require_scope(fake::Scenario& scenario) {
  add_row(scenario, "sys_api_access_scope",
          {{"sys_id", "c2"},
           {"api", kApi},
           {"auth_scope", "58279cc8b4c06e61f8da938fd6219ef0"},
           {"active", "true"},
           {"http_method", ""},
           {"apply_all_methods", "true"}});
}

TEST(Rest, AnApiWithoutAnAuthScopeIsReportedWhileScopesAreEnforced) {
  Report report = run_rest(fake::healthy_scenario(), {"--checks", "rest.api.auth_scope"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("rest.api.auth_scope", "/api/x_acme/inventory"), "warn")
      << report.process.out;
  EXPECT_NE(std::string((*report.result("rest.api.auth_scope"))["message"].GetString())
                .find("any OAuth client"),
            std::string::npos);

  fake::Scenario scoped = fake::healthy_scenario();
  require_scope(scoped);
  EXPECT_EQ(run_rest(scoped, {"--checks", "rest.api.auth_scope"}).status("rest.api.auth_scope"),
            "pass");
}

TEST(Rest, AuthScopesAreNotJudgedWhenNotEnforced) {
  fake::Scenario off = fake::healthy_scenario();
  add_row(off, "sys_properties",
          {{"name", "com.glide.rest.api.auth.scope.check.enable"},
           {"value", "false"},
           {"type", "boolean"}});
  Report unchecked = run_rest(off, {"--checks", "rest.api.auth_scope"});
  EXPECT_EQ(unchecked.status("rest.api.auth_scope"), "skip") << unchecked.process.out;

  fake::Scenario no_plugin = fake::healthy_scenario();
  set_field(no_plugin, "sys_plugins", "source", "com.glide.rest.auth.scope", "active", "false");
  EXPECT_EQ(run_rest(no_plugin, {"--checks", "rest.api.auth_scope"}).status("rest.api.auth_scope"),
            "skip");
}

// ---- REST API Access Policies ------------------------------------------------------------------

void global_policy(fake::Scenario& scenario, const std::string& profile_type) {
  add_row(scenario, "sys_api_access_policy",
          {{"sys_id", "d1"},
           {"name", "Everything"},
           {"active", "true"},
           {"apply_global", "true"},
           {"api", ""},
           {"http_method", ""},
           {"apply_all_methods", "true"}});
  add_row(scenario, "std_http_auth", {{"sys_id", "d2"}, {"name", "Basic"}, {"type", profile_type}});
  add_row(scenario, "std_http_auth", {{"sys_id", "d3"}, {"name", "OAuth"}, {"type", "oauth"}});
  add_row(scenario, "sys_auth_profile_mapping",
          {{"sys_id", "d4"}, {"api_access_policy", "d1"}, {"inbound_auth_profile", "d2"}});
  add_row(scenario, "sys_auth_profile_mapping",
          {{"sys_id", "d5"}, {"api_access_policy", "d1"}, {"inbound_auth_profile", "d3"}});
}

TEST(Rest, AGlobalPolicyAdmittingBasicIsReported) {
  fake::Scenario scenario = fake::healthy_scenario();
  global_policy(scenario, "basic_auth");
  Report report = run_rest(scenario, {"--checks", "rest.policy.basic_global"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("rest.policy.basic_global", "Everything"), "warn") << report.process.out;
  const rapidjson::Value& result = *report.result("rest.policy.basic_global", "Everything");
  EXPECT_NE(std::string(result["message"].GetString()).find("admits Basic"), std::string::npos);
  EXPECT_NE(std::string(result["evidence"][1]["link"].GetString())
                .find("/sys_api_access_policy.do?sys_id=d1"),
            std::string::npos);
}

TEST(Rest, AGlobalPolicyWithOAuthOnlyOrNoPolicyTablePasses) {
  fake::Scenario scenario = fake::healthy_scenario();
  global_policy(scenario, "oauth");
  EXPECT_EQ(run_rest(scenario, {"--checks", "rest.policy.basic_global"})
                .status("rest.policy.basic_global"),
            "pass");
  // healthy.json has no access policy tables (plugin not installed).
  Report none = run_rest(fake::healthy_scenario(), {"--checks", "rest.policy.basic_global"});
  EXPECT_EQ(none.status("rest.policy.basic_global"), "pass") << none.process.out;
}

}  // namespace
}  // namespace sncheck::testing
