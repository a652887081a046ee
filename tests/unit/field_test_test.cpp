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

}  // namespace
}  // namespace sncheck
