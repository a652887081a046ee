// SPDX-License-Identifier: Apache-2.0
// sncheck audit: every suite in one plan against the fake instance. One request per table across
// the suites, every report grouped by suite with the suite on each result, coverage per suite and
// --require-coverage in the gate, and the options a suite's subcommand has.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kSuites = {"hardening", "identity", "oauth", "rest"};

Report run_audit(const fake::Scenario& scenario, const std::vector<std::string>& extra = {}) {
  fake::FakeInstance instance(scenario);
  return run_command("audit", instance, scenario, extra);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const rapidjson::Value* suite_entry(const Report& report, const std::string& suite) {
  for (const rapidjson::Value& entry : report.json["suites"].GetArray()) {
    if (suite == entry["suite"].GetString()) return &entry;
  }
  return nullptr;
}

TEST(Audit, RunsEverySuiteInOnePlanWithOneRequestPerTable) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_command("audit", instance, scenario, {"--stats"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.process.exit_code, 0) << report.process.out;
  EXPECT_EQ(report.count("fail"), 0) << report.process.out;
  EXPECT_EQ(report.count("error"), 0) << report.process.out;
  std::set<std::string> suites;
  for (const rapidjson::Value& result : report.json["results"].GetArray()) {
    std::string suite = result["suite"].GetString();
    std::string id = result["id"].GetString();
    EXPECT_EQ(id.substr(0, id.find('.')), suite) << id;
    suites.insert(suite);
  }
  EXPECT_EQ(suites, std::set<std::string>(kSuites.begin(), kSuites.end()));
  ASSERT_EQ(report.json["suites"].Size(), kSuites.size());
  for (std::size_t i = 0; i < kSuites.size(); ++i) {
    // Results and the suites list in the order the suites were given.
    EXPECT_EQ(std::string(
                  report.json["suites"][static_cast<rapidjson::SizeType>(i)]["suite"].GetString()),
              kSuites[i]);
  }
  std::map<std::string, int> per_table;
  // Every query, sent alone or as an item of a Batch API request.
  for (const fake::LoggedRequest& request : instance.queries()) ++per_table[request.path];
  for (const auto& [path, count] : per_table) EXPECT_EQ(count, 1) << path << " read twice";
  // Every suite's reads in one wave, one query per table.
  EXPECT_GE(per_table.size(), 12u);
  EXPECT_THAT(report.process.err, HasSubstr("waves=" + std::to_string(per_table.size()) + " "));
}

TEST(Audit, TheDemoShowsAFindingWithRemediationFromEverySuite) {
  Report report = run_audit(fake::demo_scenario());
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.process.exit_code, 1);
  std::map<std::string, int> findings;
  for (const rapidjson::Value& result : report.json["results"].GetArray()) {
    std::string status = result["status"].GetString();
    if (status != "fail" && status != "warn") continue;
    EXPECT_GT(result["remediation"].GetStringLength(), 20u) << result["id"].GetString();
    ++findings[result["suite"].GetString()];
  }
  for (const std::string& suite : kSuites) {
    EXPECT_GT(findings[suite], 0) << "no finding from " << suite;
    const rapidjson::Value* entry = suite_entry(report, suite);
    ASSERT_NE(entry, nullptr) << suite;
    EXPECT_TRUE((*entry)["root_cause"].IsString()) << suite;  // each suite has its own
  }
  // The run's root cause is its first suite's.
  EXPECT_EQ(std::string(report.json["root_cause"].GetString()),
            (*suite_entry(report, "hardening"))["root_cause"].GetString());
}

TEST(Audit, CoverageIsReportedPerSuiteAndRequireCoverageGatesIt) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.denied_tables.insert("sys_certificate");  // identity: 8 of 9 checks evaluated
  Report report = run_audit(scenario);
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.process.exit_code, 2);  // an error result: incomplete
  const rapidjson::Value& identity = (*suite_entry(report, "identity"))["coverage"];
  EXPECT_EQ(identity["checks"].GetInt(), 9);
  EXPECT_EQ(identity["evaluated"].GetInt(), 8);
  ASSERT_EQ(identity["not_evaluated"].Size(), 1u);
  EXPECT_STREQ(identity["not_evaluated"][0]["id"].GetString(), "identity.certificate.expiry");
  EXPECT_THAT(identity["not_evaluated"][0]["reason"].GetString(), HasSubstr("sys_certificate"));
  EXPECT_EQ((*suite_entry(report, "oauth"))["coverage"]["percent"].GetDouble(), 100.0);

  Report tolerant = run_audit(scenario, {"--require-coverage", "80"});
  EXPECT_EQ(tolerant.process.exit_code, 0) << "88% of identity is above 80%";
  EXPECT_FALSE((*suite_entry(tolerant, "identity"))["coverage"]["below_required"].GetBool());
  Report strict = run_audit(scenario, {"--require-coverage", "95"});
  EXPECT_EQ(strict.process.exit_code, 2);
  EXPECT_TRUE((*suite_entry(strict, "identity"))["coverage"]["below_required"].GetBool());
  EXPECT_EQ(strict.json["gate"]["require_coverage"].GetDouble(), 95.0);

  // A failure still fails the run (exit 1), whatever the coverage.
  fake::Scenario failing = scenario;
  set_field(failing, "sys_properties", "name", "glide.basicauth.required.api", "value", "false");
  EXPECT_EQ(run_audit(failing, {"--require-coverage", "95"}).process.exit_code, 1);
}

TEST(Audit, TakesEveryOptionASuiteHas) {
  fake::Scenario scenario = fake::demo_scenario();
  Report selected = run_audit(scenario, {"--checks", "rest.*,identity.certificate.*"});
  ASSERT_TRUE(selected.parsed) << selected.process.err;
  std::set<std::string> ids;
  for (const rapidjson::Value& result : selected.json["results"].GetArray()) {
    ids.insert(result["id"].GetString());
  }
  EXPECT_EQ(ids.size(), 6u);
  EXPECT_EQ(selected.json["suites"].Size(), 2u);

  Report tagged = run_audit(scenario, {"--tags", "cors"});
  ASSERT_TRUE(tagged.parsed);
  EXPECT_EQ(tagged.json["suites"].Size(), 1u);

  // Below the threshold, the demo's findings do not fail the run... except the critical OAuth.
  Report gated = run_audit(scenario, {"--severity-threshold", "critical"});
  EXPECT_EQ(gated.process.exit_code, 1);
  EXPECT_EQ(std::string(gated.json["gate"]["severity_threshold"].GetString()), "critical");

  ScratchDir dir;
  std::string waivers = dir.write("waivers.json", R"({"waivers": [
    {"check": "*", "reason": "accepted for the test", "owner": "qa", "expires": "2030-01-01"}]})");
  Report waived = run_audit(scenario, {"--waivers", waivers});
  EXPECT_EQ(waived.process.exit_code, 0) << waived.process.out;
  EXPECT_GT(waived.count("waived"), 3);
}

TEST(Audit, EveryReportFormatGroupsBySuite) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::vector<std::string> extra;
  for (const char* format : {"text", "markdown", "html", "sarif", "junit"}) {
    extra.push_back("--report");
    extra.push_back(std::string(format) + "=" + dir.file(format));
  }
  Report report = run_command("audit", instance, scenario, extra);
  ASSERT_TRUE(report.parsed) << report.process.err;
  std::string text = read_text(dir.file("text"));
  std::string markdown = read_text(dir.file("markdown"));
  std::string html = read_text(dir.file("html"));
  EXPECT_THAT(text, HasSubstr("sncheck audit (hardening, identity, oauth, rest) on"));
  for (const std::string& suite : kSuites) {
    EXPECT_THAT(text, HasSubstr("-- " + suite + ": ")) << suite;
    EXPECT_THAT(markdown, HasSubstr("### `" + suite + "` — ")) << suite;
    EXPECT_THAT(html, HasSubstr("<section class=\"suite\" id=\"suite-" + suite + "\">")) << suite;
  }
  EXPECT_THAT(text, HasSubstr("Coverage: 40 of 40 checks evaluated (100%)."));
  EXPECT_THAT(markdown, HasSubstr("**Coverage:** 9 of 9 checks evaluated (100%)"));
  EXPECT_THAT(html, HasSubstr("checks evaluated (100%)"));
  EXPECT_THAT(html, HasSubstr("<div class=\"l\">findings</div>"));

  rapidjson::Document sarif;
  sarif.Parse(read_text(dir.file("sarif")).c_str());
  ASSERT_TRUE(sarif.IsObject());
  const rapidjson::Value& run = sarif["runs"][0];
  ASSERT_GT(run["results"].Size(), 4u);
  std::set<std::string> sarif_suites;
  for (const rapidjson::Value& result : run["results"].GetArray()) {
    std::string suite = result["properties"]["suite"].GetString();
    std::string rule = result["ruleId"].GetString();
    EXPECT_EQ(rule.substr(0, rule.find('.')), suite);
    sarif_suites.insert(suite);
  }
  EXPECT_EQ(sarif_suites.size(), kSuites.size());
  EXPECT_THAT(read_text(dir.file("junit")), HasSubstr("classname=\"sncheck.rest."));
}

TEST(Audit, ASnapshotOfAnAuditReplaysTheSameResults) {
  fake::Scenario scenario = fake::demo_scenario();
  ScratchDir dir;
  Report live = run_audit(scenario, {"--save-snapshot", dir.file("audit.json")});
  ASSERT_TRUE(live.parsed) << live.process.err;
  Report replay = run_sncheck(
      {"audit", "--snapshot", dir.file("audit.json"), "--format", "json", "--today", kJudgingDay},
      {});
  ASSERT_TRUE(replay.parsed) << replay.process.err;
  EXPECT_EQ(replay.json["results"].Size(), live.json["results"].Size());
  EXPECT_EQ(replay.process.exit_code, live.process.exit_code);
  for (const char* status : {"pass", "fail", "warn", "skip", "error"}) {
    EXPECT_EQ(replay.count(status), live.count(status)) << status;
  }
}

// A snapshot saved before the new suites declared drift items still compares on what it holds.
TEST(Audit, DiffOfAnOlderSnapshotComparesTheSuitesItHolds) {
  const std::string old =
      std::string(SNCHECK_SOURCE_DIR) + "/fuzz/corpus/snapshot/fake-healthy.json";
  Report report = run_sncheck({"diff", old, old}, {});
  EXPECT_EQ(report.process.exit_code, 0) << report.process.out << report.process.err;
  EXPECT_THAT(report.process.out, HasSubstr("No drift"));
  EXPECT_THAT(report.process.err, HasSubstr("holds no record of the hardening suite's"));

  // A snapshot saved now holds every suite's configuration, whichever suite ran.
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  Report saved = run_command("oauth", instance, scenario, {"--save-snapshot", dir.file("s.json")});
  ASSERT_TRUE(saved.parsed) << saved.process.err;
  Report fresh = run_sncheck({"diff", dir.file("s.json"), dir.file("s.json")}, {});
  EXPECT_EQ(fresh.process.exit_code, 0) << fresh.process.out << fresh.process.err;
  EXPECT_THAT(fresh.process.err, ::testing::Not(HasSubstr("holds no record")));
}

TEST(Audit, TheCatalogHoldsAtLeastSixtyChecksInFourSuites) {
  Report listed = run_sncheck({"checks", "--format", "json"}, {});
  ASSERT_EQ(listed.process.exit_code, 0) << listed.process.err;
  rapidjson::Document checks;
  checks.Parse(listed.process.out.c_str());
  ASSERT_TRUE(checks.IsArray()) << listed.process.out;
  std::map<std::string, int> per_suite;
  for (const rapidjson::Value& check : checks.GetArray()) ++per_suite[check["suite"].GetString()];
  EXPECT_GE(checks.Size(), 60u);
  EXPECT_EQ(per_suite.size(), 4u);
  for (const std::string& suite : kSuites) EXPECT_GE(per_suite[suite], 5) << suite;
}

TEST(Audit, ASuiteCannotTakeTheNameOfABuiltInCommand) {
  ScratchDir dir;
  dir.write("suite.json", R"({"suite": "audit", "title": "t", "summary": "s",
                              "root_cause": [{"text": "{message}"}]})");
  Report report = run_sncheck({"checks", "--checks-dir", dir.path()}, {});
  EXPECT_EQ(report.process.exit_code, 2);
  EXPECT_THAT(report.process.err, HasSubstr("'audit' is the name of a built-in command"));
}

}  // namespace
}  // namespace sncheck::testing
