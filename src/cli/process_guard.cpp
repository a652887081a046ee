// SPDX-License-Identifier: Apache-2.0
#include "cli/process_guard.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "core/atomic_file.h"
#include "core/secret_registry.h"

namespace sncheck {
namespace {

std::atomic<pid_t> g_child_group{0};
std::atomic<int> g_terminal_fd{-1};
struct termios g_terminal {};

bool write_fd(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Async-signal-safe: unlink, kill, tcsetattr, write and _exit only.
[[noreturn]] void end_run(std::string_view line) noexcept {
  remove_temporary_files();
  pid_t group = g_child_group.load();
  if (group > 0) ::kill(-group, SIGKILL);
  int terminal = g_terminal_fd.load();
  if (terminal >= 0) {
    ::tcsetattr(terminal, TCSANOW, &g_terminal);
    write_fd(STDERR_FILENO, "\n");  // the prompt's line was left open
  }
  write_fd(STDERR_FILENO, line);
  ::_exit(2);
}

extern "C" void on_signal(int signal_number) {
  switch (signal_number) {
    case SIGINT:
      end_run(
          "sncheck: interrupted (SIGINT): the audit did not finish; no report file was "
          "changed\n");
    case SIGTERM:
      end_run(
          "sncheck: terminated (SIGTERM): the audit did not finish; no report file was "
          "changed\n");
    default:
      end_run(
          "sncheck: hung up (SIGHUP): the audit did not finish; no report file was "
          "changed\n");
  }
}

[[noreturn]] void on_terminate() noexcept {
  std::string line = "sncheck: internal error";
  if (std::exception_ptr current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const std::exception& error) {
      line += ": " + redact_secrets(error.what());
    } catch (...) {
    }
  }
  line += "; please report it\n";
  remove_temporary_files();
  write_fd(STDERR_FILENO, line);
  ::_exit(2);
}

}  // namespace

void install_process_guard() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigfillset(&action.sa_mask);  // one ending at a time
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(signal_number, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  std::set_terminate(on_terminate);
}

bool write_stdout(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EPIPE) {
      end_run(
          "sncheck: standard output was closed before the report was written (broken "
          "pipe)\n");
    }
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool write_stderr(std::string_view bytes) { return write_fd(STDERR_FILENO, bytes); }

void guard_child_group(pid_t group) { g_child_group.store(group); }

void guard_terminal(int fd, const struct termios& saved) {
  g_terminal_fd.store(-1);
  g_terminal = saved;
  g_terminal_fd.store(fd);
}

void unguard_terminal() { g_terminal_fd.store(-1); }

}  // namespace sncheck
