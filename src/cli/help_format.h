// SPDX-License-Identifier: Apache-2.0
#pragma once
// sncheck's --help layout: options under headings (Connection, Selection, Output, Gating,
// Diagnostics), each value's placeholder as declared (FILE, N, FORMAT), without CLI11's
// validator artefacts ("FILE:FILE", "INT:INT in [1 - 16]"), and every line within 80 columns
// (CLI11 2.1 does not wrap: the finished help is wrapped here).

#include <CLI/CLI.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace sncheck {

inline constexpr const char* kGroupConnection = "Connection";
inline constexpr const char* kGroupSelection = "Selection";
inline constexpr const char* kGroupOutput = "Output";
inline constexpr const char* kGroupGating = "Gating";
inline constexpr const char* kGroupDiagnostics = "Diagnostics";

inline constexpr std::size_t kHelpWidth = 80;

class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;
  std::string make_option(const CLI::Option* opt, bool is_positional) const override;
  std::string make_option_opts(const CLI::Option* opt) const override;
  // One blank line between groups (CLI11 puts two): the group starts without one, the usage
  // line ends with one.
  std::string make_group(std::string group, bool is_positional,
                         std::vector<const CLI::Option*> opts) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
};

std::shared_ptr<HelpFormatter> make_help_formatter();

// `help` with every line wider than `width` wrapped at spaces: a description continues under
// its own column (after the option or command name), a comment of an example under its '#'
// (again after "# "), an example command on lines ending in " \" (a shell continuation, never
// inside quotes), anything else under its own indent. A word longer than the room stays whole.
std::string fit_help_to_width(std::string_view help, std::size_t width);

}  // namespace sncheck
