// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the Bearer evaluators share: a gate's link as a check result, and the words every
// description ends with.

#include <memory>

#include "evaluate/evaluators/oauth/bearer_gates.h"

namespace sncheck {

namespace bearer {
Result to_result(const CheckInputs& inputs, const Link& link);
std::string common_description();
std::string release_description(const Gate& gate);
}  // namespace bearer

// bearer_prediction (bearer_prediction.cpp).
std::unique_ptr<Evaluator> make_prediction_evaluator();

}  // namespace sncheck
