// SPDX-License-Identifier: Apache-2.0
#pragma once
// A pseudo-terminal for tests: what a user's terminal is to sncheck. The test holds the master
// (what the user sees and types); the code under test gets the slave.

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace sncheck::testing {

struct Pty {
  int master = -1;
  int slave = -1;
  Pty() {
    master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) return;
    slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  }
  ~Pty() {
    if (slave >= 0) ::close(slave);
    if (master >= 0) ::close(master);
  }
  Pty(const Pty&) = delete;
  Pty& operator=(const Pty&) = delete;

  // What the terminal shows until `until` appears or `ms` pass without output.
  std::string screen(int ms, const std::string& until = "") const {
    std::string text;
    char buffer[256];
    pollfd ready{master, POLLIN, 0};
    while (::poll(&ready, 1, ms) > 0) {
      ssize_t n = ::read(master, buffer, sizeof buffer);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
      if (!until.empty() && text.find(until) != std::string::npos) break;
    }
    return text;
  }
  void type(const std::string& text) const {
    if (::write(master, text.data(), text.size()) < 0) return;
  }
  bool echo_on() const {
    struct termios mode {};
    ::tcgetattr(slave, &mode);
    return (mode.c_lflag & ECHO) != 0;
  }
};

}  // namespace sncheck::testing
