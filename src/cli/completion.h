// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shell completions generated from the CLI definition itself (`sncheck completion bash|zsh|fish`,
// run at build time for `cmake --install` and the .deb), so they cannot drift from the flags:
// subcommands, each one's flags, the values of enumerated flags, and check ids.

#include <CLI/CLI.hpp>

#include <string>

#include "model/catalog.h"

namespace sncheck {

// "bash", "zsh" or "fish"; throws UsageError for another shell.
std::string completion_script(const CLI::App& app, const CheckCatalog& catalog,
                              const std::string& shell);

}  // namespace sncheck
