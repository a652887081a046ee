#include "cli/options.h"

#include "report/report.h"

namespace sncheck {

void add_catalog_options(CLI::App& command, Options& options) {
  command
      .add_option("--checks-dir", options.checks_dirs,
                  "Also load the *.json checks in DIR (repeatable)")
      ->type_name("DIR");
}

void add_connection_options(CLI::App& command, Options& options) {
  auto& c = options.connection;
  command.add_option("--instance", c.instance,
                     "Instance: name (acme), host or URL [env SN_INSTANCE, SN_HOST]");
  command.add_option("--user", c.user, "User sncheck reads with (basic auth) [env SN_USERNAME]");
  command.add_flag("--password-stdin", c.password_stdin,
                   "Read the password from standard input [else env SN_PASSWORD]");
  command
      .add_option("--password-file", c.password_file,
                  "Read the password from FILE (must be private to its owner)")
      ->type_name("FILE");
  command.add_flag("--token-stdin", c.token_stdin,
                   "Read a bearer token from standard input [else env SN_TOKEN]");
  command.add_option("--ca-bundle", c.ca_bundle, "Verify TLS with the CA certificates in FILE")
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  command
      .add_option("--secret-timeout", c.secret_timeout_seconds,
                  "Seconds a profile's secret command may take (default: its own, else 10)")
      ->check(CLI::PositiveNumber);
  command.add_option("--timeout", c.timeout_seconds, "Seconds allowed per request (default 30)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->each([&c](const std::string&) { c.timeout_given = true; });
  command
      .add_option("--deadline", options.source.deadline_seconds,
                  "Seconds the whole run may take, every request included (default 300)")
      ->check(CLI::Range(1L, 86400L));
  command
      .add_option("--concurrency", options.source.concurrency,
                  "Requests in flight at once, per instance (default: enough for the first wave "
                  "to take two round trips, 4 to 8)")
      ->check(CLI::Range(1, 16))
      ->each([&options](const std::string&) { options.concurrency_given = true; });
  // Tri-state: neither flag is Auto (batches when more GETs are ready than --concurrency).
  auto* batch = command.add_flag_callback(
      "--batch", [&options] { options.source.batch = BatchMode::Always; },
      "Send page GETs as Batch API requests (POST /api/now/v1/batch, every item a GET: still "
      "read-only) whenever two or more are ready");
  auto* no_batch = command.add_flag_callback(
      "--no-batch", [&options] { options.source.batch = BatchMode::Never; },
      "Never use the Batch API: one GET per page (default: batches only when more GETs are "
      "ready than --concurrency)");
  batch->excludes(no_batch);
  command
      .add_option("--page-size", options.source.page_size,
                  "Rows per page (sysparm_limit, default 1000)")
      ->check(CLI::Range(1, 10000));
  command
      .add_option("--max-response-mb", options.source.max_response_mb,
                  "Refuse an answer body larger than this many MiB (default 64)")
      ->check(CLI::Range(1, 1024));
  command
      .add_option("--config", options.source.config_path,
                  "Profiles file (default $XDG_CONFIG_HOME/sncheck/config.json)")
      ->type_name("FILE");
}

void add_profile_options(CLI::App& command, Options& options) {
  command
      .add_option("--profile", options.source.profiles,
                  "Audit the instance of this profile; repeat to audit several concurrently")
      ->type_name("NAME");
  command
      .add_option("--save-snapshot", options.source.save_snapshot,
                  "Record every Table API answer (secrets removed) into FILE")
      ->type_name("FILE");
  command
      .add_option("--snapshot", options.source.snapshot,
                  "Replay a recorded snapshot offline instead of reading an instance")
      ->type_name("FILE");
}

void add_run_options(CLI::App& command, Options& options) {
  add_connection_options(command, options);
  add_catalog_options(command, options);
  command.add_option("--client-id", options.client_id,
                     "Diagnose this OAuth client only (the Client ID of its registry entry)");
  command.add_flag("--probe", options.probe,
                   "Also send a real client_credentials token request for --client-id (POST "
                   "/oauth_token.do; the token is never shown or kept)");
  command.add_flag("--client-secret-stdin", options.client_secret_stdin,
                   "With --probe: read the client secret from standard input [else env "
                   "SN_CLIENT_SECRET]");
  command
      .add_option("--api", options.api,
                  "Predict the answer to a Bearer call of this Scripted REST resource "
                  "(/api/<namespace>/<api_id>/<path>); needs --client-id")
      ->type_name("PATH");
  command.add_option("--method", options.method, "HTTP method of the --api call (default GET)")
      ->check(CLI::IsMember({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}));
  command
      .add_option("--caller-ip", options.caller_ip,
                  "With --api: the address the external system calls from, judged against the "
                  "IP Address Access Control rules (else they are a warning when any deny)")
      ->type_name("ADDR");
  command.add_option(
      "--checks", options.checks,
      "Ordered glob list of check ids; '-' excludes (e.g. 'oauth.*,-oauth.plugin.*')");
  command.add_option("--format", options.format, "Report format on stdout (or -o FILE)")
      ->check(CLI::IsMember(report_formats()));
  command.add_option("-o,--output", options.output, "Write the --format report to FILE")
      ->type_name("FILE");
  command
      .add_option("--report", options.reports,
                  "Also write a report: FORMAT=FILE, e.g. junit=out.xml (repeatable)")
      ->type_name("FORMAT=FILE");
  command.add_flag("--sarif-on-error", options.sarif_on_error,
                   "Write the SARIF report of an incomplete run (exit 2) too; by default it is "
                   "not written, as its upload would close the open alerts");
  command.add_flag("-q,--quiet", options.quiet,
                   "Text and Markdown reports show only results that are not pass");
  command.add_option("--fail-on", options.fail_on, "fail (default) or warn: warnings fail too")
      ->check(CLI::IsMember({"fail", "warn"}));
  command
      .add_option("--severity-threshold", options.severity_threshold,
                  "Findings of a lower severity are reported but do not fail the run "
                  "(info, low, medium, high, critical; default info)")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  command.add_option("--tags", options.tags, "Only checks carrying any of these tags (a,b)");
  command
      .add_option("--waivers", options.waivers,
                  "Approved exceptions (JSON): waived findings are reported, not failed")
      ->type_name("FILE");
  command.add_option("--today", options.today, "Date waivers and dates are judged by (tests)")
      ->group("");
  command
      .add_option("--dormant-days", options.dormant_days,
                  "Days without a login after which an integration account counts as dormant "
                  "(default: each check's own, 90)")
      ->check(CLI::Range(1, 36500));
  command
      .add_option("--require-coverage", options.require_coverage,
                  "Each suite must evaluate at least PCT% of its checks; below: exit 2. Errors "
                  "within it do not make the run incomplete (default: every check, 100)")
      ->type_name("PCT")
      ->check(CLI::Range(0.0, 100.0));
  command.add_option("--color", options.color, "Colour: auto (only on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  add_profile_options(command, options);
  command.add_flag("-v,--verbose", options.source.verbose,
                   "Say where each setting came from and log each request on stderr");
  command.add_flag("--stats", options.stats,
                   "Print one line of run figures (requests, connections, bytes, times) on stderr");
}

}  // namespace sncheck
