// SPDX-License-Identifier: Apache-2.0
// Gating (--fail-on, --severity-threshold), the waiver loader and matcher, and every format
// rendering results from several instances.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "report/report.h"
#include "report/waivers.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;

CheckDefinition check(const std::string& id, Severity severity) {
  CheckDefinition definition;
  definition.id = id;
  definition.title = id + " holds";
  definition.severity = severity;
  definition.suite = "oauth";
  definition.tags = {"oauth"};
  definition.rationale = "why";
  definition.remediation = "fix it";
  return definition;
}

Result result(const CheckDefinition& definition, Status status, const std::string& instance,
              const std::string& subject = "") {
  Result r;
  r.check = &definition;
  r.status = status;
  r.instance = instance;
  r.subject = subject;
  r.message = definition.id + " says " + std::string(to_string(status));
  if (status != Status::Pass) r.remediation = "do this";
  return r;
}

const CheckDefinition kCritical = check("oauth.a.critical", Severity::Critical);
const CheckDefinition kMedium = check("oauth.b.medium", Severity::Medium);
const CheckDefinition kLow = check("oauth.c.low", Severity::Low);

TEST(Gating, DefaultFailsOnAnyFailOnly) {
  RunOutcome outcome;
  outcome.results = {result(kLow, Status::Warn, "https://a")};
  EXPECT_EQ(exit_code(outcome), 0);
  outcome.results.push_back(result(kLow, Status::Fail, "https://a"));
  EXPECT_EQ(exit_code(outcome), 1);
}

TEST(Gating, FailOnWarnMakesWarningsFail) {
  RunOutcome outcome;
  outcome.results = {result(kMedium, Status::Warn, "https://a")};
  GatePolicy gate;
  gate.warn_fails = true;
  EXPECT_EQ(exit_code(outcome, gate), 1);
  EXPECT_TRUE(is_blocking(outcome.results[0], gate));
  gate.threshold = Severity::High;
  EXPECT_EQ(exit_code(outcome, gate), 0);
}

TEST(Gating, ThresholdIsInclusiveAndErrorsStillMakeTheRunIncomplete) {
  RunOutcome outcome;
  outcome.results = {result(kMedium, Status::Fail, "https://a"),
                     result(kLow, Status::Error, "https://a")};
  GatePolicy gate;
  gate.threshold = Severity::Medium;
  EXPECT_EQ(exit_code(outcome, gate), 1);
  gate.threshold = Severity::High;
  EXPECT_EQ(exit_code(outcome, gate), 2);  // the failure no longer gates; the error remains
  Summary s = summarize(outcome.results, gate);
  EXPECT_EQ(s.fail, 1);
  EXPECT_EQ(s.blocking, 0);
}

TEST(Waivers, LoaderNamesFileAndField) {
  auto error_of = [](const std::string& json) {
    try {
      parse_waivers(json, "w.json");
    } catch (const WaiverError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(R"({"waivers": [{"check": "a.*", "reason": "r", "owner": "o"}]})"),
            "w.json: waivers[0].expires: is required");
  EXPECT_EQ(error_of(R"({"waivers": [{"check": "a.*", "reason": "r", "owner": "o",
                                      "expires": "2026-02-30"}]})"),
            "w.json: waivers[0].expires: '2026-02-30' is not a date written YYYY-MM-DD");
  EXPECT_EQ(error_of(R"({"waivers": [{"check": "a.*", "reason": "r", "owner": "o",
                                      "expires": "2026-01-01", "onwer": "x"}]})"),
            "w.json: waivers[0].onwer: unknown field (a typo?)");
  EXPECT_EQ(error_of(R"({"waivers": [{"check": 3, "reason": "r", "owner": "o",
                                      "expires": "2026-01-01"}]})"),
            "w.json: waivers[0].check: must be a string");
  EXPECT_EQ(error_of(R"([])"), "w.json: must be a JSON object");
  EXPECT_THAT(error_of("{"), HasSubstr("w.json: offset"));
  EXPECT_EQ(error_of(R"({"waivers": []})"), "no error");
}

TEST(Waivers, DatesAreRealCalendarDays) {
  EXPECT_TRUE(is_iso_date("2028-02-29"));
  EXPECT_FALSE(is_iso_date("2027-02-29"));
  EXPECT_FALSE(is_iso_date("2027-13-01"));
  EXPECT_FALSE(is_iso_date("2027-1-01"));
  EXPECT_TRUE(is_iso_date(today_utc()));
}

TEST(Waivers, MatchCheckSubjectAndInstanceAndExpireAfterTheirDay) {
  std::vector<Waiver> waivers = parse_waivers(R"({"waivers": [
      {"check": "oauth.a.*", "subject": "Legacy*", "instance": "acme", "reason": "r1",
       "owner": "o1", "expires": "2030-01-31"}]})",
                                              "w.json");
  std::vector<Result> results = {
      result(kCritical, Status::Fail, "https://acme.service-now.com", "Legacy client"),
      result(kCritical, Status::Fail, "https://acme.service-now.com", "New client"),
      result(kCritical, Status::Fail, "https://prod.service-now.com", "Legacy client"),
      result(kCritical, Status::Pass, "https://acme.service-now.com", "Legacy other")};
  apply_waivers(results, waivers, "2030-01-31");
  EXPECT_TRUE(results[0].waived());
  EXPECT_EQ(results[0].waiver->origin, "w.json: waivers[0]");
  EXPECT_EQ(results[1].waiver, nullptr);
  EXPECT_EQ(results[2].waiver, nullptr);
  EXPECT_EQ(results[3].waiver, nullptr);  // a pass is never waived
  apply_waivers(results, waivers, "2030-02-01");
  ASSERT_NE(results[0].waiver, nullptr);
  EXPECT_TRUE(results[0].waiver->expired);
  EXPECT_FALSE(results[0].waived());
  EXPECT_TRUE(instance_matches("acme.service-now.com", "https://acme.service-now.com"));
  EXPECT_TRUE(instance_matches("https://acme.service-now.com/", "https://acme.service-now.com"));
  EXPECT_FALSE(instance_matches("acm", "https://acme.service-now.com"));
}

// A combined run: two instances, each with its own findings.
class MultiInstance : public ::testing::Test {
 protected:
  void SetUp() override {
    outcome_.results = {result(kCritical, Status::Fail, "https://test.service-now.com"),
                        result(kMedium, Status::Pass, "https://test.service-now.com"),
                        result(kCritical, Status::Pass, "https://prod.service-now.com"),
                        result(kMedium, Status::Warn, "https://prod.service-now.com", "Entry")};
    context_.instance = "https://test.service-now.com";
    context_.suite = "oauth";
    context_.outcome = &outcome_;
  }
  std::string render(std::string_view format) {
    std::ostringstream out;
    write_report(format, out, context_);
    return out.str();
  }
  RunOutcome outcome_;
  ReportContext context_;
};

TEST_F(MultiInstance, EveryFormatNamesEachInstance) {
  for (const std::string& format : report_formats()) {
    SCOPED_TRACE(format);
    std::string output = render(format);
    EXPECT_THAT(output, HasSubstr("test.service-now.com"));
    EXPECT_THAT(output, HasSubstr("prod.service-now.com"));
  }
}

TEST_F(MultiInstance, FormatsGroupByInstance) {
  std::string text = render("text");
  EXPECT_THAT(text, HasSubstr("sncheck oauth suite on 2 instances"));
  EXPECT_THAT(text, HasSubstr("== https://prod.service-now.com"));
  std::string junit = render("junit");
  EXPECT_THAT(junit, HasSubstr("<testsuite name=\"sncheck oauth on test.service-now.com\" "
                               "tests=\"2\" failures=\"1\""));
  EXPECT_THAT(junit, HasSubstr("<testsuite name=\"sncheck oauth on prod.service-now.com\" "
                               "tests=\"2\" failures=\"0\""));
  std::string sarif = render("sarif");
  EXPECT_THAT(sarif, HasSubstr("\"id\": \"sncheck/oauth/test.service-now.com/\""));
  EXPECT_THAT(sarif, HasSubstr("\"id\": \"sncheck/oauth/prod.service-now.com/\""));
  EXPECT_THAT(render("markdown"), HasSubstr("### https://prod.service-now.com"));
  EXPECT_THAT(render("html"), HasSubstr("on 2 instances"));
}

TEST_F(MultiInstance, SarifLevelsFollowTheSeverityMapping) {
  std::string sarif = render("sarif");
  EXPECT_THAT(sarif, HasSubstr("\"ruleId\": \"oauth.a.critical\",\n          \"ruleIndex\": 0,\n"
                               "          \"kind\": \"fail\",\n          \"level\": \"error\""));
  EXPECT_THAT(sarif, HasSubstr("\"kind\": \"fail\",\n          \"level\": \"warning\""));
}

TEST_F(MultiInstance, JunitWarnIsPassingWithSystemOutUnlessFailOnWarn) {
  std::string junit = render("junit");
  EXPECT_THAT(junit, HasSubstr("<system-out>warn (does not fail the run)"));
  context_.gate.warn_fails = true;
  EXPECT_THAT(render("junit"), HasSubstr("<failure type=\"warn medium\""));
}

}  // namespace
}  // namespace sncheck
