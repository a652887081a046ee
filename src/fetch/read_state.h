// SPDX-License-Identifier: Apache-2.0
#pragma once
// One read's pages as their answers arrive, over their own GETs or inside batches, in any order:
// each page is parsed at once (its raw body freed), then judged in page order by the paging
// rules (paging.h: counts, repeated rows, hidden rows, Link targets, loops), exactly as if the
// pages had been read one after another. Once the first page's X-Total-Count says how many pages
// follow, they are all asked for at once (parallel paging); a later page whose paging markers
// lead elsewhere is followed one page at a time, as before.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/fetch_error.h"
#include "core/record.h"
#include "core/table_data.h"
#include "fetch/page_request.h"

namespace sncheck {

struct PagingContext {
  std::string base_url;
  int max_pages = 10000;
  std::string reader;  // "" for a bearer token
  bool parallel_pages = true;
  bool first_page_only = false;  // doctor's probes: the first page is the read
};

class ReadState {
 public:
  explicit ReadState(TableRead read);

  TableData data;  // rows in page order; cleared when the read fails
  bool finished = false;

  // Takes a 200 JSON answer to one of this read's page requests. Returns the page requests to
  // send next (several once the count is known, none while earlier pages are awaited or when the
  // read is complete). A page that breaks a rule fails the read (finished, data.error set).
  std::vector<PageRequest> accept(const PageRequest& request, PageAnswer answer,
                                  const PagingContext& context);

  // Fails the read: its rows must not be used to conclude anything.
  void fail(FetchError error);

  // Records a URL as asked for (the first page), for loop detection.
  void asked(const std::string& url) { read_urls_.insert(url); }

 private:
  struct Arrived {  // a page parsed, waiting for the pages before it
    PageRequest request;
    std::vector<Record> rows;
    std::string total_count_text;
    std::size_t total_count_headers = 0;
    std::string link_header;
    std::size_t body_bytes = 0;
  };

  // Judges the waiting page at expected_offset_, then the next, while they are there.
  std::vector<PageRequest> judge_in_order(const PagingContext& context);
  std::vector<PageRequest> prefetch(const PageRequest& after, std::string next_url,
                                    std::size_t page_bytes, const PagingContext& context);

  std::map<long, Arrived> waiting_;  // by offset
  long expected_offset_ = 0;
  std::set<long> prefetched_;                // offsets asked for ahead of their turn
  std::set<std::string> read_urls_;          // every page URL judged or asked for in turn
  std::unordered_set<std::string> sys_ids_;  // every row's sys_id so far (repeat detection)
};

}  // namespace sncheck
