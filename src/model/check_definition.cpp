// SPDX-License-Identifier: Apache-2.0
#include "model/check_definition.h"

#include <algorithm>

namespace sncheck {

const ReadSpec* CheckDefinition::find_read(std::string_view name) const {
  for (const ReadSpec& read : reads) {
    if (read.name == name) return &read;
  }
  return nullptr;
}

bool CheckDefinition::has_tag(std::string_view tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

}  // namespace sncheck
