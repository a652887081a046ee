// SPDX-License-Identifier: Apache-2.0
// Secrets never leave sncheck: the password, a bearer token and the instance's client secrets
// appear in no output (text or JSON report, stderr, -v log), and no request asks for a secret
// field. The failure paths are covered with a distinctive password in fault_matrix_test.cpp.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "core/secrets.h"
#include "core/strings.h"
#include "query/encoded_query.h"
#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kPassword = "Hygiene-Pw-5Tk9";
constexpr const char* kToken = "Hygiene-Token-8Jd3";
constexpr const char* kClientSecret = "Hygiene-Client-Secret-2Wm6";
// "sncheck.reader:Hygiene-Pw-5Tk9" in Base64: what an Authorization: Basic header would carry.
constexpr const char* kBasicCredentials = "c25jaGVjay5yZWFkZXI6SHlnaWVuZS1Qdy01VGs5";

fake::Scenario secret_scenario() {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.password = kPassword;
  scenario.bearer_token = kToken;
  // The platform stores client_secret on oauth_entity; the fake returns it if asked for.
  for (Record& row : scenario.tables.at("oauth_entity")) row["client_secret"].value = kClientSecret;
  return scenario;
}

std::string all_text(const Report& report) { return report.process.out + report.process.err; }

void expect_no_secret(const Report& report) {
  std::string text = all_text(report);
  for (const char* secret : {kPassword, kToken, kClientSecret, kBasicCredentials}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in:\n" << text;
  }
  EXPECT_EQ(text.find("Authorization:"), std::string::npos) << text;
}

// The fields a sysparm_fields value (comma-separated) or a sysparm_query value (its terms' fields,
// parsed as the platform reads them; values are data, not fields) names.
std::vector<std::string> field_names(const std::string& param, const std::string& value) {
  if (param == "sysparm_fields") return split_list(value);
  std::optional<EncodedQuery> query = parse_encoded_query(value);
  EXPECT_TRUE(query.has_value()) << value;
  return query ? query_fields(*query) : std::vector<std::string>{};
}

// Every Table API query (its own GET, or an item of a batch) names its fields (so no secret
// field comes back by default) and neither its fields nor its query mention a secret field.
void expect_no_secret_asked(const std::vector<fake::LoggedRequest>& requests) {
  ASSERT_FALSE(requests.empty());
  for (const fake::LoggedRequest& request : requests) {
    if (request.path.rfind("/api/now/", 0) != 0) continue;
    EXPECT_EQ(request.params.count("sysparm_fields"), 1u) << request.path;
    for (const char* param : {"sysparm_fields", "sysparm_query"}) {
      auto [first, last] = request.params.equal_range(param);
      for (auto it = first; it != last; ++it) {
        for (const std::string& name : field_names(param, it->second)) {
          EXPECT_FALSE(is_secret_field(name)) << request.path << " " << param << "=" << it->second;
        }
      }
    }
  }
}

TEST(SecretHygiene, PasswordNeverShownOnSuccessInAnyFormatOrLog) {
  fake::Scenario scenario = secret_scenario();
  fake::FakeInstance instance(scenario);
  for (const char* format : {"json", "text"}) {
    Report r = run_sncheck({"oauth", "--instance", instance.url(), "--format", format, "-v"},
                           reader_env(scenario));
    EXPECT_EQ(r.process.exit_code, 0) << r.process.out << r.process.err;
    EXPECT_NE(r.process.err.find("GET "), std::string::npos) << "-v logs each request";
    expect_no_secret(r);
  }
  expect_no_secret_asked(instance.queries());
}

TEST(SecretHygiene, PasswordFromStdinOrFileIsNeverShown) {
  fake::Scenario scenario = secret_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_sncheck({"oauth", "--instance", instance.url(), "--user", scenario.user,
                          "--password-stdin", "--format", "json", "-v"},
                         {}, std::string(kPassword) + "\n");
  EXPECT_EQ(r.process.exit_code, 0) << r.process.out << r.process.err;
  expect_no_secret(r);
}

TEST(SecretHygiene, BearerTokenFromEnvironmentIsNeverShown) {
  fake::Scenario scenario = secret_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "-v"},
                         {std::string("SN_TOKEN=") + kToken});
  EXPECT_EQ(r.process.exit_code, 0) << r.process.out << r.process.err;
  EXPECT_NE(r.process.err.find("bearer token"), std::string::npos) << r.process.err;
  expect_no_secret(r);
  expect_no_secret_asked(instance.queries());
}

TEST(SecretHygiene, BearerTokenFromStdinIsNeverShown) {
  fake::Scenario scenario = secret_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_sncheck(
      {"oauth", "--instance", instance.url(), "--token-stdin", "--format", "text", "-v"}, {},
      std::string(kToken) + "\n");
  EXPECT_EQ(r.process.exit_code, 0) << r.process.out << r.process.err;
  expect_no_secret(r);
}

TEST(SecretHygiene, RejectedSecretsAreNeverShown) {
  fake::Scenario scenario = secret_scenario();
  scenario.password = "the-instance-wants-another";
  scenario.bearer_token = "another-token";
  fake::FakeInstance instance(scenario);
  Report basic =
      run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "-v"},
                  {"SN_USERNAME=sncheck.reader", std::string("SN_PASSWORD=") + kPassword});
  EXPECT_EQ(basic.process.exit_code, 2) << basic.process.out;
  expect_no_secret(basic);
  Report bearer = run_sncheck({"oauth", "--instance", instance.url(), "--format", "text", "-v"},
                              {std::string("SN_TOKEN=") + kToken});
  EXPECT_EQ(bearer.process.exit_code, 2) << bearer.process.out;
  expect_no_secret(bearer);
}

// libcurl resolves a relative Location against the request URL with CURLOPT_USERNAME and
// CURLOPT_PASSWORD filled in as userinfo: a 302 to /login.do once printed the password in clear,
// on stdout, in every report and in the snapshot file.
TEST(SecretHygiene, RedirectTargetsNeverCarryThePassword) {
  for (const char* location :
       {"/login.do", "login.do?x=1", "http://127.0.0.1:1/login.do", "//evil.example/login.do"}) {
    fake::Scenario scenario = secret_scenario();
    fake::TableFault fault;
    fault.status = 302;
    fault.location = location;
    scenario.faults.tables["*"] = fault;
    fake::FakeInstance instance(scenario);
    ScratchDir dir;
    for (const char* format : {"json", "text", "sarif", "junit", "markdown", "html"}) {
      // --sarif-on-error: the SARIF of this incomplete run is written too, and checked.
      Report r = run_sncheck({"oauth", "--instance", instance.url(), "--format", format, "-v",
                              "--save-snapshot", dir.file("snap.json"), "--sarif-on-error"},
                             reader_env(scenario));
      EXPECT_EQ(r.process.exit_code, 2) << location << " " << format << r.process.out;
      EXPECT_NE(all_text(r).find("login.do"), std::string::npos) << location << all_text(r);
      expect_no_secret(r);
      std::string snapshot = dir.read("snap.json");
      EXPECT_EQ(snapshot.find(kPassword), std::string::npos) << location << snapshot;
    }
  }
}

TEST(SecretHygiene, DemoAuditAsksForNoSecretField) {
  fake::Scenario scenario = fake::demo_scenario();
  for (Record& row : scenario.tables.at("oauth_entity")) row["client_secret"].value = kClientSecret;
  fake::FakeInstance instance(scenario);
  Report r = run_oauth(instance, scenario, {"-v"});
  ASSERT_TRUE(r.parsed) << r.process.err;
  EXPECT_EQ(all_text(r).find(kClientSecret), std::string::npos);
  expect_no_secret_asked(instance.queries());
}

// Every suite at once, with secret columns planted where the suites read: none is asked for, and
// none shows in any output.
TEST(SecretHygiene, AnAuditOfEverySuiteAsksForNoSecretField) {
  fake::Scenario scenario = fake::demo_scenario();
  for (Record& row : scenario.tables.at("oauth_entity")) row["client_secret"].value = kClientSecret;
  for (Record& row : scenario.tables.at("sys_user")) row["user_password"].value = kClientSecret;
  for (Record& row : scenario.tables.at("sys_certificate")) {
    row["key_store_password"].value = kClientSecret;
  }
  fake::FakeInstance instance(scenario);
  Report r = run_command("audit", instance, scenario, {"-v"});
  ASSERT_TRUE(r.parsed) << r.process.err;
  EXPECT_EQ(all_text(r).find(kClientSecret), std::string::npos);
  expect_no_secret_asked(instance.queries());
  expect_no_secret(r);
}

// --- Read-only proof -------------------------------------------------------------------------
// sncheck sends GET requests only, with two exceptions that change nothing on the instance: a
// Batch API request (POST /api/now/v1/batch) whose every item is a GET of the Table API, and,
// only when --probe is asked, the token request (POST /oauth_token.do).

void expect_read_only(const std::vector<fake::LoggedRequest>& requests, bool probe_asked) {
  ASSERT_FALSE(requests.empty());
  for (const fake::LoggedRequest& request : requests) {
    if (request.method == "GET") continue;
    if (request.method == "POST" && request.path == "/api/now/v1/batch") {
      EXPECT_FALSE(request.items.empty()) << "a batch without items";
      for (const fake::LoggedRequest& item : request.items) {
        EXPECT_EQ(item.method, "GET") << "batch item " << item.path;
        EXPECT_EQ(item.path.rfind("/api/now/table/", 0), 0u) << "batch item " << item.path;
      }
      continue;
    }
    if (probe_asked && request.method == "POST" && request.path == "/oauth_token.do") continue;
    ADD_FAILURE() << request.method << " " << request.path;
  }
}

std::size_t batches_in(const std::vector<fake::LoggedRequest>& requests) {
  return static_cast<std::size_t>(
      std::count_if(requests.begin(), requests.end(),
                    [](const fake::LoggedRequest& request) { return !request.items.empty(); }));
}

TEST(ReadOnly, HealthyAuditSendsOnlyGets) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_oauth(instance, scenario);
  EXPECT_EQ(r.process.exit_code, 0) << r.process.out;
  expect_read_only(instance.requests(), false);
  EXPECT_EQ(batches_in(instance.requests()), 0u) << "four tables fit --concurrency 4";
}

TEST(ReadOnly, AnAuditOfEverySuiteIsReadOnly) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_command("audit", instance, scenario);
  EXPECT_EQ(r.process.exit_code, 1) << r.process.out;
  expect_read_only(instance.requests(), false);
}

TEST(ReadOnly, DemoAuditSendsOnlyGets) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_oauth(instance, scenario);
  EXPECT_EQ(r.process.exit_code, 1) << r.process.out;
  expect_read_only(instance.requests(), false);
}

// --batch, and the batches auto mode sends for a wave larger than --concurrency (--api reads
// fourteen tables), and the pages of a paged table: every item a GET of the Table API.
TEST(ReadOnly, BatchModeSendsOnlyBatchesOfGets) {
  fake::Scenario scenario = fake::many_clients_scenario(30);
  fake::FakeInstance instance(scenario);
  for (std::vector<std::string> extra :
       {std::vector<std::string>{"--batch"},
        {"--batch", "--page-size", "5"},
        {"--client-id", healthy_client_id(), "--api", "/api/x_acme/inventory/items/42"},
        {"--concurrency", "1", "-v"}}) {
    instance.clear_requests();
    Report r = run_oauth(instance, scenario, extra);
    ASSERT_TRUE(r.parsed) << r.process.err;
    expect_read_only(instance.requests(), false);
    EXPECT_GT(batches_in(instance.requests()), 0u) << extra.front();
    if (extra.back() == "-v") {
      EXPECT_NE(r.process.err.find("(Batch API, read-only: 4 GETs)"), std::string::npos)
          << r.process.err;
    }
  }
}

TEST(ReadOnly, TheProbeIsTheOnlyOtherRequestAndOnlyWhenAsked) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r =
      run_oauth(instance, scenario, {"--client-id", healthy_client_id(), "--probe"},
                {"SN_PROBE_CLIENT_SECRET=" + scenario.client_secrets.at(healthy_client_id())});
  ASSERT_TRUE(r.parsed) << r.process.err;
  expect_read_only(instance.requests(), true);
  std::vector<fake::LoggedRequest> requests = instance.requests();
  EXPECT_TRUE(std::any_of(requests.begin(), requests.end(), [](const fake::LoggedRequest& request) {
    return request.path == "/oauth_token.do";
  }));
}

}  // namespace
}  // namespace sncheck::testing
