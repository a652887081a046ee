// SPDX-License-Identifier: Apache-2.0
#pragma once
// CLI: parses the command line and runs a subcommand. Kept apart from main() so tests can run
// the whole program in-process with their own streams and environment.

#include <istream>
#include <ostream>

#include "cli/settings.h"

namespace sncheck {

struct Io {
  std::istream& in;
  std::ostream& out;  // machine output (JSON) or the text report; nothing else
  std::ostream& err;  // messages for people
  EnvLookup env;
  bool out_is_tty = false;
  bool err_is_tty = false;  // the progress line is drawn only on a terminal
  bool in_is_tty = false;   // a secret read from standard input is then prompted for, echo off
};

int run_cli(int argc, const char* const* argv, Io& io);

}  // namespace sncheck
