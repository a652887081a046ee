// SPDX-License-Identifier: Apache-2.0
// Reading with OAuth: sncheck obtains its own reading token with client credentials (its own
// registry entry), reads every table with it as Bearer, refreshes it before it expires and once
// after a 401, and never shows the token or the client secret. The probed client's secret is
// SN_PROBE_CLIENT_SECRET; SN_CLIENT_ID and SN_CLIENT_SECRET are the reading client's.

#include <gtest/gtest.h>

#include "fetch/reading_session.h"
#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string reading_secret(const fake::Scenario& scenario) {
  return scenario.client_secrets.at(healthy_client_id());
}

std::vector<std::string> oauth_env(const fake::Scenario& scenario) {
  return {"SN_CLIENT_ID=" + healthy_client_id(), "SN_CLIENT_SECRET=" + reading_secret(scenario)};
}

int token_requests(const fake::FakeInstance& instance) {
  int count = 0;
  for (const fake::LoggedRequest& request : instance.requests()) {
    if (request.path == "/oauth_token.do") ++count;
  }
  return count;
}

void expect_no_secret(const fake::FakeInstance& instance, const fake::Scenario& scenario,
                      const std::string& text) {
  EXPECT_FALSE(contains(text, reading_secret(scenario))) << "the client secret leaked";
  std::vector<std::string> tokens = instance.issued_access_tokens();
  for (const std::string& token : tokens) {
    EXPECT_FALSE(contains(text, token)) << "an issued token leaked";
  }
}

TEST(OAuthReading, EveryReadUsesTheTokenSncheckObtained) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "-v"},
                         oauth_env(scenario));
  ASSERT_TRUE(r.parsed) << r.process.err;
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.status("oauth.plugin.oauth2"), "pass");
  EXPECT_EQ(token_requests(instance), 1);
  ASSERT_FALSE(instance.issued_access_tokens().empty());
  std::vector<fake::LoggedRequest> log = instance.requests();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front().path, "/oauth_token.do") << "the token comes before any read";
  for (const fake::LoggedRequest& request : log) {
    EXPECT_TRUE(request.has_authorization) << request.path;
    EXPECT_NE(request.status, 401) << request.path;
  }
  EXPECT_TRUE(contains(r.process.err, "OAuth client credentials as client " + healthy_client_id()))
      << r.process.err;
  EXPECT_TRUE(contains(r.process.err, "token issued")) << r.process.err;
  expect_no_secret(instance, scenario, r.process.out);
  expect_no_secret(instance, scenario, r.process.err);
}

TEST(OAuthReading, SecretsInNoReportFormatNorTheSnapshot) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  Report r = run_sncheck(
      {"audit", "--instance", instance.url(), "-v", "--stats", "--report",
       "junit=" + dir.file("r.xml"), "--report", "sarif=" + dir.file("r.sarif"), "--report",
       "html=" + dir.file("r.html"), "--report", "markdown=" + dir.file("r.md"), "--report",
       "json=" + dir.file("r.json"), "--save-snapshot", dir.file("snap.json")},
      oauth_env(scenario));
  EXPECT_NE(r.process.exit_code, 2) << r.process.err;
  expect_no_secret(instance, scenario, r.process.out + r.process.err);
  for (const char* file : {"r.xml", "r.sarif", "r.html", "r.md", "r.json", "snap.json"}) {
    std::string text = dir.read(file);
    EXPECT_FALSE(text.empty()) << file;
    expect_no_secret(instance, scenario, text);
  }
}

TEST(OAuthReading, DoctorSaysTheTokenWasIssued) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_sncheck({"doctor", "oauth", "--instance", instance.url()}, oauth_env(scenario));
  EXPECT_EQ(r.process.exit_code, 0) << r.process.out << r.process.err;
  EXPECT_TRUE(contains(r.process.out, "credentials  OAuth client credentials as client " +
                                          healthy_client_id() + ": token issued"))
      << r.process.out;
  expect_no_secret(instance, scenario, r.process.out + r.process.err);
}

TEST(OAuthReading, ARefusedClientStopsTheRunNamingTheEndpointsAnswer) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_sncheck({"oauth", "--instance", instance.url(), "--format", "json"},
                         {"SN_CLIENT_ID=" + healthy_client_id(), "SN_CLIENT_SECRET=wrong-secret"});
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_TRUE(contains(fatal_message(r), "got no token from /oauth_token.do: HTTP 401"))
      << r.process.out;
  for (const fake::LoggedRequest& request : instance.requests()) {
    EXPECT_EQ(request.path, "/oauth_token.do") << "nothing is read without a token";
  }
}

TEST(OAuthReading, ProfileWithAuthOauth) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string config =
      dir.write("c.json", "{\"profiles\": {\"ci\": {\"instance\": \"" + instance.url() +
                              "\", \"auth\": \"client_credentials\", \"client_id\": \"" +
                              healthy_client_id() +
                              "\", \"client_secret\": {\"command\": [\"printf\", \"%s\", \"" +
                              reading_secret(scenario) + "\"]}}}}");
  Report r =
      run_sncheck({"oauth", "--config", config, "--profile", "ci", "--format", "json", "-v"}, {});
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(token_requests(instance), 1);
  EXPECT_TRUE(contains(r.process.err, "client secret: from profile ci")) << r.process.err;
  expect_no_secret(instance, scenario, r.process.out + r.process.err);
  std::string bad =
      dir.write("bad.json",
                "{\"profiles\": {\"ci\": {\"instance\": \"acme\", "
                "\"auth\": \"client_credentials\", \"password\": {\"env\": \"X\"}}}}");
  Report refused = run_sncheck({"oauth", "--config", bad, "--profile", "ci"}, {});
  EXPECT_EQ(refused.process.exit_code, 2);
  EXPECT_TRUE(
      contains(refused.process.err, "profiles.ci.password: not used with auth client_credentials"))
      << refused.process.err;
}

TEST(OAuthReading, SecretFromStdinOrAPrivateFile) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report piped =
      run_sncheck({"oauth", "--instance", instance.url(), "--read-client-id", healthy_client_id(),
                   "--read-client-secret-stdin", "--format", "json"},
                  {}, reading_secret(scenario) + "\n");
  EXPECT_EQ(piped.process.exit_code, 0) << piped.process.err;
  ScratchDir dir;
  std::string file = dir.write("secret", reading_secret(scenario) + "\n", 0600);
  Report from_file =
      run_sncheck({"oauth", "--instance", instance.url(), "--read-client-id", healthy_client_id(),
                   "--read-client-secret-file", file, "--format", "json"},
                  {});
  EXPECT_EQ(from_file.process.exit_code, 0) << from_file.process.err;
  Report both = run_sncheck({"oauth", "--instance", instance.url(), "--read-client-id",
                             healthy_client_id(), "--user", "u"},
                            {"SN_CLIENT_SECRET=x"});
  EXPECT_EQ(both.process.exit_code, 2);
  EXPECT_TRUE(contains(both.process.err, "give one way to read")) << both.process.err;
}

TEST(OAuthReading, EnvNamesDoNotClashSilently) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  // A probe run with only the old name for the probed client's secret: told to rename it.
  std::vector<std::string> env = reader_env(scenario);
  env.push_back("SN_CLIENT_SECRET=" + reading_secret(scenario));
  Report old = run_sncheck(
      {"oauth", "--instance", instance.url(), "--client-id", healthy_client_id(), "--probe"}, env);
  EXPECT_EQ(old.process.exit_code, 2);
  EXPECT_TRUE(contains(old.process.err,
                       "the probed client's secret is SN_PROBE_CLIENT_SECRET: "
                       "rename the variable"))
      << old.process.err;
  EXPECT_FALSE(contains(old.process.err, reading_secret(scenario)));
  // Basic auth and a reading client both in the environment: sncheck does not pick one.
  std::vector<std::string> both = reader_env(scenario);
  both.push_back("SN_CLIENT_ID=" + healthy_client_id());
  both.push_back("SN_CLIENT_SECRET=" + reading_secret(scenario));
  Report ambiguous = run_sncheck({"oauth", "--instance", instance.url()}, both);
  EXPECT_EQ(ambiguous.process.exit_code, 2);
  EXPECT_TRUE(contains(ambiguous.process.err, "SN_CLIENT_ID and SN_USERNAME are both set"))
      << ambiguous.process.err;
  // A stray SN_CLIENT_SECRET beside basic auth: a warning, the run goes on.
  Report stray = run_sncheck({"oauth", "--instance", instance.url(), "--format", "json"}, env);
  EXPECT_EQ(stray.process.exit_code, 0) << stray.process.err;
  EXPECT_TRUE(contains(stray.process.err, "SN_CLIENT_SECRET is set but sncheck does not read"))
      << stray.process.err;
  // Reading with OAuth and probing another client: each its own secret.
  std::vector<std::string> two = oauth_env(scenario);
  two.push_back("SN_PROBE_CLIENT_SECRET=" + reading_secret(scenario));
  Report probe = run_sncheck({"oauth", "--instance", instance.url(), "--client-id",
                              healthy_client_id(), "--probe", "--format", "json"},
                             two);
  EXPECT_EQ(probe.process.exit_code, 0) << probe.process.err;
  EXPECT_EQ(probe.status("oauth.probe.token"), "pass") << probe.process.out;
  EXPECT_EQ(token_requests(instance), 2) << "one reading token, one probe";
}

ClientConfig oauth_config(const fake::FakeInstance& instance, const fake::Scenario& scenario) {
  ClientConfig config;
  config.base_url = instance.url();
  config.credentials = {Credentials::Kind::OAuthClient, healthy_client_id(),
                        reading_secret(scenario)};
  config.timeout_seconds = 10;
  return config;
}

const std::vector<TableRead> kReads = {TableRead{"sys_properties", "", {"name", "value"}}};

TEST(OAuthReading, RefreshedOnceAfterA401) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ReadingSession session(oauth_config(instance, scenario));
  std::vector<TableData> first = session.fetch_all(kReads);
  ASSERT_FALSE(first[0].error) << first[0].error->message;
  EXPECT_EQ(session.token_requests(), 1);
  instance.revoke_issued_tokens();  // the next read with the old token gets 401
  std::vector<TableData> second = session.fetch_all(kReads);
  ASSERT_FALSE(second[0].error) << second[0].error->message;
  EXPECT_EQ(session.token_requests(), 2);
  EXPECT_FALSE(second[0].rows.empty());
  // Revoked again, and the client's secret changed meanwhile: one new request, then the error.
  instance.update([](fake::Scenario& s) { s.client_secrets[healthy_client_id()] = "rotated"; });
  instance.revoke_issued_tokens();
  std::vector<TableData> third = session.fetch_all(kReads);
  ASSERT_TRUE(third[0].error);
  EXPECT_EQ(third[0].error->kind, FetchErrorKind::Unauthorized);
  EXPECT_TRUE(contains(third[0].error->message, "got no token")) << third[0].error->message;
  EXPECT_EQ(session.token_requests(), 4) << "the Basic header, then the form body";
}

TEST(OAuthReading, RefreshedBeforeItExpires) {
  fake::Scenario scenario = fake::healthy_scenario();
  // expires_in 1: inside the refresh margin at once, so every wave asks for a new token first.
  set_field(scenario, "oauth_entity", "client_id", healthy_client_id(), "access_token_lifespan",
            "2");
  fake::FakeInstance instance(scenario);
  ReadingSession session(oauth_config(instance, scenario));
  ASSERT_FALSE(session.fetch_all(kReads)[0].error);
  ASSERT_FALSE(session.fetch_all(kReads)[0].error);
  EXPECT_EQ(session.token_requests(), 2);
  for (const fake::LoggedRequest& request : instance.requests()) {
    EXPECT_NE(request.status, 401) << "refreshed before, not after, a refusal";
  }
  ASSERT_TRUE(session.last_grant());
  EXPECT_EQ(session.last_grant()->expires_in, 1);
}

}  // namespace
}  // namespace sncheck::testing
