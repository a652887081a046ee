// SPDX-License-Identifier: Apache-2.0
// The fake instance's /oauth_token.do: a token only when the whole client-credentials chain
// holds, the platform's generic 401 otherwise, and the issued-token store Bearer calls use.

#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fake_instance.h"

namespace sncheck::fake {
namespace {

constexpr const char* kClientId = "3b0a1ea51bde6b2c6c076c37405294e0";  // Acme Integration
constexpr const char* kSecret = "acme-client-secret-5f2d9c";
constexpr const char* kEntitySysId = "c4beb75f7c9b339bcadd1329a0cbf9d6";
constexpr const char* kUserSysId = "31acba23c571cd63a0a988d3e5430af6";
constexpr const char* kGeneric401 =
    R"({"error_description":"access_denied","error":"server_error"})";

void set_field(Scenario& scenario, const std::string& table, const std::string& sys_id,
               const std::string& field, const std::string& value) {
  for (Record& row : scenario.tables[table]) {
    if (field_or_empty(row, "sys_id") == sys_id) row[field] = FieldValue{value, ""};
  }
}

void set_property(Scenario& scenario, const std::string& name, const std::string& value) {
  for (Record& row : scenario.tables["sys_properties"]) {
    if (field_or_empty(row, "name") == name) row["value"] = FieldValue{value, ""};
  }
}

class FakeTokenEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    instance_ = std::make_unique<FakeInstance>(healthy_scenario());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", instance_->port());
  }

  httplib::Result post_basic(const std::string& id, const std::string& secret) {
    httplib::Client client("127.0.0.1", instance_->port());
    client.set_basic_auth(id.c_str(), secret.c_str());
    return client.Post("/oauth_token.do", httplib::Params{{"grant_type", "client_credentials"}});
  }

  httplib::Result post_body(const std::string& id, const std::string& secret) {
    return client_->Post("/oauth_token.do", httplib::Params{{"grant_type", "client_credentials"},
                                                            {"client_id", id},
                                                            {"client_secret", secret}});
  }

  void expect_refused(const httplib::Result& result) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 401);
    EXPECT_EQ(result->body, kGeneric401);
  }

  std::unique_ptr<FakeInstance> instance_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(FakeTokenEndpointTest, HealthyChainIssuesABearerTokenForBasicCredentials) {
  auto result = post_basic(kClientId, kSecret);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  rapidjson::Document body;
  body.Parse(result->body.c_str());
  ASSERT_TRUE(body.IsObject());
  EXPECT_STREQ(body["token_type"].GetString(), "Bearer");
  EXPECT_EQ(body["expires_in"].GetInt(), 1799);
  EXPECT_STREQ(body["scope"].GetString(), "");
  EXPECT_FALSE(body.HasMember("refresh_token"));
  std::string token = body["access_token"].GetString();
  std::optional<IssuedToken> issued = instance_->issued_token(token);
  ASSERT_TRUE(issued);
  EXPECT_EQ(issued->entity_sys_id, kEntitySysId);
  EXPECT_EQ(issued->user_sys_id, kUserSysId);
  EXPECT_GT(issued->expires, std::chrono::system_clock::now() + std::chrono::seconds(1700));
  EXPECT_FALSE(instance_->issued_token("not-a-token"));
}

TEST_F(FakeTokenEndpointTest, BodyCredentialsWorkToo) {
  auto result = post_body(kClientId, kSecret);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
}

TEST_F(FakeTokenEndpointTest, BasicRefusedWhereOnlyBodyCredentialsAreAccepted) {
  instance_->update([](Scenario& s) { s.token_basic_auth = false; });
  expect_refused(post_basic(kClientId, kSecret));
  auto result = post_body(kClientId, kSecret);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST_F(FakeTokenEndpointTest, JsonContentTypeIsAnError) {
  auto result = client_->Post("/oauth_token.do",
                              std::string(R"({"grant_type":"client_credentials","client_id":")") +
                                  kClientId + R"(","client_secret":")" + kSecret + "\"}",
                              "application/json");
  expect_refused(result);
}

TEST_F(FakeTokenEndpointTest, WrongSecretOrUnknownClientIsRefused) {
  expect_refused(post_basic(kClientId, "wrong"));
  expect_refused(post_body("unknown-client", kSecret));
}

TEST_F(FakeTokenEndpointTest, ZeroOrOtherGrantIsRefused) {
  expect_refused(client_->Post("/oauth_token.do", httplib::Params{{"grant_type", "password"},
                                                                  {"client_id", kClientId},
                                                                  {"client_secret", kSecret}}));
}

// Each link of the chain, broken alone, turns the 200 into the same generic 401.
TEST_F(FakeTokenEndpointTest, EveryBrokenLinkGivesTheGeneric401) {
  const std::vector<std::pair<std::string, std::function<void(Scenario&)>>> breaks = {
      {"plugin",
       [](Scenario& s) {
         set_field(s, "sys_plugins", "14c0638a8274d5e475060dcd295632ea", "active", "false");
       }},
      {"is.active",
       [](Scenario& s) { set_property(s, "com.snc.platform.security.oauth.is.active", "false"); }},
      {"cc property",
       [](Scenario& s) {
         set_property(s, "glide.oauth.inbound.client.credential.grant_type.enabled", "false");
       }},
      {"entity inactive",
       [](Scenario& s) { set_field(s, "oauth_entity", kEntitySysId, "active", "false"); }},
      {"entity type",
       [](Scenario& s) { set_field(s, "oauth_entity", kEntitySysId, "type", "oauth_provider"); }},
      {"no user", [](Scenario& s) { set_field(s, "oauth_entity", kEntitySysId, "user", ""); }},
      {"user missing",
       [](Scenario& s) { set_field(s, "oauth_entity", kEntitySysId, "user", "0123456789abcdef"); }},
      {"user inactive",
       [](Scenario& s) { set_field(s, "sys_user", kUserSysId, "active", "false"); }},
      {"user locked",
       [](Scenario& s) { set_field(s, "sys_user", kUserSysId, "locked_out", "true"); }},
      {"release",
       [](Scenario& s) {
         set_property(s, "glide.war", "glide-vancouver-07-06-2023__patch4b-11-29-2023");
         set_property(s, "glide.buildtag.last", "glide-vancouver-07-06-2023__patch4b-11-29-2023");
       }},
  };
  for (const auto& [name, change] : breaks) {
    SCOPED_TRACE(name);
    instance_->update([](Scenario& s) { s = healthy_scenario(); });
    ASSERT_EQ(post_body(kClientId, kSecret)->status, 200);
    instance_->update(change);
    expect_refused(post_basic(kClientId, kSecret));
  }
}

}  // namespace
}  // namespace sncheck::fake
