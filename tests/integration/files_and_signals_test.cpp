// SPDX-License-Identifier: Apache-2.0
// Files written whole or not at all, inputs that cannot block, and endings that are not deaths:
// the sncheck program refuses one file given twice or an output over an input before reading
// anything; refuses a FIFO as any input; a secret command is bounded; SIGINT, SIGTERM and SIGHUP
// end a run with exit 2 and one line, removing temporary files and leaving earlier reports as they
// were; a closed stdout pipe ends it with exit 2 and one line instead of SIGPIPE.

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;

std::size_t lines_of(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<std::string> dir_entries(const ScratchDir& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A usage error before anything is read: exit 2, one line naming the problem, no request sent.
void expect_refused_before_reading(const fake::FakeInstance& instance, const Report& report,
                                   const std::string& message) {
  EXPECT_EQ(report.process.exit_code, 2) << report.process.out << report.process.err;
  EXPECT_THAT(report.process.err, HasSubstr(message));
  EXPECT_EQ(lines_of(report.process.err), 1u) << report.process.err;
  EXPECT_TRUE(report.process.out.empty()) << report.process.out;
  EXPECT_TRUE(instance.requests().empty()) << "the instance was read";
}

TEST(OutputFiles, OneFileGivenTwiceIsAUsageErrorBeforeAnythingIsRead) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string f = dir.write("report", "an earlier report\n");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"-o", f, "--report", "junit=" + f},
            "-o " + f + " and --report junit " + f + " name the same file"},
           {{"--report", "junit=" + f, "--report", "sarif=" + dir.file("./report")},
            "name the same file"},
           {{"-o", f, "--save-snapshot", f}, "and --save-snapshot " + f + " name the same file"},
       }) {
    Report report = run_oauth(instance, scenario, c.args);
    expect_refused_before_reading(instance, report, c.message);
    EXPECT_EQ(dir.read("report"), "an earlier report\n");
  }
}

TEST(OutputFiles, AnOutputOverAnInputIsAUsageErrorAndTheInputSurvives) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string password = dir.write("password", scenario.password + "\n", 0600);
  std::string waivers = dir.write("waivers.json", "{\"waivers\": []}\n");
  const std::string check_text = R"({
    "id": "acme.property.session_timeout", "title": "Session timeout is set",
    "severity": "low", "suite": "oauth", "rationale": "House rule.", "chain_step": 900,
    "reads": {"p": {"table": "sys_properties", "query": "name=glide.ui.session_timeout",
                    "fields": ["name", "value"]}},
    "condition": {"read": "p", "require": [{"field": "value", "op": "eq", "value": "1",
                  "message": "Timeout is {value}."}],
                  "when_empty": {"status": "fail", "message": "Not set."},
                  "pass_message": "Timeout is {value}."},
    "remediation": "Set it to 1.", "references": ["house rules"]})";
  std::string check = dir.write("checks/mine.json", check_text);
  std::string config =
      dir.write("config.json", "{\"profiles\": {\"p\": {\"instance\": \"" + instance.url() +
                                   "\", \"user\": \"sncheck.reader\", \"password\": {\"file\": \"" +
                                   password + "\"}}}}");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"--user", "sncheck.reader", "--password-file", password, "-o", password},
            "-o " + password + " is also --password-file " + password},
           {{"--waivers", waivers, "--report", "json=" + waivers}, "is also --waivers"},
           {{"--config", config, "--profile", "p", "-o", config}, "is also --config"},
           {{"--config", config, "--profile", "p", "--save-snapshot", password},
            "is also profile p secret file"},
           {{"--checks-dir", dir.file("checks"), "--report", "sarif=" + check},
            "is also --checks-dir"},
       }) {
    Report report = run_sncheck(
        [&] {
          std::vector<std::string> args = {"oauth", "--format", "json"};
          args.insert(args.end(), c.args.begin(), c.args.end());
          if (std::find(c.args.begin(), c.args.end(), "--profile") == c.args.end()) {
            args.insert(args.end(), {"--instance", instance.url()});
          }
          return args;
        }(),
        {"SN_PASSWORD=" + scenario.password});
    expect_refused_before_reading(instance, report, c.message);
  }
  EXPECT_EQ(dir.read("password"), scenario.password + "\n");
  EXPECT_EQ(dir.read("waivers.json"), "{\"waivers\": []}\n");
  EXPECT_EQ(dir.read("checks/mine.json"), check_text);
}

TEST(OutputFiles, ASnapshotReplayedCannotBeOverwrittenByItsReport) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  Report saved = run_oauth(instance, scenario, {"--save-snapshot", dir.file("snap.json")});
  ASSERT_EQ(saved.process.exit_code, 0) << saved.process.err;
  std::string snapshot = dir.read("snap.json");
  Report replay = run_sncheck({"oauth", "--snapshot", dir.file("snap.json"), "--format", "json",
                               "-o", dir.file("snap.json")},
                              {});
  EXPECT_EQ(replay.process.exit_code, 2);
  EXPECT_THAT(replay.process.err, HasSubstr("is also --snapshot"));
  EXPECT_EQ(dir.read("snap.json"), snapshot);
}

TEST(InputFiles, AFifoAsAnyInputIsAUsageErrorThatDoesNotBlock) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string fifo = dir.file("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  dir.write("checks/ok.json", "{}");
  ASSERT_EQ(::mkfifo(dir.file("checks/blocking.json").c_str(), 0600), 0);
  std::string config =
      dir.write("config.json", "{\"profiles\": {\"p\": {\"instance\": \"" + instance.url() +
                                   "\", \"user\": \"sncheck.reader\", \"password\": {\"file\": \"" +
                                   fifo + "\"}}}}");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"--instance", instance.url(), "--user", "u", "--password-file", fifo},
            "--password-file " + fifo + ": is a FIFO, not a regular file"},
           {{"--instance", instance.url(), "--waivers", fifo}, "--waivers " + fifo + ": is a FIFO"},
           {{"--config", fifo, "--profile", "p"}, "--config " + fifo + ": is a FIFO"},
           {{"--snapshot", fifo}, "--snapshot " + fifo + ": is a FIFO"},
           {{"--instance", instance.url(), "--ca-bundle", fifo},
            "--ca-bundle " + fifo + ": is a FIFO"},
           {{"--instance", instance.url(), "--checks-dir", dir.file("checks")},
            "blocking.json is a FIFO, not a regular file"},
           {{"--config", config, "--profile", "p"}, fifo + ": is a FIFO"},
       }) {
    auto started = std::chrono::steady_clock::now();
    std::vector<std::string> args = {"oauth", "--format", "json"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    Report report = run_sncheck(args, {"SN_USERNAME=u", "SN_PASSWORD=p"});
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
    expect_refused_before_reading(instance, report, c.message);
  }
  Report diff = run_sncheck({"diff", "a", "b", "--config", fifo}, {});
  EXPECT_EQ(diff.process.exit_code, 2);
  EXPECT_THAT(diff.process.err, HasSubstr("not a regular file"));
}

TEST(InputFiles, ASecretCommandThatHangsIsStoppedAtItsTimeout) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string config =
      dir.write("config.json",
                "{\"profiles\": {"
                "\"slow\": {\"instance\": \"" +
                    instance.url() +
                    "\", \"user\": \"sncheck.reader\", "
                    "\"password\": {\"command\": [\"sleep\", \"30\"], \"timeout\": 1}},"
                    "\"helper\": {\"instance\": \"" +
                    instance.url() +
                    "\", \"user\": \"sncheck.reader\", "
                    "\"password\": {\"command\": [\"/bin/sh\", \"-c\", \"sleep 30 & echo " +
                    scenario.password + "\"]}}}}");
  auto started = std::chrono::steady_clock::now();
  Report slow =
      run_sncheck({"oauth", "--config", config, "--profile", "slow", "--format", "json"}, {});
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(slow.process.exit_code, 2);
  EXPECT_THAT(slow.process.err, HasSubstr("'sleep' did not print a line within 1 s"));
  started = std::chrono::steady_clock::now();
  Report flag = run_sncheck({"oauth", "--config", config, "--profile", "slow", "--secret-timeout",
                             "2", "--format", "json"},
                            {});
  EXPECT_THAT(flag.process.err, HasSubstr("within 2 s"));
  started = std::chrono::steady_clock::now();
  Report helper =
      run_sncheck({"oauth", "--config", config, "--profile", "helper", "--format", "json"}, {});
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5))
      << "a helper holding the command's stdout is not waited for";
  EXPECT_EQ(helper.process.exit_code, 0) << helper.process.err;
}

TEST(Signals, InterruptingARunExitsTwoRemovesTemporariesAndKeepsEarlierReports) {
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    fake::Scenario scenario = fake::healthy_scenario();
    fake::TableFault stall;  // every answer starts, then goes silent: the run is mid-read
    stall.stall_ms = 20000;
    scenario.faults.tables["*"] = stall;
    fake::FakeInstance instance(scenario);
    ScratchDir dir;
    dir.write("report.json", "the earlier report\n");
    dir.write("report.xml", "the earlier junit\n");
    ChildProcess child(
        {SNCHECK_BINARY, "oauth", "--instance", instance.url(), "--format", "json", "-o",
         dir.file("report.json"), "--report", "junit=" + dir.file("report.xml"), "--save-snapshot",
         dir.file("snap.json"), "--no-batch"},  // the stall is per table GET, not per batch
        reader_env(scenario));
    // Mid-read: the two temporaries appear beside the reports (slowly under the sanitizers).
    auto wait_until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (dir_entries(dir).size() < 4u && std::chrono::steady_clock::now() < wait_until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(dir_entries(dir).size(), 4u) << "two temporaries beside the reports";
    auto sent = std::chrono::steady_clock::now();
    child.send(signal_number);
    ProcessResult result = child.wait(5000);
    EXPECT_LT(std::chrono::steady_clock::now() - sent, std::chrono::seconds(2));
    EXPECT_EQ(result.exit_code, 2) << strsignal(signal_number) << result.err;
    EXPECT_EQ(lines_of(result.err), 1u) << result.err;
    EXPECT_THAT(result.err, HasSubstr(signal_number == SIGINT    ? "(SIGINT)"
                                      : signal_number == SIGTERM ? "(SIGTERM)"
                                                                 : "(SIGHUP)"));
    EXPECT_EQ(dir.read("report.json"), "the earlier report\n");
    EXPECT_EQ(dir.read("report.xml"), "the earlier junit\n");
    EXPECT_EQ(dir_entries(dir), (std::vector<std::string>{"report.json", "report.xml"}));
  }
}

TEST(Signals, AClosedStdoutPipeEndsTheRunWithExitTwoAndOneLine) {
  fake::Scenario scenario = fake::many_clients_scenario(300);  // a report larger than a pipe
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  dir.write("junit.xml", "the earlier junit\n");
  ChildProcess child({SNCHECK_BINARY, "oauth", "--instance", instance.url(), "--format", "json",
                      "--report", "junit=" + dir.file("junit.xml")},
                     reader_env(scenario));
  EXPECT_EQ(child.read_stdout(1), "{");
  child.close_stdout();
  ProcessResult result = child.wait(30000);
  EXPECT_EQ(result.exit_code, 2) << "not death by SIGPIPE (141): " << result.err;
  EXPECT_EQ(lines_of(result.err), 1u) << result.err;
  EXPECT_THAT(result.err, HasSubstr("standard output was closed"));
  EXPECT_EQ(dir.read("junit.xml"), "the earlier junit\n");
  EXPECT_EQ(dir_entries(dir), (std::vector<std::string>{"junit.xml"}));
}

}  // namespace
}  // namespace sncheck::testing
