// SPDX-License-Identifier: Apache-2.0
#include "evaluate/evaluators/rest/rest_resources.h"

#include <fmt/format.h>

#include "core/platform_values.h"
#include "evaluate/result_helpers.h"

namespace sncheck::rest {

ReadSpec operations_read() {
  return ReadSpec{"operations",
                  kOperationsTable,
                  "active=true^web_service_definition.active=true",
                  {"name", "http_method", "relative_path", "operation_uri",
                   "requires_authentication", "requires_acl_authorization", "enforce_acl",
                   "web_service_definition", "web_service_definition.name",
                   "web_service_definition.base_uri", "web_service_definition.enforce_acl"},
                  {},
                  {},
                  {}};
}

std::string resource_label(const Record& operation) {
  std::string path = field_or_empty(operation, "operation_uri");
  if (path.empty()) {
    path = field_or_empty(operation, "web_service_definition.base_uri") +
           field_or_empty(operation, "relative_path");
  }
  return fmt::format("{} {}", field_or_empty(operation, "http_method"), path);
}

std::string resource_words(const Record& operation) {
  return fmt::format("API '{}' ({}), resource '{}' ({})",
                     field_or_empty(operation, "web_service_definition.name"),
                     field_or_empty(operation, "web_service_definition.base_uri"),
                     field_or_empty(operation, "name"), resource_label(operation));
}

std::optional<bool> flag(const Record& operation, const std::string& field, std::string* problem) {
  const FieldValue* value = find_field(operation, field);
  if (value == nullptr) {
    *problem = fmt::format("{} came back without {}: the reading account cannot read that field",
                           kOperationsTable, field);
    return std::nullopt;
  }
  std::optional<bool> parsed = parse_boolean(value->value);
  if (!parsed) {
    *problem = fmt::format("{} holds '{}', not a boolean the platform writes", field, value->value);
  }
  return parsed;
}

Result unreadable(const CheckInputs& inputs, const ReadInput& read, const Record& operation,
                  const std::string& field, const std::string& problem) {
  Result result = make_result(inputs, Status::Error,
                              fmt::format("{}: {}.", resource_words(operation), problem));
  result.subject = resource_label(operation);
  result.evidence.push_back(row_evidence(inputs, read, operation, field));
  result.remediation = fmt::format(
      "Give the reading account read access to {}.{} (or run sncheck with an admin account).",
      kOperationsTable, field);
  return result;
}

}  // namespace sncheck::rest
