// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Batch API's request and answer (ServiceNowDocs, australia,
// markdown/api-reference/rest-apis/batch-api.md): many Table API GETs in one POST
// /api/now/v1/batch, each answered with its own status, headers and Base64 body. Pure functions,
// unit-tested and fuzzed: no sockets.
//
// Every item sncheck puts in a batch is a GET of the Table API, so a batch changes nothing on the
// instance; it saves round trips, not the instance's work (items are served one after another,
// L29), and each item is judged exactly as its own GET would be.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/page_request.h"

namespace sncheck {

// The versioned URL the page documents (L52, L392).
inline constexpr std::string_view kBatchPath = "/api/now/v1/batch";
// Each item's request may be 5 MB (L35): a GET's item is its URL, far below it.
inline constexpr std::size_t kMaxBatchItemRequestBytes = 5u * 1024u * 1024u;

struct BatchItemRequest {
  std::string id;
  std::string url;  // relative to the instance, with its query (rest_requests.url, L139-150)
};

// {"batch_request_id":..., "rest_requests":[{"id", "method":"GET", "url",
// "headers":[{"name":"Accept","value":"application/json"}], "exclude_response_headers":false}]}:
// headers are kept, as X-Total-Count and Link are the paging markers.
std::string batch_request_body(const std::string& batch_id,
                               const std::vector<BatchItemRequest>& items);

// The path and query of an absolute URL ("https://h:1/api/x?q" -> "/api/x?q"); "" when the URL
// has no path.
std::string relative_url(const std::string& url);

struct BatchItemAnswer {
  std::string id;
  PageAnswer answer;  // status_code, headers (lower-case names), body decoded
  double execution_ms = 0;
};

struct BatchAnswer {
  std::vector<BatchItemAnswer> serviced;
  // Ids the instance did not process (a size or time limit, L40, L380-384), and asked ids the
  // answer does not mention: both are sent again as plain GETs.
  std::vector<std::string> unserviced;
  // Set when the body is not a Batch API answer for these ids (not JSON, a member twice, an
  // answer for an id not asked or answered twice, a status that is not a number, a body that is
  // not Base64): nothing in it is used.
  std::optional<std::string> problem;
};

BatchAnswer parse_batch_answer(std::string_view body, const std::vector<std::string>& asked_ids);

// Base64 (RFC 4648 standard alphabet, padding optional); line breaks and spaces are skipped (the
// page's own example wraps its bodies, L456-507). nullopt for any other character or a bad tail.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sncheck
