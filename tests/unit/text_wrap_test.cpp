// SPDX-License-Identifier: Apache-2.0
// Wrapping for the text report: at spaces only, with a hanging indent; a long word (a URL) is
// moved, never split.

#include <gtest/gtest.h>

#include "report/text_wrap.h"

namespace sncheck::report {
namespace {

TEST(TextWrap, WrapsAtSpacesWithAHangingIndent) {
  EXPECT_EQ(wrap("aaa bbb ccc ddd", 11, 2, 4), "aaa bbb\n    ccc ddd\n");
  EXPECT_EQ(wrap("aaa bbb ccc ddd", 10, 2, 4), "aaa bbb\n    ccc\n    ddd\n");
  EXPECT_EQ(wrap("short", 80, 8, 8), "short\n");
  EXPECT_EQ(wrap("", 80, 0, 0), "\n");
  // A double space inside a line stays; at a break it goes.
  EXPECT_EQ(wrap("a  b", 80, 0, 0), "a  b\n");
  EXPECT_EQ(wrap("aaaa  bbbb", 6, 0, 2), "aaaa\n  bbbb\n");
}

TEST(TextWrap, NeverSplitsAUrl) {
  std::string url = "https://acme.service-now.com/oauth_entity.do?sys_id=0123456789";
  // Too long after the indent: moved left so that it fits, whole.
  std::string wrapped = wrap("seen " + url, 70, 14, 14);
  EXPECT_EQ(wrapped, "seen\n" + std::string(70 - url.size(), ' ') + url + "\n");
  // Longer than the whole width: on its own line at column 0, whole.
  EXPECT_EQ(wrap("x " + url, 20, 0, 4), "x\n" + url + "\n");
}

TEST(TextWrap, CountsCodePointsNotBytes) {
  EXPECT_EQ(visible_width("é—✅"), 3u);
  EXPECT_EQ(wrap("ééé ééé", 7, 0, 0), "ééé ééé\n");
}

}  // namespace
}  // namespace sncheck::report
