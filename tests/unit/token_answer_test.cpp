// SPDX-License-Identifier: Apache-2.0
// The token endpoint's answer judged by what it is (fetch/token_answer.h): bytes in, class out.

#include "fetch/token_answer.h"

#include <gtest/gtest.h>

#include <string>

namespace sncheck {
namespace {

constexpr const char* kJson = "application/json;charset=UTF-8";

TEST(TokenAnswer, ATokenIsGrantedAndNothingOfItIsKept) {
  TokenAnswer answer = classify_token_answer(
      200, kJson, "",
      R"({"access_token":"tok-123-secret","scope":"","token_type":"Bearer","expires_in":1799})");
  EXPECT_EQ(answer.kind, TokenAnswerKind::Granted);
  EXPECT_EQ(answer.safe_body.find("tok-123"), std::string::npos);
  EXPECT_EQ(answer.unjudgeable.find("tok-123"), std::string::npos);
}

TEST(TokenAnswer, ARefusalCarriesItsOAuthErrorAndOnlyTheSafeFields) {
  struct Case {
    long status;
    const char* body;
    const char* error;
  };
  for (
      const Case& c : {
          Case{401, R"({"error_description":"access_denied","error":"server_error"})",
               "server_error"},
          Case{401,
               R"({"error":"invalid_client","error_description":"Client authentication failed"})",
               "invalid_client"},
          Case{
              400,
              R"({"error":"unauthorized_client","error_description":"integration user is not configured"})",
              "unauthorized_client"},
          Case{400, R"({"error":"invalid_scope"})", "invalid_scope"},
          Case{400, R"({"error":"unsupported_grant_type"})", "unsupported_grant_type"},
          Case{403, R"({"error":"access_denied"})", "access_denied"},
      }) {
    TokenAnswer answer = classify_token_answer(c.status, kJson, "", c.body);
    EXPECT_EQ(answer.kind, TokenAnswerKind::Refused) << c.body;
    EXPECT_EQ(answer.oauth_error, c.error);
    EXPECT_NE(answer.safe_body.find(c.error), std::string::npos);
  }
  // An endpoint that echoes the secret in another member: only error fields are kept.
  TokenAnswer echo = classify_token_answer(
      401, kJson, "", R"({"error":"invalid_client","client_secret":"hunter2","echo":"hunter2"})");
  EXPECT_EQ(echo.kind, TokenAnswerKind::Refused);
  EXPECT_EQ(echo.safe_body, R"({"error":"invalid_client"})");
}

TEST(TokenAnswer, AnswersThatAreNeitherATokenNorARefusalCannotBeJudged) {
  struct Case {
    long status;
    const char* content_type;
    const char* location;
    const char* body;
    const char* says;
  };
  for (const Case& c : {
           Case{500, "text/html", "", "<html>Internal error</html>", "a server error: HTTP 500"},
           Case{503, kJson, "", R"({"error":"server_error"})", "a server error: HTTP 503"},
           Case{302, "text/html", "https://acme.service-now.com/login.do", "",
                "a redirect (HTTP 302) to https://acme.service-now.com/login.do"},
           Case{301, "text/html", "", "", "without a Location"},
           Case{200, "text/html", "", "<html><title>Log in</title></html>", "not a JSON object"},
           Case{401, kJson, "", R"({"error":"invalid_cl)", "not a JSON object"},
           Case{200, kJson, "", R"({"token_type":"Bearer"})", "without an access_token"},
           Case{200, kJson, "", R"({"access_token":""})", "without an access_token"},
           Case{401, kJson, "", R"({"message":"denied"})", "without an OAuth error"},
           Case{401, kJson, "", R"({"error":42})", "without an OAuth error"},
           Case{401, kJson, "", R"({"error":"invalid_client","error":"server_error"})",
                "repeats the key 'error'"},
       }) {
    TokenAnswer answer = classify_token_answer(c.status, c.content_type, c.location, c.body);
    EXPECT_EQ(answer.kind, TokenAnswerKind::Unjudgeable) << c.body;
    EXPECT_NE(answer.unjudgeable.find(c.says), std::string::npos) << answer.unjudgeable;
    EXPECT_TRUE(answer.oauth_error.empty());
  }
}

TEST(TokenAnswer, AnEmbeddedNulIsNeverReadPast) {
  std::string body = std::string("{\"access_token\":\"x\"}") + '\0' + "junk";
  EXPECT_EQ(classify_token_answer(200, kJson, "", body).kind, TokenAnswerKind::Unjudgeable);
}

TEST(TokenAnswer, AnOverlongErrorCodeIsCut) {
  std::string body = R"({"error":")" + std::string(500, 'x') + R"("})";
  TokenAnswer answer = classify_token_answer(400, kJson, "", body);
  EXPECT_EQ(answer.kind, TokenAnswerKind::Refused);
  EXPECT_EQ(answer.oauth_error.size(), 64u);
}

}  // namespace
}  // namespace sncheck
