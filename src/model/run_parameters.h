// SPDX-License-Identifier: Apache-2.0
#pragma once
// The run parameters checks may depend on, in one table: their name as checks write it
// (requires_params, narrow, {param.NAME}), the flag that sets it, and what it means.

#include <string>
#include <string_view>
#include <vector>

namespace sncheck {

struct RunParameter {
  std::string_view name;  // "client_id"
  std::string_view flag;  // "--client-id"
  std::string_view description;
  bool always_set = false;  // the CLI always gives it (a default when the flag is absent)
};

const std::vector<RunParameter>& run_parameters();
const RunParameter* find_run_parameter(std::string_view name);
// "client_id, api_path, ...": for error messages.
std::string run_parameter_names();

}  // namespace sncheck
