// SPDX-License-Identifier: Apache-2.0
#pragma once
// Dates as the Table API writes them ("YYYY-MM-DD" and "YYYY-MM-DD HH:MM:SS", stored in UTC), as
// whole days, for the checks that compare a date with the day the run judges by (--today). sncheck
// compares dates itself: it never sends a javascript: query to ask the instance for "now".

#include <optional>
#include <string>
#include <string_view>

namespace sncheck {

// Days since 1970-01-01 of "YYYY-MM-DD", optionally followed by " HH:MM:SS"; nullopt for any
// other text or an impossible date (2025-02-30).
std::optional<long> day_number(std::string_view text);

// "YYYY-MM-DD" of a day number.
std::string date_of_day(long day);

}  // namespace sncheck
