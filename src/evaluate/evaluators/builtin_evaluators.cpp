// SPDX-License-Identifier: Apache-2.0
#include "evaluate/evaluators/builtin_evaluators.h"

#include "evaluate/condition_evaluator.h"
#include "evaluate/evaluators/hardening/hardening_evaluators.h"
#include "evaluate/evaluators/identity/identity_evaluators.h"
#include "evaluate/evaluators/oauth/oauth_evaluators.h"
#include "evaluate/evaluators/rest/rest_evaluators.h"
#include "model/catalog.h"

namespace sncheck {

void register_builtin_evaluators(EvaluatorRegistry& registry) {
  registry.add(kConditionEvaluator, make_condition_evaluator);
  registry.add("plugin_active", make_plugin_active_evaluator);
  registry.add("release_supported", make_release_supported_evaluator);
  registry.add("property", make_property_evaluator);
  // One line per suite with evaluators of its own.
  register_oauth_evaluators(registry);
  register_hardening_evaluators(registry);
  register_rest_evaluators(registry);
  register_identity_evaluators(registry);
}

}  // namespace sncheck
