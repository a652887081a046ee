// SPDX-License-Identifier: Apache-2.0
#pragma once
// The string helpers every stage uses, in one place.

#include <functional>
#include <optional>
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
// The length of the valid UTF-8 sequence at text[i] (1 to 4; its code point in *code_point), or
// 0 for a byte that does not start one (overlong forms and surrogates are not valid).
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t* code_point);

// Text from the instance made safe for a terminal and a line-oriented report: control characters
// (C0, newline, carriage return and tab included; DEL; C1), the Unicode line and paragraph
// separators and bidirectional controls, and bytes that are not valid UTF-8 are written as
// visible escapes (\n, \r, \t, \x1b, \x7f, \u0085, \u202e); everything else is unchanged. An
// escape sequence cannot clear the screen and a newline cannot forge a report line.
std::string escape_control(std::string_view text);

// "1 entry" / "2 entries": the count and the noun in the right number.
std::string count_of(std::size_t count, std::string_view singular, std::string_view plural);

// Replaces each {name} in `text` with value(name); nullopt as soon as value gives nullopt. An
// opening brace without a closing one stays as text.
std::optional<std::string> substitute_braces(
    std::string_view text,
    const std::function<std::optional<std::string>(std::string_view)>& value);

}  // namespace sncheck
