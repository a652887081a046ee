// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers every evaluator uses to build results.

#include <string>
#include <string_view>

#include "core/result.h"
#include "model/evaluator.h"

namespace sncheck {

Result make_result(const CheckInputs& inputs, Status status, std::string message);
// The error result for a read that failed, naming the read and why.
Result read_error_result(const CheckInputs& inputs, const ReadInput& read);
// Replaces {field} with the row's value, {param.NAME} with a run parameter, {link} with the
// row's record link, {list_link} with the read's list link, {instance} with the instance URL.
std::string expand(std::string_view text, const CheckInputs& inputs, const ReadInput* read,
                   const Record* row);

// Evidence pointing at one row's field, and at the absence of any row matching a read.
Evidence row_evidence(const CheckInputs& inputs, const ReadInput& read, const Record& row,
                      std::string field, std::string note = {});
Evidence absence_evidence(const CheckInputs& inputs, const ReadInput& read, std::string note);
// Evidence pointing at a record known by its table and sys_id (a reference of a row read).
Evidence record_evidence(const CheckInputs& inputs, std::string table, std::string sys_id,
                         std::string note);

}  // namespace sncheck
