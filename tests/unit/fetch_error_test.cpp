// SPDX-License-Identifier: Apache-2.0
#include "core/fetch_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "fetch/status_mapping.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr FetchErrorKind kAllKinds[] = {
    FetchErrorKind::Unauthorized,
    FetchErrorKind::Forbidden,
    FetchErrorKind::InvalidTable,
    FetchErrorKind::BadRequest,
    FetchErrorKind::NotFound,
    FetchErrorKind::RateLimited,
    FetchErrorKind::ServerError,
    FetchErrorKind::HttpStatus,
    FetchErrorKind::HibernatingInstance,
    FetchErrorKind::LoginPage,
    FetchErrorKind::NotJson,
    FetchErrorKind::MalformedJson,
    FetchErrorKind::TooLarge,
    FetchErrorKind::PagingLoop,
    FetchErrorKind::Timeout,
    FetchErrorKind::Tls,
    FetchErrorKind::Resolve,
    FetchErrorKind::Connect,
    FetchErrorKind::Transport,
    FetchErrorKind::PagingMismatch,
    FetchErrorKind::HiddenRows,
    FetchErrorKind::BadPagingHeader,
    FetchErrorKind::RepeatedRows,
    FetchErrorKind::DeadlineExceeded,
};

TEST(FetchErrorKind, ToStringIsUniqueAndNamed) {
  std::set<std::string_view> names;
  for (FetchErrorKind kind : kAllKinds) {
    std::string_view name = to_string(kind);
    EXPECT_FALSE(name.empty());
    EXPECT_NE(name, "unknown");
    EXPECT_TRUE(names.insert(name).second) << name;
  }
  EXPECT_EQ(to_string(FetchErrorKind::Unauthorized), "unauthorized");
  EXPECT_EQ(to_string(FetchErrorKind::HibernatingInstance), "hibernating-instance");
  EXPECT_EQ(to_string(FetchErrorKind::MalformedJson), "malformed-json");
}

TEST(FetchErrorKind, ConnectionLevel) {
  std::set<FetchErrorKind> connection_level = {
      FetchErrorKind::Unauthorized, FetchErrorKind::HibernatingInstance,
      FetchErrorKind::LoginPage,    FetchErrorKind::Tls,
      FetchErrorKind::Resolve,      FetchErrorKind::Connect};
  for (FetchErrorKind kind : kAllKinds) {
    EXPECT_EQ(is_connection_level(kind), connection_level.count(kind) > 0) << to_string(kind);
  }
}

ResponseFacts facts(const std::string& table, long status, const std::string& body) {
  ResponseFacts f;
  f.table = table;
  f.status = status;
  f.body = body;
  f.content_type = "application/json;charset=UTF-8";
  f.credentials = Credentials::Kind::Basic;
  f.max_retry_after_seconds = 60;
  return f;
}

TEST(ErrorForResponse, Unauthorized) {
  FetchError error = error_for_response(facts(
      "sys_plugins", 401,
      R"({"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"})"));
  EXPECT_EQ(error.kind, FetchErrorKind::Unauthorized);
  EXPECT_EQ(error.http_status, 401);
  EXPECT_THAT(error.message, HasSubstr("sys_plugins"));
  EXPECT_THAT(error.message, HasSubstr("User Not Authenticated"));
  EXPECT_THAT(error.remedy, HasSubstr("SN_USERNAME"));
  EXPECT_THAT(error.remedy, HasSubstr("SSO"));
}

TEST(ErrorForResponse, UnauthorizedMfaAndBearer) {
  ResponseFacts f = facts("sys_user", 401, "");
  f.mfa_token_header = true;
  EXPECT_THAT(error_for_response(f).remedy, HasSubstr("MFA"));
  f = facts("sys_user", 401, "");
  f.credentials = Credentials::Kind::Bearer;
  f.www_authenticate = "BEARER realm=\"Service-now\"";
  FetchError error = error_for_response(f);
  EXPECT_THAT(error.remedy, HasSubstr("token"));
  EXPECT_THAT(error.remedy, HasSubstr("Access Policy"));
}

TEST(ErrorForResponse, ForbiddenNamesTheRole) {
  const char* body =
      R"({"error":{"message":"Insufficient rights to query records","detail":"Field(s) present in the query do not have permission to be read"},"status":"failure"})";
  FetchError error = error_for_response(facts("oauth_entity", 403, body));
  EXPECT_EQ(error.kind, FetchErrorKind::Forbidden);
  EXPECT_THAT(error.message, HasSubstr("oauth_entity"));
  EXPECT_THAT(error.message, HasSubstr("Insufficient rights"));
  EXPECT_THAT(error.remedy, HasSubstr("oauth_admin"));
  EXPECT_THAT(error_for_response(facts("sys_plugins", 403, body)).remedy, HasSubstr("admin"));
  EXPECT_THAT(error_for_response(facts("sys_user", 403, body)).remedy, HasSubstr("user_admin"));
}

TEST(ErrorForResponse, InvalidTableAndBadRequest) {
  FetchError error = error_for_response(facts(
      "sn_table_x", 400,
      R"({"error":{"message":"Invalid table sn_table_x","detail":null},"status":"failure"})"));
  EXPECT_EQ(error.kind, FetchErrorKind::InvalidTable);
  EXPECT_THAT(error.remedy, HasSubstr("plugin"));
  error = error_for_response(facts(
      "sys_user", 400, R"({"error":{"message":"Bad query","detail":"x"},"status":"failure"})"));
  EXPECT_EQ(error.kind, FetchErrorKind::BadRequest);
  EXPECT_THAT(error.message, HasSubstr("Bad query"));
}

TEST(ErrorForResponse, NotFoundRateLimitedServerError) {
  EXPECT_EQ(error_for_response(facts("sys_user", 404, "")).kind, FetchErrorKind::NotFound);
  ResponseFacts f = facts(
      "sys_user", 429,
      R"({"error":{"message":"Rate limit exceeded","detail":"Rate limit of 100 requests per hour for Table API exceeded"},"status":"failure"})");
  f.retries = 3;
  FetchError error = error_for_response(f);
  EXPECT_EQ(error.kind, FetchErrorKind::RateLimited);
  EXPECT_THAT(error.message, HasSubstr("after 3 retries"));
  EXPECT_THAT(error.message, HasSubstr("Rate limit of 100"));
  f.retry_after_seconds = 3600;
  error = error_for_response(f);
  EXPECT_THAT(error.message, HasSubstr("3600 s"));
  EXPECT_THAT(error.remedy, HasSubstr("retry after 3600 s"));
  EXPECT_EQ(error_for_response(facts("sys_user", 503, "")).kind, FetchErrorKind::ServerError);
  EXPECT_EQ(error_for_response(facts("sys_user", 418, "")).kind, FetchErrorKind::HttpStatus);
}

TEST(ErrorForResponse, Redirects) {
  ResponseFacts f = facts("sys_user", 302, "");
  f.location = "https://acme.service-now.com/login.do";
  FetchError error = error_for_response(f);
  EXPECT_EQ(error.kind, FetchErrorKind::LoginPage);
  EXPECT_THAT(error.message, HasSubstr("login.do"));
  f.location = "https://acme2.service-now.com/api/now/table/sys_user";
  error = error_for_response(f);
  EXPECT_EQ(error.kind, FetchErrorKind::HttpStatus);
  EXPECT_THAT(error.message, HasSubstr("acme2"));
}

TEST(ErrorForResponse, HtmlWinsOverStatus) {
  ResponseFacts f = facts("sys_user", 200, "<html><title>Instance Hibernating page</title>");
  f.content_type = "text/html";
  EXPECT_EQ(error_for_response(f).kind, FetchErrorKind::HibernatingInstance);
  f.status = 503;
  EXPECT_EQ(error_for_response(f).kind, FetchErrorKind::HibernatingInstance);
  f.body = "<html>Bad gateway</html>";
  EXPECT_EQ(error_for_response(f).kind, FetchErrorKind::ServerError);
  f.status = 200;
  EXPECT_EQ(error_for_response(f).kind, FetchErrorKind::NotJson);
}

TEST(ErrorForTransport, Kinds) {
  EXPECT_EQ(error_for_transport("t", CURLE_COULDNT_RESOLVE_HOST, "x", false, false, 1).kind,
            FetchErrorKind::Resolve);
  EXPECT_EQ(error_for_transport("t", CURLE_COULDNT_CONNECT, "x", false, false, 1).kind,
            FetchErrorKind::Connect);
  EXPECT_EQ(error_for_transport("t", CURLE_OPERATION_TIMEDOUT, "x", false, false, 1).kind,
            FetchErrorKind::Connect);
  EXPECT_EQ(error_for_transport("t", CURLE_OPERATION_TIMEDOUT, "x", true, false, 1).kind,
            FetchErrorKind::Timeout);
  FetchError tls = error_for_transport("t", CURLE_PEER_FAILED_VERIFICATION,
                                       "SSL certificate problem: self-signed", true, false, 1);
  EXPECT_EQ(tls.kind, FetchErrorKind::Tls);
  EXPECT_THAT(tls.message, HasSubstr("self-signed"));
  EXPECT_EQ(error_for_transport("t", CURLE_SSL_CACERT_BADFILE, "", false, false, 1).kind,
            FetchErrorKind::Tls);
  EXPECT_EQ(error_for_transport("t", CURLE_WRITE_ERROR, "", true, true, 1).kind,
            FetchErrorKind::TooLarge);
  EXPECT_EQ(error_for_transport("t", CURLE_FILESIZE_EXCEEDED, "", true, false, 1).kind,
            FetchErrorKind::TooLarge);
  FetchError other = error_for_transport("t", CURLE_RECV_ERROR, "", true, false, 1);
  EXPECT_EQ(other.kind, FetchErrorKind::Transport);
  EXPECT_THAT(other.message, HasSubstr("t"));
  EXPECT_THAT(other.message, Not(HasSubstr(": :")));
}

TEST(DecideRetry, RateLimit) {
  RetryDecision d = decide_retry(429, 1, 0, 3, 60);
  EXPECT_EQ(d.verdict, RetryVerdict::Retry);
  EXPECT_DOUBLE_EQ(d.delay_seconds, 1);
  d = decide_retry(429, 0, 0, 3, 60);  // no Retry-After: 1 s, 2 s, 4 s
  EXPECT_DOUBLE_EQ(d.delay_seconds, 1);
  EXPECT_DOUBLE_EQ(decide_retry(429, 0, 2, 3, 60).delay_seconds, 4);
  EXPECT_EQ(decide_retry(429, 1, 3, 3, 60).verdict, RetryVerdict::Exhausted);
  EXPECT_EQ(decide_retry(429, 61, 0, 3, 60).verdict, RetryVerdict::WaitTooLong);
}

TEST(DecideRetry, ServerErrors) {
  for (long status : {500L, 502L, 503L, 504L}) {
    EXPECT_DOUBLE_EQ(decide_retry(status, 0, 0, 3, 60).delay_seconds, 0.5);
    EXPECT_DOUBLE_EQ(decide_retry(status, 0, 1, 3, 60).delay_seconds, 1);
    EXPECT_DOUBLE_EQ(decide_retry(status, 0, 2, 3, 60).delay_seconds, 2);
    EXPECT_EQ(decide_retry(status, 0, 3, 3, 60).verdict, RetryVerdict::Exhausted);
  }
  EXPECT_DOUBLE_EQ(decide_retry(503, 5, 0, 3, 60).delay_seconds, 5);
  EXPECT_DOUBLE_EQ(decide_retry(503, 600, 0, 3, 60).delay_seconds, 0.5);
}

TEST(DecideRetry, OtherStatusesAreFinal) {
  for (long status : {200L, 301L, 400L, 401L, 403L, 404L, 501L, 505L}) {
    EXPECT_EQ(decide_retry(status, 5, 0, 3, 60).verdict, RetryVerdict::NotRetryable) << status;
  }
}

TEST(ReadRoleHint, KnownAndUnknownTables) {
  EXPECT_EQ(read_role_hint("sys_properties"), "admin");
  EXPECT_EQ(read_role_hint("oauth_entity"), "oauth_admin or admin");
  EXPECT_THAT(read_role_hint("u_custom"), HasSubstr("admin"));
}

}  // namespace
}  // namespace sncheck
