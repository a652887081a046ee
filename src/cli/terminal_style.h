// SPDX-License-Identifier: Apache-2.0
#pragma once
// Whether colour and the progress line may be drawn: only on a terminal that can show them.
// NO_COLOR (https://no-color.org) turns colour off unless --color always asks for it; TERM=dumb
// (or no TERM) turns off colour and the redrawn progress line, which need escape sequences.

#include <string>

#include "cli/app.h"
#include "cli/settings.h"

namespace sncheck {

// `when`: auto, always or never (--color).
bool colour_wanted(const std::string& when, bool is_terminal, const EnvLookup& env);

bool progress_wanted(bool err_is_terminal, bool no_progress, const EnvLookup& env);

// TERM is set, not empty and not "dumb".
bool terminal_draws_escapes(const EnvLookup& env);

// The width of text on stdout: COLUMNS, else the terminal's, else (not a terminal) 80.
int stdout_width(const Io& io);

}  // namespace sncheck
