#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "cli/diff_command.h"
#include "cli/instance_url.h"
#include "cli/multi_run.h"
#include "core/version.h"
#include "evaluate/check_loader.h"
#include "evaluate/engine.h"
#include "fetch/table_client.h"
#include "fetch/token_probe.h"
#include "plan/selection.h"
#include "query/encoded_query.h"
#include "query/rest_path.h"
#include "report/check_docs.h"
#include "report/report.h"
#include "report/waivers.h"

namespace sncheck {
namespace {

constexpr int kExitCannotRun = 2;

constexpr const char* kExamples = R"(Examples:
  # Why does client_credentials get 401? (password from the environment)
  SN_PASSWORD=... sncheck oauth --instance acme --user audit.reader
  # One client, as JSON for a pipeline
  sncheck oauth --instance acme.service-now.com --user audit.reader \
      --password-file ~/.sn-pass --client-id 3f2a... --format json
  # Ask the token endpoint itself (the only request that is not a GET)
  SN_CLIENT_SECRET=... sncheck oauth --instance acme --user audit.reader \
      --client-id 3f2a... --probe
  # Everything but the plugin checks
  sncheck oauth --instance acme --user audit.reader --checks 'oauth.*,-oauth.plugin.*'
  # Will a Bearer GET of a Scripted REST resource with this client's token get 200, 401 or 403?
  sncheck oauth --instance acme --user audit.reader --client-id 3f2a... \
      --api /api/x_acme/inventory/items/42
  # Test and production at once, from profiles in ~/.config/sncheck/config.json
  sncheck oauth --profile acme-test --profile acme-prod
  # Record an audit, replay it offline, compare two instances' OAuth configuration
  sncheck oauth --profile acme-prod --save-snapshot prod.json
  sncheck oauth --snapshot prod.json
  sncheck diff acme-test prod.json
  # A pipeline gate: text on stdout, JUnit and SARIF files, approved exceptions waived
  sncheck oauth --instance acme --user audit.reader --severity-threshold high \
      --waivers waivers.json --report junit=sncheck.xml --report sarif=sncheck.sarif
  sncheck checks                # list every check
  sncheck explain oauth.registry.app_user

Exit codes: 0 nothing fails the run (warnings, waived and below-threshold
findings allowed), 1 a check failed (a warning too with --fail-on warn),
2 nothing failed but the audit is incomplete, or sncheck could not run.)";

struct Options {
  SourceOptions source;
  ConnectionFlags& connection = source.connection;
  std::string diff_a;
  std::string diff_b;
  std::string client_id;
  std::string api;
  std::string method = "GET";
  std::string format = "text";
  std::string checks;
  std::vector<std::string> checks_dirs;
  std::string color = "auto";
  bool stats = false;
  std::string explain_id;
  bool probe = false;
  bool client_secret_stdin = false;
  std::string output;                // -o FILE: the --format report goes there, not to stdout
  std::vector<std::string> reports;  // --report FORMAT=FILE
  std::string fail_on = "fail";
  std::string severity_threshold = "info";
  std::string tags;
  std::string waivers;
  std::string today;  // hidden --today YYYY-MM-DD: the date waivers are judged by (tests)
};

// One report to write: a format and where (empty path: standard output).
struct ReportTarget {
  std::string format;
  std::string path;
};

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
  command.add_option("--timeout", c.timeout_seconds, "Seconds allowed per request (default 30)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
      ->each([&c](const std::string&) { c.timeout_given = true; });
  command
      .add_option("--concurrency", options.source.concurrency,
                  "Requests in flight at once, per instance (default 4)")
      ->check(CLI::Range(1, 16));
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
  command.add_option("--today", options.today, "Date waivers are judged by (tests)")->group("");
  command.add_option("--color", options.color, "Colour: auto (only on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  add_profile_options(command, options);
  command.add_flag("-v,--verbose", options.source.verbose,
                   "Say where each setting came from and log each request on stderr");
  command.add_flag("--stats", options.stats,
                   "Print one line of run figures (requests, connections, bytes, times) on stderr");
}

CheckCatalog load_catalog(const Options& options) {
  // The registry outlives every catalog: catalogs point into it.
  static const EvaluatorRegistry evaluators = [] {
    EvaluatorRegistry registry;
    register_builtin_evaluators(registry);
    return registry;
  }();
  return CheckCatalog::load(evaluators, options.checks_dirs);
}

bool use_color(const Options& options, const Io& io) {
  if (options.color == "always") return true;
  if (options.color == "never") return false;
  std::optional<std::string> no_color = io.env("NO_COLOR");
  return io.out_is_tty && !(no_color && !no_color->empty());
}

// --api /api/<namespace>/<api_id>/<path>: the values the oauth.api.* checks read and narrow by.
void add_api_params(const Options& options, RunParams& params) {
  if (options.client_id.empty()) {
    throw SettingsError("--api needs --client-id: the prediction is for that client's token");
  }
  std::string problem;
  std::optional<ApiPath> path = parse_api_path(options.api, &problem);
  if (!path) throw SettingsError(fmt::format("--api {}: {}", options.api, problem));
  if (std::string unsafe = unsafe_query_list_item(path->namespace_); !unsafe.empty()) {
    throw SettingsError(fmt::format("--api: the namespace {}", unsafe));
  }
  params.values["api_path"] = path->text;
  params.values["api_namespace"] = path->namespace_;
  params.values["api_method"] = options.method;
}

RunParams run_params(const Options& options, const std::string& instance_url) {
  RunParams params;
  params.instance_url = instance_url;
  if (!options.client_id.empty()) {
    if (std::string problem = unsafe_query_value(options.client_id); !problem.empty()) {
      throw SettingsError(fmt::format("--client-id: {}", problem));
    }
    params.values["client_id"] = options.client_id;
  }
  if (!options.api.empty()) add_api_params(options, params);
  return params;
}

void check_probe_options(const Options& options) {
  if (options.probe && options.client_id.empty()) {
    throw SettingsError("--probe needs --client-id: the token request is made for one client");
  }
  if (options.client_secret_stdin && !options.probe) {
    throw SettingsError("--client-secret-stdin is only used with --probe");
  }
  if (options.client_secret_stdin &&
      (options.connection.password_stdin || options.connection.token_stdin)) {
    throw SettingsError(
        "standard input can carry one secret: use SN_PASSWORD (or --password-file) with "
        "--client-secret-stdin, or SN_CLIENT_SECRET with --password-stdin");
  }
  if (options.probe && (options.source.profiles.size() > 1 || !options.source.snapshot.empty())) {
    throw SettingsError(
        "--probe asks one live instance: it cannot be combined with several --profile or "
        "--snapshot");
  }
}

// With --probe: the token request, run in the fetch stage. The secret is wiped once it is sent.
Prober make_prober(const Options& options, const ConnectionSettings& settings, Io& io) {
  if (!options.probe) return {};
  std::vector<std::string> provenance;
  auto config = std::make_shared<TokenProbeConfig>();
  config->client_secret =
      resolve_client_secret(options.client_secret_stdin, io.env, io.in, provenance);
  config->base_url = settings.instance_url;
  config->ca_bundle = settings.ca_bundle;
  config->timeout_seconds = settings.timeout_seconds;
  config->client_id = options.client_id;
  if (!options.api.empty()) {
    config->api_method = options.method;
    config->api_path = options.api;
  }
  if (options.source.verbose) {
    for (const std::string& line : provenance) io.err << "sncheck: " << line << '\n';
  }
  return [config, &io, verbose = options.source.verbose] {
    if (verbose) io.err << "sncheck: POST " << config->base_url << "/oauth_token.do (--probe)\n";
    TokenProbeOutcome outcome = probe_token(*config);
    wipe(config->client_secret);
    if (verbose && outcome.api_called) {
      io.err << "sncheck: " << config->api_method << " " << config->base_url << config->api_path
             << " (--probe, Bearer) -> " << outcome.api_status << '\n';
    }
    return outcome;
  };
}

std::vector<ReportTarget> report_targets(const Options& options) {
  std::vector<ReportTarget> targets{{options.format, options.output}};
  for (const std::string& spec : options.reports) {
    std::size_t equals = spec.find('=');
    std::string format = spec.substr(0, equals);
    const auto& known = report_formats();
    if (equals == std::string::npos || equals + 1 == spec.size() ||
        std::find(known.begin(), known.end(), format) == known.end()) {
      throw SettingsError(fmt::format("--report '{}': expected FORMAT=FILE with FORMAT one of {}",
                                      spec, fmt::join(known, ", ")));
    }
    targets.push_back({format, spec.substr(equals + 1)});
  }
  return targets;
}

// Opens every report file before the audit runs, so a bad path fails fast, not after the reads.
std::vector<std::unique_ptr<std::ofstream>> open_reports(const std::vector<ReportTarget>& targets) {
  std::vector<std::unique_ptr<std::ofstream>> files;
  for (const ReportTarget& target : targets) {
    if (target.path.empty()) {
      files.push_back(nullptr);
      continue;
    }
    auto file = std::make_unique<std::ofstream>(target.path, std::ios::binary | std::ios::trunc);
    if (!*file) throw SettingsError(fmt::format("{}: cannot be written", target.path));
    files.push_back(std::move(file));
  }
  return files;
}

GatePolicy gate_policy(const Options& options) {
  GatePolicy gate;
  gate.warn_fails = options.fail_on == "warn";
  gate.threshold = parse_severity(options.severity_threshold).value_or(Severity::Info);
  return gate;
}

std::string judging_date(const Options& options) {
  if (options.today.empty()) return today_utc();
  if (!is_iso_date(options.today)) {
    throw SettingsError(
        fmt::format("--today: '{}' is not a date written YYYY-MM-DD", options.today));
  }
  return options.today;
}

void write_reports(const std::vector<ReportTarget>& targets,
                   const std::vector<std::unique_ptr<std::ofstream>>& files, ReportContext context,
                   bool color_on_stdout, Io& io) {
  for (std::size_t i = 0; i < targets.size(); ++i) {
    std::ostream& out = files[i] ? *files[i] : io.out;
    context.color = files[i] ? false : color_on_stdout;
    write_report(targets[i].format, out, context);
    out.flush();
    if (!out) throw SettingsError(fmt::format("{}: writing failed", targets[i].path));
  }
}

// The process's peak resident set (VmHWM) in KiB, -1 where /proc is not available. Not
// getrusage: its ru_maxrss also counts the memory of the process that exec'ed sncheck.
long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// One line, key=value, on stderr only: stdout stays the report (a JSON document with --format
// json). Scripts such as bench/ parse it, so keys are only ever added, never renamed.
void write_stats(std::ostream& err, std::size_t checks, const RunOutcome& outcome,
                 const FetchStats& stats, double run_seconds) {
  err << fmt::format(
      "sncheck stats: checks={} results={} tables={} requests={} retries={} connections={} "
      "bytes={} fetch_ms={:.1f} longest_request_ms={:.1f} wall_ms={:.1f} peak_rss_kb={}\n",
      checks, outcome.results.size(), outcome.requests_planned, stats.requests, stats.retries,
      stats.connections, stats.bytes, stats.wall_seconds * 1000.0,
      stats.longest_request_seconds * 1000.0, run_seconds * 1000.0, peak_rss_kb());
}

int run_suite(const std::string& suite, const Options& options, Io& io) {
  auto started = std::chrono::steady_clock::now();
  check_probe_options(options);
  CheckCatalog catalog = load_catalog(options);
  std::string today = judging_date(options);
  std::vector<Waiver> waivers;
  if (!options.waivers.empty()) waivers = load_waivers(options.waivers);
  std::vector<ReportTarget> targets = report_targets(options);
  RunParams base = run_params(options, "");
  std::vector<const CheckDefinition*> selected = filter_by_tags(
      select_checks(catalog.checks(), suite, options.checks,
                    [&base](const std::string& name) { return base.find(name) != nullptr; }),
      catalog.checks(), options.tags);
  Audit audit = [&](const std::string& instance_url, const Fetcher& fetch,
                    const ConnectionSettings* settings) {
    RunParams params = base;
    params.instance_url = instance_url;
    Prober prober = settings != nullptr ? make_prober(options, *settings, io) : Prober{};
    return run_checks(catalog, selected, params, fetch, prober);
  };
  std::vector<std::unique_ptr<std::ofstream>> files = open_reports(targets);
  SourceOptions source = options.source;
  source.progress = io.err_is_tty;
  CombinedRun run = run_audits(source, audit, io.in, io.err, io.env);
  // Waivers name their instance (or any): applied once over every instance's results.
  apply_waivers(run.outcome.results, waivers, today);
  GatePolicy gate = gate_policy(options);
  ReportContext context{run.label,         suite,         &run.outcome, run.stats, false,
                        options.client_id, run.instances, gate,         today};
  write_reports(targets, files, context, use_color(options, io), io);
  if (options.stats) {
    write_stats(io.err, selected.size(), run.outcome, run.stats.value_or(FetchStats{}),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return exit_code(run.outcome, gate);
}

int list_checks(const Options& options, Io& io) {
  CheckCatalog catalog = load_catalog(options);
  std::vector<const CheckDefinition*> selected =
      select_checks(catalog.checks(), "", options.checks, [](const std::string&) { return true; });
  if (options.format == "json") {
    write_check_list_json(io.out, selected);
    return 0;
  }
  for (const CheckDefinition* check : selected) {
    io.out << fmt::format("{:<36} {:<8} {}\n", check->id, to_string(check->severity), check->title);
  }
  return 0;
}

int explain(const Options& options, Io& io) {
  CheckCatalog catalog = load_catalog(options);
  const CheckDefinition* check = catalog.find(options.explain_id);
  if (check == nullptr) {
    io.err << fmt::format("sncheck: no check '{}'; `sncheck checks` lists them\n",
                          options.explain_id);
    return kExitCannotRun;
  }
  io.out << render_check_doc(catalog, *check);
  return 0;
}

}  // namespace

int run_cli(int argc, const char* const* argv, Io& io) {
  CLI::App app{"sncheck: why does a ServiceNow OAuth integration fail, and what to change"};
  app.footer(kExamples);
  app.set_version_flag("--version", fmt::format("{} {}", kToolName, kToolVersion));
  app.require_subcommand(1);
  Options options;

  CLI::App* oauth = app.add_subcommand(
      "oauth",
      "Check the inbound OAuth client-credentials chain (plugins, properties, registry, user)");
  add_run_options(*oauth, options);
  oauth->footer(kExamples);

  CLI::App* checks = app.add_subcommand("checks", "List every check (id, severity, title)");
  add_catalog_options(*checks, options);
  checks->add_option("--checks", options.checks, "Ordered glob list of check ids; '-' excludes");
  checks->add_option("--format", options.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));

  CLI::App* explain_cmd = app.add_subcommand("explain", "Print a check's documentation");
  explain_cmd->add_option("id", options.explain_id, "Check id")->required();
  add_catalog_options(*explain_cmd, options);

  CLI::App* diff = app.add_subcommand(
      "diff", "Compare two instances' OAuth configuration (each a profile or a snapshot file)");
  diff->add_option("a", options.diff_a, "Profile name or snapshot file (A)")->required();
  diff->add_option("b", options.diff_b, "Profile name or snapshot file (B)")->required();
  diff->add_option("--format", options.format, "Report format")
      ->check(CLI::IsMember({"text", "json"}));
  diff->add_option("--config", options.source.config_path, "Profiles file")->type_name("FILE");
  diff->add_option("--timeout", options.connection.timeout_seconds, "Seconds allowed per request")
      ->each([&options](const std::string&) { options.connection.timeout_given = true; });
  diff->add_option("--ca-bundle", options.connection.ca_bundle, "Verify TLS with the CA in FILE")
      ->type_name("FILE");
  diff->add_flag("-v,--verbose", options.source.verbose, "Say where each setting came from");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11's own codes (100+) would break the documented contract; map them.
    std::ostringstream out, err;
    int code = app.exit(error, out, err);
    io.out << out.str();
    io.err << err.str();
    return code == 0 ? 0 : kExitCannotRun;
  }

  try {
    if (oauth->parsed()) return run_suite("oauth", options, io);
    if (checks->parsed()) return list_checks(options, io);
    if (explain_cmd->parsed()) return explain(options, io);
    if (diff->parsed()) {
      return run_diff(options.source, options.diff_a, options.diff_b, options.format, io);
    }
  } catch (const std::exception& error) {
    io.err << "sncheck: " << error.what() << '\n';
    return kExitCannotRun;
  }
  return kExitCannotRun;
}

}  // namespace sncheck
