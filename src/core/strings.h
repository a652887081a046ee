#pragma once
// The string helpers every stage uses, in one place.

#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

// ASCII lower case; other bytes unchanged.
std::string lower(std::string_view text);
// Without leading and trailing ASCII white space.
std::string_view trim(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);
// Case-insensitive (ASCII) containment.
bool contains_ignoring_case(std::string_view haystack, std::string_view needle);
// "a, b,,c" -> {"a", "b", "c"}: split at `separator`, items trimmed, empty items dropped.
std::vector<std::string> split_list(std::string_view text, char separator = ',');
// "1 entry" / "2 entries": the count and the noun in the right number.
std::string count_of(std::size_t count, std::string_view singular, std::string_view plural);

}  // namespace sncheck
