// SPDX-License-Identifier: Apache-2.0
// SARIF as GitHub code scanning ingests it: the demo's audit and a fatal run's SARIF pass
// GitHub's ingestion rules (tests/tools/sarif_github_rules.py: sarif-sdk's GH rules and
// codeql-action's upload checks), every result has a stable physical location, a fingerprint
// that survives another run, and rules linking their doc page; an incomplete run (exit 2) writes
// no SARIF unless --sarif-on-error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kRules = std::string(SNCHECK_SOURCE_DIR) + "/tests/tools/sarif_github_rules.py";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ProcessResult github_rules(const std::string& path) {
  return run_process({SNCHECK_PYTHON3, kRules, path}, {});
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  return document;
}

struct SarifRun {
  Report report;
  std::string path;
  rapidjson::Document sarif;
};

SarifRun audit_with_sarif(const fake::Scenario& scenario, const ScratchDir& dir,
                          std::vector<std::string> extra = {}) {
  fake::FakeInstance instance(scenario);
  SarifRun run;
  run.path = dir.file("sncheck.sarif");
  std::filesystem::remove(run.path);
  extra.push_back("--report");
  extra.push_back("sarif=" + run.path);
  run.report = run_command("audit", instance, scenario, extra);
  if (std::filesystem::exists(run.path)) run.sarif = parse(read_text(run.path));
  return run;
}

// id + subject -> its fingerprint, over every run of the file.
std::map<std::string, std::string> fingerprints(const rapidjson::Document& sarif) {
  std::map<std::string, std::string> prints;
  for (const rapidjson::Value& run : sarif["runs"].GetArray()) {
    for (const rapidjson::Value& result : run["results"].GetArray()) {
      std::string name = std::string(result["ruleId"].GetString()) + " " +
                         result["properties"]["subject"].GetString();
      prints[name] = result["partialFingerprints"]["primaryLocationLineHash"].GetString();
    }
  }
  return prints;
}

TEST(SarifGitHub, TheDemoAuditPassesGitHubsIngestionRules) {
  ScratchDir dir;
  SarifRun run = audit_with_sarif(fake::demo_scenario(), dir);
  ASSERT_EQ(run.report.process.exit_code, 1) << run.report.process.err;
  ProcessResult rules = github_rules(run.path);
  EXPECT_EQ(rules.exit_code, 0) << rules.err;

  ASSERT_TRUE(run.sarif.IsObject());
  const rapidjson::Value& sarif_run = run.sarif["runs"][0];
  const rapidjson::Value& driver = sarif_run["tool"]["driver"];
  EXPECT_THAT(driver["informationUri"].GetString(), StartsWith("https://"));
  for (const rapidjson::Value& rule : driver["rules"].GetArray()) {
    std::string id = rule["id"].GetString();
    SCOPED_TRACE(id);
    // The doc page of a built-in check, which must exist in this repository.
    std::string help = rule["helpUri"].GetString();
    std::string page = "/blob/main/docs/checks/" + id + ".md";
    ASSERT_GE(help.size(), page.size());
    EXPECT_EQ(help.substr(help.size() - page.size()), page);
    EXPECT_TRUE(
        std::filesystem::exists(std::string(SNCHECK_SOURCE_DIR) + "/docs/checks/" + id + ".md"));
    const rapidjson::Value& properties = rule["properties"];
    EXPECT_TRUE(properties["security-severity"].IsString());
    EXPECT_TRUE(properties["precision"].IsString());
    EXPECT_STREQ(properties["tags"][0].GetString(), "security");
  }
  int results = 0;
  for (const rapidjson::Value& result : sarif_run["results"].GetArray()) {
    ++results;
    SCOPED_TRACE(result["ruleId"].GetString());
    for (const rapidjson::Value& location : result["locations"].GetArray()) {
      std::string uri = location["physicalLocation"]["artifactLocation"]["uri"].GetString();
      EXPECT_THAT(uri, StartsWith("servicenow/127.0.0.1%3A"));
      EXPECT_EQ(location["physicalLocation"]["region"]["startLine"].GetInt(), 1);
      // The logical location stays beside it.
      EXPECT_THAT(location["logicalLocations"][0]["fullyQualifiedName"].GetString(),
                  HasSubstr("127.0.0.1"));
    }
  }
  // A finding from every suite of the demo.
  EXPECT_GE(results, 5);
}

TEST(SarifGitHub, LocationsNameTheRecordOrTheCheck) {
  ScratchDir dir;
  SarifRun run = audit_with_sarif(fake::demo_scenario(), dir);
  ASSERT_TRUE(run.sarif.IsObject()) << run.report.process.err;
  bool record = false;
  bool check = false;
  for (const rapidjson::Value& result : run.sarif["runs"][0]["results"].GetArray()) {
    std::string id = result["ruleId"].GetString();
    std::string uri =
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].GetString();
    std::string rest = uri.substr(uri.find('/', std::string("servicenow/").size()) + 1);
    if (rest == id) {
      check = true;
    } else {
      // <table>/<sys_id>: two segments, the record's table and id.
      ASSERT_EQ(std::count(rest.begin(), rest.end(), '/'), 1) << uri;
      record = true;
    }
  }
  EXPECT_TRUE(record);  // e.g. the registry entry without an application user
  EXPECT_TRUE(check);   // e.g. the client-credentials property that does not exist
}

TEST(SarifGitHub, FingerprintsAreStableOverRunsOnAnotherPort) {
  ScratchDir first_dir;
  ScratchDir second_dir;
  SarifRun first = audit_with_sarif(fake::demo_scenario(), first_dir);
  SarifRun second = audit_with_sarif(fake::demo_scenario(), second_dir);
  ASSERT_TRUE(first.sarif.IsObject());
  ASSERT_TRUE(second.sarif.IsObject());
  std::map<std::string, std::string> a = fingerprints(first.sarif);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, fingerprints(second.sarif));
  // Distinct findings, distinct fingerprints.
  std::set<std::string> distinct;
  for (const auto& [name, print] : a) distinct.insert(print);
  EXPECT_EQ(distinct.size(), a.size());
}

TEST(SarifGitHub, AFatalRunWritesNoSarifAndSaysWhy) {
  ScratchDir dir;
  std::string existing = dir.write("sncheck.sarif", "earlier\n");
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.faults.hibernating = true;
  fake::FakeInstance instance(scenario);
  Report report = run_command("audit", instance, scenario, {"--report", "sarif=" + existing});
  EXPECT_EQ(report.process.exit_code, 2);
  EXPECT_THAT(report.process.err, HasSubstr(existing + ": the audit is incomplete (exit 2)"));
  EXPECT_THAT(report.process.err, HasSubstr("close their open alerts"));
  EXPECT_THAT(report.process.err, HasSubstr("--sarif-on-error"));
  // The path is left as it was (written whole or not at all).
  EXPECT_EQ(read_text(existing), "earlier\n");
  // The JSON report on stdout is still written.
  EXPECT_TRUE(report.parsed);
}

TEST(SarifGitHub, AnIncompleteRunWritesNoSarifEither) {
  ScratchDir dir;
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.denied_tables = {"sys_certificate"};
  SarifRun run = audit_with_sarif(scenario, dir);
  EXPECT_EQ(run.report.process.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(run.path));
  EXPECT_THAT(run.report.process.err, HasSubstr("no SARIF report is written"));
}

TEST(SarifGitHub, SarifOnErrorWritesAFatalRunThatGitHubAccepts) {
  ScratchDir dir;
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.faults.hibernating = true;
  SarifRun run = audit_with_sarif(scenario, dir, {"--sarif-on-error"});
  EXPECT_EQ(run.report.process.exit_code, 2);
  ASSERT_TRUE(run.sarif.IsObject()) << run.report.process.err;
  ProcessResult rules = github_rules(run.path);
  EXPECT_EQ(rules.exit_code, 0) << rules.err;
  const rapidjson::Value& sarif_run = run.sarif["runs"][0];
  ASSERT_TRUE(sarif_run.HasMember("results"));
  EXPECT_TRUE(sarif_run["results"].IsArray());
  EXPECT_EQ(sarif_run["results"].Size(), 0u);
  EXPECT_FALSE(sarif_run["invocations"][0]["executionSuccessful"].GetBool());
}

// The checker itself: the SARIF sncheck wrote before (logical locations only, no results array)
// is refused for the rules GitHub refuses it for.
TEST(SarifGitHub, TheRulesRefuseLogicalOnlyLocationsAndMissingResults) {
  ScratchDir dir;
  std::string logical_only = dir.write("old.sarif", R"({
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
    "runs": [{"tool": {"driver": {"name": "sncheck", "rules": [{"id": "a.b",
        "shortDescription": {"text": "t"}, "fullDescription": {"text": "f"},
        "help": {"text": "h"}, "properties": {"security-severity": "high"}}]}},
      "results": [{"ruleId": "a.b", "message": {"text": "m"},
        "locations": [{"logicalLocations": [{"name": "x"}]}]}]},
     {"tool": {"driver": {"name": "sncheck", "rules": []}}}]})");
  ProcessResult rules = github_rules(logical_only);
  EXPECT_EQ(rules.exit_code, 1);
  EXPECT_THAT(rules.err, HasSubstr("GH1001"));
  EXPECT_THAT(rules.err, HasSubstr("GH1016"));
  EXPECT_THAT(rules.err, HasSubstr("Missing 'results' array"));
  EXPECT_THAT(rules.err, HasSubstr("security-severity"));
  EXPECT_THAT(rules.err, HasSubstr("second run with category"));
  std::string absolute = dir.write("abs.sarif", R"({
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
    "runs": [{"tool": {"driver": {"name": "sncheck", "rules": [{"id": "a.b",
        "shortDescription": {"text": "t"}, "fullDescription": {"text": ""},
        "help": {"text": "h"}}]}},
      "results": [{"ruleId": "a.b", "message": {"text": "m"}, "partialFingerprints": {"a": "b"},
        "locations": [{"physicalLocation": {"artifactLocation":
            {"uri": "https://acme.service-now.com/x"}}}]}]}]})");
  rules = github_rules(absolute);
  EXPECT_EQ(rules.exit_code, 1);
  EXPECT_THAT(rules.err, HasSubstr("GH1005"));
  EXPECT_THAT(rules.err, HasSubstr("GH1003"));
  EXPECT_THAT(rules.err, HasSubstr("GH2012"));
}

}  // namespace
}  // namespace sncheck::testing
