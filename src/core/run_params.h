// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace sncheck {

// Values given on the command line that narrow or parameterise checks (client_id, api_path...;
// model/run_parameters.h lists them) and the instance the run judges.
struct RunParams {
  std::map<std::string, std::string, std::less<>> values;
  std::string instance_url;  // for links to records in the instance's UI

  const std::string* find(std::string_view name) const {
    auto it = values.find(name);
    return it == values.end() ? nullptr : &it->second;
  }
};

}  // namespace sncheck
