#include "core/platform_values.h"

namespace sncheck {

std::optional<bool> parse_boolean(std::string_view value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return std::nullopt;
}

}  // namespace sncheck
