// SPDX-License-Identifier: Apache-2.0
#pragma once
// A row as the Table API returns it: every value is a string; reference fields also carry a link.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

struct FieldValue {
  std::string value;  // the raw value; for a reference field, the referenced sys_id
  std::string link;   // for a reference field returned as {link, value}; empty otherwise
  // The instance sent JSON null (the field, or a reference's "value"): not the same as "". A
  // check that judges such a value reports an error naming it; value stays "".
  bool null = false;
};

// Keys are field names as requested, dot-walks included ("user.active").
using Record = std::map<std::string, FieldValue, std::less<>>;

// nullptr when the instance did not return the field (no field-level read access, or no such
// field).
inline const FieldValue* find_field(const Record& record, std::string_view name) {
  auto it = record.find(name);
  return it == record.end() ? nullptr : &it->second;
}

inline std::string field_or_empty(const Record& record, std::string_view name) {
  const FieldValue* value = find_field(record, name);
  return value ? value->value : std::string();
}

}  // namespace sncheck
