// The Bearer path into a Scripted REST resource (--api): sncheck's prediction (oauth.api.*) is
// compared with the answer the fake instance really gives to a call with a token it issued.
// The fake's rules (tests/fake_instance/scripted_rest.cpp) are written independently of
// sncheck's evaluator, so agreement is evidence, not a tautology.

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <regex>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kPath = "/api/x_acme/inventory/items/42";
constexpr const char* kApi = "5d1f0a3cb0a94e6b8c2e7f41a9d3c001";
constexpr const char* kGetItem = "5d1f0a3cb0a94e6b8c2e7f41a9d3c002";
constexpr const char* kReaderGrant = "5d1f0a3cb0a94e6b8c2e7f41a9d3c008";
constexpr const char* kInternalGrant = "125c8f8687c66dbb6de15e88a334d492";
constexpr const char* kEntity = "c4beb75f7c9b339bcadd1329a0cbf9d6";

const std::vector<std::string> kApiChecks = {
    "oauth.api.resource",       "oauth.api.access_policy", "oauth.api.authentication",
    "oauth.api.auth_scope",     "oauth.api.acl",           "oauth.api.internal_role",
    "oauth.api.token_lifespan", "oauth.api.prediction"};

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

Outcome call_and_predict(const std::function<void(fake::Scenario&)>& change,
                         const std::string& path = kPath, const std::string& method = "GET") {
  fake::Scenario scenario = fake::healthy_scenario();
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
  outcome.report = run_oauth(
      instance, scenario, {"--client-id", healthy_client_id(), "--api", path, "--method", method});
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
  for (const std::string& id : kApiChecks) {
    EXPECT_EQ(outcome.report.status(id), "pass") << id << ": " << outcome.report.process.out;
  }
  EXPECT_EQ(outcome.report.process.exit_code, 0);
  expect_no_token(outcome);
}

// An active access policy on the API whose only auth profile is Basic: OAuth is left out.
void add_basic_only_policy(fake::Scenario& scenario) {
  add_row(scenario, "sys_api_access_policy",
          {{"sys_id", "a1"},
           {"name", "Basic only"},
           {"active", "true"},
           {"api", kApi},
           {"http_method", ""},
           {"apply_global", "false"},
           {"apply_all_methods", "true"}});
  add_row(scenario, "sys_auth_profile_mapping",
          {{"sys_id", "a2"}, {"api_access_policy", "a1"}, {"inbound_auth_profile", "a3"}});
  add_row(scenario, "std_http_auth", {{"sys_id", "a3"}, {"name", "Basic"}, {"type", "basic"}});
}

TEST(ScriptedRest, AccessPolicyWithoutOAuthPredicts401AsTheInstanceAnswers) {
  Outcome outcome =
      call_and_predict([](fake::Scenario& scenario) { add_basic_only_policy(scenario); });
  ASSERT_TRUE(outcome.report.parsed) << outcome.report.process.err;
  EXPECT_EQ(outcome.real_status, 401);
  EXPECT_EQ(outcome.www_authenticate, "BEARER realm=\"Service-now\"");
  EXPECT_EQ(outcome.predicted, 401) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.access_policy"), "fail");
  EXPECT_NE(message_of(outcome.report, "oauth.api.access_policy").find("Basic only"),
            std::string::npos);
  EXPECT_STREQ(outcome.report.json["root_cause"].GetString(), "oauth.api.access_policy");
  EXPECT_EQ(outcome.report.process.exit_code, 1);
  expect_no_token(outcome);
}

TEST(ScriptedRest, AccessPolicyWithAnOAuthProfilePasses) {
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    add_row(scenario, "sys_api_access_policy",
            {{"sys_id", "a1"},
             {"name", "OAuth"},
             {"active", "true"},
             {"api", kApi},
             {"http_method", "GET"},
             {"apply_global", "false"},
             {"apply_all_methods", "false"}});
    add_row(scenario, "sys_auth_profile_mapping",
            {{"sys_id", "a2"}, {"api_access_policy", "a1"}, {"inbound_auth_profile", "a3"}});
    add_row(scenario, "std_http_auth", {{"sys_id", "a3"}, {"name", "OAuth"}, {"type", "oauth"}});
  });
  EXPECT_EQ(outcome.real_status, 200);
  EXPECT_EQ(outcome.predicted, 200) << outcome.report.process.out;
  EXPECT_EQ(outcome.report.status("oauth.api.access_policy"), "pass");
  EXPECT_NE(message_of(outcome.report, "oauth.api.access_policy")
                .find("1 access policy applies, admitting OAuth."),
            std::string::npos)
      << message_of(outcome.report, "oauth.api.access_policy");
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
    add_row(scenario, "sys_auth_scope",
            {{"sys_id", "b1"}, {"name", "x_acme.inventory"}, {"active", "true"}});
    add_row(scenario, "sys_api_access_scope",
            {{"sys_id", "b2"},
             {"api", kApi},
             {"auth_scope", "b1"},
             {"active", "true"},
             {"http_method", ""},
             {"apply_all_methods", "true"}});
    remove_rows(scenario, "oauth_entity_auth_scope_mapping", "oauth_entity", kEntity);
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

TEST(ScriptedRest, MissingSncInternalPredicts403AsTheInstanceAnswers) {
  Outcome outcome = call_and_predict([](fake::Scenario& scenario) {
    remove_rows(scenario, "sys_user_has_role", "sys_id", kInternalGrant);
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
  for (const std::string& id : kApiChecks) EXPECT_TRUE(report.results(id).empty()) << id;
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

TEST(ScriptedRest, OneRequestPerTableAndGrantsKeyedOnTheAppUser) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report =
      run_oauth(instance, scenario, {"--client-id", healthy_client_id(), "--api", kPath});
  ASSERT_TRUE(report.parsed) << report.process.err;
  std::vector<fake::LoggedRequest> requests = instance.queries();
  std::map<std::string, int> per_table;
  for (const fake::LoggedRequest& request : requests) ++per_table[request.path];
  const std::string grants = "/api/now/table/sys_user_has_role";
  for (const auto& [path, count] : per_table) EXPECT_EQ(count, path == grants ? 2 : 1) << path;
  EXPECT_EQ(per_table.count("/api/now/table/sys_security_acl_role"), 1u);
  // The second wave: only the application user's grants, never every grant on the instance.
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.back().path, grants);
  auto query = requests.back().params.find("sysparm_query");
  ASSERT_NE(query, requests.back().params.end());
  EXPECT_EQ(query->second, "state=active^userIN" + healthy_app_user_sys_id());
}

TEST(ScriptedRest, NoApplicationUserMeansNoGrantsRead) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_field(scenario, "oauth_entity", "sys_id", kEntity, "user", "");
  fake::FakeInstance instance(scenario);
  Report report =
      run_oauth(instance, scenario, {"--client-id", healthy_client_id(), "--api", kPath});
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

namespace sncheck::testing {
namespace {

// --probe with --api: sncheck gets its own token, calls the resource once, and sets the live
// answer beside its prediction.
Report probe_and_predict(const std::function<void(fake::Scenario&)>& change,
                         const std::string& method = "GET") {
  fake::Scenario scenario = fake::healthy_scenario();
  change(scenario);
  fake::FakeInstance instance(scenario);
  Report report =
      run_oauth(instance, scenario,
                {"--client-id", healthy_client_id(), "--api", kPath, "--method", method, "--probe"},
                {"SN_CLIENT_SECRET=" + scenario.client_secrets.at(healthy_client_id())});
  std::size_t resource_calls = 0;
  for (const fake::LoggedRequest& request : instance.queries()) {
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
