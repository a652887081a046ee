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
    requested.insert(facts.url);
    facts.requested = &requested;
  }
  PagingDecision decide() { return next_page(facts); }
};

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
  f.facts.total_count = 5000;  // a Link header leads: the count is not consulted
  PagingDecision decision = f.decide();
  EXPECT_FALSE(decision.error);
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
  f.facts.total_count = 250;
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.next);
  EXPECT_EQ(decision.next->offset, 100);
  EXPECT_NE(decision.next->url.find("sysparm_offset=100"), std::string::npos);
  f.facts.total_count = 100;
  EXPECT_FALSE(f.decide().next);
}

TEST(Paging, ACountBelowTheRowsReceivedIsALie) {
  Facts f;
  f.facts.total_count = 40;
  PagingDecision decision = f.decide();
  ASSERT_TRUE(decision.error);
  EXPECT_EQ(decision.error->kind, FetchErrorKind::PagingMismatch);
}

TEST(Paging, ACountBeyondThePageCapIsRefusedAtOnce) {
  Facts f;
  f.facts.max_pages = 10;
  f.facts.total_count = 100000;
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

}  // namespace
}  // namespace sncheck
