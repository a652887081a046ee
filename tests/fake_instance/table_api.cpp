// SPDX-License-Identifier: Apache-2.0
#include "table_api.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "query/encoded_query.h"
#include "schema.h"

namespace sncheck::fake {
namespace {

constexpr long kDefaultLimit = 10000;  // the platform's sysparm_limit default

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// A field's value as the Table API would return it.
struct ResolvedField {
  std::string value;
  std::string link;   // non-empty for a reference that has a value
  bool null = false;  // the scenario stores JSON null: sent as null
};

// Field resolution (dot-walks, reference shapes) over the scenario and its index.
class TableView {
 public:
  TableView(const Scenario& scenario, ScenarioIndex& index, std::string base_url)
      : scenario_(scenario), index_(index), base_url_(std::move(base_url)) {}

  bool exists(const std::string& table, std::string_view field) {
    std::size_t dot = field.find('.');
    if (dot == std::string_view::npos) {
      return index_.fields(scenario_, table).count(std::string(field)) > 0;
    }
    const std::string* target = reference_target(table, field.substr(0, dot));
    return target && exists(*target, field.substr(dot + 1));
  }

  // nullopt when the field does not exist; dot-walks through an empty or dangling reference
  // give "" as the platform does.
  std::optional<ResolvedField> resolve(const std::string& table, const Record& row,
                                       std::string_view field) {
    if (!exists(table, field)) return std::nullopt;
    std::size_t dot = field.find('.');
    std::string_view head = field.substr(0, dot);
    const FieldValue* stored = find_field(row, head);
    const std::string* target = reference_target(table, head);
    if (dot == std::string_view::npos) return direct_value(stored, target);
    const Record* referenced = stored ? find_row(*target, stored->value) : nullptr;
    if (!referenced) return ResolvedField{};
    return resolve(*target, *referenced, field.substr(dot + 1));
  }

  const std::vector<Record>& rows(const std::string& table) {
    return *index_.table(scenario_, table);
  }

  const Record* find_row(const std::string& table, const std::string& sys_id) {
    const auto& rows = index_.rows_by_id(scenario_, table);
    auto it = rows.find(sys_id);
    return it == rows.end() ? nullptr : it->second;
  }

 private:
  ResolvedField direct_value(const FieldValue* stored, const std::string* target) const {
    ResolvedField resolved;
    if (!stored) return resolved;
    resolved.value = stored->value;
    resolved.null = stored->null;
    if (resolved.value.empty()) return resolved;  // an empty reference is a plain ""
    if (target) {
      resolved.link = base_url_ + "/api/now/table/" + *target + "/" + resolved.value;
    } else {
      resolved.link = stored->link;
    }
    return resolved;
  }

  const std::string* reference_target(const std::string& table, std::string_view field) const {
    auto it = scenario_.references.find(table + "." + std::string(field));
    return it == scenario_.references.end() ? nullptr : &it->second;
  }

  const Scenario& scenario_;
  ScenarioIndex& index_;
  std::string base_url_;
};

std::string param(const TableRequest& request, const std::string& name) {
  auto it = request.params.find(name);
  return it == request.params.end() ? std::string() : it->second;
}

long number_param(const TableRequest& request, const std::string& name, long fallback,
                  long minimum) {
  std::string text = param(request, name);
  if (text.empty()) return fallback;
  try {
    std::size_t used = 0;
    long value = std::stol(text, &used);
    return used == text.size() && value >= minimum ? value : fallback;
  } catch (const std::exception&) {
    return fallback;
  }
}

std::string trim(std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  std::size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> requested_fields(const TableRequest& request) {
  std::vector<std::string> fields;
  std::string list = param(request, "sysparm_fields");
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = std::min(list.find(',', start), list.size());
    std::string field = trim(std::string_view(list).substr(start, end - start));
    if (!field.empty() && std::find(fields.begin(), fields.end(), field) == fields.end()) {
      fields.push_back(field);
    }
    start = end + 1;
  }
  return fields;
}

// Field ACLs also stop dot-walks through the hidden field.
bool field_hidden(const Scenario& scenario, const std::string& table, const std::string& field) {
  auto hidden = scenario.hidden_fields.find(table);
  if (hidden == scenario.hidden_fields.end()) return false;
  return hidden->second.count(field) > 0 || hidden->second.count(field.substr(0, field.find('.')));
}

bool row_hidden(const Scenario& scenario, const std::string& table, const Record& row) {
  auto hidden = scenario.hidden_rows.find(table);
  return hidden != scenario.hidden_rows.end() &&
         hidden->second.count(field_or_empty(row, "sys_id")) > 0;
}

// A query that does not parse is ignored wholesale, as the platform ignores invalid parts.
EncodedQuery request_query(const TableRequest& request) {
  std::optional<EncodedQuery> query = parse_encoded_query(param(request, "sysparm_query"));
  return query ? *query : EncodedQuery{};
}

const std::string kNoReference;

std::vector<const Record*> matching_rows(TableView& view, const TableRequest& request) {
  EncodedQuery query = request_query(request);
  std::vector<std::string> fields = query_fields(query);
  bool walks = std::any_of(fields.begin(), fields.end(), [](const std::string& field) {
    return field.find('.') != std::string::npos;
  });
  std::map<std::string, bool, std::less<>> existing;  // asked once per field, not once per row
  for (const std::string& field : fields) existing[field] = view.exists(request.table, field);
  auto known = [&](std::string_view field) {
    auto it = existing.find(field);
    return it != existing.end() ? it->second : view.exists(request.table, field);
  };
  // dot-walk -> the reference it starts from -> the value it reaches (nullopt: no such field)
  std::map<std::string, std::map<std::string, std::optional<FieldValue>, std::less<>>>
      walked_values;
  Record queried;
  std::vector<const Record*> rows;
  for (const Record& row : view.rows(request.table)) {
    if (!walks) {
      if (matches(query, row, known)) rows.push_back(&row);
      continue;
    }
    // matches() reads dot-walks as fields of the row: give it just the fields the query names
    // (a copy of every row would dominate the time on a large table). `queried` is reused: its
    // fields are the same for every row.
    for (const std::string& field : fields) {
      std::size_t dot = field.find('.');
      const FieldValue* value = nullptr;
      if (dot == std::string::npos) {
        value = find_field(row, field);
      } else {
        // A dot-walk depends only on the reference it starts from, and many rows share one
        // (every grant of itil): resolve each once.
        const FieldValue* head = find_field(row, std::string_view(field).substr(0, dot));
        const std::string& from = head ? head->value : kNoReference;
        auto& resolved = walked_values[field];
        auto walked = resolved.find(from);
        if (walked == resolved.end()) {
          std::optional<ResolvedField> found = view.resolve(request.table, row, field);
          walked =
              resolved
                  .emplace(from, found ? std::optional<FieldValue>(FieldValue{found->value, ""})
                                       : std::nullopt)
                  .first;
        }
        if (walked->second) value = &*walked->second;
      }
      if (value) {
        queried[field] = *value;
      } else {
        queried.erase(field);
      }
    }
    if (matches(query, queried, known)) rows.push_back(&row);
  }
  return rows;
}

void write_string(JsonWriter& writer, const std::string& text) {
  writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_value(JsonWriter& writer, const ResolvedField& field, bool exclude_reference_link) {
  if (field.null) {
    writer.Null();
    return;
  }
  if (field.link.empty() || exclude_reference_link) {
    write_string(writer, field.value);
    return;
  }
  writer.StartObject();
  writer.Key("link");
  write_string(writer, field.link);
  writer.Key("value");
  write_string(writer, field.value);
  writer.EndObject();
}

// `requested`: the request's sysparm_fields, parsed once per answer; empty means every field.
void write_row(JsonWriter& writer, const Scenario& scenario, TableView& view,
               const TableRequest& request, const std::vector<std::string>& requested,
               const Record& row) {
  std::vector<std::string> all_fields;
  if (requested.empty()) {
    for (const auto& field : row) all_fields.push_back(field.first);
  }
  const std::vector<std::string>& fields = requested.empty() ? all_fields : requested;
  bool exclude_links = param(request, "sysparm_exclude_reference_link") == "true";
  writer.StartObject();
  for (const std::string& field : fields) {
    if (field_hidden(scenario, request.table, field)) continue;
    std::optional<ResolvedField> value = view.resolve(request.table, row, field);
    if (!value) continue;  // unknown fields are silently left out
    write_string(writer, field);
    write_value(writer, *value, exclude_links);
  }
  writer.EndObject();
}

std::string percent_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 15];
    }
  }
  return encoded;
}

std::string page_url(const TableRequest& request, long offset, long limit) {
  std::string url = request.base_url + request.path + "?sysparm_offset=" + std::to_string(offset) +
                    "&sysparm_limit=" + std::to_string(limit);
  for (const auto& [name, value] : request.params) {
    if (name == "sysparm_offset" || name == "sysparm_limit") continue;
    url += "&" + percent_encode(name) + "=" + percent_encode(value);
  }
  return url;
}

// Link: <...>;rel="first",<...>;rel="prev",<...>;rel="next",<...>;rel="last"
std::string link_header(const TableRequest& request, long offset, long limit, long total) {
  auto link = [&](long at, const char* rel) {
    return "<" + page_url(request, at, limit) + ">;rel=\"" + rel + "\"";
  };
  long last = total > 0 ? ((total - 1) / limit) * limit : 0;
  std::string header = link(0, "first");
  if (offset > 0) header += "," + link(std::max(0L, offset - limit), "prev");
  if (offset + limit < total) header += "," + link(offset + limit, "next");
  header += "," + link(last, "last");
  return header;
}

Answer list_answer(const Scenario& scenario, TableView& view, const TableRequest& request) {
  std::vector<const Record*> rows = matching_rows(view, request);
  long total = static_cast<long>(rows.size());
  long limit = number_param(request, "sysparm_limit", kDefaultLimit, 1);
  long offset = number_param(request, "sysparm_offset", 0, 0);
  if (total == 0 && request.empty_is_404) return no_record_found();

  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("result");
  writer.StartArray();
  std::vector<std::string> requested = requested_fields(request);
  // sysparm_limit applies before ACLs: cut the page first, then drop the rows the user can't see.
  for (long i = offset; i < std::min(total, offset + limit); ++i) {
    const Record& row = *rows[static_cast<std::size_t>(i)];
    if (!row_hidden(scenario, request.table, row)) {
      write_row(writer, scenario, view, request, requested, row);
    }
  }
  writer.EndArray();
  writer.EndObject();

  Answer answer;
  answer.body = buffer.GetString();
  if (scenario.total_count_header)
    answer.headers.emplace_back("X-Total-Count", std::to_string(total));
  if (scenario.link_header)
    answer.headers.emplace_back("Link", link_header(request, offset, limit, total));
  return answer;
}

Answer record_answer(const Scenario& scenario, TableView& view, const TableRequest& request) {
  const Record* row = view.find_row(request.table, request.sys_id);
  if (!row || row_hidden(scenario, request.table, *row)) return no_record_found();
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("result");
  write_row(writer, scenario, view, request, requested_fields(request), *row);
  writer.EndObject();
  Answer answer;
  answer.body = buffer.GetString();
  return answer;
}

}  // namespace

const std::vector<Record>* ScenarioIndex::table(const Scenario& scenario, const std::string& name) {
  if (is_derived_table(scenario, name)) {
    auto [it, inserted] = derived_.try_emplace(name);
    if (inserted) {
      it->second =
          name == "sys_dictionary" ? derived_dictionary(scenario) : derived_choices(scenario);
    }
    return &it->second;
  }
  auto rows = scenario.tables.find(name);
  return rows == scenario.tables.end() ? nullptr : &rows->second;
}

const std::set<std::string>& ScenarioIndex::fields(const Scenario& scenario,
                                                   const std::string& table) {
  auto [it, inserted] = fields_.try_emplace(table);
  if (inserted) {
    it->second.insert("sys_id");
    if (const std::vector<Record>* rows = this->table(scenario, table)) {
      for (const Record& row : *rows) {
        for (const auto& field : row) it->second.insert(field.first);
      }
    }
  }
  return it->second;
}

const std::unordered_map<std::string, const Record*>& ScenarioIndex::rows_by_id(
    const Scenario& scenario, const std::string& table) {
  auto [it, inserted] = rows_by_id_.try_emplace(table);
  if (inserted) {
    if (const std::vector<Record>* rows = this->table(scenario, table)) {
      for (const Record& row : *rows) it->second.emplace(field_or_empty(row, "sys_id"), &row);
    }
  }
  return it->second;
}

void ScenarioIndex::clear() {
  derived_.clear();
  fields_.clear();
  rows_by_id_.clear();
}

Answer answer_table_get(const Scenario& scenario, ScenarioIndex& index,
                        const TableRequest& request) {
  if (index.table(scenario, request.table) == nullptr) return invalid_table(request.table);
  if (scenario.denied_tables.count(request.table) > 0) return insufficient_rights();
  TableView view(scenario, index, request.base_url);
  return request.sys_id.empty() ? list_answer(scenario, view, request)
                                : record_answer(scenario, view, request);
}

std::string page_link(const TableRequest& request, long offset, long limit) {
  return page_url(request, offset, limit);
}

bool field_exists(const Scenario& scenario, const std::string& table, const std::string& field) {
  ScenarioIndex index;
  TableView view(scenario, index, "");
  return view.exists(table, field);
}

}  // namespace sncheck::fake
