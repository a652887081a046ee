// SPDX-License-Identifier: Apache-2.0
#include "run/engine.h"

#include <set>

#include "core/strings.h"

#include "evaluate/evaluate_checks.h"
#include "run/inputs.h"

namespace sncheck {
namespace {

// The key's values in the key read's rows: every field it names, list values split into items.
std::vector<std::string> key_values(const ReadInput& source, const ReadKey& key) {
  std::set<std::string> values;
  if (source.error != nullptr) return {};
  const std::vector<std::string> fields = split_list(key.field);
  for (const Record* row : source.rows) {
    for (const std::string& field : fields) {
      for (std::string& value : split_list(field_or_empty(*row, field))) {
        values.insert(std::move(value));
      }
    }
  }
  return {values.begin(), values.end()};
}

// Whether a second-wave read is needed after this first wave, and with which clause. A fallback
// is needed when the read it backs up failed or found no row; a keyed read when its key read
// found values to key on, an only-if-found read when its key read found a row (otherwise
// prepare_inputs says why it was not read).
std::optional<CheckRead> second_wave_read(const CheckDefinition& check, const ReadSpec& read,
                                          const Plan& plan, const std::vector<TableData>& data) {
  PreparedInputs scratch;
  if (!read.fallback_for.empty()) {
    ReadInput primary = first_wave_input(scratch, check, read.fallback_for, plan, data);
    if (primary.error == nullptr && !primary.rows.empty()) return std::nullopt;
    return CheckRead{&check, &read, {}};
  }
  const ReadKey& key = *read.keyed_on;
  ReadInput source = first_wave_input(scratch, check, key.read, plan, data);
  if (key.only_if_found()) {
    if (source.error != nullptr || source.rows.empty()) return std::nullopt;
    return CheckRead{&check, &read, {}};
  }
  std::vector<std::string> values = key_values(source, key);
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

}  // namespace

std::vector<Result> evaluate_planned(const CheckCatalog& catalog,
                                     const std::vector<const CheckDefinition*>& selected,
                                     const RunParams& params, const Plan& plan,
                                     const std::vector<TableData>& data,
                                     const TokenProbeOutcome* probe) {
  PreparedInputs prepared;
  return evaluate_checks(catalog, selected,
                         [&](const CheckDefinition& check) -> const CheckInputs& {
                           prepare_inputs(prepared, check, plan, data, params, probe);
                           return prepared.inputs;
                         });
}

RunOutcome run_checks(const CheckCatalog& catalog,
                      const std::vector<const CheckDefinition*>& selected, const RunParams& params,
                      const Fetcher& fetch, const Prober& probe) {
  RunOutcome outcome;
  Plan plan = build_plan(selected, params);
  std::vector<TableData> data;
  fetch_wave(plan, 0, fetch, data);
  outcome.wave_requests.push_back(plan.requests.size());
  const FetchError* fatal = connection_failure(data, 0);
  if (fatal == nullptr) {
    // Fallbacks and keyed reads wait for the first wave: a fallback usually costs nothing (its
    // primary answered), a keyed read asks for a few rows instead of a whole table.
    std::vector<CheckRead> needed = second_wave_reads(selected, plan, data);
    if (!needed.empty()) {
      std::size_t first = plan_second_wave(plan, needed, params);
      fetch_wave(plan, first, fetch, data);
      outcome.wave_requests.push_back(plan.requests.size() - first);
      fatal = connection_failure(data, first);
    }
  }
  outcome.requests_planned = plan.requests.size();
  if (fatal != nullptr) {
    outcome.fatal = *fatal;
    outcome.results = not_evaluated(selected, *outcome.fatal);
  } else {
    if (probe) outcome.probe = probe();
    outcome.results = evaluate_planned(catalog, selected, params, plan, data,
                                       outcome.probe ? &*outcome.probe : nullptr);
  }
  const SharedText instance = params.instance_url;  // one copy for every result
  for (Result& result : outcome.results) result.instance = instance;
  return outcome;
}

}  // namespace sncheck
