#include "evaluate/field_test.h"

#include <fmt/format.h>

namespace sncheck {

TestOutcome apply_test(const FieldTest& test, const Record& row) {
  const FieldValue* field = find_field(row, test.field);
  if (field == nullptr) {
    return {TestVerdict::Unreadable,
            {},
            fmt::format("the instance did not return field '{}' (no read access to the field, or "
                        "no such field on this release)",
                        test.field)};
  }
  switch (apply_op(test, field->value)) {
    case OpVerdict::Holds:
      return {TestVerdict::Holds, field->value, {}};
    case OpVerdict::Fails:
      return {TestVerdict::Fails, field->value, {}};
    case OpVerdict::NotComparable:
      break;
  }
  return {TestVerdict::Unreadable, field->value, not_comparable_reason(test, field->value)};
}

}  // namespace sncheck
