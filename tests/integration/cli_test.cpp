// SPDX-License-Identifier: Apache-2.0
// The sncheck program's command line: usage errors, listing and explaining checks, output
// discipline (JSON alone on stdout) and secrets that never appear anywhere.

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <fstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

TEST(Cli, VersionAndHelpExitZero) {
  Report version = run_sncheck({"--version"}, {});
  EXPECT_EQ(version.process.exit_code, 0);
  EXPECT_NE(version.process.out.find("sncheck "), std::string::npos);
  Report help = run_sncheck({"oauth", "--help"}, {});
  EXPECT_EQ(help.process.exit_code, 0);
  EXPECT_NE(help.process.out.find("Examples:"), std::string::npos);
  EXPECT_NE(help.process.out.find("--client-id"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_sncheck({}, {}).process.exit_code, 2);
  EXPECT_EQ(run_sncheck({"oauth", "--no-such-flag"}, {}).process.exit_code, 2);
  EXPECT_EQ(run_sncheck({"oauth", "--format", "yaml"}, {}).process.exit_code, 2);
  Report plain_http = run_sncheck({"oauth", "--instance", "http://acme.example.com"},
                                  {"SN_USERNAME=u", "SN_PASSWORD=p"});
  EXPECT_EQ(plain_http.process.exit_code, 2);
  EXPECT_NE(plain_http.process.err.find("https"), std::string::npos) << plain_http.process.err;
  Report no_credentials = run_sncheck({"oauth", "--instance", "http://127.0.0.1:9"}, {});
  EXPECT_EQ(no_credentials.process.exit_code, 2);
  EXPECT_NE(no_credentials.process.err.find("credentials"), std::string::npos);
  Report bad_glob = run_sncheck({"oauth", "--instance", "http://127.0.0.1:9", "--checks", "nope.*"},
                                {"SN_USERNAME=u", "SN_PASSWORD=p"});
  EXPECT_EQ(bad_glob.process.exit_code, 2);
  EXPECT_NE(bad_glob.process.err.find("nope.*"), std::string::npos);
}

TEST(Cli, PasswordIsNeverAPlainArgument) {
  Report r = run_sncheck({"oauth", "--instance", "acme", "--password", "hunter2"}, {});
  EXPECT_EQ(r.process.exit_code, 2);
}

TEST(Cli, ChecksListsEveryCheckAsTextAndJson) {
  Report text = run_sncheck({"checks"}, {});
  EXPECT_EQ(text.process.exit_code, 0);
  EXPECT_NE(text.process.out.find("oauth.app_user.usable"), std::string::npos);
  Report json = run_sncheck({"checks", "--format", "json"}, {});
  rapidjson::Document doc;
  doc.Parse(json.process.out.c_str());
  ASSERT_FALSE(doc.HasParseError()) << json.process.out;
  ASSERT_TRUE(doc.IsArray());
  EXPECT_GE(doc.Size(), 9u);
  for (const auto& check : doc.GetArray()) {
    EXPECT_TRUE(check["id"].IsString());
    EXPECT_TRUE(check["severity"].IsString());
    EXPECT_TRUE(check["title"].IsString());
  }
}

TEST(Cli, ExplainPrintsTheCheckDocumentation) {
  Report r = run_sncheck({"explain", "oauth.property.client_credentials"}, {});
  EXPECT_EQ(r.process.exit_code, 0);
  for (const char* section : {"## Why it matters", "## How it is evaluated", "## Remediation",
                              "## References", "glide.oauth.inbound.client.credential"}) {
    EXPECT_NE(r.process.out.find(section), std::string::npos) << section;
  }
  EXPECT_EQ(run_sncheck({"explain", "oauth.nope"}, {}).process.exit_code, 2);
}

TEST(Cli, UserChecksFromChecksDirRunBesideTheBuiltIns) {
  std::string dir = ::testing::TempDir() + "/sncheck-user-checks-" + std::to_string(::getpid());
  ::mkdir(dir.c_str(), 0700);
  std::remove((dir + "/broken.json").c_str());
  std::ofstream(dir + "/acme.json") << R"({
    "id": "acme.property.session_timeout", "title": "Session timeout is set",
    "severity": "low", "suite": "oauth", "rationale": "House rule.", "chain_step": 900,
    "reads": {"p": {"table": "sys_properties", "query": "name=glide.ui.session_timeout",
                    "fields": ["name", "value"]}},
    "condition": {"read": "p", "require": [{"field": "value", "op": "eq", "value": "1",
                  "message": "Timeout is {value}."}],
                  "when_empty": {"status": "fail", "message": "Not set."},
                  "pass_message": "Timeout is {value}."},
    "remediation": "Set it to 1.", "references": ["house rules"]})";
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_oauth(instance, scenario, {"--checks-dir", dir});
  ASSERT_TRUE(r.parsed) << r.process.err;
  EXPECT_EQ(r.status("acme.property.session_timeout"), "fail");
  EXPECT_EQ(r.status("oauth.plugin.oauth2"), "pass");
  EXPECT_EQ(r.process.exit_code, 1);

  std::ofstream(dir + "/broken.json") << R"({"id": "acme.broken", "title": 5})";
  Report broken = run_oauth(instance, scenario, {"--checks-dir", dir});
  EXPECT_EQ(broken.process.exit_code, 2);
  EXPECT_NE(broken.process.err.find("broken.json"), std::string::npos) << broken.process.err;
  EXPECT_NE(broken.process.err.find("title"), std::string::npos) << broken.process.err;
  EXPECT_TRUE(broken.process.out.empty());
}

TEST(Cli, JsonAloneOnStdoutAndSecretsNowhereEvenVerbose) {
  fake::Scenario scenario = fake::demo_scenario();
  scenario.password = "s3cr3t-Pa55word";
  fake::FakeInstance instance(scenario);
  Report r = run_oauth(instance, scenario, {"-v"});
  ASSERT_TRUE(r.parsed) << "stdout must be exactly one JSON document:\n" << r.process.out;
  EXPECT_NE(r.process.err.find("from SN_PASSWORD"), std::string::npos) << r.process.err;
  EXPECT_NE(r.process.err.find("GET"), std::string::npos) << r.process.err;
  EXPECT_EQ(r.process.out.find("s3cr3t-Pa55word"), std::string::npos);
  EXPECT_EQ(r.process.err.find("s3cr3t-Pa55word"), std::string::npos);
}

TEST(Cli, PasswordFromStdinAndFile) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report from_stdin = run_sncheck({"oauth", "--instance", instance.url(), "--user", scenario.user,
                                   "--password-stdin", "--format", "json"},
                                  {}, scenario.password + "\n");
  EXPECT_EQ(from_stdin.process.exit_code, 0) << from_stdin.process.err;

  std::string file = ::testing::TempDir() + "/sncheck-password";
  std::ofstream(file) << scenario.password << "\n";
  ::chmod(file.c_str(), 0644);
  Report shared = run_sncheck(
      {"oauth", "--instance", instance.url(), "--user", scenario.user, "--password-file", file},
      {});
  EXPECT_EQ(shared.process.exit_code, 2);
  EXPECT_NE(shared.process.err.find("chmod 600"), std::string::npos) << shared.process.err;
  ::chmod(file.c_str(), 0600);
  Report private_file = run_sncheck({"oauth", "--instance", instance.url(), "--user", scenario.user,
                                     "--password-file", file, "--format", "json"},
                                    {});
  EXPECT_EQ(private_file.process.exit_code, 0) << private_file.process.err;
}

TEST(Cli, InstanceFromSnHostAlias) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  std::vector<std::string> env = reader_env(scenario);
  env.push_back("SN_HOST=" + instance.url());
  Report r = run_sncheck({"oauth", "--format", "json", "-v"}, env);
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_NE(r.process.err.find("from SN_HOST"), std::string::npos) << r.process.err;
}

TEST(Cli, TextReportShowsRootCauseFirstAndNoColourWithoutATerminal) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  // A wide terminal (COLUMNS): the sentence on one line.
  std::vector<std::string> env = reader_env(scenario);
  env.push_back("COLUMNS=1000");
  Report r = run_sncheck({"oauth", "--instance", instance.url()}, env);
  EXPECT_EQ(r.process.exit_code, 1);
  std::size_t root = r.process.out.find(
      "Root cause: The token endpoint refuses client-credentials requests because system property "
      "glide.oauth.inbound.client.credential.grant_type.enabled does not exist.");
  ASSERT_NE(root, std::string::npos) << r.process.out;
  EXPECT_LT(root, r.process.out.find("PASS"));
  EXPECT_EQ(r.process.out.find("\033["), std::string::npos);
  Report forced = run_sncheck({"oauth", "--instance", instance.url(), "--color", "always"},
                              reader_env(scenario));
  EXPECT_NE(forced.process.out.find("\033["), std::string::npos);
}

}  // namespace
}  // namespace sncheck::testing
