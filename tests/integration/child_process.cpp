// SPDX-License-Identifier: Apache-2.0
#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace sncheck::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& argv,
                           const std::vector<std::string>& env, int terminal_fd,
                           bool stdout_on_terminal) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> args = argv;
  std::vector<std::string> environment = env;
  environment.push_back("PATH=/usr/bin:/bin");
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* value = std::getenv(name))
      environment.push_back(std::string(name) + "=" + value);
  }
  std::vector<char*> c_args, c_env;
  for (std::string& arg : args) c_args.push_back(arg.data());
  c_args.push_back(nullptr);
  for (std::string& entry : environment) c_env.push_back(entry.data());
  c_env.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  if (terminal_fd >= 0) {
    ::posix_spawn_file_actions_adddup2(&actions, terminal_fd, STDIN_FILENO);
    ::posix_spawn_file_actions_adddup2(&actions, terminal_fd, STDERR_FILENO);
  } else {
    ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  }
  ::posix_spawn_file_actions_adddup2(
      &actions, terminal_fd >= 0 && stdout_on_terminal ? terminal_fd : out_pipe[1], STDOUT_FILENO);
  int spawned = ::posix_spawn(&pid_, c_args[0], &actions, nullptr, c_args.data(), c_env.data());
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  if (terminal_fd >= 0) {
    ::close(err_fd_);
    err_fd_ = -1;
  }
  if (spawned != 0) throw std::runtime_error(std::string("spawn: ") + std::strerror(spawned));
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

std::string ChildProcess::read_stdout(std::size_t bytes) {
  std::string text;
  char buffer[4096];
  while (out_fd_ >= 0 && text.size() < bytes) {
    ssize_t n = ::read(out_fd_, buffer, std::min(sizeof buffer, bytes - text.size()));
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

void ChildProcess::close_stdout() {
  if (out_fd_ >= 0) ::close(out_fd_);
  out_fd_ = -1;
}

void ChildProcess::send(int signal_number) { ::kill(pid_, signal_number); }

ProcessResult ChildProcess::wait(int timeout_ms) {
  ProcessResult result;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buffer[65536];
  while (out_fd_ >= 0 || err_fd_ >= 0) {
    std::vector<pollfd> fds;
    if (out_fd_ >= 0) fds.push_back({out_fd_, POLLIN, 0});
    if (err_fd_ >= 0) fds.push_back({err_fd_, POLLIN, 0});
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0 || ::poll(fds.data(), fds.size(), static_cast<int>(left)) <= 0) break;
    for (const pollfd& ready : fds) {
      if (ready.revents == 0) continue;
      ssize_t n = ::read(ready.fd, buffer, sizeof buffer);
      int& fd = ready.fd == out_fd_ ? out_fd_ : err_fd_;
      if (n <= 0) {
        ::close(fd);
        fd = -1;
        continue;
      }
      (ready.fd == out_fd_ ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
    }
  }
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  reaped_ = true;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace sncheck::testing
