// SPDX-License-Identifier: Apache-2.0
#include "report/report.h"

#include <rapidjson/document.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "core/version.h"
#include "test_support.h"

namespace sncheck {
namespace {

using test_support::FakeTables;
using test_support::row;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kLeak = "TOPSECRET-do-not-print";

// Plugins fine, the client-credentials property missing, one entry without a user: two failures
// (steps 30 and 50). The entry also holds a client secret, which must never be read or printed.
FakeTables failing_instance() {
  FakeTables tables;
  for (const char* id : {"com.snc.platform.security.oauth", "com.glide.rest",
                         "com.glide.auth.scope", "com.glide.rest.auth.scope"}) {
    tables.add("sys_plugins", row({{"sys_id", std::string("sp-") + id},
                                   {"source", id},
                                   {"name", id},
                                   {"active", "true"}}));
  }
  tables.add("oauth_entity", row({{"sys_id", "e1"},
                                  {"name", "Acme \"quoted\""},
                                  {"client_id", "abc"},
                                  {"client_secret", kLeak},
                                  {"active", "true"},
                                  {"type", "client"},
                                  {"user", ""},
                                  {"user.sys_id", ""},
                                  {"user.user_name", ""},
                                  {"user.active", ""},
                                  {"user.locked_out", ""},
                                  {"access_token_lifespan", ""},
                                  {"redirect_url", ""}}));
  return tables;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeTables tables = failing_instance();
    RunParams params;
    params.instance_url = "https://acme.service-now.com";
    selected_ = select_checks(catalog_.checks(), "oauth", "");
    outcome_ = run_checks(catalog_, selected_, params, tables.fetcher());
  }

  ReportContext context(bool color = false) {
    ReportContext context;
    context.instance = "https://acme.service-now.com";
    context.suite = "oauth";
    context.outcome = &outcome_;
    context.color = color;
    context.gate = gate_;
    return context;
  }

  std::string text(bool color, int width = 80) {
    std::ostringstream out;
    ReportContext wide = context(color);
    wide.width = width;
    write_text_report(out, wide);
    return out.str();
  }

  std::string json() {
    std::ostringstream out;
    write_json_report(out, context());
    return out.str();
  }

  std::string render(std::string_view format) {
    std::ostringstream out;
    write_report(format, out, context());
    return out.str();
  }

  GatePolicy gate_;

  CheckCatalog catalog_ = test_support::builtin_catalog();
  std::vector<const CheckDefinition*> selected_;
  RunOutcome outcome_;
};

TEST_F(ReportTest, JsonFollowsTheSchema) {
  std::string output = json();
  rapidjson::Document doc;
  doc.Parse(output.c_str(), output.size());
  ASSERT_FALSE(doc.HasParseError()) << output;
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["schema_version"].GetString(), "1");
  EXPECT_STREQ(doc["tool"]["name"].GetString(), "sncheck");
  EXPECT_STREQ(doc["tool"]["version"].GetString(), kToolVersion);
  EXPECT_STREQ(doc["instance"].GetString(), "https://acme.service-now.com");
  EXPECT_STREQ(doc["suite"].GetString(), "oauth");
  EXPECT_EQ(doc["exit_code"].GetInt(), 1);
  EXPECT_STREQ(doc["root_cause"].GetString(), "oauth.property.client_credentials");
  EXPECT_THAT(doc["root_cause_message"].GetString(),
              HasSubstr("The token endpoint refuses client-credentials requests because system "
                        "property glide.oauth.inbound.client.credential.grant_type.enabled"));
  EXPECT_TRUE(doc["fatal_error"].IsNull());

  Summary summary = summarize(outcome_.results);
  EXPECT_EQ(summary.fail, 2);
  const rapidjson::Value& counts = doc["summary"];
  EXPECT_EQ(counts["pass"].GetInt(), summary.pass);
  EXPECT_EQ(counts["fail"].GetInt(), summary.fail);
  EXPECT_EQ(counts["warn"].GetInt(), summary.warn);
  EXPECT_EQ(counts["skip"].GetInt(), summary.skip);
  EXPECT_EQ(counts["error"].GetInt(), summary.error);

  const rapidjson::Value& results = doc["results"];
  ASSERT_TRUE(results.IsArray());
  ASSERT_EQ(results.Size(), outcome_.results.size());
  int counted_fail = 0;
  for (rapidjson::SizeType i = 0; i < results.Size(); ++i) {
    const rapidjson::Value& r = results[i];
    const Result& expected = outcome_.results[i];
    SCOPED_TRACE(expected.check->id);
    for (const char* key : {"id", "title", "severity", "status", "message", "remediation"}) {
      ASSERT_TRUE(r.HasMember(key) && r[key].IsString()) << key;
    }
    ASSERT_TRUE(r.HasMember("subject"));
    EXPECT_TRUE(r["subject"].IsNull() || r["subject"].IsString());
    EXPECT_EQ(r["subject"].IsNull(), expected.subject.empty());
    ASSERT_TRUE(r.HasMember("evidence") && r["evidence"].IsArray());
    ASSERT_TRUE(r.HasMember("references") && r["references"].IsArray());
    EXPECT_EQ(r["id"].GetString(), expected.check->id);
    EXPECT_EQ(r["status"].GetString(), std::string(to_string(expected.status)));
    EXPECT_EQ(r["references"].Size(), expected.check->references.size());
    EXPECT_EQ(r["evidence"].Size(), expected.evidence.size());
    for (const rapidjson::Value& e : r["evidence"].GetArray()) {
      for (const char* key : {"table", "sys_id", "field", "value", "link", "note"}) {
        EXPECT_TRUE(e.HasMember(key) && e[key].IsString()) << key;
      }
    }
    if (std::string(r["status"].GetString()) == "fail") ++counted_fail;
  }
  EXPECT_EQ(counted_fail, 2);
  // The subject with quotes survives escaping.
  bool found_subject = false;
  for (const rapidjson::Value& r : results.GetArray()) {
    if (r["subject"].IsString() && std::string(r["subject"].GetString()) == "Acme \"quoted\"") {
      found_subject = true;
    }
  }
  EXPECT_TRUE(found_subject);
  EXPECT_THAT(output, Not(HasSubstr(kLeak)));
  EXPECT_THAT(output, Not(HasSubstr("client_secret")));
}

TEST_F(ReportTest, JsonFatalError) {
  FakeTables tables = failing_instance();
  tables.fail("sys_plugins", FetchErrorKind::Unauthorized, 401, "401 reading sys_plugins",
              "Check the user and password.");
  RunParams params;
  outcome_ = run_checks(catalog_, selected_, params, tables.fetcher());
  std::string output = json();
  rapidjson::Document doc;
  doc.Parse(output.c_str(), output.size());
  ASSERT_FALSE(doc.HasParseError());
  ASSERT_TRUE(doc["fatal_error"].IsObject());
  EXPECT_STREQ(doc["fatal_error"]["message"].GetString(), "401 reading sys_plugins");
  EXPECT_STREQ(doc["fatal_error"]["remediation"].GetString(), "Check the user and password.");
  EXPECT_EQ(doc["exit_code"].GetInt(), 2);
  EXPECT_TRUE(doc["root_cause"].IsNull());
  EXPECT_EQ(doc["summary"]["error"].GetInt(), 15);
  EXPECT_TRUE(doc["root_cause_message"].IsNull());
}

TEST_F(ReportTest, TextNamesTheRootCauseFirst) {
  std::string output = text(false, 1000);  // the sentence on one line
  std::size_t root = output.find(
      "Root cause: The token endpoint refuses client-credentials requests because system "
      "property glide.oauth.inbound.client.credential.grant_type.enabled does not exist.");
  ASSERT_NE(root, std::string::npos) << output;
  std::size_t first_result = output.find("PASS    oauth.plugin.oauth2");
  ASSERT_NE(first_result, std::string::npos) << output;
  EXPECT_LT(root, first_result);
  EXPECT_EQ(output.find("Root cause:"), output.rfind("Root cause:"));
  EXPECT_THAT(output, HasSubstr("FAIL    oauth.registry.app_user [Acme \"quoted\"]"));
  EXPECT_THAT(output, HasSubstr("(oauth.property.client_credentials - "));
  EXPECT_THAT(output, HasSubstr("15 results: 6 passed, 2 failed, 0 warnings, 7 skipped, 0 errors"));
  EXPECT_THAT(output, Not(HasSubstr(kLeak)));
}

TEST_F(ReportTest, TextWithoutFailureHasNoRootCause) {
  FakeTables tables;
  RunParams params;
  selected_ = select_checks(catalog_.checks(), "oauth", "oauth.property.oauth_active");
  outcome_ = run_checks(catalog_, selected_, params, tables.fetcher());
  std::string output = text(false);
  EXPECT_THAT(output, Not(HasSubstr("Root cause:")));
  EXPECT_THAT(output, HasSubstr("PASS    oauth.property.oauth_active"));
}

TEST_F(ReportTest, ColorOnlyWhenAsked) {
  EXPECT_THAT(text(false), Not(HasSubstr("\033[")));
  std::string colored = text(true);
  EXPECT_THAT(colored, HasSubstr("\033[1;31mRoot cause: \033[0m"));
  EXPECT_THAT(colored, HasSubstr("\033[32mPASS \033[0m"));
}

}  // namespace
}  // namespace sncheck
