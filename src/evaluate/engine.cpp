#include "evaluate/engine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

namespace sncheck {
namespace {

// A field the read's query filters on, missing from the returned rows, means sncheck cannot
// tell which rows the query selects: report it instead of guessing.
std::optional<FetchError> missing_query_field(const TableData& data, const PlannedRead& planned) {
  for (const Record& row : data.rows) {
    for (const std::string& field : planned.query_fields) {
      if (find_field(row, field) != nullptr) continue;
      FetchError error;
      error.kind = FetchErrorKind::Forbidden;
      error.table = data.read.table;
      error.message = fmt::format(
          "{} rows came back without field '{}', which the check filters on: the reading "
          "account cannot read that field",
          data.read.table, field);
      error.remedy = fmt::format(
          "Grant the reading account read access to {}.{} (field ACL), or run with an admin "
          "account.",
          data.read.table, field);
      return error;
    }
  }
  return std::nullopt;
}

struct PreparedInputs {
  CheckInputs inputs;
  std::vector<FetchError> local_errors;  // owned here; ReadInput::error may point into it
};

void prepare_read(PreparedInputs& prepared, const ReadSpec& read, const PlannedRead& planned,
                  const TableData& data) {
  ReadInput input;
  input.spec = &read;
  input.effective_query = planned.effective_query;
  if (data.error) {
    input.error = &*data.error;
  } else if (auto error = missing_query_field(data, planned)) {
    prepared.local_errors.push_back(std::move(*error));
    input.error = &prepared.local_errors.back();
  } else {
    auto known = [](std::string_view) { return true; };
    for (const Record& row : data.rows) {
      if (matches(planned.filter, row, known)) input.rows.push_back(&row);
    }
  }
  prepared.inputs.reads.emplace(read.name, std::move(input));
}

// One first-wave read of a check, prepared on its own, handed to `use`.
template <typename Use>
auto with_first_wave_input(const CheckDefinition& check, const std::string& name, const Plan& plan,
                           const std::vector<TableData>& data, Use use) {
  const PlannedRead& planned = plan.reads.at(check.id).at(name);
  PreparedInputs prepared;
  prepared.local_errors.reserve(1);
  prepare_read(prepared, *check.find_read(name), planned, data.at(planned.request));
  return use(prepared.inputs.reads.at(name));
}

std::vector<std::string> key_values(const ReadInput& source, const ReadKey& key) {
  std::set<std::string> values;
  if (source.error != nullptr) return {};
  for (const Record* row : source.rows) {
    std::string value = field_or_empty(*row, key.field);
    if (!value.empty()) values.insert(std::move(value));
  }
  return {values.begin(), values.end()};
}

// Whether a second-wave read is needed after this first wave, and with which clause. A fallback
// is needed when the read it backs up failed or found no row; a keyed read when its key read
// found values to key on (without any, evaluate_checks says why it was not read).
std::optional<CheckRead> second_wave_read(const CheckDefinition& check, const ReadSpec& read,
                                          const Plan& plan, const std::vector<TableData>& data) {
  if (!read.fallback_for.empty()) {
    bool needed = with_first_wave_input(
        check, read.fallback_for, plan, data,
        [](const ReadInput& primary) { return primary.error != nullptr || primary.rows.empty(); });
    if (!needed) return std::nullopt;
    return CheckRead{&check, &read, {}};
  }
  const ReadKey& key = *read.keyed_on;
  std::vector<std::string> values =
      with_first_wave_input(check, key.read, plan, data,
                            [&key](const ReadInput& source) { return key_values(source, key); });
  if (values.empty()) return std::nullopt;
  return CheckRead{&check, &read, key_clause(key, values)};
}

std::vector<CheckRead> second_wave_reads(const std::vector<const CheckDefinition*>& selected,
                                         const Plan& plan, const std::vector<TableData>& data) {
  std::vector<CheckRead> needed;
  for (const CheckDefinition* check : selected) {
    for (const ReadSpec& read : check->reads) {
      if (!read.second_wave()) continue;
      if (std::optional<CheckRead> entry = second_wave_read(*check, read, plan, data)) {
        needed.push_back(std::move(*entry));
      }
    }
  }
  return needed;
}

// A second-wave read the plan left out: a fallback whose primary answered (not needed), or a
// keyed read with nothing to key on, because its key read failed (an error) or found no value
// (no row can match).
void prepare_unplanned_read(PreparedInputs& prepared, const ReadSpec& read) {
  ReadInput input;
  input.spec = &read;
  input.effective_query = read.query;
  if (!read.keyed_on) {
    input.not_needed = true;
  } else if (const ReadInput& source = prepared.inputs.reads.at(read.keyed_on->read);
             source.error != nullptr) {
    FetchError error = *source.error;
    error.table = read.table;
    error.message = fmt::format("{} was not read because {} could not be read: {}", read.table,
                                source.spec->table, source.error->message);
    prepared.local_errors.push_back(std::move(error));
    input.error = &prepared.local_errors.back();
  }
  prepared.inputs.reads.emplace(read.name, std::move(input));
}

const FetchError* connection_failure(const std::vector<TableData>& data, std::size_t first) {
  for (std::size_t i = first; i < data.size(); ++i) {
    if (data[i].error && is_connection_level(data[i].error->kind)) return &*data[i].error;
  }
  return nullptr;
}

// Fetches plan.requests[first..] and appends the answers to data.
void fetch_wave(const Plan& plan, std::size_t first, const Fetcher& fetch,
                std::vector<TableData>& data) {
  std::vector<TableRead> wave(plan.requests.begin() + static_cast<std::ptrdiff_t>(first),
                              plan.requests.end());
  for (TableData& answer : fetch(wave)) data.push_back(std::move(answer));
}

Result skipped_for_prerequisite(const CheckDefinition& check, const Result& prerequisite) {
  Result result;
  result.check = &check;
  result.status = Status::Skip;
  result.message = fmt::format("Not evaluated: prerequisite {} {}.", prerequisite.check->id,
                               prerequisite.status == Status::Fail ? "failed" : "did not pass");
  // The prerequisite's own finding is the reason (e.g. the release is older than the feature).
  if (!prerequisite.message.empty()) result.message += " " + prerequisite.message;
  return result;
}

// The worst status per check id, to decide whether dependants can be evaluated.
const Result* failed_prerequisite(const CheckDefinition& check,
                                  const std::map<std::string, const Result*>& failures) {
  for (const std::string& id : check.prerequisites) {
    auto it = failures.find(id);
    if (it != failures.end()) return it->second;
  }
  return nullptr;
}

Result fatal_result(const CheckDefinition& check, const FetchError& fatal) {
  Result result;
  result.check = &check;
  result.status = Status::Error;
  result.message = fmt::format("Not evaluated: {}", fatal.message);
  result.remediation = fatal.remedy;
  return result;
}

}  // namespace

std::vector<Result> evaluate_checks(const CheckCatalog& catalog,
                                    const std::vector<const CheckDefinition*>& selected,
                                    const RunParams& params, const Plan& plan,
                                    const std::vector<TableData>& data,
                                    const TokenProbeOutcome* probe) {
  std::vector<Result> results;
  std::map<std::string, const Result*> failures;
  std::vector<std::size_t> failure_index;
  for (const CheckDefinition* check : selected) {
    std::size_t first = results.size();
    // Results may reallocate; remember failures by index and resolve pointers per check.
    failures.clear();
    for (std::size_t index : failure_index) failures[results[index].check->id] = &results[index];
    if (const Result* prerequisite = failed_prerequisite(*check, failures)) {
      results.push_back(skipped_for_prerequisite(*check, *prerequisite));
      continue;
    }
    PreparedInputs prepared;
    prepared.local_errors.reserve(check->reads.size());
    prepared.inputs.check = check;
    prepared.inputs.params = &params;
    prepared.inputs.probe = probe;
    const auto& planned_reads = plan.reads.at(check->id);
    for (const ReadSpec& read : check->reads) {
      auto planned = planned_reads.find(read.name);
      if (planned != planned_reads.end()) {
        prepare_read(prepared, read, planned->second, data.at(planned->second.request));
      }
    }
    // After the planned reads: a keyed read left out is explained by its key read's input.
    for (const ReadSpec& read : check->reads) {
      if (planned_reads.count(read.name) == 0) prepare_unplanned_read(prepared, read);
    }
    for (Result& result : catalog.evaluator_for(*check).evaluate(prepared.inputs)) {
      results.push_back(std::move(result));
    }
    for (std::size_t i = first; i < results.size(); ++i) {
      if (results[i].status == Status::Fail) {
        failure_index.push_back(i);
        break;
      }
    }
  }
  return results;
}

RunOutcome run_checks(const CheckCatalog& catalog,
                      const std::vector<const CheckDefinition*>& selected, const RunParams& params,
                      const Fetcher& fetch, const Prober& probe) {
  RunOutcome outcome;
  Plan plan = build_plan(selected, params);
  std::vector<TableData> data;
  fetch_wave(plan, 0, fetch, data);
  const FetchError* fatal = connection_failure(data, 0);
  if (fatal == nullptr) {
    // Fallbacks and keyed reads wait for the first wave: a fallback usually costs nothing (its
    // primary answered), a keyed read asks for a few rows instead of a whole table.
    std::vector<CheckRead> needed = second_wave_reads(selected, plan, data);
    if (!needed.empty()) {
      std::size_t first = plan_second_wave(plan, needed, params);
      fetch_wave(plan, first, fetch, data);
      fatal = connection_failure(data, first);
    }
  }
  outcome.requests_planned = plan.requests.size();
  if (fatal != nullptr) {
    outcome.fatal = *fatal;
    for (const CheckDefinition* check : selected) {
      outcome.results.push_back(fatal_result(*check, *outcome.fatal));
      outcome.results.back().instance = params.instance_url;
    }
    return outcome;
  }
  if (probe) outcome.probe = probe();
  outcome.results = evaluate_checks(catalog, selected, params, plan, data,
                                    outcome.probe ? &*outcome.probe : nullptr);
  for (Result& result : outcome.results) result.instance = params.instance_url;
  return outcome;
}

const Result* root_cause(const std::vector<Result>& results) {
  const Result* earliest = nullptr;
  for (const Result& result : results) {
    if (result.status != Status::Fail) continue;
    if (earliest == nullptr || result.check->chain_step < earliest->check->chain_step) {
      earliest = &result;
    }
  }
  return earliest;
}

}  // namespace sncheck
