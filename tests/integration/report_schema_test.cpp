// SPDX-License-Identifier: Apache-2.0
// Real JSON reports, from healthy, broken and unreadable instances, validated against the
// documented schema (docs/report-schema.json).

#include <gtest/gtest.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <fstream>
#include <sstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

rapidjson::SchemaDocument load_schema() {
  std::ifstream in(std::string(SNCHECK_SOURCE_DIR) + "/docs/report-schema.json");
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document document;
  document.Parse(text.str().c_str());
  if (document.HasParseError()) throw std::runtime_error("docs/report-schema.json is not JSON");
  return rapidjson::SchemaDocument(document);
}

std::string violations(const rapidjson::Document& report) {
  static const rapidjson::SchemaDocument schema = load_schema();
  rapidjson::SchemaValidator validator(schema);
  if (report.Accept(validator)) return {};
  rapidjson::StringBuffer where, rule;
  validator.GetInvalidSchemaPointer().StringifyUriFragment(rule);
  validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
  return std::string("at ") + where.GetString() + " violates " + rule.GetString() + " (" +
         validator.GetInvalidSchemaKeyword() + ")";
}

void expect_valid(const fake::Scenario& scenario, const std::vector<std::string>& extra = {}) {
  fake::FakeInstance instance(scenario);
  Report report = run_oauth(instance, scenario, extra);
  ASSERT_TRUE(report.parsed) << report.process.out;
  EXPECT_EQ(violations(report.json), "") << report.process.out;
  EXPECT_EQ(report.json["exit_code"].GetInt(), report.process.exit_code);
}

TEST(ReportSchema, HealthyReportIsValid) { expect_valid(fake::healthy_scenario()); }

TEST(ReportSchema, FailingReportIsValid) { expect_valid(fake::demo_scenario()); }

TEST(ReportSchema, FatalErrorReportIsValid) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.faults.hibernating = true;
  expect_valid(scenario);
}

void expect_valid_audit(const fake::Scenario& scenario, const std::vector<std::string>& extra) {
  fake::FakeInstance instance(scenario);
  Report report = run_command("audit", instance, scenario, extra);
  ASSERT_TRUE(report.parsed) << report.process.out;
  EXPECT_EQ(violations(report.json), "") << report.process.out;
  EXPECT_EQ(report.json["exit_code"].GetInt(), report.process.exit_code);
  ASSERT_TRUE(report.json.HasMember("suites"));
  for (const rapidjson::Value& result : report.json["results"].GetArray()) {
    EXPECT_TRUE(result.HasMember("suite")) << result["id"].GetString();
  }
}

TEST(ReportSchema, AuditReportsOfEverySuiteAreValid) {
  expect_valid_audit(fake::healthy_scenario(), {});
  expect_valid_audit(fake::demo_scenario(), {"--require-coverage", "90"});
  fake::Scenario denied = fake::healthy_scenario();
  denied.denied_tables = {"sys_certificate", "sys_cors_rule"};
  expect_valid_audit(denied, {});
}

TEST(ReportSchema, SchemaRejectsADocumentMissingResults) {
  rapidjson::Document document;
  document.Parse(R"({"schema_version":"1","tool":{"name":"sncheck","version":"x"}})");
  EXPECT_NE(violations(document), "");
}

}  // namespace
}  // namespace sncheck::testing
