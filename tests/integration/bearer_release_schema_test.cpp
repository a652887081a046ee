// SPDX-License-Identifier: Apache-2.0
// The Bearer gates across releases (each exists from its release on and is skipped before it,
// saying so), and against the instance's own dictionary (a practitioner-named column the
// instance lacks makes the checks that need it errors naming it, never a silent misread).

#include <gtest/gtest.h>

#include "bearer_scenarios.h"

namespace sncheck::testing {
namespace {

using namespace bearer;

Report run_api(const std::function<void(fake::Scenario&)>& change) {
  fake::Scenario scenario = fake::healthy_scenario();
  not_web_service_only(scenario);
  change(scenario);
  fake::FakeInstance instance(scenario);
  return run_oauth(
      instance, scenario,
      {"--client-id", healthy_client_id(), "--api", kPath, "--caller-ip", "127.0.0.1"});
}

std::string message_of(const Report& report, const std::string& id) {
  const rapidjson::Value* result = report.result(id);
  return result ? (*result)["message"].GetString() : std::string();
}

struct ReleaseRow {
  const char* tag;
  const char* label;
  // The release-bound gates: scope_restriction (Zurich Patch 4), path_acl (Australia),
  // machine_identity (Zurich).
  const char* scope_restriction;
  const char* path_acl;
  const char* machine_identity;
};

// Every gate without a release runs on every release; the release-bound ones are skipped before
// theirs, with the release they exist from and the one the instance runs.
TEST(BearerRelease, EachGateRunsFromItsReleaseOn) {
  const std::vector<std::string> always = {
      "oauth.api.resource",     "oauth.api.authentication",    "oauth.api.access_policy",
      "oauth.api.auth_profile", "oauth.api.token_restriction", "oauth.api.auth_scope",
      "oauth.api.acl",          "oauth.api.internal_role",     "oauth.api.ip_access"};
  for (const ReleaseRow& row : {
           ReleaseRow{
               "glide-washingtondc-12-20-2023__patch10-hotfix3b-05-20-2025_05-23-2025_1940.zip",
               "Washington DC Patch 10 Hotfix 3b", "skip", "skip", "skip"},
           ReleaseRow{kYokohama, "Yokohama Patch 9", "skip", "skip", "skip"},
           ReleaseRow{"glide-zurich-07-01-2025__patch3-hotfix1-11-01-2025",
                      "Zurich Patch 3 Hotfix 1", "skip", "skip", "pass"},
           ReleaseRow{kZurichPatch4, "Zurich Patch 4", "pass", "skip", "pass"},
           ReleaseRow{kAustralia, "Australia Patch 2", "pass", "pass", "pass"},
       }) {
    Report report = run_api([&](fake::Scenario& s) { set_build_tag(s, row.tag); });
    ASSERT_TRUE(report.parsed) << report.process.err;
    for (const std::string& id : always) {
      EXPECT_EQ(report.status(id), "pass")
          << row.tag << " " << id << ": " << message_of(report, id);
    }
    EXPECT_EQ(report.status("oauth.api.scope_restriction"), row.scope_restriction) << row.tag;
    EXPECT_EQ(report.status("oauth.api.path_acl"), row.path_acl) << row.tag;
    EXPECT_EQ(report.status("oauth.api.machine_identity"), row.machine_identity) << row.tag;
    for (const char* id :
         {"oauth.api.scope_restriction", "oauth.api.path_acl", "oauth.api.machine_identity"}) {
      if (report.status(id) != "skip") continue;
      EXPECT_NE(message_of(report, id).find(std::string("this instance runs ") + row.label),
                std::string::npos)
          << message_of(report, id);
    }
    EXPECT_EQ(report.status("oauth.api.prediction"), "pass") << row.tag << report.process.out;
  }
}

TEST(BearerRelease, AnUnknownReleaseRunsEveryGate) {
  Report report = run_api([](fake::Scenario& s) {
    remove_rows(s, "sys_properties", "name", "glide.war");
    remove_rows(s, "sys_properties", "name", "glide.buildtag.last");
  });
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.api.path_acl"), "pass") << report.process.out;
  EXPECT_EQ(report.status("oauth.api.machine_identity"), "pass");
  // The Zurich Patch 4 option's column does not exist on this scenario's entries: unknown release,
  // so the gate applies, and the missing column is named rather than read as "off".
  EXPECT_EQ(report.status("oauth.api.scope_restriction"), "error");
  EXPECT_NE(message_of(report, "oauth.api.scope_restriction")
                .find("no column scope_restriction_status on table oauth_entity"),
            std::string::npos)
      << message_of(report, "oauth.api.scope_restriction");
}

// A column only practitioner sources name, missing from the instance's dictionary: the checks
// that need it say so; the others are judged as usual.
TEST(BearerSchema, AMissingColumnIsAnErrorNamingIt) {
  Report report =
      run_api([](fake::Scenario& s) { s.schema.dropped.insert("sys_user_has_role.state"); });
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const char* id : {"oauth.api.acl", "oauth.api.internal_role", "oauth.api.prediction"}) {
    EXPECT_EQ(report.status(id), "error") << id << ": " << report.process.out;
    EXPECT_NE(message_of(report, id).find("no column state on table sys_user_has_role"),
              std::string::npos)
        << message_of(report, id);
  }
  EXPECT_EQ(report.status("oauth.api.auth_scope"), "pass");
  EXPECT_EQ(report.status("oauth.api.resource"), "pass");
  EXPECT_EQ(report.process.exit_code, 2);
}

TEST(BearerSchema, TheApplicationUserColumnIsVerifiedToo) {
  Report report = run_api([](fake::Scenario& s) { s.schema.dropped.insert("oauth_entity.user"); });
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.api.acl"), "error");
  EXPECT_NE(message_of(report, "oauth.api.acl").find("no column user on table oauth_entity"),
            std::string::npos)
      << message_of(report, "oauth.api.acl");
}

// A column a parent table defines is listed under the parent's name: found there.
TEST(BearerSchema, AColumnOfAParentTableIsFound) {
  Report report = run_api([](fake::Scenario& s) {
    add_profile(s, "po", "OAuth", "oauth");
    add_policy(s, "a1", "Inventory OAuth", false, {"po"});
  });
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.api.access_policy"), "pass") << report.process.out;
  EXPECT_EQ(report.status("oauth.api.auth_profile"), "pass") << report.process.out;
}

TEST(BearerSchema, AnUnreadableDictionaryMeansNoVerdictOnThoseColumns) {
  Report report = run_api([](fake::Scenario& s) { s.denied_tables.insert("sys_dictionary"); });
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.api.acl"), "error");
  EXPECT_NE(message_of(report, "oauth.api.acl").find("sys_dictionary could not be read"),
            std::string::npos)
      << message_of(report, "oauth.api.acl");
}

}  // namespace
}  // namespace sncheck::testing
