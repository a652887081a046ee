// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

#include "model/evaluator.h"

namespace sncheck {

// The evaluator behind every check that declares a "condition" instead of an "evaluator":
// registered as kConditionEvaluator ("condition").
std::unique_ptr<Evaluator> make_condition_evaluator();

}  // namespace sncheck
