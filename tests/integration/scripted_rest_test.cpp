// SPDX-License-Identifier: Apache-2.0
// The Bearer path into a Scripted REST resource (--api): sncheck's prediction (oauth.api.*) is
// compared with the answer the fake instance really gives to a call with a token it issued.
// The fake's rules (tests/fake_instance/scripted_rest.cpp) are written independently of
// sncheck's evaluator, so agreement is evidence, not a tautology.

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <regex>
#include <set>

#include "bearer_scenarios.h"

namespace sncheck::testing {
namespace {

using namespace bearer;

// Every check --api adds, and what the healthy scenario (Zurich Patch 2, an application user that
// is web-service-access-only) makes of it.
const std::vector<std::pair<std::string, std::string>> kApiChecks = {
    {"oauth.plugin.auth_scope", "pass"},     {"oauth.plugin.rest_auth_scope", "pass"},
    {"oauth.api.resource", "pass"},          {"oauth.api.authentication", "pass"},
    {"oauth.api.access_policy", "pass"},     {"oauth.api.auth_profile", "pass"},
    {"oauth.api.token_restriction", "pass"}, {"oauth.api.scope_restriction", "skip"},
    {"oauth.api.auth_scope", "pass"},        {"oauth.api.acl", "pass"},
    {"oauth.api.path_acl", "skip"},          {"oauth.api.internal_role", "pass"},
    {"oauth.api.machine_identity", "warn"},  {"oauth.api.ip_access", "pass"},
    {"oauth.api.token_lifespan", "pass"},    {"oauth.api.prediction", "warn"}};

struct Outcome {
  Report report;
  int real_status = 0;
  std::string real_body;
  std::string www_authenticate;
  int predicted = 0;  // the status in oauth.api.prediction's message
  std::string token;
};

int predicted_status(const Report& report) {
  const rapidjson::Value* result = report.result("oauth.api.prediction");
  if (result == nullptr) return 0;
  std::smatch match;
  std::string message = (*result)["message"].GetString();
  if (!std::regex_search(message, match, std::regex("→ ([0-9]{3})"))) return 0;
  return std::stoi(match[1]);
}

// A token as the external system gets one: client credentials at the fake's /oauth_token.do.
std::string token_from_endpoint(const fake::FakeInstance& instance,
                                const fake::Scenario& scenario) {
  httplib::Client client("127.0.0.1", instance.port());
  client.set_basic_auth(healthy_client_id().c_str(),
                        scenario.client_secrets.at(healthy_client_id()).c_str());
  httplib::Result result = client.Post("/oauth_token.do", "grant_type=client_credentials",
                                       "application/x-www-form-urlencoded");
  if (!result || result->status != 200) return "no-token";  // the call then shows 401
  rapidjson::Document body;
  body.Parse(result->body.c_str());
  if (!body.IsObject() || !body.HasMember("access_token")) return "no-token";
  return body["access_token"].GetString();
}

// The healthy scenario with an application user that is not web-service-only (so no Machine
// Identity Access Control, which sncheck cannot read, may apply), changed, called and predicted.
Outcome call_and_predict(const std::function<void(fake::Scenario&)>& change,
                         const std::string& path = kPath, const std::string& method = "GET") {
  fake::Scenario scenario = fake::healthy_scenario();
  not_web_service_only(scenario);
  change(scenario);
  fake::FakeInstance instance(scenario);
  Outcome outcome;
  outcome.token = token_from_endpoint(instance, scenario);
  httplib::Client client("127.0.0.1", instance.port());
  httplib::Headers headers{{"Authorization", "Bearer " + outcome.token}};
  httplib::Result real =
      method == "HEAD" ? client.Head(path.c_str(), headers) : client.Get(path.c_str(), headers);
  if (real) {
    outcome.real_status = real->status;
    outcome.real_body = real->body;
    outcome.www_authenticate = real->get_header_value("WWW-Authenticate");
  }
  outcome.report = run_oauth(instance, scenario,
                             {"--client-id", healthy_client_id(), "--api", path, "--method", method,
                              "--caller-ip", "127.0.0.1"});
  outcome.predicted = predicted_status(outcome.report);
  return outcome;
}

std::string message_of(const Report& report, const std::string& id) {
  const rapidjson::Value* result = report.result(id);
  return result ? (*result)["message"].GetString() : std::string();
}

void expect_no_token(const Outcome& outcome) {
  EXPECT_EQ(outcome.report.process.out.find(outcome.token), std::string::npos);
  EXPECT_EQ(outcome.report.process.err.find(outcome.token), std::string::npos);
}

TEST(ScriptedRest, HealthyPredicts200AndTheInstanceAnswers200) {
  Outcome outcome = call_and_predict([](fake::Scenario&) {});
  ASSERT_TRUE(outcome.report.parsed) << outcome.report.process.err;
  EXPECT_EQ(outcome.real_status, 200) << outcome.real_body;
  EXPECT_EQ(outcome.predicted, 200) << outcome.report.process.out;
  for (const auto& [id, status] : kApiChecks) {
    std::string expected = id == "oauth.api.machine_identity" || id == "oauth.api.prediction"
                               ? std::string("pass")
                               : status;
    EXPECT_EQ(outcome.report.status(id), expected) << id << ": " << outcome.report.process.out;
  }
  EXPECT_EQ(outcome.report.process.exit_code, 0);
  expect_no_token(outcome);
}

// As shipped, the integration user is web-service-access-only: a Machine Identity Access Control
// could limit it on Zurich, and sncheck cannot read those, so it predicts 200 or 403 and says why.
TEST(ScriptedRest, WebServiceOnlyUserOnZurichIsAWarningNotAConfident200) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report =
      run_oauth(instance, scenario,
                {"--client-id", healthy_client_id(), "--api", kPath, "--caller-ip", "127.0.0.1"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const auto& [id, status] : kApiChecks) {
    EXPECT_EQ(report.status(id), status) << id << ": " << report.process.out;
  }
  EXPECT_NE(message_of(report, "oauth.api.prediction").find("→ 200 or 403"), std::string::npos)
      << message_of(report, "oauth.api.prediction");
  EXPECT_NE(message_of(report, "oauth.api.machine_identity").find("cannot read"),
            std::string::npos);
  EXPECT_EQ(report.process.exit_code, 0);
}

// A global policy admitting only Basic: the token is refused with 401.
void add_basic_only_policy(fake::Scenario& scenario) {
  add_profile(scenario, "pb", "Basic", "basic_auth");
  add_policy(scenario, "g1", "Basic only", true, {"pb"});
}

TEST(ScriptedRest, AccessPolicyWithoutOAuthPredicts401AsTheInstanceAnswers) {
  Outcome outcome =
      call_and_predict([](fake::Scenario& scenario) { add_basic_only_policy(scenario); });
  ASSERT_TRUE(outcome.report.parsed) << outcome.report.process.err;
  EXPECT_EQ(outcome.real_status, 401);
  EXPECT_EQ(outcome.www_authenticate, "BASIC realm=\"Service-now\"");
  EXPECT_EQ(outcome.predicted, 401) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.access_policy"), "fail");
  EXPECT_NE(message_of(outcome.report, "oauth.api.access_policy").find("Basic only"),
            std::string::npos);
  EXPECT_NE(message_of(outcome.report, "oauth.api.access_policy").find("priority 9"),
            std::string::npos)
      << message_of(outcome.report, "oauth.api.access_policy");
  EXPECT_STREQ(outcome.report.json["root_cause"].GetString(), "oauth.api.access_policy");
  EXPECT_EQ(outcome.report.process.exit_code, 1);
  expect_no_token(outcome);
}

TEST(ScriptedRest, AccessPolicyWithAnOAuthProfilePasses) {
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    add_profile(scenario, "po", "OAuth", "oauth");
    add_policy(scenario, "a1", "OAuth", false, {"po"},
               {{"apply_all_methods", "false"}, {"http_method", "GET"}});
  });
  EXPECT_EQ(outcome.real_status, 200);
  EXPECT_EQ(outcome.predicted, 200) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.access_policy"), "pass");
  EXPECT_NE(message_of(outcome.report, "oauth.api.access_policy")
                .find("REST API Access Policy 'OAuth' applies (priority 6 (method, all "
                      "resources)) and admits OAuth through 'OAuth' (OAuth (oauth))."),
            std::string::npos)
      << message_of(outcome.report, "oauth.api.access_policy");
}

// The policy's type value comes from sys_choice: without a choice labelled OAuth, sncheck cannot
// tell whether the profile admits a token, and says so.
TEST(ScriptedRest, ProfileTypeWithoutItsChoiceIsAWarning) {
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    add_profile(scenario, "po", "OAuth", "oauth");
    add_policy(scenario, "a1", "OAuth", false, {"po"});
    scenario.schema.choices.erase("std_http_auth.type");
  });
  EXPECT_EQ(outcome.real_status, 200);
  EXPECT_EQ(outcome.report.status("oauth.api.access_policy"), "warn") << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.prediction"), "warn");
}

TEST(ScriptedRest, MissingAclRolePredicts403AsTheInstanceAnswers) {
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    remove_rows(scenario, "sys_user_has_role", "sys_id", kReaderGrant);
  });
  ASSERT_TRUE(outcome.report.parsed) << outcome.report.process.err;
  EXPECT_EQ(outcome.real_status, 403);
  EXPECT_EQ(
      outcome.real_body,
      R"({"error":{"message":"User Not Authorized","detail":"Failed API level ACL Validation"},"status":"failure"})");
  EXPECT_EQ(outcome.predicted, 403) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.acl"), "fail");
  std::string prediction = message_of(outcome.report, "oauth.api.prediction");
  EXPECT_NE(prediction.find("GET /api/x_acme/inventory/items/42 as acme.integration with a token "
                            "of Acme Integration → 403: the ACL 'x_acme.inventory' requires role "
                            "x_acme.reader which acme.integration lacks"),
            std::string::npos)
      << prediction;
  EXPECT_STREQ(outcome.report.json["root_cause"].GetString(), "oauth.api.acl");
  std::string sentence = outcome.report.json["root_cause_message"].GetString();
  EXPECT_EQ(sentence.rfind("The Bearer call GET /api/x_acme/inventory/items/42 with a token of "
                           "client ",
                           0),
            0u)
      << sentence;
  EXPECT_EQ(outcome.report.process.exit_code, 1);
}

TEST(ScriptedRest, MissingAuthScopePredicts403AsTheInstanceAnswers) {
  auto scope_required = [](fake::Scenario& scenario) {
    add_scope(scenario, "b1", "x_acme.inventory");
    add_api_scope(scenario, "b2", "b1");
    drop_useraccount(scenario);
  };
  Outcome outcome = call_and_predict(scope_required);
  ASSERT_TRUE(outcome.report.parsed) << outcome.report.process.err;
  EXPECT_EQ(outcome.real_status, 403);
  EXPECT_NE(outcome.real_body.find("Missing required api access scope"), std::string::npos);
  EXPECT_EQ(outcome.predicted, 403) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.auth_scope"), "fail");
  EXPECT_NE(message_of(outcome.report, "oauth.api.auth_scope").find("x_acme.inventory"),
            std::string::npos);

  // The same API, with the scope granted to the entry: 200 again.
  Outcome granted = call_and_predict([&](fake::Scenario& scenario) {
    scope_required(scenario);
    add_row(scenario, "oauth_entity_auth_scope_mapping",
            {{"sys_id", "b3"}, {"oauth_entity", kEntity}, {"auth_scope", "b1"}});
  });
  EXPECT_EQ(granted.real_status, 200);
  EXPECT_EQ(granted.predicted, 200) << granted.report.process.out;
  EXPECT_EQ(granted.report.status("oauth.api.auth_scope"), "pass");

  // Scope checking switched off by property: 200 whatever the scopes.
  Outcome unchecked = call_and_predict([&](fake::Scenario& scenario) {
    scope_required(scenario);
    add_row(scenario, "sys_properties",
            {{"sys_id", "b4"},
             {"name", "com.glide.rest.api.auth.scope.check.enable"},
             {"value", "false"},
             {"type", "boolean"}});
  });
  EXPECT_EQ(unchecked.real_status, 200);
  EXPECT_EQ(unchecked.predicted, 200) << unchecked.report.process.out;
  EXPECT_EQ(unchecked.report.status("oauth.api.auth_scope"), "pass");
}

// Explicit Roles gives snc_internal at login to a user without snc_external: a missing grant row
// is no refusal (explicit-roles.md l.42, l.48), snc_external is.
TEST(ScriptedRest, MissingSncInternalRowIsGivenAtLoginSncExternalIsRefused) {
  Outcome given = call_and_predict([](fake::Scenario& scenario) {
    remove_rows(scenario, "sys_user_has_role", "sys_id", kInternalGrant);
  });
  EXPECT_EQ(given.real_status, 200);
  EXPECT_EQ(given.predicted, 200) << given.report.process.out;
  EXPECT_EQ(given.report.status("oauth.api.internal_role"), "pass");
  EXPECT_NE(message_of(given.report, "oauth.api.internal_role").find("at login"),
            std::string::npos);
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    remove_rows(scenario, "sys_user_has_role", "sys_id", kInternalGrant);
    add_role(scenario, "rext", "snc_external");
    grant(scenario, "rext");
  });
  EXPECT_EQ(outcome.real_status, 403);
  EXPECT_EQ(outcome.predicted, 403) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.internal_role"), "fail");
  EXPECT_EQ(outcome.report.status("oauth.api.acl"), "pass");
}

TEST(ScriptedRest, UnknownResourcePredicts400AsTheInstanceAnswers) {
  Outcome outcome = call_and_predict([](fake::Scenario&) {}, "/api/x_acme/inventory/things/42");
  EXPECT_EQ(outcome.real_status, 400);
  EXPECT_EQ(outcome.predicted, 400) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.resource"), "fail");
  EXPECT_EQ(outcome.report.status("oauth.api.acl"), "skip");
  EXPECT_NE(message_of(outcome.report, "oauth.api.resource").find("/things/42"), std::string::npos);
}

TEST(ScriptedRest, UnknownApiPredicts400AsTheInstanceAnswers) {
  Outcome outcome = call_and_predict([](fake::Scenario&) {}, "/api/x_acme/stock/items/42");
  EXPECT_EQ(outcome.real_status, 400);
  EXPECT_EQ(outcome.predicted, 400) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.resource"), "fail");
}

TEST(ScriptedRest, InactiveResourcePredicts404AsTheInstanceAnswers) {
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    set_field(scenario, "sys_ws_operation", "sys_id", kGetItem, "active", "false");
  });
  EXPECT_EQ(outcome.real_status, 404);
  EXPECT_EQ(outcome.predicted, 404) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.resource"), "fail");
}

TEST(ScriptedRest, PublicResourceWarnsAndAnswers200EvenWithoutTheRole) {
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    set_field(scenario, "sys_ws_operation", "sys_id", kGetItem, "requires_authentication", "false");
    remove_rows(scenario, "sys_user_has_role", "sys_id", kReaderGrant);
  });
  EXPECT_EQ(outcome.real_status, 200);
  EXPECT_EQ(outcome.predicted, 200) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.authentication"), "warn");
}

TEST(ScriptedRest, VersionedApiIsFoundWithAndWithoutTheVersionSegment) {
  auto versioned = [](fake::Scenario& scenario) {
    set_field(scenario, "sys_ws_definition", "sys_id", kApi, "is_versioned", "true");
    add_row(scenario, "sys_ws_version",
            {{"sys_id", "c1"},
             {"version_id", "v1"},
             {"version", "1"},
             {"is_default", "true"},
             {"active", "true"},
             {"web_service_definition", kApi}});
    for (Record& row : scenario.tables.at("sys_ws_operation"))
      row["web_service_version"].value = "c1";
  };
  Outcome explicit_version = call_and_predict(versioned, "/api/x_acme/v1/inventory/items/42");
  EXPECT_EQ(explicit_version.real_status, 200);
  EXPECT_EQ(explicit_version.predicted, 200) << explicit_version.report.process.out;
  Outcome default_version = call_and_predict(versioned, kPath);
  EXPECT_EQ(default_version.real_status, 200);
  EXPECT_EQ(default_version.predicted, 200) << default_version.report.process.out;
  Outcome missing_version = call_and_predict(versioned, "/api/x_acme/v2/inventory/items/42");
  EXPECT_EQ(missing_version.real_status, 400);
  EXPECT_EQ(missing_version.predicted, 400) << missing_version.report.process.out;
}

TEST(ScriptedRest, ShortTokenLifespanWarns) {
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    set_field(scenario, "oauth_entity", "sys_id", kEntity, "access_token_lifespan", "30");
  });
  EXPECT_EQ(outcome.report.status("oauth.api.token_lifespan"), "warn");
  EXPECT_NE(message_of(outcome.report, "oauth.api.token_lifespan").find("30 s"), std::string::npos);
}

TEST(ScriptedRest, ApiChecksRunOnlyWithApi) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--client-id", healthy_client_id()});
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const auto& [id, status] : kApiChecks) EXPECT_TRUE(report.results(id).empty()) << id;
  for (const fake::LoggedRequest& request : instance.queries()) {
    EXPECT_EQ(request.path.find("sys_ws_"), std::string::npos) << request.path;
  }
}

TEST(ScriptedRest, ApiWithoutClientIdOrWithABadPathCannotRun) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report no_client = run_oauth(instance, scenario, {"--api", kPath});
  EXPECT_EQ(no_client.process.exit_code, 2);
  EXPECT_NE(no_client.process.err.find("--client-id"), std::string::npos);
  Report bad_path =
      run_oauth(instance, scenario, {"--client-id", healthy_client_id(), "--api", "/x/y"});
  EXPECT_EQ(bad_path.process.exit_code, 2);
  EXPECT_NE(bad_path.process.err.find("/api/<namespace>"), std::string::npos);
}

// Without --caller-ip an active Deny rule is a warning (sncheck does not know the address); with
// it the address is judged, and an address that is not one is refused before any read.
TEST(ScriptedRest, IpRulesAreAWarningUntilTheCallerAddressIsGiven) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report unknown =
      run_oauth(instance, scenario, {"--client-id", healthy_client_id(), "--api", kPath});
  EXPECT_EQ(unknown.status("oauth.api.ip_access"), "warn");
  EXPECT_NE(unknown.message("oauth.api.ip_access").find("--caller-ip"), std::string::npos)
      << unknown.message("oauth.api.ip_access");
  Report outside = run_oauth(
      instance, scenario,
      {"--client-id", healthy_client_id(), "--api", kPath, "--caller-ip", "198.51.100.7"});
  EXPECT_EQ(outside.status("oauth.api.ip_access"), "fail");
  EXPECT_NE(outside.message("oauth.api.ip_access").find("198.51.100.7"), std::string::npos);
  Report office =
      run_oauth(instance, scenario,
                {"--client-id", healthy_client_id(), "--api", kPath, "--caller-ip", "10.20.30.40"});
  EXPECT_EQ(office.status("oauth.api.ip_access"), "pass");
  Report v6 =
      run_oauth(instance, scenario,
                {"--client-id", healthy_client_id(), "--api", kPath, "--caller-ip", "2001:db8::1"});
  EXPECT_EQ(v6.status("oauth.api.ip_access"), "pass") << "an IPv6 caller is in no IPv4 range";
  std::size_t before = instance.requests().size();
  Report bad = run_oauth(
      instance, scenario,
      {"--client-id", healthy_client_id(), "--api", kPath, "--caller-ip", "10.0.0.1:443"});
  EXPECT_EQ(bad.process.exit_code, 2);
  EXPECT_NE(bad.process.err.find("--caller-ip"), std::string::npos);
  EXPECT_EQ(instance.requests().size(), before);
}

// --api reads 12 tables in two waves, 8 and 4 requests (three round trips at --concurrency 4). The
// first wave holds what needs no answer (the suite's four tables, the resource with its API and
// version dot-walked, the dictionary, the access policies and auth scopes); the second what depends
// on it: the application user's grants, the resource's ACLs and their roles (keyed on its ACL
// lists, path-based ACLs beside them), and the IP rules (only once a resource is found).
TEST(ScriptedRest, TwoWavesOneRequestPerTableKeyedOnTheFirstWave) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report =
      run_oauth(instance, scenario,
                {"--client-id", healthy_client_id(), "--api", kPath, "--caller-ip", "127.0.0.1"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  std::vector<fake::LoggedRequest> requests = instance.queries();
  ASSERT_EQ(requests.size(), 12u);
  std::multiset<std::string> first;
  std::multiset<std::string> second;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    (i < 8 ? first : second).insert(requests[i].path.substr(std::string("/api/now/table/").size()));
  }
  EXPECT_EQ(first,
            (std::multiset<std::string>{"sys_plugins", "sys_properties", "oauth_entity",
                                        "sys_user_has_role", "sys_ws_operation", "sys_dictionary",
                                        "sys_api_access_policy", "sys_api_access_scope"}));
  EXPECT_EQ(second, (std::multiset<std::string>{"sys_user_has_role", "sys_security_acl",
                                                "sys_security_acl_role", "ip_access"}));
  for (std::size_t i = 8; i < requests.size(); ++i) {
    auto query = requests[i].params.find("sysparm_query");
    ASSERT_NE(query, requests[i].params.end());
    if (requests[i].path == "/api/now/table/sys_user_has_role") {
      // Only the application user's grants, never every grant on the instance.
      EXPECT_EQ(query->second, "state=active^userIN" + healthy_app_user_sys_id());
    }
    if (requests[i].path == "/api/now/table/sys_security_acl") {
      EXPECT_EQ(query->second, std::string("type=REST_Endpoint^sys_idIN") + kAcl +
                                   "^NQtype=REST_Endpoint^operation!=execute");
    }
  }
}

TEST(ScriptedRest, NoApplicationUserMeansNoGrantsRead) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_field(scenario, "oauth_entity", "sys_id", kEntity, "user", "");
  fake::FakeInstance instance(scenario);
  Report report =
      run_oauth(instance, scenario,
                {"--client-id", healthy_client_id(), "--api", kPath, "--caller-ip", "127.0.0.1"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const fake::LoggedRequest& request : instance.queries()) {
    auto query = request.params.find("sysparm_query");
    if (query == request.params.end()) continue;
    EXPECT_EQ(query->second.find("userIN"), std::string::npos) << query->second;
  }
  EXPECT_NE(report.status("oauth.api.prediction"), "pass");
  EXPECT_NE(report.status("oauth.api.prediction"), "error");
}

TEST(ScriptedRestFake, UnknownOrExpiredTokenIs401) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_field(scenario, "oauth_entity", "sys_id", kEntity, "access_token_lifespan", "0");
  fake::FakeInstance instance(scenario);
  std::string expired = token_from_endpoint(instance, scenario);
  ASSERT_NE(expired, "no-token");
  EXPECT_FALSE(instance.issued_token(expired).has_value());  // issued, but already expired
  httplib::Client client("127.0.0.1", instance.port());
  for (const std::string& token : {std::string("not-a-token"), expired}) {
    httplib::Result result =
        client.Get(kPath, httplib::Headers{{"Authorization", "Bearer " + token}});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 401);
    EXPECT_NE(result->body.find("User Not Authenticated"), std::string::npos);
  }
}

TEST(ScriptedRestFake, ValidTokenReachesTheResource) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  std::string token = token_from_endpoint(instance, scenario);
  ASSERT_TRUE(instance.issued_token(token).has_value());
  httplib::Client client("127.0.0.1", instance.port());
  httplib::Result result = client.Get("/api/x_acme/inventory/items",
                                      httplib::Headers{{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, R"({"result":{"api":"Inventory","resource":"List items"}})");
}

}  // namespace
}  // namespace sncheck::testing
