// SPDX-License-Identifier: Apache-2.0
#include "evaluate/field_test.h"

#include <fmt/format.h>

#include "core/strings.h"

namespace sncheck {
namespace {

// One value (or one item of an "each" list) judged by the test's op.
TestOutcome judge_value(const FieldTest& test, const std::string& seen) {
  const std::string& judged = seen.empty() && test.empty_means ? *test.empty_means : seen;
  switch (apply_op(test, judged)) {
    case OpVerdict::Holds:
      return {TestVerdict::Holds, seen, {}};
    case OpVerdict::Fails:
      return {TestVerdict::Fails, seen, {}};
    case OpVerdict::NotComparable:
      break;
  }
  return {TestVerdict::Unreadable, seen, not_comparable_reason(test, seen)};
}

}  // namespace

TestOutcome apply_test(const FieldTest& test, const Record& row) {
  const FieldValue* field = find_field(row, test.field);
  if (field == nullptr) {
    return {TestVerdict::Unreadable,
            {},
            fmt::format("the instance did not return field '{}' (no read access to the field, or "
                        "no such field on this release)",
                        test.field),
            true};
  }
  if (field->null) {
    return {TestVerdict::Unreadable, "null",
            fmt::format("field {} is null: the instance sent no value (JSON null), which sncheck "
                        "does not judge as empty or false",
                        test.field)};
  }
  if (!test.each) return judge_value(test, field->value);
  // Every item must hold: the first that fails decides; an item that cannot be judged makes the
  // test unreadable unless another fails.
  std::vector<std::string> items = split_list(field->value);
  if (items.empty()) items.push_back(field->value);
  std::optional<TestOutcome> unreadable;
  for (const std::string& item : items) {
    TestOutcome outcome = judge_value(test, item);
    if (outcome.verdict == TestVerdict::Fails) return outcome;
    if (outcome.verdict == TestVerdict::Unreadable && !unreadable) unreadable = outcome;
  }
  if (unreadable) return *unreadable;
  return {TestVerdict::Holds, field->value, {}};
}

}  // namespace sncheck
