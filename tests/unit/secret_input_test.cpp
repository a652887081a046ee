// SPDX-License-Identifier: Apache-2.0
// Secrets coming in: never taken as a command-line value (and never echoed when refused), typed
// at a terminal with echo off, read from a profile's command within a bound.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cli/secret_command.h"
#include "cli/secret_flags.h"
#include "cli/terminal_prompt.h"
#include "core/secret_registry.h"
#include "core/usage_error.h"
#include "pty.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::optional<std::string> refusal(std::vector<const char*> args) {
  args.insert(args.begin(), "sncheck");
  return refuse_secret_arguments(static_cast<int>(args.size()), args.data());
}

TEST(SecretFlags, ASecretValueIsRefusedWithoutEchoingIt) {
  const char* value = "hunter2-Value";
  struct Case {
    std::vector<const char*> args;
    const char* flag;
    const char* alternative;
  };
  for (const Case& c : std::vector<Case>{
           {{"oauth", "--password", value}, "--password", "--password-stdin"},
           {{"oauth", "--pass", value}, "--pass", "--password-file FILE"},
           {{"oauth", "-p", value}, "-p", "SN_PASSWORD"},
           {{"oauth", "-phunter2-Value"}, "-p", "--password-stdin"},
           {{"oauth", "--password=hunter2-Value"}, "--password", "--password-stdin"},
           {{"oauth", "--client-secret", value}, "--client-secret", "--client-secret-stdin"},
           {{"oauth", "--client-secret=hunter2-Value"}, "--client-secret", "SN_CLIENT_SECRET"},
           {{"oauth", "--token", value}, "--token", "--token-stdin"},
           {{"oauth", "--token=hunter2-Value"}, "--token", "SN_TOKEN"},
           {{"oauth", "--password-stdin=hunter2-Value"}, "--password-stdin", "standard input"},
       }) {
    std::optional<std::string> message = refusal(c.args);
    ASSERT_TRUE(message.has_value()) << c.flag;
    EXPECT_THAT(*message, HasSubstr(c.flag));
    EXPECT_THAT(*message, HasSubstr(c.alternative));
    EXPECT_THAT(*message, Not(HasSubstr("hunter2"))) << *message;
  }
}

TEST(SecretFlags, SafeFlagsPass) {
  EXPECT_FALSE(refusal({"oauth", "--password-stdin", "--password-file", "f", "--profile", "p",
                        "--probe", "--client-secret-stdin", "--token-stdin", "--page-size", "5"}));
}

using testing::Pty;

TEST(TerminalPrompt, TheSecretIsTypedWithEchoOffAndTheTerminalRestored) {
  Pty pty;
  ASSERT_GE(pty.slave, 0);
  ASSERT_TRUE(pty.echo_on());
  std::string typed;
  std::thread prompt([&] {
    typed = read_hidden_line(pty.slave, pty.slave,
                             "Password for audit.reader@acme: ", "--password-stdin");
  });
  std::string shown = pty.screen(300);
  EXPECT_EQ(shown, "Password for audit.reader@acme: ");
  EXPECT_FALSE(pty.echo_on()) << "echo is off while the prompt waits";
  const std::string secret = "Typed-Secret-58";
  pty.type(secret + "\n");
  prompt.join();
  EXPECT_EQ(typed, secret);
  std::string after = pty.screen(100);
  EXPECT_THAT(after, Not(HasSubstr(secret))) << "the terminal never showed it";
  EXPECT_TRUE(pty.echo_on()) << "the terminal is restored";
  EXPECT_EQ(redact_secrets(secret), "[redacted]") << "and it is a secret of the run";
  forget_secrets();
}

TEST(TerminalPrompt, NothingTypedIsAUsageErrorAndTheTerminalIsRestored) {
  Pty pty;
  ASSERT_GE(pty.slave, 0);
  std::thread typist([&] {
    pty.screen(200);
    pty.type("\n");
  });
  EXPECT_THROW(read_hidden_line(pty.slave, pty.slave, "Password: ", "--password-stdin"),
               UsageError);
  typist.join();
  EXPECT_TRUE(pty.echo_on());
}

TEST(TerminalPrompt, HostsAreShortForServiceNowInstances) {
  EXPECT_EQ(prompt_host("https://acme.service-now.com"), "acme");
  EXPECT_EQ(prompt_host("http://127.0.0.1:8080"), "127.0.0.1:8080");
  EXPECT_EQ(prompt_host("https://sn.example.com/"), "sn.example.com");
}

double seconds_for(const std::function<void()>& action) {
  auto start = std::chrono::steady_clock::now();
  action();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string command_error(const std::vector<std::string>& command, long timeout) {
  try {
    run_secret_command(command, "config F: profiles.p.password.command", timeout);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(SecretCommand, ACommandThatHangsIsStoppedAtItsTimeout) {
  std::string message;
  double took = seconds_for([&] { message = command_error({"/bin/sh", "-c", "sleep 30"}, 1); });
  EXPECT_LT(took, 5.0);
  EXPECT_THAT(message, HasSubstr("'/bin/sh' did not print a line within 1 s and was stopped"));
  EXPECT_THAT(message, HasSubstr("--secret-timeout"));
}

TEST(SecretCommand, AHelperHoldingStandardOutputIsNotWaitedFor) {
  std::string secret;
  double took = seconds_for([&] {
    secret = run_secret_command({"/bin/sh", "-c", "sleep 30 & echo Helper-Pw-1"}, "where", 10);
  });
  EXPECT_EQ(secret, "Helper-Pw-1");
  EXPECT_LT(took, 5.0);
  forget_secrets();
}

TEST(SecretCommand, ReadingStopsAtTheFirstLine) {
  std::string secret;
  double took = seconds_for([&] { secret = run_secret_command({"yes", "Yes-Pw-2"}, "where", 10); });
  EXPECT_EQ(secret, "Yes-Pw-2");
  EXPECT_LT(took, 5.0);
  std::string message = command_error({"/bin/sh", "-c", "echo Late-Pw-3; sleep 30"}, 1);
  EXPECT_THAT(message, HasSubstr("did not exit after printing its line within 1 s"));
  EXPECT_THAT(message, Not(HasSubstr("Late-Pw-3")));
  forget_secrets();
}

TEST(SecretCommand, FailuresNameTheProgramNeverItsOutput) {
  EXPECT_THAT(command_error({"/bin/sh", "-c", "echo Failed-Pw-4; exit 3"}, 5),
              HasSubstr("'/bin/sh' failed (exit status 3)"));
  EXPECT_THAT(command_error({"/bin/sh", "-c", "echo Failed-Pw-4; exit 3"}, 5),
              Not(HasSubstr("Failed-Pw-4")));
  EXPECT_THAT(command_error({"/nonexistent/program"}, 5), HasSubstr("cannot run"));
  EXPECT_THAT(command_error({"true"}, 5), HasSubstr("printed nothing"));
}

}  // namespace
}  // namespace sncheck
