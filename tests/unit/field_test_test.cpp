// SPDX-License-Identifier: Apache-2.0
// Field tests on single rows: the comparison operators, and values sncheck refuses to judge.

#include "evaluate/field_test.h"

#include <re2/re2.h>

#include <gtest/gtest.h>

namespace sncheck {
namespace {

FieldTest make_test(const std::string& field, FieldOp op, std::vector<std::string> values) {
  FieldTest test;
  test.field = field;
  test.op = op;
  test.values = std::move(values);
  if (!test.values.empty()) {
    EXPECT_EQ(check_operand(op, test.values.front(), &test.pattern), "");
  }
  return test;
}

Record row_with(const std::string& field, const std::string& value) {
  Record row;
  row[field].value = value;
  return row;
}

TEST(FieldTest, MatchesUsesTheRegularExpression) {
  FieldTest test = make_test("redirect_url", FieldOp::Matches, {"^https://"});
  EXPECT_EQ(apply_test(test, row_with("redirect_url", "https://a.example")).verdict,
            TestVerdict::Holds);
  EXPECT_EQ(apply_test(test, row_with("redirect_url", "http://a.example")).verdict,
            TestVerdict::Fails);
}

// RE2 matches in linear time: a pattern that backtracks exponentially in other engines
// ((a+)+$ against a long run of a's and one b) answers at once, and long values are judged, not
// refused.
TEST(FieldTest, CatastrophicPatternsAndLongValuesAreMatchedInLinearTime) {
  FieldTest nested = make_test("redirect_url", FieldOp::Matches, {"^(a+)+$"});
  EXPECT_EQ(apply_test(nested, row_with("redirect_url", std::string(4000, 'a') + "b")).verdict,
            TestVerdict::Fails);
  EXPECT_EQ(apply_test(nested, row_with("redirect_url", std::string(200000, 'a'))).verdict,
            TestVerdict::Holds);
  FieldTest alternation = make_test("redirect_url", FieldOp::Matches, {"(a|b)*c"});
  EXPECT_EQ(apply_test(alternation, row_with("redirect_url", std::string(200000, 'a'))).verdict,
            TestVerdict::Fails);
}

TEST(FieldTest, AnInvalidPatternIsRefusedAtLoad) {
  std::shared_ptr<const re2::RE2> pattern;
  EXPECT_NE(check_operand(FieldOp::Matches, "(unclosed", &pattern), "");
  EXPECT_EQ(pattern, nullptr);
  EXPECT_NE(check_operand(FieldOp::Matches, std::string(1001, 'a'), &pattern), "");
}

TEST(FieldTest, MissingFieldIsUnreadableNeverAPass) {
  FieldTest test = make_test("active", FieldOp::Neq, {"false"});
  EXPECT_EQ(apply_test(test, Record{}).verdict, TestVerdict::Unreadable);
}

TEST(FieldTest, IntegerComparisonRejectsNonNumbers) {
  FieldTest test = make_test("access_token_lifespan", FieldOp::IntGt, {"86400"});
  EXPECT_EQ(apply_test(test, row_with("access_token_lifespan", "90000")).verdict,
            TestVerdict::Holds);
  EXPECT_EQ(apply_test(test, row_with("access_token_lifespan", "1800")).verdict,
            TestVerdict::Fails);
  EXPECT_EQ(apply_test(test, row_with("access_token_lifespan", "1,800")).verdict,
            TestVerdict::Unreadable);
}

}  // namespace
}  // namespace sncheck

namespace sncheck {
namespace {

TEST(FieldTest, BooleanOpsAcceptOnlyThePlatformsEncodings) {
  FieldTest locked = make_test("locked_out", FieldOp::IsFalse, {});
  EXPECT_EQ(apply_test(locked, row_with("locked_out", "false")).verdict, TestVerdict::Holds);
  EXPECT_EQ(apply_test(locked, row_with("locked_out", "0")).verdict, TestVerdict::Holds);
  EXPECT_EQ(apply_test(locked, row_with("locked_out", "true")).verdict, TestVerdict::Fails);
  EXPECT_EQ(apply_test(locked, row_with("locked_out", "1")).verdict, TestVerdict::Fails);
  for (const char* odd : {"TRUE", "true ", "", "yes"}) {
    TestOutcome outcome = apply_test(locked, row_with("locked_out", odd));
    EXPECT_EQ(outcome.verdict, TestVerdict::Unreadable) << odd;
    EXPECT_NE(outcome.reason.find("not a boolean"), std::string::npos) << outcome.reason;
  }
  FieldTest active = make_test("active", FieldOp::IsTrue, {});
  EXPECT_EQ(apply_test(active, row_with("active", "true")).verdict, TestVerdict::Holds);
  EXPECT_EQ(apply_test(active, row_with("active", "false")).verdict, TestVerdict::Fails);
}

// JSON null is not "": a null locked_out must not pass as "not locked out", whatever the op.
TEST(FieldTest, NullIsUnreadableWithTheValueSeen) {
  Record row;
  row["user.locked_out"].null = true;
  for (FieldTest test : {make_test("user.locked_out", FieldOp::IsFalse, {}),
                         make_test("user.locked_out", FieldOp::Neq, {"true"}),
                         make_test("user.locked_out", FieldOp::Empty, {})}) {
    TestOutcome outcome = apply_test(test, row);
    EXPECT_EQ(outcome.verdict, TestVerdict::Unreadable) << to_string(test.op);
    EXPECT_EQ(outcome.value, "null");
    EXPECT_NE(outcome.reason.find("null"), std::string::npos) << outcome.reason;
    EXPECT_FALSE(outcome.not_returned);
  }
}

TEST(FieldTest, OddBooleansAreUnreadableNeverNotTrue) {
  FieldTest locked = make_test("user.locked_out", FieldOp::IsFalse, {});
  for (const char* odd : {"TRUE", "true ", "yes", ""}) {
    TestOutcome outcome = apply_test(locked, row_with("user.locked_out", odd));
    EXPECT_EQ(outcome.verdict, TestVerdict::Unreadable) << "'" << odd << "'";
    EXPECT_EQ(outcome.value, odd);
  }
  EXPECT_EQ(apply_test(locked, row_with("user.locked_out", "1")).verdict, TestVerdict::Fails);
  EXPECT_EQ(apply_test(locked, row_with("user.locked_out", "0")).verdict, TestVerdict::Holds);
}

TEST(FieldTest, WordsOnlyBooleansRefuseOneAndZero) {
  FieldTest property = make_test("value", FieldOp::IsTrue, {});
  property.words_only = true;
  EXPECT_EQ(apply_test(property, row_with("value", "true")).verdict, TestVerdict::Holds);
  EXPECT_EQ(apply_test(property, row_with("value", "false")).verdict, TestVerdict::Fails);
  EXPECT_EQ(apply_test(property, row_with("value", "1")).verdict, TestVerdict::Unreadable);
  EXPECT_EQ(apply_test(property, row_with("value", "0")).verdict, TestVerdict::Unreadable);
}

TEST(FieldTest, EmptyMeansJudgesAnEmptyValueAsGivenButNeverNull) {
  FieldTest only_api = make_test("user.web_service_access_only", FieldOp::IsTrue, {});
  only_api.empty_means = "false";
  TestOutcome empty = apply_test(only_api, row_with("user.web_service_access_only", ""));
  EXPECT_EQ(empty.verdict, TestVerdict::Fails);
  EXPECT_EQ(empty.value, "");
  EXPECT_EQ(apply_test(only_api, row_with("user.web_service_access_only", "true")).verdict,
            TestVerdict::Holds);
  Record null_row;
  null_row["user.web_service_access_only"].null = true;
  EXPECT_EQ(apply_test(only_api, null_row).verdict, TestVerdict::Unreadable);
  EXPECT_NE(describe_test(only_api).find("empty counts as 'false'"), std::string::npos);
}

// Several redirect URLs in one field: every one is judged, the first failing one is shown.
TEST(FieldTest, EachJudgesEveryCommaSeparatedItem) {
  FieldTest https = make_test("redirect_url", FieldOp::Matches, {"^https://"});
  https.each = true;
  EXPECT_EQ(
      apply_test(https, row_with("redirect_url", "https://a.example,https://b.example")).verdict,
      TestVerdict::Holds);
  TestOutcome second =
      apply_test(https, row_with("redirect_url", "https://a.example, http://b.example/cb"));
  EXPECT_EQ(second.verdict, TestVerdict::Fails);
  EXPECT_EQ(second.value, "http://b.example/cb");
  // Without "each" only the start of the field is looked at: the second URL slips through.
  https.each = false;
  EXPECT_EQ(
      apply_test(https, row_with("redirect_url", "https://a.example, http://b.example/cb")).verdict,
      TestVerdict::Holds);
  https.each = true;
  EXPECT_NE(describe_test(https).find("every comma-separated item of redirect_url"),
            std::string::npos);
}

TEST(FieldTest, EachWithAnItemThatCannotBeJudgedIsUnreadableUnlessAnotherFails) {
  FieldTest lifespans = make_test("values", FieldOp::IntLte, {"100"});
  lifespans.each = true;
  EXPECT_EQ(apply_test(lifespans, row_with("values", "5,x")).verdict, TestVerdict::Unreadable);
  EXPECT_EQ(apply_test(lifespans, row_with("values", "x,500")).verdict, TestVerdict::Fails);
}

}  // namespace
}  // namespace sncheck
