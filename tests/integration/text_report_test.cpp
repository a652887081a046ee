// SPDX-License-Identifier: Apache-2.0
// The terminal text report for an admin under pressure: wrapped to the width (COLUMNS, else 80
// off a terminal) with URLs whole, the fix order beside the summary at the end, a fatal read
// error said once, --quiet.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sncheck_runner.h"
#include "text_lines.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The text with its wrapping undone: each line break and the indent after it made one space.
std::string unwrapped(const std::string& text) {
  std::string out;
  for (const std::string& line : lines_of(text)) {
    std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    out += (out.empty() ? "" : " ") + line.substr(start);
  }
  return out;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// `sncheck audit` on the demo, as scripts/demo.sh runs it (text on stdout, not a terminal), with
// the JSON report beside it.
struct DemoText {
  Report report;
  rapidjson::Document json;
};

DemoText demo_text(const std::vector<std::string>& env_extra = {},
                   const std::vector<std::string>& args_extra = {},
                   fake::Scenario scenario = fake::demo_scenario()) {
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::vector<std::string> args = {"audit",
                                   "--instance",
                                   instance.url(),
                                   "--user",
                                   "sncheck.reader",
                                   "--format",
                                   "text",
                                   "--today",
                                   kJudgingDay,
                                   "--report",
                                   "json=" + dir.file("r.json")};
  args.insert(args.end(), args_extra.begin(), args_extra.end());
  std::vector<std::string> env = reader_env(scenario);
  env.insert(env.end(), env_extra.begin(), env_extra.end());
  DemoText demo;
  demo.report = run_sncheck(args, env);
  std::ifstream in(dir.file("r.json"));
  std::stringstream text;
  text << in.rdbuf();
  demo.json.Parse(text.str().c_str());
  return demo;
}

// A line wider than the width is one URL alone (perhaps in parentheses), from column 0: the
// instance's links are longer than 80 characters (a new-record link with its pre-filled query
// reaches 155), and a URL is never broken, so that a terminal keeps it clickable.
bool lone_url(const std::string& line) {
  return line.find(' ') == std::string::npos && line.find("://") != std::string::npos;
}

// The URL of a lone-URL line: the line without a leading '(' and trailing ")];:,." ("" when the
// line is anything else).
std::string url_of(const std::string& line) {
  if (!lone_url(line)) return "";
  std::size_t start = line.rfind('(', 0) == 0 ? 1 : 0;
  std::size_t end = line.find_last_not_of(")];:,.");
  if (end == std::string::npos || end < start) return "";
  std::string url = line.substr(start, end - start + 1);
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0 ? url : "";
}

// Every string of the JSON report (messages, remediations, evidence links), concatenated.
void collect_strings(const rapidjson::Value& value, std::string& out) {
  if (value.IsString()) {
    out.append(value.GetString(), value.GetStringLength());
    out += '\n';
  } else if (value.IsArray()) {
    for (const rapidjson::Value& each : value.GetArray()) collect_strings(each, out);
  } else if (value.IsObject()) {
    for (const auto& member : value.GetObject()) collect_strings(member.value, out);
  }
}

TEST(TextReport, TheDemoFitsEightyColumnsWithEveryLinkWhole) {
  DemoText demo = demo_text();
  const std::string& text = demo.report.process.out;
  ASSERT_EQ(demo.report.process.exit_code, 1) << text << demo.report.process.err;
  ASSERT_TRUE(demo.json.IsObject());
  std::string reported;
  collect_strings(demo.json["results"], reported);
  std::size_t lines = 0;
  for (const std::string& line : lines_of(text)) {
    ++lines;
    if (columns(line) <= 80) continue;
    // Wider only as one whole URL the report links (an evidence record, a fix's form), at
    // column 0: a record link is <host>/<table>.do?sys_id=<32 hex>, 66 columns plus the table's
    // name at this host's length (sys_ws_definition: 83), a pre-filled new record longer (155).
    std::string url = url_of(line);
    EXPECT_FALSE(url.empty()) << "wider than 80 and not a lone URL: " << line;
    if (url.empty()) continue;
    EXPECT_NE(reported.find(url), std::string::npos) << "a URL the report does not hold: " << url;
  }
  EXPECT_GT(lines, 100u);
  int links = 0;
  for (const rapidjson::Value& result : demo.json["results"].GetArray()) {
    for (const rapidjson::Value& evidence : result["evidence"].GetArray()) {
      std::string link = evidence["link"].GetString();
      std::string status = result["status"].GetString();
      if (link.empty() || status == "pass" || status == "skip") continue;
      ++links;
      // Never split: the whole URL on one line.
      bool whole = false;
      for (const std::string& line : lines_of(text))
        whole = whole || line.find(link) != std::string::npos;
      EXPECT_TRUE(whole) << link;
    }
  }
  EXPECT_GT(links, 3);
}

TEST(TextReport, TheFixOrderStandsBesideTheSummaryAtTheEnd) {
  DemoText demo = demo_text();
  const std::string& text = demo.report.process.out;
  std::size_t summary = text.rfind("results: ");
  std::size_t order = text.find("problems; fix in this order:\n  1) ");
  ASSERT_NE(summary, std::string::npos) << text;
  ASSERT_NE(order, std::string::npos) << text;
  EXPECT_GT(order, summary);
  // The root cause of the first suite with a blocking failure first; every suite's findings in it.
  std::string tail = text.substr(order);
  EXPECT_THAT(tail, HasSubstr("1) hardening."));
  for (const char* suite : {"oauth.property.client_credentials", "rest.", "identity."}) {
    EXPECT_THAT(tail, HasSubstr(suite)) << tail;
  }
  std::size_t problems = 0;
  for (const rapidjson::Value& result : demo.json["results"].GetArray()) {
    std::string status = result["status"].GetString();
    if ((status == "fail" || status == "warn") && !result["waived"].GetBool()) ++problems;
  }
  EXPECT_THAT(unwrapped(text),
              HasSubstr(std::to_string(problems) + " problems; fix in this order: 1) "));
}

TEST(TextReport, ColumnsSetsTheWidth) {
  DemoText wide = demo_text({"COLUMNS=132"});
  std::size_t most = 0;
  for (const std::string& line : lines_of(wide.report.process.out)) {
    if (!lone_url(line)) most = std::max(most, columns(line));
  }
  EXPECT_LE(most, 132u);
  EXPECT_GT(most, 80u);
  DemoText narrow = demo_text({"COLUMNS=60"});
  // Only a word longer than the room (a URL, a property name) may stand alone past it.
  for (const std::string& line : lines_of(narrow.report.process.out)) {
    std::string word = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (word.find(' ') != std::string::npos) {
      EXPECT_LE(columns(line), 60u) << line;
    }
  }
}

TEST(TextReport, AFatalReadErrorIsSaidOnce) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.faults.hibernating = true;
  fake::FakeInstance instance(scenario);
  Report text = run_sncheck({"oauth", "--instance", instance.url(), "--format", "text"},
                            reader_env(scenario));
  Report json = run_oauth(instance, scenario);
  ASSERT_EQ(text.process.exit_code, 2);
  std::string cause = fatal_message(json);
  ASSERT_FALSE(cause.empty());
  const std::string& out = text.process.out;
  std::size_t checks = json.json["results"].Size();
  EXPECT_GT(checks, 10u);
  EXPECT_EQ(occurrences(unwrapped(out), cause), 1u) << out;
  EXPECT_THAT(unwrapped(out), HasSubstr(std::to_string(checks) + " checks not evaluated: "));
  EXPECT_THAT(out, Not(HasSubstr("ERROR   oauth.")));
  EXPECT_LE(lines_of(out).size(), 16u) << out;  // it was 59 lines, one error per check
  // JSON keeps one entry per check.
  EXPECT_EQ(json.count("error"), static_cast<int>(checks));
}

TEST(TextReport, ErrorsOfOneCauseAreGroupedWithTheirChecks) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.denied_tables = {"sys_properties"};
  DemoText run = demo_text({}, {}, scenario);
  const std::string& out = run.report.process.out;
  ASSERT_EQ(run.report.process.exit_code, 2) << out;
  EXPECT_THAT(out, HasSubstr("checks not evaluated: "));
  int errors = run.json["summary"]["error"].GetInt();
  EXPECT_GT(errors, 5);
  // Each unreadable check is still named (on the group's id line), but not one ERROR line each.
  EXPECT_LT(occurrences(out, "ERROR   "), static_cast<std::size_t>(errors));
  for (const rapidjson::Value& result : run.json["results"].GetArray()) {
    if (std::string(result["status"].GetString()) != "error") continue;
    EXPECT_THAT(out, HasSubstr(result["id"].GetString()));
  }
}

TEST(TextReport, QuietShowsOnlyWhatIsNotPass) {
  DemoText quiet = demo_text({}, {"--quiet"});
  const std::string& out = quiet.report.process.out;
  ASSERT_EQ(quiet.report.process.exit_code, 1) << out;
  EXPECT_THAT(out, Not(HasSubstr("PASS ")));
  EXPECT_THAT(out, HasSubstr("FAIL    oauth.property.client_credentials"));
  EXPECT_THAT(out, HasSubstr("problems; fix in this order"));
  DemoText full = demo_text();
  EXPECT_THAT(full.report.process.out, HasSubstr("PASS "));
}

}  // namespace
}  // namespace sncheck::testing
