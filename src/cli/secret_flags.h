// SPDX-License-Identifier: Apache-2.0
#pragma once
// A secret given as a command-line value is visible to every user of the machine (ps, /proc) and
// kept in shell history. Such flags are refused before the command line is parsed, because the
// parser's own messages would repeat the stray value; the refusal names the flag and the safe
// ways to give the secret, never the value.

#include <optional>
#include <string>

namespace sncheck {

// The refusal for the first argument that carries (or announces) a secret value, if any.
std::optional<std::string> refuse_secret_arguments(int argc, const char* const* argv);

}  // namespace sncheck
