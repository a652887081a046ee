// SPDX-License-Identifier: Apache-2.0
#pragma once
// The command line's options: one struct the parser fills, and the functions that declare each
// group of flags on a subcommand.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/multi_run.h"

namespace sncheck {

struct Options {
  SourceOptions source;
  ConnectionFlags& connection = source.connection;
  std::string diff_a;
  std::string diff_b;
  std::string client_id;
  std::string api;
  std::string method = "GET";
  std::string format = "text";
  bool format_given = false;  // --format was on the command line (else -o FILE's extension)
  bool no_progress = false;   // --no-progress
  std::string checks;
  std::vector<std::string> checks_dirs;
  std::string color = "auto";
  bool stats = false;
  std::string explain_id;
  bool probe = false;
  bool client_secret_stdin = false;
  std::string output;                // -o FILE: the --format report goes there, not to stdout
  std::vector<std::string> reports;  // --report FORMAT=FILE
  bool sarif_on_error = false;       // --sarif-on-error: SARIF of an incomplete run (exit 2) too
  bool quiet = false;                // -q, --quiet: text and Markdown show only non-pass results
  std::string fail_on = "fail";
  std::string severity_threshold = "info";
  std::string tags;
  std::string waivers;
  std::string today;  // hidden --today YYYY-MM-DD: the date waivers and dates are judged by
  bool concurrency_given = false;  // --concurrency was given (else: enough for two round trips)
  std::string caller_ip;           // --caller-ip ADDR: judged against IP Address Access Control
  int dormant_days = 0;            // --dormant-days N: 0 = each check's own period
  double require_coverage = -1;    // --require-coverage PCT: -1 = not given (every check must run)
  std::vector<std::string> doctor_suites;     // sncheck doctor [SUITE...]
  bool print_role = false;                    // sncheck doctor --print-role
  std::string role_name = "sncheck_auditor";  // sncheck doctor --role-name
};

// One report to write: a format and where (empty path: standard output).
struct ReportTarget {
  std::string format;
  std::string path;
};

void add_catalog_options(CLI::App& command, Options& options);
// --format FORMAT (any case; the last one given wins) over these formats.
void add_format_option(CLI::App& command, Options& options, const std::vector<std::string>& formats,
                       const std::string& description);
// --color WHEN (auto, always, never; any case), in the Output group.
void add_color_option(CLI::App& command, Options& options);
// A duration option's check ("30", "5s", "2m", "2000ms"): the value becomes whole seconds before
// CLI11 converts it, or is refused with the reason.
CLI::Validator duration(long max_seconds);
// --timeout DURATION (30, 5s, 2m).
void add_timeout_option(CLI::App& command, Options& options);
void add_connection_options(CLI::App& command, Options& options);
void add_profile_options(CLI::App& command, Options& options);
void add_snapshot_output_option(CLI::App& command, Options& options);
// Everything an audit subcommand takes (connection, selection, output, gating, diagnostics).
void add_run_options(CLI::App& command, Options& options);

}  // namespace sncheck
