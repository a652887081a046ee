// SPDX-License-Identifier: Apache-2.0
#include "evaluate/result_helpers.h"

#include <fmt/format.h>

#include "core/strings.h"

namespace sncheck {
namespace {

std::string placeholder_value(std::string_view name, const CheckInputs& inputs,
                              const ReadInput* read, const Record* row) {
  if (name == "instance") return inputs.params->instance_url;
  if (name.substr(0, 6) == "param.") {
    const std::string* value = inputs.params->find(name.substr(6));
    return value ? *value : std::string();
  }
  if (name == "link" && row != nullptr && read != nullptr) {
    return inputs.record_link(read->spec->table, field_or_empty(*row, "sys_id"));
  }
  if (name == "list_link" && read != nullptr) {
    return inputs.list_link(read->spec->table, read->effective_query);
  }
  if (row != nullptr) return field_or_empty(*row, name);
  return {};
}

}  // namespace

Result make_result(const CheckInputs& inputs, Status status, std::string message) {
  Result result;
  result.check = inputs.check;
  result.status = status;
  result.message = std::move(message);
  return result;
}

Result read_error_result(const CheckInputs& inputs, const ReadInput& read) {
  Result result = make_result(inputs, Status::Error, read.error->message);
  result.remediation = read.error->remedy;
  Evidence evidence;
  evidence.table = read.spec->table;
  evidence.note =
      fmt::format("read failed ({}): {}", to_string(read.error->kind), read.effective_query);
  result.evidence.push_back(std::move(evidence));
  return result;
}

std::string expand(std::string_view text, const CheckInputs& inputs, const ReadInput* read,
                   const Record* row) {
  return *substitute_braces(text, [&](std::string_view name) -> std::optional<std::string> {
    return placeholder_value(name, inputs, read, row);
  });
}

Evidence row_evidence(const CheckInputs& inputs, const ReadInput& read, const Record& row,
                      std::string field, std::string note) {
  Evidence evidence;
  evidence.table = read.spec->table;
  evidence.sys_id = field_or_empty(row, "sys_id");
  evidence.value = field_or_empty(row, field);
  evidence.field = std::move(field);
  evidence.link = inputs.record_link(evidence.table, evidence.sys_id);
  evidence.note = std::move(note);
  return evidence;
}

Evidence record_evidence(const CheckInputs& inputs, std::string table, std::string sys_id,
                         std::string note) {
  Evidence evidence;
  evidence.link = inputs.record_link(table, sys_id);
  evidence.table = std::move(table);
  evidence.sys_id = std::move(sys_id);
  evidence.note = std::move(note);
  return evidence;
}

Evidence absence_evidence(const CheckInputs& inputs, const ReadInput& read, std::string note) {
  Evidence evidence;
  evidence.table = read.spec->table;
  evidence.link = inputs.list_link(read.spec->table, read.effective_query);
  evidence.note = std::move(note);
  return evidence;
}

}  // namespace sncheck
