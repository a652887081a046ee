// SPDX-License-Identifier: Apache-2.0
// The fake instance as an oracle for the Bearer chain: for every scenario, sncheck predicts the
// answer to GET /api/x_acme/inventory/items/42 (--api), names the gate that decides it, and with
// --probe makes the call itself; the fake's answer comes from its own model of the platform
// (tests/fake_instance/rest_model.h), written from the docs apart from sncheck's evaluators. The
// prediction must contain the live answer, and each gate's check must say what the scenario
// makes of it, in both directions.

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <sstream>

#include "bearer_scenarios.h"

namespace sncheck::testing {
namespace {

using namespace bearer;

struct OracleCase {
  std::string name;
  std::function<void(fake::Scenario&)> change;
  int live;                  // what the fake answers
  std::string prediction;    // oauth.api.prediction without --probe
  std::string gate;          // the check that decides (or is judged) in this scenario
  std::string gate_status;   // its status
  std::string settled = "";  // oauth.api.prediction with --probe ("" = as without)
};

void PrintTo(const OracleCase& c, std::ostream* out) { *out << c.name; }

std::string evidence_value(const Report& report, const std::string& id, const char* table) {
  const rapidjson::Value* result = report.result(id);
  if (result == nullptr) return {};
  for (const auto& evidence : (*result)["evidence"].GetArray()) {
    if (std::string(evidence["table"].GetString()) == table) return evidence["value"].GetString();
  }
  return {};
}

std::set<int> statuses(const std::string& text) {
  std::set<int> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, '|')) {
    if (!item.empty()) out.insert(std::stoi(item));
  }
  return out;
}

// The oracle's base: the healthy scenario with an application user that is not web-service-only
// (so that Machine Identity Access Controls, which sncheck cannot read, do not apply unless a case
// says so).
fake::Scenario base() {
  fake::Scenario scenario = fake::healthy_scenario();
  not_web_service_only(scenario);
  return scenario;
}

std::vector<OracleCase> cases() {
  const std::string k200 = "pass", fail = "fail", warn = "warn", skip = "skip";
  std::vector<OracleCase> all = {
      {"healthy", [](fake::Scenario&) {}, 200, k200, "oauth.api.acl", "pass"},
      // Access policies: one applies, the most specific, non-global first.
      {"global_basic_and_api_oauth_policy",
       [](fake::Scenario& s) {
         add_profile(s, "pb", "Basic", "basic_auth");
         add_profile(s, "po", "OAuth", "oauth");
         add_policy(s, "g1", "Global Basic", true, {"pb"});
         add_policy(s, "a1", "Inventory OAuth", false, {"po"});
       },
       200, k200, "oauth.api.access_policy", "pass"},
      {"only_global_basic_policy",
       [](fake::Scenario& s) {
         add_profile(s, "pb", "Basic", "basic_auth");
         add_policy(s, "g1", "Global Basic", true, {"pb"});
       },
       401, fail, "oauth.api.access_policy", "fail"},
      {"policy_for_another_resource",
       [](fake::Scenario& s) {
         add_profile(s, "pb", "Basic", "basic_auth");
         add_policy(s, "a1", "List only", false, {"pb"},
                    {{"apply_all_resources", "false"}, {"api_resource", kListItems}});
       },
       200, k200, "oauth.api.access_policy", "pass"},
      {"method_specific_policy_beats_global",
       [](fake::Scenario& s) {
         add_profile(s, "pb", "Basic", "basic_auth");
         add_profile(s, "po", "OAuth", "oauth");
         add_policy(s, "g1", "Global OAuth", true, {"po"});
         add_policy(s, "a1", "GET Basic", false, {"pb"},
                    {{"apply_all_methods", "false"}, {"http_method", "GET"}});
       },
       401, fail, "oauth.api.access_policy", "fail"},
      {"resource_specific_policy_beats_method_specific",
       [](fake::Scenario& s) {
         add_profile(s, "pb", "Basic", "basic_auth");
         add_profile(s, "po", "OAuth", "oauth");
         add_policy(s, "a1", "GET Basic", false, {"pb"},
                    {{"apply_all_methods", "false"}, {"http_method", "GET"}});
         add_policy(s, "a2", "Item OAuth", false, {"po"},
                    {{"apply_all_resources", "false"}, {"api_resource", kGetItem}});
       },
       200, k200, "oauth.api.access_policy", "pass"},
      // Two policies of the same priority: the tie-break is undocumented (the fake takes the
      // first by name), so sncheck cannot tell which one applies.
      {"two_policies_of_the_same_priority",
       [](fake::Scenario& s) {
         add_profile(s, "pb", "Basic", "basic_auth");
         add_profile(s, "po", "OAuth", "oauth");
         add_policy(s, "a1", "A Basic", false, {"pb"});
         add_policy(s, "a2", "B OAuth", false, {"po"});
       },
       401, warn, "oauth.api.access_policy", "warn", fail},
      {"oauth_profile_inactive",
       [](fake::Scenario& s) {
         add_profile(s, "po", "OAuth", "oauth", "false");
         add_policy(s, "a1", "Inventory OAuth", false, {"po"});
       },
       401, fail, "oauth.api.auth_profile", "fail"},
      {"oauth_profile_bound_to_another_entity",
       [](fake::Scenario& s) {
         add_profile(s, "po", "OAuth", "oauth", "true", "95e9b5b4838fc5e25f783411960949d4");
         add_policy(s, "a1", "Inventory OAuth", false, {"po"});
       },
       401, fail, "oauth.api.auth_profile", "fail"},
      {"oauth_profile_bound_to_this_entity",
       [](fake::Scenario& s) {
         add_profile(s, "po", "OAuth", "oauth", "true", kEntity);
         add_policy(s, "a1", "Inventory OAuth", false, {"po"});
       },
       200, k200, "oauth.api.auth_profile", "pass"},
      // Enforce Token Restrictions.
      {"token_restricted_without_policy",
       [](fake::Scenario& s) {
         set_field(s, "oauth_entity", "sys_id", kEntity, "enforce_token_restriction", "true");
       },
       401, fail, "oauth.api.token_restriction", "fail"},
      {"token_restricted_with_a_policy_for_the_entity",
       [](fake::Scenario& s) {
         set_field(s, "oauth_entity", "sys_id", kEntity, "enforce_token_restriction", "true");
         add_profile(s, "po", "OAuth", "oauth", "true", kEntity);
         add_policy(s, "a1", "Inventory OAuth", false, {"po"});
       },
       200, k200, "oauth.api.token_restriction", "pass"},
      // REST API Auth Scopes: version and resource aware, useraccount by sys_id.
      {"auth_scope_missing",
       [](fake::Scenario& s) {
         add_scope(s, "sc1", "x_acme.inventory");
         add_api_scope(s, "as1", "sc1");
         drop_useraccount(s);
       },
       403, fail, "oauth.api.auth_scope", "fail"},
      {"auth_scope_on_another_resource",
       [](fake::Scenario& s) {
         add_scope(s, "sc1", "x_acme.inventory");
         add_api_scope(s, "as1", "sc1",
                       {{"apply_all_resources", "false"}, {"api_resource", kListItems}});
         drop_useraccount(s);
       },
       200, k200, "oauth.api.auth_scope", "pass"},
      {"auth_scope_for_another_method",
       [](fake::Scenario& s) {
         add_scope(s, "sc1", "x_acme.inventory");
         add_api_scope(s, "as1", "sc1", {{"apply_all_methods", "false"}, {"http_method", "POST"}});
         drop_useraccount(s);
       },
       200, k200, "oauth.api.auth_scope", "pass"},
      {"auth_scope_held_through_useraccount",
       [](fake::Scenario& s) {
         add_scope(s, "sc1", "x_acme.inventory");
         add_api_scope(s, "as1", "sc1");
       },
       200, k200, "oauth.api.auth_scope", "pass"},
      // "Allow access only to APIs in selected scope" (Zurich Patch 4).
      {"scope_restriction_on",
       [](fake::Scenario& s) {
         set_build_tag(s, kZurichPatch4);
         set_field(s, "oauth_entity", "sys_id", kEntity, "scope_restriction_status", "restricted");
         drop_useraccount(s);
       },
       403, fail, "oauth.api.scope_restriction", "fail"},
      {"scope_restriction_on_with_a_covering_scope",
       [](fake::Scenario& s) {
         set_build_tag(s, kZurichPatch4);
         set_field(s, "oauth_entity", "sys_id", kEntity, "scope_restriction_status", "restricted");
         drop_useraccount(s);
         add_scope(s, "sc1", "x_acme.inventory");
         add_api_scope(s, "as1", "sc1");
         add_row(s, "oauth_entity_auth_scope_mapping",
                 {{"oauth_entity", kEntity}, {"auth_scope", "sc1"}});
       },
       200, k200, "oauth.api.scope_restriction", "pass"},
      {"scope_restriction_value_unknown",
       [](fake::Scenario& s) {
         set_build_tag(s, kZurichPatch4);
         set_field(s, "oauth_entity", "sys_id", kEntity, "scope_restriction_status", "useraccount");
       },
       200, warn, "oauth.api.scope_restriction", "warn", k200},
      // REST_Endpoint ACLs: admins, admin_overrides, nobody, Deny-Unless, scripts.
      {"admin_user_roles_only_acl",
       [](fake::Scenario& s) {
         remove_rows(s, "sys_user_has_role", "sys_id", kReaderGrant);
         grant(s, kAdminRole);
       },
       200, k200, "oauth.api.acl", "pass"},
      {"admin_user_roles_only_acl_without_admin_overrides",
       [](fake::Scenario& s) {
         remove_rows(s, "sys_user_has_role", "sys_id", kReaderGrant);
         grant(s, kAdminRole);
         set_field(s, "sys_security_acl", "sys_id", kAcl, "admin_overrides", "false");
       },
       200, k200, "oauth.api.acl", "pass"},
      {"admin_user_against_nobody",
       [](fake::Scenario& s) {
         remove_rows(s, "sys_user_has_role", "sys_id", kReaderGrant);
         grant(s, kAdminRole);
         add_role(s, "rnobody", "nobody");
         add_row(s, "sys_security_acl_role",
                 {{"sys_security_acl", kAcl}, {"sys_user_role", "rnobody"}});
       },
       403, fail, "oauth.api.acl", "fail"},
      {"acl_role_missing",
       [](fake::Scenario& s) { remove_rows(s, "sys_user_has_role", "sys_id", kReaderGrant); }, 403,
       fail, "oauth.api.acl", "fail"},
      {"deny_unless_acl_fails",
       [](fake::Scenario& s) {
         add_role(s, "rauditor", "x_acme.auditor");
         add_acl(s, "dacl", "x_acme.inventory.deny", "execute", "rauditor",
                 {{"decision_type", "deny"}});
         set_field(s, "sys_ws_operation", "sys_id", kGetItem, "enforce_acl",
                   std::string(kAcl) + ",dacl");
       },
       403, fail, "oauth.api.acl", "fail"},
      {"acl_script_allows",
       [](fake::Scenario& s) {
         set_field(s, "sys_security_acl", "sys_id", kAcl, "script", "answer = true;");
       },
       200, warn, "oauth.api.acl", "warn", k200},
      {"acl_script_denies",
       [](fake::Scenario& s) {
         set_field(s, "sys_security_acl", "sys_id", kAcl, "script", "answer = false;");
       },
       403, warn, "oauth.api.acl", "warn", fail},
      // Path-based ACLs: Australia only, every one that applies must pass.
      {"path_acl_on_australia",
       [](fake::Scenario& s) {
         set_build_tag(s, kAustralia);
         add_role(s, "rpath", "x_acme.path_reader");
         add_acl(s, "pacl", "/api/x_acme/inventory/items/{id}", "get", "rpath");
       },
       403, fail, "oauth.api.path_acl", "fail"},
      {"path_acl_on_zurich",
       [](fake::Scenario& s) {
         add_role(s, "rpath", "x_acme.path_reader");
         add_acl(s, "pacl", "/api/x_acme/inventory/items/{id}", "get", "rpath");
       },
       200, k200, "oauth.api.path_acl", "skip"},
      {"path_acl_passes_on_australia",
       [](fake::Scenario& s) {
         set_build_tag(s, kAustralia);
         add_acl(s, "pacl", "/api/x_acme/inventory/items/{id}", "get",
                 "5d1f0a3cb0a94e6b8c2e7f41a9d3c004");
       },
       200, k200, "oauth.api.path_acl", "pass"},
      // Explicit Roles.
      {"explicit_roles_no_snc_internal_row",
       [](fake::Scenario& s) { remove_rows(s, "sys_user_has_role", "sys_id", kInternalGrant); },
       200, k200, "oauth.api.internal_role", "pass"},
      {"explicit_roles_snc_external",
       [](fake::Scenario& s) {
         remove_rows(s, "sys_user_has_role", "sys_id", kInternalGrant);
         add_role(s, "rext", "snc_external");
         grant(s, "rext");
       },
       403, fail, "oauth.api.internal_role", "fail"},
      {"explicit_roles_do_not_fix",
       [](fake::Scenario& s) {
         remove_rows(s, "sys_user_has_role", "sys_id", kInternalGrant);
         set_property(s, "glide.security.explicit_roles.do_not_fix", "true");
       },
       403, fail, "oauth.api.internal_role", "fail"},
      // Machine Identity Access Controls (Zurich; sncheck cannot read them).
      {"machine_identity_limits_a_web_service_user",
       [](fake::Scenario& s) {
         set_field(s, "sys_user", "sys_id", kAppUser, "web_service_access_only", "true");
         add_row(s, "fake_machine_identity_control",
                 {{"active", "true"}, {"user", kAppUser}, {"rest_apis", "another-api"}});
       },
       403, warn, "oauth.api.machine_identity", "warn", fail},
      {"machine_identity_on_yokohama",
       [](fake::Scenario& s) {
         set_build_tag(s, kYokohama);
         set_field(s, "sys_user", "sys_id", kAppUser, "web_service_access_only", "true");
         add_row(s, "fake_machine_identity_control",
                 {{"active", "true"}, {"user", kAppUser}, {"rest_apis", "another-api"}});
       },
       200, k200, "oauth.api.machine_identity", "skip"},
      // IP Address Access Control, judged for --caller-ip 127.0.0.1 (the healthy instance's own
      // rules replaced): blocked only when a Deny rule covers it and no Allow rule does.
      {"ip_deny_rule",
       [](fake::Scenario& s) {
         s.tables["ip_access"].clear();
         add_row(s, "ip_access",
                 {{"type", "deny"},
                  {"direction", "inbound"},
                  {"active", "true"},
                  {"range_start", "0.0.0.0"},
                  {"range_end", "255.255.255.255"}});
       },
       403, fail, "oauth.api.ip_access", "fail"},
      {"ip_deny_rule_with_allow",
       [](fake::Scenario& s) {
         s.tables["ip_access"].clear();
         add_row(s, "ip_access",
                 {{"type", "deny"},
                  {"direction", "inbound"},
                  {"active", "true"},
                  {"range_start", "0.0.0.0"},
                  {"range_end", "255.255.255.255"}});
         add_row(s, "ip_access",
                 {{"type", "allow"},
                  {"direction", "inbound"},
                  {"active", "true"},
                  {"range_start", "127.0.0.1"},
                  {"range_end", "127.0.0.1"}});
       },
       200, k200, "oauth.api.ip_access", "pass"},
      {"ip_deny_rule_for_another_range",
       [](fake::Scenario& s) {
         s.tables["ip_access"].clear();
         add_row(s, "ip_access",
                 {{"type", "deny"},
                  {"direction", "inbound"},
                  {"active", "true"},
                  {"range_start", "203.0.113.0"},
                  {"range_end", "203.0.113.255"}});
       },
       200, k200, "oauth.api.ip_access", "pass"},
      {"ip_deny_rule_with_an_unreadable_allow",
       [](fake::Scenario& s) {
         s.tables["ip_access"].clear();
         add_row(s, "ip_access",
                 {{"type", "deny"},
                  {"direction", "inbound"},
                  {"active", "true"},
                  {"range_start", "0.0.0.0"},
                  {"range_end", "255.255.255.255"}});
         add_row(s, "ip_access",
                 {{"type", "allow"},
                  {"direction", "inbound"},
                  {"active", "true"},
                  {"range_start", "127.0.0.1"},
                  {"range_end", "::1"}});
       },
       403, warn, "oauth.api.ip_access", "warn", fail},
      // A public resource: the token's gates do not apply, path-based ACLs still do.
      {"public_resource_without_the_role",
       [](fake::Scenario& s) {
         set_field(s, "sys_ws_operation", "sys_id", kGetItem, "requires_authentication", "false");
         remove_rows(s, "sys_user_has_role", "sys_id", kReaderGrant);
       },
       200, k200, "oauth.api.acl", "skip"},
  };
  return all;
}

class BearerOracle : public ::testing::TestWithParam<OracleCase> {};

TEST_P(BearerOracle, PredictionContainsTheLiveAnswerAndNamesTheGate) {
  const OracleCase& c = GetParam();
  fake::Scenario scenario = base();
  c.change(scenario);
  fake::FakeInstance instance(scenario);
  const std::vector<std::string> args = {"--client-id", healthy_client_id(), "--api",
                                         kPath,         "--caller-ip",       "127.0.0.1"};
  Report predicted = run_oauth(instance, scenario, args);
  ASSERT_TRUE(predicted.parsed) << predicted.process.err;
  EXPECT_EQ(predicted.status("oauth.api.prediction"), c.prediction) << predicted.process.out;
  EXPECT_EQ(predicted.status(c.gate), c.gate_status) << predicted.process.out;
  std::set<int> possible =
      statuses(evidence_value(predicted, "oauth.api.prediction", "(prediction)"));
  EXPECT_EQ(possible.count(c.live), 1u)
      << evidence_value(predicted, "oauth.api.prediction", "(prediction)");
  if (c.prediction != "warn") {
    EXPECT_EQ(possible.size(), 1u) << "a definite prediction";
  }

  std::vector<std::string> probe = args;
  probe.push_back("--probe");
  Report live =
      run_oauth(instance, scenario, probe,
                {"SN_PROBE_CLIENT_SECRET=" + scenario.client_secrets.at(healthy_client_id())});
  ASSERT_TRUE(live.parsed) << live.process.err;
  EXPECT_EQ(evidence_value(live, "oauth.api.prediction", "(live call)"), std::to_string(c.live))
      << live.process.out;
  const std::string settled = c.settled.empty() ? c.prediction : c.settled;
  EXPECT_EQ(live.status("oauth.api.prediction"), settled) << live.process.out;
  const std::string message = (*live.result("oauth.api.prediction"))["message"].GetString();
  EXPECT_NE(message.find(c.settled.empty() ? "confirmed it" : "settled it"), std::string::npos)
      << message;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, BearerOracle, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<OracleCase>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace sncheck::testing
