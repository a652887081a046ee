// SPDX-License-Identifier: Apache-2.0
// The secret registry is process-wide, and ctest runs each test in a process of its own; running
// the unit_tests binary whole runs them all in one. Tests that resolve credentials register their
// secrets (a password "p" once redacted every later "p": "re[redacted]ort"), so each test
// starts with an empty registry whichever way it is run.

#include <gtest/gtest.h>

#include "core/secret_registry.h"

namespace {

class ForgetSecretsBetweenTests : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo&) override { sncheck::forget_secrets(); }
};

[[maybe_unused]] const bool kInstalled = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new ForgetSecretsBetweenTests);
  return true;
}();

}  // namespace
