// SPDX-License-Identifier: Apache-2.0
#pragma once
// A row as the Table API returns it: every value is a string; reference fields also carry a link.
//
// A run may hold 100,000 rows of one table, each with the same dozen or more fields: a row is a
// flat array of (name, value) in name order, and each name is interned (one copy per distinct
// name in the process), so a row costs its values and a pointer per field, not a tree node and a
// copy of the name per field.

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/shared_text.h"

namespace sncheck {

struct FieldValue {
  std::string value;  // the raw value; for a reference field, the referenced sys_id
  SharedText link;    // for a reference field returned as {link, value}; empty otherwise
  // The instance sent JSON null (the field, or a reference's "value"): not the same as "". A
  // check that judges such a value reports an error naming it; value stays "".
  bool null = false;
};

// A field name, interned: equal names share one immutable copy for the life of the process
// (thread-safe). Compares, prints and converts as the name's text.
class FieldName {
 public:
  FieldName(std::string_view name);  // NOLINT(google-explicit-constructor): interns
  FieldName(const std::string& name) : FieldName(std::string_view(name)) {}  // NOLINT
  FieldName(const char* name) : FieldName(std::string_view(name)) {}         // NOLINT

  const std::string& str() const { return *name_; }
  operator const std::string&() const { return *name_; }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return *name_; }    // NOLINT(google-explicit-constructor)
  bool empty() const { return name_->empty(); }
  std::size_t size() const { return name_->size(); }
  const char* c_str() const { return name_->c_str(); }
  const char* data() const { return name_->data(); }
  std::size_t find(std::string_view text, std::size_t from = 0) const {
    return name_->find(text, from);
  }
  std::size_t find(char c, std::size_t from = 0) const { return name_->find(c, from); }
  std::string substr(std::size_t from, std::size_t count = std::string::npos) const {
    return name_->substr(from, count);
  }
  // Whether both are the one interned copy (always so for equal names).
  bool same_storage(const FieldName& other) const { return name_ == other.name_; }

  // Hidden friends: found only for a FieldName operand, so they never take part in comparing two
  // standard strings.
  friend bool operator==(const FieldName& a, const FieldName& b) { return a.same_storage(b); }
  friend bool operator!=(const FieldName& a, const FieldName& b) { return !a.same_storage(b); }
  friend bool operator<(const FieldName& a, const FieldName& b) {
    return std::string_view(a.str()) < std::string_view(b.str());
  }
  friend bool operator==(const FieldName& a, std::string_view b) { return same_text(a.str(), b); }
  friend bool operator!=(const FieldName& a, std::string_view b) { return !same_text(a.str(), b); }
  friend bool operator==(std::string_view a, const FieldName& b) { return same_text(a, b.str()); }
  friend bool operator!=(std::string_view a, const FieldName& b) { return !same_text(a, b.str()); }
  friend bool operator==(const FieldName& a, const std::string& b) { return same_text(a.str(), b); }
  friend bool operator!=(const FieldName& a, const std::string& b) {
    return !same_text(a.str(), b);
  }
  friend bool operator==(const std::string& a, const FieldName& b) { return same_text(a, b.str()); }
  friend bool operator!=(const std::string& a, const FieldName& b) {
    return !same_text(a, b.str());
  }
  friend bool operator==(const FieldName& a, const char* b) { return same_text(a.str(), b); }
  friend bool operator!=(const FieldName& a, const char* b) { return !same_text(a.str(), b); }
  friend std::string operator+(const std::string& a, const FieldName& b) {
    return std::string(a).append(b.str());
  }
  friend std::string operator+(const FieldName& a, const std::string& b) {
    return std::string(a.str()).append(b);
  }
  friend std::string operator+(const char* a, const FieldName& b) {
    return std::string(a).append(b.str());
  }
  friend std::string operator+(const FieldName& a, const char* b) {
    return std::string(a.str()).append(b);
  }
  friend std::ostream& operator<<(std::ostream& out, const FieldName& name) {
    return out << name.str();
  }

 private:
  const std::string* name_;
};

// Keys are field names as requested, dot-walks included ("user.active"); iterated in name order
// (byte order), as the std::map it replaces was. The interface is the part of std::map's that
// rows use.
class Record {
 public:
  using value_type = std::pair<FieldName, FieldValue>;
  using iterator = std::vector<value_type>::iterator;
  using const_iterator = std::vector<value_type>::const_iterator;

 private:
  template <typename Fields>
  static auto lower_bound_in(Fields& fields, std::string_view name) {
    // Rows arrive in name order: most insertions are at the end.
    if (fields.empty() || std::string_view(fields.back().first) < name) return fields.end();
    return std::lower_bound(fields.begin(), fields.end(), name,
                            [](const value_type& field, std::string_view wanted) {
                              return std::string_view(field.first) < wanted;
                            });
  }
  template <typename Fields>
  static auto find_in(Fields& fields, std::string_view name) {
    auto it = lower_bound_in(fields, name);
    return it != fields.end() && it->first == name ? it : fields.end();
  }

 public:
  Record() = default;
  Record(std::initializer_list<std::pair<std::string_view, FieldValue>> fields) {
    for (const auto& [name, value] : fields) insert_or_assign(name, value);
  }

  iterator begin() { return fields_.begin(); }
  iterator end() { return fields_.end(); }
  const_iterator begin() const { return fields_.begin(); }
  const_iterator end() const { return fields_.end(); }
  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  void clear() { fields_.clear(); }
  void reserve(std::size_t fields) { fields_.reserve(fields); }

  iterator find(std::string_view name) { return find_in(fields_, name); }
  const_iterator find(std::string_view name) const { return find_in(fields_, name); }
  std::size_t count(std::string_view name) const { return find(name) == end() ? 0 : 1; }
  FieldValue& at(std::string_view name) {
    auto it = find(name);
    if (it == end()) throw std::out_of_range("Record::at: no field " + std::string(name));
    return it->second;
  }
  const FieldValue& at(std::string_view name) const {
    auto it = find(name);
    if (it == end()) throw std::out_of_range("Record::at: no field " + std::string(name));
    return it->second;
  }
  FieldValue& operator[](std::string_view name) {
    auto it = lower_bound(name);
    if (it == fields_.end() || it->first != name) it = fields_.emplace(it, name, FieldValue{});
    return it->second;
  }
  // Adds the field unless the record has it (then leaves it as it was); true when added.
  std::pair<iterator, bool> emplace(std::string_view name, FieldValue value) {
    auto it = lower_bound(name);
    if (it != fields_.end() && it->first == name) return {it, false};
    return {fields_.emplace(it, name, std::move(value)), true};
  }
  std::pair<iterator, bool> insert(value_type field) {
    return emplace(field.first, std::move(field.second));
  }
  std::pair<iterator, bool> insert_or_assign(std::string_view name, FieldValue value) {
    auto [it, added] = emplace(name, FieldValue{});
    it->second = std::move(value);
    return {it, added};
  }
  std::size_t erase(std::string_view name) {
    auto it = find(name);
    if (it == end()) return 0;
    fields_.erase(it);
    return 1;
  }
  iterator erase(const_iterator it) { return fields_.erase(it); }

  friend bool operator==(const Record& a, const Record& b);
  friend bool operator!=(const Record& a, const Record& b) { return !(a == b); }

 private:
  iterator lower_bound(std::string_view name) { return lower_bound_in(fields_, name); }

  std::vector<value_type> fields_;  // in name order, no name twice
};

inline bool operator==(const FieldValue& a, const FieldValue& b) {
  return a.value == b.value && a.link == b.link && a.null == b.null;
}
inline bool operator!=(const FieldValue& a, const FieldValue& b) { return !(a == b); }
inline bool operator==(const Record& a, const Record& b) { return a.fields_ == b.fields_; }

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

template <>
struct fmt::formatter<sncheck::FieldName> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(const sncheck::FieldName& name, Context& context) const {
    return fmt::formatter<std::string_view>::format(std::string_view(name.str()), context);
  }
};
