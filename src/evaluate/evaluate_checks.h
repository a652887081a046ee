// SPDX-License-Identifier: Apache-2.0
#pragma once
// Evaluate: runs the selected checks, in chain order, over inputs the orchestrator prepared.
// Pure judgement: no plan, no fetch, no I/O.

#include <functional>
#include <vector>

#include "core/result.h"
#include "model/catalog.h"
#include "model/evaluator.h"

namespace sncheck {

// The inputs of one check; what it returns must stay valid until the next call.
using InputsFor = std::function<const CheckInputs&(const CheckDefinition& check)>;

// A check whose prerequisite failed is skipped with that prerequisite's finding as the reason;
// every other check is judged by its evaluator.
std::vector<Result> evaluate_checks(const CheckCatalog& catalog,
                                    const std::vector<const CheckDefinition*>& selected,
                                    const InputsFor& inputs_for);

// Every selected check as an error with this cause (the instance could not be read at all).
std::vector<Result> not_evaluated(const std::vector<const CheckDefinition*>& selected,
                                  const FetchError& cause);

}  // namespace sncheck
