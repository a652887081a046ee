// SPDX-License-Identifier: Apache-2.0
#include "cli/values.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include <fmt/format.h>

namespace sncheck {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Milliseconds in one unit; 0 for an unknown unit.
long long unit_ms(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60'000;
  if (unit == "h") return 3'600'000;
  return 0;
}

}  // namespace

std::optional<long> parse_duration_seconds(std::string_view text, long max_seconds,
                                           std::string* problem) {
  auto refuse = [&](const std::string& why) -> std::optional<long> {
    if (problem != nullptr) *problem = why;
    return std::nullopt;
  };
  const std::string value = lower(text);
  const std::string expected = "a duration such as 30, 30s, 2m, 1m30s or 2000ms";
  if (value.empty()) return refuse("empty; give " + expected);
  long long total_ms = 0;
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t digits = i;
    while (digits < value.size() && std::isdigit(static_cast<unsigned char>(value[digits]))) {
      ++digits;
    }
    if (digits == i || digits - i > 9) return refuse(fmt::format("'{}' is not {}", text, expected));
    long long number = std::stoll(value.substr(i, digits - i));
    std::size_t unit_end = digits;
    while (unit_end < value.size() && std::isalpha(static_cast<unsigned char>(value[unit_end]))) {
      ++unit_end;
    }
    std::string unit = value.substr(digits, unit_end - digits);
    if (unit.empty()) {
      // A bare number is seconds, and only on its own ("1m30" is ambiguous).
      if (i != 0 || unit_end != value.size()) {
        return refuse(fmt::format("'{}' is not {}", text, expected));
      }
      unit = "s";
    }
    long long per = unit_ms(unit);
    if (per == 0) {
      return refuse(fmt::format("'{}': unknown unit '{}' (use ms, s, m or h)", text, unit));
    }
    total_ms += number * per;
    if (total_ms > static_cast<long long>(max_seconds) * 1000) break;
    i = unit_end;
  }
  if (total_ms <= 0) return refuse(fmt::format("'{}' must be more than zero", text));
  if (total_ms > static_cast<long long>(max_seconds) * 1000) {
    return refuse(fmt::format("'{}' is more than the most allowed, {}s", text, max_seconds));
  }
  if (total_ms % 1000 != 0) {
    return refuse(fmt::format(
        "'{}' is not a whole number of seconds (sncheck's timeouts count seconds; at least 1s)",
        text));
  }
  return static_cast<long>(total_ms / 1000);
}

std::optional<std::string> format_of_extension(std::string_view path) {
  std::size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const std::string extension = lower(name.substr(dot + 1));
  static const std::pair<const char*, const char*> kByExtension[] = {
      {"html", "html"}, {"htm", "html"},    {"json", "json"}, {"sarif", "sarif"},
      {"xml", "junit"}, {"md", "markdown"}, {"txt", "text"},  {"markdown", "markdown"}};
  for (const auto& [ext, format] : kByExtension) {
    if (extension == ext) return std::string(format);
  }
  return std::nullopt;
}

}  // namespace sncheck
