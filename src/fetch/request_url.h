// SPDX-License-Identifier: Apache-2.0
#pragma once
// Table API request URLs: building them (percent-encoded by libcurl) and checking the ones the
// instance sends back in Link headers.

#include <optional>
#include <string>
#include <string_view>

#include "core/table_read.h"

namespace sncheck {

// True for a Table API table name as sncheck accepts it: [a-z0-9_]+.
bool is_valid_table_name(std::string_view table);

// The URL of the page starting at `offset` (sysparm_offset is omitted for 0).
// Throws std::invalid_argument for an invalid table name.
std::string page_url(const std::string& base_url, const TableRead& read, int page_size,
                     long offset);
// The first page's URL for a read: /api/now/table/<table>?sysparm_query=...&sysparm_fields=...
std::string first_page_url(const std::string& base_url, const TableRead& read, int page_size);

// Resolves a (possibly relative) URL reference against `current`; nullopt when it does not parse.
std::optional<std::string> resolve_url(const std::string& current, const std::string& reference);

// The URL as it may be shown to a person: any userinfo (user:password@) removed. A reference
// that does not parse is returned with everything up to its last '@' dropped from its authority.
std::string without_userinfo(const std::string& url);

// A redirect target as it may be shown: `location` resolved against `request_url` (a relative
// Location is common) and stripped of userinfo. Never use libcurl's CURLINFO_REDIRECT_URL for
// this: it resolves against the handle's URL with CURLOPT_USERNAME/PASSWORD filled in.
std::string shown_redirect_target(const std::string& request_url, const std::string& location);

// True when both URLs have the same scheme, host and port (default ports made explicit).
bool same_origin(const std::string& a, const std::string& b);

// The integer value of a query parameter of `url`, if present and numeric.
std::optional<long> query_param_long(const std::string& url, std::string_view name);

}  // namespace sncheck
