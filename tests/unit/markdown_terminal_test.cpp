// SPDX-License-Identifier: Apache-2.0
// Markdown as plain terminal text (sncheck explain on a terminal).

#include "report/markdown_terminal.h"

#include <gtest/gtest.h>

#include <sstream>

#include "report/text_wrap.h"

namespace sncheck::report {
namespace {

std::string plain(std::string_view markdown, std::size_t width = 80) {
  return markdown_to_terminal(markdown, width, false);
}

TEST(MarkdownTerminal, HeadingsLoseTheirHashesAndAreUnderlined) {
  EXPECT_EQ(plain("# Title\n\ntext\n\n## Part two\n\nmore\n"),
            "Title\n=====\n\ntext\n\nPart two\n--------\n\nmore\n");
}

TEST(MarkdownTerminal, FencesAreDroppedAndCodeIndented) {
  EXPECT_EQ(
      plain("Run:\n\n```sh\nsncheck oauth --instance acme   # keep   spacing\n```\n\nDone.\n"),
      "Run:\n\n    sncheck oauth --instance acme   # keep   spacing\n\nDone.\n");
}

TEST(MarkdownTerminal, LinksShowTheirAddress) {
  EXPECT_EQ(plain("See [the docs](https://example.com/a) or <https://example.com/b>.\n"),
            "See the docs (https://example.com/a) or https://example.com/b.\n");
  EXPECT_EQ(plain("[https://x.test/](https://x.test/)\n"), "https://x.test/\n");
}

TEST(MarkdownTerminal, InlineMarkupIsRemovedButIdentifiersKeepTheirUnderscores) {
  EXPECT_EQ(plain("**Bold** and `oauth_entity.user` and _Generated from `x`._ and app_user_id\n"),
            "Bold and oauth_entity.user and Generated from x. and app_user_id\n");
  EXPECT_EQ(plain("a \\*star\\* and \\_under\\_\n"), "a *star* and _under_\n");
}

TEST(MarkdownTerminal, ParagraphsAndListsWrapWithAHangingIndentAndKeepLongWordsWhole) {
  std::string url = "https://acme.service-now.com/sys_properties.do?sys_id=-1&sysparm_query=name";
  std::string text = plain("- one two three four five six seven eight nine ten eleven twelve " +
                               url + " end\n  - nested item\n",
                           40);
  EXPECT_EQ(text,
            "  - one two three four five six seven\n"
            "    eight nine ten eleven twelve\n" +
                url +
                "\n"
                "    end\n"
                "    - nested item\n");
  EXPECT_EQ(plain("a paragraph\nthat continues\n\nanother\n"),
            "a paragraph that continues\n\nanother\n");
}

TEST(MarkdownTerminal, TablesBecomeAlignedColumnsOrRowsWhenTooWide) {
  std::string table = "| severity | suite |\n|---|---|\n| critical | oauth |\n";
  EXPECT_EQ(plain(table), "  severity  suite\n  critical  oauth\n");
  EXPECT_EQ(plain("| a long header | another long header |\n|---|---|\n| x | y |\n", 20),
            "  a long header: x;\n    another long\n    header: y\n");
}

TEST(MarkdownTerminal, ColourOnlyWhenAskedAndItTakesNoColumns) {
  std::string coloured = markdown_to_terminal("## Why\n\nuse `x`\n", 80, true);
  EXPECT_EQ(coloured, "\033[1mWhy\033[22m\n---\n\nuse \033[36mx\033[39m\n");
  EXPECT_EQ(plain("## Why\n\nuse `x`\n").find('\033'), std::string::npos);
  EXPECT_EQ(visible_width("\033[1mWhy\033[22m"), 3u);
}

TEST(MarkdownTerminal, ControlCharactersInTheSourceAreShownNotObeyed) {
  std::string text = plain("title \033[2J\033]0;owned\007 end\n");
  EXPECT_EQ(text.find('\033'), std::string::npos) << text;
  EXPECT_EQ(text.find('\007'), std::string::npos) << text;
  EXPECT_NE(text.find("\\x1b[2J"), std::string::npos) << text;
}

}  // namespace
}  // namespace sncheck::report
