#pragma once
// Paging as a pure function: given what one page's answer said (its Link header, its
// X-Total-Count) and what the read has received so far, whether the read is complete, which
// page comes next, or why paging cannot be trusted. No sockets: unit-tested on facts alone.

#include <optional>
#include <set>
#include <string>

#include "core/fetch_error.h"
#include "core/table_read.h"

namespace sncheck {

struct PageFacts {
  const TableRead* read = nullptr;
  std::string base_url;
  std::string url;  // of the page just read
  long offset = 0;
  long limit = 0;
  std::string link_header;          // "" when absent
  std::optional<long> total_count;  // this page's X-Total-Count, when it parsed
  long first_total_count = -1;      // the first page's, -1 when absent
  long rows_received = 0;           // every page so far, this one included
  int pages_read = 0;               // this one included
  int max_pages = 10000;
  const std::set<std::string>* requested = nullptr;  // every URL requested for this read
};

struct NextPage {
  std::string url;
  long offset = 0;
  long limit = 0;
};

struct PagingDecision {
  std::optional<NextPage> next;     // the page to read next; none: the read is complete
  std::optional<FetchError> error;  // paging cannot be trusted: the read fails
};

// The page after this one: the Link rel="next" target; without a Link header, the next offset
// when X-Total-Count says rows remain. Never concluded from a short page.
PagingDecision next_page(const PageFacts& facts);

}  // namespace sncheck
