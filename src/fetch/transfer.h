#pragma once
// One HTTP request in flight on the multi handle, and everything its callbacks fill: the body
// (capped), the headers of the last answer (after 1xx), the error text.

#include <chrono>
#include <map>
#include <string>

#include "fetch/curl_handles.h"

namespace sncheck {

// One page request of one read; re-queued as is for a retry.
struct PageRequest {
  std::size_t read_index = 0;
  std::string url;
  long offset = 0;
  long limit = 0;
  int retries = 0;
  std::chrono::steady_clock::time_point due;
};

struct Transfer {
  PageRequest request;
  curl::Easy easy;
  curl::Slist headers;
  std::string body;
  std::size_t body_cap = 0;
  bool body_over_cap = false;
  std::size_t header_bytes = 0;
  bool headers_over_cap = false;
  std::multimap<std::string, std::string> response_headers;  // lower-case names, last answer only
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

// All header lines of one answer together may not exceed this.
inline constexpr std::size_t kMaxHeaderBytes = 256 * 1024;

// The CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks; user data is the Transfer.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user);
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user);

}  // namespace sncheck
