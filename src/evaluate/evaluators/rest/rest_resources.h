// SPDX-License-Identifier: Apache-2.0
#pragma once
// The active Scripted REST resources as the rest suite reads them: one sys_ws_operation request
// (active resources of active APIs) with the API's fields dot-walked, so no sys_ws_definition
// request is needed. An API without an active resource exposes nothing and is not read.

#include <string>
#include <vector>

#include "core/record.h"
#include "model/evaluator.h"

namespace sncheck::rest {

inline constexpr const char* kOperationsTable = "sys_ws_operation";

// The read every rest check declares (the same query and fields, so one request).
ReadSpec operations_read();

// "GET /api/x_acme/inventory/items/{id}": the method and the resource's full path.
std::string resource_label(const Record& operation);
// "API 'Inventory' (/api/x_acme/inventory), resource 'Get item' (GET /api/.../items/{id})".
std::string resource_words(const Record& operation);

// A boolean field of an operation row: true/false, or nullopt when it is missing or not a
// platform boolean (*problem then says which).
std::optional<bool> flag(const Record& operation, const std::string& field, std::string* problem);

// The error result for a resource whose row cannot be judged.
Result unreadable(const CheckInputs& inputs, const ReadInput& read, const Record& operation,
                  const std::string& field, const std::string& problem);

}  // namespace sncheck::rest
