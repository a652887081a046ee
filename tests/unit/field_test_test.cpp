// Field tests on single rows: the comparison operators, and values sncheck refuses to judge.

#include "evaluate/field_test.h"

#include <gtest/gtest.h>

namespace sncheck {
namespace {

FieldTest make_test(const std::string& field, FieldOp op, std::vector<std::string> values) {
  FieldTest test;
  test.field = field;
  test.op = op;
  test.values = std::move(values);
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

TEST(FieldTest, AnOverlongValueIsNotMatchedAgainstAPattern) {
  FieldTest test = make_test("redirect_url", FieldOp::Matches, {"(a|b)*c"});
  TestOutcome outcome = apply_test(test, row_with("redirect_url", std::string(200000, 'a')));
  EXPECT_EQ(outcome.verdict, TestVerdict::Unreadable);
  EXPECT_NE(outcome.reason.find("200000 characters"), std::string::npos) << outcome.reason;
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
