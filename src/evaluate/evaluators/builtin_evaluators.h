// SPDX-License-Identifier: Apache-2.0
#pragma once
// The closed set of C++ evaluators: the condition evaluator, the generic ones below, and each
// suite's own (registered by one line per suite in builtin_evaluators.cpp).

#include <memory>

#include "model/evaluator.h"

namespace sncheck {

std::unique_ptr<Evaluator> make_plugin_active_evaluator();
std::unique_ptr<Evaluator> make_release_supported_evaluator();
std::unique_ptr<Evaluator> make_property_evaluator();

// Called once from the CLI, never from static initialisers.
void register_builtin_evaluators(EvaluatorRegistry& registry);

}  // namespace sncheck
