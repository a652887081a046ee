// SPDX-License-Identifier: Apache-2.0
// JUnit as Jenkins, GitLab and Azure Pipelines read it (class names from the check, never the
// host; the host in the suite; time and timestamp), and Markdown as a pull-request comment (only
// problems, a cap under GitHub's comment limit, a marker per suite and instance).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
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

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// GitHub counts characters; a UTF-8 byte count is never smaller.
std::size_t characters(const std::string& text) {
  std::size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

TEST(Markdown, ShowsOnlyResultsThatAreNotPassAndAMarkerPerInstance) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  Report report =
      run_command("audit", instance, scenario, {"--report", "markdown=" + dir.file("c.md")});
  ASSERT_TRUE(report.parsed) << report.process.err;
  std::string markdown = read_text(dir.file("c.md"));
  std::string host = instance.url().substr(std::string("http://").size());
  EXPECT_EQ(markdown.rfind("<!-- sncheck:audit:" + host + " -->\n", 0), 0u) << markdown;
  EXPECT_THAT(markdown, HasSubstr("| ❌ failed |"));
  // A check with only passing results is not named; one with any other result is.
  std::map<std::string, bool> only_passes;
  for (const rapidjson::Value& r : report.json["results"].GetArray()) {
    std::string id = r["id"].GetString();
    bool pass = std::string(r["status"].GetString()) == "pass";
    only_passes[id] = (only_passes.count(id) == 0 || only_passes[id]) && pass;
  }
  int passing = 0;
  for (const auto& [id, passes] : only_passes) {
    if (passes) {
      ++passing;
      EXPECT_THAT(markdown, Not(HasSubstr("`" + id + "`"))) << id;
    } else {
      EXPECT_THAT(markdown, HasSubstr("`" + id + "`")) << id;
    }
  }
  EXPECT_GT(passing, 20);
  EXPECT_THAT(markdown, Not(HasSubstr("more results in the full report")));
}

TEST(Markdown, ALargeAuditStaysUnderTheCommentLimit) {
  // The large instance with its 500 resources of active APIs open to anyone: 500 findings.
  fake::Scenario scenario = fake::large_scenario();
  for (Record& operation : scenario.tables.at("sys_ws_operation")) {
    operation["requires_authentication"] = FieldValue{"false", ""};
  }
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  Report report =
      run_command("audit", instance, scenario,
                  with_large_scenario_timeout({"--report", "markdown=" + dir.file("c.md")}));
  ASSERT_TRUE(report.parsed) << report.process.err;
  std::string markdown = read_text(dir.file("c.md"));
  int shown_elsewhere = 0;
  for (const rapidjson::Value& r : report.json["results"].GetArray()) {
    if (std::string(r["status"].GetString()) != "pass") ++shown_elsewhere;
  }
  ASSERT_GT(shown_elsewhere, 300) << "the large scenario no longer has many findings";
  EXPECT_LE(markdown.size(), 60000u);
  EXPECT_LE(characters(markdown), 65536u);
  // The count of what was left out, at the end, and it adds up with what is shown.
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      markdown, match,
      std::regex(R"(\*\*(\d+) more results in the full report \(artifact\)\.\*\*)")))
      << markdown.substr(markdown.size() - 500);
  int left_out = std::stoi(match[1].str());
  EXPECT_GT(left_out, 0);
  int shown =
      static_cast<int>(occurrences(markdown, "\n#### ") + occurrences(markdown, "\n- ⏭️ "));
  EXPECT_EQ(shown + left_out, shown_elsewhere);
  EXPECT_LT(markdown.find("<sub>sncheck"), markdown.size());  // the footer stays
}

}  // namespace
}  // namespace sncheck::testing
