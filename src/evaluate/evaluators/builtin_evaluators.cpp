#include "evaluate/evaluators/builtin_evaluators.h"

namespace sncheck {

void register_builtin_evaluators(EvaluatorRegistry& registry) {
  registry.add("plugin_active", make_plugin_active_evaluator);
  registry.add("registry_entry", make_registry_entry_evaluator);
  registry.add("token_probe", make_token_probe_evaluator);
  registry.add("release_supported", make_release_supported_evaluator);
  registry.add("app_user_grants", make_app_user_grants_evaluator);
  registry.add("duplicate_client_id", make_duplicate_client_id_evaluator);
  registry.add("scripted_rest", make_scripted_rest_evaluator);
}

}  // namespace sncheck
