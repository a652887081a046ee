#pragma once
// The closed set of C++ evaluators, for what a declarative condition cannot express.

#include <memory>

#include "evaluate/evaluator.h"

namespace sncheck {

std::unique_ptr<Evaluator> make_plugin_active_evaluator();
std::unique_ptr<Evaluator> make_registry_entry_evaluator();
std::unique_ptr<Evaluator> make_token_probe_evaluator();
std::unique_ptr<Evaluator> make_release_supported_evaluator();
std::unique_ptr<Evaluator> make_app_user_grants_evaluator();
std::unique_ptr<Evaluator> make_duplicate_client_id_evaluator();
std::unique_ptr<Evaluator> make_scripted_rest_evaluator();

}  // namespace sncheck
