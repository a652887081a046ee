#pragma once
// Table API request URLs: building them (percent-encoded by libcurl) and checking the ones the
// instance sends back in Link headers.

#include <optional>
#include <string>
#include <string_view>

#include "plan/table_read.h"

namespace sncheck {

// True for a Table API table name as sncheck accepts it: [a-z0-9_]+.
bool is_valid_table_name(std::string_view table);

// The URL of the page starting at `offset` (sysparm_offset is omitted for 0).
// Throws std::invalid_argument for an invalid table name.
std::string page_url(const std::string& base_url, const TableRead& read, int page_size,
                     long offset);

// Resolves a (possibly relative) URL reference against `current`; nullopt when it does not parse.
std::optional<std::string> resolve_url(const std::string& current, const std::string& reference);

// True when both URLs have the same scheme, host and port (default ports made explicit).
bool same_origin(const std::string& a, const std::string& b);

// The integer value of a query parameter of `url`, if present and numeric.
std::optional<long> query_param_long(const std::string& url, std::string_view name);

}  // namespace sncheck
