// SPDX-License-Identifier: Apache-2.0
#pragma once
// sncheck's --help layout: options under headings (Connection, Selection, Output, Gating,
// Diagnostics) and each value's placeholder as declared (FILE, N, FORMAT), without CLI11's
// validator artefacts ("FILE:FILE", "INT:INT in [1 - 16]").

#include <CLI/CLI.hpp>

#include <memory>

namespace sncheck {

inline constexpr const char* kGroupConnection = "Connection";
inline constexpr const char* kGroupSelection = "Selection";
inline constexpr const char* kGroupOutput = "Output";
inline constexpr const char* kGroupGating = "Gating";
inline constexpr const char* kGroupDiagnostics = "Diagnostics";

class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* opt) const override;
  // One blank line between groups (CLI11 puts two): the group starts without one, the usage
  // line ends with one.
  std::string make_group(std::string group, bool is_positional,
                         std::vector<const CLI::Option*> opts) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
};

std::shared_ptr<HelpFormatter> make_help_formatter();

}  // namespace sncheck
