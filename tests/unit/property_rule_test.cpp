// SPDX-License-Identifier: Apache-2.0
// The `property` evaluator's rule (parsed from a check's parameters, judged on a value) and the
// dates the identity suite compares.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "evaluate/dates.h"
#include "evaluate/evaluators/property_rule.h"

namespace sncheck {
namespace {

PropertyRule rule(const std::map<std::string, std::string>& params) {
  PropertyRule out;
  std::string problem = parse_property_rule(params, &out);
  EXPECT_EQ(problem, "");
  return out;
}

std::string problem(const std::map<std::string, std::string>& params) {
  PropertyRule out;
  return parse_property_rule(params, &out);
}

TEST(PropertyRule, BooleansAreTheWordsTrueAndFalseOnly) {
  PropertyRule r = rule({{"type", "boolean"}, {"expect", "true"}, {"fallback", "false"}});
  EXPECT_EQ(judge_property_value(r, "true"), ValueVerdict::Holds);
  EXPECT_EQ(judge_property_value(r, "false"), ValueVerdict::Fails);
  for (const char* odd : {"1", "0", "TRUE", "true ", "", "yes"}) {
    EXPECT_EQ(judge_property_value(r, odd), ValueVerdict::NotJudgeable) << odd;
  }
  EXPECT_EQ(r.recommended, "true");
  EXPECT_EQ(*r.fallback, "false");
  EXPECT_EQ(describe_expectation(r), "true");
}

TEST(PropertyRule, IntegersMeetEveryBound) {
  PropertyRule r = rule(
      {{"type", "integer"}, {"expect", ">0,<=720"}, {"fallback", "0"}, {"recommended", "720"}});
  EXPECT_EQ(judge_property_value(r, "1"), ValueVerdict::Holds);
  EXPECT_EQ(judge_property_value(r, "720"), ValueVerdict::Holds);
  EXPECT_EQ(judge_property_value(r, "0"), ValueVerdict::Fails);
  EXPECT_EQ(judge_property_value(r, "721"), ValueVerdict::Fails);
  EXPECT_EQ(judge_property_value(r, "-5"), ValueVerdict::Fails);
  for (const char* odd : {"30 ", "", "1e3", "0x10", "ten"}) {
    EXPECT_EQ(judge_property_value(r, odd), ValueVerdict::NotJudgeable) << odd;
  }
  EXPECT_EQ(describe_expectation(r), "> 0 and <= 720");
}

TEST(PropertyRule, StringsAreEmptyOrExact) {
  PropertyRule empty = rule({{"type", "string"}, {"expect", "empty"}, {"fallback", "empty"}});
  EXPECT_EQ(judge_property_value(empty, ""), ValueVerdict::Holds);
  EXPECT_EQ(judge_property_value(empty, "  "), ValueVerdict::Holds);
  EXPECT_EQ(judge_property_value(empty, "client-a"), ValueVerdict::Fails);
  EXPECT_EQ(*empty.fallback, "");
  PropertyRule exact =
      rule({{"type", "string"}, {"expect", "=soap.guest"}, {"fallback", "soap.guest"}});
  EXPECT_EQ(judge_property_value(exact, "soap.guest"), ValueVerdict::Holds);
  EXPECT_EQ(judge_property_value(exact, "admin"), ValueVerdict::Fails);
}

TEST(PropertyRule, NoneMeansNoDocumentedFallback) {
  PropertyRule r = rule({{"type", "boolean"}, {"expect", "true"}, {"fallback", "none"}});
  EXPECT_FALSE(r.fallback.has_value());
}

TEST(PropertyRule, BadParametersAreRefusedNamingTheParameter) {
  EXPECT_NE(problem({{"type", "number"}, {"expect", "1"}, {"fallback", "1"}}).find("type:"),
            std::string::npos);
  EXPECT_NE(
      problem({{"type", "boolean"}, {"expect", "yes"}, {"fallback", "false"}}).find("expect:"),
      std::string::npos);
  EXPECT_NE(problem({{"type", "boolean"}, {"expect", "true"}, {"fallback", "1"}}).find("fallback:"),
            std::string::npos);
  EXPECT_NE(
      problem({{"type", "integer"}, {"expect", "about 5"}, {"fallback", "5"}}).find("expect:"),
      std::string::npos);
  // An integer rule names the value its fix sets, and that value must meet the rule.
  EXPECT_NE(
      problem({{"type", "integer"}, {"expect", "<=5"}, {"fallback", "5"}}).find("recommended"),
      std::string::npos);
  EXPECT_NE(
      problem({{"type", "integer"}, {"expect", "<=5"}, {"fallback", "5"}, {"recommended", "6"}})
          .find("recommended"),
      std::string::npos);
}

TEST(Dates, TableApiDatesAndDateTimesBecomeDayNumbers) {
  EXPECT_EQ(day_number("1970-01-01"), 0);
  EXPECT_EQ(day_number("1970-01-02 00:00:00"), 1);
  EXPECT_EQ(*day_number("2026-12-01") - *day_number("2026-08-01 10:00:00"), 122);
  EXPECT_EQ(*day_number("2024-03-01") - *day_number("2024-02-28"), 2);  // a leap year
  EXPECT_EQ(date_of_day(*day_number("2026-10-31 23:59:59")), "2026-10-31");
  for (const char* bad : {"", "2026-02-30", "2026-13-01", "2026-1-01", "2026-01-01T00:00:00",
                          "2026-01-01 24:00:00", "2026-01-01 00:00", "yesterday"}) {
    EXPECT_FALSE(day_number(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sncheck
