// SPDX-License-Identifier: Apache-2.0
#pragma once
// Messages for a mistyped command line, with a suggestion: an unknown subcommand or option
// ("sncheck oath": did you mean 'oauth'?), in place of CLI11's generic ones.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace sncheck {

// argv[1] when it is neither an option nor one of `app`'s subcommands: the message for it.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv);

// After CLI11 refused the arguments with `error`: a message naming the first unknown option (or
// the unexpected arguments, in the order given) of the subcommand argv[1], with a suggestion;
// none when the error is of another kind.
std::optional<std::string> unknown_arguments(const CLI::App& app, const CLI::ParseError& error,
                                             int argc, const char* const* argv);

}  // namespace sncheck
