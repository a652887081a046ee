// SPDX-License-Identifier: Apache-2.0
#include "evaluate/evaluators/property_rule.h"

#include <fmt/format.h>

#include "core/platform_values.h"
#include "core/strings.h"

namespace sncheck {
namespace {

const std::string& param(const std::map<std::string, std::string>& params, const char* name) {
  static const std::string kNone;
  auto it = params.find(name);
  return it == params.end() ? kNone : it->second;
}

std::optional<PropertyBound> parse_bound(std::string_view text) {
  static const std::pair<std::string_view, PropertyBound::Op> kOps[] = {
      {"<=", PropertyBound::Op::Lte}, {">=", PropertyBound::Op::Gte}, {"<", PropertyBound::Op::Lt},
      {">", PropertyBound::Op::Gt},   {"=", PropertyBound::Op::Eq},
  };
  for (const auto& [symbol, op] : kOps) {
    if (!starts_with(text, symbol)) continue;
    std::optional<long long> value = parse_whole_number(text.substr(symbol.size()));
    if (!value) return std::nullopt;
    return PropertyBound{op, *value};
  }
  return std::nullopt;
}

bool holds(const PropertyBound& bound, long long value) {
  switch (bound.op) {
    case PropertyBound::Op::Lt:
      return value < bound.value;
    case PropertyBound::Op::Lte:
      return value <= bound.value;
    case PropertyBound::Op::Gt:
      return value > bound.value;
    case PropertyBound::Op::Gte:
      return value >= bound.value;
    case PropertyBound::Op::Eq:
      return value == bound.value;
  }
  return false;
}

std::string_view symbol(PropertyBound::Op op) {
  switch (op) {
    case PropertyBound::Op::Lt:
      return "<";
    case PropertyBound::Op::Lte:
      return "<=";
    case PropertyBound::Op::Gt:
      return ">";
    case PropertyBound::Op::Gte:
      return ">=";
    case PropertyBound::Op::Eq:
      return "=";
  }
  return "?";
}

std::string parse_expectation(const std::string& expect, PropertyRule* rule) {
  switch (rule->type) {
    case PropertyRule::Type::Boolean:
      if (expect != "true" && expect != "false") return "expect: must be true or false";
      rule->expect_true = expect == "true";
      return {};
    case PropertyRule::Type::Integer:
      for (const std::string& part : split_list(expect)) {
        std::optional<PropertyBound> bound = parse_bound(part);
        if (!bound) return fmt::format("expect: '{}' is not a comparison such as <=720", part);
        rule->bounds.push_back(*bound);
      }
      if (rule->bounds.empty()) return "expect: give comparisons such as >0,<=720";
      return {};
    case PropertyRule::Type::String:
      if (expect == "empty") {
        rule->expect_empty = true;
        return {};
      }
      if (expect.size() > 1 && expect[0] == '=') {
        rule->expect_value = expect.substr(1);
        return {};
      }
      return "expect: must be 'empty' or '=<value>'";
  }
  return "expect: unknown type";
}

}  // namespace

std::string_view property_type_name(PropertyRule::Type type) {
  switch (type) {
    case PropertyRule::Type::Boolean:
      return "boolean";
    case PropertyRule::Type::Integer:
      return "integer";
    case PropertyRule::Type::String:
      return "string";
  }
  return "string";
}

std::string parse_property_rule(const std::map<std::string, std::string>& params,
                                PropertyRule* rule) {
  const std::string& type = param(params, "type");
  if (type == "boolean") {
    rule->type = PropertyRule::Type::Boolean;
  } else if (type == "integer") {
    rule->type = PropertyRule::Type::Integer;
  } else if (type == "string") {
    rule->type = PropertyRule::Type::String;
  } else {
    return "type: must be boolean, integer or string";
  }
  if (std::string problem = parse_expectation(param(params, "expect"), rule); !problem.empty()) {
    return problem;
  }
  const std::string& fallback = param(params, "fallback");
  if (fallback != "none") {
    rule->fallback = fallback == "empty" ? std::string() : fallback;
    if (judge_property_value(*rule, *rule->fallback) == ValueVerdict::NotJudgeable) {
      return fmt::format("fallback: '{}' is not a {} value (or 'none', 'empty')", fallback, type);
    }
  }
  rule->recommended = param(params, "recommended");
  if (rule->recommended.empty() && rule->type == PropertyRule::Type::Boolean) {
    rule->recommended = rule->expect_true ? "true" : "false";
  }
  if (rule->recommended.empty() && rule->type == PropertyRule::Type::String &&
      !rule->expect_empty) {
    rule->recommended = rule->expect_value;
  }
  if (rule->type == PropertyRule::Type::Integer &&
      judge_property_value(*rule, rule->recommended) != ValueVerdict::Holds) {
    return "recommended: an integer rule needs a recommended value that meets expect";
  }
  if (!rule->recommended.empty() &&
      judge_property_value(*rule, rule->recommended) != ValueVerdict::Holds) {
    return "recommended: must meet expect";
  }
  return {};
}

ValueVerdict judge_property_value(const PropertyRule& rule, std::string_view value) {
  switch (rule.type) {
    case PropertyRule::Type::Boolean: {
      // A true | false property holds the words (t_AddAPropertyUsingSysPropsList.md l.93); 1 and 0
      // are a boolean column's encoding, not a documented property value.
      if (value != "true" && value != "false") return ValueVerdict::NotJudgeable;
      return (value == "true") == rule.expect_true ? ValueVerdict::Holds : ValueVerdict::Fails;
    }
    case PropertyRule::Type::Integer: {
      std::optional<long long> seen = parse_whole_number(value);
      if (!seen) return ValueVerdict::NotJudgeable;
      for (const PropertyBound& bound : rule.bounds) {
        if (!holds(bound, *seen)) return ValueVerdict::Fails;
      }
      return ValueVerdict::Holds;
    }
    case PropertyRule::Type::String:
      if (rule.expect_empty) return trim(value).empty() ? ValueVerdict::Holds : ValueVerdict::Fails;
      return value == rule.expect_value ? ValueVerdict::Holds : ValueVerdict::Fails;
  }
  return ValueVerdict::NotJudgeable;
}

std::string describe_expectation(const PropertyRule& rule) {
  switch (rule.type) {
    case PropertyRule::Type::Boolean:
      return rule.expect_true ? "true" : "false";
    case PropertyRule::Type::Integer: {
      std::vector<std::string> parts;
      for (const PropertyBound& bound : rule.bounds) {
        parts.push_back(fmt::format("{} {}", symbol(bound.op), bound.value));
      }
      return fmt::format("{}", fmt::join(parts, " and "));
    }
    case PropertyRule::Type::String:
      return rule.expect_empty ? "empty" : fmt::format("'{}'", rule.expect_value);
  }
  return {};
}

}  // namespace sncheck
