// SPDX-License-Identifier: Apache-2.0
// escape_control: what the instance supplies cannot drive the terminal or forge a report line.

#include <gtest/gtest.h>

#include <string>

#include "core/strings.h"

namespace sncheck {
namespace {

TEST(EscapeControl, ControlCharactersBecomeVisibleEscapes) {
  EXPECT_EQ(escape_control("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(escape_control("line\nPASS    some.check"), "line\\nPASS    some.check");
  EXPECT_EQ(escape_control("over\rwrite\ttab"), "over\\rwrite\\ttab");
  EXPECT_EQ(escape_control(std::string("nul\0bel\a", 8)), "nul\\x00bel\\x07");
  EXPECT_EQ(escape_control("del\x7f"), "del\\x7f");
}

TEST(EscapeControl, C1AndUnicodeLineAndDirectionControlsAreEscaped) {
  EXPECT_EQ(escape_control("csi\xc2\x9b"
                           "2J"),
            "csi\\u009b2J");                               // U+009B CSI
  EXPECT_EQ(escape_control("nel\xc2\x85"), "nel\\u0085");  // U+0085 NEL
  EXPECT_EQ(escape_control("ls\xe2\x80\xa8ps\xe2\x80\xa9"), "ls\\u2028ps\\u2029");
  EXPECT_EQ(escape_control("rlo\xe2\x80\xae"), "rlo\\u202e");  // right-to-left override
  EXPECT_EQ(escape_control("lone\x9b"), "lone\\x9b");          // not UTF-8
  EXPECT_EQ(escape_control("overlong\xc0\xaf"), "overlong\\xc0\\xaf");
}

TEST(EscapeControl, OrdinaryTextIsUnchanged) {
  const std::string text = "Acme Integration – café 日本 🙂 'quoted' <b> | \\ /";
  EXPECT_EQ(escape_control(text), text);
  EXPECT_EQ(escape_control(""), "");
}

}  // namespace
}  // namespace sncheck
