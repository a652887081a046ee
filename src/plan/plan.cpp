// SPDX-License-Identifier: Apache-2.0
#include "plan/plan.h"

#include "model/check_reads.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

namespace sncheck {
namespace {

// A query that is a single "field=value" or "fieldINa,b" term, as most plugin and property reads
// are: its field and values.
bool single_value_set(const EncodedQuery& query, std::string* field,
                      std::vector<std::string>* values) {
  if (query.groups.size() != 1 || query.groups[0].size() != 1 || query.groups[0][0].size() != 1 ||
      !query.order.empty()) {
    return false;
  }
  const QueryTerm& term = query.groups[0][0][0];
  if (term.op == QueryOp::Equals) {
    if (term.value.find(',') != std::string::npos) return false;
    *field = term.field;
    *values = {term.value};
    return true;
  }
  if (term.op != QueryOp::In) return false;
  *field = term.field;
  values->clear();
  std::size_t start = 0;
  while (start <= term.value.size()) {
    std::size_t comma = std::min(term.value.find(',', start), term.value.size());
    values->push_back(term.value.substr(start, comma - start));
    start = comma + 1;
  }
  return true;
}

}  // namespace

std::string merge_queries(const std::vector<std::string>& queries) {
  std::vector<std::string> unique;
  for (const std::string& query : queries) {
    if (std::find(unique.begin(), unique.end(), query) == unique.end()) unique.push_back(query);
  }
  if (unique.size() == 1) return unique.front();
  std::string field;
  std::vector<std::string> values;
  for (const std::string& query : unique) {
    std::optional<EncodedQuery> parsed = parse_encoded_query(query);
    std::string term_field;
    std::vector<std::string> term_values;
    if (!parsed || !single_value_set(*parsed, &term_field, &term_values) ||
        (!field.empty() && term_field != field)) {
      return join_any(unique);
    }
    field = term_field;
    for (std::string& value : term_values) {
      if (std::find(values.begin(), values.end(), value) == values.end()) {
        values.push_back(std::move(value));
      }
    }
  }
  return fmt::format("{}IN{}", field, fmt::join(values, ","));
}

namespace {

// Appends one request per table for these reads (tables already requested by an earlier wave get
// a new request: their rows were filtered for other queries).
std::size_t append_requests(Plan& plan, const std::vector<CheckRead>& reads,
                            const RunParams& params) {
  const std::size_t first = plan.requests.size();
  std::map<std::string, std::size_t> request_of_table;
  std::map<std::size_t, std::vector<std::string>> queries_of_request;
  std::map<std::size_t, std::set<std::string>> fields_of_request;
  for (const CheckRead& entry : reads) {
    const CheckDefinition* check = entry.check;
    const ReadSpec* read = entry.read;
    auto [it, added] = request_of_table.emplace(read->table, plan.requests.size());
    if (added) plan.requests.push_back(TableRead{read->table, {}, {}});
    PlannedRead planned;
    planned.request = it->second;
    planned.effective_query = effective_query(*read, params);
    if (!entry.clause.empty()) planned.effective_query += "^" + entry.clause;
    QueryParseError error;
    std::optional<EncodedQuery> filter = parse_encoded_query(planned.effective_query, &error);
    if (!filter) {
      throw std::invalid_argument(
          fmt::format("check {}: read {}: {}", check->id, read->name, error.message));
    }
    planned.filter = std::move(*filter);
    planned.query_fields = query_fields(planned.filter);
    queries_of_request[planned.request].push_back(planned.effective_query);
    for (std::string& field : needed_fields(*check, *read)) {
      fields_of_request[planned.request].insert(std::move(field));
    }
    plan.reads[check->id][read->name] = std::move(planned);
  }
  for (std::size_t i = first; i < plan.requests.size(); ++i) {
    plan.requests[i].query = merge_queries(queries_of_request[i]);
    plan.requests[i].fields.assign(fields_of_request[i].begin(), fields_of_request[i].end());
  }
  return first;
}

}  // namespace

Plan build_plan(const std::vector<const CheckDefinition*>& checks, const RunParams& params) {
  std::vector<CheckRead> first_wave;
  for (const CheckDefinition* check : checks) {
    for (const ReadSpec& read : check->reads) {
      if (!read.second_wave()) first_wave.push_back({check, &read, {}});
    }
  }
  Plan plan;
  append_requests(plan, first_wave, params);
  return plan;
}

std::size_t plan_second_wave(Plan& plan, const std::vector<CheckRead>& needed,
                             const RunParams& params) {
  return append_requests(plan, needed, params);
}

std::string key_clause(const ReadKey& key, const std::vector<std::string>& values) {
  // sys_ids in a URL: 100 of them make about 3.3 KB, well inside the URL lengths servers accept.
  constexpr std::size_t kMaxValues = 100;
  if (values.empty() || values.size() > kMaxValues) return {};
  for (const std::string& value : values) {
    if (value.find_first_of(",^=") != std::string::npos) return {};
  }
  return fmt::format("{}IN{}", key.column, fmt::join(values, ","));
}

}  // namespace sncheck
