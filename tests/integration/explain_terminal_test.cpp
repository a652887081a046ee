// SPDX-License-Identifier: Apache-2.0
// `sncheck explain` on a terminal renders the check's Markdown page as plain text wrapped to the
// terminal's width, coloured only where colour is allowed; piped, it stays the Markdown page
// (docs/checks/<id>.md), so `sncheck explain X > x.md` keeps working.

#include <sys/ioctl.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "pty.h"
#include "sncheck_runner.h"
#include "text_lines.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kCheck = "oauth.registry.app_user";

// What `sncheck explain ARGS` shows on a terminal `columns` wide (stdin, stdout, stderr on it),
// with the terminal's "\r\n" made "\n".
std::string on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& env,
                        unsigned short columns, int* exit_code) {
  Pty pty;
  if (pty.slave < 0) return "no pty";
  struct winsize size {};
  size.ws_col = columns;
  size.ws_row = 50;
  ::ioctl(pty.slave, TIOCSWINSZ, &size);
  std::vector<std::string> argv = {SNCHECK_BINARY, "explain"};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess child(argv, env, pty.slave, true);
  // The first output, then the rest until the terminal has been quiet for half a second.
  std::string shown = pty.screen(10000, kCheck);
  shown += pty.screen(500);
  ProcessResult result = child.wait(30000);
  shown += pty.screen(100);
  *exit_code = result.exit_code;
  std::string text;
  for (char c : shown) {
    if (c != '\r') text += c;
  }
  return text;
}

std::string markdown_page() {
  std::ifstream in(std::string(SNCHECK_SOURCE_DIR) + "/docs/checks/" + kCheck + ".md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ExplainTerminal, OnATerminalThePageIsPlainTextWrappedToItsWidth) {
  int code = -1;
  std::string text = on_terminal({kCheck}, {"TERM=dumb"}, 64, &code);
  EXPECT_EQ(code, 0) << text;
  // Headings without '#', underlined; the table as columns; code without backticks.
  EXPECT_THAT(text, HasSubstr("Why it matters\n--------------\n"));
  EXPECT_THAT(text, HasSubstr(std::string(kCheck) + "\n=======================\n"));
  EXPECT_THAT(text, HasSubstr("severity  suite  chain step  on failure"));
  EXPECT_THAT(text, HasSubstr("Reads oauth_entity where"));
  for (const char* markdown : {"## ", "# ", "|---", "**", "`", "\033"}) {
    EXPECT_THAT(text, Not(HasSubstr(markdown))) << markdown << "\n" << text;
  }
  // Wrapped to 64 columns; only a word longer than the room (a path) stands past it.
  std::size_t lines = 0;
  for (const std::string& line : lines_of(text)) {
    ++lines;
    if (columns(line) > 64) {
      std::string word = line.substr(line.find_first_not_of(' '));
      EXPECT_EQ(word.find(' '), std::string::npos) << line;
    }
  }
  EXPECT_GT(lines, 30u);
  // Nothing of the page is lost: every word of the Markdown's "Why it matters" paragraph.
  std::string page = markdown_page();
  ASSERT_FALSE(page.empty());
  std::size_t why = page.find("## Why it matters\n\n") + 19;
  std::istringstream words(page.substr(why, page.find('\n', why) - why));
  std::string flat;
  for (const std::string& line : lines_of(text)) flat += line + " ";
  for (std::string word; words >> word;) EXPECT_THAT(flat, HasSubstr(word));
}

TEST(ExplainTerminal, ColourOnlyWhereAllowed) {
  int code = -1;
  std::string coloured = on_terminal({kCheck}, {"TERM=xterm-256color"}, 80, &code);
  EXPECT_EQ(code, 0);
  EXPECT_THAT(coloured, HasSubstr("\033[1mWhy it matters\033[22m")) << coloured;
  std::string no_color = on_terminal({kCheck}, {"TERM=xterm-256color", "NO_COLOR=1"}, 80, &code);
  EXPECT_THAT(no_color, Not(HasSubstr("\033"))) << no_color;
  EXPECT_THAT(no_color, HasSubstr("Why it matters\n"));
  std::string dumb = on_terminal({kCheck}, {"TERM=dumb"}, 80, &code);
  EXPECT_THAT(dumb, Not(HasSubstr("\033")));
  std::string never = on_terminal({kCheck, "--color", "never"}, {"TERM=xterm"}, 80, &code);
  EXPECT_THAT(never, Not(HasSubstr("\033")));
  // --format markdown on a terminal: the page itself.
  std::string markdown = on_terminal({kCheck, "--format", "markdown"}, {"TERM=xterm"}, 80, &code);
  EXPECT_THAT(markdown, HasSubstr("## Why it matters\n"));
}

TEST(ExplainTerminal, PipedItStaysTheMarkdownPage) {
  Report piped = run_sncheck({"explain", kCheck}, {"TERM=xterm-256color"});
  EXPECT_EQ(piped.process.exit_code, 0);
  EXPECT_EQ(piped.process.out, markdown_page());
  // --format text forces the plain rendering into a pipe too, without colour (not a terminal).
  Report text = run_sncheck({"explain", kCheck, "--format", "text"}, {"TERM=xterm-256color"});
  EXPECT_EQ(text.process.exit_code, 0);
  EXPECT_THAT(text.process.out, HasSubstr("Why it matters\n--------------\n"));
  EXPECT_THAT(text.process.out, Not(HasSubstr("## ")));
  EXPECT_THAT(text.process.out, Not(HasSubstr("\033")));
  for (const std::string& line : lines_of(text.process.out)) {
    if (columns(line) > 80) {
      EXPECT_EQ(line.find(' ', line.find_first_not_of(' ')), std::string::npos) << line;
    }
  }
}

}  // namespace
}  // namespace sncheck::testing
