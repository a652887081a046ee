// SPDX-License-Identifier: Apache-2.0
// Values people type more than one way (durations, formats by extension) and the "did you mean"
// suggestion behind sncheck's messages for mistyped commands, flags and check ids.

#include <gtest/gtest.h>

#include "cli/suggest.h"
#include "cli/values.h"

namespace sncheck {
namespace {

TEST(Suggest, EditDistanceCountsATranspositionOnce) {
  EXPECT_EQ(edit_distance("instnace", "instance"), 1u);
  EXPECT_EQ(edit_distance("oath", "oauth"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(Suggest, ClosestNameOnlyWhenItIsATypo) {
  std::vector<std::string> commands = {"audit", "doctor", "checks", "explain", "diff"};
  EXPECT_EQ(closest_name("audt", commands).value_or(""), "audit");
  EXPECT_EQ(closest_name("docter", commands).value_or(""), "doctor");
  EXPECT_FALSE(closest_name("deploy", commands).has_value());
  EXPECT_FALSE(closest_name("x", commands).has_value());
  std::vector<std::string> flags = {"--instance", "--user", "--timeout", "--token-stdin"};
  EXPECT_EQ(closest_name("--instnace", flags).value_or(""), "--instance");
  EXPECT_EQ(closest_name("--inst", flags).value_or(""), "--instance");  // the one completion
  EXPECT_FALSE(closest_name("--t", flags).has_value());
  EXPECT_EQ(did_you_mean("--usr", flags), " (did you mean '--user'?)");
  EXPECT_EQ(did_you_mean("--zzzzzz", flags), "");
}

TEST(Durations, UnitsAndBareSeconds) {
  std::string problem;
  EXPECT_EQ(parse_duration_seconds("30", 86400, &problem).value_or(-1), 30);
  EXPECT_EQ(parse_duration_seconds("5s", 86400, &problem).value_or(-1), 5);
  EXPECT_EQ(parse_duration_seconds("2m", 86400, &problem).value_or(-1), 120);
  EXPECT_EQ(parse_duration_seconds("1m30s", 86400, &problem).value_or(-1), 90);
  EXPECT_EQ(parse_duration_seconds("1H", 86400, &problem).value_or(-1), 3600);
  EXPECT_EQ(parse_duration_seconds("2000ms", 86400, &problem).value_or(-1), 2000 / 1000);
}

TEST(Durations, RefusalsSayWhy) {
  std::string problem;
  EXPECT_FALSE(parse_duration_seconds("500ms", 86400, &problem));
  EXPECT_NE(problem.find("whole number of seconds"), std::string::npos) << problem;
  EXPECT_FALSE(parse_duration_seconds("5x", 86400, &problem));
  EXPECT_NE(problem.find("unknown unit 'x'"), std::string::npos) << problem;
  EXPECT_FALSE(parse_duration_seconds("0s", 86400, &problem));
  EXPECT_NE(problem.find("more than zero"), std::string::npos) << problem;
  EXPECT_FALSE(parse_duration_seconds("2d", 86400, &problem));
  EXPECT_FALSE(parse_duration_seconds("25h", 86400, &problem));
  EXPECT_NE(problem.find("86400s"), std::string::npos) << problem;
  EXPECT_FALSE(parse_duration_seconds("1m30", 86400, &problem));
  EXPECT_FALSE(parse_duration_seconds("", 86400, &problem));
  EXPECT_FALSE(parse_duration_seconds("-5s", 86400, &problem));
  EXPECT_FALSE(parse_duration_seconds("99999999999999s", 86400, &problem));
}

TEST(FormatOfExtension, KnownNamesOnly) {
  EXPECT_EQ(format_of_extension("report.html").value_or(""), "html");
  EXPECT_EQ(format_of_extension("out/REPORT.HTM").value_or(""), "html");
  EXPECT_EQ(format_of_extension("a.sarif").value_or(""), "sarif");
  EXPECT_EQ(format_of_extension("junit.xml").value_or(""), "junit");
  EXPECT_EQ(format_of_extension("pr.md").value_or(""), "markdown");
  EXPECT_EQ(format_of_extension("r.json").value_or(""), "json");
  EXPECT_EQ(format_of_extension("r.txt").value_or(""), "text");
  EXPECT_FALSE(format_of_extension("report").has_value());
  EXPECT_FALSE(format_of_extension("report.log").has_value());
  EXPECT_FALSE(format_of_extension(".html").has_value());
  EXPECT_FALSE(format_of_extension("dir.json/report").has_value());
}

}  // namespace
}  // namespace sncheck
