// SPDX-License-Identifier: Apache-2.0
#pragma once
// "Did you mean ...?": the closest of a set of names to a mistyped one (CLI11 2.1.2 has no
// suggestions of its own), for subcommands, flags and check ids.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

// The optimal-string-alignment distance: insertions, deletions, substitutions and transpositions
// of two adjacent characters each cost 1 ("instnace" is 1 from "instance").
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, when it is close enough to be a typo of it: at most a third
// of the word's length away (at least 1, at most 3), or the only candidate `word` is a prefix
// of. Ties go to the earlier candidate. None when nothing is close.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace sncheck
