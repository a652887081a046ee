// SPDX-License-Identifier: Apache-2.0
// Fuzzes the snapshot loader (--snapshot FILE): any bytes must give a Snapshot or a SnapshotError
// naming the file, never a crash or another exception. What loads must survive being written
// again: parse -> snapshot_json -> parse gives the same instances and answers (secret-looking
// fields come back as "[removed]"), and writing that again gives the same text. Replaying an
// instance's own reads gives its recorded answers.

#include <algorithm>
#include <string>
#include <vector>

#include "core/secrets.h"
#include "fetch/request_url.h"
#include "fuzz_target.h"
#include "snapshot/snapshot.h"

namespace {

using sncheck::fuzz::invariant_broken;

bool same_error(const std::optional<sncheck::FetchError>& a,
                const std::optional<sncheck::FetchError>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->kind == b->kind && a->table == b->table && a->http_status == b->http_status &&
         a->message == b->message && a->remedy == b->remedy;
}

bool same_rows(const std::vector<sncheck::Record>& a, const std::vector<sncheck::Record>& b) {
  auto same_record = [](const sncheck::Record& x, const sncheck::Record& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const auto& l, const auto& r) {
      return l.first == r.first && l.second.value == r.second.value &&
             l.second.link == r.second.link;
    });
  };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), same_record);
}

bool same_answer(const sncheck::TableData& a, const sncheck::TableData& b) {
  return a.read == b.read && a.pages == b.pages && a.total_count == b.total_count &&
         same_error(a.error, b.error) && same_rows(a.rows, b.rows);
}

bool same_snapshot(const sncheck::Snapshot& a, const sncheck::Snapshot& b) {
  return std::equal(a.instances.begin(), a.instances.end(), b.instances.begin(), b.instances.end(),
                    [](const sncheck::InstanceSnapshot& x, const sncheck::InstanceSnapshot& y) {
                      return x.instance == y.instance &&
                             std::equal(x.answers.begin(), x.answers.end(), y.answers.begin(),
                                        y.answers.end(), same_answer);
                    });
}

// What writing does to a snapshot: secret-looking values are replaced.
sncheck::Snapshot secrets_removed(sncheck::Snapshot snapshot) {
  for (auto& instance : snapshot.instances) {
    for (auto& answer : instance.answers) {
      for (auto& row : answer.rows) {
        for (auto& [field, value] : row) {
          if (sncheck::is_secret_field(field)) value.value = "[removed]";
        }
      }
    }
  }
  return snapshot;
}

// snapshot_json names each answer's request URL, which needs a valid table name; sncheck only
// records reads of valid tables, so a file with another name cannot be written back.
bool writable(const sncheck::Snapshot& snapshot) {
  for (const auto& instance : snapshot.instances) {
    for (const auto& answer : instance.answers) {
      if (!sncheck::is_valid_table_name(answer.read.table)) return false;
    }
  }
  return true;
}

void check_round_trip(const sncheck::Snapshot& loaded, const std::string& path) {
  const std::string text = sncheck::snapshot_json(loaded);
  sncheck::Snapshot again;
  try {
    again = sncheck::parse_snapshot(text, path);
  } catch (const sncheck::SnapshotError& error) {
    invariant_broken(std::string("a written snapshot does not load: ") + error.what());
  }
  if (!same_snapshot(again, secrets_removed(loaded))) {
    invariant_broken("parse -> write -> parse changed the snapshot");
  }
  if (sncheck::snapshot_json(again) != text) invariant_broken("writing twice changed the text");
}

void check_replay(const sncheck::Snapshot& loaded) {
  for (const auto& instance : loaded.instances) {
    std::vector<sncheck::TableRead> reads;
    for (const auto& answer : instance.answers) reads.push_back(answer.read);
    std::vector<sncheck::TableData> replayed = sncheck::replay(instance, reads);
    if (replayed.size() != reads.size()) invariant_broken("replay lost or added answers");
    for (std::size_t i = 0; i < reads.size(); ++i) {
      // Two answers for one read: replay serves the first.
      auto first =
          std::find_if(instance.answers.begin(), instance.answers.end(),
                       [&](const sncheck::TableData& data) { return data.read == reads[i]; });
      if (!same_answer(replayed[i], *first)) invariant_broken("replay changed a recorded answer");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = "fuzz-snapshot.json";
  const std::string text(sncheck::fuzz::as_text(data, size));
  sncheck::Snapshot loaded;
  try {
    loaded = sncheck::parse_snapshot(text, path);
  } catch (const sncheck::SnapshotError& error) {
    if (std::string(error.what()).rfind("snapshot " + path + ": ", 0) != 0) {
      invariant_broken("a SnapshotError that does not start with the file name");
    }
    return 0;
  } catch (const std::exception& error) {
    invariant_broken(std::string("parse_snapshot threw something else: ") + error.what());
  }
  if (loaded.instances.empty()) invariant_broken("a snapshot without instances");
  check_replay(loaded);
  if (writable(loaded)) check_round_trip(loaded, path);
  return 0;
}
