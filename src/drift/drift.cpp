#include "drift/drift.h"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace sncheck {
namespace {

// The plugins the oauth.plugin.* checks read (checks/oauth.plugin.*.json).
constexpr const char* kPluginQuery =
    "sourceINcom.snc.platform.security.oauth,com.glide.rest,com.glide.auth.scope,"
    "com.glide.rest.auth.scope";
// Every OAuth property, not only the two the checks read: drift in any of them matters.
constexpr const char* kPropertyQuery =
    "nameSTARTSWITHglide.oauth^ORnameSTARTSWITHcom.snc.platform.security.oauth";

TableRead make_read(std::string table, std::string query, std::vector<std::string> fields) {
  std::sort(fields.begin(), fields.end());
  return TableRead{std::move(table), std::move(query), std::move(fields)};
}

void add_item(DriftConfig& config, ConfigItem item) {
  auto key = std::make_pair(item.kind, item.key);
  config.items.insert_or_assign(key, std::move(item));
}

// Only fields the instance returned: a field hidden by an ACL is not "empty".
void copy_fields(ConfigItem& item, const Record& row,
                 const std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& [field, attribute] : fields) {
    if (const FieldValue* value = find_field(row, field)) item.attributes[attribute] = value->value;
  }
}

void add_registry_entry(DriftConfig& config, const Record& row) {
  std::string client_id = field_or_empty(row, "client_id");
  ConfigItem entry{
      "registry", client_id.empty() ? "name:" + field_or_empty(row, "name") : client_id, {}};
  copy_fields(entry, row,
              {{"name", "name"},
               {"active", "active"},
               {"type", "type"},
               {"access_token_lifespan", "access_token_lifespan"},
               {"refresh_token_lifespan", "refresh_token_lifespan"}});
  std::string user_sys_id = field_or_empty(row, "user");
  std::string user_name = field_or_empty(row, "user.user_name");
  // Sys_ids differ between instances; the user name is what a person compares.
  entry.attributes["user"] = user_name.empty() ? user_sys_id : user_name;
  add_item(config, std::move(entry));
  if (user_sys_id.empty()) return;
  ConfigItem user{"app_user", user_name.empty() ? user_sys_id : user_name, {}};
  copy_fields(user, row, {{"user.active", "active"}, {"user.locked_out", "locked_out"}});
  add_item(config, std::move(user));
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

std::vector<TableRead> drift_reads() {
  return {
      make_read("sys_plugins", kPluginQuery, {"source", "name", "active"}),
      make_read("sys_properties", kPropertyQuery, {"name", "value"}),
      make_read(
          "oauth_entity", "",
          {"name", "client_id", "active", "type", "access_token_lifespan", "refresh_token_lifespan",
           "user", "user.user_name", "user.active", "user.locked_out"}),
  };
}

DriftConfig extract_config(const std::string& instance, const std::vector<TableData>& data) {
  DriftConfig config;
  config.instance = instance;
  for (const TableData& table : data) {
    if (table.error) {
      config.errors.push_back(table.error->message);
      continue;
    }
    for (const Record& row : table.rows) {
      if (table.read.table == "sys_plugins") {
        ConfigItem plugin{"plugin", field_or_empty(row, "source"), {}};
        copy_fields(plugin, row, {{"active", "active"}});
        add_item(config, std::move(plugin));
      } else if (table.read.table == "sys_properties") {
        ConfigItem property{"property", field_or_empty(row, "name"), {}};
        copy_fields(property, row, {{"value", "value"}});
        add_item(config, std::move(property));
      } else if (table.read.table == "oauth_entity") {
        add_registry_entry(config, row);
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
  out << fmt::format("sncheck diff\n  A: {}\n  B: {}\n\n", a.instance, b.instance);
  for (const auto* side : {&a, &b}) {
    for (const std::string& error : side->errors) {
      out << fmt::format("Could not read {}: {}\n", side->instance, error);
    }
  }
  for (const Difference& d : differences) {
    if (d.change == "changed") {
      out << fmt::format("changed  {} {}: {} '{}' -> '{}'\n", d.kind, d.key, d.attribute, d.a, d.b);
    } else {
      out << fmt::format("{:<8} {} {} ({} B)\n", d.change, d.kind, d.key,
                         d.change == "added" ? "only in" : "not in");
    }
  }
  if (!a.errors.empty() || !b.errors.empty()) {
    out << "\nCould not compare: a side could not be read completely.\n";
  } else if (differences.empty()) {
    out << "No drift: plugins, properties, registry entries and application users match.\n";
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
