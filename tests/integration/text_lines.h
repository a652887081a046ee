// SPDX-License-Identifier: Apache-2.0
#pragma once
// Lines of a program's output and their width in terminal columns (UTF-8 code points), for the
// tests that hold help, reports and the demo to 80 columns.

#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

namespace sncheck::testing {

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Counts every byte that does not continue a UTF-8 sequence.
inline std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace sncheck::testing
