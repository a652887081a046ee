// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a system property must hold, as a check's evaluator parameters give it (the `property`
// evaluator): the value's type, the values that satisfy the recommendation, and the value that
// applies when the property does not exist (the hardening pages' "Fallback value"). Pure: parsed
// when a check file is loaded, judged on a string.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

struct PropertyBound {
  enum class Op { Lt, Lte, Gt, Gte, Eq };
  Op op = Op::Eq;
  long long value = 0;
};

struct PropertyRule {
  enum class Type { Boolean, Integer, String };
  Type type = Type::Boolean;
  bool expect_true = true;            // Boolean: the recommended value
  std::vector<PropertyBound> bounds;  // Integer: every bound must hold
  bool expect_empty = false;          // String: the value must be empty (after trimming)
  std::string expect_value;           // String: or be exactly this
  // The documented value that applies when the property does not exist; nullopt when the
  // documentation gives none ("none" in the check file).
  std::optional<std::string> fallback;
  std::string recommended;  // the value a remediation sets
};

// Parses the parameters type, expect, fallback and recommended into *rule; returns "" or the
// problem, naming the parameter.
std::string parse_property_rule(const std::map<std::string, std::string>& params,
                                PropertyRule* rule);

enum class ValueVerdict { Holds, Fails, NotJudgeable };

// Whether a value, exactly as the Table API returned it, meets the rule. NotJudgeable: the value
// is not of the rule's type (a boolean must be exactly true or false; an integer a whole number).
ValueVerdict judge_property_value(const PropertyRule& rule, std::string_view value);

// "true", "> 0 and <= 720", "empty", "'soap.guest'": the recommendation in words.
std::string describe_expectation(const PropertyRule& rule);

// "boolean", "integer", "string": the sys_properties type a new property gets.
std::string_view property_type_name(PropertyRule::Type type);

}  // namespace sncheck
