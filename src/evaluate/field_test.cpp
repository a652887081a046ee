#include "evaluate/field_test.h"

#include <algorithm>
#include <charconv>
#include <regex>

#include <fmt/format.h>

namespace sncheck {
namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::optional<long long> parse_integer(const std::string& text) {
  long long number = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return number;
}

TestOutcome compare_integers(const FieldTest& test, const std::string& value) {
  std::optional<long long> seen = parse_integer(value);
  std::optional<long long> limit = parse_integer(test.values.at(0));
  if (!seen || !limit) {
    return {TestVerdict::Unreadable, value,
            fmt::format("field {} holds '{}', not a whole number", test.field, value)};
  }
  bool holds = test.op == FieldOp::IntGt ? *seen > *limit : *seen <= *limit;
  return {holds ? TestVerdict::Holds : TestVerdict::Fails, value, {}};
}

bool holds(const FieldTest& test, const std::string& value) {
  switch (test.op) {
    case FieldOp::Eq:
      return value == test.values.at(0);
    case FieldOp::Neq:
      return value != test.values.at(0);
    case FieldOp::In:
      return contains(test.values, value);
    case FieldOp::NotIn:
      return !contains(test.values, value);
    case FieldOp::Empty:
      return value.empty();
    case FieldOp::NotEmpty:
      return !value.empty();
    case FieldOp::Matches:
      return std::regex_search(value, std::regex(test.values.at(0)));
    case FieldOp::IntGt:
    case FieldOp::IntLte:
      break;
  }
  return false;
}

}  // namespace

// libstdc++'s std::regex recurses per character: a long value from the instance could overflow
// the stack. Values past this length are reported, not matched.
constexpr std::size_t kMaxRegexValueLength = 4096;

TestOutcome apply_test(const FieldTest& test, const Record& row) {
  const FieldValue* field = find_field(row, test.field);
  if (field == nullptr) {
    return {TestVerdict::Unreadable,
            {},
            fmt::format("the instance did not return field '{}' (no read access to the field, or "
                        "no such field on this release)",
                        test.field)};
  }
  if (test.op == FieldOp::IntGt || test.op == FieldOp::IntLte) {
    return compare_integers(test, field->value);
  }
  if (test.op == FieldOp::Matches && field->value.size() > kMaxRegexValueLength) {
    return {TestVerdict::Unreadable, field->value.substr(0, 64) + "...",
            fmt::format("field '{}' holds {} characters, more than sncheck matches against a "
                        "pattern ({})",
                        test.field, field->value.size(), kMaxRegexValueLength)};
  }
  return {holds(test, field->value) ? TestVerdict::Holds : TestVerdict::Fails, field->value, {}};
}

std::string describe_test(const FieldTest& test) {
  switch (test.op) {
    case FieldOp::Eq:
      return fmt::format("{} = '{}'", test.field, test.values.at(0));
    case FieldOp::Neq:
      return fmt::format("{} != '{}'", test.field, test.values.at(0));
    case FieldOp::In:
      return fmt::format("{} in ({})", test.field, fmt::join(test.values, ", "));
    case FieldOp::NotIn:
      return fmt::format("{} not in ({})", test.field, fmt::join(test.values, ", "));
    case FieldOp::Empty:
      return fmt::format("{} is empty", test.field);
    case FieldOp::NotEmpty:
      return fmt::format("{} is not empty", test.field);
    case FieldOp::Matches:
      return fmt::format("{} matches /{}/", test.field, test.values.at(0));
    case FieldOp::IntGt:
      return fmt::format("{} > {}", test.field, test.values.at(0));
    case FieldOp::IntLte:
      return fmt::format("{} <= {}", test.field, test.values.at(0));
  }
  return test.field;
}

}  // namespace sncheck
