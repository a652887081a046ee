// SPDX-License-Identifier: Apache-2.0
#pragma once
// A child process left running, for tests that signal it, close its output early, or give it a
// terminal. Its standard output and error are pipes (or, with a terminal, its standard input and
// error are that terminal); its environment is `env` plus PATH.

#include <sys/types.h>

#include <string>
#include <vector>

#include "run_process.h"

namespace sncheck::testing {

class ChildProcess {
 public:
  // terminal_fd >= 0: the child's standard input and standard error are this terminal, and its
  // standard output too with stdout_on_terminal (read_stdout then reads nothing).
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               int terminal_fd = -1, bool stdout_on_terminal = false);
  ~ChildProcess();  // kills and reaps it if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Reads up to `bytes` of standard output (blocking until they came or the output ended).
  std::string read_stdout(std::size_t bytes);
  void close_stdout();  // what `| head -c1` does once it has its byte
  void send(int signal_number);
  // Waits for the exit (killing it after timeout_ms), with what it wrote. exit_code is
  // 128 + the signal when a signal ended it.
  ProcessResult wait(int timeout_ms = 30000);

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool reaped_ = false;
};

}  // namespace sncheck::testing
