#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <memory>

#include <fmt/format.h>

#include "cli/instance_url.h"
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
  sncheck checks                # list every check
  sncheck explain oauth.registry.app_user

Exit codes: 0 all checks passed (warnings allowed), 1 a check failed,
2 nothing failed but the audit is incomplete, or sncheck could not run.)";

struct Options {
  ConnectionFlags connection;
  std::string client_id;
  std::string api;
  std::string method = "GET";
  std::string format = "text";
  std::string checks;
  std::vector<std::string> checks_dirs;
  int concurrency = 4;
  int page_size = 1000;
  int max_response_mb = 64;
  std::string color = "auto";
  bool verbose = false;
  std::string explain_id;
  bool probe = false;
  bool client_secret_stdin = false;
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
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  command
      .add_option("--concurrency", options.concurrency, "Requests in flight at once (default 4)")
      ->check(CLI::Range(1, 16));
  command
      .add_option("--page-size", options.page_size, "Rows per page (sysparm_limit, default 1000)")
      ->check(CLI::Range(1, 10000));
  command
      .add_option("--max-response-mb", options.max_response_mb,
                  "Refuse an answer body larger than this many MiB (default 64)")
      ->check(CLI::Range(1, 1024));
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
  command.add_option("--format", options.format, "Report format")
      ->check(CLI::IsMember({"text", "json"}));
  command.add_option("--color", options.color, "Colour: auto (only on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  command.add_flag("-v,--verbose", options.verbose,
                   "Say where each setting came from and log each request on stderr");
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

ClientConfig client_config(const ConnectionSettings& settings, const Options& options, Io& io) {
  ClientConfig config;
  config.base_url = settings.instance_url;
  config.credentials = settings.credentials;
  config.ca_bundle = settings.ca_bundle;
  config.timeout_seconds = settings.timeout_seconds;
  config.concurrency = options.concurrency;
  config.page_size = options.page_size;
  config.max_body_bytes = static_cast<std::size_t>(options.max_response_mb) * 1024u * 1024u;
  if (options.verbose) {
    config.log = [&io](const std::string& line) { io.err << "sncheck: " << line << '\n'; };
  }
  return config;
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
  if (options.verbose) {
    for (const std::string& line : provenance) io.err << "sncheck: " << line << '\n';
  }
  return [config, &io, verbose = options.verbose] {
    if (verbose) io.err << "sncheck: POST " << config->base_url << "/oauth_token.do (--probe)\n";
    TokenProbeOutcome outcome = probe_token(*config);
    wipe(config->client_secret);
    return outcome;
  };
}

int run_suite(const std::string& suite, const Options& options, Io& io) {
  check_probe_options(options);
  CheckCatalog catalog = load_catalog(options);
  ConnectionSettings settings = resolve_connection(options.connection, io.env, io.in);
  if (options.verbose) {
    for (const std::string& line : settings.provenance) io.err << "sncheck: " << line << '\n';
  }
  RunParams params = run_params(options, settings.instance_url);
  Prober prober = make_prober(options, settings, io);
  std::vector<const CheckDefinition*> selected =
      select_checks(catalog.checks(), suite, options.checks,
                    [&params](const std::string& name) { return params.find(name) != nullptr; });
  TableClient client(client_config(settings, options, io));
  RunOutcome outcome = run_checks(
      catalog, selected, params, [&client](const auto& reads) { return client.fetch_all(reads); },
      prober);
  ReportContext context{
      settings.instance_url, suite, &outcome, client.stats(), use_color(options, io),
      options.client_id};
  if (options.format == "json") {
    write_json_report(io.out, context);
  } else {
    write_text_report(io.out, context);
  }
  return exit_code(outcome);
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
  } catch (const std::exception& error) {
    io.err << "sncheck: " << error.what() << '\n';
    return kExitCannotRun;
  }
  return kExitCannotRun;
}

}  // namespace sncheck
