// SPDX-License-Identifier: Apache-2.0
#pragma once
// Markdown (the subset a check's documentation uses, and what a check author may add) as plain
// terminal text, for `sncheck explain` on a terminal: headings without '#' (underlined), code
// fences dropped and their lines indented, links as "text (url)", tables as aligned columns,
// list items and paragraphs wrapped to the width with a hanging indent, never splitting a word
// or URL. With colour, headings and table headers are bold and code is cyan; without it, the
// text carries no escape sequence. Control characters in the source are shown as visible
// escapes (core/strings.h), so a checks file cannot drive the terminal.

#include <cstddef>
#include <string>
#include <string_view>

namespace sncheck::report {

std::string markdown_to_terminal(std::string_view markdown, std::size_t width, bool colour);

}  // namespace sncheck::report
