// SPDX-License-Identifier: Apache-2.0
#pragma once
// Turns what the plan fetched into each check's inputs: the rows of every read, filtered to the
// read's own query, or the error that makes them untrustworthy.

#include <deque>
#include <vector>

#include "core/probe_outcome.h"
#include "core/run_params.h"
#include "core/table_data.h"
#include "model/evaluator.h"
#include "plan/plan.h"

namespace sncheck {

// One check's inputs with the errors they point at (a field the query needs, missing from the
// rows; a keyed read whose key read failed).
struct PreparedInputs {
  CheckInputs inputs;
  std::deque<FetchError> local_errors;  // a deque: ReadInput::error points into it
};

// `data` answers plan.requests, in order (both waves).
void prepare_inputs(PreparedInputs& prepared, const CheckDefinition& check, const Plan& plan,
                    const std::vector<TableData>& data, const RunParams& params,
                    const TokenProbeOutcome* probe);

// One first-wave read of a check, prepared on its own, for deciding the second wave.
ReadInput first_wave_input(PreparedInputs& scratch, const CheckDefinition& check,
                           const std::string& read_name, const Plan& plan,
                           const std::vector<TableData>& data);

}  // namespace sncheck
