// SPDX-License-Identifier: Apache-2.0
// Each way a Table API read can fail, seen through the sncheck program: the status of the
// affected results, the message a person reads, and the exit code. Never a pass on unread data.

#include <gtest/gtest.h>

#include <functional>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

struct Outcome {
  Report report;
  std::string all_text() const { return report.process.out + report.process.err; }
};

// A distinctive password, so a test can prove no failure path prints it (-v log included).
constexpr const char* kPassword = "Failure-Classes-Pw-3Vn8";

Outcome run_with(const std::function<void(fake::Scenario&)>& change,
                 const std::vector<std::string>& extra = {},
                 const std::vector<std::string>& env_override = {}) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.password = kPassword;
  change(scenario);
  fake::FakeInstance instance(scenario);
  std::vector<std::string> args = {"-v"};
  args.insert(args.end(), extra.begin(), extra.end());
  Outcome outcome{run_oauth(instance, scenario, args, env_override)};
  EXPECT_EQ(outcome.all_text().find(kPassword), std::string::npos) << outcome.all_text();
  return outcome;
}

std::vector<std::string> distinctive_reader_env() {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.password = kPassword;
  return reader_env(scenario);
}

std::string message_of(const Report& report, const std::string& id) {
  const rapidjson::Value* result = report.result(id);
  return result ? (*result)["message"].GetString() : "";
}

TEST(FailureClasses, RejectedCredentialsStopTheRunWithExitTwo) {
  Outcome run = run_with([](auto&) {}, {}, {"SN_PASSWORD=wrong-password"});
  expect_incomplete_without_pass(run.report);
  EXPECT_NE(fatal_message(run.report).find("401"), std::string::npos) << fatal_message(run.report);
  EXPECT_EQ(run.all_text().find("wrong-password"), std::string::npos);
}

TEST(FailureClasses, ForbiddenTableIsAnErrorNamingTheTable) {
  Outcome run = run_with([](auto& s) { s.denied_tables.insert("sys_properties"); });
  const Report& r = run.report;
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.process.exit_code, 2) << r.process.out;
  EXPECT_EQ(r.status("oauth.property.client_credentials"), "error");
  EXPECT_EQ(r.status("oauth.property.oauth_active"), "error");
  std::string message = message_of(r, "oauth.property.client_credentials");
  EXPECT_NE(message.find("403"), std::string::npos) << message;
  EXPECT_NE(message.find("sys_properties"), std::string::npos) << message;
  std::string remediation =
      (*r.result("oauth.property.client_credentials"))["remediation"].GetString();
  EXPECT_NE(remediation.find("admin"), std::string::npos) << remediation;
  // Other tables were read: those checks still pass.
  EXPECT_EQ(r.status("oauth.plugin.oauth2"), "pass");
}

TEST(FailureClasses, InvalidTableSaysThePluginIsMissing) {
  Outcome run = run_with([](auto& s) { s.tables.erase("oauth_entity"); });
  const Report& r = run.report;
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.process.exit_code, 2) << r.process.out;
  EXPECT_EQ(r.status("oauth.registry.entry"), "error");
  std::string message = message_of(r, "oauth.registry.entry");
  EXPECT_NE(message.find("oauth_entity"), std::string::npos) << message;
  std::string remediation = (*r.result("oauth.registry.entry"))["remediation"].GetString();
  EXPECT_NE(remediation.find("plugin"), std::string::npos) << remediation;
}

TEST(FailureClasses, NotFoundIsAnError) {
  fake::TableFault fault;
  fault.status = 404;
  Outcome run = run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; });
  const Report& r = run.report;
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_EQ(r.status("oauth.property.client_credentials"), "error") << r.process.out;
  EXPECT_NE(message_of(r, "oauth.property.client_credentials").find("404"), std::string::npos);
}

TEST(FailureClasses, PluginStateNeedsOneReadableSource) {
  // sys_plugins refused, v_plugin answers: the plugin's state is still known.
  Outcome one = run_with([](auto& s) { s.denied_tables.insert("sys_plugins"); });
  EXPECT_EQ(one.report.status("oauth.plugin.oauth2"), "pass") << one.report.process.out;
  // Both refused: nothing could be read, so no verdict.
  Outcome both = run_with([](auto& s) {
    s.denied_tables.insert("sys_plugins");
    s.denied_tables.insert("v_plugin");
  });
  EXPECT_EQ(both.report.status("oauth.plugin.oauth2"), "error") << both.report.process.out;
  EXPECT_EQ(both.report.process.exit_code, 2);
}

TEST(FailureClasses, RateLimitHonoursRetryAfterThenSucceeds) {
  fake::TableFault fault;
  fault.status = 429;
  fault.times = 1;
  fault.retry_after = 1;
  Outcome run = run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; });
  EXPECT_EQ(run.report.process.exit_code, 0) << run.report.process.out;
  EXPECT_EQ(run.report.status("oauth.property.client_credentials"), "pass");
}

TEST(FailureClasses, PersistentRateLimitIsAnError) {
  fake::TableFault fault;
  fault.status = 429;
  fault.retry_after = 1;
  Outcome run = run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; });
  const Report& r = run.report;
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_EQ(r.status("oauth.property.client_credentials"), "error");
  EXPECT_NE(message_of(r, "oauth.property.client_credentials").find("429"), std::string::npos);
}

TEST(FailureClasses, ServerErrorsAreRetriedThenSucceed) {
  fake::TableFault fault;
  fault.status = 503;
  fault.times = 2;
  Outcome run = run_with([&](auto& s) { s.faults.tables["oauth_entity"] = fault; });
  EXPECT_EQ(run.report.process.exit_code, 0) << run.report.process.out;
  EXPECT_EQ(run.report.status("oauth.registry.entry"), "pass");
}

TEST(FailureClasses, PersistentServerErrorIsAnError) {
  fake::TableFault fault;
  fault.status = 500;
  Outcome run = run_with([&](auto& s) { s.faults.tables["oauth_entity"] = fault; });
  const Report& r = run.report;
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_EQ(r.status("oauth.registry.entry"), "error");
  EXPECT_NE(message_of(r, "oauth.registry.entry").find("500"), std::string::npos);
}

TEST(FailureClasses, HibernatingInstanceExitsTwoWithoutASinglePass) {
  Outcome run = run_with([](auto& s) { s.faults.hibernating = true; });
  expect_incomplete_without_pass(run.report);
  EXPECT_NE(fatal_message(run.report).find("hibernat"), std::string::npos)
      << fatal_message(run.report);
  EXPECT_EQ(run.report.count("error"), 15);
}

TEST(FailureClasses, LoginPageIsRecognised) {
  Outcome run = run_with([](auto& s) { s.faults.login_redirect = true; });
  expect_incomplete_without_pass(run.report);
  EXPECT_NE(fatal_message(run.report).find("login"), std::string::npos)
      << fatal_message(run.report);
}

TEST(FailureClasses, MalformedJsonIsAnError) {
  fake::TableFault fault;
  fault.status = 200;
  fault.body = "{\"result\":[{\"name\":\"glide.oauth";
  Outcome run = run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; });
  const Report& r = run.report;
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_EQ(r.status("oauth.property.client_credentials"), "error");
  EXPECT_NE(message_of(r, "oauth.property.client_credentials").find("JSON"), std::string::npos);
}

TEST(FailureClasses, TimeoutIsAnError) {
  fake::TableFault fault;
  fault.delay_ms = 3000;
  Outcome run =
      run_with([&](auto& s) { s.faults.tables["sys_properties"] = fault; }, {"--timeout", "1"});
  const Report& r = run.report;
  ASSERT_TRUE(r.parsed) << r.process.err;
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_EQ(r.status("oauth.property.client_credentials"), "error") << r.process.out;
  EXPECT_NE(message_of(r, "oauth.property.client_credentials").find("timed out waiting"),
            std::string::npos)
      << message_of(r, "oauth.property.client_credentials");
}

TEST(FailureClasses, UnreachableInstanceExitsTwoWithoutASinglePass) {
  int port = 0;
  {
    fake::FakeInstance closed(fake::healthy_scenario());
    port = closed.port();
  }
  Report r = run_sncheck(
      {"oauth", "--instance", "http://127.0.0.1:" + std::to_string(port), "--format", "json", "-v"},
      distinctive_reader_env());
  expect_incomplete_without_pass(r);
  EXPECT_EQ((r.process.out + r.process.err).find(kPassword), std::string::npos);
  EXPECT_NE(fatal_message(r).find("cannot connect"), std::string::npos) << fatal_message(r);
  EXPECT_NE(fatal_message(r).find("127.0.0.1"), std::string::npos) << fatal_message(r);
}

TEST(FailureClasses, TlsVerificationFailureIsReported) {
  // Nothing serves TLS on this port: the handshake fails before any HTTP answer.
  fake::FakeInstance plain(fake::healthy_scenario());
  Report r =
      run_sncheck({"oauth", "--instance", "https://127.0.0.1:" + std::to_string(plain.port()),
                   "--format", "json", "-v"},
                  distinctive_reader_env());
  expect_incomplete_without_pass(r);
  EXPECT_EQ((r.process.out + r.process.err).find(kPassword), std::string::npos);
  EXPECT_NE(fatal_message(r).find("TLS"), std::string::npos) << fatal_message(r);
}

}  // namespace
}  // namespace sncheck::testing
