// SPDX-License-Identifier: Apache-2.0
#include "core/platform_values.h"

#include <gtest/gtest.h>

namespace sncheck {
namespace {

TEST(PlatformValues, BooleansAreTheEncodingsThePlatformUses) {
  EXPECT_EQ(parse_boolean("true"), true);
  EXPECT_EQ(parse_boolean("1"), true);
  EXPECT_EQ(parse_boolean("false"), false);
  EXPECT_EQ(parse_boolean("0"), false);
  for (const char* other : {"", "TRUE", "True", "true ", " false", "yes", "no", "null", "2"}) {
    EXPECT_EQ(parse_boolean(other), std::nullopt) << "'" << other << "'";
  }
}

}  // namespace
}  // namespace sncheck
