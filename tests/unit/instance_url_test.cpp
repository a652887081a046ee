// SPDX-License-Identifier: Apache-2.0
#include "fetch/instance_url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace sncheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string refusal(const std::string& input) {
  try {
    std::string url = normalize_instance_url(input);
    ADD_FAILURE() << "'" << input << "' was accepted as " << url;
  } catch (const InstanceUrlError& error) {
    return error.what();
  }
  return {};
}

TEST(InstanceUrlTest, ShortName) {
  EXPECT_EQ(normalize_instance_url("acme"), "https://acme.service-now.com");
  EXPECT_EQ(normalize_instance_url("acme-dev"), "https://acme-dev.service-now.com");
  EXPECT_EQ(normalize_instance_url("  acme \n"), "https://acme.service-now.com");
}

TEST(InstanceUrlTest, HostName) {
  EXPECT_EQ(normalize_instance_url("acme.service-now.com"), "https://acme.service-now.com");
  EXPECT_EQ(normalize_instance_url("acme.example.com:8443"), "https://acme.example.com:8443");
}

TEST(InstanceUrlTest, HttpsUrlLosesSlashAndPath) {
  EXPECT_EQ(normalize_instance_url("https://acme.service-now.com/"),
            "https://acme.service-now.com");
  EXPECT_EQ(normalize_instance_url("https://acme.service-now.com/now/nav/ui/classic?x=1"),
            "https://acme.service-now.com");
}

TEST(InstanceUrlTest, UppercaseIsNormalised) {
  EXPECT_EQ(normalize_instance_url("ACME"), "https://acme.service-now.com");
  EXPECT_EQ(normalize_instance_url("HTTPS://ACME.Service-Now.COM/"),
            "https://acme.service-now.com");
}

TEST(InstanceUrlTest, PlainHttpOnlyForLoopback) {
  EXPECT_EQ(normalize_instance_url("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(normalize_instance_url("http://localhost:8080/"), "http://localhost:8080");
  EXPECT_THAT(refusal("http://example.com"), HasSubstr("https://"));
  EXPECT_THAT(refusal("http://example.com"), HasSubstr("refusing plain http://"));
}

TEST(InstanceUrlTest, HostThatOnlyLooksLikeLoopbackIsRefusedOverHttp) {
  // A DNS name can start with "127." and point anywhere.
  EXPECT_THAT(refusal("http://127.0.0.1.example.com"), HasSubstr("refusing plain http://"));
  EXPECT_THAT(refusal("http://127.evil.example:8080"), HasSubstr("refusing plain http://"));
}

TEST(InstanceUrlTest, IsLoopbackHost) {
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("LOCALHOST"));
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_FALSE(is_loopback_host("example.com"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.example.com"));
  EXPECT_FALSE(is_loopback_host("127.example.com"));
}

TEST(InstanceUrlTest, CredentialsInUrlAreRefused) {
  std::string message = refusal("https://bob:s3cret@acme.service-now.com");
  EXPECT_THAT(message, HasSubstr("no user name or password in the instance URL"));
  EXPECT_THAT(message, Not(HasSubstr("s3cret")));
  EXPECT_THAT(refusal("https://bob@acme.service-now.com"), HasSubstr("no user name"));
}

TEST(InstanceUrlTest, RefusalNeverEchoesAPasswordFromTheUrl) {
  for (const char* input : {"http://bob:s3cret@example.com", "ftp://bob:s3cret@example.com",
                            "http://bob:s3cret@127.0.0.1:8080"}) {
    EXPECT_THAT(refusal(input), Not(HasSubstr("s3cret"))) << input;
  }
}

TEST(InstanceUrlTest, EmptyIsAnError) {
  EXPECT_THAT(refusal(""), HasSubstr("no instance given"));
  EXPECT_THAT(refusal("   "), HasSubstr("no instance given"));
}

TEST(InstanceUrlTest, OtherSchemesAreRefused) {
  EXPECT_THAT(refusal("ftp://acme.service-now.com"), HasSubstr("only https://"));
  EXPECT_THAT(refusal("file:///etc/passwd"), HasSubstr("https://"));
}

}  // namespace
}  // namespace sncheck
