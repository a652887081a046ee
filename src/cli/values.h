// SPDX-License-Identifier: Apache-2.0
#pragma once
// Option values people type in more than one way: durations ("5s", "2m", "500ms", a bare number
// of seconds) and a report format named by a file's extension.

#include <optional>
#include <string>
#include <string_view>

namespace sncheck {

// Whole seconds from "30", "30s", "2m", "1h", "1m30s", "2000ms". A bare number is seconds. A
// value that is not a whole number of seconds, zero, or over `max_seconds` is refused; the reason
// goes to `problem`. Request timeouts and the deadline count seconds (libcurl's CURLOPT_TIMEOUT).
std::optional<long> parse_duration_seconds(std::string_view text, long max_seconds,
                                           std::string* problem);

// The report format a file's extension names (report.html: html, out.xml: junit, .sarif, .json,
// .md/.markdown, .txt: text); none for any other extension or none at all.
std::optional<std::string> format_of_extension(std::string_view path);

}  // namespace sncheck
