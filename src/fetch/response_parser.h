// SPDX-License-Identifier: Apache-2.0
#pragma once
// Turns Table API response bodies and headers into rows, paging hints and typed errors.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fetch_error.h"
#include "core/record.h"

namespace sncheck {

struct ParsedPage {
  std::vector<Record> rows;
  std::optional<FetchError> error;  // set when the body is not a Table API list answer
};

// Parses {"result":[{...}]}: string values, {link,value} references, and JSON null kept apart
// from "" (FieldValue::null). A key twice in one row or reference, or "result" twice, is refused:
// which of the two the instance meant cannot be known.
ParsedPage parse_table_page(std::string_view table, std::string body);

// A Link header (RFC 8288). well_formed: every comma-separated part is a <uri> with parameters,
// and there is at least one; next: the first rel="next" target.
struct LinkHeader {
  bool well_formed = false;
  std::optional<std::string> next;
};
LinkHeader parse_link_header(std::string_view link_header);

// The rel="next" target of a Link header, if any.
std::optional<std::string> next_link(std::string_view link_header);

// ServiceNow's error envelope {"error":{"message","detail"},"status":"failure"}; empty if absent.
struct ServiceNowError {
  std::string message;
  std::string detail;
};
std::optional<ServiceNowError> parse_error_body(std::string_view body);

// What a non-JSON body looks like: a hibernation page, a login page, or something else.
FetchErrorKind classify_html(std::string_view body);

}  // namespace sncheck
