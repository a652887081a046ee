// SPDX-License-Identifier: Apache-2.0
#include "cli/terminal_style.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace sncheck {

bool terminal_draws_escapes(const EnvLookup& env) {
  std::optional<std::string> term = env("TERM");
  return term && !term->empty() && *term != "dumb";
}

bool colour_wanted(const std::string& when, bool is_terminal, const EnvLookup& env) {
  if (when == "always") return true;
  if (when == "never" || !is_terminal) return false;
  std::optional<std::string> no_color = env("NO_COLOR");
  if (no_color && !no_color->empty()) return false;
  return terminal_draws_escapes(env);
}

bool progress_wanted(bool err_is_terminal, bool no_progress, const EnvLookup& env) {
  return err_is_terminal && !no_progress && terminal_draws_escapes(env);
}

int stdout_width(const Io& io) {
  constexpr int kDefault = 80;
  if (std::optional<std::string> columns = io.env("COLUMNS"); columns && !columns->empty()) {
    char* end = nullptr;
    long value = std::strtol(columns->c_str(), &end, 10);
    if (end != nullptr && *end == '\0' && value >= 20 && value <= 1000) {
      return static_cast<int>(value);
    }
  }
  struct winsize size {};
  if (io.out_is_tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) {
    return size.ws_col;
  }
  return kDefault;
}

}  // namespace sncheck
