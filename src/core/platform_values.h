// SPDX-License-Identifier: Apache-2.0
#pragma once
// How the Table API encodes the values checks judge. Every value arrives as a string; a boolean
// column holds "true" or "false" (a query may also say "1"/"0"). Anything else is not a boolean
// sncheck will judge: the caller reports it as an error with the value seen, never as "not true".

#include <optional>
#include <string_view>

namespace sncheck {

// "true"/"1" -> true, "false"/"0" -> false, exactly; anything else (empty, "TRUE", "true ",
// "yes") -> nullopt.
std::optional<bool> parse_boolean(std::string_view value);

// An integer column or property ("1800", "-1"): exactly a whole number in decimal, nothing
// around it; anything else (empty, "30 ", "1e3", "0x10") -> nullopt.
std::optional<long long> parse_whole_number(std::string_view value);

}  // namespace sncheck
