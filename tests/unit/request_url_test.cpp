// SPDX-License-Identifier: Apache-2.0
#include "fetch/request_url.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "fetch/table_client.h"

namespace sncheck {
namespace {

const std::string kBase = "https://acme.service-now.com";

TEST(FirstPageUrl, PlainRead) {
  TableRead read{"sys_plugins", "", {"active", "id"}};
  EXPECT_EQ(first_page_url(kBase, read, 1000),
            "https://acme.service-now.com/api/now/table/sys_plugins?sysparm_query="
            "&sysparm_fields=active,id&sysparm_limit=1000&sysparm_exclude_reference_link=false");
}

TEST(FirstPageUrl, QueryOperatorsAreEncoded) {
  TableRead read{"sys_properties", "name=glide.oauth.x^ORnameSTARTSWITHa b^active!=false", {}};
  EXPECT_EQ(first_page_url(kBase, read, 50),
            "https://acme.service-now.com/api/now/table/sys_properties?sysparm_query="
            "name%3Dglide.oauth.x%5EORnameSTARTSWITHa%20b%5Eactive%21%3Dfalse&sysparm_fields="
            "&sysparm_limit=50&sysparm_exclude_reference_link=false");
}

TEST(FirstPageUrl, AmpersandHashAndPercentCannotBreakTheQueryString) {
  TableRead read{"sys_user", "nameLIKEa&b#c%d+e", {"name"}};
  std::string url = first_page_url(kBase, read, 10);
  EXPECT_NE(url.find("sysparm_query=nameLIKEa%26b%23c%25d%2Be&"), std::string::npos) << url;
}

TEST(FirstPageUrl, DotWalkedFields) {
  TableRead read{"sys_user_has_role", "user=abc", {"role.name", "state", "user.active"}};
  EXPECT_EQ(first_page_url(kBase, read, 1000),
            "https://acme.service-now.com/api/now/table/sys_user_has_role?sysparm_query="
            "user%3Dabc&sysparm_fields=role.name,state,user.active&sysparm_limit=1000"
            "&sysparm_exclude_reference_link=false");
}

TEST(FirstPageUrl, NonAsciiIsPercentEncodedUtf8) {
  TableRead read{"sys_user", "name=J\xc3\xbcrgen", {}};
  std::string url = first_page_url(kBase, read, 1);
  EXPECT_NE(url.find("sysparm_query=name%3DJ%C3%BCrgen&"), std::string::npos) << url;
}

TEST(FirstPageUrl, TrailingSlashOnBaseIsTolerated) {
  TableRead read{"sys_user", "", {}};
  EXPECT_EQ(first_page_url(kBase + "/", read, 1).rfind(kBase + "/api/now/table/sys_user?", 0), 0u);
}

TEST(FirstPageUrl, InvalidTableNamesThrow) {
  for (const char* table :
       {"", "Sys_User", "sys_user/abc", "sys_user?x=1", "a b", "../x", "sys-user", "sys_user%2F"}) {
    TableRead read{table, "", {}};
    EXPECT_THROW(first_page_url(kBase, read, 1), std::invalid_argument) << table;
  }
}

TEST(PageUrl, OffsetAppendedAfterFirstPage) {
  TableRead read{"sys_user", "", {"name"}};
  EXPECT_EQ(page_url(kBase, read, 100, 0), first_page_url(kBase, read, 100));
  EXPECT_EQ(page_url(kBase, read, 100, 200),
            first_page_url(kBase, read, 100) + "&sysparm_offset=200");
}

TEST(TableName, Validation) {
  EXPECT_TRUE(is_valid_table_name("sys_user"));
  EXPECT_TRUE(is_valid_table_name("u_custom_2"));
  EXPECT_FALSE(is_valid_table_name(""));
  EXPECT_FALSE(is_valid_table_name("SYS"));
  EXPECT_FALSE(is_valid_table_name("a.b"));
}

TEST(ResolveUrl, AbsoluteAndRelative) {
  std::string current = kBase + "/api/now/table/sys_user?sysparm_limit=2";
  EXPECT_EQ(resolve_url(current, kBase + "/api/now/table/sys_user?sysparm_offset=2"),
            kBase + "/api/now/table/sys_user?sysparm_offset=2");
  EXPECT_EQ(resolve_url(current, "/api/now/table/sys_user?sysparm_offset=4"),
            kBase + "/api/now/table/sys_user?sysparm_offset=4");
}

TEST(SameOrigin, SchemeHostPort) {
  EXPECT_TRUE(same_origin(kBase + "/api/x", "https://ACME.service-now.com:443/other"));
  EXPECT_TRUE(same_origin("http://127.0.0.1:8080/a", "http://127.0.0.1:8080"));
  EXPECT_FALSE(same_origin(kBase + "/a", "http://acme.service-now.com/a"));
  EXPECT_FALSE(same_origin(kBase + "/a", "https://evil.example.com/a"));
  EXPECT_FALSE(same_origin(kBase + "/a", "https://acme.service-now.com:8443/a"));
  EXPECT_FALSE(same_origin(kBase + "/a", "https://acme.service-now.com.evil.example/a"));
  EXPECT_FALSE(same_origin(kBase, "not a url"));
}

TEST(QueryParam, Numbers) {
  std::string url = kBase + "/api/now/table/x?sysparm_limit=100&sysparm_offset=300&q=a%3Db";
  EXPECT_EQ(query_param_long(url, "sysparm_offset"), 300);
  EXPECT_EQ(query_param_long(url, "sysparm_limit"), 100);
  EXPECT_EQ(query_param_long(url, "sysparm_missing"), std::nullopt);
  EXPECT_EQ(query_param_long(url, "q"), std::nullopt);
  EXPECT_EQ(query_param_long(kBase + "/x", "sysparm_offset"), std::nullopt);
}

}  // namespace
}  // namespace sncheck
