// --probe end to end: the sncheck program sends the real token request to the fake instance,
// whose /oauth_token.do issues a token only when the whole chain holds. For every link of the
// chain, broken alone, the probe fails and sncheck names that link as the root cause; on a
// healthy instance the probe passes. No output ever holds the secret or an issued token.

#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kSecret = "acme-client-secret-5f2d9c";  // healthy.json client_secrets

std::string secret_env() { return std::string("SN_CLIENT_SECRET=") + kSecret; }

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
  EXPECT_NE(no_secret.process.err.find("SN_CLIENT_SECRET"), std::string::npos);
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
                   {"SN_CLIENT_SECRET=not-the-secret"}}),
    [](const ::testing::TestParamInfo<BrokenLink>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace sncheck::testing
