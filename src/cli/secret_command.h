// SPDX-License-Identifier: Apache-2.0
#pragma once
// A profile's secret `command`: run without a shell, bounded. It gets `timeout_seconds` to print
// its first line and end; reading stops at that line; it runs in a process group of its own,
// killed when the command ends or times out, so a helper it left holding standard output does not
// keep sncheck waiting. While it runs it has the terminal's foreground (a password manager may
// prompt there). Standard input is /dev/null; standard error stays the user's.

#include <string>
#include <vector>

namespace sncheck {

constexpr long kDefaultSecretCommandTimeout = 10;

// The first line of the command's standard output, registered as a secret. Throws UsageError
// naming `where` and the program, never its output.
std::string run_secret_command(const std::vector<std::string>& command, const std::string& where,
                               long timeout_seconds);

}  // namespace sncheck
