// SPDX-License-Identifier: Apache-2.0
#include "fetch/response_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace sncheck {
namespace {

using ::testing::HasSubstr;

ParsedPage parse_ok(const std::string& body) {
  ParsedPage page = parse_table_page("sys_user", body);
  EXPECT_FALSE(page.error.has_value()) << body << ": " << (page.error ? page.error->message : "");
  return page;
}

FetchError parse_fails(const std::string& body) {
  ParsedPage page = parse_table_page("sys_user", body);
  EXPECT_TRUE(page.error.has_value()) << body;
  EXPECT_TRUE(page.rows.empty());
  return page.error.value_or(FetchError{});
}

TEST(ParseTablePage, StringValues) {
  ParsedPage page = parse_ok(R"({"result":[{"sys_id":"a1","active":"true","name":""},)"
                             R"({"sys_id":"b2","active":"false"}]})");
  ASSERT_EQ(page.rows.size(), 2u);
  EXPECT_EQ(field_or_empty(page.rows[0], "sys_id"), "a1");
  EXPECT_EQ(field_or_empty(page.rows[0], "active"), "true");
  ASSERT_NE(find_field(page.rows[0], "name"), nullptr);
  EXPECT_EQ(field_or_empty(page.rows[0], "name"), "");
  EXPECT_EQ(find_field(page.rows[1], "name"), nullptr);
  EXPECT_EQ(find_field(page.rows[0], "sys_id")->link, "");
}

TEST(ParseTablePage, EmptyResult) {
  ParsedPage page = parse_ok(R"({"result":[]})");
  EXPECT_TRUE(page.rows.empty());
}

TEST(ParseTablePage, ReferenceWithLink) {
  ParsedPage page = parse_ok(
      R"({"result":[{"user":{"link":"https://x.service-now.com/api/now/table/sys_user/u1",)"
      R"("value":"u1"}}]})");
  ASSERT_EQ(page.rows.size(), 1u);
  const FieldValue* user = find_field(page.rows[0], "user");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->value, "u1");
  EXPECT_EQ(user->link, "https://x.service-now.com/api/now/table/sys_user/u1");
}

TEST(ParseTablePage, ReferenceWithDisplayValue) {
  ParsedPage page =
      parse_ok(R"({"result":[{"user":{"display_value":"Abel Tuter","value":"u1"}}]})");
  const FieldValue* user = find_field(page.rows.at(0), "user");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->value, "u1");
  EXPECT_EQ(user->link, "");
}

TEST(ParseTablePage, EmptyReferenceIsEmptyString) {
  // An empty reference comes back as "" on the platform; a null value is tolerated too.
  ParsedPage page = parse_ok(R"({"result":[{"user":"","manager":{"value":null,"link":null}}]})");
  EXPECT_EQ(field_or_empty(page.rows.at(0), "user"), "");
  EXPECT_EQ(field_or_empty(page.rows.at(0), "manager"), "");
}

TEST(ParseTablePage, DotWalkedFieldNamesKept) {
  ParsedPage page = parse_ok(R"({"result":[{"user.active":"true","role.name":"admin"}]})");
  EXPECT_EQ(field_or_empty(page.rows.at(0), "user.active"), "true");
  EXPECT_EQ(field_or_empty(page.rows.at(0), "role.name"), "admin");
}

TEST(ParseTablePage, NullIsKeptApartFromTheEmptyString) {
  ParsedPage page =
      parse_ok(R"({"result":[{"description":null,"name":"","user":{"value":null,"link":null}}]})");
  const FieldValue* description = find_field(page.rows.at(0), "description");
  ASSERT_NE(description, nullptr);
  EXPECT_EQ(description->value, "");
  EXPECT_TRUE(description->null);
  EXPECT_FALSE(find_field(page.rows.at(0), "name")->null);
  EXPECT_TRUE(find_field(page.rows.at(0), "user")->null);
}

TEST(ParseTablePage, AKeyTwiceInARowIsRefused) {
  FetchError error = parse_fails(
      R"({"result":[{"sys_id":"a"},{"sys_id":"b","locked_out":"false","locked_out":"true"}]})");
  EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
  EXPECT_THAT(error.message, HasSubstr("row 1 has field \"locked_out\" twice"));
}

TEST(ParseTablePage, AKeyTwiceInAReferenceIsRefused) {
  FetchError error = parse_fails(R"({"result":[{"user":{"value":"a","value":"b"}}]})");
  EXPECT_THAT(error.message, HasSubstr("\"value\" twice"));
}

TEST(ParseTablePage, ResultTwiceIsRefused) {
  FetchError error = parse_fails(R"({"result":[{"sys_id":"a"}],"result":[]})");
  EXPECT_THAT(error.message, HasSubstr("\"result\" twice"));
}

TEST(ParseTablePage, UnicodeAndEscapes) {
  ParsedPage page = parse_ok(R"({"result":[{"name":"J\u00fcrgen \"JB\"\n","city":"Zürich"}]})");
  EXPECT_EQ(field_or_empty(page.rows.at(0), "name"), "J\xc3\xbcrgen \"JB\"\n");
  EXPECT_EQ(field_or_empty(page.rows.at(0), "city"), "Z\xc3\xbcrich");
}

TEST(ParseTablePage, NumberIsAnErrorNamingRowAndField) {
  FetchError error = parse_fails(R"({"result":[{"a":"x"},{"sys_id":"b","count":4}]})");
  EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
  EXPECT_EQ(error.table, "sys_user");
  EXPECT_THAT(error.message, HasSubstr("sys_user"));
  EXPECT_THAT(error.message, HasSubstr("row 1"));
  EXPECT_THAT(error.message, HasSubstr("\"count\""));
  EXPECT_THAT(error.message, HasSubstr("a number"));
}

TEST(ParseTablePage, BooleanIsAnError) {
  FetchError error = parse_fails(R"({"result":[{"active":true}]})");
  EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
  EXPECT_THAT(error.message, HasSubstr("boolean"));
}

TEST(ParseTablePage, ArrayValueAndNonStringReferenceAreErrors) {
  EXPECT_EQ(parse_fails(R"({"result":[{"a":["x"]}]})").kind, FetchErrorKind::MalformedJson);
  EXPECT_EQ(parse_fails(R"({"result":[{"a":{"value":1}}]})").kind, FetchErrorKind::MalformedJson);
  EXPECT_EQ(parse_fails(R"({"result":[{"a":{"link":"x"}}]})").kind, FetchErrorKind::MalformedJson);
  EXPECT_EQ(parse_fails(R"({"result":[{"a":{"value":"x","link":2}}]})").kind,
            FetchErrorKind::MalformedJson);
}

TEST(ParseTablePage, RowThatIsNotAnObject) {
  FetchError error = parse_fails(R"({"result":["x"]})");
  EXPECT_THAT(error.message, HasSubstr("row 0"));
}

TEST(ParseTablePage, MissingResult) {
  FetchError error = parse_fails(R"({"records":[]})");
  EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
  EXPECT_THAT(error.message, HasSubstr("\"result\""));
}

TEST(ParseTablePage, ErrorEnvelopeIsNotAPage) {
  FetchError error = parse_fails(R"({"error":{"message":"x","detail":null},"status":"failure"})");
  EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
}

TEST(ParseTablePage, SingleRecordObject) {
  FetchError error = parse_fails(R"({"result":{"sys_id":"a1"}})");
  EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
  EXPECT_THAT(error.message, HasSubstr("single record"));
}

TEST(ParseTablePage, TopLevelArray) {
  EXPECT_EQ(parse_fails(R"([{"sys_id":"a"}])").kind, FetchErrorKind::MalformedJson);
}

TEST(ParseTablePage, InvalidUtf8) {
  FetchError error = parse_fails("{\"result\":[{\"name\":\"a\xff\xfe\"}]}");
  EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
  EXPECT_THAT(error.message, HasSubstr("offset"));
}

// Found by fuzz_response_parser: a body ending inside a multi-byte UTF-8 sequence made the
// in-place parse read past the end of the buffer (caught by the ASan build of this test).
TEST(ParseTablePage, BodyEndingInsideUtf8Sequence) {
  for (std::string tail : {"\xe7", "\xf0", "\xf0\x9f", "\xc3"}) {
    FetchError error = parse_fails("{\"result\":[{\"name\":\"a" + tail);
    EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
    EXPECT_THAT(error.message, HasSubstr("offset"));
  }
}

// The recursive JSON parser overflowed the stack on deep nesting; a server could crash sncheck
// with a 2 MB body.
TEST(ParseTablePage, DeeplyNestedBodyIsAnErrorNotACrash) {
  std::string body = R"({"result":[{"name":)" + std::string(1'000'000, '[');
  EXPECT_EQ(parse_fails(body).kind, FetchErrorKind::MalformedJson);
  EXPECT_EQ(parse_fails(std::string(1'000'000, '{')).kind, FetchErrorKind::MalformedJson);
}

TEST(ParseTablePage, TruncatedJson) {
  FetchError error = parse_fails(R"({"result":[{"sys_id":"a1","name":"Ab)");
  EXPECT_EQ(error.kind, FetchErrorKind::MalformedJson);
  EXPECT_THAT(error.message, HasSubstr("Missing a closing quotation mark"));
  EXPECT_THAT(error.message, HasSubstr("offset"));
}

TEST(ParseTablePage, TrailingGarbage) {
  EXPECT_EQ(parse_fails(R"({"result":[]} x)").kind, FetchErrorKind::MalformedJson);
}

TEST(ParseTablePage, EmbeddedNul) {
  std::string body = R"({"result":[]})";
  body += std::string(1, '\0') + "junk";
  EXPECT_EQ(parse_fails(body).kind, FetchErrorKind::MalformedJson);
}

TEST(ParseTablePage, EmptyBody) {
  EXPECT_EQ(parse_fails("").kind, FetchErrorKind::MalformedJson);
  EXPECT_EQ(parse_fails("  \n").kind, FetchErrorKind::MalformedJson);
}

TEST(ParseTablePage, HtmlBodies) {
  EXPECT_EQ(parse_fails("<html><head><title>Instance Hibernating page</title></head></html>").kind,
            FetchErrorKind::HibernatingInstance);
  EXPECT_EQ(parse_fails("<html><form action=\"login.do\"></form></html>").kind,
            FetchErrorKind::LoginPage);
  EXPECT_EQ(parse_fails("\n<!DOCTYPE html><html><body>Bad gateway</body></html>").kind,
            FetchErrorKind::NotJson);
}

TEST(ParseErrorBody, MessageAndDetail) {
  auto error = parse_error_body(
      R"({"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"})");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message, "User Not Authenticated");
  EXPECT_EQ(error->detail, "Required to provide Auth information");
}

TEST(ParseErrorBody, NullDetail) {
  auto error = parse_error_body(
      R"({"error":{"message":"Invalid table nope","detail":null},"status":"failure"})");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message, "Invalid table nope");
  EXPECT_EQ(error->detail, "");
}

TEST(ParseErrorBody, NotAnEnvelope) {
  EXPECT_FALSE(parse_error_body("").has_value());
  EXPECT_FALSE(parse_error_body("<html></html>").has_value());
  EXPECT_FALSE(parse_error_body(R"({"result":[]})").has_value());
  EXPECT_FALSE(parse_error_body(R"({"error":"x"})").has_value());
  EXPECT_FALSE(parse_error_body(R"({"error":{"message":3}})").has_value());
  EXPECT_FALSE(parse_error_body(R"({"error":{"message":"x")").has_value());
}

TEST(ParseErrorBody, TokenEndpointShapeIsNotTheTableEnvelope) {
  EXPECT_FALSE(parse_error_body(R"({"error_description":"access_denied","error":"server_error"})")
                   .has_value());
}

TEST(ClassifyHtml, Hibernation) {
  EXPECT_EQ(classify_html("<html><title>Instance Hibernating page</title></html>"),
            FetchErrorKind::HibernatingInstance);
  EXPECT_EQ(classify_html("<p>Your instance is HIBERNATING. Wake it up.</p>"),
            FetchErrorKind::HibernatingInstance);
}

TEST(ClassifyHtml, LoginPages) {
  EXPECT_EQ(classify_html("<form method=post action=\"/login.do\">"), FetchErrorKind::LoginPage);
  EXPECT_EQ(classify_html("<input name=\"user_password\" type=\"password\">"),
            FetchErrorKind::LoginPage);
  EXPECT_EQ(classify_html("<html><head><title>Log In | ServiceNow</title></head></html>"),
            FetchErrorKind::LoginPage);
  EXPECT_EQ(classify_html("<TITLE>Sign in to your account</TITLE>"), FetchErrorKind::LoginPage);
}

TEST(ClassifyHtml, Other) {
  EXPECT_EQ(classify_html("<html><title>502 Bad Gateway</title></html>"), FetchErrorKind::NotJson);
  EXPECT_EQ(classify_html(""), FetchErrorKind::NotJson);
  EXPECT_EQ(classify_html("plain text"), FetchErrorKind::NotJson);
}

TEST(NextLink, ServiceNowHeader) {
  std::string header =
      "<https://x.service-now.com/api/now/table/cmdb_ci?sysparm_offset=0&sysparm_limit=1000>;"
      "rel=\"first\",<https://x.service-now.com/api/now/table/cmdb_ci?sysparm_offset=1000&"
      "sysparm_limit=1000>;rel=\"next\",<https://x.service-now.com/api/now/table/cmdb_ci?"
      "sysparm_offset=4000&sysparm_limit=1000>;rel=\"last\"";
  EXPECT_EQ(next_link(header),
            "https://x.service-now.com/api/now/table/cmdb_ci?sysparm_offset=1000&"
            "sysparm_limit=1000");
}

TEST(NextLink, SpacesUnquotedAndCase) {
  EXPECT_EQ(next_link("<a>; rel=\"prev\" , <b> ; REL = next"), "b");
  EXPECT_EQ(next_link("  <b>;rel=Next"), "b");
  EXPECT_EQ(next_link("<a>; title=\"x, rel=next\", <b>; rel=\"next\""), "b");
}

TEST(NextLink, MultipleRelValues) {
  EXPECT_EQ(next_link("<a>; rel=\"last next\""), "a");
  EXPECT_EQ(next_link("<a>; rel=\"nextish\""), std::nullopt);
}

TEST(NextLink, CommaInsideUrl) {
  EXPECT_EQ(next_link("<https://x/api?sysparm_fields=a,b&sysparm_offset=2>;rel=\"next\""),
            "https://x/api?sysparm_fields=a,b&sysparm_offset=2");
}

TEST(NextLink, OtherParametersBeforeRel) {
  EXPECT_EQ(next_link("<a>; type=\"application/json\"; rel=\"next\""), "a");
}

TEST(NextLink, Absent) {
  EXPECT_EQ(next_link(""), std::nullopt);
  EXPECT_EQ(next_link("<a>;rel=\"first\",<b>;rel=\"last\""), std::nullopt);
  EXPECT_EQ(next_link("garbage"), std::nullopt);
  EXPECT_EQ(next_link("<unterminated;rel=next"), std::nullopt);
  EXPECT_EQ(next_link("<>;rel=next"), std::nullopt);
}

TEST(ParseLinkHeader, WellFormedWithAndWithoutNext) {
  LinkHeader next = parse_link_header("<a>;rel=\"first\",<b>;rel=\"next\"");
  EXPECT_TRUE(next.well_formed);
  EXPECT_EQ(next.next, "b");
  LinkHeader end = parse_link_header("<a>;rel=\"first\", <c>; rel=last");
  EXPECT_TRUE(end.well_formed);
  EXPECT_EQ(end.next, std::nullopt);
  EXPECT_TRUE(parse_link_header("<a>; title=\"x, rel=next\", <b>; rel=\"next\"").well_formed);
}

TEST(ParseLinkHeader, MalformedHeadersAreSaidToBe) {
  for (const char* header : {"garbage", "<unterminated;rel=next", "<a>;rel=next junk", ";;", ","}) {
    EXPECT_FALSE(parse_link_header(header).well_formed) << header;
  }
  // A malformed part does not hide a well-formed next elsewhere, but the header stays malformed.
  LinkHeader mixed = parse_link_header("junk, <b>;rel=next");
  EXPECT_FALSE(mixed.well_formed);
  EXPECT_EQ(mixed.next, "b");
}

}  // namespace
}  // namespace sncheck
