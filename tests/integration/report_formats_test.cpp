// SPDX-License-Identifier: Apache-2.0
// Every report format from real runs against the fake instance: JUnit parsed as XML, SARIF
// validated against the published SARIF 2.1.0 schema, JSON against docs/report-schema.json (both
// with python3-jsonschema), Markdown and HTML checked for what a reader needs; -o and --report;
// waivers active and expired; gating flags; tags; no progress line off a terminal.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kTools = std::string(SNCHECK_SOURCE_DIR) + "/tests/tools";

std::string sarif_schema_path() {
  if (const char* explicit_path = std::getenv("SNCHECK_SARIF_SCHEMA")) return explicit_path;
  std::string cache;
  if (const char* dir = std::getenv("SNCHECK_CACHE_DIR")) {
    cache = dir;
  } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    cache = std::string(xdg) + "/sncheck";
  } else if (const char* home = std::getenv("HOME")) {
    cache = std::string(home) + "/.cache/sncheck";
  }
  return cache + "/sarif-schema-2.1.0.json";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ProcessResult python(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {SNCHECK_PYTHON3};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, {});
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  return document;
}

// The demo's broken set-up with every report written at once.
class ReportFormats : public ::testing::Test {
 protected:
  void run(const fake::Scenario& scenario, std::vector<std::string> extra = {}) {
    fake::FakeInstance instance(scenario);
    for (const char* format : {"junit", "sarif", "markdown", "html", "text"}) {
      extra.push_back("--report");
      extra.push_back(std::string(format) + "=" + dir_.file(format));
    }
    report_ = run_oauth(instance, scenario, extra);
    ASSERT_TRUE(report_.parsed) << report_.process.out << report_.process.err;
  }

  std::map<std::string, const rapidjson::Value*> json_results() const {
    std::map<std::string, const rapidjson::Value*> results;
    for (const rapidjson::Value& r : report_.json["results"].GetArray()) {
      std::string name = r["id"].GetString();
      if (r["subject"].IsString()) name += std::string(" [") + r["subject"].GetString() + "]";
      results[name] = &r;
    }
    return results;
  }

  ScratchDir dir_;
  Report report_;
};

TEST_F(ReportFormats, JUnitHasOneTestcasePerResultAndFailuresForFailedChecks) {
  run(fake::demo_scenario());
  ASSERT_EQ(report_.process.exit_code, 1);
  ProcessResult parsed = python({kTools + "/junit_cases.py", dir_.file("junit")});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  rapidjson::Document junit = parse(parsed.out);
  ASSERT_TRUE(junit.IsObject()) << parsed.out;
  auto expected = json_results();
  const rapidjson::Value& cases = junit["cases"];
  ASSERT_EQ(cases.Size(), expected.size());
  int failures = 0;
  for (const rapidjson::Value& c : cases.GetArray()) {
    std::string name = c["name"].GetString();
    SCOPED_TRACE(name);
    ASSERT_EQ(expected.count(name), 1u);
    const rapidjson::Value& r = *expected[name];
    std::string status = r["status"].GetString();
    std::string outcome = c["outcome"].GetString();
    EXPECT_THAT(c["classname"].GetString(), HasSubstr("oauth"));
    if (status == "fail") {
      ++failures;
      EXPECT_EQ(outcome, "failure");
      EXPECT_EQ(std::string(c["message"].GetString()), r["message"].GetString());
      EXPECT_THAT(c["text"].GetString(), HasSubstr(r["remediation"].GetString()));
    } else if (status == "skip") {
      EXPECT_EQ(outcome, "skipped");
    } else {
      EXPECT_EQ(outcome, "pass");
    }
  }
  EXPECT_EQ(failures, report_.json["summary"]["fail"].GetInt());
  EXPECT_EQ(failures, 2);
  ASSERT_EQ(junit["suites"].Size(), 1u);
  EXPECT_STREQ(junit["suites"][0]["failures"].GetString(), "2");
}

TEST_F(ReportFormats, JUnitReportsUnreadableTablesAsErrors) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.denied_tables.insert("sys_properties");
  run(scenario);
  ProcessResult parsed = python({kTools + "/junit_cases.py", dir_.file("junit")});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  rapidjson::Document junit = parse(parsed.out);
  int errors = 0;
  for (const rapidjson::Value& c : junit["cases"].GetArray()) {
    if (std::string(c["outcome"].GetString()) == "error") ++errors;
  }
  EXPECT_EQ(errors, report_.json["summary"]["error"].GetInt());
  EXPECT_GT(errors, 0);
}

TEST_F(ReportFormats, SarifIsValidAgainstThePublishedSchema) {
  std::string schema = sarif_schema_path();
  if (!std::filesystem::exists(schema)) {
    GTEST_SKIP() << schema << " missing: run scripts/install-deps.sh --test";
  }
  run(fake::demo_scenario());
  ProcessResult valid = python({kTools + "/validate_json.py", schema, dir_.file("sarif")});
  EXPECT_EQ(valid.exit_code, 0) << valid.err;

  rapidjson::Document sarif = parse(read_text(dir_.file("sarif")));
  ASSERT_TRUE(sarif.IsObject());
  EXPECT_STREQ(sarif["version"].GetString(), "2.1.0");
  ASSERT_EQ(sarif["runs"].Size(), 1u);
  const rapidjson::Value& run = sarif["runs"][0];
  std::set<std::string> rule_ids;
  for (const rapidjson::Value& rule : run["tool"]["driver"]["rules"].GetArray()) {
    rule_ids.insert(rule["id"].GetString());
    EXPECT_TRUE(rule["help"]["text"].IsString());
    EXPECT_TRUE(rule["fullDescription"]["text"].IsString());
  }
  std::set<std::string> ran;
  for (const rapidjson::Value& r : report_.json["results"].GetArray())
    ran.insert(r["id"].GetString());
  EXPECT_EQ(rule_ids, ran);
  std::set<std::string> failing;
  for (const rapidjson::Value& r : report_.json["results"].GetArray()) {
    if (std::string(r["status"].GetString()) == "fail") failing.insert(r["id"].GetString());
  }
  std::set<std::string> reported;
  for (const rapidjson::Value& result : run["results"].GetArray()) {
    reported.insert(result["ruleId"].GetString());
    EXPECT_STREQ(result["level"].GetString(), "error");  // the failing checks are critical
    const rapidjson::Value& location = result["locations"][0]["logicalLocations"][0];
    EXPECT_THAT(location["fullyQualifiedName"].GetString(), HasSubstr("127.0.0.1"));
  }
  EXPECT_EQ(reported, failing);
}

TEST_F(ReportFormats, SarifOfAnUnreadableInstanceIsValid) {
  std::string schema = sarif_schema_path();
  if (!std::filesystem::exists(schema)) GTEST_SKIP() << schema << " missing";
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.faults.hibernating = true;
  run(scenario, {"--sarif-on-error"});  // else an incomplete run writes no SARIF
  ProcessResult valid = python({kTools + "/validate_json.py", schema, dir_.file("sarif")});
  EXPECT_EQ(valid.exit_code, 0) << valid.err;
  rapidjson::Document sarif = parse(read_text(dir_.file("sarif")));
  EXPECT_FALSE(sarif["runs"][0]["invocations"][0]["executionSuccessful"].GetBool());
}

TEST_F(ReportFormats, JsonFromReportFileMatchesStdoutAndTheSchema) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--report", "json=" + dir_.file("json")});
  ASSERT_TRUE(report.parsed);
  ProcessResult valid =
      python({kTools + "/validate_json.py",
              std::string(SNCHECK_SOURCE_DIR) + "/docs/report-schema.json", dir_.file("json")});
  EXPECT_EQ(valid.exit_code, 0) << valid.err;
  rapidjson::Document file = parse(read_text(dir_.file("json")));
  ASSERT_TRUE(file.IsObject());
  EXPECT_EQ(file["summary"], report.json["summary"]);
  EXPECT_EQ(file["results"].Size(), report.json["results"].Size());
}

TEST_F(ReportFormats, MarkdownIsAPullRequestComment) {
  run(fake::demo_scenario());
  std::string markdown = read_text(dir_.file("markdown"));
  EXPECT_THAT(markdown, HasSubstr("## ❌ sncheck oauth: failed on 127.0.0.1"));
  EXPECT_THAT(markdown, HasSubstr("| ❌ failed |"));
  EXPECT_THAT(markdown, HasSubstr("**Root cause:** `oauth.property.client_credentials`"));
  EXPECT_THAT(markdown, HasSubstr("<details>"));
  for (const rapidjson::Value& r : report_.json["results"].GetArray()) {
    if (std::string(r["status"].GetString()) != "fail") continue;
    EXPECT_THAT(markdown, HasSubstr(r["id"].GetString()));
    EXPECT_THAT(markdown, HasSubstr(r["remediation"].GetString()));
  }
}

TEST_F(ReportFormats, HtmlIsOneSelfContainedPage) {
  run(fake::demo_scenario());
  std::string html = read_text(dir_.file("html"));
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr(">FAILED<"));
  EXPECT_THAT(html, HasSubstr("Root cause"));
  EXPECT_THAT(html, HasSubstr("<style>"));
  for (const char* external : {"<script", "<link", "src=", "@import", "url("}) {
    EXPECT_THAT(html, Not(HasSubstr(external))) << external;
  }
  for (const rapidjson::Value& r : report_.json["results"].GetArray()) {
    if (std::string(r["status"].GetString()) != "fail") continue;
    for (const rapidjson::Value& e : r["evidence"].GetArray()) {
      if (e["link"].GetStringLength() > 0) {
        EXPECT_THAT(html, HasSubstr(e["link"].GetString()));
      }
    }
  }
}

TEST_F(ReportFormats, OutputFileTakesTheStdoutReport) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  ProcessResult result =
      run_process({SNCHECK_BINARY, "oauth", "--instance", instance.url(), "--format", "junit", "-o",
                   dir_.file("out.xml"), "--report", "text=" + dir_.file("out.txt")},
                  reader_env(scenario));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(read_text(dir_.file("out.xml")), HasSubstr("<testsuites"));
  EXPECT_THAT(read_text(dir_.file("out.txt")), HasSubstr("Root cause: "));
  EXPECT_THAT(read_text(dir_.file("out.txt")), Not(HasSubstr("\033[")));
  // No progress line when stderr is not a terminal.
  EXPECT_THAT(result.err, Not(HasSubstr("reading")));
}

TEST_F(ReportFormats, UnwritableReportOrBadSpecExitsTwoBeforeReading) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  Report bad_path = run_oauth(instance, scenario, {"--report", "junit=/nonexistent/dir/x.xml"});
  EXPECT_EQ(bad_path.process.exit_code, 2);
  EXPECT_THAT(bad_path.process.err, HasSubstr("/nonexistent/dir/x.xml"));
  Report bad_spec = run_oauth(instance, scenario, {"--report", "yaml=x"});
  EXPECT_EQ(bad_spec.process.exit_code, 2);
  EXPECT_THAT(bad_spec.process.err, HasSubstr("FORMAT=FILE"));
  EXPECT_TRUE(instance.requests().empty());
}

// ---- waivers ----------------------------------------------------------------------------------

std::string write_waivers(const ScratchDir& dir, const std::string& json) {
  std::string path = dir.file("waivers.json");
  std::ofstream(path) << json;
  return path;
}

constexpr const char* kWaivers = R"({"waivers": [
  {"check": "oauth.property.client_credentials", "reason": "CHG0042 enables it on Friday",
   "owner": "iam-team", "expires": "2030-02-01"},
  {"check": "oauth.registry.*", "subject": "*", "instance": "127.0.0.1",
   "reason": "entry being replaced", "owner": "jdoe", "expires": "2030-02-01"}]})";

TEST_F(ReportFormats, ActiveWaiversKeepFindingsButPassTheRun) {
  std::string waivers = write_waivers(dir_, kWaivers);
  run(fake::demo_scenario(), {"--waivers", waivers, "--today", "2030-01-15"});
  EXPECT_EQ(report_.process.exit_code, 0) << report_.process.out;
  EXPECT_EQ(report_.json["exit_code"].GetInt(), 0);
  EXPECT_EQ(report_.json["summary"]["fail"].GetInt(), 2);
  EXPECT_EQ(report_.json["summary"]["waived"].GetInt(), 2);
  for (const rapidjson::Value& r : report_.json["results"].GetArray()) {
    if (std::string(r["status"].GetString()) != "fail") continue;
    EXPECT_TRUE(r["waived"].GetBool());
    EXPECT_FALSE(r["blocking"].GetBool());
    EXPECT_FALSE(r["waiver"]["expired"].GetBool());
    EXPECT_STREQ(r["waiver"]["expires"].GetString(), "2030-02-01");
  }
  EXPECT_THAT(read_text(dir_.file("text")), HasSubstr("waived until 2030-02-01 (owner iam-team)"));
  EXPECT_THAT(read_text(dir_.file("markdown")), HasSubstr("CHG0042 enables it on Friday"));
  EXPECT_THAT(read_text(dir_.file("html")), HasSubstr("CHG0042 enables it on Friday"));
  ProcessResult parsed = python({kTools + "/junit_cases.py", dir_.file("junit")});
  rapidjson::Document junit = parse(parsed.out);
  for (const rapidjson::Value& c : junit["cases"].GetArray()) {
    EXPECT_STRNE(c["outcome"].GetString(), "failure") << c["name"].GetString();
  }
  rapidjson::Document sarif = parse(read_text(dir_.file("sarif")));
  for (const rapidjson::Value& result : sarif["runs"][0]["results"].GetArray()) {
    EXPECT_STREQ(result["suppressions"][0]["status"].GetString(), "accepted");
  }
}

TEST_F(ReportFormats, ExpiredWaiversFailAgainAndSaySo) {
  std::string waivers = write_waivers(dir_, kWaivers);
  run(fake::demo_scenario(), {"--waivers", waivers, "--today", "2030-02-02"});
  EXPECT_EQ(report_.process.exit_code, 1);
  EXPECT_EQ(report_.json["summary"]["waived"].GetInt(), 0);
  for (const rapidjson::Value& r : report_.json["results"].GetArray()) {
    if (std::string(r["status"].GetString()) != "fail") continue;
    EXPECT_FALSE(r["waived"].GetBool());
    EXPECT_TRUE(r["blocking"].GetBool());
    EXPECT_TRUE(r["waiver"]["expired"].GetBool());
  }
  EXPECT_THAT(read_text(dir_.file("text")), HasSubstr("waiver expired on 2030-02-01"));
  ProcessResult parsed = python({kTools + "/junit_cases.py", dir_.file("junit")});
  rapidjson::Document junit = parse(parsed.out);
  int failures = 0;
  for (const rapidjson::Value& c : junit["cases"].GetArray()) {
    if (std::string(c["outcome"].GetString()) != "failure") continue;
    ++failures;
    EXPECT_THAT(c["message"].GetString(), HasSubstr("waiver expired"));
  }
  EXPECT_EQ(failures, 2);
}

TEST_F(ReportFormats, WaiverOnTheExpiryDayStillHolds) {
  std::string waivers = write_waivers(dir_, kWaivers);
  run(fake::demo_scenario(), {"--waivers", waivers, "--today", "2030-02-01"});
  EXPECT_EQ(report_.process.exit_code, 0);
}

TEST_F(ReportFormats, WaiverForAnotherInstanceDoesNotApply) {
  std::string waivers =
      write_waivers(dir_, R"({"waivers": [{"check": "oauth.*", "instance": "prod", "reason": "r",
                             "owner": "o", "expires": "2030-02-01"}]})");
  run(fake::demo_scenario(), {"--waivers", waivers, "--today", "2030-01-01"});
  EXPECT_EQ(report_.process.exit_code, 1);
  EXPECT_EQ(report_.json["summary"]["waived"].GetInt(), 0);
}

TEST_F(ReportFormats, BadWaiverFileNamesFileAndField) {
  std::string waivers = write_waivers(
      dir_, R"({"waivers": [{"check": "oauth.*", "reason": "r", "expires": "2030-02-01"}]})");
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, {"--waivers", waivers});
  EXPECT_EQ(report.process.exit_code, 2);
  EXPECT_THAT(report.process.err, HasSubstr(waivers + ": waivers[0].owner: is required"));
  EXPECT_TRUE(instance.requests().empty());
}

// ---- gating and selection ---------------------------------------------------------------------

TEST_F(ReportFormats, SeverityThresholdLetsLowerFailuresPass) {
  // A high-severity failure: the Bearer call's ACL refuses the application user.
  fake::Scenario scenario = fake::healthy_scenario();
  remove_rows(scenario, "sys_user_has_role", "sys_id", "5d1f0a3cb0a94e6b8c2e7f41a9d3c008");
  fake::FakeInstance instance(scenario);
  const std::vector<std::string> api = {"--client-id", healthy_client_id(), "--api",
                                        "/api/x_acme/inventory/items/42"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), api.begin(), api.end());
    return args;
  };
  Report gated = run_oauth(instance, scenario, with({"--severity-threshold", "high"}));
  EXPECT_EQ(gated.process.exit_code, 1);
  Report below = run_oauth(instance, scenario, with({"--severity-threshold", "critical"}));
  EXPECT_EQ(below.process.exit_code, 0);
  EXPECT_EQ(below.json["exit_code"].GetInt(), 0);
  ASSERT_EQ(below.status("oauth.api.acl"), "fail");  // still reported
  EXPECT_FALSE((*below.result("oauth.api.acl"))["blocking"].GetBool());
  EXPECT_STREQ(below.json["gate"]["severity_threshold"].GetString(), "critical");
}

// The ids of the oauth checks carrying any of these tags, from `sncheck checks --format json`.
std::set<std::string> ids_tagged(const std::set<std::string>& tags) {
  Report list = run_sncheck({"checks", "--format", "json"}, {});
  rapidjson::Document checks = parse(list.process.out);
  std::set<std::string> ids;
  for (const rapidjson::Value& check : checks.GetArray()) {
    if (std::string(check["suite"].GetString()) != "oauth") continue;
    for (const rapidjson::Value& tag : check["tags"].GetArray()) {
      if (tags.count(tag.GetString()) > 0) ids.insert(check["id"].GetString());
    }
  }
  return ids;
}

std::set<std::string> result_ids(const Report& report) {
  std::set<std::string> ids;
  for (const rapidjson::Value& r : report.json["results"].GetArray()) {
    ids.insert(r["id"].GetString());
  }
  return ids;
}

TEST_F(ReportFormats, TagsSelectChecksCarryingAnyOfThem) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  // With --api, so that the checks that run only then (the auth-scope plugins) are selected too.
  const std::vector<std::string> api = {"--client-id", healthy_client_id(), "--api",
                                        "/api/x_acme/inventory/items/42"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), api.begin(), api.end());
    return args;
  };
  Report plugins = run_oauth(instance, scenario, with({"--tags", "plugin"}));
  ASSERT_TRUE(plugins.parsed);
  std::set<std::string> plugin_ids = ids_tagged({"plugin"});
  EXPECT_EQ(plugin_ids.size(), 4u);
  EXPECT_EQ(result_ids(plugins), plugin_ids);
  Report two = run_oauth(instance, scenario, with({"--tags", "plugin,user"}));
  std::set<std::string> two_ids = ids_tagged({"plugin", "user"});
  EXPECT_GT(two_ids.size(), plugin_ids.size());
  EXPECT_EQ(result_ids(two), two_ids);
  Report typo = run_oauth(instance, scenario, {"--tags", "plugins"});
  EXPECT_EQ(typo.process.exit_code, 2);
  EXPECT_THAT(typo.process.err, HasSubstr("'plugins'"));
}

}  // namespace
}  // namespace sncheck::testing
