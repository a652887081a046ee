// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where a run's instances come from (flags and environment, one or several --profile, or a
// snapshot) and running one audit per instance concurrently into one combined outcome.

#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/settings.h"
#include "core/fetch_stats.h"
#include "core/run_outcome.h"
#include "fetch/reading_session.h"
#include "fetch/table_client.h"
#include "run/engine.h"

namespace sncheck {

struct SourceOptions {
  ConnectionFlags connection;
  std::string config_path;            // empty: the default path
  std::vector<std::string> profiles;  // --profile, in order
  std::string snapshot;               // --snapshot FILE: replay offline
  std::string save_snapshot;          // --save-snapshot FILE
  int concurrency = 4;
  int page_size = 1000;
  BatchMode batch = BatchMode::Auto;  // --batch, --no-batch
  int max_response_mb = 64;
  // --deadline: the whole run (every read of every instance, and the probe) ends this many
  // seconds after sncheck started, on top of the per-request --timeout.
  long deadline_seconds = 300;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  bool verbose = false;
  bool progress = false;  // draw a progress line on err (a terminal) while one instance is read
  // With --save-snapshot, also read in the first wave: what `sncheck diff` compares.
  std::vector<TableRead> snapshot_extra_reads;
};

// One audit of one instance: the suite's checks run over what `fetch` returns. `settings` is the
// live instance's connection (null on replay and for an instance that could not be audited).
using Audit = std::function<RunOutcome(const std::string& instance_url, const Fetcher& fetch,
                                       const ConnectionSettings* settings)>;

struct CombinedRun {
  RunOutcome outcome;                      // every instance's results, in target order
  std::vector<InstanceOutcome> instances;  // one per instance
  std::optional<FetchStats> stats;         // summed over instances; none on replay
  std::string label;                       // the instance, or the instances joined with ", "
};

// When the run names no profile: SNCHECK_PROFILE, else (when neither --instance nor an instance
// variable is set) the config file's default profile (cli/config_file.h), if the file exists.
// Says in `notes` which it chose and why (for -v).
void choose_default_profile(SourceOptions& options, const EnvLookup& env,
                            std::vector<std::string>& notes);

// Throws UsageError (settings, snapshot) for what prevents any audit; a failure reading one
// instance becomes that instance's fatal error and the others still run.
CombinedRun run_audits(const SourceOptions& options, const Audit& audit, std::istream& in,
                       std::ostream& err, const EnvLookup& env);

// The connection settings of one diff side given as a profile name (environment connection
// variables are not applied: they would make both sides the same instance).
ConnectionSettings profile_connection(const SourceOptions& options, const std::string& profile,
                                      std::istream& in, const EnvLookup& env);

ClientConfig make_client_config(const ConnectionSettings& settings, const SourceOptions& options,
                                std::function<void(const std::string&)> log);

// When the run must end: options.started + options.deadline_seconds.
std::chrono::steady_clock::time_point run_deadline(const SourceOptions& options);

}  // namespace sncheck
