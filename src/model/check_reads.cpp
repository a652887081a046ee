// SPDX-License-Identifier: Apache-2.0
#include "model/check_reads.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/strings.h"

#include "model/evaluator.h"
#include "query/encoded_query.h"

namespace sncheck {
namespace {

void add_template_fields(std::set<std::string>& fields, const std::string& text) {
  for (std::string& field : template_fields(text)) fields.insert(std::move(field));
}

void add_test_fields(std::set<std::string>& fields, const std::vector<FieldTest>& tests) {
  for (const FieldTest& test : tests) {
    fields.insert(test.field);
    add_template_fields(fields, test.message);
    add_template_fields(fields, test.remediation);
  }
}

void add_condition_fields(std::set<std::string>& fields, const CheckDefinition& check,
                          const ReadSpec& read) {
  if (!check.condition || check.condition->read != read.name) return;
  const Condition& condition = *check.condition;
  add_test_fields(fields, condition.applies_if);
  add_test_fields(fields, condition.require);
  for (const std::string* text : {&condition.subject, &condition.not_applicable,
                                  &condition.pass_message, &check.remediation}) {
    add_template_fields(fields, *text);
  }
}

void add_query_fields(std::set<std::string>& fields, const std::string& query) {
  if (std::optional<EncodedQuery> parsed = parse_encoded_query(query)) {
    for (std::string& field : query_fields(*parsed)) fields.insert(std::move(field));
  }
}

}  // namespace

std::vector<std::string> needed_fields(const CheckDefinition& check, const ReadSpec& read) {
  std::set<std::string> fields(read.fields.begin(), read.fields.end());
  fields.insert("sys_id");
  if (read.keyed_on && !read.keyed_on->only_if_found()) fields.insert(read.keyed_on->column);
  for (const ReadSpec& other : check.reads) {
    if (!other.keyed_on || other.keyed_on->read != read.name) continue;
    for (std::string& field : split_list(other.keyed_on->field)) fields.insert(std::move(field));
  }
  add_condition_fields(fields, check, read);
  for (const auto& entry : read.narrow) add_query_fields(fields, entry.second);
  add_query_fields(fields, read.query);
  return {fields.begin(), fields.end()};
}

std::string effective_query(const ReadSpec& read, const RunParams& params) {
  std::string query = read.query;
  for (const auto& [param, clause] : read.narrow) {
    const std::string* value = params.find(param);
    if (value == nullptr) continue;
    std::string expanded = clause;
    const std::string placeholder = "{" + param + "}";
    for (std::size_t at = expanded.find(placeholder); at != std::string::npos;
         at = expanded.find(placeholder, at + value->size())) {
      expanded.replace(at, placeholder.size(), *value);
    }
    query += "^" + expanded;
  }
  return query;
}

ReadSpec schema_read(const std::vector<SchemaColumn>& columns) {
  // table and parents -> columns, in first-seen order of the tables
  std::vector<std::pair<std::vector<std::string>, std::set<std::string>>> groups;
  for (const SchemaColumn& column : columns) {
    std::vector<std::string> tables{column.table};
    tables.insert(tables.end(), column.parents.begin(), column.parents.end());
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& entry) { return entry.first == tables; });
    if (group == groups.end()) group = groups.insert(groups.end(), {tables, {}});
    group->second.insert(column.column);
  }
  std::vector<std::string> queries;
  for (const auto& [tables, names] : groups) {
    queries.push_back(fmt::format("{}{}^elementIN{}", tables.size() == 1 ? "name=" : "nameIN",
                                  fmt::join(tables, ","), fmt::join(names, ",")));
  }
  return ReadSpec{kSchemaReadName,
                  "sys_dictionary",
                  join_any(queries),
                  {"name", "element", "active"},
                  {},
                  {},
                  {}};
}

bool column_defined(const std::vector<const Record*>& dictionary, const SchemaColumn& column) {
  for (const Record* row : dictionary) {
    if (field_or_empty(*row, "element") != column.column) continue;
    if (field_or_empty(*row, "active") == "false") continue;
    const std::string table = field_or_empty(*row, "name");
    if (table == column.table ||
        std::find(column.parents.begin(), column.parents.end(), table) != column.parents.end()) {
      return true;
    }
  }
  return false;
}

bool read_uses_column(const CheckDefinition& check, const ReadSpec& read,
                      const SchemaColumn& column) {
  if (read.table != column.table) return false;
  for (const std::string& field : needed_fields(check, read)) {
    if (field == column.column || starts_with(field, column.column + ".")) return true;
  }
  return false;
}

}  // namespace sncheck
