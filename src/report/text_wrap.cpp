// SPDX-License-Identifier: Apache-2.0
#include "report/text_wrap.h"

#include <vector>

namespace sncheck::report {

std::size_t visible_width(std::string_view text) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\033' && i + 1 < text.size() && text[i + 1] == '[') {
      // A CSI sequence (sncheck's own colours): up to its final byte, no column.
      i += 2;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) < 0x40 ||
                                 static_cast<unsigned char>(text[i]) > 0x7E)) {
        ++i;
      }
      continue;
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++columns;
  }
  return columns;
}

namespace {

// Words split at single spaces; a run of spaces inside a line is kept (a word carries the extra
// spaces before it), and dropped where a line breaks.
std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = text.find_first_not_of(' ');
  while (start != std::string_view::npos && start < text.size()) {
    std::size_t end = text.find(' ', text.find_first_not_of(' ', start));
    if (end == std::string_view::npos) end = text.size();
    words.push_back(text.substr(start, end - start));
    if (end == text.size()) break;
    start = end + 1;
  }
  return words;
}

std::string_view trimmed(std::string_view word) {
  std::size_t start = word.find_first_not_of(' ');
  return start == std::string_view::npos ? std::string_view() : word.substr(start);
}

}  // namespace

std::string wrap(std::string_view text, std::size_t width, std::size_t first, std::size_t indent) {
  std::string out;
  std::size_t column = first;  // where the next character goes
  bool empty_line = true;      // nothing of `text` on the current line yet
  bool first_line = true;
  for (std::string_view spaced : words_of(text)) {
    std::string_view word = trimmed(spaced);
    if (word.empty()) continue;
    std::size_t size = visible_width(word);
    std::size_t gap = empty_line ? 0 : visible_width(spaced) - size + 1;
    // Where the word would start on a new continuation line.
    std::size_t next = indent + size > width ? (size >= width ? 0 : width - size) : indent;
    bool fits = column + gap + size <= width;
    // A new line, unless nothing stands on this one yet and a new one would not start it further
    // left.
    if (!fits && (!empty_line || (first_line && next < column))) {
      out += '\n';
      first_line = false;
      empty_line = true;
      column = 0;
    }
    if (empty_line && !first_line && column == 0) {
      out.append(next, ' ');
      column = next;
    }
    if (!empty_line) {
      out.append(gap, ' ');
      column += gap;
    }
    out.append(word);
    column += size;
    empty_line = false;
  }
  out += '\n';
  return out;
}

}  // namespace sncheck::report
