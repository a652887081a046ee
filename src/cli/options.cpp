// SPDX-License-Identifier: Apache-2.0
#include "cli/options.h"

#include "cli/help_format.h"
#include "cli/values.h"
#include "report/report.h"

namespace sncheck {
namespace {}  // namespace

CLI::Validator duration(long max_seconds) {
  return CLI::Validator(
      [max_seconds](std::string& value) {
        std::string problem;
        std::optional<long> seconds = parse_duration_seconds(value, max_seconds, &problem);
        if (!seconds) return problem;
        value = std::to_string(*seconds);
        return std::string();
      },
      "DURATION");
}

namespace {

// Enumerated values, in any case ("JSON", "High"): replaced by the canonical spelling; another
// value is refused as "--format: yaml not in {text,json,...}".
CLI::IsMember one_of(const std::vector<std::string>& values) {
  return CLI::IsMember(values, CLI::ignore_case);
}

}  // namespace

void add_format_option(CLI::App& command, Options& options, const std::vector<std::string>& formats,
                       const std::string& description) {
  command.add_option("--format", options.format, description)
      ->type_name("FORMAT")
      ->transform(one_of(formats))
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->each([&options](const std::string&) { options.format_given = true; });
}

void add_timeout_option(CLI::App& command, Options& options) {
  auto& c = options.connection;
  command
      .add_option("--timeout", c.timeout_seconds,
                  "Time allowed per request: 30, 30s, 2m (default 30s) [env SN_TIMEOUT]")
      ->type_name("DURATION")
      ->transform(duration(86400))
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->each([&c](const std::string&) { c.timeout_given = true; });
}

void add_catalog_options(CLI::App& command, Options& options) {
  command
      .add_option("--checks-dir", options.checks_dirs,
                  "Also load the *.json checks in DIR (repeatable)")
      ->type_name("DIR")
      ->group(kGroupSelection);
}

void add_color_option(CLI::App& command, Options& options) {
  command
      .add_option("--color", options.color,
                  "Colour: auto (a terminal, unless NO_COLOR or TERM=dumb), always, never")
      ->type_name("WHEN")
      ->transform(one_of({"auto", "always", "never"}))
      ->group(kGroupOutput);
}

void add_connection_options(CLI::App& command, Options& options) {
  auto& c = options.connection;
  auto group = [](CLI::Option* option) { return option->group(kGroupConnection); };
  group(command
            .add_option("--instance", c.instance,
                        "Instance: name (acme), host or URL [env SN_INSTANCE, SN_HOST]")
            ->type_name("NAME|URL"));
  group(command
            .add_option("--user", c.user, "User sncheck reads with (basic auth) [env SN_USERNAME]")
            ->type_name("USER"));
  group(command.add_flag("--password-stdin", c.password_stdin,
                         "Read the password from standard input [else env SN_PASSWORD]"));
  group(command
            .add_option("--password-file", c.password_file,
                        "Read the password from FILE (must be private to its owner)")
            ->type_name("FILE"));
  group(command.add_flag("--token-stdin", c.token_stdin,
                         "Read a bearer token from standard input [else env SN_TOKEN]"));
  group(command
            .add_option("--read-client-id", c.read_client_id,
                        "Read with OAuth client credentials: sncheck's own registry entry's Client "
                        "ID; its token is obtained and refreshed by sncheck [env SN_CLIENT_ID]")
            ->type_name("ID"));
  group(command.add_flag("--read-client-secret-stdin", c.read_client_secret_stdin,
                         "Read the reading client's secret from standard input [else env "
                         "SN_CLIENT_SECRET]"));
  group(command
            .add_option("--read-client-secret-file", c.read_client_secret_file,
                        "Read the reading client's secret from FILE (private to its owner)")
            ->type_name("FILE"));
  group(
      command.add_option("--ca-bundle", c.ca_bundle, "Verify TLS with the CA certificates in FILE")
          ->type_name("FILE")
          ->check(CLI::ExistingFile));
  group(command
            .add_option("--secret-timeout", c.secret_timeout_seconds,
                        "Time a profile's secret command may take (default: its own, else 10s)")
            ->type_name("DURATION")
            ->transform(duration(3600)));
  add_timeout_option(command, options);
  command.get_option("--timeout")->group(kGroupConnection);
  group(command
            .add_option("--deadline", options.source.deadline_seconds,
                        "Time the whole run may take, every request included (default 300s)")
            ->type_name("DURATION")
            ->transform(duration(86400)));
  group(command
            .add_option("--concurrency", options.source.concurrency,
                        "Requests in flight at once, per instance, 1 to 16 (default: enough for "
                        "the first wave to take two round trips, 4 to 8)")
            ->type_name("N")
            ->check(CLI::Range(1, 16))
            ->each([&options](const std::string&) { options.concurrency_given = true; }));
  // Tri-state: neither flag is Auto (batches when more GETs are ready than --concurrency).
  auto* batch = group(command.add_flag_callback(
      "--batch", [&options] { options.source.batch = BatchMode::Always; },
      "Send page GETs as Batch API requests (POST /api/now/v1/batch, every item a GET: still "
      "read-only) whenever two or more are ready"));
  auto* no_batch = group(command.add_flag_callback(
      "--no-batch", [&options] { options.source.batch = BatchMode::Never; },
      "Never use the Batch API: one GET per page (default: batches only when more GETs are "
      "ready than --concurrency)"));
  batch->excludes(no_batch);
  group(command
            .add_option("--page-size", options.source.page_size,
                        "Rows per page (sysparm_limit), 1 to 10000 (default 1000)")
            ->type_name("N")
            ->check(CLI::Range(1, 10000)));
  group(command
            .add_option("--max-response-mb", options.source.max_response_mb,
                        "Refuse an answer body larger than this many MiB, 1 to 1024 (default 64)")
            ->type_name("MIB")
            ->check(CLI::Range(1, 1024)));
  group(command
            .add_option("--config", options.source.config_path,
                        "Profiles file (default $SNCHECK_CONFIG, else "
                        "$XDG_CONFIG_HOME/sncheck/config.json)")
            ->type_name("FILE"));
}

void add_profile_options(CLI::App& command, Options& options) {
  command
      .add_option("--profile", options.source.profiles,
                  "Audit the instance of this profile; repeat to audit several concurrently "
                  "[env SNCHECK_PROFILE]")
      ->type_name("NAME")
      ->group(kGroupConnection);
  command
      .add_option("--snapshot", options.source.snapshot,
                  "Replay a recorded snapshot offline instead of reading an instance")
      ->type_name("FILE")
      ->group(kGroupConnection);
}

void add_snapshot_output_option(CLI::App& command, Options& options) {
  command
      .add_option("--save-snapshot", options.source.save_snapshot,
                  "Record every Table API answer (secrets removed) into FILE")
      ->type_name("FILE")
      ->group(kGroupOutput);
}

void add_run_options(CLI::App& command, Options& options) {
  add_connection_options(command, options);
  add_profile_options(command, options);
  add_catalog_options(command, options);
  auto in = [&command](const char* group, CLI::Option* option) {
    (void)command;
    return option->group(group);
  };
  in(kGroupSelection,
     command
         .add_option(
             "--checks", options.checks,
             "Ordered glob list of check ids; '-' excludes (e.g. 'hardening.*,-hardening.tls.*')")
         ->type_name("GLOBS"));
  in(kGroupSelection,
     command.add_option("--tags", options.tags, "Only checks carrying any of these tags (a,b)")
         ->type_name("TAGS"));
  in(kGroupSelection,
     command
         .add_option("--client-id", options.client_id,
                     "Diagnose this OAuth client only (the Client ID of its registry entry)")
         ->type_name("ID"));
  in(kGroupSelection,
     command.add_flag("--probe", options.probe,
                      "Also send a real client_credentials token request for --client-id (POST "
                      "/oauth_token.do; the token is never shown or kept)"));
  in(kGroupSelection,
     command.add_flag("--client-secret-stdin", options.client_secret_stdin,
                      "With --probe: read the probed client's secret from standard input [else "
                      "env SN_PROBE_CLIENT_SECRET]"));
  in(kGroupSelection,
     command
         .add_option("--api", options.api,
                     "Predict the answer to a Bearer call of this Scripted REST resource "
                     "(/api/<namespace>/<api_id>/<path>); needs --client-id")
         ->type_name("PATH"));
  in(kGroupSelection,
     command
         .add_option("--method", options.method,
                     "HTTP method of the --api call: GET (default), HEAD, POST, PUT, PATCH, DELETE")
         ->type_name("METHOD")
         ->transform(one_of({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})));
  in(kGroupSelection,
     command
         .add_option("--caller-ip", options.caller_ip,
                     "With --api: the address the external system calls from, judged against the "
                     "IP Address Access Control rules (else they are a warning when any deny)")
         ->type_name("ADDR"));
  in(kGroupSelection,
     command
         .add_option("--dormant-days", options.dormant_days,
                     "Days without a login after which an integration account counts as dormant, "
                     "1 to 36500 (default: each check's own, 90)")
         ->type_name("DAYS")
         ->check(CLI::Range(1, 36500)));
  add_format_option(command, options, report_formats(),
                    "Report format on stdout (or -o FILE): text, json, junit, sarif, markdown, "
                    "html; the last one given wins");
  command.get_option("--format")->group(kGroupOutput);
  in(kGroupOutput,
     command
         .add_option("-o,--output", options.output,
                     "Write the --format report to FILE (without --format, a .json, .sarif, "
                     ".xml, .html or .md name picks the format)")
         ->type_name("FILE"));
  add_snapshot_output_option(command, options);
  in(kGroupOutput,
     command
         .add_option("--report", options.reports,
                     "Also write a report: FORMAT=FILE, e.g. junit=out.xml (repeatable)")
         ->type_name("FORMAT=FILE"));
  in(kGroupOutput,
     command.add_flag("--sarif-on-error", options.sarif_on_error,
                      "Write the SARIF report of an incomplete run (exit 2) too; by default it is "
                      "not written, as its upload would close the open alerts"));
  in(kGroupOutput,
     command.add_flag("-q,--quiet", options.quiet,
                      "Text and Markdown reports show only results that are not pass"));
  add_color_option(command, options);
  in(kGroupOutput, command.add_flag("--no-progress", options.no_progress,
                                    "Draw no progress line on stderr (it is drawn only on a "
                                    "terminal, never with TERM=dumb)"));
  in(kGroupGating,
     command.add_option("--fail-on", options.fail_on, "fail (default) or warn: warnings fail too")
         ->type_name("LEVEL")
         ->transform(one_of({"fail", "warn"})));
  in(kGroupGating,
     command
         .add_option("--severity-threshold", options.severity_threshold,
                     "Findings of a lower severity are reported but do not fail the run "
                     "(info, low, medium, high, critical; default info)")
         ->type_name("SEVERITY")
         ->transform(one_of({"info", "low", "medium", "high", "critical"})));
  in(kGroupGating,
     command
         .add_option("--waivers", options.waivers,
                     "Approved exceptions (JSON): waived findings are reported, not failed")
         ->type_name("FILE"));
  in(kGroupGating,
     command
         .add_option("--require-coverage", options.require_coverage,
                     "Each suite must evaluate at least PCT% of its checks, 0 to 100; below: exit "
                     "2. Errors within it do not make the run incomplete (default: every check, "
                     "100)")
         ->type_name("PCT")
         ->check(CLI::Range(0.0, 100.0)));
  command.add_option("--today", options.today, "Date waivers and dates are judged by (tests)")
      ->group("");
  in(kGroupDiagnostics,
     command.add_flag("-v,--verbose", options.source.verbose,
                      "Say where each setting came from and log each request on stderr"));
  in(kGroupDiagnostics,
     command.add_flag("--stats", options.stats,
                      "Print one line of run figures (requests, connections, bytes, times) on "
                      "stderr"));
}

}  // namespace sncheck
