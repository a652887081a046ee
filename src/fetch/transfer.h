// SPDX-License-Identifier: Apache-2.0
#pragma once
// One HTTP request in flight on the multi handle, and everything its callbacks fill: the body
// (capped), the headers of the last answer (after 1xx), the error text. Either one page's GET, or
// a Batch API POST carrying several pages' GETs.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "fetch/curl_handles.h"
#include "fetch/page_request.h"

namespace sncheck {

struct Transfer {
  PageRequest request;             // a plain GET's page
  std::vector<PageRequest> batch;  // a batch's pages, item ids "1".."n"; empty for a plain GET
  std::string post_body;           // the batch request (libcurl reads it while sending)
  int depth = 0;                   // its round trip: one more than the deepest answered before it
  curl::Easy easy;
  curl::Slist headers;
  std::string body;
  std::size_t body_cap = 0;
  bool body_over_cap = false;
  std::size_t header_bytes = 0;
  bool headers_over_cap = false;
  HeaderMap response_headers;  // lower-case names, last answer only
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started;

  // Repeated headers joined with ", ", as HTTP folds them.
  std::string header(const std::string& name) const;
  std::size_t header_count(const std::string& name) const;
};

struct ClientConfig;  // fetch/table_client.h

// Sets up transfer.easy as the GET of transfer.request.url with every limit, the credentials and
// the callbacks below. Throws std::runtime_error on failure.
void configure_page_request(Transfer& transfer, const ClientConfig& config);
// The same for the Batch API POST of transfer.post_body to `url` (JSON in, JSON out).
void configure_batch_request(Transfer& transfer, const ClientConfig& config,
                             const std::string& url);

// A CURLINFO value, or `fallback` when libcurl has none.
template <typename T>
T curl_info(CURL* easy, CURLINFO what, T fallback) {
  T value = fallback;
  if (curl_easy_getinfo(easy, what, &value) != CURLE_OK) return fallback;
  return value;
}

// For -v: the HTTP version an answer came over ("HTTP/1.1", "HTTP/2").
std::string http_version(CURL* easy);

// All header lines of one answer together may not exceed this.
inline constexpr std::size_t kMaxHeaderBytes = 256 * 1024;

// The CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks; user data is the Transfer.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user);
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user);

}  // namespace sncheck
