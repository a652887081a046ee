// SPDX-License-Identifier: Apache-2.0
// The identity suite against the fake instance: each check passes on the healthy instance's
// integration account (acme.integration: web-service-access-only, API roles only, signed in the
// day before the judging day) and reports the account, entry or certificate a set-up breaks.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kAdminRole = "4bafcfc8c4b1f724a61d432ceeb7acef";  // healthy.json admin
constexpr const char* kAccount = "acme.integration";
constexpr const char* kEntry = "Acme Integration";

Report run_identity(const fake::Scenario& scenario, const std::vector<std::string>& extra = {}) {
  fake::FakeInstance instance(scenario);
  return run_command("identity", instance, scenario, extra);
}

struct Finding {
  std::string name;
  std::string check;
  std::string subject;
  std::function<void(fake::Scenario&)> apply;
  std::string status;
  std::string words;
};

void PrintTo(const Finding& finding, std::ostream* out) { *out << finding.name; }

class EachIdentityCheck : public ::testing::TestWithParam<Finding> {};

TEST_P(EachIdentityCheck, PassesOnTheHealthyAccountAndReportsTheBrokenOne) {
  const Finding& f = GetParam();
  Report healthy = run_identity(fake::healthy_scenario(), {"--checks", f.check});
  ASSERT_TRUE(healthy.parsed) << healthy.process.err;
  ASSERT_FALSE(healthy.results(f.check).empty());
  for (const rapidjson::Value* result : healthy.results(f.check)) {
    EXPECT_STREQ((*result)["status"].GetString(), "pass") << healthy.process.out;
  }
  fake::Scenario scenario = fake::healthy_scenario();
  f.apply(scenario);
  Report report = run_identity(scenario, {"--checks", f.check});
  ASSERT_TRUE(report.parsed) << report.process.err;
  const rapidjson::Value* result = report.result(f.check, f.subject);
  ASSERT_NE(result, nullptr) << report.process.out;
  EXPECT_EQ(std::string((*result)["status"].GetString()), f.status) << report.process.out;
  EXPECT_NE(std::string((*result)["message"].GetString()).find(f.words), std::string::npos)
      << (*result)["message"].GetString();
  EXPECT_GT((*result)["remediation"].GetStringLength(), 20u);
  EXPECT_GT((*result)["evidence"][0]["link"].GetStringLength(), 0u);
}

void set_user(fake::Scenario& s, const std::string& field, const std::string& value) {
  set_field(s, "sys_user", "user_name", kAccount, field, value);
}

INSTANTIATE_TEST_SUITE_P(
    Identity, EachIdentityCheck,
    ::testing::Values(
        Finding{"locked_out", "identity.account.unusable", kAccount,
                [](auto& s) { set_user(s, "locked_out", "true"); }, "fail", "locked out"},
        Finding{"inactive", "identity.account.unusable", kAccount,
                [](auto& s) { set_user(s, "active", "false"); }, "fail", "inactive"},
        Finding{"admin", "identity.account.admin", kAccount,
                [](auto& s) {
                  add_row(s, "sys_user_has_role",
                          {{"user", healthy_app_user_sys_id()},
                           {"role", kAdminRole},
                           {"state", "active"},
                           {"inherited", "false"}});
                },
                "fail", "holds admin"},
        Finding{"hybrid", "identity.account.hybrid", kAccount,
                [](auto& s) { set_user(s, "web_service_access_only", "false"); }, "warn",
                "not web-service-access-only"},
        Finding{"dormant", "identity.account.dormant", kAccount,
                [](auto& s) { set_user(s, "last_login_time", "2026-08-01 10:00:00"); }, "warn",
                "last signed in on 2026-08-01 (122 days"},
        Finding{"never_signed_in", "identity.account.dormant", kAccount,
                [](auto& s) { set_user(s, "last_login_time", ""); }, "warn",
                "has no recorded login"},
        Finding{"shared", "identity.account.shared", kAccount,
                [](auto& s) {
                  add_row(s, "oauth_entity",
                          {{"sys_id", "5e00000000000000000000000000aa11"},
                           {"name", "Second Integration"},
                           {"client_id", "aa11"},
                           {"type", "client"},
                           {"active", "true"},
                           {"user", healthy_app_user_sys_id()},
                           {"access_token_lifespan", "1800"}});
                },
                "warn", "shared by 2 active entries"},
        Finding{"password_reset", "identity.account.password_reset", kAccount,
                [](auto& s) { set_user(s, "password_needs_reset", "true"); }, "warn",
                "Password needs reset"},
        Finding{"long_tokens", "identity.oauth.token_lifespan", kEntry,
                [](auto& s) {
                  set_field(s, "oauth_entity", "name", kEntry, "access_token_lifespan", "86400");
                },
                "warn", "86400 seconds"},
        Finding{"unused_entry", "identity.oauth.unused", kEntry,
                [](auto& s) { set_user(s, "last_login_time", "2026-01-05 00:00:00"); }, "warn",
                "looks unused"},
        Finding{"expired_certificate", "identity.certificate.expiry", "Acme mutual TLS client",
                [](auto& s) {
                  set_field(s, "sys_certificate", "name", "Acme mutual TLS client", "expires",
                            "2026-11-30 23:59:59");
                },
                "fail", "expired on 2026-11-30"},
        Finding{"expiring_certificate", "identity.certificate.expiry", "Acme mutual TLS client",
                [](auto& s) {
                  set_field(s, "sys_certificate", "name", "Acme mutual TLS client", "expires",
                            "2026-12-31 00:00:00");
                },
                "warn", "in 30 days"}));

TEST(Identity, ApiRoleHoldersAndWebServiceUsersAreIntegrationAccountsToo) {
  fake::Scenario scenario = fake::healthy_scenario();
  add_row(scenario, "sys_user",
          {{"sys_id", "0123456789abcdef0123456789abcdef"},
           {"user_name", "soap.sync"},
           {"active", "true"},
           {"locked_out", "false"},
           {"web_service_access_only", "false"},
           {"internal_integration_user", "false"},
           {"password_needs_reset", "false"},
           {"last_login_time", "2026-11-30 00:00:00"}});
  add_row(scenario, "sys_user_role", {{"sys_id", "5a"}, {"name", "soap_query"}});
  add_row(scenario, "sys_user_has_role",
          {{"user", "0123456789abcdef0123456789abcdef"},
           {"role", "5a"},
           {"state", "active"},
           {"inherited", "false"}});
  Report report = run_identity(scenario, {"--checks", "identity.account.hybrid"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("identity.account.hybrid", "soap.sync"), "warn") << report.process.out;
  EXPECT_NE(
      std::string((*report.result("identity.account.hybrid", "soap.sync"))["message"].GetString())
          .find("holds soap_query"),
      std::string::npos);
  EXPECT_EQ(report.status("identity.account.hybrid", kAccount), "pass");

  // An inherited grant (a role that contains soap_query) does not make an integration account.
  set_field(scenario, "sys_user_has_role", "user", "0123456789abcdef0123456789abcdef", "inherited",
            "true");
  Report inherited = run_identity(scenario, {"--checks", "identity.account.hybrid"});
  EXPECT_EQ(inherited.result("identity.account.hybrid", "soap.sync"), nullptr);
}

TEST(Identity, InternalIntegrationUsersAreNotReportedAsHybrid) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_user(scenario, "web_service_access_only", "false");
  set_user(scenario, "internal_integration_user", "true");
  Report report = run_identity(scenario, {"--checks", "identity.account.hybrid"});
  EXPECT_EQ(report.status("identity.account.hybrid", kAccount), "skip") << report.process.out;
}

TEST(Identity, TheDormancyPeriodIsConfigurable) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_user(scenario, "last_login_time", "2026-11-01 00:00:00");  // 30 days before 2026-12-01
  Report default_period = run_identity(scenario, {"--checks", "identity.account.dormant"});
  EXPECT_EQ(default_period.status("identity.account.dormant", kAccount), "pass");
  Report short_period =
      run_identity(scenario, {"--checks", "identity.account.dormant", "--dormant-days", "14"});
  EXPECT_EQ(short_period.status("identity.account.dormant", kAccount), "warn")
      << short_period.process.out;
}

TEST(Identity, DormancyIsNotJudgedBeforeXanadu) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_release(scenario, "washingtondc");
  set_user(scenario, "last_login_time", "2025-01-01 00:00:00");
  Report report = run_identity(scenario, {"--checks", "identity.account.dormant"});
  EXPECT_EQ(report.status("identity.account.dormant"), "skip") << report.process.out;
}

TEST(Identity, AnUnreadableLoginTimeIsAnErrorNotDormancy) {
  fake::Scenario scenario = fake::healthy_scenario();
  // A field ACL on sys_user.last_login_time hides it directly and through every reference.
  scenario.hidden_fields["sys_user"] = {"last_login_time"};
  scenario.hidden_fields["oauth_entity"] = {"user.last_login_time"};
  scenario.hidden_fields["sys_user_has_role"] = {"user.last_login_time"};
  Report report = run_identity(scenario, {"--checks", "identity.account.dormant"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("identity.account.dormant", kAccount), "error") << report.process.out;
  EXPECT_EQ(report.process.exit_code, 2);
}

TEST(Identity, CertificateDatesAreComparedByTheClientNeverByAScriptQuery) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_command("identity", instance, scenario);
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const fake::LoggedRequest& request : instance.requests()) {
    for (const auto& [name, value] : request.params) {
      EXPECT_EQ(value.find("javascript:"), std::string::npos) << name << "=" << value;
    }
  }
  EXPECT_EQ(report.status("identity.certificate.expiry"), "pass");
}

}  // namespace
}  // namespace sncheck::testing
