#include "model/check_reads.h"

#include <set>

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
  if (read.keyed_on) fields.insert(read.keyed_on->column);
  for (const ReadSpec& other : check.reads) {
    if (other.keyed_on && other.keyed_on->read == read.name) fields.insert(other.keyed_on->field);
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

}  // namespace sncheck
