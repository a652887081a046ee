// SPDX-License-Identifier: Apache-2.0
#pragma once
// Paging as a pure function: given what one page's answer said (its Link header, its
// X-Total-Count, its rows) and what the read has received so far, whether the read is complete,
// which page comes next, or why the read cannot be trusted. No sockets: unit-tested on facts.
//
// A read is complete only when sncheck knows it has every row: the count (when the instance
// sends one) must match the rows delivered once every page is read; a short or empty page ends
// nothing while a marker says more rows exist; a row seen twice or a page that repeats an
// earlier one stops the read.

#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "core/fetch_error.h"
#include "core/table_read.h"

namespace sncheck {

// What one answer's X-Total-Count header says.
struct CountHeader {
  enum class State { Absent, Valid, Invalid };
  State state = State::Absent;
  long value = -1;      // with Valid
  std::string problem;  // with Invalid: why it is not a row count
};

// `text`: the header's value (repeated headers joined with ", "); `headers`: how many times it
// was sent. Only one header holding digits alone is a count: "-1", "abc", "" and "2, 1" (two
// headers, or one that lists two values) are Invalid, never "no count".
CountHeader parse_total_count(const std::string& text, std::size_t headers);

struct PageFacts {
  const TableRead* read = nullptr;
  std::string base_url;
  std::string url;  // of the page just read
  long offset = 0;
  long limit = 0;
  std::string link_header;              // "" when absent
  std::string total_count_text;         // this page's X-Total-Count ("" when absent)
  std::size_t total_count_headers = 0;  // how many X-Total-Count headers this page had
  long first_total_count = -1;          // the first page's valid count; -1 when it had none
  long page_rows = 0;                   // rows on this page
  long rows_received = 0;               // every page so far, this one included
  long repeated_rows = 0;               // rows on this page whose sys_id an earlier row had
  std::string repeated_sys_id;          // the first of them
  int pages_read = 0;                   // this one included
  int max_pages = 10000;
  std::string reader;  // the reading account's user name; "" for a bearer token
  const std::set<std::string>* requested = nullptr;  // every URL requested for this read
};

struct NextPage {
  std::string url;
  long offset = 0;
  long limit = 0;
};

struct PagingDecision {
  std::optional<NextPage> next;     // the page to read next; none: the read is complete
  std::optional<FetchError> error;  // the read cannot be trusted: it fails
};

// The page after this one: the Link rel="next" target; without a Link header, the next offset
// while X-Total-Count says rows remain; without either marker, the next offset until a page
// comes back empty. Never concluded from a short page. When the read is complete and the count
// says more rows match than arrived, the rows are hidden from the reader: an error.
PagingDecision next_page(const PageFacts& facts);

}  // namespace sncheck
