// SPDX-License-Identifier: Apache-2.0
#include "cli/terminal_prompt.h"

#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "cli/process_guard.h"
#include "core/secret_registry.h"
#include "core/strings.h"
#include "core/usage_error.h"

namespace sncheck {
namespace {

void write_text(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Echo off for as long as it lives; the terminal as it was afterwards, whatever happens.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    struct termios hidden = saved_;
    hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
    hidden.c_lflag |= ICANON;
    guard_terminal(fd_, saved_);
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &hidden) == 0;
    if (!active_) unguard_terminal();
  }
  ~EchoOff() {
    if (!active_) return;
    ::tcsetattr(fd_, TCSANOW, &saved_);
    unguard_terminal();
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  struct termios saved_ {};
  bool active_ = false;
};

}  // namespace

std::string read_hidden_line(int in_fd, int out_fd, const std::string& prompt,
                             const std::string& what) {
  std::string line;
  line.reserve(4096);  // no reallocation leaves a partial copy of the secret behind
  {
    EchoOff echo_off(in_fd);
    write_text(out_fd, prompt);
    char c = 0;
    while (true) {
      ssize_t n = ::read(in_fd, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || c == '\n') break;
      line += c;
    }
    write_text(out_fd, "\n");  // the user's Enter was not echoed
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    throw UsageError(fmt::format("{}: nothing was typed at the terminal", what));
  }
  register_secret(line);
  return line;
}

std::string prompt_host(const std::string& instance_url) {
  std::string_view host = instance_url;
  if (std::size_t scheme = host.find("://"); scheme != std::string_view::npos) {
    host.remove_prefix(scheme + 3);
  }
  host = host.substr(0, host.find('/'));
  constexpr std::string_view kServiceNow = ".service-now.com";
  if (ends_with(lower(host), kServiceNow)) host.remove_suffix(kServiceNow.size());
  return std::string(host);
}

}  // namespace sncheck
