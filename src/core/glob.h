// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string_view>

namespace sncheck {

// Shell-style match of the whole text: `*` any run of characters, `?` one character.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace sncheck
