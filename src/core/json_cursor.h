// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading user-written JSON files (checks, suites, profiles, waivers, snapshots) with errors that
// name the file and the exact field: "checks/x.json: condition.require[1].op: must be a string".
// RapidJSON stays behind this header for the loaders; the Table API parser has its own.

#include <rapidjson/document.h>

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

// Throws the loader's own error type with a finished message; must not return.
using JsonFailure = std::function<void(const std::string& message)>;

// Parses a whole document (UTF-8 validated, iterative so deep nesting cannot overflow the
// stack, duplicate keys refused). On error calls `fail` with "<origin>:<line>:<column>: ...".
void parse_json_document(rapidjson::Document& document, std::string_view text,
                         const std::string& origin, const JsonFailure& fail);

// The path of the first object member whose name repeats an earlier one in the same object
// ("result[3].name"), or nullopt. RapidJSON keeps both; the platform never sends one twice.
std::optional<std::string> duplicate_key(const rapidjson::Value& value);

// A cursor over one JSON object, naming each field by its path.
class JsonFields {
 public:
  JsonFields(const rapidjson::Value& object, std::string path, std::string origin,
             JsonFailure fail);

  [[noreturn]] void fail(std::string_view field, std::string_view problem) const;
  std::string qualified(std::string_view field) const;
  // Fails on a member not in `names` ("unknown field (a typo?)").
  void allow_only(std::initializer_list<std::string_view> names) const;
  bool has(std::string_view field) const { return find(field) != nullptr; }
  const rapidjson::Value* find(std::string_view field) const;

  // required: missing or empty fails. Otherwise missing gives "".
  std::string string(std::string_view field, bool required = true) const;
  bool boolean(std::string_view field, bool fallback) const;
  int integer(std::string_view field, int fallback) const;
  // An array of non-empty strings; required: missing or empty fails.
  std::vector<std::string> strings(std::string_view field, bool required = false) const;
  std::map<std::string, std::string> string_map(std::string_view field) const;
  JsonFields object(std::string_view field) const;  // required
  // The members of this object, in file order, as (name, cursor over the value object).
  std::vector<std::pair<std::string, JsonFields>> objects() const;

  const rapidjson::Value& json() const { return object_; }
  const std::string& path() const { return path_; }
  const std::string& origin() const { return origin_; }

 private:
  const rapidjson::Value& object_;
  std::string path_;
  std::string origin_;
  JsonFailure fail_;
};

}  // namespace sncheck
