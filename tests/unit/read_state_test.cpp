// SPDX-License-Identifier: Apache-2.0
// Parallel paging (fetch/read_state.h) on answers made here: pages asked for together once the
// count is known, judged in page order whatever order they arrive in, by the same paging rules
// as one page after another. No sockets.

#include "fetch/read_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fetch/request_url.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;

constexpr const char* kBase = "https://acme.service-now.com";
const TableRead kRead{"oauth_entity", "type=client", {"name", "sys_id"}};

PagingContext context(bool parallel = true) { return {kBase, 10000, "audit.reader", parallel}; }

PageRequest page(long offset, long limit = 10) {
  PageRequest request;
  request.offset = offset;
  request.limit = limit;
  request.url = page_url(kBase, kRead, static_cast<int>(limit), offset);
  return request;
}

// A page of rows with sys_ids first..last-1 and this X-Total-Count ("" for none).
PageAnswer rows(int first, int last, const std::string& count) {
  PageAnswer answer;
  answer.status = 200;
  answer.body = R"({"result":[)";
  for (int i = first; i < last; ++i) {
    if (i > first) answer.body += ',';
    answer.body += R"({"sys_id":"e)" + std::to_string(i) + R"(","name":"n"})";
  }
  answer.body += "]}";
  if (!count.empty()) answer.headers.emplace("x-total-count", count);
  return answer;
}

std::vector<long> offsets(const std::vector<PageRequest>& requests) {
  std::vector<long> out;
  for (const PageRequest& request : requests) out.push_back(request.offset);
  return out;
}

TEST(ReadState, TheCountAsksForEveryRemainingPageAtOnce) {
  ReadState state(kRead);
  state.asked(page(0).url);
  std::vector<PageRequest> next = state.accept(page(0), rows(0, 10, "35"), context());
  EXPECT_EQ(offsets(next), (std::vector<long>{10, 20, 30}));
  EXPECT_FALSE(state.finished);
  // They arrive in any order; each is judged in turn, and the read ends with every row in order.
  EXPECT_TRUE(state.accept(page(30), rows(30, 35, "35"), context()).empty());
  EXPECT_TRUE(state.accept(page(10), rows(10, 20, "35"), context()).empty());
  EXPECT_FALSE(state.finished);
  EXPECT_TRUE(state.accept(page(20), rows(20, 30, "35"), context()).empty());
  ASSERT_TRUE(state.finished);
  ASSERT_FALSE(state.data.error) << state.data.error->message;
  ASSERT_EQ(state.data.rows.size(), 35u);
  for (std::size_t i = 0; i < 35; ++i) {
    EXPECT_EQ(field_or_empty(state.data.rows[i], "sys_id"), "e" + std::to_string(i));
  }
  EXPECT_EQ(state.data.pages, 4);
  EXPECT_EQ(state.data.total_count, 35);
}

TEST(ReadState, OneAfterAnotherWhenAskedSo) {
  ReadState state(kRead);
  std::vector<PageRequest> next = state.accept(page(0), rows(0, 10, "25"), context(false));
  EXPECT_EQ(offsets(next), (std::vector<long>{10}));
}

TEST(ReadState, WithoutACountPagesFollowOneAtATime) {
  ReadState state(kRead);
  EXPECT_EQ(offsets(state.accept(page(0), rows(0, 10, ""), context())), (std::vector<long>{10}));
  EXPECT_EQ(offsets(state.accept(page(10), rows(10, 20, ""), context())), (std::vector<long>{20}));
  EXPECT_TRUE(state.accept(page(20), rows(0, 0, ""), context()).empty());
  EXPECT_TRUE(state.finished);
  EXPECT_EQ(state.data.rows.size(), 20u);
}

TEST(ReadState, AnIgnoredOffsetIsCaughtOnPageTwoWhateverArrivesFirst) {
  ReadState state(kRead);
  state.accept(page(0), rows(0, 10, "30"), context());
  state.accept(page(20), rows(0, 10, "30"), context());  // page 3 first: waits for page 2
  EXPECT_FALSE(state.finished);
  state.accept(page(10), rows(0, 10, "30"), context());
  ASSERT_TRUE(state.finished);
  ASSERT_TRUE(state.data.error);
  EXPECT_EQ(state.data.error->kind, FetchErrorKind::RepeatedRows);
  EXPECT_THAT(state.data.error->message, HasSubstr("page 2"));
  EXPECT_THAT(state.data.error->message, HasSubstr("ignores sysparm_offset"));
  EXPECT_TRUE(state.data.rows.empty());
}

TEST(ReadState, RowsHiddenOnAnyPageAreHiddenRowsAtTheEnd) {
  ReadState state(kRead);
  state.accept(page(0), rows(0, 10, "30"), context());
  state.accept(page(20), rows(20, 30, "30"), context());
  state.accept(page(10), rows(10, 17, "30"), context());  // three rows withheld by an ACL
  ASSERT_TRUE(state.data.error);
  EXPECT_EQ(state.data.error->kind, FetchErrorKind::HiddenRows);
  EXPECT_THAT(state.data.error->message, HasSubstr("3 rows are not readable by user audit.reader"));
}

TEST(ReadState, ACountThatChangesOnALaterPageIsAMismatch) {
  ReadState state(kRead);
  state.accept(page(0), rows(0, 10, "30"), context());
  state.accept(page(10), rows(10, 20, "31"), context());
  ASSERT_TRUE(state.data.error);
  EXPECT_EQ(state.data.error->kind, FetchErrorKind::PagingMismatch);
  EXPECT_THAT(state.data.error->message, HasSubstr("changed from 30"));
}

TEST(ReadState, ARowRepeatedAcrossPagesStopsTheRead) {
  ReadState state(kRead);
  state.accept(page(0), rows(0, 10, "20"), context());
  state.accept(page(10), rows(9, 19, "20"), context());
  ASSERT_TRUE(state.data.error);
  EXPECT_EQ(state.data.error->kind, FetchErrorKind::RepeatedRows);
  EXPECT_THAT(state.data.error->message, HasSubstr("row e9 arrived twice"));
}

TEST(ReadState, ABrokenPageFailsTheReadAndLaterPagesAreIgnored) {
  ReadState state(kRead);
  state.accept(page(0), rows(0, 10, "30"), context());
  PageAnswer broken = rows(10, 20, "30");
  broken.body = R"({"result":[{"sys_id":"e10","sys_id":"e11"}]})";
  state.accept(page(10), broken, context());
  ASSERT_TRUE(state.data.error);
  EXPECT_EQ(state.data.error->kind, FetchErrorKind::MalformedJson);
  EXPECT_TRUE(state.accept(page(20), rows(20, 30, "30"), context()).empty());
  EXPECT_TRUE(state.data.rows.empty());
}

TEST(ReadState, ALinkThatLeadsElsewhereIsFollowedOnePageAtATime) {
  ReadState state(kRead);
  state.asked(page(0).url);
  PageAnswer first = rows(0, 10, "30");
  // The Link names page 2 with another page size: sncheck follows what the instance says.
  first.headers.emplace("link", "<" + page(10, 5).url + ">;rel=\"next\"");
  std::vector<PageRequest> next = state.accept(page(0), first, context());
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].offset, 10);
  EXPECT_EQ(next[0].limit, 5);
}

}  // namespace
}  // namespace sncheck
