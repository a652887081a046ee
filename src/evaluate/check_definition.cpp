#include "evaluate/check_definition.h"

#include <array>
#include <utility>

namespace sncheck {
namespace {

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

constexpr std::array<std::pair<FieldOp, std::string_view>, 9> kFieldOps{{
    {FieldOp::Eq, "eq"},
    {FieldOp::Neq, "neq"},
    {FieldOp::In, "in"},
    {FieldOp::NotIn, "not_in"},
    {FieldOp::Empty, "empty"},
    {FieldOp::NotEmpty, "not_empty"},
    {FieldOp::Matches, "matches"},
    {FieldOp::IntGt, "int_gt"},
    {FieldOp::IntLte, "int_lte"},
}};

}  // namespace

std::string_view to_string(Severity severity) { return name_of(kSeverities, severity); }
std::string_view to_string(Status status) { return name_of(kStatuses, status); }
std::string_view to_string(FieldOp op) { return name_of(kFieldOps, op); }
std::optional<Severity> parse_severity(std::string_view text) { return lookup(kSeverities, text); }
std::optional<Status> parse_status(std::string_view text) { return lookup(kStatuses, text); }
std::optional<FieldOp> parse_field_op(std::string_view text) { return lookup(kFieldOps, text); }

const ReadSpec* CheckDefinition::find_read(std::string_view name) const {
  for (const ReadSpec& read : reads) {
    if (read.name == name) return &read;
  }
  return nullptr;
}

}  // namespace sncheck
