// SPDX-License-Identifier: Apache-2.0
#include "cli/secret_command.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "cli/process_guard.h"
#include "core/secret_registry.h"
#include "core/secrets.h"
#include "core/usage_error.h"

extern char** environ;

namespace sncheck {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxOutput = 64 * 1024;  // a secret is one line; more is not read

// The terminal's foreground for the command's group while it lives, then sncheck's again.
class TerminalForeground {
 public:
  explicit TerminalForeground(pid_t group) {
    if (::isatty(STDERR_FILENO) != 1 || ::tcgetpgrp(STDERR_FILENO) != ::getpgrp()) return;
    if (::tcsetpgrp(STDERR_FILENO, group) == 0) fd_ = STDERR_FILENO;
  }
  ~TerminalForeground() {
    if (fd_ < 0) return;
    // Taking it back from the background would stop sncheck with SIGTTOU unless blocked.
    sigset_t block, before;
    sigemptyset(&block);
    sigaddset(&block, SIGTTOU);
    pthread_sigmask(SIG_BLOCK, &block, &before);
    ::tcsetpgrp(fd_, ::getpgrp());
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
  }
  TerminalForeground(const TerminalForeground&) = delete;
  TerminalForeground& operator=(const TerminalForeground&) = delete;

 private:
  int fd_ = -1;
};

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(left.count(), 0));
}

pid_t spawn(const std::vector<std::string>& command, int out_fd, const std::string& where) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setpgroup(&attributes, 0);  // a group of its own, to kill as one
  sigset_t defaults, none;
  sigemptyset(&defaults);
  for (int signal_number : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, signal_number);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);  // sncheck ignores SIGPIPE; it must not
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(
      &attributes,
      static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
  std::vector<char*> argv;
  for (const std::string& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    throw UsageError(
        fmt::format("{}: cannot run '{}': {}", where, command[0], std::strerror(spawned)));
  }
  return pid;
}

// Reads until the first newline, the end of the output or the deadline. False on the deadline.
bool read_first_line(int fd, std::string& output, Clock::time_point deadline) {
  char buffer[4096];
  bool in_time = true;
  while (output.find('\n') == std::string::npos && output.size() < kMaxOutput) {
    pollfd ready{fd, POLLIN, 0};
    int polled = ::poll(&ready, 1, remaining_ms(deadline));
    if (polled < 0 && errno == EINTR) continue;
    if (polled == 0) {
      in_time = false;
      break;
    }
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  explicit_bzero(buffer, sizeof buffer);
  return in_time;
}

// Waits for the child to end without reaping it (WNOWAIT): while it is a zombie its process
// group id cannot be reused, so killing the group next cannot hit another process.
bool wait_unreaped(pid_t pid, Clock::time_point deadline) {
  while (true) {
    siginfo_t info{};
    int waited = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
    if (waited == 0 && info.si_pid == pid) return true;
    if (waited < 0 && errno != EINTR) return true;  // nothing to wait for
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

std::string run_secret_command(const std::vector<std::string>& command, const std::string& where,
                               long timeout_seconds) {
  if (timeout_seconds <= 0) timeout_seconds = kDefaultSecretCommandTimeout;
  auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw UsageError(fmt::format("{}: pipe failed", where));
  pid_t pid = 0;
  try {
    pid = spawn(command, pipe_fds[1], where);
  } catch (...) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw;
  }
  ::close(pipe_fds[1]);
  guard_child_group(pid);  // an interrupted run kills it too
  std::string output;
  output.reserve(kMaxOutput + 4096);  // no reallocation leaves a copy of the secret behind
  bool in_time = false;
  bool ended = false;
  {
    TerminalForeground foreground(pid);
    in_time = read_first_line(pipe_fds[0], output, deadline);
    ::close(pipe_fds[0]);  // a helper still writing gets SIGPIPE, not an audience
    ended = in_time && wait_unreaped(pid, deadline);
    ::kill(-pid, SIGKILL);  // the command if it overran, and whatever it left in its group
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  guard_child_group(0);
  std::size_t newline = output.find('\n');
  bool got_line = newline != std::string::npos;
  std::string line = output.substr(0, newline);
  wipe(output);
  if (!ended) {
    wipe(line);
    throw UsageError(fmt::format(
        "{}: '{}' did not {} within {} s and was stopped (raise the profile's secret \"timeout\" "
        "or --secret-timeout if it needs longer)",
        where, command[0], got_line ? "exit after printing its line" : "print a line",
        timeout_seconds));
  }
  // Ended by the SIGPIPE of a closed pipe after its first line: it had said what was needed.
  bool stopped_listening = got_line && WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE;
  if (!stopped_listening && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
    wipe(line);
    throw UsageError(fmt::format("{}: '{}' failed (exit status {})", where, command[0],
                                 WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    throw UsageError(fmt::format("{}: '{}' printed nothing", where, command[0]));
  }
  register_secret(line);
  return line;
}

}  // namespace sncheck
