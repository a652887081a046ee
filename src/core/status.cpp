// SPDX-License-Identifier: Apache-2.0
#include "core/status.h"

#include <array>
#include <utility>

namespace sncheck {
namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverities{{
    {Severity::Info, "info"},
    {Severity::Low, "low"},
    {Severity::Medium, "medium"},
    {Severity::High, "high"},
    {Severity::Critical, "critical"},
}};

constexpr std::array<std::pair<Status, std::string_view>, 5> kStatuses{{
    {Status::Pass, "pass"},
    {Status::Fail, "fail"},
    {Status::Warn, "warn"},
    {Status::Skip, "skip"},
    {Status::Error, "error"},
}};

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, std::string_view>, N>& table,
                           std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                         Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "?";
}

}  // namespace

std::string_view to_string(Severity severity) { return name_of(kSeverities, severity); }
std::string_view to_string(Status status) { return name_of(kStatuses, status); }
std::optional<Severity> parse_severity(std::string_view text) { return lookup(kSeverities, text); }
std::optional<Status> parse_status(std::string_view text) { return lookup(kStatuses, text); }

}  // namespace sncheck
