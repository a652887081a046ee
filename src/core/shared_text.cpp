// SPDX-License-Identifier: Apache-2.0
#include "core/shared_text.h"

#include <utility>

namespace sncheck {

SharedText::SharedText(std::string text) {
  if (!text.empty()) text_ = std::make_shared<const std::string>(std::move(text));
}

const std::string& SharedText::empty_string() {
  static const std::string empty;
  return empty;
}

SharedText TextPool::intern(const SharedText& text) {
  if (text.empty()) return text;
  auto [it, added] = texts_.try_emplace(std::string_view(text.str()), text);
  return it->second;
}

}  // namespace sncheck
