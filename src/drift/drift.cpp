// SPDX-License-Identifier: Apache-2.0
#include "drift/drift.h"

#include "core/strings.h"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace sncheck {
namespace {

void add_item(DriftConfig& config, ConfigItem item) {
  auto key = std::make_pair(item.kind, item.key);
  config.items.insert_or_assign(key, std::move(item));
}

// The first template whose fields are all non-empty; with `last_may_be_empty`, the last one when
// its fields were all returned (some empty). nullopt otherwise: a field the instance did not
// return is "not read", never empty.
std::optional<std::string> first_filled(const std::vector<std::string>& templates,
                                        const Record& row, bool last_may_be_empty) {
  auto lookup = [&row](std::string_view field) -> const std::string* {
    const FieldValue* value = find_field(row, field);
    return value ? &value->value : nullptr;
  };
  std::string out;
  for (const std::string& text : templates) {
    if (expand_fields(text, lookup, out)) return out;
  }
  if (!last_may_be_empty || templates.empty()) return std::nullopt;
  std::string expanded;
  std::string_view text = templates.back();
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find('{', pos);
    std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      expanded.append(text.substr(pos));
      break;
    }
    expanded.append(text.substr(pos, open - pos));
    const std::string* value = lookup(text.substr(open + 1, close - open - 1));
    if (value == nullptr) return std::nullopt;
    expanded.append(*value);
    pos = close + 1;
  }
  return expanded;
}

void extract_item(DriftConfig& config, const DriftItem& item, const Record& row) {
  if (!item.require.empty() && field_or_empty(row, item.require).empty()) return;
  std::optional<std::string> key = first_filled(item.key, row, false);
  if (!key) return;
  ConfigItem out{item.kind, *key, {}};
  for (const auto& [name, templates] : item.attributes) {
    if (std::optional<std::string> value = first_filled(templates, row, true)) {
      out.attributes[name] = *value;
    }
  }
  add_item(config, std::move(out));
}

void write_side(rapidjson::PrettyWriter<rapidjson::OStreamWrapper>& w, const char* key,
                const DriftConfig& config) {
  w.Key(key);
  w.StartObject();
  w.Key("source");
  w.String(config.instance.c_str());
  w.Key("items");
  w.Int(static_cast<int>(config.items.size()));
  w.Key("errors");
  w.StartArray();
  for (const std::string& error : config.errors) w.String(error.c_str());
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::vector<TableRead> drift_reads(const std::vector<const SuiteDescriptor*>& suites) {
  std::vector<TableRead> reads;
  for (const SuiteDescriptor* suite : suites) {
    for (TableRead& read : suite->drift_reads()) {
      if (std::find(reads.begin(), reads.end(), read) == reads.end())
        reads.push_back(std::move(read));
    }
  }
  return reads;
}

DriftConfig extract_config(const std::string& instance,
                           const std::vector<const SuiteDescriptor*>& suites,
                           const std::vector<TableData>& data) {
  DriftConfig config;
  config.instance = instance;
  for (const TableData& table : data) {
    if (table.error) {
      config.errors.push_back(table.error->message);
      continue;
    }
    for (const SuiteDescriptor* suite : suites) {
      for (const DriftItem& item : suite->drift) {
        if (item.table != table.read.table || item.query != table.read.query) continue;
        for (const Record& row : table.rows) extract_item(config, item, row);
      }
    }
  }
  return config;
}

std::vector<Difference> compare_configs(const DriftConfig& a, const DriftConfig& b) {
  std::vector<Difference> out;
  for (const auto& [key, item] : a.items) {
    auto other = b.items.find(key);
    if (other == b.items.end()) {
      out.push_back({item.kind, item.key, "removed", "", "", ""});
      continue;
    }
    std::map<std::string, std::string> attributes = item.attributes;
    attributes.insert(other->second.attributes.begin(), other->second.attributes.end());
    for (const auto& [name, unused] : attributes) {
      auto in_a = item.attributes.find(name);
      auto in_b = other->second.attributes.find(name);
      std::string value_a = in_a == item.attributes.end() ? "(not read)" : in_a->second;
      std::string value_b = in_b == other->second.attributes.end() ? "(not read)" : in_b->second;
      if (value_a != value_b)
        out.push_back({item.kind, item.key, "changed", name, value_a, value_b});
    }
  }
  for (const auto& [key, item] : b.items) {
    if (a.items.count(key) == 0) out.push_back({item.kind, item.key, "added", "", "", ""});
  }
  std::stable_sort(out.begin(), out.end(), [](const Difference& x, const Difference& y) {
    return std::tie(x.kind, x.key) < std::tie(y.kind, y.key);
  });
  return out;
}

void write_drift_text(std::ostream& out, const DriftConfig& a, const DriftConfig& b,
                      const std::vector<Difference>& differences) {
  // What the instances hold is written with its control characters escaped (core/strings.h).
  auto safe = [](std::string_view text) { return escape_control(text); };
  out << fmt::format("sncheck diff\n  A: {}\n  B: {}\n\n", safe(a.instance), safe(b.instance));
  for (const auto* side : {&a, &b}) {
    for (const std::string& error : side->errors) {
      out << fmt::format("Could not read {}: {}\n", safe(side->instance), safe(error));
    }
  }
  for (const Difference& d : differences) {
    if (d.change == "changed") {
      out << fmt::format("changed  {} {}: {} '{}' -> '{}'\n", d.kind, safe(d.key), d.attribute,
                         safe(d.a), safe(d.b));
    } else {
      out << fmt::format("{:<8} {} {} ({} B)\n", d.change, d.kind, safe(d.key),
                         d.change == "added" ? "only in" : "not in");
    }
  }
  if (!a.errors.empty() || !b.errors.empty()) {
    out << "\nCould not compare: a side could not be read completely.\n";
  } else if (differences.empty()) {
    std::set<std::string> kinds;
    for (const auto& entry : a.items) kinds.insert(entry.first.first);
    out << fmt::format("No drift: the {} compared items match ({}).\n", a.items.size(),
                       fmt::join(kinds, ", "));
  } else {
    out << fmt::format("\n{} differences.\n", differences.size());
  }
}

void write_drift_json(std::ostream& out, const DriftConfig& a, const DriftConfig& b,
                      const std::vector<Difference>& differences) {
  rapidjson::OStreamWrapper stream(out);
  rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(stream);
  w.SetIndent(' ', 2);
  w.StartObject();
  write_side(w, "a", a);
  write_side(w, "b", b);
  bool incomplete = !a.errors.empty() || !b.errors.empty();
  w.Key("exit_code");
  w.Int(incomplete ? 2 : (differences.empty() ? 0 : 1));
  w.Key("differences");
  w.StartArray();
  for (const Difference& d : differences) {
    w.StartObject();
    w.Key("kind");
    w.String(d.kind.c_str());
    w.Key("key");
    w.String(d.key.c_str());
    w.Key("change");
    w.String(d.change.c_str());
    if (d.change == "changed") {
      w.Key("attribute");
      w.String(d.attribute.c_str());
      w.Key("a");
      w.String(d.a.c_str());
      w.Key("b");
      w.String(d.b.c_str());
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out << '\n';
}

}  // namespace sncheck
