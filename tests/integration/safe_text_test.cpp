// SPDX-License-Identifier: Apache-2.0
// Safe text: what the instance holds cannot drive the terminal or forge a report line. A registry
// entry named with an ANSI "clear screen", a carriage return and a newline followed by a forged
// result line reaches the text and Markdown reports as visible escapes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kHostileName =
    "Evil\x1b[2J\x1b]0;owned\x07\rPASS\nPASS    oauth.forged.check  All good\xc2\x9b"
    "31m\x7f";

// A line that begins with the forged result, or any raw control byte but newline.
void expect_no_forgery(const std::string& text, const std::string& where) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    EXPECT_THAT(line, Not(::testing::StartsWith("PASS    oauth.forged"))) << where << ":\n" << text;
    EXPECT_THAT(line, Not(::testing::StartsWith("✅ | pass | `oauth.forged"))) << where;
  }
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 && c != '\n') << where << ": raw control byte " << int(byte);
    EXPECT_NE(byte, 0x7F) << where << ": raw DEL";
  }
  EXPECT_EQ(text.find("\xc2\x9b"), std::string::npos) << where << ": raw C1 CSI";
}

TEST(SafeText, HostileNamesAreEscapedInTheTextAndMarkdownReports) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_field(scenario, "oauth_entity", "name", "Acme Integration", "name", kHostileName);
  set_field(scenario, "oauth_entity", "name", kHostileName, "user", "");  // a failing, named entry
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  // Wrapped to 80 columns (off a terminal), no forged line either.
  Report wrapped =
      run_sncheck({"oauth", "--instance", instance.url(), "--format", "text", "--color", "never"},
                  reader_env(scenario));
  expect_no_forgery(wrapped.process.out, "the wrapped text report");
  // A wide terminal (COLUMNS): the escaped name on one line.
  std::vector<std::string> env = reader_env(scenario);
  env.push_back("COLUMNS=1000");
  Report report = run_sncheck({"oauth", "--instance", instance.url(), "--format", "text", "--color",
                               "never", "--report", "markdown=" + dir.file("r.md")},
                              env);
  EXPECT_EQ(report.process.exit_code, 1) << report.process.out << report.process.err;
  const std::string& text = report.process.out;
  EXPECT_THAT(text,
              HasSubstr("[Evil\\x1b[2J\\x1b]0;owned\\x07\\rPASS\\nPASS    oauth.forged.check"));
  EXPECT_THAT(text, HasSubstr("\\u009b31m\\x7f"));
  expect_no_forgery(text, "the text report");
  std::string markdown = dir.read("r.md");
  EXPECT_THAT(markdown, HasSubstr("Evil\\x1b[2J"));
  expect_no_forgery(markdown, "the Markdown report");
}

}  // namespace
}  // namespace sncheck::testing
