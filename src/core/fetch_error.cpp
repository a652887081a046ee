// SPDX-License-Identifier: Apache-2.0
#include "core/fetch_error.h"

#include <fmt/format.h>

namespace sncheck {

std::string_view to_string(FetchErrorKind kind) {
  switch (kind) {
    case FetchErrorKind::Unauthorized:
      return "unauthorized";
    case FetchErrorKind::Forbidden:
      return "forbidden";
    case FetchErrorKind::InvalidTable:
      return "invalid-table";
    case FetchErrorKind::BadRequest:
      return "bad-request";
    case FetchErrorKind::NotFound:
      return "not-found";
    case FetchErrorKind::RateLimited:
      return "rate-limited";
    case FetchErrorKind::ServerError:
      return "server-error";
    case FetchErrorKind::HttpStatus:
      return "http-status";
    case FetchErrorKind::HibernatingInstance:
      return "hibernating-instance";
    case FetchErrorKind::LoginPage:
      return "login-page";
    case FetchErrorKind::NotJson:
      return "not-json";
    case FetchErrorKind::MalformedJson:
      return "malformed-json";
    case FetchErrorKind::TooLarge:
      return "too-large";
    case FetchErrorKind::PagingLoop:
      return "paging-loop";
    case FetchErrorKind::PagingMismatch:
      return "paging-mismatch";
    case FetchErrorKind::HiddenRows:
      return "hidden-rows";
    case FetchErrorKind::BadPagingHeader:
      return "bad-paging-header";
    case FetchErrorKind::RepeatedRows:
      return "repeated-rows";
    case FetchErrorKind::Timeout:
      return "timeout";
    case FetchErrorKind::DeadlineExceeded:
      return "deadline-exceeded";
    case FetchErrorKind::Tls:
      return "tls";
    case FetchErrorKind::Resolve:
      return "resolve";
    case FetchErrorKind::Connect:
      return "connect";
    case FetchErrorKind::Transport:
      return "transport";
  }
  return "unknown";
}

FetchError make_fetch_error(FetchErrorKind kind, std::string table, int http_status,
                            std::string message, std::string remedy) {
  FetchError error;
  error.kind = kind;
  error.table = std::move(table);
  error.http_status = http_status;
  error.message = std::move(message);
  error.remedy = std::move(remedy);
  return error;
}

FetchError internal_fetch_error(const std::string& table, std::string_view what) {
  return make_fetch_error(
      FetchErrorKind::Transport, table, 0, fmt::format("reading {}: {}", table, what),
      "this is likely an sncheck bug or a libcurl built without a needed feature");
}

std::optional<FetchErrorKind> parse_fetch_error_kind(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(FetchErrorKind::Transport); ++i) {
    auto kind = static_cast<FetchErrorKind>(i);
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

// Connection-level: nothing read from this instance with these credentials can be trusted or
// obtained, so the run stops. Timeout is deliberately NOT here: the client reports a timeout
// before any connection was made as Connect, so a Timeout means the instance was reached and one
// query was slow (a large table, a slow query), which is about that table. RateLimited and
// ServerError are about the request that hit them; other reads may still have succeeded.
bool is_connection_level(FetchErrorKind kind) {
  switch (kind) {
    case FetchErrorKind::Unauthorized:
    case FetchErrorKind::HibernatingInstance:
    case FetchErrorKind::LoginPage:
    case FetchErrorKind::Tls:
    case FetchErrorKind::Resolve:
    case FetchErrorKind::Connect:
      return true;
    default:
      return false;
  }
}

}  // namespace sncheck
