// SPDX-License-Identifier: Apache-2.0
// sncheck-bench: the OAuth suite and the whole audit (every suite), run as the real sncheck
// program, against the fake instance at several server latencies and instance sizes. Prints one
// table row per configuration.
//
// Figures per row: requests and bytes (sncheck --stats), connections opened as counted by the
// client (CURLINFO_NUM_CONNECTS) and by the server (distinct client ports), the whole program's
// wall time (fork to exit) and the part of it inside sncheck's run (--stats wall_ms, without
// process start-up), one single-table GET timed with sncheck's own TableClient in the same
// run against the same server, their ratio, and the program's peak RSS (VmHWM, from --stats:
// wait4's ru_maxrss would also count this benchmark's own memory, inherited up to the exec).

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "fake_instance.h"
#include "fetch/table_client.h"

namespace {

using Clock = std::chrono::steady_clock;
using sncheck::fake::FakeInstance;
using sncheck::fake::Scenario;

struct ProgramRun {
  int exit_code = -1;
  double wall_ms = 0;
  std::map<std::string, std::string> stats;  // the key=value pairs of the --stats line
};

std::map<std::string, std::string> parse_stats(const std::string& err) {
  std::map<std::string, std::string> stats;
  const std::string marker = "sncheck stats:";
  std::size_t at = err.find(marker);
  if (at == std::string::npos) return stats;
  std::string line = err.substr(at + marker.size(), err.find('\n', at) - at - marker.size());
  std::size_t start = 0;
  while (start < line.size()) {
    std::size_t end = std::min(line.find(' ', start), line.size());
    std::string pair = line.substr(start, end - start);
    if (std::size_t eq = pair.find('='); eq != std::string::npos) {
      stats[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    start = end + 1;
  }
  return stats;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Runs sncheck with stdout discarded and stderr captured; wait4 gives this child's own rusage.
ProgramRun run_program(std::vector<std::string> argv, std::vector<std::string> env) {
  int err_pipe[2];
  if (::pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  auto started = Clock::now();
  // posix_spawn, not fork: the fake instance's threads run in this process, and a forked child
  // that allocated before exec could block on a lock one of them held.
  std::vector<char*> c_args = c_strings(argv);
  std::vector<char*> c_env = c_strings(env);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  ::posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  ::posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  ::posix_spawn_file_actions_addclose(&actions, err_pipe[1]);
  pid_t pid = -1;
  int spawn_error = ::posix_spawn(&pid, c_args[0], &actions, nullptr, c_args.data(), c_env.data());
  ::posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    throw std::runtime_error(std::string("cannot run ") + c_args[0] + ": " +
                             std::strerror(spawn_error));
  }
  ::close(err_pipe[1]);
  std::string err;
  std::array<char, 4096> buffer{};
  for (ssize_t n; (n = ::read(err_pipe[0], buffer.data(), buffer.size())) > 0;) {
    err.append(buffer.data(), static_cast<std::size_t>(n));
  }
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ProgramRun run;
  run.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.stats = parse_stats(err);
  if (run.stats.empty()) throw std::runtime_error("sncheck printed no stats line:\n" + err);
  return run;
}

struct Config {
  std::string label;
  int latency_ms = 0;
  int concurrency = 4;  // 0: sncheck's default (enough for two round trips, 4 to 8)
  int page_size = 1000;
  std::vector<std::string> extra_args;  // e.g. --api
  std::string command = "oauth";
};

struct Row {
  Config config;
  ProgramRun run;
  std::size_t server_connections = 0;
  std::size_t server_requests = 0;
  double single_get_ms = 0;
};

// One GET of one small table with sncheck's own client, a fresh connection, as the audit's are.
double time_single_get(const FakeInstance& instance, const Scenario& scenario) {
  sncheck::ClientConfig config;
  config.base_url = instance.url();
  config.credentials.kind = sncheck::Credentials::Kind::Basic;
  config.credentials.user = scenario.user;
  config.credentials.secret = scenario.password;
  sncheck::TableClient client(config);
  sncheck::TableRead read{"sys_properties",
                          "name=com.snc.platform.security.oauth.is.active",
                          {"name", "type", "value"}};
  std::vector<sncheck::TableData> data = client.fetch_all({read});
  if (data.at(0).error) throw std::runtime_error("single GET failed: " + data[0].error->message);
  return client.stats().wall_seconds * 1000.0;
}

// The client id of the scenario's first client registry entry (the one --api runs use).
std::string client_id_of(const Scenario& scenario) {
  for (const sncheck::Record& entry : scenario.tables.at("oauth_entity")) {
    if (sncheck::field_or_empty(entry, "type") == "client") {
      return sncheck::field_or_empty(entry, "client_id");
    }
  }
  throw std::runtime_error("the scenario has no client registry entry");
}

// Runs the configuration `repeat` times and keeps the run with the median wall time.
Row measure(FakeInstance& instance, const Scenario& scenario, const Config& config, int repeat) {
  instance.update([&](Scenario& s) { s.faults.latency_ms = config.latency_ms; });
  std::vector<Row> rows;
  for (int i = -1; i < repeat; ++i) {  // run -1 warms the fake's index and is not kept
    instance.clear_requests();
    Row row;
    row.config = config;
    std::vector<std::string> args = {
        SNCHECK_BINARY, config.command, "--instance",
        instance.url(), "--format",     "json",
        "--stats",      "--page-size",  std::to_string(config.page_size),
        "--today",      "2026-12-01"};
    if (config.concurrency > 0) {
      args.push_back("--concurrency");
      args.push_back(std::to_string(config.concurrency));
    }
    args.insert(args.end(), config.extra_args.begin(), config.extra_args.end());
    row.run =
        run_program(args, {"SN_USERNAME=" + scenario.user, "SN_PASSWORD=" + scenario.password});
    row.server_connections = instance.connections_seen();
    row.server_requests = instance.requests().size();
    row.single_get_ms = time_single_get(instance, scenario);
    if (i >= 0) rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.run.wall_ms < b.run.wall_ms; });
  return rows[rows.size() / 2];
}

void print_header() {
  std::cout << fmt::format(
      "| {:<34} | {:>7} | {:>4} | {:>8} | {:>5} | {:>7} | {:>11} | {:>9} | {:>8} | {:>8} | {:>8} | "
      "{:>8} | {:>5} | {:>7} | {:>4} |\n",
      "scenario", "latency", "conc", "requests", "trips", "batched", "conn client", "conn fake",
      "bytes", "wall ms", "run ms", "1 GET ms", "ratio", "RSS MiB", "exit");
  std::cout << "|" << std::string(36, '-') << "|" << std::string(8, '-') << ":|"
            << std::string(5, '-') << ":|" << std::string(9, '-') << ":|" << std::string(6, '-')
            << ":|" << std::string(8, '-') << ":|" << std::string(12, '-') << ":|"
            << std::string(10, '-') << ":|" << std::string(8, '-') << ":|" << std::string(9, '-')
            << ":|" << std::string(9, '-') << ":|" << std::string(9, '-') << ":|"
            << std::string(6, '-') << ":|" << std::string(8, '-') << ":|" << std::string(5, '-')
            << ":|\n";
}

void print_row(const Row& row) {
  const auto& stats = row.run.stats;
  std::cout << fmt::format(
                   "| {:<34} | {:>4} ms | {:>4} | {:>8} | {:>5} | {:>7} | {:>11} | {:>9} | {:>8} | "
                   "{:>8.0f} | {:>8.0f} | {:>8.0f} | {:>5.2f} | {:>7.1f} | {:>4} |",
                   row.config.label, row.config.latency_ms, stats.at("concurrency"),
                   stats.at("requests"), stats.at("round_trips"), stats.at("batch_items"),
                   stats.at("connections"), row.server_connections, stats.at("bytes"),
                   row.run.wall_ms, std::stod(stats.at("wall_ms")), row.single_get_ms,
                   row.run.wall_ms / row.single_get_ms,
                   static_cast<double>(std::stol(stats.at("peak_rss_kb"))) / 1024.0,
                   row.run.exit_code)
            << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sncheck-bench: sncheck's suites against the fake instance, as figures"};
  int repeat = 3;
  std::vector<int> latencies = {0, 50, 300};
  std::string only;
  app.add_option("--repeat", repeat, "runs per row; the median wall time is kept")
      ->check(CLI::Range(1, 50));
  app.add_option("--latencies", latencies, "server latencies in ms")->delimiter(',');
  app.add_option("--only", only, "only the rows whose label contains this text");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  auto row = [&](FakeInstance& instance, const Scenario& scenario, Config config) {
    if (!only.empty() && config.label.find(only) == std::string::npos) return;
    print_row(measure(instance, scenario, config, repeat));
  };
  const std::vector<std::string> no_batch = {"--no-batch"};
  const std::vector<std::string> batch = {"--batch"};
  auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  try {
    print_header();
    Scenario healthy = sncheck::fake::healthy_scenario();
    {
      FakeInstance instance(healthy);
      for (int latency : latencies) {
        for (int concurrency : {4, 1}) {
          row(instance, healthy, {"healthy", latency, concurrency, 1000, {}});
        }
      }
    }
    // One plugin missing from sys_plugins: its v_plugin fallback costs a second wave.
    Scenario fallback = healthy;
    auto& plugins = fallback.tables.at("sys_plugins");
    plugins.erase(std::remove_if(plugins.begin(), plugins.end(),
                                 [](const sncheck::Record& record) {
                                   return sncheck::field_or_empty(record, "source") ==
                                          "com.glide.rest";
                                 }),
                  plugins.end());
    {
      FakeInstance instance(fallback);
      for (int latency : latencies) {
        row(instance, fallback, {"plugin only in v_plugin", latency, 4, 1000, {}});
      }
    }
    // --api: the Scripted REST tables join the first wave, what depends on them a second one.
    const std::vector<std::string> api = {"--client-id", client_id_of(healthy),
                                          "--api",       "/api/x_acme/inventory/items/42",
                                          "--caller-ip", "127.0.0.1"};
    {
      FakeInstance instance(healthy);
      for (int latency : latencies) {
        row(instance, healthy, {"healthy --api", latency, 4, 1000, api});
        row(instance, healthy, {"healthy --api --batch", latency, 4, 1000, with(api, batch)});
        row(instance, healthy, {"healthy --api --no-batch", latency, 4, 1000, with(api, no_batch)});
      }
    }
    auto generated = Clock::now();
    Scenario large = sncheck::fake::large_scenario();
    Scenario many = sncheck::fake::many_clients_scenario();
    std::cerr << fmt::format(
        "(large and many-clients scenarios generated in {:.0f} ms)\n",
        std::chrono::duration<double, std::milli>(Clock::now() - generated).count());
    {
      FakeInstance instance(large);
      for (int latency : latencies) {
        row(instance, large, {"large 50k/20k/3k", latency, 4, 1000, {}});
        row(instance, large, {"large --api", latency, 4, 1000, api});
      }
    }
    // 10,000 registry entries: the first page's X-Total-Count asks for the other nine at once.
    {
      FakeInstance instance(many);
      for (int latency : latencies) {
        row(instance, many, {"10k clients, page 1000", latency, 4, 1000, {}});
        row(instance, many, {"10k clients, page 1000, --no-batch", latency, 4, 1000, no_batch});
      }
    }
    if (only.empty() || std::string("100k clients, page 1000").find(only) != std::string::npos) {
      // Once, at the highest latency: a run takes tens of seconds.
      Scenario huge = sncheck::fake::many_clients_scenario(100000);
      FakeInstance instance(huge);
      Config config{"100k clients, page 1000", latencies.back(), 4, 1000, {}};
      print_row(measure(instance, huge, config, 1));
    }
    // sncheck audit: every suite in one plan, at the default concurrency, with and without the
    // Batch API; the large instance also holds 2,000 Scripted REST resources, 500 of them in
    // active APIs (the rows the rest suite judges).
    Scenario large_audit = sncheck::fake::large_scenario();
    Scenario small_audit = healthy;
    sncheck::fake::add_rest_resources(small_audit, 500, 0);
    {
      FakeInstance instance(healthy);
      for (int latency : latencies) {
        row(instance, healthy, {"audit healthy", latency, 0, 1000, {}, "audit"});
        row(instance, healthy, {"audit healthy --batch", latency, 0, 1000, batch, "audit"});
        row(instance, healthy, {"audit healthy --no-batch", latency, 0, 1000, no_batch, "audit"});
        row(instance, healthy, {"audit healthy --no-batch", latency, 4, 1000, no_batch, "audit"});
      }
    }
    {
      FakeInstance instance(small_audit);
      for (int latency : latencies) {
        row(instance, small_audit, {"audit small + 500 REST", latency, 0, 1000, {}, "audit"});
      }
    }
    {
      FakeInstance instance(large_audit);
      for (int latency : latencies) {
        row(instance, large_audit, {"audit large 50k/20k/3k/2k", latency, 0, 1000, {}, "audit"});
      }
    }
  } catch (const std::exception& error) {
    std::cerr << "sncheck-bench: " << error.what() << '\n';
    return 2;
  }
  return 0;
}
