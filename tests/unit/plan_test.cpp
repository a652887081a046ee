// SPDX-License-Identifier: Apache-2.0
#include "plan/plan.h"

#include "core/secrets.h"
#include "model/check_reads.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.h"

namespace sncheck {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;
using Doc = rapidjson::Document;
using Alloc = rapidjson::Document::AllocatorType;

// The built-in oauth suite, in chain order.
std::vector<const CheckDefinition*> oauth_suite(const CheckCatalog& catalog) {
  return select_checks(catalog.checks(), "oauth", "");
}

CheckDefinition custom(const std::function<void(Doc&, Alloc&)>& change) {
  return parse_check(test_support::mutated_check(change), "custom.json");
}

TEST(MergeQueriesTest, SameFieldEqualitiesBecomeIn) {
  EXPECT_EQ(merge_queries({"source=a", "source=b"}), "sourceINa,b");
  EXPECT_EQ(merge_queries({"source=a", "source=b", "source=c"}), "sourceINa,b,c");
}

TEST(MergeQueriesTest, IdenticalQueriesDedupe) {
  EXPECT_EQ(merge_queries({"type=client", "type=client"}), "type=client");
  EXPECT_EQ(merge_queries({"source=a", "source=a", "source=b"}), "sourceINa,b");
  // IN lists and single values on one field become one IN list, without repeats.
  EXPECT_EQ(merge_queries({"nameINa,b", "name=c", "nameINb,d"}), "nameINa,b,c,d");
  EXPECT_EQ(merge_queries({"nameINa,b", "sourceINc"}), "nameINa,b^NQsourceINc");
}

TEST(MergeQueriesTest, MixedQueriesJoinWithNq) {
  EXPECT_EQ(merge_queries({"source=a", "name=b"}), "source=a^NQname=b");
  EXPECT_EQ(merge_queries({"type=client", "type=client^active=true"}),
            "type=client^NQtype=client^active=true");
  EXPECT_EQ(merge_queries({"source=a", "source!=b"}), "source=a^NQsource!=b");
  // A value with a comma cannot go into an IN list.
  EXPECT_EQ(merge_queries({"name=a,b", "name=c"}), "name=a,b^NQname=c");
}

TEST(EffectiveQueryTest, NarrowingAppendsTheClause) {
  ReadSpec read;
  read.query = "type=client^active=true";
  read.narrow = {{"client_id", "client_id={client_id}"}};
  RunParams params;
  EXPECT_EQ(effective_query(read, params), "type=client^active=true");
  params.values["client_id"] = "abc123";
  EXPECT_EQ(effective_query(read, params), "type=client^active=true^client_id=abc123");
}

TEST(NeededFieldsTest, UnionOfDeclaredConditionTemplateAndQueryFields) {
  CheckDefinition check = custom([](Doc& d, Alloc& a) {
    test_support::set_json(d["reads"]["property"], "query", "\"name=x^type=string\"", a);
    test_support::set_json(d["reads"]["property"], "fields", "[\"name\"]", a);
    test_support::set_json(d["condition"], "pass_message", "\"Set by {sys_updated_by.user_name}\"",
                           a);
  });
  // name: declared (and in the query and the narrow clause); type: the query; value: the
  // condition's test; sys_updated_by.user_name: a template; sys_id: always.
  EXPECT_THAT(needed_fields(check, check.reads[0]),
              ElementsAre("name", "sys_id", "sys_updated_by.user_name", "type", "value"));
}

TEST(NeededFieldsTest, InstanceLinkAndParamsAreNotFields) {
  CheckDefinition check = custom([](Doc& d, Alloc& a) {
    test_support::set_json(d["condition"], "pass_message", "\"{instance} {link} {param.x}\"", a);
    test_support::set_json(d, "remediation", "\"Open {list_link} as {owner}\"", a);
  });
  std::vector<std::string> fields = needed_fields(check, check.reads[0]);
  EXPECT_THAT(fields, Contains("owner"));
  for (const char* not_a_field : {"instance", "link", "param.x", "list_link"}) {
    EXPECT_THAT(fields, Not(Contains(not_a_field)));
  }
}

TEST(BuildPlanTest, ReadsOfOneTableMergeIntoOneRequest) {
  CheckCatalog catalog = test_support::builtin_catalog();
  std::vector<const CheckDefinition*> plugins = {catalog.find("oauth.plugin.oauth2"),
                                                 catalog.find("oauth.plugin.rest_api")};
  Plan plan = build_plan(plugins, RunParams{});
  ASSERT_EQ(plan.requests.size(), 1u);  // v_plugin is a fallback: not in the first wave
  EXPECT_EQ(plan.requests[0].table, "sys_plugins");
  EXPECT_EQ(plan.requests[0].query, "sourceINcom.snc.platform.security.oauth,com.glide.rest");
  EXPECT_THAT(plan.requests[0].fields,
              ElementsAre("active", "name", "source", "sys_id", "version"));
  const PlannedRead& rest = plan.reads.at("oauth.plugin.rest_api").at("sys_plugins");
  EXPECT_EQ(rest.request, 0u);
  EXPECT_EQ(rest.effective_query, "source=com.glide.rest");
  EXPECT_THAT(rest.query_fields, ElementsAre("source"));
  EXPECT_EQ(plan.reads.at("oauth.plugin.rest_api").count("v_plugin"), 0u);
}

TEST(BuildPlanTest, NeededFallbacksMergeIntoOneSecondWaveRequest) {
  CheckCatalog catalog = test_support::builtin_catalog();
  const CheckDefinition* oauth2 = catalog.find("oauth.plugin.oauth2");
  const CheckDefinition* rest = catalog.find("oauth.plugin.rest_api");
  Plan plan = build_plan({oauth2, rest}, RunParams{});
  std::size_t first = plan_second_wave(
      plan, {{oauth2, oauth2->find_read("v_plugin"), {}}, {rest, rest->find_read("v_plugin"), {}}},
      RunParams{});
  EXPECT_EQ(first, 1u);
  ASSERT_EQ(plan.requests.size(), 2u);
  EXPECT_EQ(plan.requests[1].table, "v_plugin");
  EXPECT_EQ(plan.requests[1].query, "idINcom.snc.platform.security.oauth,com.glide.rest");
  EXPECT_THAT(plan.requests[1].fields, ElementsAre("active", "id", "name", "sys_id"));
  EXPECT_EQ(plan.reads.at("oauth.plugin.rest_api").at("v_plugin").request, 1u);
}

TEST(KeyClauseTest, SysIdsBecomeAnInList) {
  ReadKey key{"entries", "user", "user"};
  EXPECT_EQ(key_clause(key, {"a1", "b2"}), "userINa1,b2");
  std::vector<std::string> hundred;
  for (int i = 0; i < 100; ++i) hundred.push_back("u" + std::to_string(i));
  EXPECT_EQ(key_clause(key, hundred).rfind("userINu0,u1,", 0), 0u);
}

TEST(KeyClauseTest, WithoutAUsableListTheReadGoesOutUnkeyed) {
  ReadKey key{"entries", "user", "user"};
  std::vector<std::string> too_many;
  for (int i = 0; i < 101; ++i) too_many.push_back("u" + std::to_string(i));
  EXPECT_EQ(key_clause(key, too_many), "");
  // A value that would change the query's meaning inside an IN list.
  for (const char* value : {"a,b", "a^NQb", "a=b"}) {
    EXPECT_EQ(key_clause(key, {"ok", value}), "") << value;
  }
  EXPECT_EQ(key_clause(key, {}), "");
}

TEST(BuildPlanTest, OnlyTheNeededFallbacksAreAsked) {
  CheckCatalog catalog = test_support::builtin_catalog();
  const CheckDefinition* oauth2 = catalog.find("oauth.plugin.oauth2");
  const CheckDefinition* rest = catalog.find("oauth.plugin.rest_api");
  Plan plan = build_plan({oauth2, rest}, RunParams{});
  plan_second_wave(plan, {{rest, rest->find_read("v_plugin"), {}}}, RunParams{});
  ASSERT_EQ(plan.requests.size(), 2u);
  EXPECT_EQ(plan.requests[1].query, "id=com.glide.rest");
  EXPECT_EQ(plan.reads.at("oauth.plugin.oauth2").count("v_plugin"), 0u);
}

const TableRead& request_for(const Plan& plan, const std::string& table) {
  for (const TableRead& request : plan.requests) {
    if (request.table == table) return request;
  }
  throw std::logic_error("no request for " + table);
}

TEST(BuildPlanTest, BuiltinOauthSuitePlansOneRequestPerTable) {
  CheckCatalog catalog = test_support::builtin_catalog();
  Plan plan = build_plan(oauth_suite(catalog), RunParams{});
  // Four tables, so the default --concurrency 4 reads them all at once (one round trip).
  ASSERT_EQ(plan.requests.size(), 4u);
  // The auth-scope plugins are read only with --api: they are not links of the token request.
  EXPECT_EQ(request_for(plan, "sys_plugins").query,
            "sourceINcom.snc.platform.security.oauth,com.glide.rest");
  EXPECT_THROW(request_for(plan, "v_plugin"), std::logic_error);
  // The release tags ride in the same sys_properties request as the chain's properties.
  EXPECT_EQ(request_for(plan, "sys_properties").query,
            "nameINglide.war,glide.buildtag.last,glide.oauth.inbound.ropc.grant_type.disabled,"
            "com.snc.platform.security.oauth.is.active,"
            "glide.oauth.inbound.client.credential.grant_type.enabled,"
            "com.snc.platform.security.oauth.debug,glide.rest.debug");
  // oauth.registry.entry reads every entry with a client id (inbound clients are not only
  // type=client); the groups the other checks add are inside it, but each check gets back only
  // the rows of its own query.
  EXPECT_EQ(request_for(plan, "oauth_entity").query,
            "client_idISNOTEMPTY^NQclient_idISNOTEMPTY^typeNOT INclient,oauth_provider,consumer"
            "^NQtype=client^active=true^NQtype=client");
  EXPECT_THAT(
      request_for(plan, "oauth_entity").fields,
      ElementsAre("access_token_lifespan", "active", "client_id", "client_type",
                  "inbound_grant_type", "name", "public_client", "redirect_url", "sys_class_name",
                  "sys_id", "type", "user", "user.active", "user.locked_out", "user.sys_id",
                  "user.user_name", "user.web_service_access_only"));
  EXPECT_EQ(request_for(plan, "sys_user_has_role").query,
            "role.nameINadmin,security_admin^state=active");
  for (const TableRead& request : plan.requests) {
    for (const std::string& field : request.fields) {
      EXPECT_FALSE(is_secret_field(field)) << request.table << "." << field;
    }
  }
  EXPECT_EQ(plan.reads.size(), 15u);
}

TEST(BuildPlanTest, ClientIdNarrowsTheRegistryReads) {
  CheckCatalog catalog = test_support::builtin_catalog();
  RunParams params;
  params.values["client_id"] = "abc123";
  Plan plan = build_plan(oauth_suite(catalog), params);
  ASSERT_EQ(plan.requests.size(), 4u);
  // oauth.registry.entry is not narrowed: it looks for near matches among every entry.
  EXPECT_EQ(request_for(plan, "oauth_entity").query,
            "client_idISNOTEMPTY^NQclient_idISNOTEMPTY^typeNOT INclient,oauth_provider,consumer"
            "^NQtype=client^active=true^client_id=abc123^NQtype=client^client_id=abc123"
            "^NQtype=client");
  EXPECT_EQ(plan.reads.at("oauth.registry.app_user").at("entries").effective_query,
            "type=client^active=true^client_id=abc123");
  EXPECT_THAT(plan.reads.at("oauth.app_user.usable").at("entries").query_fields,
              ElementsAre("type", "active", "client_id"));
  EXPECT_EQ(plan.reads.at("oauth.registry.entry").at("entries").effective_query,
            "client_idISNOTEMPTY");
}

}  // namespace
}  // namespace sncheck
