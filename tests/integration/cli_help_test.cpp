// SPDX-License-Identifier: Apache-2.0
// Every --help of the real binary fits 80 columns (CLI11 2.1 does not wrap; sncheck's formatter
// does), shows no parser artefacts, and loses nothing in the wrapping.

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "sncheck_runner.h"
#include "text_lines.h"

namespace sncheck::testing {
namespace {

// The subcommands `sncheck --help` lists (two spaces, a name, then its description).
std::vector<std::string> listed_subcommands() {
  Report top = run_sncheck({"--help"}, {});
  std::vector<std::string> names;
  bool in_list = false;
  for (const std::string& line : lines_of(top.process.out)) {
    if (line == "Subcommands:") {
      in_list = true;
    } else if (line.empty()) {
      in_list = false;
    } else if (in_list && line.rfind("  ", 0) == 0 && line[2] != ' ') {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return names;
}

void expect_fits(const std::string& what, const std::string& help) {
  SCOPED_TRACE(what);
  ASSERT_FALSE(help.empty());
  for (const std::string& line : lines_of(help)) {
    EXPECT_LE(columns(line), 80u) << line;
    EXPECT_TRUE(line.empty() || line.back() != ' ') << "trailing space: '" << line << "'";
  }
  for (const char* artefact : {"FILE:FILE", "INT:INT", "TEXT:", "UINT:", "FLOAT:", ":{",
                               "DURATION:", "[Option Group", "Excludes:", "Needs:"}) {
    EXPECT_EQ(help.find(artefact), std::string::npos) << artefact << "\n" << help;
  }
  // A range validator's description ("INT in [1 - 16]"), not "explain [OPTIONS]".
  EXPECT_FALSE(std::regex_search(help, std::regex(R"(in \[-?[0-9])"))) << help;
}

TEST(CliHelp, EveryHelpFitsEightyColumnsWithoutParserArtefacts) {
  std::vector<std::string> commands = listed_subcommands();
  // The suites, the built-in commands; `completion` is not listed (for packagers) but has help.
  for (const char* expected :
       {"oauth", "hardening", "rest", "identity", "audit", "doctor", "checks", "explain", "diff"}) {
    EXPECT_NE(std::find(commands.begin(), commands.end(), expected), commands.end()) << expected;
  }
  commands.push_back("completion");
  Report top = run_sncheck({"--help"}, {});
  EXPECT_EQ(top.process.exit_code, 0);
  expect_fits("sncheck --help", top.process.out);
  Report bare = run_sncheck({}, {});
  expect_fits("sncheck", bare.process.out);
  Report all = run_sncheck({"--help-all"}, {});
  EXPECT_EQ(all.process.exit_code, 0);
  expect_fits("sncheck --help-all", all.process.out);
  for (const std::string& command : commands) {
    Report help = run_sncheck({command, "--help"}, {});
    EXPECT_EQ(help.process.exit_code, 0) << command << help.process.err;
    expect_fits("sncheck " + command + " --help", help.process.out);
    if (command != "completion") {
      EXPECT_NE(all.process.out.find("\n" + command + "\n"), std::string::npos) << command;
    }
  }
}

// The text with its wrapping undone: each line break and the indent after it made one space,
// a shell continuation (" \") and a continued comment ("# ") joined too.
std::string unwrapped(const std::string& text) {
  std::string out;
  for (std::string line : lines_of(text)) {
    std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    line = line.substr(start);
    if (!out.empty() && out.back() == '\\') {
      out.pop_back();
      out.pop_back();
    }
    out += (out.empty() ? "" : " ") + line;
  }
  return out;
}

std::string squeezed(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

TEST(CliHelp, WrappingKeepsEveryWordAndEachExampleARunnableCommand) {
  Report help = run_sncheck({"oauth", "--help"}, {});
  ASSERT_EQ(help.process.exit_code, 0);
  std::string flat = squeezed(unwrapped(help.process.out));
  // A long description, whole and in order after its option (it was one line of 140 columns).
  EXPECT_NE(flat.find("--severity-threshold SEVERITY Findings of a lower severity are reported "
                      "but do not fail the run (info, low, medium, high, critical; default info)"),
            std::string::npos)
      << help.process.out;
  // A long example: its continuation lines end in " \" and it reads as the one command.
  EXPECT_NE(flat.find("sncheck oauth --instance acme --user audit.reader --severity-threshold "
                      "high --waivers waivers.json --report junit=sncheck.xml --report "
                      "sarif=sncheck.sarif"),
            std::string::npos)
      << help.process.out;
  bool continued = false;
  for (const std::string& line : lines_of(help.process.out)) {
    if (line.size() > 2 && line.compare(line.size() - 2, 2, " \\") == 0) continued = true;
  }
  EXPECT_TRUE(continued) << help.process.out;
  // An option's value stays beside its option; a description never touches its option's name.
  EXPECT_EQ(help.process.out.find("--api \\"), std::string::npos) << help.process.out;
  EXPECT_EQ(help.process.out.find("SEVERITY Findings"), std::string::npos) << help.process.out;
}

}  // namespace
}  // namespace sncheck::testing
