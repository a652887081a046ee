// SPDX-License-Identifier: Apache-2.0
#pragma once
// The identity suite's C++ evaluators: the accounts integrations run as, and certificates.

#include <memory>

#include "model/evaluator.h"

namespace sncheck {

std::unique_ptr<Evaluator> make_integration_accounts_evaluator();
std::unique_ptr<Evaluator> make_certificate_expiry_evaluator();

// The one registration line of the suite (evaluate/evaluators/builtin_evaluators.cpp).
void register_identity_evaluators(EvaluatorRegistry& registry);

}  // namespace sncheck
