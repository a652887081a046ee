// SPDX-License-Identifier: Apache-2.0
// Fuzzes the paging decision (fetch/paging.h) on page facts an instance controls: the Link and
// X-Total-Count headers and the rows a page delivered. Input: line 1 the Link header, line 2 the
// X-Total-Count text, then bytes that choose the numbers (offset, limit, rows, repeats, pages).

#include <cstring>
#include <set>
#include <string>

#include "fetch/paging.h"
#include "fetch/request_url.h"
#include "fuzz_target.h"

namespace {

using sncheck::fuzz::invariant_broken;

constexpr const char* kBase = "https://acme.service-now.com";

std::string_view next_line(std::string_view& text) {
  std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

long number(std::string_view& text, long modulo) {
  long value = 0;
  for (int i = 0; i < 2 && !text.empty(); ++i) {
    value = value * 256 + static_cast<unsigned char>(text.front());
    text.remove_prefix(1);
  }
  return modulo > 0 ? value % modulo : value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = sncheck::fuzz::as_text(data, size);
  static const sncheck::TableRead read{"sys_user", "active=true", {"sys_id", "user_name"}};
  sncheck::PageFacts facts;
  facts.read = &read;
  facts.base_url = kBase;
  facts.link_header = std::string(next_line(text));
  facts.total_count_text = std::string(next_line(text));
  facts.total_count_headers = static_cast<std::size_t>(number(text, 3));
  facts.limit = number(text, 2000);
  facts.offset = number(text, 65536);
  facts.page_rows = number(text, 2000);
  facts.rows_received = facts.page_rows + number(text, 65536);
  facts.repeated_rows = number(text, facts.page_rows + 1);
  if (facts.repeated_rows > 0) facts.repeated_sys_id = "dup";
  facts.pages_read = 1 + static_cast<int>(number(text, 100));
  facts.first_total_count = number(text, 0) - 1;
  facts.max_pages = 1 + static_cast<int>(number(text, 200));
  facts.reader = "audit.reader";
  facts.url = std::string(kBase) +
              sncheck::table_page_path(read, static_cast<int>(facts.limit), facts.offset);
  std::set<std::string> requested{facts.url};
  facts.requested = &requested;

  sncheck::PagingDecision decision = sncheck::next_page(facts);
  if (decision.next && decision.error) invariant_broken("next_page: both a next page and an error");
  if (decision.error && decision.error->message.empty()) invariant_broken("next_page: no message");
  if (facts.repeated_rows > 0 && !decision.error) {
    invariant_broken("next_page: a repeated row did not stop the read");
  }
  sncheck::CountHeader count =
      sncheck::parse_total_count(facts.total_count_text, facts.total_count_headers);
  if (count.state == sncheck::CountHeader::State::Invalid && !decision.error) {
    invariant_broken("next_page: a count that does not parse was accepted");
  }
  // A read that ends without an error has every row its (first page's) count promised.
  long promised = facts.pages_read <= 1 ? count.value : facts.first_total_count;
  if (!decision.next && !decision.error && promised >= 0 && facts.rows_received != promised) {
    invariant_broken("next_page: a complete read with rows the count does not account for");
  }
  if (decision.next) {
    if (!sncheck::same_origin(decision.next->url, kBase)) {
      invariant_broken("next_page: a next page off the instance's origin");
    }
    if (requested.count(decision.next->url) > 0) invariant_broken("next_page: a page read again");
    if (facts.pages_read >= facts.max_pages) invariant_broken("next_page: past the page cap");
  }
  return 0;
}
