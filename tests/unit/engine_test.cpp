// SPDX-License-Identifier: Apache-2.0
#include "run/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "report/report.h"
#include "test_support.h"

namespace sncheck {
namespace {

RunParams client_params(const std::string& client_id) {
  RunParams params;
  params.values["client_id"] = client_id;
  return params;
}

using test_support::FakeTables;
using test_support::row;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kOauth2 = "com.snc.platform.security.oauth";
constexpr const char* kRest = "com.glide.rest";
constexpr const char* kAuthScope = "com.glide.auth.scope";
constexpr const char* kRestAuthScope = "com.glide.rest.auth.scope";
constexpr const char* kClientCredentials =
    "glide.oauth.inbound.client.credential.grant_type.enabled";
constexpr const char* kOauthActive = "com.snc.platform.security.oauth.is.active";

Record plugin(const std::string& id, const std::string& active, const std::string& sys_id = "p1") {
  return row({{"sys_id", sys_id},
              {"source", id},
              {"name", id + " plugin"},
              {"active", active},
              {"version", "1.0"}});
}

Record v_plugin(const std::string& id, const std::string& active) {
  return row({{"sys_id", "v-" + id}, {"id", id}, {"name", id + " plugin"}, {"active", active}});
}

Record property(const std::string& name, const std::string& value) {
  return row(
      {{"sys_id", "prop-" + name}, {"name", name}, {"value", value}, {"type", "true|false"}});
}

Record user_fields(Record entry, const std::string& user, const std::string& user_name,
                   const std::string& active, const std::string& locked_out) {
  entry["user"] = FieldValue{user, ""};
  entry["user.sys_id"] = FieldValue{user, ""};
  entry["user.user_name"] = FieldValue{user_name, ""};
  entry["user.active"] = FieldValue{active, ""};
  entry["user.locked_out"] = FieldValue{locked_out, ""};
  entry["user.web_service_access_only"] = FieldValue{"true", ""};
  return entry;
}

Record entry(const std::string& sys_id, const std::string& name, const std::string& client_id,
             const std::string& active = "true") {
  Record out = row({{"sys_id", sys_id},
                    {"name", name},
                    {"client_id", client_id},
                    {"active", active},
                    {"type", "client"},
                    {"access_token_lifespan", "1800"},
                    {"redirect_url", "https://acme.example/callback"}});
  return user_fields(std::move(out), "u-" + sys_id, name + ".user", "true", "false");
}

// A healthy instance: every link of the chain is in place.
FakeTables healthy() {
  FakeTables tables;
  for (const char* id : {kOauth2, kRest, kAuthScope, kRestAuthScope}) {
    tables.add("sys_plugins", plugin(id, "true", std::string("sp-") + id));
  }
  tables.add("sys_properties", property(kClientCredentials, "true"));
  tables.add("sys_properties", property("glide.war", "glide-zurich-07-01-2025__patch2-09-18-2025"));
  tables.add("oauth_entity", entry("e1", "Acme Integration", "abc123"));
  // An admin grant, but not to the application user.
  tables.add("sys_user_has_role", row({{"sys_id", "g1"},
                                       {"user", "u-admin"},
                                       {"role", "r-admin"},
                                       {"role.name", "admin"},
                                       {"state", "active"}}));
  return tables;
}

class EngineTest : public ::testing::Test {
 protected:
  // `api`: as with --api (the auth-scope plugin checks and the oauth.api.* checks run then).
  RunOutcome run(FakeTables& tables, const std::string& client_id = "",
                 const std::string& globs = "", bool api = false) {
    RunParams params;
    params.instance_url = "https://acme.service-now.com";
    if (!client_id.empty()) params.values["client_id"] = client_id;
    if (api) {
      params.values["api_path"] = "/api/x_acme/inventory/items/42";
      params.values["api_namespace"] = "x_acme";
      params.values["api_method"] = "GET";
    }
    selected_ = select_checks(catalog_.checks(), "oauth", globs, [&](const std::string& name) {
      return params.find(name) != nullptr;
    });
    return run_checks(catalog_, selected_, params, tables.fetcher());
  }

  // The results of one check (several for per-record checks).
  static std::vector<const Result*> of(const RunOutcome& outcome, const std::string& id) {
    std::vector<const Result*> out;
    for (const Result& result : outcome.results) {
      if (result.check->id == id) out.push_back(&result);
    }
    return out;
  }

  // A copy: callers often pass a temporary outcome.
  static Result one(const RunOutcome& outcome, const std::string& id) {
    std::vector<const Result*> results = of(outcome, id);
    EXPECT_EQ(results.size(), 1u) << id;
    return results.empty() ? Result{} : *results.front();
  }

  static std::string describe(const RunOutcome& outcome) {
    std::string text;
    for (const Result& r : outcome.results) {
      text += r.check->id + " [" + r.subject + "] " + std::string(to_string(r.status)) + ": " +
              r.message + "\n";
    }
    return text;
  }

  CheckCatalog catalog_ = test_support::builtin_catalog();
  std::vector<const CheckDefinition*> selected_;
};

TEST_F(EngineTest, HealthyInstancePassesEverything) {
  FakeTables tables = healthy();
  RunOutcome outcome = run(tables);
  EXPECT_FALSE(outcome.fatal.has_value());
  EXPECT_EQ(outcome.requests_planned, 4u);
  ASSERT_EQ(tables.waves().size(), 1u);  // every plugin answered: no fallback wave
  EXPECT_EQ(tables.requests().size(), 4u);
  ASSERT_EQ(outcome.results.size(), 15u) << describe(outcome);
  for (const Result& result : outcome.results) {
    // Without --probe the probe is skipped; everything else passes.
    EXPECT_EQ(result.status, result.check->id == "oauth.probe.token" ? Status::Skip : Status::Pass)
        << describe(outcome);
  }
  EXPECT_EQ(one(outcome, "oauth.registry.app_user").subject, "Acme Integration");
  EXPECT_EQ(exit_code(outcome), 0);
  EXPECT_EQ(root_cause(outcome.results), nullptr);
}

TEST_F(EngineTest, HealthyInstanceWithClientIdPasses) {
  FakeTables tables = healthy();
  RunOutcome outcome = run(tables, "abc123");
  ASSERT_EQ(outcome.results.size(), 15u) << describe(outcome);
  for (const Result& result : outcome.results) {
    EXPECT_EQ(result.status, result.check->id == "oauth.probe.token" ? Status::Skip : Status::Pass)
        << describe(outcome);
  }
  EXPECT_EQ(one(outcome, "oauth.registry.entry").subject, "Acme Integration");
}

// ---- properties ----

TEST_F(EngineTest, ClientCredentialsPropertyMissingFails) {
  FakeTables tables;
  tables.add("sys_plugins", plugin(kOauth2, "true"));
  RunOutcome outcome = run(tables, "", "oauth.property.*");
  Result result = one(outcome, "oauth.property.client_credentials");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message, HasSubstr("does not exist"));
  EXPECT_THAT(result.remediation, HasSubstr(kClientCredentials));
  EXPECT_EQ(one(outcome, "oauth.property.oauth_active").status, Status::Pass);
  EXPECT_EQ(exit_code(outcome), 1);
}

TEST_F(EngineTest, ClientCredentialsPropertyFalseFails) {
  FakeTables tables;
  tables.add("sys_properties", property(kClientCredentials, "false"));
  RunOutcome outcome = run(tables, "", "oauth.property.*");
  Result result = one(outcome, "oauth.property.client_credentials");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message, HasSubstr("is 'false', not 'true'"));
  EXPECT_THAT(result.remediation,
              HasSubstr("https://acme.service-now.com/sys_properties.do?sys_id=prop-"));
  ASSERT_EQ(result.evidence.size(), 1u);
  EXPECT_EQ(result.evidence[0].field, "value");
  EXPECT_EQ(result.evidence[0].value, "false");
}

TEST_F(EngineTest, OauthActiveMissingPassesFalseFails) {
  FakeTables missing;
  missing.add("sys_properties", property(kClientCredentials, "true"));
  EXPECT_EQ(
      one(run(missing, "", "oauth.property.oauth_active"), "oauth.property.oauth_active").status,
      Status::Pass);

  FakeTables off;
  off.add("sys_properties", property(kClientCredentials, "true"));
  off.add("sys_properties", property(kOauthActive, "false"));
  RunOutcome outcome = run(off, "", "oauth.property.*");
  Result result = one(outcome, "oauth.property.oauth_active");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message, HasSubstr("is 'false'"));
  EXPECT_EQ(one(outcome, "oauth.property.client_credentials").status, Status::Pass);
}

// ---- plugins ----

TEST_F(EngineTest, PluginActiveEncodingsPass) {
  for (const char* value : {"true", "1", "active"}) {
    FakeTables tables;
    tables.add("sys_plugins", plugin(kOauth2, value));
    RunOutcome outcome = run(tables, "", "oauth.plugin.oauth2");
    Result result = one(outcome, "oauth.plugin.oauth2");
    EXPECT_EQ(result.status, Status::Pass) << value;
    EXPECT_EQ(result.message, std::string("Plugin ") + kOauth2 + " is active.");
  }
}

TEST_F(EngineTest, PluginInactiveEncodingsFail) {
  for (const char* value : {"false", "0", "inactive"}) {
    FakeTables tables;
    tables.add("sys_plugins", plugin(kOauth2, value));
    Result result = one(run(tables, "", "oauth.plugin.oauth2"), "oauth.plugin.oauth2");
    EXPECT_EQ(result.status, Status::Fail) << value;
    EXPECT_THAT(result.message, HasSubstr("installed but not active"));
    EXPECT_THAT(result.remediation, HasSubstr("activate it"));
  }
}

TEST_F(EngineTest, PluginMissingFromBothSourcesFails) {
  FakeTables tables;
  tables.add("sys_plugins", plugin(kRest, "true"));  // another plugin only
  RunOutcome outcome = run(tables, "", "oauth.plugin.oauth2");
  Result result = one(outcome, "oauth.plugin.oauth2");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message, HasSubstr("not installed"));
  ASSERT_EQ(result.evidence.size(), 1u);
  EXPECT_EQ(result.evidence[0].note, std::string("no record matches source=") + kOauth2);
}

TEST_F(EngineTest, PluginUnreadableIsAnErrorNeverAPass) {
  FakeTables tables;
  tables.fail("sys_plugins", FetchErrorKind::Forbidden, 403, "403 reading sys_plugins: denied",
              "Grant the reading account the admin role or a read ACL on sys_plugins.");
  tables.fail("v_plugin", FetchErrorKind::InvalidTable, 400, "400 reading v_plugin: Invalid table");
  RunOutcome outcome = run(tables, "", "oauth.plugin.*", true);
  ASSERT_EQ(outcome.results.size(), 4u);
  for (const Result& result : outcome.results) {
    EXPECT_EQ(result.status, Status::Error) << result.check->id;
    EXPECT_EQ(result.message, "403 reading sys_plugins: denied");
    EXPECT_THAT(result.remediation, HasSubstr("read ACL on sys_plugins"));
  }
  EXPECT_FALSE(outcome.fatal.has_value());
  EXPECT_EQ(exit_code(outcome), 2);
}

TEST_F(EngineTest, PluginFoundOnlyInVPlugin) {
  FakeTables tables;
  tables.add("v_plugin", v_plugin(kOauth2, "active"));
  Result result = one(run(tables, "", "oauth.plugin.oauth2"), "oauth.plugin.oauth2");
  EXPECT_EQ(result.status, Status::Pass);
  ASSERT_EQ(result.evidence.size(), 1u);
  EXPECT_EQ(result.evidence[0].table, "v_plugin");
}

TEST_F(EngineTest, FallbackIsReadInASecondWaveOnlyForPluginsWithoutARow) {
  FakeTables tables;
  tables.add("sys_plugins", plugin(kOauth2, "true"));
  tables.add("sys_plugins", plugin(kRest, "true"));
  tables.add("v_plugin", v_plugin(kAuthScope, "active"));
  tables.add("v_plugin", v_plugin(kRestAuthScope, "inactive"));
  RunOutcome outcome = run(tables, "", "oauth.plugin.*", true);
  ASSERT_EQ(tables.waves().size(), 2u);
  ASSERT_EQ(tables.waves()[1].size(), 1u);
  EXPECT_EQ(tables.waves()[1][0].table, "v_plugin");
  EXPECT_EQ(tables.waves()[1][0].query, std::string("idIN") + kAuthScope + "," + kRestAuthScope);
  EXPECT_EQ(outcome.requests_planned, 2u);
  EXPECT_EQ(one(outcome, "oauth.plugin.oauth2").evidence.at(0).table, "sys_plugins");
  EXPECT_EQ(one(outcome, "oauth.plugin.auth_scope").status, Status::Pass);
  EXPECT_EQ(one(outcome, "oauth.plugin.auth_scope").evidence.at(0).table, "v_plugin");
  // Not a link of the token request: an inactive REST API Auth Scope plugin is a warning.
  EXPECT_EQ(one(outcome, "oauth.plugin.rest_auth_scope").status, Status::Warn);
}

TEST_F(EngineTest, AuthScopePluginsRunOnlyWithApi) {
  FakeTables tables;
  tables.add("sys_plugins", plugin(kOauth2, "true"));
  RunOutcome outcome = run(tables, "", "oauth.plugin.*");
  EXPECT_TRUE(of(outcome, "oauth.plugin.auth_scope").empty());
  EXPECT_TRUE(of(outcome, "oauth.plugin.rest_auth_scope").empty());
  EXPECT_EQ(one(outcome, "oauth.plugin.oauth2").status, Status::Pass);
}

TEST_F(EngineTest, FallbackIsReadWhenThePrimaryIsRefused) {
  FakeTables tables;
  tables.fail("sys_plugins", FetchErrorKind::Forbidden, 403, "403 reading sys_plugins: denied");
  tables.add("v_plugin", v_plugin(kOauth2, "active"));
  RunOutcome outcome = run(tables, "", "oauth.plugin.oauth2");
  ASSERT_EQ(tables.waves().size(), 2u);
  EXPECT_EQ(tables.waves()[1].at(0).query, std::string("id=") + kOauth2);
  EXPECT_EQ(one(outcome, "oauth.plugin.oauth2").status, Status::Pass);
}

TEST_F(EngineTest, InactiveInThePrimaryNeedsNoFallback) {
  FakeTables tables;
  tables.add("sys_plugins", plugin(kOauth2, "false"));
  tables.add("v_plugin", v_plugin(kOauth2, "active"));
  RunOutcome outcome = run(tables, "", "oauth.plugin.oauth2");
  EXPECT_EQ(tables.waves().size(), 1u);
  EXPECT_EQ(one(outcome, "oauth.plugin.oauth2").status, Status::Fail);
}

TEST_F(EngineTest, ConnectionFailureInTheFallbackWaveIsFatal) {
  FakeTables tables;
  tables.fail("v_plugin", FetchErrorKind::Connect, 0, "connecting: refused");
  RunOutcome outcome = run(tables, "", "oauth.plugin.oauth2");
  ASSERT_EQ(tables.waves().size(), 2u);
  ASSERT_TRUE(outcome.fatal.has_value());
  EXPECT_EQ(one(outcome, "oauth.plugin.oauth2").status, Status::Error);
}

TEST_F(EngineTest, VPluginInvalidTableIsNotASource) {
  FakeTables tables;
  tables.add("sys_plugins", plugin(kOauth2, "true"));
  tables.fail("v_plugin", FetchErrorKind::InvalidTable, 400, "400 reading v_plugin: Invalid table");
  EXPECT_EQ(one(run(tables, "", "oauth.plugin.oauth2"), "oauth.plugin.oauth2").status,
            Status::Pass);
}

TEST_F(EngineTest, UnknownActiveValueIsAnError) {
  FakeTables tables;
  tables.add("sys_plugins", plugin(kOauth2, "maybe"));
  Result result = one(run(tables, "", "oauth.plugin.oauth2"), "oauth.plugin.oauth2");
  EXPECT_EQ(result.status, Status::Error);
  EXPECT_THAT(result.message, HasSubstr("'maybe'"));
}

// ---- registry entry ----

TEST_F(EngineTest, RegistryEntryNoneFails) {
  FakeTables empty;
  empty.add("sys_plugins", plugin(kOauth2, "true"));
  RunOutcome outcome = run(empty, "", "oauth.registry.entry");
  Result result = one(outcome, "oauth.registry.entry");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message,
              StartsWith("No Application Registry entry for external clients exists (sncheck "
                         "searched oauth_entity for entries with a client id"));
  EXPECT_THAT(result.remediation, HasSubstr("https://acme.service-now.com/oauth_entity_list.do"));
}

TEST_F(EngineTest, RegistryEntryOnlyInactiveFails) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Old", "old1", "false"));
  Result result = one(run(tables, "", "oauth.registry.entry"), "oauth.registry.entry");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message,
              StartsWith("1 Application Registry entry exists for external clients, none active"));
  ASSERT_EQ(result.evidence.size(), 1u);
  EXPECT_EQ(result.evidence[0].sys_id, "e1");
}

TEST_F(EngineTest, RegistryEntryExactClientIdActivePasses) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Acme", "abc123"));
  tables.add("oauth_entity", entry("e2", "Other", "zzz"));
  Result result = one(run(tables, "abc123", "oauth.registry.entry"), "oauth.registry.entry");
  EXPECT_EQ(result.status, Status::Pass);
  EXPECT_EQ(result.subject, "Acme");
}

TEST_F(EngineTest, RegistryEntryExactClientIdInactiveFails) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Acme", "abc123", "false"));
  Result result = one(run(tables, "abc123", "oauth.registry.entry"), "oauth.registry.entry");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message, HasSubstr("exists but is not active"));
  EXPECT_THAT(result.remediation, HasSubstr("oauth_entity.do?sys_id=e1"));
}

TEST_F(EngineTest, RegistryEntryCaseDifferingNearMatch) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Acme", "ABC123"));
  Result result = one(run(tables, "abc123", "oauth.registry.entry"), "oauth.registry.entry");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message, HasSubstr("Near matches: 1"));
  ASSERT_EQ(result.evidence.size(), 1u);
  EXPECT_THAT(
      result.evidence[0].note,
      AllOf(HasSubstr("near match"), HasSubstr("differs only in case"), HasSubstr("ABC123")));
  EXPECT_EQ(result.evidence[0].sys_id, "e1");
}

TEST_F(EngineTest, RegistryEntryNameGivenInsteadOfClientId) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Acme Integration", "abc123"));
  Result result =
      one(run(tables, "acme integration", "oauth.registry.entry"), "oauth.registry.entry");
  EXPECT_EQ(result.status, Status::Fail);
  ASSERT_EQ(result.evidence.size(), 1u);
  EXPECT_THAT(result.evidence[0].note,
              AllOf(HasSubstr("near match"), HasSubstr("name is the value given")));
}

TEST_F(EngineTest, RegistryEntryMissingWithoutNearMatch) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Acme", "abc123"));
  Result result =
      one(run(tables, "nothing-like-it", "oauth.registry.entry"), "oauth.registry.entry");
  EXPECT_EQ(result.status, Status::Fail);
  ASSERT_EQ(result.evidence.size(), 1u);
  EXPECT_THAT(result.evidence[0].note, HasSubstr("none with this one"));
  EXPECT_EQ(result.evidence[0].sys_id, "");
}

// ---- application user ----

TEST_F(EngineTest, AppUserEmptyFailsPerEntry) {
  FakeTables tables;
  Record no_user = entry("e1", "Acme", "abc123");
  no_user["user"].value = "";
  tables.add("oauth_entity", no_user);
  RunOutcome outcome = run(tables, "", "oauth.registry.app_user");
  Result result = one(outcome, "oauth.registry.app_user");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_EQ(result.subject, "Acme");
  EXPECT_THAT(result.message,
              HasSubstr("Entry 'Acme' (client id abc123) has no OAuth Application"));
  EXPECT_THAT(result.remediation, HasSubstr("oauth_entity.do?sys_id=e1"));
}

TEST_F(EngineTest, AppUserTwoEntriesOneGoodOneBad) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Good", "good1"));
  Record bad = entry("e2", "Bad", "bad2");
  bad["user"].value = "";
  tables.add("oauth_entity", bad);
  RunOutcome outcome = run(tables, "", "oauth.registry.app_user");
  std::vector<const Result*> results = of(outcome, "oauth.registry.app_user");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]->subject, "Good");
  EXPECT_EQ(results[0]->status, Status::Pass);
  EXPECT_EQ(results[1]->subject, "Bad");
  EXPECT_EQ(results[1]->status, Status::Fail);
  EXPECT_EQ(exit_code(outcome), 1);
}

TEST_F(EngineTest, AppUserNarrowedToClientId) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Good", "good1"));
  Record bad = entry("e2", "Bad", "bad2");
  bad["user"].value = "";
  tables.add("oauth_entity", bad);
  RunOutcome outcome = run(tables, "good1", "oauth.registry.app_user");
  std::vector<const Result*> results = of(outcome, "oauth.registry.app_user");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]->subject, "Good");
  EXPECT_EQ(results[0]->status, Status::Pass);
}

TEST_F(EngineTest, UsableInactiveUserFails) {
  FakeTables tables;
  tables.add("oauth_entity",
             user_fields(entry("e1", "Acme", "abc123"), "u1", "int.user", "false", "false"));
  Result result = one(run(tables, "", "oauth.app_user.usable"), "oauth.app_user.usable");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_EQ(result.subject, "Acme");
  EXPECT_EQ(result.message, "OAuth Application User 'int.user' of entry 'Acme' is inactive.");
  EXPECT_THAT(result.remediation, HasSubstr("https://acme.service-now.com/sys_user.do?sys_id=u1"));
}

TEST_F(EngineTest, UsableLockedOutUserFails) {
  FakeTables tables;
  tables.add("oauth_entity",
             user_fields(entry("e1", "Acme", "abc123"), "u1", "int.user", "true", "true"));
  Result result = one(run(tables, "", "oauth.app_user.usable"), "oauth.app_user.usable");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_EQ(result.message, "OAuth Application User 'int.user' of entry 'Acme' is locked out.");
  EXPECT_THAT(result.remediation, HasSubstr("clear Locked out"));
}

TEST_F(EngineTest, UsableDanglingUserReferenceFails) {
  FakeTables tables;
  Record dangling = user_fields(entry("e1", "Acme", "abc123"), "u-gone", "", "", "");
  dangling["user.sys_id"].value = "";
  tables.add("oauth_entity", dangling);
  Result result = one(run(tables, "", "oauth.app_user.usable"), "oauth.app_user.usable");
  EXPECT_EQ(result.status, Status::Fail);
  EXPECT_THAT(result.message, HasSubstr("names user u-gone, but no such user record exists"));
  EXPECT_THAT(result.remediation, HasSubstr("choose an existing integration user"));
}

TEST_F(EngineTest, UsableSkipsEntryWithoutUser) {
  FakeTables tables;
  Record no_user = user_fields(entry("e1", "Acme", "abc123"), "", "", "", "");
  tables.add("oauth_entity", no_user);
  Result result = one(run(tables, "", "oauth.app_user.usable"), "oauth.app_user.usable");
  EXPECT_EQ(result.status, Status::Skip);
  EXPECT_EQ(result.subject, "Acme");
  EXPECT_EQ(result.message,
            "Entry 'Acme' has no OAuth Application User (see oauth.registry.app_user).");
}

TEST_F(EngineTest, MissingDotWalkedFieldIsAnErrorNotAPass) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Acme", "abc123"));
  tables.hide("oauth_entity", "user.active");
  Result result = one(run(tables, "", "oauth.app_user.usable"), "oauth.app_user.usable");
  EXPECT_EQ(result.status, Status::Error);
  EXPECT_THAT(result.message, HasSubstr("did not return field 'user.active'"));
  EXPECT_THAT(result.remediation, HasSubstr("read access"));
}

TEST_F(EngineTest, MissingQueryFieldIsAnError) {
  FakeTables tables;
  tables.add("oauth_entity", entry("e1", "Acme", "abc123"));
  tables.hide("oauth_entity", "type");
  Result result = one(run(tables, "", "oauth.registry.entry"), "oauth.registry.entry");
  EXPECT_EQ(result.status, Status::Error);
  EXPECT_THAT(result.message, HasSubstr("without field 'type'"));
  EXPECT_THAT(result.remediation, HasSubstr("oauth_entity.type"));
}

TEST_F(EngineTest, ReadErrorGivesErrorWithRemedy) {
  FakeTables tables = healthy();
  tables.fail("sys_properties", FetchErrorKind::Forbidden, 403,
              "403 reading sys_properties: ACL denies", "Give the account the admin role.");
  RunOutcome outcome = run(tables);
  for (const char* id : {"oauth.property.client_credentials", "oauth.property.oauth_active"}) {
    Result result = one(outcome, id);
    EXPECT_EQ(result.status, Status::Error) << id;
    EXPECT_EQ(result.message, "403 reading sys_properties: ACL denies");
    EXPECT_EQ(result.remediation, "Give the account the admin role.");
    ASSERT_EQ(result.evidence.size(), 1u);
    EXPECT_THAT(result.evidence[0].note, HasSubstr("read failed (")) << id;
  }
  EXPECT_EQ(one(outcome, "oauth.registry.entry").status, Status::Pass);
  EXPECT_EQ(exit_code(outcome), 2);
}

TEST_F(EngineTest, FailedPrerequisiteSkipsDependants) {
  FakeTables broken;
  broken.add("sys_plugins", plugin(kOauth2, "false"));
  for (const char* id : {kRest, kAuthScope, kRestAuthScope}) {
    broken.add("sys_plugins", plugin(id, "true", std::string("sp-") + id));
  }
  broken.add("sys_properties", property(kClientCredentials, "true"));
  broken.add("oauth_entity", entry("e1", "Acme", "abc123"));
  RunOutcome outcome = run(broken);
  EXPECT_EQ(one(outcome, "oauth.plugin.oauth2").status, Status::Fail);
  for (const char* id :
       {"oauth.registry.entry", "oauth.registry.app_user", "oauth.app_user.usable"}) {
    Result result = one(outcome, id);
    EXPECT_EQ(result.status, Status::Skip) << id;
    EXPECT_EQ(result.message.rfind("Not evaluated: prerequisite oauth.plugin.oauth2 failed. ", 0),
              0u)
        << result.message;
  }
  EXPECT_EQ(one(outcome, "oauth.property.client_credentials").status, Status::Pass);
  ASSERT_NE(root_cause(outcome.results), nullptr);
  EXPECT_EQ(root_cause(outcome.results)->check->id, "oauth.plugin.oauth2");
}

TEST_F(EngineTest, ConnectionLevelErrorIsFatal) {
  for (FetchErrorKind kind : {FetchErrorKind::Unauthorized, FetchErrorKind::HibernatingInstance}) {
    FakeTables tables = healthy();
    tables.fail("oauth_entity", kind, kind == FetchErrorKind::Unauthorized ? 401 : 200,
                "the instance refused sncheck", "Check --user and the password.");
    RunOutcome outcome = run(tables);
    ASSERT_TRUE(outcome.fatal.has_value());
    EXPECT_EQ(outcome.fatal->kind, kind);
    ASSERT_EQ(outcome.results.size(), selected_.size());
    for (std::size_t i = 0; i < selected_.size(); ++i) {
      EXPECT_EQ(outcome.results[i].check, selected_[i]);
      EXPECT_EQ(outcome.results[i].status, Status::Error);
      EXPECT_EQ(outcome.results[i].message, "Not evaluated: the instance refused sncheck");
      EXPECT_EQ(outcome.results[i].remediation, "Check --user and the password.");
    }
    EXPECT_EQ(exit_code(outcome), 2);
  }
}

TEST_F(EngineTest, RootCauseIsTheEarliestFailingLink) {
  FakeTables tables;
  for (const char* id : {kOauth2, kRest, kAuthScope, kRestAuthScope}) {
    tables.add("sys_plugins", plugin(id, "true", std::string("sp-") + id));
  }
  Record no_user = entry("e1", "Acme", "abc123");
  no_user["user"].value = "";
  tables.add("oauth_entity", no_user);  // fails step 50; the property (step 30) is missing too
  RunOutcome outcome = run(tables);
  const Result* root = root_cause(outcome.results);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->check->id, "oauth.property.client_credentials");

  // Regardless of the order of the results vector.
  std::vector<Result> reversed(outcome.results.rbegin(), outcome.results.rend());
  root = root_cause(reversed);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->check->id, "oauth.property.client_credentials");
}

// --- the token probe, from canned outcomes (no sockets)
// -------------------------------------------

class ProbeEngineTest : public EngineTest {
 protected:
  RunOutcome run_probe(FakeTables& tables, const TokenProbeOutcome& canned, int* calls) {
    RunParams params;
    params.instance_url = "https://acme.service-now.com";
    params.values["client_id"] = "abc123";
    selected_ = select_checks(catalog_.checks(), "oauth", "");
    return run_checks(catalog_, selected_, params, tables.fetcher(), [&canned, calls] {
      ++*calls;
      return canned;
    });
  }
};

TEST_F(ProbeEngineTest, GrantedTokenPassesWithTypeLifetimeAndScope) {
  FakeTables tables = healthy();
  TokenProbeOutcome canned;
  canned.kind = TokenAnswerKind::Granted;
  canned.granted = true;
  canned.http_status = 200;
  canned.attempts = 1;
  canned.token_type = "Bearer";
  canned.expires_in = 1799;
  canned.scope = "useraccount";
  int calls = 0;
  RunOutcome outcome = run_probe(tables, canned, &calls);
  EXPECT_EQ(calls, 1);
  Result probe = one(outcome, "oauth.probe.token");
  EXPECT_EQ(probe.status, Status::Pass);
  EXPECT_THAT(probe.message, AllOf(HasSubstr("Bearer"), HasSubstr("1799 s"),
                                   HasSubstr("'useraccount'"), HasSubstr("'Acme Integration'")));
  EXPECT_EQ(exit_code(outcome), 0);
}

TokenProbeOutcome refusal(const std::string& error, int status = 401) {
  TokenProbeOutcome canned;
  canned.kind = TokenAnswerKind::Refused;
  canned.http_status = status;
  canned.basic_status = status;
  canned.attempts = status == 401 ? 2 : 1;
  canned.oauth_error = error;
  canned.refusal_body = error == "server_error"
                            ? R"({"error_description":"access_denied","error":"server_error"})"
                            : R"({"error":")" + error + R"("})";
  return canned;
}

TEST_F(ProbeEngineTest, GenericRefusalWithHealthyConfigurationPointsToTheOAuthLog) {
  FakeTables tables = healthy();
  int calls = 0;
  RunOutcome outcome = run_probe(tables, refusal("server_error"), &calls);
  Result probe = one(outcome, "oauth.probe.token");
  EXPECT_EQ(probe.status, Status::Fail);
  EXPECT_FALSE(probe.decisive);
  EXPECT_THAT(probe.message, AllOf(HasSubstr("HTTP 401"), HasSubstr("access_denied"),
                                   HasSubstr("again in the body"), HasSubstr("generic refusal")));
  const Result* root = root_cause(outcome.results);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->check->id, "oauth.probe.token");
  EXPECT_THAT(root_cause_message(*root, client_params("abc123")),
              AllOf(HasSubstr("The token endpoint refuses client abc123: the token endpoint gives "
                              "its generic refusal"),
                    HasSubstr("OAuth log")));
}

// invalid_client names its own cause: the client id, the secret or an inactive entry. An
// earlier failing link (the property) is still reported, but it is not the root cause.
TEST_F(ProbeEngineTest, InvalidClientIsTheRootCauseEvenWhenThePropertyFails) {
  FakeTables tables;
  for (const char* id : {kOauth2, kRest, kAuthScope, kRestAuthScope}) {
    tables.add("sys_plugins", plugin(id, "true", std::string("sp-") + id));
  }
  tables.add("sys_properties", property(kClientCredentials, "false"));
  tables.add("oauth_entity", entry("e1", "Acme Integration", "abc123"));
  int calls = 0;
  RunOutcome outcome = run_probe(tables, refusal("invalid_client"), &calls);
  EXPECT_EQ(one(outcome, "oauth.property.client_credentials").status, Status::Fail);
  Result probe = one(outcome, "oauth.probe.token");
  EXPECT_EQ(probe.status, Status::Fail);
  EXPECT_TRUE(probe.decisive);
  EXPECT_THAT(probe.message, HasSubstr("does not accept the id and secret"));
  EXPECT_THAT(probe.remediation, HasSubstr("Client Secret"));
  const Result* root = root_cause(outcome.results);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->check->id, "oauth.probe.token");
  std::string sentence = root_cause_message(*root, client_params("abc123"));
  EXPECT_THAT(sentence, HasSubstr("secret does not match"));
  EXPECT_THAT(sentence, ::testing::Not(HasSubstr("glide.oauth.inbound")));
}

TEST_F(ProbeEngineTest, UnauthorizedClientPointsToTheApplicationUser) {
  FakeTables tables = healthy();
  int calls = 0;
  RunOutcome outcome = run_probe(tables, refusal("unauthorized_client", 400), &calls);
  Result probe = one(outcome, "oauth.probe.token");
  EXPECT_EQ(probe.status, Status::Fail);
  EXPECT_TRUE(probe.decisive);
  EXPECT_THAT(probe.message, AllOf(HasSubstr("OAuth Application User"), HasSubstr("HTTP 400")));
  EXPECT_THAT(probe.remediation, HasSubstr("OAuth Application User"));
}

TEST_F(ProbeEngineTest, AnAnswerSncheckCannotJudgeIsAnErrorNeverARefusal) {
  FakeTables tables = healthy();
  TokenProbeOutcome canned;
  canned.kind = TokenAnswerKind::Unjudgeable;
  canned.http_status = 500;
  canned.attempts = 1;
  canned.unjudgeable = "a server error: HTTP 500 with 38 bytes of text/html (not shown)";
  int calls = 0;
  RunOutcome outcome = run_probe(tables, canned, &calls);
  Result probe = one(outcome, "oauth.probe.token");
  EXPECT_EQ(probe.status, Status::Error);
  EXPECT_THAT(probe.message, AllOf(HasSubstr("cannot judge"), HasSubstr("HTTP 500")));
  EXPECT_THAT(probe.message, ::testing::Not(HasSubstr("refused")));
  EXPECT_EQ(root_cause(outcome.results), nullptr);
  EXPECT_EQ(exit_code(outcome), 2);
}

TEST_F(ProbeEngineTest, RefusalIsExplainedByTheEarliestBrokenLink) {
  FakeTables tables;
  for (const char* id : {kOauth2, kRest, kAuthScope, kRestAuthScope}) {
    tables.add("sys_plugins", plugin(id, "true", std::string("sp-") + id));
  }
  tables.add("sys_properties", property(kClientCredentials, "false"));
  tables.add("oauth_entity", entry("e1", "Acme Integration", "abc123"));
  int calls = 0;
  RunOutcome outcome = run_probe(tables, refusal("server_error"), &calls);
  EXPECT_EQ(one(outcome, "oauth.probe.token").status, Status::Fail);
  const Result* root = root_cause(outcome.results);
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->check->id, "oauth.property.client_credentials");
  EXPECT_EQ(root_cause_message(*root, client_params("abc123"))
                .rfind("The token endpoint refuses client abc123 because system property "
                       "glide.oauth.inbound.client.credential.grant_type.enabled is 'false'",
                       0),
            0u)
      << root_cause_message(*root, client_params("abc123"));
}

TEST_F(ProbeEngineTest, NoAnswerIsAnErrorNeverAPass) {
  FakeTables tables = healthy();
  TokenProbeOutcome canned;
  canned.kind = TokenAnswerKind::NoAnswer;
  canned.attempts = 1;
  canned.transport_error = "Connection refused";
  int calls = 0;
  RunOutcome outcome = run_probe(tables, canned, &calls);
  EXPECT_EQ(one(outcome, "oauth.probe.token").status, Status::Error);
  EXPECT_EQ(exit_code(outcome), 2);
}

TEST_F(EngineTest, WithoutProbeTheProbeCheckIsSkipped) {
  FakeTables tables = healthy();
  RunOutcome outcome = run(tables, "abc123");
  EXPECT_EQ(one(outcome, "oauth.probe.token").status, Status::Skip);
  EXPECT_FALSE(outcome.probe.has_value());
}

TEST(ExitCodeTest, Rules) {
  CheckDefinition check;
  check.id = "a.b";
  auto outcome_of = [&](std::vector<Status> statuses) {
    RunOutcome outcome;
    for (Status status : statuses) {
      Result result;
      result.check = &check;
      result.status = status;
      outcome.results.push_back(result);
    }
    return outcome;
  };
  EXPECT_EQ(exit_code(outcome_of({})), 0);
  EXPECT_EQ(exit_code(outcome_of({Status::Pass, Status::Warn, Status::Skip})), 0);
  EXPECT_EQ(exit_code(outcome_of({Status::Pass, Status::Fail})), 1);
  EXPECT_EQ(exit_code(outcome_of({Status::Error, Status::Fail})), 1);
  EXPECT_EQ(exit_code(outcome_of({Status::Pass, Status::Error})), 2);
  RunOutcome fatal = outcome_of({});
  fatal.fatal = FetchError{};
  EXPECT_EQ(exit_code(fatal), 2);
}

TEST_F(EngineTest, DistinctClientIdsPassWithTheEntryCountInWords) {
  FakeTables one_entry;
  one_entry.add("oauth_entity", entry("e1", "Acme", "abc123"));
  EXPECT_EQ(one(run(one_entry, "", "oauth.registry.duplicate_client_id"),
                "oauth.registry.duplicate_client_id")
                .message,
            "The only client entry has a client id no other holds.");
  FakeTables two_entries = one_entry;
  two_entries.add("oauth_entity", entry("e2", "Other", "def456"));
  EXPECT_EQ(one(run(two_entries, "", "oauth.registry.duplicate_client_id"),
                "oauth.registry.duplicate_client_id")
                .message,
            "The 2 client entries have distinct client ids.");
}

// ---- keyed reads ----

constexpr const char* kKeyedCheck = R"({
  "id": "custom.grants.no_admin", "title": "No admin grants", "severity": "low", "suite": "oauth",
  "rationale": "r", "remediation": "Remove the grant.", "references": ["test"],
  "reads": {
    "entries": {"table": "oauth_entity", "query": "type=client", "fields": ["name"]},
    "grants": {"table": "sys_user_has_role", "query": "state=active", "fields": ["role.name"],
               "keyed_on": {"read": "entries", "field": "user", "column": "user"}}
  },
  "condition": {"read": "grants", "require": [{"field": "role.name", "op": "neq", "value": "admin"}],
                "when_empty": {"status": "pass", "message": "No grant to judge."},
                "pass_message": "No admin grant."}
})";

Record client_entry(const std::string& sys_id, const std::string& user) {
  Record out = row({{"sys_id", sys_id}, {"name", sys_id}, {"type", "client"}});
  out["user"] = FieldValue{user, ""};
  return out;
}

Record grant(const std::string& sys_id, const std::string& user, const std::string& role) {
  return row({{"sys_id", sys_id}, {"user", user}, {"role.name", role}, {"state", "active"}});
}

class KeyedReadTest : public ::testing::Test {
 protected:
  RunOutcome run(FakeTables& tables) {
    dir_.write("keyed.json", kKeyedCheck);
    catalog_ =
        std::make_unique<CheckCatalog>(test_support::builtin_catalog({dir_.path().string()}));
    selected_ = {catalog_->find("custom.grants.no_admin")};
    RunParams params;
    params.instance_url = "https://acme.service-now.com";
    return run_checks(*catalog_, selected_, params, tables.fetcher());
  }

  test_support::TempDir dir_;
  std::unique_ptr<CheckCatalog> catalog_;
  std::vector<const CheckDefinition*> selected_;
};

TEST_F(KeyedReadTest, AsksOnlyForTheKeyValuesInASecondWave) {
  FakeTables tables;
  tables.add("oauth_entity", client_entry("e1", "u1"));
  tables.add("oauth_entity", client_entry("e2", "u2"));
  tables.add("oauth_entity", client_entry("e3", "u1"));
  tables.add("sys_user_has_role", grant("g1", "u1", "itil"));
  tables.add("sys_user_has_role", grant("g2", "u3", "admin"));  // another user's grant
  RunOutcome outcome = run(tables);
  ASSERT_EQ(tables.waves().size(), 2u);
  ASSERT_EQ(tables.waves()[0].size(), 1u);
  EXPECT_EQ(tables.waves()[0][0].table, "oauth_entity");
  EXPECT_THAT(tables.waves()[0][0].fields, ::testing::Contains("user"));  // the key field
  ASSERT_EQ(tables.waves()[1].size(), 1u);
  EXPECT_EQ(tables.waves()[1][0].query, "state=active^userINu1,u2");
  ASSERT_EQ(outcome.results.size(), 1u);
  EXPECT_EQ(outcome.results[0].status, Status::Pass) << outcome.results[0].message;
  EXPECT_EQ(outcome.results[0].message, "No admin grant.");
}

TEST_F(KeyedReadTest, AKeyedGrantStillDecides) {
  FakeTables tables;
  tables.add("oauth_entity", client_entry("e1", "u1"));
  tables.add("sys_user_has_role", grant("g1", "u1", "admin"));
  RunOutcome outcome = run(tables);
  ASSERT_EQ(outcome.results.size(), 1u);
  EXPECT_EQ(outcome.results[0].status, Status::Fail);
}

TEST_F(KeyedReadTest, NoKeyValueMeansNothingToReadAndNoRow) {
  FakeTables tables;
  tables.add("oauth_entity", client_entry("e1", ""));
  tables.add("sys_user_has_role", grant("g1", "u1", "admin"));
  RunOutcome outcome = run(tables);
  EXPECT_EQ(tables.waves().size(), 1u);
  ASSERT_EQ(outcome.results.size(), 1u);
  EXPECT_EQ(outcome.results[0].message, "No grant to judge.");
}

TEST_F(KeyedReadTest, AFailedKeyReadMakesTheKeyedReadAnError) {
  FakeTables tables;
  tables.fail("oauth_entity", FetchErrorKind::Forbidden, 403, "403 reading oauth_entity: denied");
  tables.add("sys_user_has_role", grant("g1", "u1", "itil"));
  RunOutcome outcome = run(tables);
  EXPECT_EQ(tables.waves().size(), 1u);
  ASSERT_EQ(outcome.results.size(), 1u);
  EXPECT_EQ(outcome.results[0].status, Status::Error);
  EXPECT_THAT(outcome.results[0].message,
              HasSubstr("sys_user_has_role was not read because oauth_entity could not be read: "
                        "403 reading oauth_entity: denied"));
}

TEST_F(KeyedReadTest, TooManyKeyValuesReadWithoutTheKey) {
  FakeTables tables;
  for (int i = 0; i < 101; ++i) {
    tables.add("oauth_entity", client_entry("e" + std::to_string(i), "u" + std::to_string(i)));
  }
  tables.add("sys_user_has_role", grant("g1", "u7", "admin"));
  RunOutcome outcome = run(tables);
  ASSERT_EQ(tables.waves().size(), 2u);
  EXPECT_EQ(tables.waves()[1].at(0).query, "state=active");
  ASSERT_EQ(outcome.results.size(), 1u);
  EXPECT_EQ(outcome.results[0].status, Status::Fail);
}

}  // namespace
}  // namespace sncheck
