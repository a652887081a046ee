// SPDX-License-Identifier: Apache-2.0
#pragma once
// Drift: the configuration the suites name (their suite.json "drift" items) of two instances,
// live or from snapshots, compared. How items are matched: docs/configuration.md "sncheck diff".

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/table_data.h"
#include "model/suite.h"

namespace sncheck {

// The reads `sncheck diff` needs for these suites, without duplicates; a snapshot saved by an
// audit includes them.
std::vector<TableRead> drift_reads(const std::vector<const SuiteDescriptor*>& suites);

struct ConfigItem {
  std::string kind;  // a drift item's kind: plugin, property, ...
  std::string key;   // its key for this row: plugin id, property name, client id, ...
  std::map<std::string, std::string> attributes;
};

struct DriftConfig {
  std::string instance;
  std::map<std::pair<std::string, std::string>, ConfigItem> items;  // (kind, key)
  std::vector<std::string> errors;  // reads that failed: the side cannot be compared
};

// Extracts the suites' items from `data` (answers matched to drift items by table and query).
DriftConfig extract_config(const std::string& instance,
                           const std::vector<const SuiteDescriptor*>& suites,
                           const std::vector<TableData>& data);

struct Difference {
  std::string kind;
  std::string key;
  std::string change;     // added | removed | changed
  std::string attribute;  // for changed
  std::string a;          // value in A (changed)
  std::string b;          // value in B (changed)
};

std::vector<Difference> compare_configs(const DriftConfig& a, const DriftConfig& b);

void write_drift_text(std::ostream& out, const DriftConfig& a, const DriftConfig& b,
                      const std::vector<Difference>& differences);
void write_drift_json(std::ostream& out, const DriftConfig& a, const DriftConfig& b,
                      const std::vector<Difference>& differences);

}  // namespace sncheck
