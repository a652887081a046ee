// SPDX-License-Identifier: Apache-2.0
// The Batch API's request and answer (fetch/batch_api.h), from ServiceNowDocs batch-api.md's
// shapes: no sockets.

#include "fetch/batch_api.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace sncheck {
namespace {

std::string base64(std::string_view text) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 63u];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63u];
  while (out.size() % 4 != 0) out += '=';
  return out;
}

std::string item(const std::string& id, int status, const std::string& body,
                 const std::string& headers = R"([{"name":"X-Total-Count","value":"1"}])") {
  return R"({"id":")" + id + R"(","status_code":)" + std::to_string(status) +
         R"(,"status_text":"OK","headers":)" + headers + R"(,"body":")" + base64(body) +
         R"(","execution_time":5})";
}

std::string answer(const std::string& serviced, const std::string& unserviced = "[]") {
  return R"({"batch_request_id":"b1","serviced_requests":[)" + serviced +
         R"(],"unserviced_requests":)" + unserviced + "}";
}

const std::vector<std::string> kTwo = {"1", "2"};

TEST(BatchApi, RequestHasTheDocumentedShapeAndOnlyGets) {
  std::string body = batch_request_body(
      "sncheck-1", {{"1", "/api/now/table/sys_properties?sysparm_query=name%3Dx"},
                    {"2", "/api/now/table/sys_plugins?sysparm_limit=1"}});
  rapidjson::Document json;
  json.Parse(body.c_str());
  ASSERT_FALSE(json.HasParseError()) << body;
  EXPECT_STREQ(json["batch_request_id"].GetString(), "sncheck-1");
  ASSERT_TRUE(json["rest_requests"].IsArray());
  ASSERT_EQ(json["rest_requests"].Size(), 2u);
  const rapidjson::Value& first = json["rest_requests"][0];
  EXPECT_STREQ(first["id"].GetString(), "1");
  EXPECT_STREQ(first["method"].GetString(), "GET");
  EXPECT_STREQ(first["url"].GetString(), "/api/now/table/sys_properties?sysparm_query=name%3Dx");
  EXPECT_FALSE(first["exclude_response_headers"].GetBool()) << "paging needs the headers";
  EXPECT_STREQ(first["headers"][0]["name"].GetString(), "Accept");
  EXPECT_STREQ(first["headers"][0]["value"].GetString(), "application/json");
  EXPECT_FALSE(first.HasMember("body")) << "a GET has no body";
  EXPECT_STREQ(json["rest_requests"][1]["method"].GetString(), "GET");
}

TEST(BatchApi, RelativeUrlIsThePathAndQuery) {
  EXPECT_EQ(relative_url("https://acme.service-now.com/api/now/table/x?a=1"),
            "/api/now/table/x?a=1");
  EXPECT_EQ(relative_url("http://127.0.0.1:8080/api/now/table/x"), "/api/now/table/x");
  EXPECT_EQ(relative_url("https://acme.service-now.com"), "");
}

TEST(BatchApi, ItemsCarryTheirStatusHeadersAndDecodedBody) {
  BatchAnswer parsed = parse_batch_answer(
      answer(item("2", 403, R"({"error":{"message":"no"}})") + "," +
             item("1", 200, R"({"result":[]})",
                  R"([{"name":"X-Total-Count","value":"3"},{"name":"X-Total-Count","value":"4"},)"
                  R"({"name":"Link","value":"<https://a/x>;rel=\"next\""}])")),
      kTwo);
  ASSERT_FALSE(parsed.problem) << *parsed.problem;
  ASSERT_EQ(parsed.serviced.size(), 2u);
  EXPECT_TRUE(parsed.unserviced.empty());
  const BatchItemAnswer& forbidden = parsed.serviced[0];
  EXPECT_EQ(forbidden.id, "2");  // matched by id, never by position
  EXPECT_EQ(forbidden.answer.status, 403);
  EXPECT_EQ(forbidden.answer.body, R"({"error":{"message":"no"}})");
  const BatchItemAnswer& ok = parsed.serviced[1];
  EXPECT_EQ(ok.answer.body, R"({"result":[]})");
  // Header names lower-cased; a repeated X-Total-Count is kept, as paging must refuse it.
  EXPECT_EQ(ok.answer.header_count("x-total-count"), 2u);
  EXPECT_EQ(ok.answer.header("x-total-count"), "3, 4");
  EXPECT_EQ(ok.answer.header("link"), "<https://a/x>;rel=\"next\"");
  EXPECT_EQ(ok.execution_ms, 5);
}

TEST(BatchApi, UnservicedAndUnmentionedItemsAreSentAgain) {
  BatchAnswer parsed =
      parse_batch_answer(answer(item("1", 200, "{}"), R"(["3"])"), {"1", "2", "3"});
  ASSERT_FALSE(parsed.problem) << *parsed.problem;
  ASSERT_EQ(parsed.serviced.size(), 1u);
  EXPECT_EQ(parsed.unserviced, (std::vector<std::string>{"3", "2"}));
}

TEST(BatchApi, RedirectUrlAndRetryAfterAreTheItemsHeaders) {
  BatchAnswer parsed = parse_batch_answer(
      answer(R"({"id":"1","status_code":302,"headers":[],"body":"","redirect_url":"/login.do"},)" +
             item("2", 429, "{}", R"([{"name":"Retry-After","value":"7"}])")),
      kTwo);
  ASSERT_FALSE(parsed.problem) << *parsed.problem;
  EXPECT_EQ(parsed.serviced[0].answer.header("location"), "/login.do");
  EXPECT_EQ(parsed.serviced[1].answer.retry_after_seconds, 7);
}

TEST(BatchApi, AnswersThatAreNotBatchAnswersAreRefusedWhole) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "<html>Service Unavailable</html>"},
      {"no list", R"({"result":[]})"},
      {"id twice", answer(item("1", 200, "{}") + "," + item("1", 200, "{}"))},
      {"id not asked", answer(item("9", 200, "{}"))},
      {"answered and unserviced", answer(item("1", 200, "{}"), R"(["1"])")},
      {"member twice", R"({"serviced_requests":[],"serviced_requests":[]})"},
      {"item member twice", answer(R"({"id":"1","status_code":200,"status_code":403})")},
      {"status text", answer(R"({"id":"1","status_code":"200"})")},
      {"status range", answer(R"({"id":"1","status_code":99})")},
      {"no id", answer(R"({"status_code":200})")},
      {"body not base64", answer(R"({"id":"1","status_code":200,"body":"not*base64"})")},
      {"header shape", answer(R"({"id":"1","status_code":200,"headers":[{"name":"a"}]})")},
      // A header that is not an object once reached RapidJSON's MemberEnd() (an assertion; the
      // fuzz stage found it).
      {"header not an object", answer(R"({"id":"1","status_code":200,"headers":[22222]})")},
      {"header a string", answer(R"({"id":"1","status_code":200,"headers":["a: b"]})")},
      {"unserviced shape", answer("", R"([1])")},
  };
  for (const auto& [name, body] : cases) {
    BatchAnswer parsed = parse_batch_answer(body, kTwo);
    EXPECT_TRUE(parsed.problem.has_value()) << name;
    EXPECT_TRUE(parsed.serviced.empty()) << name;
    EXPECT_TRUE(parsed.unserviced.empty()) << name;
  }
}

TEST(BatchApi, Base64DecodesRfc4648AndSkipsLineBreaks) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9v"), "foo");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("Zm9v\nYmFy\r\n"), "foobar");  // the page's example wraps its bodies
  EXPECT_EQ(base64_decode("Zm8"), "fo");                 // padding optional
  EXPECT_FALSE(base64_decode("Zm9v!"));
  EXPECT_FALSE(base64_decode("Z"));
  EXPECT_FALSE(base64_decode("Zg==Zg=="));
  EXPECT_FALSE(base64_decode("Zg==="));
  std::string binary("\x00\xff\x10 {\"a\"}", 9);
  EXPECT_EQ(base64_decode(base64(binary)), binary);
}

}  // namespace
}  // namespace sncheck
