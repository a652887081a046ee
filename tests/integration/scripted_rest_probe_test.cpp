// SPDX-License-Identifier: Apache-2.0
// --probe with --api: sncheck gets its own token, calls the resource once, and sets the live
// answer beside its prediction (the fake answers from its own model of the platform).

#include <gtest/gtest.h>

#include <functional>
#include <regex>

#include "bearer_scenarios.h"

namespace sncheck::testing {
namespace {

using namespace bearer;

int predicted_status(const Report& report) {
  const rapidjson::Value* result = report.result("oauth.api.prediction");
  if (result == nullptr) return 0;
  std::smatch match;
  std::string message = (*result)["message"].GetString();
  if (!std::regex_search(message, match, std::regex("→ ([0-9]{3})"))) return 0;
  return std::stoi(match[1]);
}

std::string message_of(const Report& report, const std::string& id) {
  const rapidjson::Value* result = report.result(id);
  return result ? (*result)["message"].GetString() : std::string();
}

void add_basic_only_policy(fake::Scenario& scenario) {
  add_profile(scenario, "pb", "Basic", "basic_auth");
  add_policy(scenario, "g1", "Basic only", true, {"pb"});
}

// --probe with --api: sncheck gets its own token, calls the resource once, and sets the live
// answer beside its prediction.
Report probe_and_predict(const std::function<void(fake::Scenario&)>& change,
                         const std::string& method = "GET") {
  fake::Scenario scenario = fake::healthy_scenario();
  not_web_service_only(scenario);
  change(scenario);
  fake::FakeInstance instance(scenario);
  Report report =
      run_oauth(instance, scenario,
                {"--client-id", healthy_client_id(), "--api", kPath, "--method", method, "--probe",
                 "--caller-ip", "127.0.0.1"},
                {"SN_PROBE_CLIENT_SECRET=" + scenario.client_secrets.at(healthy_client_id())});
  std::size_t resource_calls = 0;
  for (const fake::LoggedRequest& request : instance.requests()) {
    if (request.path == kPath) {
      ++resource_calls;
      EXPECT_EQ(request.method, method);
    }
  }
  EXPECT_EQ(resource_calls, method == "GET" || method == "HEAD" ? 1u : 0u);
  return report;
}

std::string live_status(const Report& report) {
  const rapidjson::Value* result = report.result("oauth.api.prediction");
  if (result == nullptr) return {};
  for (const auto& evidence : (*result)["evidence"].GetArray()) {
    if (std::string(evidence["table"].GetString()) == "(live call)") {
      return evidence["value"].GetString();
    }
  }
  return {};
}

TEST(ScriptedRestProbe, LiveCallConfirms200) {
  Report report = probe_and_predict([](fake::Scenario&) {});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(predicted_status(report), 200);
  EXPECT_EQ(live_status(report), "200") << report.process.out;
  EXPECT_NE(message_of(report, "oauth.api.prediction").find("confirmed it: 200"),
            std::string::npos);
  EXPECT_EQ(report.status("oauth.api.prediction"), "pass");
  EXPECT_EQ(report.process.exit_code, 0);
}

TEST(ScriptedRestProbe, LiveCallConfirms403) {
  Report report = probe_and_predict([](fake::Scenario& scenario) {
    remove_rows(scenario, "sys_user_has_role", "sys_id", kReaderGrant);
  });
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(predicted_status(report), 403);
  EXPECT_EQ(live_status(report), "403") << report.process.out;
  EXPECT_NE(message_of(report, "oauth.api.prediction").find("confirmed it: 403"),
            std::string::npos);
  EXPECT_EQ(report.process.exit_code, 1);
}

TEST(ScriptedRestProbe, LiveCallConfirms401FromAnAccessPolicy) {
  Report report =
      probe_and_predict([](fake::Scenario& scenario) { add_basic_only_policy(scenario); });
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(predicted_status(report), 401);
  EXPECT_EQ(live_status(report), "401") << report.process.out;
  EXPECT_EQ(report.process.exit_code, 1);
}

TEST(ScriptedRestProbe, UnsafeMethodsAreNeverCalled) {
  Report report = probe_and_predict([](fake::Scenario&) {}, "POST");
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(live_status(report), "");
}

}  // namespace
}  // namespace sncheck::testing
