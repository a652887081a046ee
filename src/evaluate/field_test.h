// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/record.h"
#include "model/check_definition.h"

namespace sncheck {

enum class TestVerdict { Holds, Fails, Unreadable };

struct TestOutcome {
  TestVerdict verdict = TestVerdict::Unreadable;
  std::string value;          // the value seen
  std::string reason;         // with Unreadable: why the value could not be judged
  bool not_returned = false;  // with Unreadable: the instance did not return the field at all
};

// Applies one field test to a row. A field the instance did not return is Unreadable, never a
// pass: the reading account may lack field-level read access.
TestOutcome apply_test(const FieldTest& test, const Record& row);

}  // namespace sncheck
