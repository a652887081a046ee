// SPDX-License-Identifier: Apache-2.0
// --probe end to end: the sncheck program sends the real token request to the fake instance,
// whose /oauth_token.do issues a token only when the whole chain holds. For every link of the
// chain, broken alone, the probe fails and sncheck names that link as the root cause; on a
// healthy instance the probe passes. No output ever holds the secret or an issued token.

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kSecret = "acme-client-secret-5f2d9c";  // healthy.json client_secrets

std::string secret_env() { return std::string("SN_PROBE_CLIENT_SECRET=") + kSecret; }

// Every long token-like word of the output, so a test can ask the fake whether it issued it.
std::vector<std::string> token_like_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') {
      word.push_back(c);
      continue;
    }
    if (word.size() >= 32) words.push_back(word);
    word.clear();
  }
  return words;
}

void expect_no_secret_or_token(const Report& report, const fake::FakeInstance& instance) {
  const std::string all = report.process.out + report.process.err;
  EXPECT_EQ(all.find(kSecret), std::string::npos) << "the client secret leaked:\n" << all;
  for (const std::string& word : token_like_words(all)) {
    EXPECT_FALSE(instance.issued_token(word).has_value()) << "an issued token leaked: " << word;
  }
}

int posts_to_token_endpoint(const fake::FakeInstance& instance) {
  int posts = 0;
  for (const fake::LoggedRequest& request : instance.requests()) {
    if (request.method == "GET") continue;
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.path, "/oauth_token.do");
    EXPECT_EQ(request.content_type.rfind("application/x-www-form-urlencoded", 0), 0u);
    ++posts;
  }
  return posts;
}

struct ProbeRun {
  Report report;
  int posts = 0;
};

ProbeRun probe(const std::function<void(fake::Scenario&)>& change,
               const std::string& client_id = healthy_client_id(),
               const std::vector<std::string>& extra = {}) {
  fake::Scenario scenario = fake::healthy_scenario();
  change(scenario);
  fake::FakeInstance instance(scenario);
  std::vector<std::string> args = {"--client-id", client_id, "--probe", "-v"};
  args.insert(args.end(), extra.begin(), extra.end());
  ProbeRun run{run_oauth(instance, scenario, args, {secret_env()}), 0};
  run.posts = posts_to_token_endpoint(instance);
  expect_no_secret_or_token(run.report, instance);
  return run;
}

TEST(TokenProbe, HealthyInstanceIssuesATokenAndTheProbePasses) {
  ProbeRun run = probe([](fake::Scenario&) {});
  ASSERT_TRUE(run.report.parsed) << run.report.process.err;
  EXPECT_EQ(run.report.process.exit_code, 0) << run.report.process.out;
  EXPECT_EQ(run.report.status("oauth.probe.token"), "pass");
  std::string message = (*run.report.result("oauth.probe.token"))["message"].GetString();
  EXPECT_NE(message.find("Bearer"), std::string::npos) << message;
  EXPECT_NE(message.find("1799 s"), std::string::npos) << message;
  EXPECT_NE(message.find("scope ''"), std::string::npos) << message;
  EXPECT_TRUE(run.report.json["root_cause"].IsNull());
  EXPECT_EQ(run.posts, 1);
}

TEST(TokenProbe, RefusedBasicHeaderIsRetriedOnceWithTheCredentialsInTheBody) {
  ProbeRun run = probe([](fake::Scenario& s) { s.token_basic_auth = false; });
  ASSERT_TRUE(run.report.parsed);
  EXPECT_EQ(run.report.status("oauth.probe.token"), "pass") << run.report.process.out;
  EXPECT_NE(std::string((*run.report.result("oauth.probe.token"))["message"].GetString())
                .find("in the body"),
            std::string::npos);
  EXPECT_EQ(run.posts, 2);
}

TEST(TokenProbe, WithoutProbeOnlyGetsAreSent) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report =
      run_oauth(instance, scenario, {"--client-id", healthy_client_id()}, {secret_env()});
  ASSERT_TRUE(report.parsed);
  EXPECT_EQ(report.status("oauth.probe.token"), "skip");
  ASSERT_FALSE(instance.requests().empty());
  for (const fake::LoggedRequest& request : instance.requests()) {
    EXPECT_EQ(request.method, "GET") << request.path;
  }
}

TEST(TokenProbe, SecretFromStandardInput) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  std::vector<std::string> env = reader_env(scenario);
  Report report =
      run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "--client-id",
                   healthy_client_id(), "--probe", "--client-secret-stdin", "-v"},
                  env, std::string(kSecret) + "\n");
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("oauth.probe.token"), "pass");
  EXPECT_NE(report.process.err.find("client secret: from --client-secret-stdin (not shown)"),
            std::string::npos)
      << report.process.err;
  expect_no_secret_or_token(report, instance);
}

TEST(TokenProbe, ProbeNeedsAClientIdAndASecret) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report no_id = run_oauth(instance, scenario, {"--probe"}, {secret_env()});
  EXPECT_EQ(no_id.process.exit_code, 2);
  EXPECT_NE(no_id.process.err.find("--probe needs --client-id"), std::string::npos);
  Report no_secret = run_oauth(instance, scenario, {"--probe", "--client-id", healthy_client_id()});
  EXPECT_EQ(no_secret.process.exit_code, 2);
  EXPECT_NE(no_secret.process.err.find("SN_PROBE_CLIENT_SECRET"), std::string::npos);
  for (const fake::LoggedRequest& request : instance.requests()) EXPECT_EQ(request.method, "GET");
}

struct BrokenLink {
  std::string name;
  std::string root_cause;  // the check sncheck must name
  std::function<void(fake::Scenario&)> apply;
  std::string client_id;  // empty: the healthy client
  std::vector<std::string> env;

  BrokenLink(std::string name_, std::string root_cause_,
             std::function<void(fake::Scenario&)> apply_, std::string client_id_ = "",
             std::vector<std::string> env_ = {})
      : name(std::move(name_)),
        root_cause(std::move(root_cause_)),
        apply(std::move(apply_)),
        client_id(std::move(client_id_)),
        env(std::move(env_)) {}
};

void PrintTo(const BrokenLink& link, std::ostream* out) { *out << link.name; }

class EachBrokenLink : public ::testing::TestWithParam<BrokenLink> {};

TEST_P(EachBrokenLink, ProbeFailsAndSncheckNamesTheLink) {
  const BrokenLink& link = GetParam();
  std::string client_id = link.client_id.empty() ? healthy_client_id() : link.client_id;
  fake::Scenario scenario = fake::healthy_scenario();
  link.apply(scenario);
  fake::FakeInstance instance(scenario);
  std::vector<std::string> env =
      link.env.empty() ? std::vector<std::string>{secret_env()} : link.env;
  Report report = run_oauth(instance, scenario, {"--client-id", client_id, "--probe"}, env);
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.process.exit_code, 1);
  EXPECT_EQ(report.status("oauth.probe.token"), "fail") << report.process.out;
  std::string probe_message = (*report.result("oauth.probe.token"))["message"].GetString();
  EXPECT_NE(probe_message.find("HTTP 401"), std::string::npos) << probe_message;
  EXPECT_NE(probe_message.find("access_denied"), std::string::npos) << probe_message;
  ASSERT_TRUE(report.json["root_cause"].IsString()) << report.process.out;
  EXPECT_STREQ(report.json["root_cause"].GetString(), link.root_cause.c_str());
  std::string sentence = report.json["root_cause_message"].GetString();
  EXPECT_EQ(sentence.rfind("The token endpoint refuses client " + client_id, 0), 0u) << sentence;
  // Basic refused with 401, then once more in the body.
  EXPECT_EQ(posts_to_token_endpoint(instance), 2);
  expect_no_secret_or_token(report, instance);
}

const char* kVancouver = "glide-vancouver-07-06-2023__patch4b-11-29-2023";

INSTANTIATE_TEST_SUITE_P(
    TokenProbe, EachBrokenLink,
    ::testing::Values(
        BrokenLink{"release_before_washingtondc", "oauth.release.supported",
                   [](auto& s) {
                     set_field(s, "sys_properties", "name", "glide.war", "value", kVancouver);
                     set_field(s, "sys_properties", "name", "glide.buildtag.last", "value",
                               kVancouver);
                   }},
        BrokenLink{"oauth2_plugin_inactive", "oauth.plugin.oauth2",
                   [](auto& s) {
                     set_field(s, "sys_plugins", "source", "com.snc.platform.security.oauth",
                               "active", "false");
                     set_field(s, "v_plugin", "id", "com.snc.platform.security.oauth", "active",
                               "inactive");
                   }},
        BrokenLink{"oauth_switched_off", "oauth.property.oauth_active",
                   [](auto& s) {
                     set_field(s, "sys_properties", "name",
                               "com.snc.platform.security.oauth.is.active", "value", "false");
                   }},
        BrokenLink{"cc_property_false", "oauth.property.client_credentials",
                   [](auto& s) {
                     set_field(s, "sys_properties", "name", kClientCredentialsProperty, "value",
                               "false");
                   }},
        BrokenLink{
            "cc_property_missing", "oauth.property.client_credentials",
            [](auto& s) { remove_rows(s, "sys_properties", "name", kClientCredentialsProperty); }},
        BrokenLink{"entry_inactive", "oauth.registry.entry",
                   [](auto& s) {
                     set_field(s, "oauth_entity", "client_id", healthy_client_id(), "active",
                               "false");
                   }},
        BrokenLink{"entry_not_a_client", "oauth.registry.entry",
                   [](auto& s) {
                     set_field(s, "oauth_entity", "client_id", healthy_client_id(), "type",
                               "oauth_provider");
                   }},
        BrokenLink{"client_id_unknown", "oauth.registry.entry", [](auto&) {},
                   "0000000000000000000000000000dead"},
        BrokenLink{"app_user_empty", "oauth.registry.app_user",
                   [](auto& s) {
                     set_field(s, "oauth_entity", "client_id", healthy_client_id(), "user", "");
                   }},
        BrokenLink{"app_user_inactive", "oauth.app_user.usable",
                   [](auto& s) {
                     set_field(s, "sys_user", "sys_id", healthy_app_user_sys_id(), "active",
                               "false");
                   }},
        BrokenLink{"app_user_locked_out", "oauth.app_user.usable",
                   [](auto& s) {
                     set_field(s, "sys_user", "sys_id", healthy_app_user_sys_id(), "locked_out",
                               "true");
                   }},
        BrokenLink{
            "app_user_deleted", "oauth.app_user.usable",
            [](auto& s) { remove_rows(s, "sys_user", "sys_id", healthy_app_user_sys_id()); }},
        BrokenLink{"wrong_secret",
                   "oauth.probe.token",
                   [](auto&) {},
                   "",
                   {"SN_PROBE_CLIENT_SECRET=not-the-secret"}}),
    [](const ::testing::TestParamInfo<BrokenLink>& param_info) { return param_info.param.name; });

// --- the token endpoint's answer, judged by what it is ------------------------------------------

fake::TableFault token_answer(int status, const std::string& body,
                              const std::string& content_type = "application/json") {
  fake::TableFault fault;
  fault.status = status;
  fault.body = body;
  fault.content_type = content_type;
  return fault;
}

std::string probe_message(const ProbeRun& run) {
  const rapidjson::Value* result = run.report.result("oauth.probe.token");
  return result != nullptr ? (*result)["message"].GetString() : std::string("(no result)");
}

struct Unjudgeable {
  std::string name;
  fake::TableFault answer;
  std::string says;  // in the probe's message
};

void PrintTo(const Unjudgeable& c, std::ostream* out) { *out << c.name; }

class UnjudgeableTokenAnswer : public ::testing::TestWithParam<Unjudgeable> {};

// No answer sncheck can judge: error, exit 2, never "the token endpoint refused the client", and
// no root cause blaming the secret.
TEST_P(UnjudgeableTokenAnswer, IsAnErrorWithExitTwoNeverARefusal) {
  const Unjudgeable& c = GetParam();
  ProbeRun run = probe([&](fake::Scenario& s) { s.faults.token = c.answer; });
  ASSERT_TRUE(run.report.parsed) << run.report.process.err;
  EXPECT_EQ(run.report.status("oauth.probe.token"), "error") << run.report.process.out;
  EXPECT_EQ(run.report.process.exit_code, 2);
  std::string message = probe_message(run);
  EXPECT_NE(message.find("cannot judge"), std::string::npos) << message;
  EXPECT_NE(message.find(c.says), std::string::npos) << message;
  EXPECT_EQ(message.find("refused"), std::string::npos) << message;
  EXPECT_TRUE(run.report.json["root_cause"].IsNull()) << run.report.process.out;
  EXPECT_EQ(run.posts, 1);  // only an OAuth refusal is worth the second form
}

INSTANTIATE_TEST_SUITE_P(
    TokenProbe, UnjudgeableTokenAnswer,
    ::testing::Values(
        Unjudgeable{"server_error_page", token_answer(500, "<html>boom</html>", "text/html"),
                    "a server error: HTTP 500"},
        Unjudgeable{"bad_gateway_json", token_answer(502, R"({"error":"server_error"})"),
                    "a server error: HTTP 502"},
        Unjudgeable{"redirect_to_login",
                    [] {
                      fake::TableFault fault = token_answer(302, "", "text/html");
                      fault.location = "/login.do";
                      return fault;
                    }(),
                    "a redirect (HTTP 302) to http://127.0.0.1:"},
        Unjudgeable{"html_200",
                    token_answer(200, "<html><title>Log in</title></html>", "text/html"),
                    "HTTP 200 with"},
        Unjudgeable{"broken_json_401", token_answer(401, R"({"error":"invalid_cl)"),
                    "not a JSON object"},
        Unjudgeable{"ok_without_token", token_answer(200, R"({"token_type":"Bearer"})"),
                    "without an access_token"},
        Unjudgeable{"refusal_without_error", token_answer(401, R"({"message":"no"})"),
                    "without an OAuth error"},
        Unjudgeable{"duplicate_error_keys",
                    token_answer(401, R"({"error":"invalid_client","error":"server_error"})"),
                    "repeats the key 'error'"}),
    [](const ::testing::TestParamInfo<Unjudgeable>& param_info) { return param_info.param.name; });

// invalid_client is about the client id, the secret or the entry: even with the property missing
// (an earlier link that fails too), the root cause does not tell the admin to create it.
TEST(TokenProbe, InvalidClientNeverBlamesTheProperty) {
  ProbeRun run = probe([](fake::Scenario& s) {
    remove_rows(s, "sys_properties", "name", kClientCredentialsProperty);
    s.faults.token = token_answer(
        401, R"({"error":"invalid_client","error_description":"Client authentication failed"})");
  });
  ASSERT_TRUE(run.report.parsed);
  EXPECT_EQ(run.report.process.exit_code, 1);
  EXPECT_EQ(run.report.status("oauth.property.client_credentials"), "fail");
  EXPECT_EQ(run.report.status("oauth.probe.token"), "fail");
  ASSERT_TRUE(run.report.json["root_cause"].IsString());
  EXPECT_STREQ(run.report.json["root_cause"].GetString(), "oauth.probe.token");
  std::string sentence = run.report.json["root_cause_message"].GetString();
  EXPECT_NE(sentence.find("does not accept the id and secret"), std::string::npos) << sentence;
  EXPECT_EQ(sentence.find("glide.oauth.inbound"), std::string::npos) << sentence;
  EXPECT_NE(probe_message(run).find("invalid_client"), std::string::npos);
  EXPECT_EQ(run.posts, 2);  // a 401 refusal: the body form is tried too
}

TEST(TokenProbe, UnauthorizedClientWithStatus400PointsToTheApplicationUser) {
  ProbeRun run = probe([](fake::Scenario& s) {
    s.faults.token = token_answer(
        400,
        R"({"error":"unauthorized_client","error_description":"integration user is not configured"})");
  });
  ASSERT_TRUE(run.report.parsed);
  EXPECT_EQ(run.report.process.exit_code, 1);
  EXPECT_EQ(run.report.status("oauth.probe.token"), "fail");
  std::string message = probe_message(run);
  EXPECT_NE(message.find("OAuth Application User"), std::string::npos) << message;
  EXPECT_NE(message.find("integration user is not configured"), std::string::npos) << message;
  EXPECT_NE(message.find("HTTP 400"), std::string::npos) << message;
  EXPECT_STREQ(run.report.json["root_cause"].GetString(), "oauth.probe.token");
  EXPECT_EQ(run.posts, 1);  // not a 401: the answer stands
}

TEST(TokenProbe, EveryOAuthErrorIsARefusalWithItsCause) {
  struct Case {
    const char* error;
    const char* cause;
  };
  for (const Case& c :
       {Case{"invalid_scope", "scope"}, Case{"unsupported_grant_type", "client-credentials grant"},
        Case{"access_denied", "generic refusal"},
        Case{"invalid_request", "does not map to one cause"}}) {
    ProbeRun run = probe([&](fake::Scenario& s) {
      s.faults.token = token_answer(400, std::string(R"({"error":")") + c.error + R"("})");
    });
    ASSERT_TRUE(run.report.parsed);
    EXPECT_EQ(run.report.status("oauth.probe.token"), "fail") << c.error;
    EXPECT_NE(probe_message(run).find(c.cause), std::string::npos) << probe_message(run);
    EXPECT_EQ(run.report.process.exit_code, 1);
  }
}

// The probe gets no more time than the run's deadline leaves.
TEST(TokenProbe, TheProbeHonoursWhatIsLeftOfTheDeadline) {
  auto start = std::chrono::steady_clock::now();
  ProbeRun run = probe(
      [](fake::Scenario& s) {
        fake::TableFault slow = token_answer(200, R"({"access_token":"late"})");
        slow.delay_ms = 6000;
        s.faults.token = slow;
      },
      healthy_client_id(), {"--deadline", "2", "--timeout", "30"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(run.report.parsed) << run.report.process.err;
  EXPECT_EQ(run.report.status("oauth.probe.token"), "error") << run.report.process.out;
  EXPECT_EQ(run.report.process.exit_code, 2);
  EXPECT_LT(seconds, 10.0);
}

}  // namespace
}  // namespace sncheck::testing
