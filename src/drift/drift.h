#pragma once
// Drift: the OAuth-relevant configuration of two instances (live or snapshot), compared.
// What is compared and how items are matched: docs/configuration.md "sncheck diff".

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "fetch/table_data.h"

namespace sncheck {

// The reads `sncheck diff` needs; a snapshot saved by an audit includes them.
std::vector<TableRead> drift_reads();

struct ConfigItem {
  std::string kind;  // plugin | property | registry | app_user
  std::string key;   // plugin id, property name, client id (or name), user name (or sys_id)
  std::map<std::string, std::string> attributes;
};

struct DriftConfig {
  std::string instance;
  std::map<std::pair<std::string, std::string>, ConfigItem> items;  // (kind, key)
  std::vector<std::string> errors;  // reads that failed: the side cannot be compared
};

// `data` answers drift_reads(), in order.
DriftConfig extract_config(const std::string& instance, const std::vector<TableData>& data);

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
