// SPDX-License-Identifier: Apache-2.0
#include "fetch/read_state.h"

#include <utility>

#include "fetch/paging.h"
#include "fetch/request_url.h"
#include "fetch/response_parser.h"

namespace sncheck {

std::string joined_header(const HeaderMap& headers, const std::string& name) {
  std::string joined;
  auto [first, last] = headers.equal_range(name);
  for (auto it = first; it != last; ++it) {
    if (!joined.empty()) joined += ", ";
    joined += it->second;
  }
  return joined;
}

ReadState::ReadState(TableRead read) { data.read = std::move(read); }

void ReadState::fail(FetchError error) {
  if (finished) return;
  finished = true;
  data.rows.clear();
  data.rows.shrink_to_fit();
  waiting_.clear();
  data.error = std::move(error);
}

std::vector<PageRequest> ReadState::accept(const PageRequest& request, PageAnswer answer,
                                           const PagingContext& context) {
  if (finished) return {};
  const std::size_t body_bytes = answer.body.size();
  ParsedPage page = parse_table_page(data.read.table, std::move(answer.body));
  if (page.error) {
    fail(std::move(*page.error));
    return {};
  }
  Arrived arrived;
  arrived.request = request;
  arrived.rows = std::move(page.rows);
  arrived.total_count_text = answer.header("x-total-count");
  arrived.total_count_headers = answer.header_count("x-total-count");
  arrived.link_header = answer.header("link");
  arrived.body_bytes = body_bytes;
  // A page asked for twice (a retry whose first answer arrived after all) is judged once.
  waiting_.emplace(request.offset, std::move(arrived));
  return judge_in_order(context);
}

std::vector<PageRequest> ReadState::judge_in_order(const PagingContext& context) {
  std::vector<PageRequest> next_requests;
  while (!finished) {
    auto found = waiting_.find(expected_offset_);
    if (found == waiting_.end()) break;
    Arrived page = std::move(found->second);
    waiting_.erase(found);
    ++data.pages;
    PageFacts facts;
    facts.total_count_text = page.total_count_text;
    facts.total_count_headers = page.total_count_headers;
    if (data.pages == 1) {
      CountHeader count = parse_total_count(facts.total_count_text, facts.total_count_headers);
      if (count.state == CountHeader::State::Valid) data.total_count = count.value;
    }
    facts.page_rows = static_cast<long>(page.rows.size());
    for (Record& row : page.rows) {
      const FieldValue* id = find_field(row, "sys_id");
      if (id != nullptr && !id->value.empty() && !sys_ids_.insert(id->value).second) {
        if (facts.repeated_rows++ == 0) facts.repeated_sys_id = id->value;
      }
      data.rows.push_back(std::move(row));
    }
    read_urls_.insert(page.request.url);
    if (context.first_page_only) {
      finished = true;
      waiting_.clear();
      return next_requests;
    }
    facts.read = &data.read;
    facts.base_url = context.base_url;
    facts.url = page.request.url;
    facts.offset = page.request.offset;
    facts.limit = page.request.limit;
    facts.link_header = std::move(page.link_header);
    facts.first_total_count = data.total_count;
    facts.rows_received = static_cast<long>(data.rows.size());
    facts.pages_read = data.pages;
    facts.max_pages = context.max_pages;
    facts.reader = context.reader;
    facts.requested = &read_urls_;
    PagingDecision decision = next_page(facts);
    if (decision.error) {
      fail(std::move(*decision.error));
      return {};
    }
    if (!decision.next) {
      finished = true;
      waiting_.clear();  // pages asked for ahead that the markers ended before
      return next_requests;
    }
    expected_offset_ = decision.next->offset;
    read_urls_.insert(decision.next->url);
    if (prefetched_.count(decision.next->offset) > 0) continue;  // already asked for
    bool plain_progression = decision.next->offset == page.request.offset + page.request.limit &&
                             decision.next->limit == page.request.limit;
    if (context.parallel_pages && data.pages == 1 && data.total_count >= 0 && plain_progression) {
      return prefetch(page.request, std::move(decision.next->url), page.body_bytes, context);
    }
    PageRequest next;
    next.read_index = page.request.read_index;
    next.url = std::move(decision.next->url);
    next.offset = decision.next->offset;
    next.limit = decision.next->limit;
    next.expected_bytes = page.body_bytes;
    next_requests.push_back(std::move(next));
  }
  return next_requests;
}

// Every page up to the count, asked for at once: page 2 at the URL the markers named, the rest
// at their offsets. Each is still judged in turn, against the count and every earlier row.
std::vector<PageRequest> ReadState::prefetch(const PageRequest& after, std::string next_url,
                                             std::size_t page_bytes, const PagingContext& context) {
  std::vector<PageRequest> pages;
  for (long offset = after.offset + after.limit; offset < data.total_count; offset += after.limit) {
    PageRequest page;
    page.read_index = after.read_index;
    page.offset = offset;
    page.limit = after.limit;
    page.expected_bytes = page_bytes;
    page.url = pages.empty()
                   ? std::move(next_url)
                   : page_url(context.base_url, data.read, static_cast<int>(after.limit), offset);
    prefetched_.insert(offset);
    pages.push_back(std::move(page));
  }
  return pages;
}

}  // namespace sncheck
