// SPDX-License-Identifier: Apache-2.0
#pragma once
// The operators of a declarative field test, in one table: name, arity, how a value is checked
// when a check file is loaded, how a row's value is judged, and how the test reads in docs.
// Adding an operator means adding one row to kFieldOps in field_ops.cpp.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace sncheck {

enum class FieldOp {
  Eq,
  Neq,
  In,
  NotIn,
  Empty,
  NotEmpty,
  Matches,
  IntGt,
  IntLte,
  IsTrue,   // a boolean column that holds true ("true" or "1")
  IsFalse,  // a boolean column that holds false ("false" or "0")
};

enum class OpArity { None, One, Many };

struct FieldTest;

struct FieldOpInfo {
  FieldOp op;
  std::string_view name;  // as written in check files: "eq", "not_in", ...
  OpArity arity;
};

const std::vector<FieldOpInfo>& field_ops();
const FieldOpInfo& op_info(FieldOp op);
std::string_view to_string(FieldOp op);
std::optional<FieldOp> parse_field_op(std::string_view text);
// "eq, neq, in, ...": for error messages.
std::string field_op_names();

// A problem with an operand as written in a check file ("is not a valid regular expression:
// ..."), or "". For `matches`, compiles the pattern into `compiled` (once, at load).
std::string check_operand(FieldOp op, const std::string& value,
                          std::shared_ptr<const re2::RE2>* compiled);

enum class OpVerdict { Holds, Fails, NotComparable };

// Judges one value. NotComparable: the value is not of the kind the op judges (not a whole number
// for int_gt, not a platform boolean for is_true); not_comparable_reason says so.
OpVerdict apply_op(const FieldTest& test, const std::string& value);
std::string not_comparable_reason(const FieldTest& test, const std::string& value);

// "value = 'true'", "user.active in (true, 1)": for docs and evidence notes.
std::string describe_test(const FieldTest& test);

}  // namespace sncheck
