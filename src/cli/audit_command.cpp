// SPDX-License-Identifier: Apache-2.0
#include "cli/audit_command.h"

#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "cli/config_file.h"
#include "cli/file_checks.h"
#include "cli/run_warnings.h"
#include "cli/terminal_prompt.h"
#include "cli/terminal_style.h"
#include "core/atomic_file.h"
#include "core/ip_address.h"
#include "core/secret_registry.h"
#include "core/secrets.h"
#include "drift/drift.h"
#include "fetch/token_probe.h"
#include "plan/plan.h"
#include "plan/selection.h"
#include "query/encoded_query.h"
#include "query/rest_path.h"
#include "report/report.h"
#include "report/report_support.h"
#include "report/waivers.h"
#include "run/engine.h"

namespace sncheck {
namespace {

bool use_color(const Options& options, const Io& io) {
  return colour_wanted(options.color, io.out_is_tty, io.env);
}

// --api /api/<namespace>/<api_id>/<path>: the values the oauth.api.* checks read and narrow by.
void add_api_params(const Options& options, RunParams& params) {
  if (options.client_id.empty()) {
    throw UsageError("--api needs --client-id: the prediction is for that client's token");
  }
  std::string problem;
  std::optional<ApiPath> path = parse_api_path(options.api, &problem);
  if (!path) throw UsageError(fmt::format("--api {}: {}", options.api, problem));
  if (std::string unsafe = unsafe_query_list_item(path->namespace_); !unsafe.empty()) {
    throw UsageError(fmt::format("--api: the namespace {}", unsafe));
  }
  params.values["api_path"] = path->text;
  params.values["api_namespace"] = path->namespace_;
  params.values["api_method"] = options.method;
}

RunParams run_params(const Options& options, const std::string& instance_url,
                     const std::string& today) {
  RunParams params;
  params.instance_url = instance_url;
  params.values["today"] = today;
  if (options.dormant_days > 0)
    params.values["dormant_days"] = std::to_string(options.dormant_days);
  if (!options.client_id.empty()) {
    if (std::string problem = unsafe_query_value(options.client_id); !problem.empty()) {
      throw UsageError(fmt::format("--client-id: {}", problem));
    }
    params.values["client_id"] = options.client_id;
  }
  if (!options.api.empty()) add_api_params(options, params);
  if (!options.caller_ip.empty()) {
    if (!parse_ip_address(options.caller_ip)) {
      throw UsageError(fmt::format(
          "--caller-ip: '{}' is not an IPv4 or IPv6 address (no port, no prefix length)",
          options.caller_ip));
    }
    params.values["caller_ip"] = options.caller_ip;
  }
  return params;
}

void check_probe_options(const Options& options) {
  if (options.probe && options.client_id.empty()) {
    throw UsageError("--probe needs --client-id: the token request is made for one client");
  }
  if (options.client_secret_stdin && !options.probe) {
    throw UsageError("--client-secret-stdin is only used with --probe");
  }
  if (options.client_secret_stdin &&
      (options.connection.password_stdin || options.connection.token_stdin ||
       options.connection.read_client_secret_stdin)) {
    throw UsageError(
        "standard input can carry one secret: use SN_PASSWORD (or --password-file, or "
        "SN_CLIENT_SECRET for the reading client) with --client-secret-stdin, or "
        "SN_PROBE_CLIENT_SECRET with --password-stdin");
  }
  if (options.probe && (options.source.profiles.size() > 1 || !options.source.snapshot.empty())) {
    throw UsageError(
        "--probe asks one live instance: it cannot be combined with several --profile or "
        "--snapshot");
  }
}

// With --probe: the token request, run in the fetch stage. The secret is wiped once it is sent.
Prober make_prober(const Options& options, const ConnectionSettings& settings, Io& io) {
  if (!options.probe) return {};
  std::vector<std::string> provenance;
  auto config = std::make_shared<TokenProbeConfig>();
  std::string prompt;
  if (io.in_is_tty) {
    prompt = fmt::format("Client secret for {}@{}: ", options.client_id,
                         prompt_host(settings.instance_url));
  }
  config->client_secret =
      resolve_client_secret(options.client_secret_stdin, io.env, io.in, provenance, prompt);
  // What the Basic header of the token request carries, so an echo of it is redacted too.
  register_credential_pair(options.client_id, config->client_secret);
  config->base_url = settings.instance_url;
  config->ca_bundle = settings.ca_bundle;
  config->timeout_seconds = settings.timeout_seconds;
  config->deadline = run_deadline(options.source);
  config->deadline_seconds = options.source.deadline_seconds;
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

// Creates every report file's temporary before the audit runs, so a bad path fails fast, not
// after the reads; each is renamed over its path only once every report is written.
std::vector<std::unique_ptr<AtomicFile>> open_reports(const std::vector<ReportTarget>& targets) {
  std::vector<std::unique_ptr<AtomicFile>> files;
  for (const ReportTarget& target : targets) {
    files.push_back(target.path.empty() ? nullptr
                                        : std::make_unique<AtomicFile>(target.path, target.path));
  }
  return files;
}

// Every file the run reads (each must be a regular file) and writes (none twice, none an input),
// checked before anything is read.
void check_files(const Options& options, const std::vector<ReportTarget>& targets,
                 const EnvLookup& env) {
  const SourceOptions& source = options.source;
  std::vector<NamedPath> inputs{
      {source.connection.password_file, "--password-file"},
      {source.connection.read_client_secret_file, "--read-client-secret-file"},
      {source.connection.ca_bundle, "--ca-bundle"},
      {options.waivers, "--waivers"},
      {source.snapshot, "--snapshot"},
      {source.config_path, "--config"}};
  for (const std::string& dir : options.checks_dirs) {
    for (const std::string& file : checks_dir_files(dir)) inputs.push_back({file, "--checks-dir"});
  }
  if (!source.profiles.empty()) {
    std::string config_path =
        source.config_path.empty() ? default_config_path(env) : source.config_path;
    std::string config_what = source.config_path.empty() ? "the config file" : "--config";
    struct stat info {};
    if (::stat(config_path.c_str(), &info) == 0) {
      require_regular_file(config_path, config_what);
      if (source.config_path.empty()) inputs.push_back({config_path, config_what});
      ConfigFile config = load_config_file(config_path);
      for (const std::string& name : source.profiles) {
        const Profile& profile = find_profile(config, name);
        std::string field = fmt::format("profile {}", name);
        if (profile.secret.kind == SecretSource::Kind::File) {
          inputs.push_back({profile.secret.name, field + " secret file"});
        }
        inputs.push_back({profile.ca_bundle, field + " ca_bundle"});
      }
    }
  }
  std::vector<NamedPath> outputs;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    outputs.push_back({targets[i].path,
                       i == 0 ? std::string("-o") : fmt::format("--report {}", targets[i].format)});
  }
  outputs.push_back({source.save_snapshot, "--save-snapshot"});
  check_run_files(inputs, outputs);
}

GatePolicy gate_policy(const Options& options) {
  GatePolicy gate;
  gate.warn_fails = options.fail_on == "warn";
  gate.threshold = parse_severity(options.severity_threshold).value_or(Severity::Info);
  if (options.require_coverage >= 0) gate.require_coverage = options.require_coverage;
  return gate;
}

std::string judging_date(const Options& options) {
  if (options.today.empty()) return today_utc();
  if (!is_iso_date(options.today)) {
    throw UsageError(fmt::format("--today: '{}' is not a date written YYYY-MM-DD", options.today));
  }
  return options.today;
}

void write_reports(const std::vector<ReportTarget>& targets,
                   const std::vector<std::unique_ptr<AtomicFile>>& files, ReportContext context,
                   bool color_on_stdout, int stdout_width, Io& io) {
  std::vector<bool> withheld(targets.size(), false);
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (std::string why = withheld_report(targets[i].format, context); !why.empty()) {
      withheld[i] = true;
      io.err << fmt::format("sncheck: {}: {}\n",
                            files[i] ? targets[i].path : std::string("standard output"), why);
      continue;
    }
    std::ostream& out = files[i] ? files[i]->stream() : io.out;
    context.color = files[i] ? false : color_on_stdout;
    context.width = files[i] ? 80 : stdout_width;
    write_report(targets[i].format, out, context);
    out.flush();
    if (!out) {
      throw OutputError(fmt::format("{}: writing failed",
                                    files[i] ? targets[i].path : std::string("standard output")));
    }
  }
  // Every report is written: only now does any of them replace its file.
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i] && !withheld[i]) files[i]->commit();
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
                 const FetchStats& stats, double run_seconds, int concurrency) {
  // Round trips the plan needs at this concurrency without the Batch API, pages after the first
  // not counted (planned_round_trips; round_trips is what the run took): each
  // wave's requests go out `concurrency` at a time.
  std::size_t round_trips = 0;
  std::string waves;
  for (std::size_t requests : outcome.wave_requests) {
    auto in_flight = static_cast<std::size_t>(std::max(concurrency, 1));
    round_trips += (requests + in_flight - 1) / in_flight;
    waves += (waves.empty() ? "" : "+") + std::to_string(requests);
  }
  err << fmt::format(
      "sncheck stats: checks={} results={} tables={} requests={} retries={} connections={} "
      "bytes={} fetch_ms={:.1f} longest_request_ms={:.1f} wall_ms={:.1f} peak_rss_kb={} "
      "concurrency={} waves={} planned_round_trips={} round_trips={} batch_requests={} "
      "batch_items={}\n",
      checks, outcome.results.size(), outcome.requests_planned, stats.requests, stats.retries,
      stats.connections, stats.bytes, stats.wall_seconds * 1000.0,
      stats.longest_request_seconds * 1000.0, run_seconds * 1000.0, peak_rss_kb(), concurrency,
      waves.empty() ? "0" : waves, round_trips, stats.round_trips, stats.batch_requests,
      stats.batch_items);
}

// The default --concurrency: enough requests in flight for the first wave (one request per table)
// to take at most two round trips; never fewer than 4, never more than 8 in flight at once.
int default_concurrency(const std::vector<const CheckDefinition*>& selected,
                        const RunParams& params) {
  constexpr std::size_t kLeast = 4;
  constexpr std::size_t kMost = 8;
  std::size_t tables = build_plan(selected, params).requests.size();
  return static_cast<int>(std::clamp((tables + 1) / 2, kLeast, kMost));
}

}  // namespace

int run_audit(const CheckCatalog& catalog, const std::string& label,
              const std::vector<const SuiteDescriptor*>& suites, const Options& options, Io& io) {
  auto started = std::chrono::steady_clock::now();
  std::string started_utc = report::utc_timestamp_now();
  check_probe_options(options);
  std::string today = judging_date(options);
  std::vector<std::string> warnings, notes;
  std::vector<ReportTarget> targets = report_targets(options, warnings, notes);
  check_files(options, targets, io.env);
  std::vector<Waiver> waivers;
  if (!options.waivers.empty()) waivers = load_waivers(options.waivers);
  RunParams base = run_params(options, "", today);
  std::vector<std::string> names;
  for (const SuiteDescriptor* suite : suites) names.push_back(suite->name);
  std::vector<const CheckDefinition*> selected = filter_by_tags(
      select_checks(catalog.checks(), names, options.checks,
                    [&base](const std::string& name) { return base.find(name) != nullptr; }),
      catalog.checks(), options.tags);
  for (const std::vector<std::string>& more :
       {exclude_warnings(catalog, names, options.checks), waiver_warnings(catalog, waivers)}) {
    warnings.insert(warnings.end(), more.begin(), more.end());
  }
  for (const std::string& warning : warnings) io.err << "sncheck: warning: " << warning << '\n';
  if (options.source.verbose) {
    for (const std::string& note : notes) io.err << "sncheck: " << note << '\n';
  }
  Audit audit = [&](const std::string& instance_url, const Fetcher& fetch,
                    const ConnectionSettings* settings) {
    RunParams params = base;
    params.instance_url = instance_url;
    Prober prober = settings != nullptr ? make_prober(options, *settings, io) : Prober{};
    RunOutcome outcome = run_checks(catalog, selected, params, fetch, prober);
    // Evaluated in chain order (a prerequisite may belong to another suite); reported by suite,
    // in the order the suites were given, each in chain order.
    auto rank = [&names](const Result& result) {
      return std::find(names.begin(), names.end(), result.check->suite) - names.begin();
    };
    std::stable_sort(outcome.results.begin(), outcome.results.end(),
                     [&rank](const Result& a, const Result& b) { return rank(a) < rank(b); });
    return outcome;
  };
  std::vector<std::unique_ptr<AtomicFile>> files = open_reports(targets);
  SourceOptions source = options.source;
  source.progress = progress_wanted(io.err_is_tty, options.no_progress, io.env);
  source.connection.stdin_is_terminal = io.in_is_tty;
  if (!options.concurrency_given) source.concurrency = default_concurrency(selected, base);
  if (!source.save_snapshot.empty()) {
    // Every suite's drift items, whichever suites run: `sncheck diff` compares them all.
    std::vector<const SuiteDescriptor*> all;
    for (const SuiteDescriptor& suite : catalog.suites()) all.push_back(&suite);
    source.snapshot_extra_reads = drift_reads(all);
  }
  CombinedRun run = run_audits(source, audit, io.in, io.err, io.env);
  // Waivers name their instance (or any): applied once over every instance's results.
  apply_waivers(run.outcome.results, waivers, today);
  GatePolicy gate = gate_policy(options);
  ReportContext context{run.label, label,         &run.outcome, run.stats, false,
                        base,      run.instances, gate,         today,     names};
  context.started = started_utc;
  context.quiet = options.quiet;
  context.sarif_on_error = options.sarif_on_error;
  write_reports(targets, files, context, use_color(options, io), stdout_width(io), io);
  if (options.stats) {
    write_stats(io.err, selected.size(), run.outcome, run.stats.value_or(FetchStats{}),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                source.concurrency);
  }
  return exit_code(run.outcome, gate);
}

}  // namespace sncheck
