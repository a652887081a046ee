#include "evaluate/evaluators/builtin_evaluators.h"

namespace sncheck {

void register_builtin_evaluators(EvaluatorRegistry& registry) {
  registry.add("plugin_active", make_plugin_active_evaluator);
  registry.add("registry_entry", make_registry_entry_evaluator);
}

}  // namespace sncheck
