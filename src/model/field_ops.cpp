// SPDX-License-Identifier: Apache-2.0
#include "model/field_ops.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

#include "core/platform_values.h"
#include "model/check_definition.h"

namespace sncheck {
namespace {

std::optional<long long> parse_integer(const std::string& text) { return parse_whole_number(text); }

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

OpVerdict verdict(bool holds) { return holds ? OpVerdict::Holds : OpVerdict::Fails; }

}  // namespace

const std::vector<FieldOpInfo>& field_ops() {
  static const std::vector<FieldOpInfo> ops = {
      {FieldOp::Eq, "eq", OpArity::One},
      {FieldOp::Neq, "neq", OpArity::One},
      {FieldOp::In, "in", OpArity::Many},
      {FieldOp::NotIn, "not_in", OpArity::Many},
      {FieldOp::Empty, "empty", OpArity::None},
      {FieldOp::NotEmpty, "not_empty", OpArity::None},
      {FieldOp::Matches, "matches", OpArity::One},
      {FieldOp::IntGt, "int_gt", OpArity::One},
      {FieldOp::IntLte, "int_lte", OpArity::One},
      {FieldOp::IsTrue, "is_true", OpArity::None},
      {FieldOp::IsFalse, "is_false", OpArity::None},
  };
  return ops;
}

const FieldOpInfo& op_info(FieldOp op) {
  for (const FieldOpInfo& info : field_ops()) {
    if (info.op == op) return info;
  }
  throw std::logic_error("field op missing from the table");
}

std::string_view to_string(FieldOp op) { return op_info(op).name; }

std::optional<FieldOp> parse_field_op(std::string_view text) {
  for (const FieldOpInfo& info : field_ops()) {
    if (info.name == text) return info.op;
  }
  return std::nullopt;
}

std::string field_op_names() {
  std::vector<std::string_view> names;
  for (const FieldOpInfo& info : field_ops()) names.push_back(info.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string check_operand(FieldOp op, const std::string& value,
                          std::shared_ptr<const re2::RE2>* compiled) {
  if (op == FieldOp::Matches) {
    // RE2 compiles and matches in linear time; the cap keeps error messages and memory sane.
    constexpr std::size_t kMaxPatternLength = 1000;
    if (value.size() > kMaxPatternLength) {
      return fmt::format("is longer than {} characters", kMaxPatternLength);
    }
    RE2::Options options;
    options.set_log_errors(false);
    auto pattern = std::make_shared<const RE2>(value, options);
    if (!pattern->ok())
      return fmt::format("is not a valid regular expression: {}", pattern->error());
    if (compiled != nullptr) *compiled = std::move(pattern);
  }
  if ((op == FieldOp::IntGt || op == FieldOp::IntLte) && !parse_integer(value)) {
    return "must be a whole number with this op";
  }
  return {};
}

OpVerdict apply_op(const FieldTest& test, const std::string& value) {
  switch (test.op) {
    case FieldOp::Eq:
      return verdict(value == test.values.at(0));
    case FieldOp::Neq:
      return verdict(value != test.values.at(0));
    case FieldOp::In:
      return verdict(contains(test.values, value));
    case FieldOp::NotIn:
      return verdict(!contains(test.values, value));
    case FieldOp::Empty:
      return verdict(value.empty());
    case FieldOp::NotEmpty:
      return verdict(!value.empty());
    case FieldOp::Matches:
      // RE2 runs in linear time: a value from the instance cannot make it backtrack.
      if (!test.pattern) throw std::logic_error("matches test without a compiled pattern");
      return verdict(RE2::PartialMatch(value, *test.pattern));
    case FieldOp::IntGt:
    case FieldOp::IntLte: {
      std::optional<long long> seen = parse_integer(value);
      std::optional<long long> limit = parse_integer(test.values.at(0));
      if (!seen || !limit) return OpVerdict::NotComparable;
      return verdict(test.op == FieldOp::IntGt ? *seen > *limit : *seen <= *limit);
    }
    case FieldOp::IsTrue:
    case FieldOp::IsFalse: {
      if (test.words_only && value != "true" && value != "false") return OpVerdict::NotComparable;
      std::optional<bool> seen = parse_boolean(value);
      if (!seen) return OpVerdict::NotComparable;
      return verdict(*seen == (test.op == FieldOp::IsTrue));
    }
  }
  return OpVerdict::NotComparable;
}

std::string not_comparable_reason(const FieldTest& test, const std::string& value) {
  if (test.op == FieldOp::IsTrue || test.op == FieldOp::IsFalse) {
    return fmt::format("field {} holds '{}', not a boolean the platform writes ({})", test.field,
                       value, test.words_only ? "true, false" : "true, false, 1, 0");
  }
  return fmt::format("field {} holds '{}', not a whole number", test.field, value);
}

namespace {

std::string describe_op(const FieldTest& test, const std::string& field) {
  switch (test.op) {
    case FieldOp::Eq:
      return fmt::format("{} = '{}'", field, test.values.at(0));
    case FieldOp::Neq:
      return fmt::format("{} != '{}'", field, test.values.at(0));
    case FieldOp::In:
      return fmt::format("{} in ({})", field, fmt::join(test.values, ", "));
    case FieldOp::NotIn:
      return fmt::format("{} not in ({})", field, fmt::join(test.values, ", "));
    case FieldOp::Empty:
      return fmt::format("{} is empty", field);
    case FieldOp::NotEmpty:
      return fmt::format("{} is not empty", field);
    case FieldOp::Matches:
      return fmt::format("{} matches /{}/", field, test.values.at(0));
    case FieldOp::IntGt:
      return fmt::format("{} > {}", field, test.values.at(0));
    case FieldOp::IntLte:
      return fmt::format("{} <= {}", field, test.values.at(0));
    case FieldOp::IsTrue:
      return fmt::format("{} is true", field);
    case FieldOp::IsFalse:
      return fmt::format("{} is false", field);
  }
  return field;
}

}  // namespace

std::string describe_test(const FieldTest& test) {
  std::string text = describe_op(
      test, test.each ? fmt::format("every comma-separated item of {}", test.field) : test.field);
  if (test.empty_means) text += fmt::format(" (empty counts as '{}')", *test.empty_means);
  return text;
}

}  // namespace sncheck
