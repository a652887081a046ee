// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rest suite's C++ evaluators: how exposed each active Scripted REST API and resource is.

#include <memory>

#include "model/evaluator.h"

namespace sncheck {

// rest_exposure: per resource, one gate (authentication, acl_authorization, endpoint_acl).
std::unique_ptr<Evaluator> make_rest_exposure_evaluator();
// rest_api_scope: active APIs no REST API Auth Scope covers, while scopes are enforced.
std::unique_ptr<Evaluator> make_rest_api_scope_evaluator();
// rest_basic_policy: active global REST API Access Policies that admit Basic authentication.
std::unique_ptr<Evaluator> make_rest_basic_policy_evaluator();

// The one registration line of the suite (evaluate/evaluators/builtin_evaluators.cpp).
void register_rest_evaluators(EvaluatorRegistry& registry);

}  // namespace sncheck
