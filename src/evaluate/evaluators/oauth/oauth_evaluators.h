// SPDX-License-Identifier: Apache-2.0
#pragma once
// The OAuth suite's C++ evaluators, for what a declarative condition cannot express.

#include <memory>

#include "model/evaluator.h"

namespace sncheck {

std::unique_ptr<Evaluator> make_registry_entry_evaluator();
std::unique_ptr<Evaluator> make_token_probe_evaluator();
std::unique_ptr<Evaluator> make_app_user_grants_evaluator();
std::unique_ptr<Evaluator> make_duplicate_client_id_evaluator();
// bearer_resource, one bearer_<gate> per gate of a Bearer call (bearer_gates.cpp lists them in
// the platform's order) and bearer_prediction (--api).
void register_bearer_evaluators(EvaluatorRegistry& registry);

// The one registration line of the suite (evaluate/evaluators/builtin_evaluators.cpp).
void register_oauth_evaluators(EvaluatorRegistry& registry);

}  // namespace sncheck
