// SPDX-License-Identifier: Apache-2.0
// Every OAuth check, run by the sncheck program against the fake instance: it passes on the
// healthy instance and fails on the misconfiguration it exists for.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

#include "oauth_suite_ids.h"
#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

Report run_with(const std::function<void(fake::Scenario&)>& breakage,
                const std::vector<std::string>& extra = {}) {
  fake::Scenario scenario = fake::healthy_scenario();
  breakage(scenario);
  fake::FakeInstance instance(scenario);
  return run_oauth(instance, scenario, extra);
}

TEST(OauthSuite, HealthyInstancePassesEveryCheckAndExitsZero) {
  Report report = run_with([](fake::Scenario&) {});
  ASSERT_TRUE(report.parsed) << report.process.out << report.process.err;
  EXPECT_EQ(report.process.exit_code, 0) << report.process.out;
  for (const std::string& id : oauth_suite_ids()) {
    if (id == "oauth.probe.token") continue;  // skipped without --probe
    ASSERT_FALSE(report.results(id).empty()) << id << " missing from results";
    for (const rapidjson::Value* result : report.results(id)) {
      EXPECT_STREQ((*result)["status"].GetString(), "pass") << id << ": " << report.process.out;
    }
  }
  EXPECT_EQ(report.count("fail"), 0);
  EXPECT_EQ(report.count("error"), 0);
}

TEST(OauthSuite, DemoScenarioFailsPropertyAndAppUserWithRemediationAndExitsOne) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario);
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.process.exit_code, 1);
  EXPECT_EQ(report.status("oauth.property.client_credentials"), "fail");
  EXPECT_EQ(report.status("oauth.registry.app_user"), "fail");
  EXPECT_STREQ(report.json["root_cause"].GetString(), "oauth.property.client_credentials");
  const rapidjson::Value* property = report.result("oauth.property.client_credentials");
  EXPECT_NE(std::string((*property)["remediation"].GetString()).find(kClientCredentialsProperty),
            std::string::npos);
  const rapidjson::Value* app_user = report.result("oauth.registry.app_user");
  EXPECT_NE(std::string((*app_user)["remediation"].GetString()).find("OAuth Application User"),
            std::string::npos);
  EXPECT_STREQ((*app_user)["subject"].GetString(), "Acme Integration");
}

struct Breakage {
  std::string name;
  std::string failing_check;
  std::function<void(fake::Scenario&)> apply;
  std::vector<std::string> extra_args;
  std::string message_word;  // a word the failing result's message must contain
};

void PrintTo(const Breakage& breakage, std::ostream* out) { *out << breakage.name; }

class EachCheckFails : public ::testing::TestWithParam<Breakage> {};

TEST_P(EachCheckFails, OnItsMisconfiguration) {
  const Breakage& breakage = GetParam();
  Report report = run_with(breakage.apply, breakage.extra_args);
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.process.exit_code, 1) << report.process.out;
  const rapidjson::Value* failed = nullptr;
  for (const rapidjson::Value* result : report.results(breakage.failing_check)) {
    if (std::string((*result)["status"].GetString()) == "fail") failed = result;
  }
  ASSERT_NE(failed, nullptr) << breakage.failing_check << " did not fail:\n" << report.process.out;
  EXPECT_NE(std::string((*failed)["message"].GetString()).find(breakage.message_word),
            std::string::npos)
      << (*failed)["message"].GetString();
  EXPECT_GT((*failed)["remediation"].GetStringLength(), 20u);
  EXPECT_GT((*failed)["evidence"].Size(), 0u);
  EXPECT_STREQ(report.json["root_cause"].GetString(), breakage.failing_check.c_str());
}

void deactivate_plugin(fake::Scenario& s, const std::string& id) {
  set_field(s, "sys_plugins", "source", id, "active", "false");
  set_field(s, "v_plugin", "id", id, "active", "inactive");
}

void uninstall_plugin(fake::Scenario& s, const std::string& id) {
  remove_rows(s, "sys_plugins", "source", id);
  remove_rows(s, "v_plugin", "id", id);
}

INSTANTIATE_TEST_SUITE_P(
    OauthChecks, EachCheckFails,
    ::testing::Values(
        Breakage{"oauth2_inactive",
                 "oauth.plugin.oauth2",
                 [](auto& s) { deactivate_plugin(s, "com.snc.platform.security.oauth"); },
                 {},
                 "not active"},
        Breakage{"rest_api_missing",
                 "oauth.plugin.rest_api",
                 [](auto& s) { uninstall_plugin(s, "com.glide.rest"); },
                 {},
                 "not installed"},
        Breakage{"oauth_switched_off",
                 "oauth.property.oauth_active",
                 [](auto& s) {
                   set_field(s, "sys_properties", "name",
                             "com.snc.platform.security.oauth.is.active", "value", "false");
                 },
                 {},
                 "false"},
        Breakage{"cc_property_false",
                 "oauth.property.client_credentials",
                 [](auto& s) {
                   set_field(s, "sys_properties", "name", kClientCredentialsProperty, "value",
                             "false");
                 },
                 {},
                 "not 'true'"},
        Breakage{
            "cc_property_missing",
            "oauth.property.client_credentials",
            [](auto& s) { remove_rows(s, "sys_properties", "name", kClientCredentialsProperty); },
            {},
            "does not exist"},
        Breakage{"entry_inactive",
                 "oauth.registry.entry",
                 [](auto& s) { set_field(s, "oauth_entity", "type", "client", "active", "false"); },
                 {},
                 "none active"},
        Breakage{"entry_missing",
                 "oauth.registry.entry",
                 [](auto& s) { remove_rows(s, "oauth_entity", "type", "client"); },
                 {},
                 "No Application Registry entry"},
        Breakage{"client_id_unknown",
                 "oauth.registry.entry",
                 [](auto&) {},
                 {"--client-id", "0000000000000000000000000000dead"},
                 "0000000000000000000000000000dead"},
        Breakage{"app_user_empty",
                 "oauth.registry.app_user",
                 [](auto& s) { set_field(s, "oauth_entity", "type", "client", "user", ""); },
                 {},
                 "no OAuth Application User"},
        Breakage{"app_user_inactive",
                 "oauth.app_user.usable",
                 [](auto& s) {
                   set_field(s, "sys_user", "sys_id", healthy_app_user_sys_id(), "active", "false");
                 },
                 {},
                 "inactive"},
        Breakage{"app_user_locked_out",
                 "oauth.app_user.usable",
                 [](auto& s) {
                   set_field(s, "sys_user", "sys_id", healthy_app_user_sys_id(), "locked_out",
                             "true");
                 },
                 {},
                 "locked out"},
        Breakage{"app_user_deleted",
                 "oauth.app_user.usable",
                 [](auto& s) { remove_rows(s, "sys_user", "sys_id", healthy_app_user_sys_id()); },
                 {},
                 "no such user record"}),
    [](const ::testing::TestParamInfo<Breakage>& param_info) { return param_info.param.name; });

TEST(OauthSuite, InactivePluginSkipsTheChecksThatNeedIt) {
  Report report =
      run_with([](auto& s) { deactivate_plugin(s, "com.snc.platform.security.oauth"); });
  ASSERT_TRUE(report.parsed);
  for (const char* id :
       {"oauth.registry.entry", "oauth.registry.app_user", "oauth.app_user.usable"}) {
    EXPECT_EQ(report.status(id), "skip") << id;
    std::string message = (*report.result(id))["message"].GetString();
    EXPECT_NE(message.find("oauth.plugin.oauth2"), std::string::npos) << message;
  }
}

TEST(OauthSuite, ClientIdNarrowsToThatEntryAndNamesNearMatches) {
  std::string client_id = healthy_client_id();
  std::string upper = client_id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Report report = run_with([](auto&) {}, {"--client-id", upper});
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.registry.entry"), "fail");
  const rapidjson::Value& evidence = (*report.result("oauth.registry.entry"))["evidence"];
  ASSERT_GE(evidence.Size(), 1u);
  EXPECT_NE(std::string(evidence[0]["note"].GetString()).find("near match"), std::string::npos);
  EXPECT_NE(std::string(evidence[0]["note"].GetString()).find(client_id), std::string::npos);

  Report exact = run_with([](auto&) {}, {"--client-id", client_id});
  EXPECT_EQ(exact.process.exit_code, 0) << exact.process.out;
  EXPECT_EQ(exact.status("oauth.registry.entry"), "pass");
  EXPECT_EQ(exact.status("oauth.registry.app_user", "Acme Integration"), "pass");
}

TEST(OauthSuite, EveryEntryIsCheckedAcrossPagesAndHiddenEntriesMakeItAnError) {
  fake::Scenario scenario = fake::healthy_scenario();
  std::string hidden_id;
  for (int i = 0; i < 23; ++i) {
    std::string n = std::to_string(i);
    Record& row = add_row(scenario, "oauth_entity",
                          {{"sys_id", std::string(30 - n.size(), 'a') + "00" + n},
                           {"name", "Client " + n},
                           {"client_id", "client" + n},
                           {"type", "client"},
                           {"active", "true"},
                           {"user", i == 22 ? "" : healthy_app_user_sys_id()}});
    if (i % 4 == 1) scenario.hidden_rows["oauth_entity"].insert(row["sys_id"].value);
  }
  fake::Scenario visible = scenario;
  visible.hidden_rows.clear();
  {
    fake::FakeInstance instance(visible);
    Report report = run_oauth(instance, visible, {"--page-size", "5"});
    ASSERT_TRUE(report.parsed) << report.process.err;
    // 1 healthy entry + 23 added, over 5 pages, each judged.
    EXPECT_EQ(report.results("oauth.registry.app_user").size(), 24u) << report.process.out;
    EXPECT_EQ(report.status("oauth.registry.app_user", "Client 22"), "fail");
    EXPECT_EQ(report.process.exit_code, 1);
  }
  // 6 entries hidden by row ACLs: the 18 visible ones are not judged as if they were all.
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--page-size", "5"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  ASSERT_EQ(report.results("oauth.registry.app_user").size(), 1u) << report.process.out;
  EXPECT_EQ(report.status("oauth.registry.app_user"), "error");
  std::string message = (*report.result("oauth.registry.app_user"))["message"].GetString();
  EXPECT_NE(message.find("6 rows are not readable by user"), std::string::npos) << message;
  EXPECT_NE(report.process.exit_code, 0);
}

TEST(OauthSuite, ChecksCanBeSelectedWithOrderedGlobs) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario,
                            {"--checks", "oauth.*,-oauth.property.*,-oauth.registry.app_user"});
  ASSERT_TRUE(report.parsed);
  EXPECT_TRUE(report.results("oauth.property.client_credentials").empty());
  EXPECT_TRUE(report.results("oauth.registry.app_user").empty());
  EXPECT_EQ(report.status("oauth.plugin.oauth2"), "pass");
  // The app user check is skipped for the empty user, not failed: nothing selected fails.
  EXPECT_EQ(report.process.exit_code, 0) << report.process.out;
}

TEST(OauthSuite, AllReadsMergeIntoOneGetPerTable) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario);
  ASSERT_EQ(report.process.exit_code, 0);
  std::map<std::string, int> per_path;
  for (const fake::LoggedRequest& request : instance.requests()) {
    EXPECT_EQ(request.method, "GET") << request.path;
    ++per_path[request.path];
  }
  // sys_plugins, sys_properties, oauth_entity, sys_user_has_role: one round trip at the default
  // --concurrency 4. v_plugin is only a fallback.
  EXPECT_EQ(per_path.size(), 4u);
  EXPECT_EQ(per_path.count("/api/now/table/v_plugin"), 0u);
  for (const auto& [path, count] : per_path) EXPECT_EQ(count, 1) << path;
}

// The auth-scope plugins are prerequisites for configuring REST API Auth Scopes, not links of the
// token request: without --api they are not judged, with it an inactive one is a warning and the
// token chain's root cause stays unset.
TEST(OauthSuite, AuthScopePluginsWarnAndOnlyWithApi) {
  for (const char* id : {"com.glide.auth.scope", "com.glide.rest.auth.scope"}) {
    Report plain = run_with([&](auto& s) { deactivate_plugin(s, id); });
    ASSERT_TRUE(plain.parsed) << plain.process.err;
    EXPECT_EQ(plain.process.exit_code, 0) << id << plain.process.out;
    EXPECT_TRUE(plain.results("oauth.plugin.auth_scope").empty());
    EXPECT_TRUE(plain.results("oauth.plugin.rest_auth_scope").empty());
    Report api = run_with([&](auto& s) { deactivate_plugin(s, id); },
                          {"--client-id", healthy_client_id(), "--api",
                           "/api/x_acme/inventory/items/42", "--caller-ip", "127.0.0.1"});
    ASSERT_TRUE(api.parsed) << api.process.err;
    const std::string check = std::string(id) == "com.glide.auth.scope"
                                  ? "oauth.plugin.auth_scope"
                                  : "oauth.plugin.rest_auth_scope";
    EXPECT_EQ(api.status(check), "warn") << api.process.out;
    EXPECT_TRUE(api.json["root_cause"].IsNull()) << api.process.out;
  }
}

TEST(OauthSuite, VPluginIsAskedOnlyForPluginsSysPluginsDoesNotShow) {
  fake::Scenario scenario = fake::healthy_scenario();
  remove_rows(scenario, "sys_plugins", "source", "com.glide.rest");
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario);
  EXPECT_EQ(report.process.exit_code, 0) << report.process.out;
  EXPECT_EQ(report.status("oauth.plugin.rest_api"), "pass");
  std::vector<fake::LoggedRequest> requests = instance.requests();
  ASSERT_FALSE(requests.empty());
  // The fallback goes out after the first wave, for the one plugin that had no row.
  EXPECT_EQ(requests.back().path, "/api/now/table/v_plugin");
  auto query = requests.back().params.find("sysparm_query");
  ASSERT_NE(query, requests.back().params.end());
  EXPECT_EQ(query->second, "id=com.glide.rest");
  long v_plugin_reads = std::count_if(requests.begin(), requests.end(), [](const auto& request) {
    return request.path == "/api/now/table/v_plugin";
  });
  EXPECT_EQ(v_plugin_reads, 1);
  // The second wave reuses a first-wave connection: no more connections than requests in flight.
  std::set<int> ports;
  for (const fake::LoggedRequest& request : requests) ports.insert(request.remote_port);
  EXPECT_LE(ports.size(), 4u);
}

}  // namespace
}  // namespace sncheck::testing
