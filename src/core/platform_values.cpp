// SPDX-License-Identifier: Apache-2.0
#include "core/platform_values.h"

#include <charconv>

namespace sncheck {

std::optional<bool> parse_boolean(std::string_view value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return std::nullopt;
}

std::optional<long long> parse_whole_number(std::string_view value) {
  long long number = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, number);
  if (value.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return number;
}

}  // namespace sncheck
