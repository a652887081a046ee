// SPDX-License-Identifier: Apache-2.0
#pragma once
// Errors that are the caller's to fix, carried as exceptions to the CLI, which prints the message
// and exits 2. UsageError: something the user typed or gave (a flag, a variable, a file's
// contents). OutputError: a report or snapshot file could not be written.

#include <stdexcept>

namespace sncheck {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sncheck
