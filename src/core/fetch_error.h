// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every way a Table API read can fail, as a typed error with the context a person needs.

#include <optional>
#include <string>
#include <string_view>

namespace sncheck {

enum class FetchErrorKind {
  Unauthorized,         // 401: sncheck's own credentials were rejected
  Forbidden,            // 403: an ACL denies the read
  InvalidTable,         // 400 "Invalid table": the plugin that owns the table is not installed
  BadRequest,           // any other 400
  NotFound,             // 404
  RateLimited,          // 429 after the bounded retries
  ServerError,          // 5xx after the bounded retries
  HttpStatus,           // any other unexpected status (3xx redirects included)
  HibernatingInstance,  // an HTML hibernation page where JSON was expected
  LoginPage,            // an HTML login page (or a redirect to one) where JSON was expected
  NotJson,              // any other non-JSON body
  MalformedJson,        // JSON that does not parse or lacks the Table API shape
  TooLarge,             // a body over the size cap
  PagingLoop,           // a Link header that leads back to a page already read, or no end in sight
  PagingMismatch,       // X-Total-Count contradicts the rows received (a lying count)
  HiddenRows,           // every page read, X-Total-Count says more rows match than arrived
  BadPagingHeader,      // an X-Total-Count or Link header that cannot be parsed (or sent twice)
  RepeatedRows,         // a row (sys_id) arrived twice in one read: an ignored sysparm_offset
  Timeout,
  DeadlineExceeded,  // the run's --deadline passed before this read finished
  Tls,               // certificate verification or handshake failure
  Resolve,           // DNS lookup failed
  Connect,           // connection refused or unreachable
  Transport,         // any other transfer failure
};

std::string_view to_string(FetchErrorKind kind);

struct FetchError {
  FetchErrorKind kind = FetchErrorKind::Transport;
  std::string table;    // the table being read
  int http_status = 0;  // 0 when no HTTP answer arrived
  std::string message;  // what happened, naming the table ("403 reading sys_plugins: ...")
  std::string remedy;   // what a person can do about it
};

// The one way to build a FetchError; the named factories of each stage call it.
FetchError make_fetch_error(FetchErrorKind kind, std::string table, int http_status,
                            std::string message, std::string remedy);

// A read that could not be done for a reason inside sncheck or libcurl, not the instance.
FetchError internal_fetch_error(const std::string& table, std::string_view what);

// A kind from its to_string() name; nullopt for an unknown name (snapshot files).
std::optional<FetchErrorKind> parse_fetch_error_kind(std::string_view name);

// True when the failure is about reaching or authenticating to the instance, not one table.
// Such failures stop the whole run (exit 2) rather than erroring single checks.
bool is_connection_level(FetchErrorKind kind);

}  // namespace sncheck
