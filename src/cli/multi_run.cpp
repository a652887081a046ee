// SPDX-License-Identifier: Apache-2.0
#include "cli/multi_run.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <iterator>
#include <mutex>

#include <sys/stat.h>
#include <thread>

#include <fmt/format.h>

#include "cli/config_file.h"
#include "snapshot/snapshot.h"

namespace sncheck {
namespace {

struct Target {
  std::string label;  // the profile name, or the instance
  std::optional<ConnectionSettings> settings;
  const InstanceSnapshot* recorded = nullptr;  // replay
  std::string instance_url;
};

// Hides the connection variables from a profile's resolution: with several profiles one
// SN_INSTANCE would otherwise point every profile at the same instance. A variable a profile
// names as its secret source is still read (read_profile_secret uses the full environment).
EnvLookup without_connection_variables(const EnvLookup& env) {
  return [env](const std::string& name) -> std::optional<std::string> {
    const auto& hidden = connection_variables();
    if (std::find(hidden.begin(), hidden.end(), name) != hidden.end()) return std::nullopt;
    return env(name);
  };
}

void refuse_connection_flags(const ConnectionFlags& flags, const std::string& why) {
  if (!flags.instance.empty() || !flags.user.empty() || flags.password_stdin ||
      !flags.password_file.empty() || flags.token_stdin || !flags.read_client_id.empty() ||
      flags.read_client_secret_stdin || !flags.read_client_secret_file.empty()) {
    throw UsageError(fmt::format(
        "{}: --instance, --user, --password-stdin, --password-file and --token-stdin would apply "
        "to every instance; put them in the profiles",
        why));
  }
}

void warn_ignored_variables(const EnvLookup& env, std::ostream& err) {
  std::string ignored;
  for (const std::string& name : connection_variables()) {
    std::optional<std::string> value = env(name);
    if (value && !value->empty()) ignored += (ignored.empty() ? "" : ", ") + name;
  }
  if (!ignored.empty()) {
    err << fmt::format(
        "sncheck: warning: several profiles: ignoring {} (each profile names its "
        "own instance and credentials)\n",
        ignored);
  }
}

void report_settings(const ConnectionSettings& settings, const std::string& prefix, bool verbose,
                     std::ostream& err) {
  for (const std::string& line : settings.warnings) {
    err << "sncheck: warning: " << prefix << line << '\n';
  }
  if (!verbose) return;
  for (const std::string& line : settings.provenance) err << "sncheck: " << prefix << line << '\n';
}

std::vector<Target> live_targets(const SourceOptions& options, std::istream& in, std::ostream& err,
                                 const EnvLookup& env) {
  std::vector<Target> targets;
  if (options.profiles.empty()) {
    Target target;
    target.settings = resolve_connection(options.connection, env, in);
    report_settings(*target.settings, "", options.verbose, err);
    target.label = target.settings->instance_url;
    target.instance_url = target.settings->instance_url;
    targets.push_back(std::move(target));
    return targets;
  }
  ConfigFile config = load_config_file(options.config_path.empty() ? default_config_path(env)
                                                                   : options.config_path);
  bool several = options.profiles.size() > 1;
  if (several) {
    refuse_connection_flags(options.connection, "several --profile");
    warn_ignored_variables(env, err);
  }
  EnvLookup profile_env = several ? without_connection_variables(env) : env;
  for (const std::string& name : options.profiles) {
    const Profile& profile = find_profile(config, name);
    Target target;
    target.label = name;
    target.settings = resolve_connection(options.connection, profile_env, in, &profile);
    // A profile's secret named by an env source must still resolve in the full environment.
    report_settings(*target.settings, several ? name + ": " : "", options.verbose, err);
    target.instance_url = target.settings->instance_url;
    for (const Target& other : targets) {
      if (other.instance_url == target.instance_url) {
        throw UsageError(fmt::format("profiles {} and {} name the same instance {}", other.label,
                                     name, target.instance_url));
      }
    }
    targets.push_back(std::move(target));
  }
  return targets;
}

FetchError unexpected_failure(const std::string& what) {
  return make_fetch_error(FetchErrorKind::Transport, "", 0,
                          fmt::format("the audit stopped: {}", what),
                          "this is likely an sncheck bug; rerun with -v and report it");
}

// A fatal outcome for an instance whose audit threw: every result of it is an error.
RunOutcome failed_outcome(const Audit& audit, const std::string& instance_url,
                          const FetchError& error) {
  Fetcher failing = [&error](const std::vector<TableRead>& reads) {
    std::vector<TableData> data(reads.size());
    for (std::size_t i = 0; i < reads.size(); ++i) {
      data[i].read = reads[i];
      data[i].error = error;
      data[i].error->kind = FetchErrorKind::Connect;  // connection-level: stops this instance
    }
    return data;
  };
  RunOutcome outcome = audit(instance_url, failing, nullptr);
  if (outcome.fatal) outcome.fatal->kind = error.kind;
  return outcome;
}

struct InstanceResult {
  RunOutcome outcome;
  FetchStats stats;
};

InstanceResult audit_target(const Target& target, const SourceOptions& options, const Audit& audit,
                            SnapshotRecorder* recorder, std::mutex& err_mutex, std::ostream& err) {
  InstanceResult result;
  if (target.recorded != nullptr) {
    const InstanceSnapshot& recorded = *target.recorded;
    result.outcome = audit(
        target.instance_url,
        [&recorded](const std::vector<TableRead>& reads) { return replay(recorded, reads); },
        nullptr);
    return result;
  }
  std::function<void(const std::string&)> log;
  if (options.verbose) {
    std::string prefix = options.profiles.size() > 1 ? target.label + ": " : "";
    log = [&err_mutex, &err, prefix](const std::string& line) {
      std::lock_guard<std::mutex> lock(err_mutex);
      err << "sncheck: " << prefix << line << '\n';
    };
  }
  ClientConfig config = make_client_config(*target.settings, options, log);
  if (options.progress && !options.verbose && options.profiles.size() <= 1) {
    // One line redrawn in place, erased when the last read ends; only for a single instance
    // (concurrent instances would fight over the line) and never next to -v's request log.
    config.progress = [&err_mutex, &err](std::size_t done, std::size_t total) {
      if (total == 0) return;
      std::lock_guard<std::mutex> lock(err_mutex);
      err << "\r\033[K";
      if (done < total) err << fmt::format("sncheck: reading {}/{} tables\u2026", done, total);
      err.flush();
    };
  }
  ReadingSession client(std::move(config));
  bool first_wave = true;
  Fetcher fetch = [&](const std::vector<TableRead>& reads) {
    if (recorder == nullptr) return client.fetch_all(reads);
    // A snapshot also holds what `sncheck diff` compares, read in the first wave.
    std::vector<TableRead> all = reads;
    if (first_wave) {
      for (const TableRead& read : options.snapshot_extra_reads) all.push_back(read);
      first_wave = false;
    }
    std::vector<TableData> data = client.fetch_all(all);
    recorder->add(target.instance_url, data);
    data.resize(reads.size());
    return data;
  };
  result.outcome = audit(target.instance_url, fetch, &*target.settings);
  result.stats = client.stats();
  return result;
}

}  // namespace

void choose_default_profile(SourceOptions& options, const EnvLookup& env,
                            std::vector<std::string>& notes) {
  if (!options.profiles.empty() || !options.snapshot.empty()) return;
  std::optional<std::string> named = env("SNCHECK_PROFILE");
  if (named && !named->empty()) {
    options.profiles.push_back(*named);
    notes.push_back(fmt::format("profile: {} (from SNCHECK_PROFILE)", *named));
    return;
  }
  // An instance given another way: a default profile's credentials must not go to it.
  if (!options.connection.instance.empty() || instance_in_environment(env)) return;
  std::string path = options.config_path;
  if (path.empty()) {
    try {
      path = default_config_path(env);
    } catch (const UsageError&) {
      return;  // no HOME: no default config file, hence no default profile
    }
  }
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return;
  ConfigFile config = load_config_file(path);
  std::string name = default_profile_name(config);
  if (name.empty()) return;
  options.profiles.push_back(name);
  notes.push_back(fmt::format("profile: {} (the default profile of {})", name, path));
}

ClientConfig make_client_config(const ConnectionSettings& settings, const SourceOptions& options,
                                std::function<void(const std::string&)> log) {
  ClientConfig config;
  config.base_url = settings.instance_url;
  config.credentials = settings.credentials;
  // Messages name the reading user; a client id is not one (its token acts as its app user).
  if (settings.credentials.kind == Credentials::Kind::Basic)
    config.reader = settings.credentials.user;
  config.ca_bundle = settings.ca_bundle;
  config.timeout_seconds = settings.timeout_seconds;
  config.concurrency = options.concurrency;
  config.page_size = options.page_size;
  config.batch = options.batch;
  config.max_body_bytes = static_cast<std::size_t>(options.max_response_mb) * 1024u * 1024u;
  config.log = std::move(log);
  config.deadline = run_deadline(options);
  config.deadline_seconds = options.deadline_seconds;
  return config;
}

std::chrono::steady_clock::time_point run_deadline(const SourceOptions& options) {
  return options.started + std::chrono::seconds(options.deadline_seconds);
}

ConnectionSettings profile_connection(const SourceOptions& options, const std::string& profile,
                                      std::istream& in, const EnvLookup& env) {
  ConfigFile config = load_config_file(options.config_path.empty() ? default_config_path(env)
                                                                   : options.config_path);
  return resolve_connection(options.connection, without_connection_variables(env), in,
                            &find_profile(config, profile));
}

CombinedRun run_audits(const SourceOptions& options, const Audit& audit, std::istream& in,
                       std::ostream& err, const EnvLookup& env) {
  std::optional<Snapshot> snapshot;
  std::vector<Target> targets;
  if (!options.snapshot.empty()) {
    if (!options.profiles.empty() || !options.save_snapshot.empty()) {
      throw UsageError(
          "--snapshot replays offline: it cannot be combined with --profile or "
          "--save-snapshot");
    }
    snapshot = load_snapshot(options.snapshot);
    for (const InstanceSnapshot& recorded : snapshot->instances) {
      targets.push_back(Target{recorded.instance, std::nullopt, &recorded, recorded.instance});
    }
  } else {
    targets = live_targets(options, in, err, env);
  }
  std::optional<SnapshotRecorder> recorder;
  if (!options.save_snapshot.empty()) recorder.emplace();

  auto started = std::chrono::steady_clock::now();
  std::vector<InstanceResult> results(targets.size());
  std::mutex err_mutex;
  // One thread per instance, each with its own TableClient (and so its own connections).
  std::vector<std::thread> threads;
  // A settings error (e.g. --probe without a client secret) is a usage error: it stops the run
  // like any other, rather than becoming one instance's fatal result.
  std::vector<std::exception_ptr> usage_errors(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        results[i] = audit_target(targets[i], options, audit, recorder ? &*recorder : nullptr,
                                  err_mutex, err);
      } catch (const UsageError&) {
        usage_errors[i] = std::current_exception();
      } catch (const std::exception& error) {
        results[i].outcome =
            failed_outcome(audit, targets[i].instance_url, unexpected_failure(error.what()));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : usage_errors) {
    if (error) std::rethrow_exception(error);
  }

  CombinedRun combined;
  FetchStats total;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    RunOutcome& outcome = results[i].outcome;
    combined.instances.push_back(InstanceOutcome{targets[i].instance_url, outcome.fatal});
    if (outcome.fatal && !combined.outcome.fatal) combined.outcome.fatal = outcome.fatal;
    combined.outcome.requests_planned += outcome.requests_planned;
    // Instances are read at the same time: a wave takes as long as its largest one.
    std::vector<std::size_t>& waves = combined.outcome.wave_requests;
    if (waves.size() < outcome.wave_requests.size()) waves.resize(outcome.wave_requests.size());
    for (std::size_t w = 0; w < outcome.wave_requests.size(); ++w) {
      waves[w] = std::max(waves[w], outcome.wave_requests[w]);
    }
    // Moved, not copied: one instance's results become the combined results as they are.
    std::vector<Result>& all = combined.outcome.results;
    if (all.empty()) {
      all = std::move(outcome.results);
    } else {
      all.reserve(all.size() + outcome.results.size());
      std::move(outcome.results.begin(), outcome.results.end(), std::back_inserter(all));
    }
    outcome.results = {};
    total.requests += results[i].stats.requests;
    total.retries += results[i].stats.retries;
    total.batch_requests += results[i].stats.batch_requests;
    total.batch_items += results[i].stats.batch_items;
    // Instances are read concurrently: the run waited for the longest chain among them.
    total.round_trips = std::max(total.round_trips, results[i].stats.round_trips);
    total.connections += results[i].stats.connections;
    total.bytes += results[i].stats.bytes;
    total.longest_request_seconds =
        std::max(total.longest_request_seconds, results[i].stats.longest_request_seconds);
    combined.label += (i == 0 ? "" : ", ") + targets[i].instance_url;
  }
  total.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!snapshot) combined.stats = total;
  if (recorder) write_snapshot(options.save_snapshot, recorder->take());
  return combined;
}

}  // namespace sncheck
