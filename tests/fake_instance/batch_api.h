// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Batch API as ServiceNowDocs describes it (australia, markdown/api-reference/rest-apis/
// batch-api.md): POST /api/now/{v1|v2}/batch with {"batch_request_id", "rest_requests":[{id,
// method, url, headers:[{name,value}], body (Base64), exclude_response_headers}]} (L87-192),
// answered {"batch_request_id", "serviced_requests":[{id, status_code, status_text, headers,
// body (Base64), execution_time (ms), error_message, redirect_url}], "unserviced_requests":[ids]}
// (L258-384). Items are served one after another in one transaction (L29: "not intended for
// parallel transaction processing"); each item's answer may be at most 10 MB
// (glide.rest.batch.max.outputSize, lowered per request by X-BATCHREQUEST-MAX-OUTPUT-SIZE, L36,
// L225-229), each item's request at most 5 MB (glide.rest.batch.max.inputSize, L35), the whole
// request at most 30 s (the "REST Batch API request timeout" quota rule, L38); when a limit is
// reached the rest of the items are returned as unserviced (L40). Apart from the server, so each
// rule is easy to read next to the line it copies.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "answers.h"

namespace sncheck::fake {

struct BatchItem {
  std::string id;
  std::string method;
  std::string url;  // relative, with its query: "/api/now/table/sys_user?sysparm_limit=1"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // decoded
  bool exclude_response_headers = false;
};

struct BatchRequest {
  std::string batch_request_id;
  std::vector<BatchItem> items;
};

// /api/now/v1/batch or /api/now/v2/batch (the only URL format the page gives, L52).
bool is_batch_path(const std::string& path);

// The request body parsed, or the 400 answer a body that is not a batch request gets.
struct ParsedBatch {
  std::optional<BatchRequest> request;
  Answer refusal;  // when request is empty
};
ParsedBatch parse_batch_request(const std::string& content_type, const std::string& body);

// What the server serves one item with; the answer's delay_ms is slept by the caller.
using BatchItemServer = std::function<Answer(const BatchItem& item)>;

// Serves the items in order with `serve` and writes the batch answer. `max_output_bytes` is the
// per-item answer cap in force (the property, or the request header's lower value);
// `time_limit` the transaction's; a limit reached makes that item and every later one unserviced.
Answer answer_batch(const BatchRequest& batch, const BatchLimits& limits,
                    const std::string& max_output_header, const BatchItemServer& serve);

// An item's url split into its path and its decoded query parameters ('+' is a space).
void split_item_url(const std::string& url, std::string& path,
                    std::multimap<std::string, std::string>& params);

}  // namespace sncheck::fake
