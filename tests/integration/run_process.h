// SPDX-License-Identifier: Apache-2.0
#pragma once
// Runs a program as a child process with its own environment and standard input, and collects
// its exit code, standard output and standard error separately.

#include <string>
#include <vector>

namespace sncheck::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// env: "NAME=value" entries; the child gets only these (plus PATH), so the developer's own SN_*
// variables never leak into a test.
ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::string& stdin_text = "");

}  // namespace sncheck::testing
