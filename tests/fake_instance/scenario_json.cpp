// SPDX-License-Identifier: Apache-2.0
// Scenario files: the JSON format documented in scenarios/README.md.

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "fake_instance.h"

namespace sncheck::fake {
namespace {

using Json = rapidjson::Value;

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw std::runtime_error("scenario: " + path + ": " + problem);
}

const Json& expect_object(const Json& value, const std::string& path) {
  if (!value.IsObject()) fail(path, "expected an object");
  return value;
}

const Json& expect_array(const Json& value, const std::string& path) {
  if (!value.IsArray()) fail(path, "expected an array");
  return value;
}

std::string expect_string(const Json& value, const std::string& path) {
  if (!value.IsString()) fail(path, "expected a string");
  return std::string(value.GetString(), value.GetStringLength());
}

bool expect_bool(const Json& value, const std::string& path) {
  if (!value.IsBool()) fail(path, "expected true or false");
  return value.GetBool();
}

int expect_int(const Json& value, const std::string& path) {
  if (!value.IsInt()) fail(path, "expected an integer");
  return value.GetInt();
}

std::string key_of(const Json::ConstMemberIterator& member) {
  return std::string(member->name.GetString(), member->name.GetStringLength());
}

std::uint64_t fnv1a(const std::string& text, std::uint64_t hash) {
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

// 32 lowercase hex digits, like a real sys_id, stable for a given table and row position.
std::string derived_sys_id(const std::string& table, std::size_t position) {
  std::string seed = table + "#" + std::to_string(position);
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx",
                static_cast<unsigned long long>(fnv1a(seed, 14695981039346656037ULL)),
                static_cast<unsigned long long>(fnv1a(seed, 0x9e3779b97f4a7c15ULL)));
  return text;
}

// "value" or {"value": "...", "link": "..."}: all Table API values are strings; null is sent as
// JSON null (a value the platform leaves unset on some fields).
FieldValue parse_field(const Json& json, const std::string& path) {
  if (json.IsString()) return FieldValue{expect_string(json, path), ""};
  if (json.IsNull()) return FieldValue{"", "", true};
  if (!json.IsObject()) fail(path, "expected a string or {\"value\", \"link\"}");
  FieldValue field;
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    std::string key = key_of(member);
    if (key == "value" && member->value.IsNull()) {
      field.null = true;
    } else if (key == "value") {
      field.value = expect_string(member->value, path + ".value");
    } else if (key == "link") {
      field.link = expect_string(member->value, path + ".link");
    } else {
      fail(path + "." + key, "unknown key (expected value or link)");
    }
  }
  return field;
}

Record parse_row(const Json& json, const std::string& table, std::size_t position,
                 const std::string& path) {
  Record row;
  expect_object(json, path);
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    std::string key = key_of(member);
    row[key] = parse_field(member->value, path + "." + key);
  }
  if (!find_field(row, "sys_id")) row["sys_id"] = FieldValue{derived_sys_id(table, position), ""};
  return row;
}

void parse_tables(const Json& json, const std::string& path, Scenario& scenario) {
  expect_object(json, path);
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    std::string table = key_of(member);
    std::string table_path = path + "." + table;
    std::vector<Record> rows;
    const Json& array = expect_array(member->value, table_path);
    for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
      rows.push_back(parse_row(array[i], table, i, table_path + "[" + std::to_string(i) + "]"));
    }
    scenario.tables[table] = std::move(rows);
  }
}

std::set<std::string> parse_string_set(const Json& json, const std::string& path) {
  std::set<std::string> values;
  const Json& array = expect_array(json, path);
  for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
    values.insert(expect_string(array[i], path + "[" + std::to_string(i) + "]"));
  }
  return values;
}

// {"table": ["a", "b"]}: each listed table replaces the base scenario's entry.
void parse_string_sets(const Json& json, const std::string& path,
                       std::map<std::string, std::set<std::string>>& target) {
  expect_object(json, path);
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    target[key_of(member)] = parse_string_set(member->value, path + "." + key_of(member));
  }
}

void parse_references(const Json& json, const std::string& path, Scenario& scenario) {
  expect_object(json, path);
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    std::string key = key_of(member);
    if (key.find('.') == std::string::npos) fail(path + "." + key, "expected \"<table>.<field>\"");
    scenario.references[key] = expect_string(member->value, path + "." + key);
  }
}

TableFault parse_table_fault(const Json& json, const std::string& path) {
  TableFault fault;
  expect_object(json, path);
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    std::string key = key_of(member);
    std::string at = path + "." + key;
    if (key == "status") {
      fault.status = expect_int(member->value, at);
    } else if (key == "times") {
      fault.times = expect_int(member->value, at);
    } else if (key == "retry_after") {
      fault.retry_after = expect_int(member->value, at);
    } else if (key == "body") {
      fault.body = expect_string(member->value, at);
    } else if (key == "content_type") {
      fault.content_type = expect_string(member->value, at);
    } else if (key == "delay_ms") {
      fault.delay_ms = expect_int(member->value, at);
    } else if (key == "stall_ms") {
      fault.stall_ms = expect_int(member->value, at);
    } else if (key == "link_loop") {
      fault.link_loop = expect_bool(member->value, at);
    } else if (key == "total_count") {
      fault.total_count = expect_int(member->value, at);
    } else if (key == "location") {
      fault.location = expect_string(member->value, at);
    } else if (key == "link_always_next") {
      fault.link_always_next = expect_bool(member->value, at);
    } else if (key == "ignore_offset") {
      fault.ignore_offset = expect_bool(member->value, at);
    } else if (key == "total_count_text") {
      fault.total_count_text = expect_string(member->value, at);
    } else if (key == "extra_total_count") {
      fault.extra_total_count = expect_string(member->value, at);
    } else if (key == "link_text") {
      fault.link_text = expect_string(member->value, at);
    } else if (key == "null_fields") {
      fault.null_fields = parse_string_set(member->value, at);
    } else if (key == "duplicate_key") {
      fault.duplicate_key = expect_string(member->value, at);
    } else if (key == "duplicate_value") {
      fault.duplicate_value = expect_string(member->value, at);
    } else if (key == "duplicate_result") {
      fault.duplicate_result = expect_bool(member->value, at);
    } else {
      fail(at, "unknown fault key");
    }
  }
  return fault;
}

Faults parse_faults(const Json& json, const std::string& path) {
  Faults faults;
  expect_object(json, path);
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    std::string key = key_of(member);
    std::string at = path + "." + key;
    if (key == "latency_ms") {
      faults.latency_ms = expect_int(member->value, at);
    } else if (key == "hibernating") {
      faults.hibernating = expect_bool(member->value, at);
    } else if (key == "login_redirect") {
      faults.login_redirect = expect_bool(member->value, at);
    } else if (key == "token") {
      faults.token = parse_table_fault(member->value, at);
    } else if (key == "tables") {
      expect_object(member->value, at);
      for (auto table = member->value.MemberBegin(); table != member->value.MemberEnd(); ++table) {
        faults.tables[key_of(table)] = parse_table_fault(table->value, at + "." + key_of(table));
      }
    } else {
      fail(at, "unknown key");
    }
  }
  return faults;
}

std::string expect_column_key(const std::string& key, const std::string& path) {
  if (key.find('.') == std::string::npos || key.front() == '.' || key.back() == '.') {
    fail(path, "expected \"<table>.<column>\"");
  }
  return key;
}

// "schema": {"columns": {"table": [...]}, "defined_on": {"t.c": "parent"}, "labels": {"t.c":
// "..."}, "dropped": ["t.c"], "choices": {"t.c": [{"value": "...", "label": "..."}]}}: each entry
// replaces its namesake in the base scenario.
void parse_schema(const Json& json, const std::string& path, Schema& schema) {
  expect_object(json, path);
  for (auto member = json.MemberBegin(); member != json.MemberEnd(); ++member) {
    std::string key = key_of(member);
    std::string at = path + "." + key;
    const Json& value = member->value;
    if (key == "columns") {
      parse_string_sets(value, at, schema.columns);
    } else if (key == "dropped") {
      for (const std::string& column : parse_string_set(value, at)) {
        schema.dropped.insert(expect_column_key(column, at));
      }
    } else if (key == "defined_on" || key == "labels") {
      auto& target = key == "labels" ? schema.labels : schema.defined_on;
      expect_object(value, at);
      for (auto entry = value.MemberBegin(); entry != value.MemberEnd(); ++entry) {
        std::string column = expect_column_key(key_of(entry), at + "." + key_of(entry));
        target[column] = expect_string(entry->value, at + "." + column);
      }
    } else if (key == "choices") {
      expect_object(value, at);
      for (auto entry = value.MemberBegin(); entry != value.MemberEnd(); ++entry) {
        std::string column = expect_column_key(key_of(entry), at + "." + key_of(entry));
        const Json& list = expect_array(entry->value, at + "." + column);
        std::vector<std::pair<std::string, std::string>> choices;
        for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
          std::string item = at + "." + column + "[" + std::to_string(i) + "]";
          expect_object(list[i], item);
          std::string choice_value;
          std::string label;
          for (auto field = list[i].MemberBegin(); field != list[i].MemberEnd(); ++field) {
            if (key_of(field) == "value") {
              choice_value = expect_string(field->value, item + ".value");
            } else if (key_of(field) == "label") {
              label = expect_string(field->value, item + ".label");
            } else {
              fail(item + "." + key_of(field), "unknown key (expected value or label)");
            }
          }
          choices.emplace_back(choice_value, label);
        }
        schema.choices[column] = std::move(choices);
      }
    } else {
      fail(at, "unknown key");
    }
  }
}

Record* find_row(Scenario& scenario, const std::string& table, const std::string& sys_id) {
  auto rows = scenario.tables.find(table);
  if (rows == scenario.tables.end()) return nullptr;
  for (Record& row : rows->second) {
    if (field_or_empty(row, "sys_id") == sys_id) return &row;
  }
  return nullptr;
}

// "remove_rows": {"table": ["sys_id", ...]}: lets a derived scenario drop rows of its base.
void remove_rows(const Json& json, const std::string& path, Scenario& scenario) {
  std::map<std::string, std::set<std::string>> removals;
  parse_string_sets(json, path, removals);
  for (const auto& removal : removals) {
    // Named, not a structured binding: C++17 lambdas cannot capture those (clang refuses).
    const std::string& table = removal.first;
    const std::set<std::string>& sys_ids = removal.second;
    for (const std::string& sys_id : sys_ids) {
      if (!find_row(scenario, table, sys_id)) fail(path + "." + table, "no row " + sys_id);
    }
    auto& rows = scenario.tables[table];
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const Record& row) {
                                return sys_ids.count(field_or_empty(row, "sys_id")) > 0;
                              }),
               rows.end());
  }
}

// "add_rows": {"table": [row, ...]}: appends rows to the base's table (created when absent).
void add_rows(const Json& json, const std::string& path, Scenario& scenario) {
  expect_object(json, path);
  for (auto table = json.MemberBegin(); table != json.MemberEnd(); ++table) {
    std::string name = key_of(table);
    std::string table_path = path + "." + name;
    const Json& array = expect_array(table->value, table_path);
    std::vector<Record>& rows = scenario.tables[name];
    for (rapidjson::SizeType i = 0; i < array.Size(); ++i) {
      rows.push_back(
          parse_row(array[i], name, rows.size(), table_path + "[" + std::to_string(i) + "]"));
    }
  }
}

// "update_rows": {"table": {"sys_id": {"field": value}}}: changes fields of the base's rows.
void update_rows(const Json& json, const std::string& path, Scenario& scenario) {
  expect_object(json, path);
  for (auto table = json.MemberBegin(); table != json.MemberEnd(); ++table) {
    std::string table_path = path + "." + key_of(table);
    expect_object(table->value, table_path);
    for (auto row = table->value.MemberBegin(); row != table->value.MemberEnd(); ++row) {
      std::string row_path = table_path + "." + key_of(row);
      Record* target = find_row(scenario, key_of(table), key_of(row));
      if (!target) fail(row_path, "no such row");
      expect_object(row->value, row_path);
      for (auto field = row->value.MemberBegin(); field != row->value.MemberEnd(); ++field) {
        (*target)[key_of(field)] = parse_field(field->value, row_path + "." + key_of(field));
      }
    }
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("scenario: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string directory_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

Scenario parse_scenario_in(const std::string& json_text, const std::string& directory);

// Keys apply in a fixed order whatever their order in the file: extends first, then the
// scenario's own values, then the row edits.
void apply_member(const std::string& key, const Json& value, Scenario& scenario) {
  std::string at = "$." + key;
  if (key == "name") {
    scenario.name = expect_string(value, at);
  } else if (key == "description") {
    expect_string(value, at);  // for people reading the file
  } else if (key == "tables") {
    parse_tables(value, at, scenario);
  } else if (key == "references") {
    parse_references(value, at, scenario);
  } else if (key == "hidden_rows") {
    parse_string_sets(value, at, scenario.hidden_rows);
  } else if (key == "hidden_fields") {
    parse_string_sets(value, at, scenario.hidden_fields);
  } else if (key == "denied_tables") {
    scenario.denied_tables = parse_string_set(value, at);
  } else if (key == "user") {
    scenario.user = expect_string(value, at);
  } else if (key == "password") {
    scenario.password = expect_string(value, at);
  } else if (key == "bearer_token") {
    scenario.bearer_token = expect_string(value, at);
  } else if (key == "client_secrets") {
    expect_object(value, at);
    for (auto member = value.MemberBegin(); member != value.MemberEnd(); ++member) {
      scenario.client_secrets[key_of(member)] =
          expect_string(member->value, at + "." + key_of(member));
    }
  } else if (key == "token_basic_auth") {
    scenario.token_basic_auth = expect_bool(value, at);
  } else if (key == "link_header") {
    scenario.link_header = expect_bool(value, at);
  } else if (key == "total_count_header") {
    scenario.total_count_header = expect_bool(value, at);
  } else if (key == "faults") {
    scenario.faults = parse_faults(value, at);
  } else if (key == "schema") {
    parse_schema(value, at, scenario.schema);
  } else if (key != "extends" && key != "remove_rows" && key != "update_rows" &&
             key != "add_rows") {
    fail(at, "unknown key");
  }
}

Scenario parse_scenario_in(const std::string& json_text, const std::string& directory) {
  rapidjson::Document document;
  document.Parse(json_text.c_str(), json_text.size());
  if (document.HasParseError()) {
    fail("$", std::string("invalid JSON at offset ") + std::to_string(document.GetErrorOffset()) +
                  ": " + rapidjson::GetParseError_En(document.GetParseError()));
  }
  expect_object(document, "$");
  Scenario scenario;
  if (document.HasMember("extends")) {
    std::string base = expect_string(document["extends"], "$.extends");
    scenario = load_scenario_file(base.rfind('/', 0) == 0 ? base : directory + "/" + base);
  }
  for (auto member = document.MemberBegin(); member != document.MemberEnd(); ++member) {
    apply_member(key_of(member), member->value, scenario);
  }
  if (document.HasMember("remove_rows"))
    remove_rows(document["remove_rows"], "$.remove_rows", scenario);
  if (document.HasMember("add_rows")) add_rows(document["add_rows"], "$.add_rows", scenario);
  if (document.HasMember("update_rows"))
    update_rows(document["update_rows"], "$.update_rows", scenario);
  return scenario;
}

}  // namespace

Scenario parse_scenario(const std::string& json_text) {
  return parse_scenario_in(json_text, SNCHECK_SCENARIO_DIR);
}

Scenario load_scenario_file(const std::string& path) {
  try {
    return parse_scenario_in(read_file(path), directory_of(path));
  } catch (const std::runtime_error& error) {
    throw std::runtime_error(path + ": " + error.what());
  }
}

Scenario healthy_scenario() { return load_scenario_file(SNCHECK_SCENARIO_DIR "/healthy.json"); }

Scenario demo_scenario() { return load_scenario_file(SNCHECK_SCENARIO_DIR "/demo.json"); }

}  // namespace sncheck::fake
