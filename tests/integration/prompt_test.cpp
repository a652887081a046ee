// SPDX-License-Identifier: Apache-2.0
// Secrets at the prompt: a secret given as a command-line value is refused without being echoed;
// --password-stdin on a terminal prompts on stderr with echo off and restores the terminal, also
// when the run is interrupted at the prompt.

#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "child_process.h"
#include "pty.h"
#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kTyped = "Typed-At-The-Prompt-73";

TEST(Prompt, ASecretValueOnTheCommandLineIsRefusedWithoutEchoingIt) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"oauth", "--instance", "acme", "--password", "hunter2-On-The-Line"},
           {"oauth", "--pass=hunter2-On-The-Line"},
           {"oauth", "-p", "hunter2-On-The-Line"},
           {"oauth", "--client-id", "x", "--probe", "--client-secret", "hunter2-On-The-Line"},
           {"oauth", "--token", "hunter2-On-The-Line"},
           {"diff", "a", "b", "--password=hunter2-On-The-Line"},
       }) {
    Report report = run_sncheck(args, {});
    EXPECT_EQ(report.process.exit_code, 2) << args.back();
    EXPECT_THAT(report.process.err, HasSubstr("is not accepted"));
    EXPECT_THAT(report.process.err, HasSubstr("-stdin"));
    EXPECT_THAT(report.process.out + report.process.err, Not(HasSubstr("hunter2")));
  }
}

TEST(Prompt, PasswordStdinOnATerminalPromptsWithEchoOff) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.password = kTyped;
  fake::FakeInstance instance(scenario);
  Pty pty;
  ASSERT_GE(pty.slave, 0);
  ChildProcess child({SNCHECK_BINARY, "oauth", "--instance", instance.url(), "--user",
                      scenario.user, "--password-stdin", "--format", "json"},
                     {}, pty.slave);
  const std::string prompt =
      "Password for sncheck.reader@127.0.0.1:" + std::to_string(instance.port()) + ": ";
  std::string shown = pty.screen(5000, prompt);
  EXPECT_THAT(shown, HasSubstr(prompt));
  EXPECT_FALSE(pty.echo_on()) << "echo is off while sncheck waits";
  pty.type(std::string(kTyped) + "\n");
  ProcessResult result = child.wait(30000);
  shown += pty.screen(200);
  EXPECT_EQ(result.exit_code, 0) << shown;
  EXPECT_THAT(result.out, HasSubstr("\"summary\""));
  EXPECT_THAT(shown + result.out, Not(HasSubstr(kTyped))) << "the typed password never shows";
  EXPECT_TRUE(pty.echo_on()) << "the terminal is restored";
}

TEST(Prompt, InterruptedAtThePromptTheTerminalIsRestored) {
  Pty pty;
  ASSERT_GE(pty.slave, 0);
  ChildProcess child({SNCHECK_BINARY, "oauth", "--instance", "http://127.0.0.1:9", "--token-stdin",
                      "--format", "json"},
                     {}, pty.slave);
  EXPECT_THAT(pty.screen(5000, "Bearer token for 127.0.0.1:9: "), HasSubstr("Bearer token for"));
  EXPECT_FALSE(pty.echo_on());
  child.send(SIGINT);
  ProcessResult result = child.wait(5000);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(pty.screen(200), HasSubstr("interrupted (SIGINT)"));
  EXPECT_TRUE(pty.echo_on());
}

}  // namespace
}  // namespace sncheck::testing
