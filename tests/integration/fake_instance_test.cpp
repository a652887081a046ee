// SPDX-License-Identifier: Apache-2.0
// Tests of the fake ServiceNow instance itself, through a real HTTP client.

#include "fake_instance.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace sncheck::fake {
namespace {

constexpr const char* kEntitySysId = "c4beb75f7c9b339bcadd1329a0cbf9d6";  // Acme Integration
constexpr const char* kIntegrationUserSysId = "31acba23c571cd63a0a988d3e5430af6";
constexpr const char* kCcProperty = "glide.oauth.inbound.client.credential.grant_type.enabled";

const char* kNotAuthenticatedBody =
    R"({"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"})";

rapidjson::Document parse_json(const std::string& body) {
  rapidjson::Document document;
  document.Parse(body.c_str());
  EXPECT_FALSE(document.HasParseError()) << body;
  return document;
}

std::string string_at(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject() || !object.HasMember(key) || !object[key].IsString()) return "<missing>";
  return object[key].GetString();
}

class FakeInstanceTest : public ::testing::Test {
 protected:
  void start(Scenario scenario) {
    instance_ = std::make_unique<FakeInstance>(std::move(scenario));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", instance_->port());
    client_->set_basic_auth("sncheck.reader", "demo-password");
  }
  void SetUp() override { start(healthy_scenario()); }

  httplib::Result get(const std::string& path, const httplib::Params& params = {}) {
    return client_->Get(path, params, httplib::Headers{});
  }

  // The result array of a successful list answer.
  rapidjson::Document rows(const std::string& table, const httplib::Params& params = {}) {
    auto result = get("/api/now/table/" + table, params);
    EXPECT_TRUE(result);
    if (!result) return {};
    EXPECT_EQ(result->status, 200) << result->body;
    rapidjson::Document document = parse_json(result->body);
    EXPECT_TRUE(document.IsObject() && document.HasMember("result") &&
                document["result"].IsArray());
    return document;
  }

  std::unique_ptr<FakeInstance> instance_;
  std::unique_ptr<httplib::Client> client_;
};

// --- scenarios -----------------------------------------------------------------------------------

TEST(FakeScenario, HealthyHasTheWholeChain) {
  Scenario scenario = healthy_scenario();
  EXPECT_EQ(scenario.name, "healthy");
  bool property = false;
  for (const Record& row : scenario.tables.at("sys_properties")) {
    if (field_or_empty(row, "name") == kCcProperty)
      property = field_or_empty(row, "value") == "true";
  }
  EXPECT_TRUE(property);
  EXPECT_EQ(scenario.references.at("oauth_entity.user"), "sys_user");
}

TEST(FakeScenario, DemoLacksThePropertyAndTheApplicationUser) {
  Scenario scenario = demo_scenario();
  EXPECT_EQ(scenario.name, "demo");
  for (const Record& row : scenario.tables.at("sys_properties")) {
    EXPECT_NE(field_or_empty(row, "name"), kCcProperty);
  }
  bool found = false;
  for (const Record& row : scenario.tables.at("oauth_entity")) {
    if (field_or_empty(row, "sys_id") == kEntitySysId) {
      found = true;
      EXPECT_EQ(field_or_empty(row, "user"), "");
      EXPECT_EQ(field_or_empty(row, "name"), "Acme Integration");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(scenario.tables.at("sys_plugins").size(),
            healthy_scenario().tables.at("sys_plugins").size());
}

TEST(FakeScenario, RowsWithoutSysIdGetStableHexOnes) {
  Scenario a = parse_scenario(R"({"tables":{"t":[{"name":"x"},{"name":"y"}]}})");
  Scenario b = parse_scenario(R"({"tables":{"t":[{"name":"x"},{"name":"y"}]}})");
  std::string first = field_or_empty(a.tables["t"][0], "sys_id");
  EXPECT_EQ(first.size(), 32u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(first, field_or_empty(b.tables["t"][0], "sys_id"));
  EXPECT_NE(first, field_or_empty(a.tables["t"][1], "sys_id"));
}

TEST(FakeScenario, ParsesEveryKey) {
  Scenario s =
      parse_scenario(R"({"name":"n","tables":{"t":[{"sys_id":"1","r":{"value":"2","link":"L"}}]},
    "references":{"t.r":"u"},"hidden_rows":{"t":["1"]},"hidden_fields":{"t":["r"]},
    "denied_tables":["d"],"user":"u","password":"p","bearer_token":"b","link_header":false,
    "total_count_header":false,"faults":{"latency_ms":5,"hibernating":true,"login_redirect":true,
    "tables":{"*":{"status":429,"times":2,"retry_after":3,"body":"x","content_type":"text/plain","delay_ms":4}}}})");
  EXPECT_EQ(s.name, "n");
  EXPECT_EQ(s.tables["t"][0]["r"].link, "L");
  EXPECT_EQ(s.references["t.r"], "u");
  EXPECT_EQ(s.hidden_rows["t"].count("1"), 1u);
  EXPECT_EQ(s.hidden_fields["t"].count("r"), 1u);
  EXPECT_EQ(s.denied_tables.count("d"), 1u);
  EXPECT_EQ(s.bearer_token, "b");
  EXPECT_FALSE(s.link_header);
  EXPECT_FALSE(s.total_count_header);
  EXPECT_EQ(s.faults.latency_ms, 5);
  EXPECT_TRUE(s.faults.hibernating);
  EXPECT_TRUE(s.faults.login_redirect);
  const TableFault& fault = s.faults.tables["*"];
  EXPECT_EQ(fault.status, 429);
  EXPECT_EQ(fault.times, 2);
  EXPECT_EQ(fault.retry_after, 3);
  EXPECT_EQ(fault.content_type, "text/plain");
  EXPECT_EQ(fault.delay_ms, 4);
}

void expect_error_mentions(const std::string& json, const std::string& path) {
  try {
    parse_scenario(json);
    ADD_FAILURE() << "accepted: " << json;
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
}

TEST(FakeScenario, ErrorsNameTheBadElement) {
  expect_error_mentions("{", "invalid JSON");
  expect_error_mentions(R"([])", "$");
  expect_error_mentions(R"({"tables":{"t":[{"active":true}]}})", "$.tables.t[0].active");
  expect_error_mentions(R"({"tables":{"t":[{"a":"1"},"x"]}})", "$.tables.t[1]");
  expect_error_mentions(R"({"faults":{"tables":{"t":{"status":"429"}}}})",
                        "$.faults.tables.t.status");
  expect_error_mentions(R"({"nmae":"x"})", "$.nmae");
  expect_error_mentions(R"({"references":{"user":"sys_user"}})", "$.references.user");
  expect_error_mentions(R"({"remove_rows":{"t":["nope"]}})", "$.remove_rows.t");
  expect_error_mentions(R"({"extends":"does-not-exist.json"})", "does-not-exist.json");
}

TEST(FakeScenario, LoadFileErrorNamesTheFile) {
  EXPECT_THROW(load_scenario_file("/nonexistent/scenario.json"), std::runtime_error);
}

// --- authentication and errors -------------------------------------------------------------------

TEST_F(FakeInstanceTest, NoCredentialsIs401WithThePlatformBody) {
  httplib::Client anonymous("127.0.0.1", instance_->port());
  auto result = anonymous.Get("/api/now/table/sys_user");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(result->body, kNotAuthenticatedBody);
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json;charset=UTF-8");
}

TEST_F(FakeInstanceTest, WrongPasswordIs401) {
  client_->set_basic_auth("sncheck.reader", "wrong");
  auto result = get("/api/now/table/sys_user");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
}

TEST_F(FakeInstanceTest, BearerTokenAcceptedOnlyWhenConfigured) {
  httplib::Client bearer("127.0.0.1", instance_->port());
  bearer.set_bearer_token_auth("tok123");
  EXPECT_EQ(bearer.Get("/api/now/table/sys_user")->status, 401);
  instance_->update([](Scenario& s) { s.bearer_token = "tok123"; });
  EXPECT_EQ(bearer.Get("/api/now/table/sys_user")->status, 200);
  bearer.set_bearer_token_auth("other");
  EXPECT_EQ(bearer.Get("/api/now/table/sys_user")->status, 401);
}

TEST_F(FakeInstanceTest, UnknownTableIs400) {
  auto result = get("/api/now/table/sys_api_access_policy");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(
      result->body,
      R"({"error":{"message":"Invalid table sys_api_access_policy","detail":null},"status":"failure"})");
}

TEST_F(FakeInstanceTest, DeniedTableIs403InsufficientRights) {
  instance_->update([](Scenario& s) { s.denied_tables.insert("oauth_entity"); });
  auto result = get("/api/now/table/oauth_entity");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_EQ(
      result->body,
      R"({"error":{"message":"Insufficient rights to query records","detail":"Field(s) present in the query do not have permission to be read"},"status":"failure"})");
}

TEST_F(FakeInstanceTest, V2PathAndV1EmptyResult) {
  httplib::Params none_match{{"sysparm_query", "name=does.not.exist"}};
  auto v2 = get("/api/now/v2/table/sys_properties", none_match);
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->status, 200);
  EXPECT_EQ(v2->body, R"({"result":[]})");
  auto v1 = get("/api/now/v1/table/sys_properties", none_match);
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->status, 404);
}

TEST_F(FakeInstanceTest, SingleRecordBySysId) {
  auto result = get(std::string("/api/now/table/sys_user/") + kIntegrationUserSysId);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  auto document = parse_json(result->body);
  EXPECT_EQ(string_at(document["result"], "user_name"), "acme.integration");
  EXPECT_EQ(get("/api/now/table/sys_user/0123456789abcdef0123456789abcdef")->status, 404);
}

// --- query and fields ----------------------------------------------------------------------------

TEST_F(FakeInstanceTest, QueryFiltersRowsAndValuesAreStrings) {
  auto document = rows("sys_properties", {{"sysparm_query", std::string("name=") + kCcProperty},
                                          {"sysparm_fields", "name,value,type"}});
  const auto& result = document["result"];
  ASSERT_EQ(result.Size(), 1u);
  EXPECT_EQ(string_at(result[0], "value"), "true");
  EXPECT_EQ(string_at(result[0], "type"), "boolean");
  EXPECT_EQ(result[0].MemberCount(), 3u);
}

TEST_F(FakeInstanceTest, InQueryAndOrQuery) {
  auto in = rows("sys_properties", {{"sysparm_query", "nameINglide.war,glide.buildtag.last"}});
  EXPECT_EQ(in["result"].Size(), 2u);
  auto either = rows("sys_plugins",
                     {{"sysparm_query", "source=com.glide.rest^ORsource=com.glide.auth.scope"}});
  EXPECT_EQ(either["result"].Size(), 2u);
}

TEST_F(FakeInstanceTest, UnknownFieldInQueryIsIgnored) {
  auto all = rows("sys_plugins");
  auto ignored = rows("sys_plugins", {{"sysparm_query", "no_such_field=1"}});
  EXPECT_EQ(ignored["result"].Size(), all["result"].Size());
  auto partly = rows("sys_plugins", {{"sysparm_query", "source=com.glide.rest^no_such_field=1"}});
  EXPECT_EQ(partly["result"].Size(), 1u);
}

TEST_F(FakeInstanceTest, UnparseableQueryIsIgnoredWholesale) {
  auto all = rows("sys_plugins");
  auto ignored = rows("sys_plugins", {{"sysparm_query", "version>1"}});
  EXPECT_EQ(ignored["result"].Size(), all["result"].Size());
}

TEST_F(FakeInstanceTest, DotWalkInQuery) {
  auto document =
      rows("sys_user_has_role", {{"sysparm_query", "user.user_name=acme.integration^state=active"},
                                 {"sysparm_fields", "role.name"}});
  EXPECT_EQ(document["result"].Size(),
            4u);  // itil, snc_platform_rest_api_access, snc_internal, x_acme.reader
}

TEST_F(FakeInstanceTest, DotWalkFieldsAndReferenceShape) {
  auto document =
      rows("oauth_entity", {{"sysparm_query", std::string("sys_id=") + kEntitySysId},
                            {"sysparm_fields", "name,user,user.user_name,user.active"}});
  const auto& row = document["result"][0];
  EXPECT_EQ(string_at(row, "user.user_name"), "acme.integration");
  EXPECT_EQ(string_at(row, "user.active"), "true");
  ASSERT_TRUE(row["user"].IsObject());
  EXPECT_EQ(string_at(row["user"], "value"), kIntegrationUserSysId);
  EXPECT_EQ(string_at(row["user"], "link"),
            instance_->url() + "/api/now/table/sys_user/" + kIntegrationUserSysId);
}

TEST_F(FakeInstanceTest, ExcludeReferenceLinkGivesPlainSysId) {
  auto document = rows("oauth_entity", {{"sysparm_query", std::string("sys_id=") + kEntitySysId},
                                        {"sysparm_fields", "user"},
                                        {"sysparm_exclude_reference_link", "true"}});
  EXPECT_EQ(string_at(document["result"][0], "user"), kIntegrationUserSysId);
}

TEST_F(FakeInstanceTest, EmptyReferenceIsPlainEmptyStringAndDotWalkThroughItIsEmpty) {
  start(demo_scenario());
  auto document = rows("oauth_entity", {{"sysparm_query", std::string("sys_id=") + kEntitySysId},
                                        {"sysparm_fields", "user,user.active"}});
  const auto& row = document["result"][0];
  ASSERT_TRUE(row["user"].IsString());
  EXPECT_EQ(string_at(row, "user"), "");
  EXPECT_EQ(string_at(row, "user.active"), "");
  auto empty = rows("oauth_entity", {{"sysparm_query", "type=client^userISEMPTY"}});
  EXPECT_EQ(empty["result"].Size(), 1u);
}

TEST_F(FakeInstanceTest, UnknownFieldsAreOmitted) {
  auto document = rows("sys_user", {{"sysparm_fields", "user_name,no_such_field,user_name.x"},
                                    {"sysparm_limit", "1"}});
  const auto& row = document["result"][0];
  EXPECT_EQ(row.MemberCount(), 1u);
  EXPECT_TRUE(row.HasMember("user_name"));
}

TEST_F(FakeInstanceTest, NoFieldsParamReturnsWholeRow) {
  auto document = rows("sys_user", {{"sysparm_query", "user_name=acme.integration"}});
  const auto& row = document["result"][0];
  EXPECT_EQ(string_at(row, "web_service_access_only"), "true");
  EXPECT_EQ(string_at(row, "sys_id"), kIntegrationUserSysId);
}

TEST_F(FakeInstanceTest, HiddenFieldsAreNeverReturned) {
  instance_->update([](Scenario& s) { s.hidden_fields["oauth_entity"] = {"user"}; });
  auto document = rows("oauth_entity", {{"sysparm_fields", "name,user,user.active"}});
  for (const auto& row : document["result"].GetArray()) {
    EXPECT_TRUE(row.HasMember("name"));
    EXPECT_FALSE(row.HasMember("user"));
    EXPECT_FALSE(row.HasMember("user.active"));
  }
}

// --- paging --------------------------------------------------------------------------------------

Scenario numbered_rows(int count) {
  Scenario scenario;
  scenario.name = "numbered";
  for (int i = 0; i < count; ++i) {
    Record row;
    row["sys_id"] = {std::to_string(1000 + i), ""};
    row["n"] = {std::to_string(i), ""};
    scenario.tables["t"].push_back(row);
  }
  return scenario;
}

TEST_F(FakeInstanceTest, PagingHeaders) {
  start(numbered_rows(25));
  auto result = get("/api/now/table/t", {{"sysparm_limit", "10"},
                                         {"sysparm_offset", "10"},
                                         {"sysparm_fields", "n"},
                                         {"sysparm_query", "nISNOTEMPTY"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->get_header_value("X-Total-Count"), "25");
  std::string base = instance_->url() + "/api/now/table/t?";
  std::string rest = "&sysparm_fields=n&sysparm_query=nISNOTEMPTY";
  EXPECT_EQ(result->get_header_value("Link"),
            "<" + base + "sysparm_offset=0&sysparm_limit=10" + rest + ">;rel=\"first\"," + "<" +
                base + "sysparm_offset=0&sysparm_limit=10" + rest + ">;rel=\"prev\"," + "<" + base +
                "sysparm_offset=20&sysparm_limit=10" + rest + ">;rel=\"next\"," + "<" + base +
                "sysparm_offset=20&sysparm_limit=10" + rest + ">;rel=\"last\"");
  auto document = parse_json(result->body);
  ASSERT_EQ(document["result"].Size(), 10u);
  EXPECT_EQ(string_at(document["result"][0], "n"), "10");
}

TEST_F(FakeInstanceTest, LastPageHasNoNext) {
  start(numbered_rows(25));
  auto result = get("/api/now/table/t", {{"sysparm_limit", "10"}, {"sysparm_offset", "20"}});
  ASSERT_TRUE(result);
  std::string link = result->get_header_value("Link");
  EXPECT_EQ(link.find("rel=\"next\""), std::string::npos) << link;
  EXPECT_NE(link.find("rel=\"prev\""), std::string::npos);
  EXPECT_EQ(parse_json(result->body)["result"].Size(), 5u);
}

TEST_F(FakeInstanceTest, FirstPageHasNoPrev) {
  start(numbered_rows(3));
  auto result = get("/api/now/table/t", {{"sysparm_limit", "1"}, {"sysparm_query", "n=1^ORn=2"}});
  ASSERT_TRUE(result);
  std::string link = result->get_header_value("Link");
  EXPECT_EQ(link.find("rel=\"prev\""), std::string::npos) << link;
  EXPECT_EQ(result->get_header_value("X-Total-Count"), "2");
}

// cpp-httplib 0.11.4's client percent-decodes header values, so the wire format is read raw.
std::string raw_get(int port, const std::string& target) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return "";
  }
  std::string request = "GET " + target +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        "Authorization: Basic c25jaGVjay5yZWFkZXI6ZGVtby1wYXNzd29yZA==\r\n\r\n";
  if (::send(fd, request.data(), request.size(), 0) < 0) {
    ::close(fd);
    return "";
  }
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
    response.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return response;
}

TEST_F(FakeInstanceTest, LinkUrlsArePercentEncodedOnTheWire) {
  start(numbered_rows(3));
  std::string response =
      raw_get(instance_->port(), "/api/now/table/t?sysparm_limit=1&sysparm_query=n%3D1%5EORn%3D2");
  std::string expected_next = "<" + instance_->url() +
                              "/api/now/table/t?sysparm_offset=1&sysparm_limit=1&sysparm_query="
                              "n%3D1%5EORn%3D2>;rel=\"next\"";
  EXPECT_NE(response.find(expected_next), std::string::npos) << response;
}

TEST_F(FakeInstanceTest, HeadersCanBeTurnedOff) {
  instance_->update([](Scenario& s) {
    s.link_header = false;
    s.total_count_header = false;
  });
  auto result = get("/api/now/table/sys_user");
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->has_header("Link"));
  EXPECT_FALSE(result->has_header("X-Total-Count"));
}

TEST_F(FakeInstanceTest, RowAclShortensPagesButNotTheTotal) {
  Scenario scenario = numbered_rows(6);
  scenario.hidden_rows["t"] = {"1000", "1001", "1003"};
  start(scenario);
  auto first = get("/api/now/table/t", {{"sysparm_limit", "3"}});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->get_header_value("X-Total-Count"), "6");
  EXPECT_EQ(parse_json(first->body)["result"].Size(), 1u);  // only row 2 of 0..2 is visible
  EXPECT_NE(first->get_header_value("Link").find("rel=\"next\""), std::string::npos);
  auto second = get("/api/now/table/t", {{"sysparm_limit", "3"}, {"sysparm_offset", "3"}});
  EXPECT_EQ(parse_json(second->body)["result"].Size(), 2u);
}

TEST_F(FakeInstanceTest, DefaultLimitIs10000) {
  start(numbered_rows(10005));
  auto result = get("/api/now/table/t", {{"sysparm_fields", "n"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(parse_json(result->body)["result"].Size(), 10000u);
  EXPECT_EQ(result->get_header_value("X-Total-Count"), "10005");
}

// --- faults --------------------------------------------------------------------------------------

TEST_F(FakeInstanceTest, RateLimitFaultThenRecovers) {
  instance_->update([](Scenario& s) {
    TableFault fault;
    fault.status = 429;
    fault.times = 1;
    fault.retry_after = 1;
    s.faults.tables["sys_user"] = fault;
  });
  auto limited = get("/api/now/table/sys_user");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(
      limited->body,
      R"({"error":{"message":"Rate limit exceeded","detail":"Rate limit of 100 requests per hour for Table API exceeded"},"status":"failure"})");
  EXPECT_EQ(limited->get_header_value("Retry-After"), "1");
  EXPECT_EQ(limited->get_header_value("X-RateLimit-Limit"), "100");
  EXPECT_FALSE(limited->get_header_value("X-RateLimit-Reset").empty());
  EXPECT_FALSE(limited->get_header_value("X-RateLimit-Rule").empty());
  EXPECT_EQ(get("/api/now/table/sys_user")->status, 200);
  EXPECT_EQ(get("/api/now/table/sys_properties")->status, 200);
}

TEST_F(FakeInstanceTest, WildcardServerErrorForever) {
  instance_->update([](Scenario& s) { s.faults.tables["*"].status = 503; });
  for (int i = 0; i < 3; ++i) {
    auto result = get("/api/now/table/sys_plugins");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 503);
    auto document = parse_json(result->body);
    EXPECT_EQ(string_at(document, "status"), "failure");
  }
}

TEST_F(FakeInstanceTest, RawBodyOverride) {
  instance_->update([](Scenario& s) {
    s.faults.tables["sys_user"].body = "{\"result\":[{\"a\":";
    s.faults.tables["sys_plugins"].body = "<html><body>Log in</body></html>";
    s.faults.tables["sys_plugins"].content_type = "text/html";
  });
  auto truncated = get("/api/now/table/sys_user");
  EXPECT_EQ(truncated->status, 200);
  EXPECT_EQ(truncated->body, "{\"result\":[{\"a\":");
  EXPECT_EQ(truncated->get_header_value("Content-Type"), "application/json;charset=UTF-8");
  auto html = get("/api/now/table/sys_plugins");
  EXPECT_EQ(html->status, 200);
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html");
}

TEST_F(FakeInstanceTest, DelayOnlyFaultStillAnswersNormally) {
  instance_->update([](Scenario& s) { s.faults.tables["sys_user"].delay_ms = 150; });
  auto started = std::chrono::steady_clock::now();
  auto result = get("/api/now/table/sys_user");
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(result->status, 200);
  EXPECT_GE(elapsed, std::chrono::milliseconds(150));
}

TEST_F(FakeInstanceTest, LatencyAppliesToEveryRequest) {
  instance_->update([](Scenario& s) { s.faults.latency_ms = 100; });
  auto started = std::chrono::steady_clock::now();
  get("/api/now/table/nope");
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100));
}

TEST_F(FakeInstanceTest, HibernatingInstanceAnswersHtml200Everywhere) {
  instance_->update([](Scenario& s) { s.faults.hibernating = true; });
  std::vector<httplib::Result> results;
  results.push_back(get("/api/now/table/sys_user"));
  results.push_back(client_->Post("/oauth_token.do"));
  for (const httplib::Result& result : results) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type").rfind("text/html", 0), 0u);
    EXPECT_NE(result->body.find("<title>Instance Hibernating page</title>"), std::string::npos);
    EXPECT_NE(result->body.find("developer.servicenow.com"), std::string::npos);
  }
}

TEST_F(FakeInstanceTest, LoginRedirect) {
  instance_->update([](Scenario& s) { s.faults.login_redirect = true; });
  auto result = get("/api/now/table/sys_user");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 302);
  EXPECT_EQ(result->get_header_value("Location"), instance_->url() + "/login.do");
  auto login = get("/login.do");
  EXPECT_EQ(login->status, 200);
  EXPECT_NE(login->body.find("<form"), std::string::npos);
}

// --- token endpoint, log, connections ------------------------------------------------------------

TEST_F(FakeInstanceTest, TokenEndpointAnswersGeneric401) {
  httplib::Client anonymous("127.0.0.1", instance_->port());
  auto result =
      anonymous.Post("/oauth_token.do", httplib::Params{{"grant_type", "client_credentials"},
                                                        {"client_id", "x"},
                                                        {"client_secret", "y"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 401);
  EXPECT_EQ(result->body, R"({"error_description":"access_denied","error":"server_error"})");
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
}

TEST_F(FakeInstanceTest, UnknownApiPathIs400) {
  EXPECT_EQ(get("/api/now/nothing")->status, 400);
  EXPECT_EQ(get("/api/now/table/sys_user/a/b")->status, 400);
  EXPECT_EQ(get("/api/now/v3/table/sys_user")->status, 400);
  EXPECT_EQ(get("/api/now/table/sys_user/")->status, 200);
  EXPECT_EQ(get("/nothing.do")->status, 404);
}

TEST_F(FakeInstanceTest, LogsRequestsWithoutSecrets) {
  get("/api/now/table/sys_user", {{"sysparm_limit", "1"}});
  httplib::Client anonymous("127.0.0.1", instance_->port());
  anonymous.Get("/api/now/table/sys_user");
  std::vector<LoggedRequest> log = instance_->requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].path, "/api/now/table/sys_user");
  EXPECT_EQ(log[0].params.find("sysparm_limit")->second, "1");
  EXPECT_TRUE(log[0].has_authorization);
  EXPECT_EQ(log[0].status, 200);
  EXPECT_EQ(log[0].remote_addr, "127.0.0.1");
  EXPECT_GT(log[0].remote_port, 0);
  EXPECT_FALSE(log[1].has_authorization);
  EXPECT_EQ(log[1].status, 401);
  instance_->clear_requests();
  EXPECT_TRUE(instance_->requests().empty());
}

TEST_F(FakeInstanceTest, KeepAliveConnectionIsReusedAcrossManyRequests) {
  client_->set_keep_alive(true);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(get("/api/now/table/sys_plugins")->status, 200);
  EXPECT_EQ(instance_->connections_seen(), 1u);
  httplib::Client other("127.0.0.1", instance_->port());
  other.Get("/api/now/table/sys_plugins");
  EXPECT_EQ(instance_->connections_seen(), 2u);
}

TEST(FakeInstanceLifecycle, FixedPortAndRestart) {
  int port = 0;
  {
    FakeInstance first(healthy_scenario());
    port = first.port();
    EXPECT_EQ(first.url(), "http://127.0.0.1:" + std::to_string(port));
  }
  FakeInstance again(healthy_scenario(), port);
  EXPECT_EQ(again.port(), port);
  httplib::Client client("127.0.0.1", port);
  EXPECT_EQ(client.Get("/api/now/table/sys_user")->status, 401);
}

}  // namespace
}  // namespace sncheck::fake
