// SPDX-License-Identifier: Apache-2.0
#include "model/run_parameters.h"

#include <fmt/format.h>

namespace sncheck {

const std::vector<RunParameter>& run_parameters() {
  static const std::vector<RunParameter> parameters = {
      {"client_id", "--client-id", "the Client ID of the Application Registry entry to diagnose"},
      {"api_path", "--api", "the Scripted REST resource path a Bearer call is predicted for"},
      {"api_namespace", "--api", "the namespace of the --api path (its first segment)"},
      {"api_method", "--method", "the HTTP method of the --api call"},
      {"today", "--today", "the day (YYYY-MM-DD, UTC) dates are judged by; default: today", true},
      {"dormant_days", "--dormant-days",
       "days without a login after which an integration account counts as dormant"},
      {"caller_ip", "--caller-ip",
       "the address the external system calls from, judged against IP Address Access Control"},
  };
  return parameters;
}

const RunParameter* find_run_parameter(std::string_view name) {
  for (const RunParameter& parameter : run_parameters()) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

std::string run_parameter_names() {
  std::vector<std::string_view> names;
  for (const RunParameter& parameter : run_parameters()) names.push_back(parameter.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace sncheck
