// JUnit as Jenkins, GitLab and Azure Pipelines read it (class names from the check, never the
// host; the host in the suite; time and timestamp).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kTools = std::string(SNCHECK_SOURCE_DIR) + "/tests/tools";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

rapidjson::Document junit_of(const std::string& path) {
  ProcessResult parsed = run_process({SNCHECK_PYTHON3, kTools + "/junit_cases.py", path}, {});
  rapidjson::Document document;
  document.Parse(parsed.out.c_str());
  EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
  return document;
}

// Jenkins's split of a class name (CaseResult.getPackageName / getSimpleName): at the last '.'.
std::pair<std::string, std::string> jenkins_split(const std::string& classname) {
  std::size_t dot = classname.rfind('.');
  if (dot == std::string::npos) return {"(root)", classname};
  return {classname.substr(0, dot), classname.substr(dot + 1)};
}

TEST(JUnit, ClassNamesComeFromTheCheckAndTheHostFromTheSuite) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  Report report =
      run_command("audit", instance, scenario, {"--report", "junit=" + dir.file("j.xml")});
  ASSERT_TRUE(report.parsed) << report.process.err;
  rapidjson::Document junit = junit_of(dir.file("j.xml"));
  ASSERT_TRUE(junit.IsObject());
  ASSERT_EQ(junit["suites"].Size(), 1u);
  const rapidjson::Value& suite = junit["suites"][0];
  EXPECT_THAT(suite["name"].GetString(), HasSubstr("on 127.0.0.1:"));
  EXPECT_THAT(suite["hostname"].GetString(), HasSubstr("127.0.0.1:"));
  ASSERT_TRUE(suite["time"].IsString());
  EXPECT_GT(std::stod(suite["time"].GetString()), 0.0);
  ASSERT_TRUE(suite["timestamp"].IsString());
  EXPECT_TRUE(std::regex_match(std::string(suite["timestamp"].GetString()),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")))
      << suite["timestamp"].GetString();

  std::set<std::string> packages;
  for (const rapidjson::Value& c : junit["cases"].GetArray()) {
    std::string classname = c["classname"].GetString();
    std::string name = c["name"].GetString();
    SCOPED_TRACE(name);
    EXPECT_THAT(classname, Not(HasSubstr("127.0.0.1")));
    // sncheck.<suite>.<the id's second segment>: package sncheck.<suite>, class <area>.
    std::string id = name.substr(0, name.find(' '));
    std::string suite_name = id.substr(0, id.find('.'));
    std::string area = id.substr(id.find('.') + 1);
    area = area.substr(0, area.find('.'));
    EXPECT_EQ(classname, "sncheck." + suite_name + "." + area);
    auto [package, simple] = jenkins_split(classname);
    EXPECT_EQ(package, "sncheck." + suite_name);
    EXPECT_EQ(simple, area);
    packages.insert(package);
    ASSERT_TRUE(c["time"].IsString());
    EXPECT_GE(std::stod(c["time"].GetString()), 0.0);
  }
  EXPECT_EQ(packages, (std::set<std::string>{"sncheck.hardening", "sncheck.identity",
                                             "sncheck.oauth", "sncheck.rest"}));
}

TEST(JUnit, AFatalRunKeepsOneErrorPerCheck) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.faults.hibernating = true;
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  Report report =
      run_command("audit", instance, scenario, {"--report", "junit=" + dir.file("j.xml")});
  ASSERT_TRUE(report.parsed) << report.process.err;
  rapidjson::Document junit = junit_of(dir.file("j.xml"));
  int errors = 0;
  for (const rapidjson::Value& c : junit["cases"].GetArray()) {
    if (std::string(c["outcome"].GetString()) == "error") ++errors;
  }
  EXPECT_EQ(errors, static_cast<int>(report.json["results"].Size()));
  EXPECT_GT(errors, 10);
}

}  // namespace
}  // namespace sncheck::testing
