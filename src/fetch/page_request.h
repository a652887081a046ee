// SPDX-License-Identifier: Apache-2.0
#pragma once
// One page request of one read, and the answer it got: over its own HTTP GET or as an item of a
// Batch API request, the same facts, judged by the same code (status mapping, response parser,
// paging).

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

namespace sncheck {

struct PageRequest {
  std::size_t read_index = 0;
  std::string url;  // absolute, on the instance's origin
  long offset = 0;
  long limit = 0;
  int retries = 0;
  std::chrono::steady_clock::time_point due;
  // Never sent inside a batch: the Batch API left it unserviced, failed or is not there.
  bool plain_only = false;
  std::size_t expected_bytes = 0;  // the answer's expected size (0: unknown), to size batches
};

// Response headers by lower-case name, repeats kept (HTTP allows them; paging refuses a repeated
// X-Total-Count).
using HeaderMap = std::multimap<std::string, std::string>;

// The values of a header joined with ", ", as HTTP folds repeats; "" when absent.
std::string joined_header(const HeaderMap& headers, const std::string& name);

struct PageAnswer {
  long status = 0;
  std::string body;
  HeaderMap headers;
  long retry_after_seconds = 0;  // Retry-After in seconds (either form), 0 when absent
  // For -v: how the answer came ("HTTP/1.1", "HTTP/2", "batch item") and how long it took.
  std::string via;
  double milliseconds = 0;

  std::string header(const std::string& name) const { return joined_header(headers, name); }
  std::size_t header_count(const std::string& name) const { return headers.count(name); }
};

}  // namespace sncheck
