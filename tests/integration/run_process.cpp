// SPDX-License-Identifier: Apache-2.0
#include "run_process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace sncheck::testing {
namespace {

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void pump(int out_fd, int err_fd, int in_fd, const std::string& input, ProcessResult& result) {
  std::size_t written = 0;
  std::array<char, 65536> buffer{};
  bool out_open = true, err_open = true, in_open = in_fd >= 0;
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_fd, POLLIN, 0});
    if (err_open) fds.push_back({err_fd, POLLIN, 0});
    if (in_open) fds.push_back({in_fd, POLLOUT, 0});
    if (::poll(fds.data(), fds.size(), 60000) <= 0) break;
    for (const pollfd& fd : fds) {
      if (fd.revents == 0) continue;
      if (fd.fd == in_fd) {
        ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
        written += n > 0 ? static_cast<std::size_t>(n) : 0;
        if (n <= 0 || written == input.size()) {
          ::close(in_fd);
          in_open = false;
        }
        continue;
      }
      ssize_t n = ::read(fd.fd, buffer.data(), buffer.size());
      if (n <= 0) {
        (fd.fd == out_fd ? out_open : err_open) = false;
        continue;
      }
      (fd.fd == out_fd ? result.out : result.err)
          .append(buffer.data(), static_cast<std::size_t>(n));
    }
  }
  if (in_open) ::close(in_fd);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::string& stdin_text) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0 || ::pipe(in_pipe) != 0) {
    throw std::runtime_error("pipe failed");
  }
  // Everything the child needs is built here: the tests run fake instances on threads, and a
  // forked child that allocated could wait forever on a lock another thread held at the fork.
  // posix_spawn only duplicates descriptors and execs.
  std::vector<std::string> args = argv;
  std::vector<std::string> environment = env;
  environment.push_back("PATH=/usr/bin:/bin");
  // Sanitizer settings must reach the child when the suite runs under sanitizers.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
    if (const char* value = std::getenv(name)) {
      environment.push_back(std::string(name) + "=" + value);
    }
  }
  std::vector<char*> c_args = c_strings(args);
  std::vector<char*> c_env = c_strings(environment);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  ::posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  ::posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], in_pipe[0], in_pipe[1]}) {
    ::posix_spawn_file_actions_addclose(&actions, fd);
  }
  pid_t pid = -1;
  int spawn_error = ::posix_spawn(&pid, c_args[0], &actions, nullptr, c_args.data(), c_env.data());
  ::posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], in_pipe[0], in_pipe[1]}) {
      ::close(fd);
    }
    return ProcessResult{127, "", "execve " + args[0] + ": " + std::strerror(spawn_error) + "\n"};
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(in_pipe[0]);
  ::signal(SIGPIPE, SIG_IGN);
  ProcessResult result;
  pump(out_pipe[0], err_pipe[0], in_pipe[1], stdin_text, result);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace sncheck::testing
