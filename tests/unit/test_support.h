// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers shared by the rule-engine unit tests: the built-in catalog, check files built as JSON,
// rows, and an in-memory Fetcher that answers a plan's requests like the Table API would.

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/fetch_error.h"
#include "core/record.h"
#include "core/table_data.h"
#include "evaluate/evaluators/builtin_evaluators.h"
#include "model/catalog.h"
#include "model/check_loader.h"
#include "model/evaluator.h"
#include "plan/selection.h"
#include "query/encoded_query.h"
#include "run/engine.h"

namespace sncheck::test_support {

// The registry must outlive every catalog that refers to it.
inline const EvaluatorRegistry& builtin_registry() {
  static const EvaluatorRegistry registry = [] {
    EvaluatorRegistry r;
    register_builtin_evaluators(r);
    return r;
  }();
  return registry;
}

inline CheckCatalog builtin_catalog(const std::vector<std::string>& user_dirs = {}) {
  return CheckCatalog::load(builtin_registry(), user_dirs);
}

inline Record row(std::initializer_list<std::pair<const std::string, std::string>> fields) {
  Record record;
  for (const auto& [name, value] : fields) record[name] = FieldValue{value, ""};
  return record;
}

// ---- check files as JSON ----------------------------------------------------------------------

// A valid declarative check on sys_properties.
inline const char* kValidCheckJson = R"({
  "id": "custom.property.session_timeout",
  "title": "Session timeout is set",
  "severity": "low",
  "suite": "custom",
  "chain_step": 500,
  "rationale": "Because.",
  "reads": {
    "property": {
      "table": "sys_properties",
      "query": "name=glide.ui.session_timeout",
      "fields": ["name", "value"],
      "narrow": {"client_id": "name={client_id}"}
    }
  },
  "condition": {
    "read": "property",
    "require": [
      {"field": "value", "op": "int_gt", "value": "0", "message": "Timeout is {value}.",
       "remediation": "Set it."}
    ],
    "when_empty": {"status": "fail", "message": "Property missing."},
    "pass_message": "Timeout is {value}."
  },
  "remediation": "Set glide.ui.session_timeout.",
  "references": ["somewhere"]
})";

// The suite of kValidCheckJson: a --checks-dir that holds such checks brings this suite.json.
inline const char* kCustomSuiteJson = R"({
  "suite": "custom",
  "title": "Custom checks",
  "summary": "Checks of the tests' own",
  "root_cause": [{"text": "Custom: {message}"}]
})";

inline rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str(), text.size());
  EXPECT_FALSE(document.HasParseError()) << text;
  return document;
}

inline std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The valid check with one change applied to its JSON.
inline std::string mutated_check(
    const std::function<void(rapidjson::Document&, rapidjson::Document::AllocatorType&)>& change,
    const std::string& base = kValidCheckJson) {
  rapidjson::Document document = parse_json(base);
  change(document, document.GetAllocator());
  return to_json(document);
}

// Replaces (or adds) member `key` of `object` with the JSON `json`.
inline void set_json(rapidjson::Value& object, const char* key, const std::string& json,
                     rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Document value(&alloc);
  value.Parse(json.c_str(), json.size());
  EXPECT_FALSE(value.HasParseError()) << json;
  object.RemoveMember(key);
  object.AddMember(rapidjson::Value(key, alloc), rapidjson::Value(value, alloc), alloc);
}

// A temporary directory removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::random_device device;
    path_ = std::filesystem::temp_directory_path() /
            ("sncheck-unit-" + std::to_string(device()) + "-" + std::to_string(device()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string write(const std::string& name, const std::string& contents) const {
    std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << contents;
    return file.string();
  }
  // suite.json for the "custom" suite of kValidCheckJson.
  void write_custom_suite() const { write("suite.json", kCustomSuiteJson); }

 private:
  std::filesystem::path path_;
};

// ---- an instance in memory ----------------------------------------------------------------------

// Tables of rows and per-table errors; answers each TableRead by filtering the rows with the
// request's query and keeping only the requested fields, as the Table API does.
class FakeTables {
 public:
  FakeTables& add(const std::string& table, Record record) {
    tables_[table].push_back(std::move(record));
    return *this;
  }
  FakeTables& fail(const std::string& table, FetchErrorKind kind, int http_status,
                   std::string message, std::string remedy = "") {
    errors_[table] =
        make_fetch_error(kind, table, http_status, std::move(message), std::move(remedy));
    return *this;
  }

  // A field ACL: the instance selects rows by the field but leaves it out of every returned row.
  FakeTables& hide(const std::string& table, const std::string& field) {
    hidden_[table].push_back(field);
    return *this;
  }

  Fetcher fetcher() {
    return [this](const std::vector<TableRead>& reads) {
      requests_.insert(requests_.end(), reads.begin(), reads.end());
      waves_.push_back(reads);
      std::vector<TableData> out;
      for (const TableRead& read : reads) out.push_back(answer(read));
      return out;
    };
  }

  // Every request of the run, and the same grouped by fetch call (wave).
  const std::vector<TableRead>& requests() const { return requests_; }
  const std::vector<std::vector<TableRead>>& waves() const { return waves_; }

 private:
  TableData answer(const TableRead& read) {
    TableData data;
    data.read = read;
    data.pages = 1;
    if (auto error = errors_.find(read.table); error != errors_.end()) {
      data.error = error->second;
      return data;
    }
    std::optional<EncodedQuery> query = parse_encoded_query(read.query);
    EXPECT_TRUE(query.has_value()) << read.query;
    auto rows = tables_.find(read.table);
    if (rows == tables_.end() || !query) return data;
    for (const Record& record : rows->second) {
      if (!matches(*query, record, [](std::string_view) { return true; })) continue;
      Record returned;
      const std::vector<std::string>& hidden = hidden_[read.table];
      for (const std::string& field : read.fields) {
        if (std::find(hidden.begin(), hidden.end(), field) != hidden.end()) continue;
        if (const FieldValue* value = find_field(record, field)) returned[field] = *value;
      }
      data.rows.push_back(std::move(returned));
    }
    data.total_count = static_cast<long>(data.rows.size());
    return data;
  }

  std::map<std::string, std::vector<Record>> tables_;
  std::map<std::string, FetchError> errors_;
  std::map<std::string, std::vector<std::string>> hidden_;
  std::vector<TableRead> requests_;
  std::vector<std::vector<TableRead>> waves_;
};

}  // namespace sncheck::test_support
