// SPDX-License-Identifier: Apache-2.0
#pragma once
// Maps what came back for one Table API request (an HTTP answer or a transfer failure) to a typed
// FetchError with a message naming the table and a remedy, and decides about retries.

#include <curl/curl.h>

#include <string>
#include <string_view>

#include "core/credentials.h"
#include "core/fetch_error.h"

namespace sncheck {

// What sncheck saw of one HTTP answer.
struct ResponseFacts {
  std::string table;
  long status = 0;
  std::string body;
  std::string content_type;       // Content-Type, may be empty
  std::string location;           // redirect target (3xx), may be empty
  std::string www_authenticate;   // WWW-Authenticate, may be empty
  bool mfa_token_header = false;  // X-MFA_TOKEN present (MFA required on basic auth)
  long retry_after_seconds = 0;   // Retry-After, 0 when absent
  std::string rate_limit_reset;   // X-RateLimit-Reset (UNIX time), may be empty
  int retries = 0;                // retries already made for this request
  long max_retry_after_seconds = 0;
  Credentials::Kind credentials = Credentials::Kind::None;
};

// True when the body is to be parsed as JSON: a JSON content type (or none) and no HTML.
bool body_is_json(std::string_view content_type, std::string_view body);

// The error for an answer that is not a usable 200 JSON page. A hibernation or login page wins
// over the status, since an intercepting page can come with any status.
FetchError error_for_response(const ResponseFacts& facts);

// The error for a transfer that got no complete HTTP answer. `connected` is false when no
// connection was ever made (so a timeout is a connect timeout, reported as Connect).
FetchError error_for_transport(std::string_view table, CURLcode code, std::string_view detail,
                               bool connected, bool body_over_cap, std::size_t max_body_bytes);

// The role that typically grants read access to a table, for 403 remedies.
std::string read_role_hint(std::string_view table);

enum class RetryVerdict {
  NotRetryable,  // the status is final
  Retry,         // wait delay_seconds, then send the same request again
  Exhausted,     // retryable, but max_retries retries were already made
  WaitTooLong,   // 429 whose Retry-After exceeds max_retry_after_seconds
};
struct RetryDecision {
  RetryVerdict verdict = RetryVerdict::NotRetryable;
  double delay_seconds = 0;
};

// 429: Retry-After seconds when given (else 1 s, 2 s, 4 s...); 500/502/503/504: 0.5 s, 1 s,
// 2 s... (or a longer Retry-After within the bound). retry_after_seconds is 0 when absent.
RetryDecision decide_retry(long status, long retry_after_seconds, int retries_done, int max_retries,
                           long max_retry_after_seconds);

}  // namespace sncheck
