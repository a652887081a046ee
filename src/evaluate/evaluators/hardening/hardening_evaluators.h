// SPDX-License-Identifier: Apache-2.0
#pragma once
// The hardening suite's C++ evaluators (its property checks use the generic `property`).

#include <memory>

#include "model/evaluator.h"

namespace sncheck {

std::unique_ptr<Evaluator> make_cors_rules_evaluator();

// The one registration line of the suite (evaluate/evaluators/builtin_evaluators.cpp).
void register_hardening_evaluators(EvaluatorRegistry& registry);

}  // namespace sncheck
