// SPDX-License-Identifier: Apache-2.0
#include "cli/doctor_command.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "cli/config_file.h"
#include "cli/multi_run.h"
#include "core/strings.h"
#include "evaluate/release.h"
#include "fetch/reading_session.h"
#include "fetch/table_client.h"

namespace sncheck {
namespace {

constexpr int kExitProblems = 2;

enum class Access { Ok, Empty, Withheld, Absent, Denied, Failed };

struct Probe {
  const TableNeed* need = nullptr;
  Access access = Access::Failed;
  std::string detail;
};

Probe classify(const TableNeed& need, const TableData& data) {
  Probe probe{&need, Access::Ok, {}};
  if (data.error) {
    const FetchError& error = *data.error;
    probe.access = error.kind == FetchErrorKind::InvalidTable ? Access::Absent
                   : error.kind == FetchErrorKind::Forbidden  ? Access::Denied
                                                              : Access::Failed;
    probe.detail = probe.access == Access::Absent
                       ? "not on this instance (400 Invalid table): its plugin is not installed; "
                         "the checks treat it so"
                       : error.message;
    return probe;
  }
  if (!data.rows.empty()) return probe;
  if (data.total_count > 0) {
    probe.access = Access::Withheld;
    probe.detail = fmt::format(
        "readable, but rows are withheld: X-Total-Count says {} and the first row did not come "
        "back (row ACLs or read roles hide some rows)",
        data.total_count);
    return probe;
  }
  probe.access = Access::Empty;
  probe.detail = "readable (no rows)";
  return probe;
}

std::string_view marker(Access access) {
  switch (access) {
    case Access::Ok:
    case Access::Empty:
      return "ok";
    case Access::Withheld:
      return "PARTIAL";
    case Access::Absent:
      return "absent";
    case Access::Denied:
      return "DENIED";
    case Access::Failed:
      return "FAILED";
  }
  return "?";
}

bool is_problem(Access access) {
  return access == Access::Withheld || access == Access::Denied || access == Access::Failed;
}

// "a.check, b.check, c.check and 3 more".
std::string checks_words(const std::set<std::string>& checks) {
  std::vector<std::string> shown(checks.begin(), checks.end());
  std::size_t more = shown.size() > 3 ? shown.size() - 3 : 0;
  shown.resize(std::min<std::size_t>(shown.size(), 3));
  std::string text = fmt::format("{}", fmt::join(shown, ", "));
  if (more > 0) text += fmt::format(" and {} more", more);
  return text;
}

std::string credentials_words(const ConnectionSettings& settings) {
  switch (settings.credentials.kind) {
    case Credentials::Kind::Basic:
      return fmt::format("basic auth as {}", settings.credentials.user);
    case Credentials::Kind::Bearer:
      return "a bearer token";
    case Credentials::Kind::OAuthClient:
      return fmt::format("OAuth client credentials as client {}", settings.credentials.user);
    case Credentials::Kind::None:
      return "no credentials";
  }
  return "?";
}

void line(std::ostream& out, std::string_view mark, std::string_view what, const std::string& text,
          std::size_t width = 12) {
  // What the instance sent (a build tag, an error body) may carry escape sequences.
  out << fmt::format("  {:<8} {:<{}} {}\n", mark, escape_control(what), width,
                     escape_control(text));
}

// A failure that stopped every read: which of instance, TLS and credentials it is about.
int report_fatal(std::ostream& out, const ConnectionSettings& settings, const FetchError& error) {
  std::string_view what = "instance";
  if (error.kind == FetchErrorKind::Tls) what = "TLS";
  if (error.kind == FetchErrorKind::Unauthorized) what = "credentials";
  line(out, "FAILED", what, error.message);
  if (!error.remedy.empty()) out << "           Fix: " << error.remedy << '\n';
  out << fmt::format("\ndoctor: {} could not be read (exit 2).\n", settings.instance_url);
  return kExitProblems;
}

void write_release(std::ostream& out, const TableData& data) {
  std::vector<const Record*> rows;
  for (const Record& row : data.rows) rows.push_back(&row);
  std::optional<BuildTag> tag = data.error ? std::nullopt : first_build_tag(rows);
  if (!tag) {
    line(out, "?", "release",
         data.error ? fmt::format("unknown: {}", data.error->message)
                    : std::string("unknown: glide.war / glide.buildtag.last not readable with a "
                                  "known build tag (release-aware checks then judge as current)"));
    return;
  }
  line(out, "ok", "release",
       fmt::format("{} ({} = {})", tag->release.label(), field_or_empty(*tag->row, "name"),
                   field_or_empty(*tag->row, "value")));
}

void write_missing(std::ostream& out, const std::vector<Probe>& probes, const std::string& role) {
  out << fmt::format(
      "\nWhat the reading account is missing. A least-privilege audit role needs, per table, a "
      "read ACL on the\ntable and on each field sncheck reads (Type record, Operation read, "
      "Requires role {}; creating\nACLs needs security_admin, elevated):\n",
      role);
  for (const Probe& probe : probes) {
    if (probe.access != Access::Denied && probe.access != Access::Withheld) continue;
    const TableNeed& need = *probe.need;
    std::vector<std::string> acls{need.table};
    for (const std::string& field : need.fields) {
      if (field != "sys_id") acls.push_back(need.table + "." + field);
    }
    out << fmt::format("  {}: ACLs {}\n", need.table, fmt::join(acls, ", "));
    out << fmt::format("    (role that manages it in the docs, more than read: {}; needed by {})\n",
                       managing_role(need.table), checks_words(need.checks));
  }
  out << "Every step, for every table: sncheck doctor --print-role\n";
}

}  // namespace

void add_doctor_options(CLI::App& command, Options& options) {
  command.add_option("suites", options.doctor_suites, "Suites to check for (default: all)")
      ->type_name("SUITE");
  add_connection_options(command, options);
  add_catalog_options(command, options);
  command
      .add_option("--profile", options.source.profiles,
                  "Check the instance of this profile [env SNCHECK_PROFILE]")
      ->type_name("NAME")
      ->group("Connection")
      ->expected(1);
  command.add_flag("--print-role", options.print_role,
                   "Print the least-privilege read role the suites need, step by step (no "
                   "instance is contacted)");
  command.add_option("--role-name", options.role_name, "The role's name in --print-role output")
      ->type_name("NAME")
      ->capture_default_str();
  command.add_flag("-v,--verbose", options.source.verbose, "Log each request on stderr")
      ->group("Diagnostics");
}

int run_doctor(const CheckCatalog& catalog, const Options& options, Io& io) {
  std::vector<std::string> suites = options.doctor_suites;
  if (suites.empty()) {
    for (const SuiteDescriptor& suite : catalog.suites()) suites.push_back(suite.name);
  }
  for (const std::string& suite : suites) {
    if (catalog.find_suite(suite) == nullptr) {
      throw UsageError(
          fmt::format("doctor: '{}' is not a suite; `sncheck --help` lists them", suite));
    }
  }
  std::vector<TableNeed> needs = table_needs(catalog, suites);
  if (options.print_role) {
    write_role_definition(io.out, needs, suites, options.role_name);
    return 0;
  }
  ConnectionSettings settings =
      options.source.profiles.empty()
          ? resolve_connection(options.connection, io.env, io.in)
          : profile_connection(options.source, options.source.profiles.front(), io.in, io.env);
  for (const std::string& warning : settings.warnings)
    io.err << "sncheck: warning: " << warning << '\n';
  std::ostream& out = io.out;
  out << fmt::format("sncheck doctor on {} (suites: {})\n\n", settings.instance_url,
                     fmt::join(suites, ", "));
  for (const std::string& setting : settings.provenance) out << "  setting  " << setting << '\n';
  if (!settings.provenance.empty()) out << '\n';

  std::vector<TableRead> reads{TableRead{"sys_properties", kReleaseQuery, {"name", "value"}}};
  for (const TableNeed& need : needs) reads.push_back(TableRead{need.table, "", {"sys_id"}});
  SourceOptions source = options.source;
  if (!options.concurrency_given) {
    // As an audit's default: at most two round trips, 4 to 8 requests in flight.
    source.concurrency = static_cast<int>(std::clamp<std::size_t>((reads.size() + 1) / 2, 4, 8));
  }
  bool verbose = options.source.verbose;
  ClientConfig config =
      make_client_config(settings, source, [&io, verbose](const std::string& text) {
        if (verbose) io.err << "sncheck: " << text << '\n';
      });
  config.page_size = 1;
  config.first_page_only = true;
  auto started = std::chrono::steady_clock::now();
  ReadingSession client(std::move(config));
  std::vector<TableData> data = client.fetch_all(reads);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const TableData& answer : data) {
    if (answer.error && is_connection_level(answer.error->kind)) {
      return report_fatal(out, settings, *answer.error);
    }
  }
  line(out, "ok", "instance", settings.instance_url);
  bool https = starts_with(settings.instance_url, "https://");
  line(out, https ? "ok" : "-", "TLS",
       https ? (settings.ca_bundle.empty()
                    ? std::string("certificate verified (system CA store)")
                    : fmt::format("certificate verified ({})", settings.ca_bundle))
             : std::string("not used: plain HTTP, allowed for a loopback address only"));
  bool token = settings.credentials.kind == Credentials::Kind::OAuthClient;
  line(out, "ok", "credentials",
       credentials_words(settings) + (token ? ": token issued" : ": accepted"));
  write_release(out, data.front());

  std::vector<Probe> probes;
  for (std::size_t i = 0; i < needs.size(); ++i) probes.push_back(classify(needs[i], data[i + 1]));
  out << fmt::format("\nRead access ({}, one request each, {:.1f} s):\n",
                     count_of(needs.size(), "table", "tables"), seconds);
  std::size_t problems = 0;
  for (const Probe& probe : probes) {
    const TableNeed& need = *probe.need;
    std::string text = probe.access == Access::Ok ? std::string("readable") : probe.detail;
    if (!need.via.empty()) text += fmt::format(" [through {}]", need.via);
    if (!need.always) text += " [only with --client-id / --api]";
    line(out, marker(probe.access), need.table, text, 32);
    if (is_problem(probe.access)) {
      ++problems;
      out << fmt::format("           needed by {}\n", checks_words(need.checks));
    }
  }
  if (problems == 0) {
    out << fmt::format("\ndoctor: every table the suites read is readable (exit 0).\n");
    return 0;
  }
  write_missing(out, probes, options.role_name);
  out << fmt::format("\ndoctor: {} (exit 2).\n", count_of(problems, "table is not fully readable",
                                                          "tables are not fully readable"));
  return kExitProblems;
}

}  // namespace sncheck
