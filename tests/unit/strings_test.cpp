// SPDX-License-Identifier: Apache-2.0
#include "core/strings.h"

#include <gtest/gtest.h>

namespace sncheck {
namespace {

std::optional<std::string> known(std::string_view name) {
  if (name == "who") return std::string("Acme");
  if (name == "empty") return std::string();
  return std::nullopt;
}

TEST(SubstituteBraces, ReplacesEveryPlaceholderAndKeepsAnUnclosedBrace) {
  EXPECT_EQ(substitute_braces("{who} calls {who}", known), "Acme calls Acme");
  EXPECT_EQ(substitute_braces("[{empty}]", known), "[]");
  EXPECT_EQ(substitute_braces("no placeholder", known), "no placeholder");
  EXPECT_EQ(substitute_braces("open {who", known), "open {who");
  EXPECT_EQ(substitute_braces("", known), "");
}

TEST(SubstituteBraces, AnUnknownNameMakesTheWholeTextUnknown) {
  EXPECT_FALSE(substitute_braces("{who} and {nobody}", known).has_value());
}

}  // namespace
}  // namespace sncheck
