// SPDX-License-Identifier: Apache-2.0
#include "evaluate/evaluators/oauth/oauth_evaluators.h"

namespace sncheck {

void register_oauth_evaluators(EvaluatorRegistry& registry) {
  registry.add("registry_entry", make_registry_entry_evaluator);
  registry.add("token_probe", make_token_probe_evaluator);
  registry.add("app_user_grants", make_app_user_grants_evaluator);
  registry.add("duplicate_client_id", make_duplicate_client_id_evaluator);
  register_bearer_evaluators(registry);
}

}  // namespace sncheck
