// SPDX-License-Identifier: Apache-2.0
// Release awareness and the least-privilege / hygiene checks, run by the sncheck program against
// the fake instance. Each hygiene check passes on the healthy instance (oauth_checks_test) and
// warns, without failing the run, on the set-up it exists for.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

Report run_with(const std::function<void(fake::Scenario&)>& change,
                const std::vector<std::string>& extra = {}) {
  fake::Scenario scenario = fake::healthy_scenario();
  change(scenario);
  fake::FakeInstance instance(scenario);
  return run_oauth(instance, scenario, extra);
}

struct Hygiene {
  std::string name;
  std::string check;
  std::function<void(fake::Scenario&)> apply;
  std::string message_word;
};

void PrintTo(const Hygiene& hygiene, std::ostream* out) { *out << hygiene.name; }

class EachHygieneCheckWarns : public ::testing::TestWithParam<Hygiene> {};

TEST_P(EachHygieneCheckWarns, OnItsSetUpWithoutFailingTheRun) {
  const Hygiene& hygiene = GetParam();
  Report healthy = run_with([](auto&) {});
  ASSERT_TRUE(healthy.parsed);
  for (const rapidjson::Value* result : healthy.results(hygiene.check)) {
    EXPECT_STREQ((*result)["status"].GetString(), "pass") << healthy.process.out;
  }
  Report report = run_with(hygiene.apply);
  ASSERT_TRUE(report.parsed) << report.process.err;
  const rapidjson::Value* warned = nullptr;
  for (const rapidjson::Value* result : report.results(hygiene.check)) {
    if (std::string((*result)["status"].GetString()) == "warn") warned = result;
  }
  ASSERT_NE(warned, nullptr) << hygiene.check << " did not warn:\n" << report.process.out;
  EXPECT_NE(std::string((*warned)["message"].GetString()).find(hygiene.message_word),
            std::string::npos)
      << (*warned)["message"].GetString();
  EXPECT_GT((*warned)["remediation"].GetStringLength(), 20u);
  EXPECT_EQ(report.process.exit_code, 0) << report.process.out;
  EXPECT_TRUE(report.json["root_cause"].IsNull());
}

constexpr const char* kAdminRoleSysId = "4bafcfc8c4b1f724a61d432ceeb7acef";  // healthy.json

INSTANTIATE_TEST_SUITE_P(
    Hygiene, EachHygieneCheckWarns,
    ::testing::Values(Hygiene{"app_user_is_admin", "oauth.app_user.admin_role",
                              [](auto& s) {
                                add_row(s, "sys_user_has_role",
                                        {{"user", healthy_app_user_sys_id()},
                                         {"role", kAdminRoleSysId},
                                         {"state", "active"},
                                         {"inherited", "false"}});
                              },
                              "holds admin"},
                      Hygiene{"app_user_can_use_the_ui", "oauth.app_user.web_service_only",
                              [](auto& s) {
                                set_field(s, "sys_user", "sys_id", healthy_app_user_sys_id(),
                                          "web_service_access_only", "false");
                              },
                              "can also sign in"},
                      Hygiene{"token_lives_two_days", "oauth.registry.token_lifespan",
                              [](auto& s) {
                                set_field(s, "oauth_entity", "client_id", healthy_client_id(),
                                          "access_token_lifespan", "172800");
                              },
                              "172800 seconds"},
                      Hygiene{"redirect_over_http", "oauth.registry.redirect_https",
                              [](auto& s) {
                                set_field(s, "oauth_entity", "client_id", healthy_client_id(),
                                          "redirect_url", "http://acme.example/callback");
                              },
                              "not https"},
                      Hygiene{"copied_entry", "oauth.registry.duplicate_client_id",
                              [](auto& s) {
                                add_row(s, "oauth_entity",
                                        {{"name", "Acme Integration (copy)"},
                                         {"client_id", healthy_client_id()},
                                         {"type", "client"},
                                         {"active", "false"},
                                         {"user", ""},
                                         {"access_token_lifespan", "1800"},
                                         {"redirect_url", ""}});
                              },
                              "share client id"},
                      Hygiene{"oauth_debug_on", "oauth.property.debug_off",
                              [](auto& s) {
                                add_row(s, "sys_properties",
                                        {{"name", "com.snc.platform.security.oauth.debug"},
                                         {"value", "true"},
                                         {"type", "boolean"}});
                              },
                              "com.snc.platform.security.oauth.debug"},
                      Hygiene{"rest_debug_on", "oauth.property.debug_off",
                              [](auto& s) {
                                add_row(s, "sys_properties",
                                        {{"name", "glide.rest.debug"},
                                         {"value", "true"},
                                         {"type", "boolean"}});
                              },
                              "glide.rest.debug"}),
    [](const ::testing::TestParamInfo<Hygiene>& param_info) { return param_info.param.name; });

TEST(Release, ZurichPasses) {
  Report report = run_with([](auto&) {});
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.release.supported"), "pass");
  EXPECT_NE(std::string((*report.result("oauth.release.supported"))["message"].GetString())
                .find("Zurich"),
            std::string::npos);
}

TEST(Release, BeforeWashingtonDcFailsAndSkipsTheChecksThatNeedIt) {
  Report report = run_with([](auto& s) {
    for (const char* name : {"glide.war", "glide.buildtag.last"}) {
      set_field(s, "sys_properties", "name", name, "value",
                "glide-vancouver-07-06-2023__patch4b-hotfix3b-11-29-2023");
    }
  });
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.release.supported"), "fail");
  EXPECT_STREQ(report.json["root_cause"].GetString(), "oauth.release.supported");
  for (const char* id :
       {"oauth.property.client_credentials", "oauth.registry.app_user", "oauth.app_user.usable",
        "oauth.app_user.admin_role", "oauth.app_user.web_service_only"}) {
    ASSERT_FALSE(report.results(id).empty()) << id;
    for (const rapidjson::Value* result : report.results(id)) {
      EXPECT_STREQ((*result)["status"].GetString(), "skip") << id;
      std::string message = (*result)["message"].GetString();
      EXPECT_NE(message.find("Client credentials need Washington DC or later; this instance is "
                             "Vancouver"),
                std::string::npos)
          << id << ": " << message;
    }
  }
  EXPECT_EQ(report.status("oauth.plugin.oauth2"), "pass");
}

// On an old release the remediation reads glide.oauth.inbound.ropc.grant_type.disabled before it
// suggests the password grant: missing or false leaves ROPC open, true closes it.
TEST(Release, OldReleaseSuggestsThePasswordGrantOnlyWhenRopcIsOpen) {
  auto vancouver = [](fake::Scenario& s) {
    for (const char* name : {"glide.war", "glide.buildtag.last"}) {
      set_field(s, "sys_properties", "name", name, "value",
                "glide-vancouver-07-06-2023__patch4b-hotfix3b-11-29-2023");
    }
  };
  auto remediation = [](const Report& report) {
    const rapidjson::Value* result = report.result("oauth.release.supported");
    return result ? std::string((*result)["remediation"].GetString()) : std::string();
  };
  // The healthy instance closes ROPC (hardened); this run opens it again.
  Report open = run_with([&](fake::Scenario& s) {
    vancouver(s);
    set_field(s, "sys_properties", "name", "glide.oauth.inbound.ropc.grant_type.disabled", "value",
              "false");
  });
  ASSERT_TRUE(open.parsed);
  EXPECT_NE(remediation(open).find("can use the password grant"), std::string::npos)
      << remediation(open);
  EXPECT_NE(std::string((*open.result("oauth.release.supported"))["message"].GetString())
                .find("Vancouver Patch 4b Hotfix 3b"),
            std::string::npos);
  Report closed = run_with([&](fake::Scenario& s) {
    vancouver(s);
    set_field(s, "sys_properties", "name", "glide.oauth.inbound.ropc.grant_type.disabled", "value",
              "true");
  });
  ASSERT_TRUE(closed.parsed);
  EXPECT_EQ(remediation(closed).find("can use the password grant"), std::string::npos)
      << remediation(closed);
  EXPECT_NE(remediation(closed).find("disabled here too"), std::string::npos)
      << remediation(closed);
}

TEST(Release, WashingtonDcIsEnough) {
  Report report = run_with([](auto& s) {
    set_field(s, "sys_properties", "name", "glide.war", "value",
              "glide-washingtondc-12-20-2023__patch10-hotfix3b-05-20-2025_05-23-2025_1940.zip");
  });
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.release.supported"), "pass");
  EXPECT_EQ(report.process.exit_code, 0);
}

TEST(Release, UnknownReleaseIsSkipNeverPassAndChecksRunNormally) {
  Report report = run_with([](auto& s) {
    remove_rows(s, "sys_properties", "name", "glide.war");
    remove_rows(s, "sys_properties", "name", "glide.buildtag.last");
  });
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.release.supported"), "skip");
  EXPECT_NE(std::string((*report.result("oauth.release.supported"))["message"].GetString())
                .find("unknown"),
            std::string::npos);
  EXPECT_EQ(report.status("oauth.property.client_credentials"), "pass");
  EXPECT_EQ(report.process.exit_code, 0);
}

}  // namespace
}  // namespace sncheck::testing
