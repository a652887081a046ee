// SPDX-License-Identifier: Apache-2.0
#pragma once
// Snapshots: every Table API answer a run used, per instance, with secrets removed, so the same
// audit can be replayed offline (docs/snapshots.md). A snapshot is keyed by the planned TableRead.

#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/table_data.h"
#include "core/usage_error.h"

namespace sncheck {

class SnapshotError : public UsageError {
 public:
  using UsageError::UsageError;
};

struct InstanceSnapshot {
  std::string instance;  // base URL
  std::vector<TableData> answers;
};

struct Snapshot {
  std::vector<InstanceSnapshot> instances;
};

// Writes the snapshot as JSON; secret-looking fields are replaced by "[removed]".
void write_snapshot(const std::string& path, const Snapshot& snapshot);
std::string snapshot_json(const Snapshot& snapshot);

// Throws SnapshotError naming the file and what is wrong.
Snapshot load_snapshot(const std::string& path);
Snapshot parse_snapshot(const std::string& json_text, const std::string& path);

// Serves each read from the recorded answers; a read the snapshot lacks comes back as an error
// (never as an empty table, which a check could read as "absent").
std::vector<TableData> replay(const InstanceSnapshot& recorded,
                              const std::vector<TableRead>& reads);

// Collects what several concurrent runs fetched (one InstanceSnapshot per instance).
class SnapshotRecorder {
 public:
  void add(const std::string& instance, const std::vector<TableData>& answers);
  Snapshot take();

 private:
  std::mutex mutex_;
  Snapshot snapshot_;
};

}  // namespace sncheck
