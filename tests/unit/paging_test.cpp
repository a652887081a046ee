// SPDX-License-Identifier: Apache-2.0
// Paging decided from page facts alone (fetch/paging.h): no sockets.

#include "fetch/paging.h"

#include <gtest/gtest.h>

namespace sncheck {
namespace {

const TableRead kRead{"sys_user", "active=true", {"sys_id", "user_name"}};
constexpr const char* kBase = "https://acme.service-now.com";

struct Facts {
  PageFacts facts;
  std::set<std::string> requested;

  Facts() {
    facts.read = &kRead;
    facts.base_url = kBase;
    facts.url = std::string(kBase) + table_page_path(kRead, 100, 0);
    facts.offset = 0;
    facts.limit = 100;
    facts.pages_read = 1;
    facts.rows_received = 100;
    facts.page_rows = 100;
    facts.reader = "audit.reader";
    requested.insert(facts.url);
    facts.requested = &requested;
  }
  void count(const std::string& text, std::size_t headers = 1) {
    facts.total_count_text = text;
    facts.total_count_headers = headers;
  }
  PagingDecision decide() { return next_page(facts); }
};

std::string message_of(const PagingDecision& decision) {
  return decision.error ? decision.error->message + " | " + decision.error->remedy : "(no error)";
}

TEST(Paging, LinkNextIsFollowedWithItsOffsetAndLimit) {
  Facts f;
  f.facts.link_header =
      "<https://acme.service-now.com/api/now/table/sys_user?sysparm_offset=100&sysparm_limit=100>"
      ";rel=\"next\",<https://acme.service-now.com/api/now/table/sys_user?sysparm_offset=0>"
      ";rel=\"first\"";
  PagingDecision decision = f.decide();
  ASSERT_FALSE(decision.error) << decision.error->message;
  ASSERT_TRUE(decision.next);
  EXPECT_EQ(decision.next->offset, 100);
  EXPECT_EQ(decision.next->limit, 100);
  EXPECT_NE(decision.next->url.find("sysparm_offset=100"), std::string::npos);
}

TEST(Paging, ARelativeLinkIsResolvedAgainstThePage) {
  Facts f;
  f.facts.link_header = "</api/now/table/sys_user?sysparm_offset=100&sysparm_limit=100>;rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.next);
  EXPECT_EQ(decision.next->url.rfind(kBase, 0), 0u) << decision.next->url;
}

TEST(Paging, ALinkWithoutNextEndsTheRead) {
  Facts f;
  f.facts.link_header = "<https://acme.service-now.com/api/now/table/sys_user>;rel=\"first\"";
  f.count("100");
  PagingDecision decision = f.decide();
  EXPECT_FALSE(decision.error) << message_of(decision);
  EXPECT_FALSE(decision.next);
}

TEST(Paging, ALinkToAnotherOriginIsRefusedWithoutItsUserinfo) {
  Facts f;
  f.facts.link_header = "<https://user:hunter2@evil.example/api/now/table/sys_user>;rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::PagingLoop);
  EXPECT_NE(decision.error->message.find("not on the instance's origin"), std::string::npos);
  EXPECT_EQ(decision.error->message.find("hunter2"), std::string::npos) << decision.error->message;
}

TEST(Paging, WithoutLinkTheCountSaysWhetherRowsRemain) {
  Facts f;
  f.count("250");
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.next);
  EXPECT_EQ(decision.next->offset, 100);
  EXPECT_NE(decision.next->url.find("sysparm_offset=100"), std::string::npos);
  f.count("100");
  EXPECT_FALSE(f.decide().next);
}

TEST(Paging, ACountBelowTheRowsReceivedIsALie) {
  Facts f;
  f.count("40");
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::PagingMismatch);
}

TEST(Paging, ACountBeyondThePageCapIsRefusedAtOnce) {
  Facts f;
  f.facts.max_pages = 10;
  f.count("100000");
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_NE(decision.error->message.find("more than the cap of 10 pages"), std::string::npos);
}

TEST(Paging, ANextPageAlreadyReadIsALoop) {
  Facts f;
  f.facts.link_header = "<" + f.facts.url + ">;rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_NE(decision.error->message.find("already read"), std::string::npos);
}

TEST(Paging, ThePageCapStopsALinkThatAlwaysSaysNext) {
  Facts f;
  f.facts.pages_read = 10;
  f.facts.max_pages = 10;
  f.facts.link_header = "</api/now/table/sys_user?sysparm_offset=1000>;rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_NE(decision.error->message.find("more than 10 pages"), std::string::npos);
}

// --- honest reads ----------------------------------------------------------------------------

// The capture of a live instance: 200, "result":[], X-Total-Count 710 and a Link to the next
// page. An empty page proves nothing while the count says more: the read goes on.
TEST(Paging, AnEmptyFirstPageWithACountAndLinkNextReadsOn) {
  Facts f;
  f.facts.page_rows = 0;
  f.facts.rows_received = 0;
  f.count("710");
  f.facts.link_header =
      "<https://acme.service-now.com/api/now/table/sys_user?sysparm_offset=0&sysparm_limit=100>"
      ";rel=\"first\",<https://acme.service-now.com/api/now/table/"
      "sys_user?sysparm_offset=100&sysparm_limit=100>;rel=\"next\"";
  PagingDecision decision = f.decide();
  ASSERT_FALSE(decision.error) << message_of(decision);
  ASSERT_TRUE(decision.next);
  EXPECT_EQ(decision.next->offset, 100);
}

// Every page read, the count says 710 and none arrived: the rows are hidden from the reader.
TEST(Paging, ACountAboveTheRowsDeliveredAfterTheLastPageIsHiddenRows) {
  Facts f;
  f.facts.offset = 700;
  f.facts.pages_read = 8;
  f.facts.page_rows = 0;
  f.facts.rows_received = 0;
  f.facts.first_total_count = 710;
  f.count("710");
  f.facts.link_header =
      "<https://acme.service-now.com/api/now/table/sys_user?sysparm_offset=0>;rel=\"first\"";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_FALSE(decision.next);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::HiddenRows);
  const std::string text = message_of(decision);
  EXPECT_NE(text.find("X-Total-Count says 710 rows match but 0 arrived"), std::string::npos)
      << text;
  EXPECT_NE(text.find("710 rows are not readable by user audit.reader"), std::string::npos) << text;
  EXPECT_NE(text.find("give audit.reader read access to every row of sys_user"), std::string::npos)
      << text;
  EXPECT_NE(text.find("user_admin or admin"), std::string::npos) << text;  // read_role_hint
}

TEST(Paging, HiddenRowsWithoutLinkAreFoundWhenTheCountRunsOut) {
  Facts f;
  f.facts.offset = 100;
  f.facts.pages_read = 2;
  f.facts.page_rows = 40;
  f.facts.rows_received = 130;
  f.facts.first_total_count = 200;
  f.count("200");
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::HiddenRows);
  EXPECT_NE(decision.error->message.find("70 rows are not readable"), std::string::npos)
      << decision.error->message;
}

TEST(Paging, HiddenRowsOfABearerReaderNameTheReadingAccount) {
  Facts f;
  f.facts.reader = "";
  f.facts.rows_received = 99;
  f.count("100");
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_NE(decision.error->message.find("1 row is not readable by the reading account"),
            std::string::npos)
      << decision.error->message;
}

TEST(Paging, ACountThatDoesNotParseIsAProtocolErrorNeverNoCount) {
  for (const char* text : {"-1", "abc", "", "1e3", "+5", "99999999999999999999"}) {
    Facts f;
    f.count(text);
    PagingDecision decision = f.decide();
    ASSERT_TRUE(decision.error) << "'" << text << "'";
    EXPECT_EQ(decision.error->kind, FetchErrorKind::BadPagingHeader) << text;
    EXPECT_NE(decision.error->message.find("X-Total-Count"), std::string::npos);
  }
}

TEST(Paging, TwoCountHeadersAreAProtocolError) {
  Facts f;
  f.count("2, 1", 2);  // Transfer::header joins repeated headers
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::BadPagingHeader);
  EXPECT_NE(decision.error->message.find("was sent 2 times"), std::string::npos)
      << decision.error->message;
  // One header that lists two values is no count either.
  f.count("2, 1", 1);
  ASSERT_TRUE(f.decide().error);
}

TEST(Paging, ParseTotalCountAcceptsDigitsAlone) {
  EXPECT_EQ(parse_total_count("", 0).state, CountHeader::State::Absent);
  CountHeader count = parse_total_count(" 710 ", 1);
  EXPECT_EQ(count.state, CountHeader::State::Valid);
  EXPECT_EQ(count.value, 710);
  EXPECT_EQ(parse_total_count("0", 1).value, 0);
  EXPECT_EQ(parse_total_count("7 10", 1).state, CountHeader::State::Invalid);
}

TEST(Paging, WithoutAnyMarkerAFullFirstPageDoesNotEndTheRead) {
  Facts f;  // 100 rows of 100, no Link, no count
  PagingDecision decision = f.decide();
  ASSERT_FALSE(decision.error) << message_of(decision);
  ASSERT_TRUE(decision.next);
  EXPECT_EQ(decision.next->offset, 100);
}

TEST(Paging, WithoutAnyMarkerAShortPageDoesNotEndTheReadButAnEmptyOneDoes) {
  Facts f;
  f.facts.page_rows = 37;  // rows hidden by ACLs shorten pages
  f.facts.rows_received = 37;
  ASSERT_TRUE(f.decide().next);
  f.facts.offset = 100;
  f.facts.pages_read = 2;
  f.facts.page_rows = 0;
  PagingDecision decision = f.decide();
  EXPECT_FALSE(decision.error) << message_of(decision);
  EXPECT_FALSE(decision.next);
}

TEST(Paging, APageThatRepeatsAnEarlierOneIsAnIgnoredOffset) {
  Facts f;
  f.facts.offset = 100;
  f.facts.pages_read = 2;
  f.facts.rows_received = 200;
  f.facts.repeated_rows = 100;
  f.facts.repeated_sys_id = "a1b2";
  f.facts.link_header = "</api/now/table/sys_user?sysparm_offset=200>;rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_FALSE(decision.next);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::RepeatedRows);
  EXPECT_NE(decision.error->message.find("ignores sysparm_offset"), std::string::npos)
      << decision.error->message;
  EXPECT_NE(decision.error->message.find("page 2"), std::string::npos);
}

TEST(Paging, ARowSeenTwiceStopsTheRead) {
  Facts f;
  f.facts.pages_read = 3;
  f.facts.offset = 200;
  f.facts.repeated_rows = 1;
  f.facts.repeated_sys_id = "dup-id";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::RepeatedRows);
  EXPECT_NE(decision.error->message.find("row dup-id arrived twice"), std::string::npos)
      << decision.error->message;
}

// A Link that always says next is stopped where the count says the read ends, not after
// 10,000 requests.
TEST(Paging, ALinkNextPastTheCountIsRefused) {
  Facts f;
  f.facts.offset = 200;
  f.facts.pages_read = 3;
  f.facts.page_rows = 50;
  f.facts.rows_received = 250;
  f.facts.first_total_count = 250;
  f.count("250");
  f.facts.link_header = "</api/now/table/sys_user?sysparm_offset=300&sysparm_limit=100>;rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::PagingMismatch);
  EXPECT_NE(decision.error->message.find("next page at offset 300"), std::string::npos)
      << decision.error->message;
}

TEST(Paging, ALinkNextAfterAnEmptyPageWithoutACountIsRefused) {
  Facts f;
  f.facts.offset = 100;
  f.facts.pages_read = 2;
  f.facts.page_rows = 0;
  f.facts.link_header = "</api/now/table/sys_user?sysparm_offset=200>;rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::PagingLoop);
}

TEST(Paging, AnUnparseableLinkWhileTheCountSaysMoreIsAnError) {
  Facts f;
  f.count("250");
  f.facts.link_header = "garbage; rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::BadPagingHeader);
  EXPECT_NE(decision.error->message.find("Link header cannot be parsed"), std::string::npos);
  // The same header when the count says the read is complete: nothing is missing.
  f.count("100");
  PagingDecision complete = f.decide();
  EXPECT_FALSE(complete.error) << message_of(complete);
  EXPECT_FALSE(complete.next);
}

TEST(Paging, ALinkThatEndsWhileTheCountSaysMoreIsAMismatch) {
  Facts f;
  f.count("250");
  f.facts.link_header = "<https://acme.service-now.com/api/now/table/sys_user>;rel=\"first\"";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::PagingMismatch);
}

TEST(Paging, ACountThatChangesBetweenPagesIsAMismatch) {
  Facts f;
  f.facts.pages_read = 2;
  f.facts.offset = 100;
  f.facts.rows_received = 200;
  f.facts.first_total_count = 300;
  f.count("250");
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::PagingMismatch);
  EXPECT_NE(decision.error->message.find("changed from 300"), std::string::npos);
}

TEST(Paging, ACountBelowTheRowsIsRefusedEvenWhenLinkLeads) {
  Facts f;
  f.count("40");
  f.facts.link_header = "</api/now/table/sys_user?sysparm_offset=100>;rel=next";
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::PagingMismatch);
}

}  // namespace
}  // namespace sncheck
