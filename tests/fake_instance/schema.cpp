// SPDX-License-Identifier: Apache-2.0
#include "schema.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <set>
#include <utility>

namespace sncheck::fake {
namespace {

constexpr const char* kDictionary = "sys_dictionary";
constexpr const char* kChoice = "sys_choice";

FieldValue text(std::string value) { return FieldValue{std::move(value), ""}; }

// A stable 32-hex sys_id for a dictionary or choice row.
std::string row_id(const std::string& seed) {
  std::uint64_t a = 14695981039346656037ULL;
  std::uint64_t b = 0x9e3779b97f4a7c15ULL;
  for (char c : seed) {
    a = (a ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    b = (b ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  char out[33];
  std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return out;
}

// "scope_restriction_status" -> "Scope Restriction Status": the label the platform makes from a
// new column's name.
std::string words(const std::string& column) {
  std::string label;
  bool start = true;
  for (char c : column) {
    if (c == '_') {
      label += ' ';
      start = true;
      continue;
    }
    label += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  return label;
}

std::string lookup(const std::map<std::string, std::string>& map, const std::string& key,
                   const std::string& fallback) {
  auto it = map.find(key);
  return it == map.end() ? fallback : it->second;
}

// Every (table, column) the scenario's tables carry, with the table that defines each.
std::map<std::pair<std::string, std::string>, std::string> defined_columns(
    const Scenario& scenario) {
  std::map<std::pair<std::string, std::string>, std::string> columns;  // (owner, column) -> table
  auto add = [&](const std::string& table, const std::string& column) {
    const std::string key = table + "." + column;
    if (scenario.schema.dropped.count(key) != 0) return;
    std::string owner = lookup(scenario.schema.defined_on, key, table);
    columns.emplace(std::make_pair(owner, column), table);
  };
  for (const auto& [table, rows] : scenario.tables) {
    if (table == kDictionary || table == kChoice) continue;
    for (const Record& row : rows) {
      for (const auto& field : row) add(table, field.first);
    }
    add(table, "sys_id");
  }
  for (const auto& [table, names] : scenario.schema.columns) {
    for (const std::string& column : names) add(table, column);
  }
  return columns;
}

}  // namespace

bool is_derived_table(const Scenario& scenario, const std::string& table) {
  return (table == kDictionary || table == kChoice) && scenario.tables.count(table) == 0;
}

std::vector<Record> derived_dictionary(const Scenario& scenario) {
  std::vector<Record> rows;
  std::set<std::string> tables;
  for (const auto& [table, unused] : scenario.tables) tables.insert(table);
  for (const auto& [table, unused] : scenario.schema.columns) tables.insert(table);
  for (const std::string& table : tables) {
    Record row;
    row["sys_id"] = text(row_id(table));
    row["name"] = text(table);
    row["element"] = text("");
    row["column_label"] = text(words(table));
    row["internal_type"] = text("collection");
    row["reference"] = text("");
    row["active"] = text("true");
    rows.push_back(std::move(row));
  }
  for (const auto& [owner_column, table] : defined_columns(scenario)) {
    const auto& [owner, column] = owner_column;
    const std::string key = table + "." + column;
    const std::string reference = lookup(scenario.references, key, "");
    Record row;
    row["sys_id"] = text(row_id(owner + "." + column));
    row["name"] = text(owner);
    row["element"] = text(column);
    row["column_label"] = text(lookup(scenario.schema.labels, key, words(column)));
    row["internal_type"] = text(reference.empty() ? "string" : "reference");
    row["reference"] = text(reference);
    row["active"] = text("true");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Record> derived_choices(const Scenario& scenario) {
  std::vector<Record> rows;
  for (const auto& [key, choices] : scenario.schema.choices) {
    std::size_t dot = key.find('.');
    std::string table = key.substr(0, dot);
    std::string column = key.substr(dot + 1);
    std::string owner = lookup(scenario.schema.defined_on, key, table);
    int sequence = 0;
    for (const auto& [value, label] : choices) {
      Record row;
      row["sys_id"] = text(row_id(key + "=" + value));
      row["name"] = text(owner);
      row["element"] = text(column);
      row["value"] = text(value);
      row["label"] = text(label);
      row["language"] = text("en");
      row["inactive"] = text("false");
      row["sequence"] = text(std::to_string(sequence++));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace sncheck::fake
