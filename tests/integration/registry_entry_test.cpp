// SPDX-License-Identifier: Apache-2.0
// oauth.registry.entry finds inbound clients the way the platform marks them, not only by
// type=client, and reports the entries the token endpoint does not serve client credentials:
// OIDC providers, outbound providers and public clients. The fake's token endpoint
// (tests/fake_instance/answers.cpp) gives the same verdict on its own.

#include <gtest/gtest.h>

#include <httplib.h>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kEntity = "c4beb75f7c9b339bcadd1329a0cbf9d6";

struct Verdict {
  Report report;
  int token_status = 0;
};

Verdict judge(const std::function<void(fake::Scenario&)>& change) {
  fake::Scenario scenario = fake::healthy_scenario();
  change(scenario);
  fake::FakeInstance instance(scenario);
  Verdict verdict;
  verdict.report = run_oauth(instance, scenario, {"--client-id", healthy_client_id()});
  httplib::Client client("127.0.0.1", instance.port());
  client.set_basic_auth(healthy_client_id().c_str(),
                        scenario.client_secrets.at(healthy_client_id()).c_str());
  httplib::Result token = client.Post("/oauth_token.do", "grant_type=client_credentials",
                                      "application/x-www-form-urlencoded");
  verdict.token_status = token ? token->status : 0;
  return verdict;
}

std::string message(const Report& report) {
  const rapidjson::Value* result = report.result("oauth.registry.entry");
  return result ? (*result)["message"].GetString() : std::string();
}

TEST(RegistryEntry, MachineIdentityConsoleEntryWithoutTypeClientIsAnInboundClient) {
  Verdict verdict = judge([](fake::Scenario& s) {
    set_field(s, "oauth_entity", "sys_id", kEntity, "type", "");
    set_field(s, "oauth_entity", "sys_id", kEntity, "inbound_grant_type", "client_credential");
    set_field(s, "oauth_entity", "sys_id", kEntity, "client_type", "integration_as_a_service");
  });
  ASSERT_TRUE(verdict.report.parsed) << verdict.report.process.err;
  EXPECT_EQ(verdict.token_status, 200);
  EXPECT_EQ(verdict.report.status("oauth.registry.entry"), "pass") << message(verdict.report);
}

TEST(RegistryEntry, OidcProviderEntryFails) {
  Verdict verdict = judge([](fake::Scenario& s) {
    set_field(s, "oauth_entity", "sys_id", kEntity, "sys_class_name", "oauth_oidc_entity");
  });
  EXPECT_EQ(verdict.token_status, 401);
  EXPECT_EQ(verdict.report.status("oauth.registry.entry"), "fail");
  EXPECT_NE(message(verdict.report).find("OIDC provider"), std::string::npos)
      << message(verdict.report);
}

TEST(RegistryEntry, PublicClientFails) {
  Verdict verdict = judge([](fake::Scenario& s) {
    set_field(s, "oauth_entity", "sys_id", kEntity, "public_client", "true");
  });
  EXPECT_EQ(verdict.token_status, 401);
  EXPECT_EQ(verdict.report.status("oauth.registry.entry"), "fail");
  EXPECT_NE(message(verdict.report).find("public client"), std::string::npos);
}

TEST(RegistryEntry, OutboundProviderGivenAsTheClientFails) {
  Verdict verdict = judge([](fake::Scenario& s) {
    set_field(s, "oauth_entity", "sys_id", kEntity, "type", "oauth_provider");
  });
  EXPECT_EQ(verdict.token_status, 401);
  EXPECT_EQ(verdict.report.status("oauth.registry.entry"), "fail");
  EXPECT_NE(message(verdict.report).find("outbound provider"), std::string::npos);
}

// A type sncheck does not know is a warning with the type's label, read from sys_choice only then
// (a second wave the common case does not pay for).
TEST(RegistryEntry, UnknownTypeWarnsWithItsLabelAndOnlyThenReadsTheChoices) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_field(scenario, "oauth_entity", "sys_id", kEntity, "type", "x_custom");
  scenario.schema.choices["oauth_entity.type"].emplace_back("x_custom", "Custom integration");
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--client-id", healthy_client_id()});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("oauth.registry.entry"), "warn");
  EXPECT_NE(message(report).find("'x_custom' (Custom integration)"), std::string::npos)
      << message(report);
  int choices = 0;
  for (const fake::LoggedRequest& request : instance.requests()) {
    choices += request.path == "/api/now/table/sys_choice" ? 1 : 0;
  }
  EXPECT_EQ(choices, 1);

  fake::Scenario healthy = fake::healthy_scenario();
  fake::FakeInstance plain(healthy);
  Report ordinary = run_oauth(plain, healthy, {"--client-id", healthy_client_id()});
  EXPECT_EQ(ordinary.status("oauth.registry.entry"), "pass");
  EXPECT_EQ(plain.requests().size(), 4u);
}

TEST(RegistryEntry, NoInboundEntrySaysWhatWasSearched) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_field(scenario, "oauth_entity", "sys_id", kEntity, "type", "oauth_provider");
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario);
  EXPECT_EQ(report.status("oauth.registry.entry"), "fail");
  EXPECT_NE(message(report).find("searched oauth_entity for entries with a client id"),
            std::string::npos)
      << message(report);
}

}  // namespace
}  // namespace sncheck::testing
