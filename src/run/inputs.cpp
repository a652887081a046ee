// SPDX-License-Identifier: Apache-2.0
#include "run/inputs.h"

#include <fmt/format.h>

#include "model/check_reads.h"

namespace sncheck {
namespace {

// A field the read's query filters on, missing from the returned rows, means sncheck cannot
// tell which rows the query selects: report it instead of guessing.
std::optional<FetchError> missing_query_field(const TableData& data, const PlannedRead& planned) {
  for (const Record& row : data.rows) {
    for (const std::string& field : planned.query_fields) {
      const FieldValue* value = find_field(row, field);
      if (value != nullptr && value->null) {
        // The instance selected the row by this field and then sent it as null: whether the
        // check's own query selects it cannot be told, and dropping it would hide a record.
        return make_fetch_error(
            FetchErrorKind::MalformedJson, data.read.table, 200,
            fmt::format("{} row {} came back with field '{}' null, which the check filters on: "
                        "sncheck cannot tell whether the check's query selects it",
                        data.read.table, field_or_empty(row, "sys_id"), field),
            fmt::format("Open the {} record and look at {} (the Table API sends null for a value "
                        "it cannot show); correct it, or report it with your release.",
                        data.read.table, field));
      }
      if (value != nullptr) continue;
      return make_fetch_error(
          FetchErrorKind::Forbidden, data.read.table, 0,
          fmt::format("{} rows came back without field '{}', which the check filters on: the "
                      "reading account cannot read that field",
                      data.read.table, field),
          fmt::format("Grant the reading account read access to {}.{} (field ACL), or run with an "
                      "admin account.",
                      data.read.table, field));
    }
  }
  return std::nullopt;
}

ReadInput planned_input(PreparedInputs& prepared, const ReadSpec& read, const PlannedRead& planned,
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
    const auto received = static_cast<long>(data.rows.size());
    if (data.total_count > received) input.rows_withheld = data.total_count - received;
  }
  return input;
}

// A second-wave read the plan left out: a fallback whose primary answered (not needed), or a
// keyed read with nothing to key on, because its key read failed (an error) or found no value
// (no row can match).
ReadInput unplanned_input(PreparedInputs& prepared, const ReadSpec& read) {
  ReadInput input;
  input.spec = &read;
  input.effective_query = read.query;
  if (!read.keyed_on) {
    input.not_needed = true;
    return input;
  }
  const ReadInput& source = prepared.inputs.reads.at(read.keyed_on->read);
  if (source.error != nullptr) {
    FetchError error = *source.error;
    error.table = read.table;
    error.message = fmt::format("{} was not read because {} could not be read: {}", read.table,
                                source.spec->table, source.error->message);
    prepared.local_errors.push_back(std::move(error));
    input.error = &prepared.local_errors.back();
  }
  return input;
}

std::string parents_text(const SchemaColumn& column) {
  if (column.parents.empty()) return {};
  return fmt::format(" or the tables it extends ({})", fmt::join(column.parents, ", "));
}

FetchError column_error(const SchemaColumn& column, const ReadInput& dictionary) {
  if (dictionary.error != nullptr) {
    return make_fetch_error(
        dictionary.error->kind, column.table, dictionary.error->http_status,
        fmt::format("sncheck cannot verify that table {} has a column {}: sys_dictionary could "
                    "not be read ({})",
                    column.table, column.column, dictionary.error->message),
        fmt::format("Grant the reading account read access to sys_dictionary (name, element), or "
                    "run with an admin account. {}",
                    dictionary.error->remedy));
  }
  return make_fetch_error(
      FetchErrorKind::BadRequest, column.table, 0,
      fmt::format("this instance has no column {} on table {} (sys_dictionary lists none on {}{}): "
                  "the Table API would leave the field out or ignore it in a query, so sncheck "
                  "does not judge it",
                  column.column, column.table, column.table, parents_text(column)),
      fmt::format("Open {}.list > Configure > Dictionary to see which column holds this value on "
                  "this release, and report it to the sncheck maintainers.",
                  column.table));
}

bool is_local(const PreparedInputs& prepared, const FetchError* error) {
  for (const FetchError& local : prepared.local_errors) {
    if (&local == error) return true;
  }
  return false;
}

// The columns the check depends on that sys_dictionary does not list (or that could not be
// verified): every read that uses one becomes an error naming it, so no check judges a field
// the instance does not have. A failed read of the table stands (a missing table explains its
// columns); a finding sncheck made about the rows (a field they lack) gives way to this more
// precise one.
void apply_schema(PreparedInputs& prepared, const CheckDefinition& check) {
  auto schema = prepared.inputs.reads.find(kSchemaReadName);
  if (check.columns.empty() || schema == prepared.inputs.reads.end()) return;
  const ReadInput& dictionary = schema->second;
  for (const SchemaColumn& column : check.columns) {
    if (dictionary.error == nullptr && column_defined(dictionary.rows, column)) continue;
    const FetchError* error = nullptr;
    for (auto& [name, input] : prepared.inputs.reads) {
      if (name == kSchemaReadName) continue;
      if (input.error != nullptr && !is_local(prepared, input.error)) continue;
      if (!read_uses_column(check, *input.spec, column)) continue;
      if (error == nullptr) {
        prepared.local_errors.push_back(column_error(column, dictionary));
        error = &prepared.local_errors.back();
      }
      input.error = error;
      input.rows.clear();
    }
  }
}

}  // namespace

void prepare_inputs(PreparedInputs& prepared, const CheckDefinition& check, const Plan& plan,
                    const std::vector<TableData>& data, const RunParams& params,
                    const TokenProbeOutcome* probe) {
  prepared.inputs = CheckInputs{};
  prepared.local_errors.clear();
  prepared.inputs.check = &check;
  prepared.inputs.params = &params;
  prepared.inputs.probe = probe;
  const auto& planned_reads = plan.reads.at(check.id);
  for (const ReadSpec& read : check.reads) {
    auto planned = planned_reads.find(read.name);
    if (planned == planned_reads.end()) continue;
    prepared.inputs.reads.emplace(read.name, planned_input(prepared, read, planned->second,
                                                           data.at(planned->second.request)));
  }
  // After the planned reads: a keyed read left out is explained by its key read's input.
  for (const ReadSpec& read : check.reads) {
    if (planned_reads.count(read.name) == 0) {
      prepared.inputs.reads.emplace(read.name, unplanned_input(prepared, read));
    }
  }
  apply_schema(prepared, check);
}

ReadInput first_wave_input(PreparedInputs& scratch, const CheckDefinition& check,
                           const std::string& read_name, const Plan& plan,
                           const std::vector<TableData>& data) {
  const PlannedRead& planned = plan.reads.at(check.id).at(read_name);
  return planned_input(scratch, *check.find_read(read_name), planned, data.at(planned.request));
}

}  // namespace sncheck
