// SPDX-License-Identifier: Apache-2.0
#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <sstream>

#include <fmt/format.h>

#include "cli/audit_command.h"
#include "cli/catalog_commands.h"
#include "cli/completion.h"
#include "cli/diff_command.h"
#include "cli/doctor_command.h"
#include "cli/file_checks.h"
#include "cli/help_format.h"
#include "cli/mistakes.h"
#include "cli/multi_run.h"
#include "cli/options.h"
#include "cli/secret_flags.h"
#include "core/version.h"
#include "fetch/table_client.h"

namespace sncheck {
namespace {

constexpr int kExitCannotRun = 2;

constexpr const char* kExitCodes =
    R"(Exit codes: 0 nothing fails the run (warnings, waived and below-threshold
findings allowed), 1 a check failed (a warning too with --fail-on warn),
2 nothing failed but the audit is incomplete, or sncheck could not run.)";

std::string general_footer(const CheckCatalog& catalog) {
  std::string text = "Suites (each a subcommand):\n";
  for (const SuiteDescriptor& suite : catalog.suites()) {
    text += fmt::format("  {:<12} {}\n", suite.name, suite.summary);
  }
  text +=
      "\nExamples:\n"
      "  sncheck audit                     # every suite in one run (one wave of reads)\n"
      "  sncheck doctor                    # can this account read all it needs?\n"
      "  sncheck checks                    # every check: id, severity, title\n"
      "  sncheck explain CHECK_ID          # what a check reads, decides, fixes\n"
      "  sncheck diff acme-test prod.json  # drift (profiles or snapshots)\n\n";
  return text + kExitCodes;
}

std::string suite_footer(const SuiteDescriptor& suite) {
  std::string text;
  if (!suite.examples.empty()) {
    text = "Examples:\n";
    for (const std::string& example : suite.examples) text += "  " + example + "\n";
    text += "\n";
  }
  return text + kExitCodes;
}

// The few lines of examples of a built-in command, then the exit codes (each command shows only
// its own examples, never the overview's).
std::string command_footer(const std::vector<const char*>& examples) {
  std::string text = "Examples:\n";
  for (const char* example : examples) text += fmt::format("  {}\n", example);
  return text + "\n" + kExitCodes;
}

constexpr const char* kReservedCommands[] = {"audit",   "doctor", "checks",
                                             "explain", "diff",   "help"};

bool is_reserved_command(const std::string& name) {
  for (const char* reserved : kReservedCommands) {
    if (name == reserved) return true;
  }
  return false;
}

std::string audit_footer(const CheckCatalog& catalog) {
  std::string text = "Runs the checks of every suite:";
  for (const SuiteDescriptor& suite : catalog.suites()) text += " " + suite.name;
  text +=
      ".\nEach report groups the results by suite, with each suite's root cause and coverage.\n\n"
      "Examples:\n"
      "  SN_PASSWORD=... sncheck audit --instance acme --user audit.reader\n"
      "  # a pre-deployment gate: high findings fail; 90% of each suite read\n"
      "  sncheck audit --severity-threshold high --require-coverage 90 --report sarif=audit.sarif\n"
      "  sncheck audit --checks 'hardening.*,rest.*'\n\n";
  return text + kExitCodes;
}

// --checks-dir may bring suites of their own, and every suite is a subcommand: the directories
// are needed before the parser is built.
std::vector<std::string> prescan_checks_dirs(int argc, const char* const* argv) {
  std::vector<std::string> dirs;
  const std::string flag = "--checks-dir";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == flag && i + 1 < argc) {
      dirs.emplace_back(argv[++i]);
    } else if (arg.rfind(flag + "=", 0) == 0) {
      dirs.push_back(arg.substr(flag.size() + 1));
    }
  }
  return dirs;
}

}  // namespace

int run_cli(int argc, const char* const* argv, Io& io) {
  if (std::optional<std::string> refused = refuse_secret_arguments(argc, argv)) {
    io.err << "sncheck: " << *refused << '\n';
    return kExitCannotRun;
  }
  CheckCatalog catalog;
  try {
    std::vector<std::string> checks_dirs = prescan_checks_dirs(argc, argv);
    for (const std::string& dir : checks_dirs) checks_dir_files(dir);  // no FIFO blocks the load
    catalog = load_catalog(checks_dirs);
  } catch (const std::exception& error) {
    io.err << "sncheck: " << error.what() << '\n';
    return kExitCannotRun;
  }
  CLI::App app{
      "sncheck: why a ServiceNow integration's authentication fails, what to change, and "
      "whether an instance is safe to connect integrations to"};
  app.formatter(make_help_formatter());
  app.footer(general_footer(catalog));
  app.set_version_flag("--version", fmt::format("{} {} ({})\n{}", kToolName, kToolVersion,
                                                kGitRevision, transport_versions()));
  app.set_help_all_flag("--help-all", "Print every subcommand's help (the man page)");
  app.require_subcommand(1);
  Options options;

  std::vector<std::pair<CLI::App*, const SuiteDescriptor*>> suite_commands;
  std::vector<const SuiteDescriptor*> all_suites;
  for (const SuiteDescriptor& suite : catalog.suites()) {
    if (is_reserved_command(suite.name)) {
      io.err << fmt::format("sncheck: {}: suite: '{}' is the name of a built-in command\n",
                            suite.origin, suite.name);
      return kExitCannotRun;
    }
    all_suites.push_back(&suite);
    CLI::App* command = app.add_subcommand(suite.name, suite.summary);
    add_run_options(*command, options);
    command->footer(suite_footer(suite));
    suite_commands.emplace_back(command, &suite);
  }

  CLI::App* audit = app.add_subcommand(
      "audit", "Run every suite in one plan (one request per table across suites)");
  add_run_options(*audit, options);
  audit->footer(audit_footer(catalog));

  CLI::App* doctor = app.add_subcommand(
      "doctor", "Check the connection, credentials, release and read access the suites need");
  add_doctor_options(*doctor, options);
  doctor->footer(command_footer(
      {"sncheck doctor --instance acme --user audit.reader  # every suite's tables",
       "sncheck doctor hardening                            # one suite's",
       "sncheck doctor --print-role > role.txt              # the role, step by step"}));

  CLI::App* checks = app.add_subcommand("checks", "List every check (id, severity, title)");
  add_catalog_options(*checks, options);
  checks->footer(command_footer({"sncheck checks --checks 'hardening.tls.*'",
                                 "sncheck checks --format json | jq -r '.[].id'"}));
  checks->add_option("--checks", options.checks, "Ordered glob list of check ids; '-' excludes")
      ->type_name("GLOBS");
  add_format_option(*checks, options, {"text", "json"}, "text or json");

  CLI::App* explain_cmd = app.add_subcommand("explain", "Print a check's documentation");
  explain_cmd->add_option("id", options.explain_id, "Check id")->type_name("CHECK_ID")->required();
  add_catalog_options(*explain_cmd, options);
  add_format_option(*explain_cmd, options, {"text", "markdown"},
                    "text (default on a terminal: plain, wrapped) or markdown (default otherwise: "
                    "the docs/checks page)");
  explain_cmd->get_option("--format")->group(kGroupOutput);
  add_color_option(*explain_cmd, options);
  explain_cmd->footer(command_footer({"sncheck explain hardening.tls.trust_all",
                                      "sncheck explain hardening.tls.trust_all > trust_all.md"}));

  CLI::App* diff = app.add_subcommand(
      "diff", "Compare two instances' configuration (each a profile or a snapshot file)");
  diff->add_option("a", options.diff_a, "Profile name or snapshot file (A)")
      ->type_name("A")
      ->required();
  diff->add_option("b", options.diff_b, "Profile name or snapshot file (B)")
      ->type_name("B")
      ->required();
  add_format_option(*diff, options, {"text", "json"}, "Report format: text or json");
  diff->add_option("--config", options.source.config_path,
                   "Profiles file (default $SNCHECK_CONFIG, else "
                   "$XDG_CONFIG_HOME/sncheck/config.json)")
      ->type_name("FILE");
  diff->add_option("--secret-timeout", options.connection.secret_timeout_seconds,
                   "Time a profile's secret command may take (default: its own, else 10s)")
      ->type_name("DURATION")
      ->transform(duration(3600));
  add_timeout_option(*diff, options);
  diff->add_option("--ca-bundle", options.connection.ca_bundle, "Verify TLS with the CA in FILE")
      ->type_name("FILE");
  diff->add_flag("-v,--verbose", options.source.verbose, "Say where each setting came from");
  add_catalog_options(*diff, options);
  diff->footer(
      command_footer({"sncheck diff acme-test acme-prod          # two profiles, read now",
                      "sncheck diff acme-test prod-snapshot.json # a profile and a snapshot"}));

  std::string shell;
  CLI::App* completion = app.add_subcommand("completion", "Print a shell completion script");
  completion->add_option("shell", shell, "bash, zsh or fish")->type_name("SHELL")->required();
  completion->group("");
  completion->footer("");  // for packagers: generated into the .deb and `cmake --install`

  if (argc < 2) {
    // Bare `sncheck`: the help, on stdout; but nothing ran, so exit 2 (a CI step whose command
    // word went missing must not pass as a clean audit).
    io.out << app.help();
    return kExitCannotRun;
  }
  if (std::optional<std::string> unknown = unknown_command(app, argc, argv)) {
    io.err << "sncheck: " << *unknown << '\n';
    return kExitCannotRun;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (std::optional<std::string> message = unknown_arguments(app, error, argc, argv)) {
      io.err << "sncheck: " << *message << '\n';
      return kExitCannotRun;
    }
    // CLI11's own codes (100+) would break the documented contract; map them.
    std::ostringstream out, err;
    int code = app.exit(error, out, err);
    io.out << out.str();
    if (!err.str().empty()) io.err << "sncheck: " << err.str();
    return code == 0 ? 0 : kExitCannotRun;
  }

  try {
    bool reads_instance = audit->parsed() || (doctor->parsed() && !options.print_role);
    for (const auto& [command, suite] : suite_commands) reads_instance |= command->parsed();
    if (reads_instance) {
      std::vector<std::string> notes;
      choose_default_profile(options.source, io.env, notes);
      if (options.source.verbose) {
        for (const std::string& note : notes) io.err << "sncheck: " << note << '\n';
      }
    }
    for (const auto& [command, suite] : suite_commands) {
      if (command->parsed()) return run_audit(catalog, suite->name, {suite}, options, io);
    }
    if (audit->parsed()) return run_audit(catalog, "audit", all_suites, options, io);
    if (doctor->parsed()) return run_doctor(catalog, options, io);
    if (checks->parsed()) return list_checks(catalog, options, io);
    if (completion->parsed()) {
      io.out << completion_script(app, catalog, shell);
      return 0;
    }
    if (explain_cmd->parsed()) return explain(catalog, options, io);
    if (diff->parsed()) {
      std::vector<const SuiteDescriptor*> suites;
      for (const SuiteDescriptor& suite : catalog.suites()) suites.push_back(&suite);
      return run_diff(options.source, suites, options.diff_a, options.diff_b, options.format, io);
    }
  } catch (const std::exception& error) {
    io.err << "sncheck: " << error.what() << '\n';
    return kExitCannotRun;
  }
  return kExitCannotRun;
}

}  // namespace sncheck
