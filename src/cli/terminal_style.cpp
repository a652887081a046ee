// SPDX-License-Identifier: Apache-2.0
#include "cli/terminal_style.h"

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

}  // namespace sncheck
