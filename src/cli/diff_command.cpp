// SPDX-License-Identifier: Apache-2.0
#include "cli/diff_command.h"

#include <sys/stat.h>

#include <algorithm>
#include <future>

#include <fmt/format.h>

#include "cli/file_checks.h"
#include "drift/drift.h"
#include "fetch/reading_session.h"
#include "fetch/table_client.h"
#include "snapshot/snapshot.h"

namespace sncheck {
namespace {

constexpr int kCannotCompare = 2;

// "snapshot:FILE" and "profile:NAME" force the kind; otherwise an existing file is a snapshot.
bool is_snapshot(std::string& side) {
  for (const char* prefix : {"snapshot:", "profile:"}) {
    std::string p = prefix;
    if (side.rfind(p, 0) == 0) {
      side = side.substr(p.size());
      return p == "snapshot:";
    }
  }
  struct stat info {};
  return ::stat(side.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

DriftConfig from_snapshot(const std::vector<const SuiteDescriptor*>& suites,
                          const std::string& path) {
  Snapshot snapshot = load_snapshot(path);
  if (snapshot.instances.size() != 1) {
    throw SnapshotError(
        fmt::format("snapshot {}: holds {} instances; diff compares one instance per side", path,
                    snapshot.instances.size()));
  }
  const InstanceSnapshot& recorded = snapshot.instances.front();
  return extract_config(path + " (" + recorded.instance + ")", suites,
                        replay(recorded, drift_reads(suites)));
}

DriftConfig from_profile(const SourceOptions& options,
                         const std::vector<const SuiteDescriptor*>& suites,
                         const std::string& profile, const ConnectionSettings& settings, Io& io) {
  std::function<void(const std::string&)> log;
  if (options.verbose) {
    log = [&io, profile](const std::string& line) {
      static std::mutex mutex;
      std::lock_guard<std::mutex> lock(mutex);
      io.err << "sncheck: " << profile << ": " << line << '\n';
    };
  }
  ReadingSession client(make_client_config(settings, options, log));
  return extract_config("profile " + profile + " (" + settings.instance_url + ")", suites,
                        client.fetch_all(drift_reads(suites)));
}

// The suites whose every drift read the snapshot holds: one saved by an older sncheck, or before a
// suite declared drift items, lacks the newer suites' configuration.
std::vector<const SuiteDescriptor*> recorded_suites(
    const std::vector<const SuiteDescriptor*>& suites, const std::string& path) {
  Snapshot snapshot = load_snapshot(path);
  std::vector<const SuiteDescriptor*> held;
  for (const SuiteDescriptor* suite : suites) {
    bool all = true;
    for (const TableRead& read : drift_reads({suite})) {
      for (const InstanceSnapshot& recorded : snapshot.instances) {
        all = all && std::any_of(recorded.answers.begin(), recorded.answers.end(),
                                 [&read](const TableData& data) { return data.read == read; });
      }
    }
    if (all) held.push_back(suite);
  }
  return held;
}

}  // namespace

int run_diff(const SourceOptions& options, const std::vector<const SuiteDescriptor*>& suites,
             const std::string& a, const std::string& b, const std::string& format, Io& io) {
  std::string sides[2] = {a, b};
  bool snapshot[2] = {is_snapshot(sides[0]), is_snapshot(sides[1])};
  DriftConfig configs[2];
  std::vector<const SuiteDescriptor*> compared = suites;
  try {
    // What both sides can be compared on: a snapshot may not hold every suite's configuration.
    for (int i = 0; i < 2; ++i) {
      if (!snapshot[i]) continue;
      std::vector<const SuiteDescriptor*> held = recorded_suites(compared, sides[i]);
      for (const SuiteDescriptor* suite : compared) {
        if (std::find(held.begin(), held.end(), suite) != held.end()) continue;
        io.err << fmt::format(
            "sncheck: note: {} holds no record of the {} suite's configuration; it is not "
            "compared (save the snapshot again to include it)\n",
            sides[i], suite->name);
      }
      compared = held;
    }
    if (!options.connection.ca_bundle.empty()) {
      require_regular_file(options.connection.ca_bundle, "--ca-bundle");
    }
    // Settings first, on this thread: a secret command may prompt, and stdin is shared.
    std::optional<ConnectionSettings> settings[2];
    for (int i = 0; i < 2; ++i) {
      if (snapshot[i]) continue;
      settings[i] = profile_connection(options, sides[i], io.in, io.env);
      for (const std::string& line : settings[i]->warnings) {
        io.err << "sncheck: warning: " << sides[i] << ": " << line << '\n';
      }
      if (options.verbose) {
        for (const std::string& line : settings[i]->provenance) {
          io.err << "sncheck: " << sides[i] << ": " << line << '\n';
        }
      }
    }
    std::future<DriftConfig> futures[2];
    for (int i = 0; i < 2; ++i) {
      futures[i] = std::async(std::launch::async, [&, i] {
        return snapshot[i] ? from_snapshot(compared, sides[i])
                           : from_profile(options, compared, sides[i], *settings[i], io);
      });
    }
    for (int i = 0; i < 2; ++i) configs[i] = futures[i].get();
  } catch (const std::exception& error) {
    io.err << "sncheck: " << error.what() << '\n';
    return kCannotCompare;
  }
  std::vector<Difference> differences = compare_configs(configs[0], configs[1]);
  if (format == "json") {
    write_drift_json(io.out, configs[0], configs[1], differences);
  } else {
    write_drift_text(io.out, configs[0], configs[1], differences);
  }
  if (!configs[0].errors.empty() || !configs[1].errors.empty()) return kCannotCompare;
  return differences.empty() ? 0 : 1;
}

}  // namespace sncheck
