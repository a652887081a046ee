// SPDX-License-Identifier: Apache-2.0
#pragma once
// Wrapping for the terminal text report: to a width, with a hanging indent, splitting at spaces
// only, so a URL (or any long word) is never broken.

#include <cstddef>
#include <string>
#include <string_view>

namespace sncheck::report {

// Columns a string takes on a terminal: its UTF-8 code points, a CSI escape sequence (ESC [ ...
// final byte: sncheck's own colours) taking none. Text from the instance never holds one: the
// reports write its control characters as visible escapes (core/strings.h).
std::size_t visible_width(std::string_view text);

// `text` wrapped to `width` columns, for a first line that starts at column `first` (the caller
// writes what stands before it) and continuation lines indented by `indent` spaces; every line
// ends with '\n'. A word that does not fit on a line starts the next; a word longer than the room
// after the indent is moved left as far as it needs (to column 0 at most) and never split.
std::string wrap(std::string_view text, std::size_t width, std::size_t first, std::size_t indent);

}  // namespace sncheck::report
