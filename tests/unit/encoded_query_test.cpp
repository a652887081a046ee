// SPDX-License-Identifier: Apache-2.0
#include "query/encoded_query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sncheck {
namespace {

EncodedQuery parse_ok(std::string_view text) {
  QueryParseError error;
  std::optional<EncodedQuery> query = parse_encoded_query(text, &error);
  EXPECT_TRUE(query.has_value()) << text << ": " << error.message;
  return query.value_or(EncodedQuery{});
}

std::string parse_error(std::string_view text) {
  QueryParseError error;
  EXPECT_FALSE(parse_encoded_query(text, &error).has_value()) << text;
  return error.message;
}

QueryTerm single_term(std::string_view text) {
  EncodedQuery query = parse_ok(text);
  EXPECT_EQ(query.groups.size(), 1u);
  if (query.groups.size() != 1 || query.groups[0].size() != 1 || query.groups[0][0].size() != 1) {
    ADD_FAILURE() << "not a single term: " << text;
    return {};
  }
  return query.groups[0][0][0];
}

Record row(std::initializer_list<std::pair<const std::string, std::string>> fields) {
  Record record;
  for (const auto& [name, value] : fields) record[name] = FieldValue{value, ""};
  return record;
}

bool all_known(std::string_view) { return true; }
bool none_known(std::string_view) { return false; }

bool match(std::string_view query, const Record& record) {
  return matches(parse_ok(query), record, all_known);
}

// --- parsing ----------------------------------------------------------------------------------

TEST(EncodedQueryParse, EmptyTextIsAnEmptyQuery) {
  EncodedQuery query = parse_ok("");
  EXPECT_TRUE(query.groups.empty());
  EXPECT_TRUE(query.order.empty());
}

struct OperatorCase {
  const char* text;
  const char* field;
  QueryOp op;
  const char* value;
};

class EncodedQueryOperator : public ::testing::TestWithParam<OperatorCase> {};

TEST_P(EncodedQueryOperator, ParsesFieldOperatorAndValue) {
  const OperatorCase& c = GetParam();
  QueryTerm term = single_term(c.text);
  EXPECT_EQ(term.field, c.field);
  EXPECT_EQ(term.op, c.op);
  EXPECT_EQ(term.value, c.value);
}

TEST_P(EncodedQueryOperator, RoundTripsThroughToString) {
  EXPECT_EQ(to_string(parse_ok(GetParam().text)), GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(
    AllOperators, EncodedQueryOperator,
    ::testing::Values(OperatorCase{"name=x", "name", QueryOp::Equals, "x"},
                      OperatorCase{"name!=x", "name", QueryOp::NotEquals, "x"},
                      OperatorCase{"nameINa,b", "name", QueryOp::In, "a,b"},
                      OperatorCase{"nameNOT INa,b", "name", QueryOp::NotIn, "a,b"},
                      OperatorCase{"nameSTARTSWITHx", "name", QueryOp::StartsWith, "x"},
                      OperatorCase{"nameENDSWITHx", "name", QueryOp::EndsWith, "x"},
                      OperatorCase{"nameLIKEx", "name", QueryOp::Like, "x"},
                      OperatorCase{"nameNOT LIKEx", "name", QueryOp::NotLike, "x"},
                      OperatorCase{"nameISEMPTY", "name", QueryOp::IsEmpty, ""},
                      OperatorCase{"nameISNOTEMPTY", "name", QueryOp::IsNotEmpty, ""},
                      OperatorCase{"user.active=true", "user.active", QueryOp::Equals, "true"},
                      OperatorCase{"user.manager.nameLIKEbob", "user.manager.name", QueryOp::Like,
                                   "bob"},
                      OperatorCase{"u_custom_2=", "u_custom_2", QueryOp::Equals, ""},
                      OperatorCase{"u_Mixed=v", "u_Mixed", QueryOp::Equals, "v"},
                      OperatorCase{"u_Mixed!=v", "u_Mixed", QueryOp::NotEquals, "v"},
                      OperatorCase{"name=a=b", "name", QueryOp::Equals, "a=b"},
                      OperatorCase{"nameIN", "name", QueryOp::In, ""}));

TEST(EncodedQueryParse, ValueMayContainOperatorKeywords) {
  QueryTerm term = single_term("nameLIKEIN=ISEMPTY");
  EXPECT_EQ(term.op, QueryOp::Like);
  EXPECT_EQ(term.value, "IN=ISEMPTY");
}

TEST(EncodedQueryParse, PrecedenceAndOverOrWithinClauseAndNqOverAll) {
  // a^b^ORc^NQd = (a AND (b OR c)) OR d
  EncodedQuery query = parse_ok("a=1^b=2^ORc=3^NQd=4");
  ASSERT_EQ(query.groups.size(), 2u);
  ASSERT_EQ(query.groups[0].size(), 2u);
  ASSERT_EQ(query.groups[0][0].size(), 1u);
  EXPECT_EQ(query.groups[0][0][0].field, "a");
  ASSERT_EQ(query.groups[0][1].size(), 2u);
  EXPECT_EQ(query.groups[0][1][0].field, "b");
  EXPECT_EQ(query.groups[0][1][1].field, "c");
  ASSERT_EQ(query.groups[1].size(), 1u);
  EXPECT_EQ(query.groups[1][0][0].field, "d");
}

TEST(EncodedQueryParse, OrderByIsKeptApartFromTheConditions) {
  EncodedQuery query = parse_ok("active=true^ORDERBYname^ORDERBYDESCsys_created_on");
  ASSERT_EQ(query.groups.size(), 1u);
  EXPECT_EQ(query.groups[0].size(), 1u);
  ASSERT_EQ(query.order.size(), 2u);
  EXPECT_EQ(query.order[0].field, "name");
  EXPECT_FALSE(query.order[0].descending);
  EXPECT_EQ(query.order[1].field, "sys_created_on");
  EXPECT_TRUE(query.order[1].descending);
}

TEST(EncodedQueryParse, OrderByAloneHasNoConditions) {
  EncodedQuery query = parse_ok("ORDERBYname");
  EXPECT_TRUE(query.groups.empty());
  EXPECT_EQ(to_string(query), "ORDERBYname");
}

TEST(EncodedQueryParse, FieldsStartingWithOrAreNotConnectors) {
  EncodedQuery query = parse_ok("order=1^ORorder=2");
  ASSERT_EQ(query.groups.size(), 1u);
  ASSERT_EQ(query.groups[0].size(), 1u);
  ASSERT_EQ(query.groups[0][0].size(), 2u);
  EXPECT_EQ(query.groups[0][0][0].field, "order");
  EXPECT_EQ(query.groups[0][0][1].value, "2");
}

TEST(EncodedQueryParse, AcceptsTrailingEqTerminatorAndEmptySegments) {
  EXPECT_EQ(to_string(parse_ok("active=true^EQ")), "active=true");
  EXPECT_EQ(to_string(parse_ok("active=true^^name=x^")), "active=true^name=x");
}

TEST(EncodedQueryParse, RoundTripsComplexQuery) {
  const std::string text =
      "active=true^nameINa,b^ORnameISEMPTY^user.active!=false^NQsourceSTARTSWITHcom.glide^"
      "ORDERBYname";
  EXPECT_EQ(to_string(parse_ok(text)), text);
}

TEST(EncodedQueryParse, OrderTermsAreWrittenLast) {
  EXPECT_EQ(to_string(parse_ok("ORDERBYDESCname^a=1^NQb=2")), "a=1^NQb=2^ORDERBYDESCname");
}

TEST(EncodedQueryParse, RejectsUnknownOperators) {
  EXPECT_NE(parse_error("priority>2").find("priority>2"), std::string::npos);
  parse_error("priority<=2");
  parse_error("nameANYTHING");
  parse_error("nameBETWEENa@b");
  parse_error("nameVALCHANGES");
}

// The platform writes the negations with a space; the run-together forms are not its operators,
// and a query using them would be partly ignored by the instance (r_OpAvailableFiltersQueries.md).
TEST(EncodedQueryParse, RefusesRunTogetherNegations) {
  EXPECT_NE(parse_error("nameNOTLIKEx").find("nameNOTLIKEx"), std::string::npos);
  parse_error("nameNOTINa,b");
}

TEST(EncodedQueryParse, RejectsTermsWithoutFieldOrOperator) {
  parse_error("=x");
  parse_error("name");
  parse_error("na-me=x");
  parse_error("a=1^justtext");
}

TEST(EncodedQueryParse, RejectsValueOnUnaryOperator) {
  EXPECT_NE(parse_error("nameISEMPTYx").find("ISEMPTY"), std::string::npos);
}

TEST(EncodedQueryParse, RejectsOrWithoutPrecedingTerm) {
  parse_error("ORname=x");
  parse_error("a=1^NQ^ORb=2");
}

TEST(EncodedQueryParse, RejectsBadOrderField) {
  parse_error("ORDERBY");
  parse_error("ORDERBYDESCna-me");
}

TEST(EncodedQueryParse, ErrorPointerIsOptional) {
  EXPECT_FALSE(parse_encoded_query("name>1").has_value());
}

// --- query_fields ------------------------------------------------------------------------------

TEST(EncodedQueryFields, FirstSeenOrderWithoutDuplicatesOrOrderFields) {
  EncodedQuery query = parse_ok("b=1^a=2^ORb=3^NQuser.active=true^a=4^ORDERBYz");
  EXPECT_EQ(query_fields(query), (std::vector<std::string>{"b", "a", "user.active"}));
}

// --- matching ------------------------------------------------------------------------------------

TEST(EncodedQueryMatch, EmptyQueryMatchesEverything) {
  EXPECT_TRUE(match("", row({})));
  EXPECT_TRUE(match("ORDERBYname", row({{"name", "x"}})));
}

TEST(EncodedQueryMatch, EveryOperator) {
  Record r = row({{"name", "OAuth 2.0"}, {"empty", ""}});
  EXPECT_TRUE(match("name=OAuth 2.0", r));
  EXPECT_FALSE(match("name=oauth 2.0", r));  // case-sensitive
  EXPECT_TRUE(match("name!=x", r));
  EXPECT_FALSE(match("name!=OAuth 2.0", r));
  EXPECT_TRUE(match("nameINx,OAuth 2.0", r));
  EXPECT_FALSE(match("nameINx,OAuth", r));
  EXPECT_TRUE(match("nameNOT INx,y", r));
  EXPECT_FALSE(match("nameNOT INOAuth 2.0,y", r));
  EXPECT_TRUE(match("nameSTARTSWITHOAuth", r));
  EXPECT_FALSE(match("nameSTARTSWITH2.0", r));
  EXPECT_TRUE(match("nameENDSWITH2.0", r));
  EXPECT_FALSE(match("nameENDSWITHOAuth", r));
  EXPECT_TRUE(match("nameLIKEth 2", r));
  EXPECT_FALSE(match("nameLIKEzz", r));
  EXPECT_TRUE(match("nameNOT LIKEzz", r));
  EXPECT_FALSE(match("nameNOT LIKEAuth", r));
  EXPECT_TRUE(match("emptyISEMPTY", r));
  EXPECT_FALSE(match("nameISEMPTY", r));
  EXPECT_TRUE(match("nameISNOTEMPTY", r));
  EXPECT_FALSE(match("emptyISNOTEMPTY", r));
  EXPECT_TRUE(match("empty=", r));
}

TEST(EncodedQueryMatch, PrecedenceIsAndOfOrClausesThenNq) {
  // (a AND (b OR c)) OR d
  const char* query = "a=1^b=1^ORc=1^NQd=1";
  EXPECT_TRUE(match(query, row({{"a", "1"}, {"b", "1"}, {"c", "0"}, {"d", "0"}})));
  EXPECT_TRUE(match(query, row({{"a", "1"}, {"b", "0"}, {"c", "1"}, {"d", "0"}})));
  EXPECT_FALSE(match(query, row({{"a", "1"}, {"b", "0"}, {"c", "0"}, {"d", "0"}})));
  EXPECT_FALSE(match(query, row({{"a", "0"}, {"b", "1"}, {"c", "1"}, {"d", "0"}})));
  EXPECT_TRUE(match(query, row({{"a", "0"}, {"b", "0"}, {"c", "0"}, {"d", "1"}})));
}

TEST(EncodedQueryMatch, DotWalkedFieldsAreLookedUpByTheirFullName) {
  Record r = row({{"user", "abc"}, {"user.active", "false"}});
  EXPECT_TRUE(match("user.active=false", r));
  EXPECT_FALSE(match("user.active=true", r));
}

TEST(EncodedQueryMatch, KnownFieldMissingFromRowCountsAsEmpty) {
  Record r = row({{"name", "x"}});
  EXPECT_TRUE(match("userISEMPTY", r));
  EXPECT_FALSE(match("user=abc", r));
}

TEST(EncodedQueryMatch, ComparesTheStoredValueNotTheLink) {
  Record r;
  r["user"] =
      FieldValue{"6816f79cc0a8016401c5a33be04be441", "https://x/api/now/table/sys_user/6816"};
  EXPECT_TRUE(match("user=6816f79cc0a8016401c5a33be04be441", r));
}

TEST(EncodedQueryMatch, UnknownFieldTermsAreDropped) {
  auto only_name = [](std::string_view field) { return field == "name"; };
  Record r = row({{"name", "x"}});
  // The unknown term is ignored, the rest still decides.
  EXPECT_TRUE(matches(parse_ok("name=x^bogus=1"), r, only_name));
  EXPECT_FALSE(matches(parse_ok("name=y^bogus=1"), r, only_name));
  // In an OR clause the unknown term does not make the clause true by itself.
  EXPECT_FALSE(matches(parse_ok("name=y^ORbogus=1"), r, only_name));
  EXPECT_TRUE(matches(parse_ok("name=x^ORbogus=1"), r, only_name));
}

TEST(EncodedQueryMatch, ClauseOrGroupWithOnlyUnknownFieldsMatchesEverything) {
  Record r = row({{"name", "x"}});
  auto only_name = [](std::string_view field) { return field == "name"; };
  EXPECT_TRUE(matches(parse_ok("bogus=1^ORother=2"), r, only_name));
  EXPECT_TRUE(matches(parse_ok("bogus=1^other=2"), r, none_known));
  // ...which also makes a ^NQ query containing such a group match every row.
  EXPECT_TRUE(matches(parse_ok("name=y^NQbogus=1"), r, only_name));
}

TEST(EncodedQueryMatch, FieldPresentInRowIsUsedEvenIfNotDeclaredKnown) {
  // sncheck passes "present in the row": a present field always counts.
  EXPECT_FALSE(matches(parse_ok("name=y"), row({{"name", "x"}}), none_known));
}

// --- join_any ------------------------------------------------------------------------------------

TEST(EncodedQueryJoinAny, JoinsWithNqAndKeepsOrder) {
  EXPECT_EQ(join_any({"a=1", "b=2^c=3"}), "a=1^NQb=2^c=3");
}

TEST(EncodedQueryJoinAny, DeduplicatesIdenticalQueries) {
  EXPECT_EQ(join_any({"a=1", "b=2", "a=1"}), "a=1^NQb=2");
  EXPECT_EQ(join_any({"a=1", "a=1"}), "a=1");
}

TEST(EncodedQueryJoinAny, GroupsSharedBetweenQueriesAreSentOnce) {
  EXPECT_EQ(join_any({"a=1^NQb=2", "b=2^NQc=3"}), "a=1^NQb=2^NQc=3");
  EXPECT_EQ(join_any({"name=t^elementINx", "name=t^elementINx^NQname=u^elementINy"}),
            "name=t^elementINx^NQname=u^elementINy");
}

TEST(EncodedQueryJoinAny, EmptyQueryAbsorbsAll) {
  EXPECT_EQ(join_any({"a=1", "", "b=2"}), "");
  EXPECT_EQ(join_any({}), "");
}

TEST(EncodedQueryJoinAny, JoinedQueryMatchesUnionOfParts) {
  std::string joined = join_any({"name=a", "nameINb,c"});
  EXPECT_TRUE(match(joined, row({{"name", "a"}})));
  EXPECT_TRUE(match(joined, row({{"name", "c"}})));
  EXPECT_FALSE(match(joined, row({{"name", "d"}})));
}

// --- unsafe values -------------------------------------------------------------------------------

TEST(EncodedQueryUnsafe, AcceptsOrdinaryValues) {
  EXPECT_EQ(unsafe_query_value("glide.oauth.inbound.client.credential.grant_type.enabled"), "");
  EXPECT_EQ(unsafe_query_value("Acme Integration, Inc."), "");
  EXPECT_EQ(unsafe_query_value(""), "");
  EXPECT_EQ(unsafe_query_list_item("com.glide.rest"), "");
}

TEST(EncodedQueryUnsafe, RejectsCaretAndControlCharacters) {
  EXPECT_NE(unsafe_query_value("a^b"), "");
  EXPECT_NE(unsafe_query_value("a\nb"), "");
  EXPECT_NE(unsafe_query_value("a\tb"), "");
  EXPECT_NE(unsafe_query_value(std::string("a\0b", 3)), "");
  EXPECT_NE(unsafe_query_value("a\x7f"), "");
}

TEST(EncodedQueryUnsafe, RejectsScriptValues) {
  EXPECT_NE(unsafe_query_value("javascript:gs.getUserID()"), "");
  EXPECT_NE(unsafe_query_value("JavaScript:1"), "");
}

TEST(EncodedQueryUnsafe, CommaIsUnsafeOnlyInLists) {
  EXPECT_EQ(unsafe_query_value("a,b"), "");
  EXPECT_NE(unsafe_query_list_item("a,b"), "");
  EXPECT_NE(unsafe_query_list_item("a^b"), "");
}

TEST(EncodedQueryKeyword, MatchesTheQuerySyntax) {
  EXPECT_EQ(query_op_keyword(QueryOp::NotIn), "NOT IN");
  EXPECT_EQ(query_op_keyword(QueryOp::NotEquals), "!=");
}

}  // namespace
}  // namespace sncheck
