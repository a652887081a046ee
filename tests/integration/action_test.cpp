// SPDX-License-Identifier: Apache-2.0
// The GitHub Action's own script (scripts/action/run.sh, run by action.yml) against the fake
// instance: the gate's exit code, the step outputs, the job summary, and no SARIF when the audit
// could not run (an empty SARIF upload would close every open alert).

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <fstream>
#include <sstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

struct ActionRun {
  ProcessResult process;
  std::string outputs;  // what the script appended to $GITHUB_OUTPUT
  std::string summary;  // $GITHUB_STEP_SUMMARY
};

ActionRun run_action(const fake::FakeInstance& instance, const fake::Scenario& scenario,
                     const ScratchDir& dir, std::vector<std::string> inputs = {}) {
  std::vector<std::string> env = reader_env(scenario);
  env.push_back(std::string("SNCHECK=") + SNCHECK_BINARY);
  env.push_back("INPUT_INSTANCE=" + instance.url());
  env.push_back("INPUT_JUNIT=" + dir.file("junit.xml"));
  env.push_back("INPUT_SARIF=" + dir.file("sncheck.sarif"));
  env.push_back("INPUT_MARKDOWN=" + dir.file("summary.md"));
  env.push_back("GITHUB_OUTPUT=" + dir.write("outputs", ""));
  env.push_back("GITHUB_STEP_SUMMARY=" + dir.write("step-summary", ""));
  env.insert(env.end(), inputs.begin(), inputs.end());
  ActionRun run;
  run.process =
      run_process({"/bin/bash", std::string(SNCHECK_SOURCE_DIR) + "/scripts/action/run.sh"}, env);
  run.outputs = dir.read("outputs");
  run.summary = dir.read("step-summary");
  return run;
}

TEST(Action, AHealthyInstancePassesTheGateWithEveryReport) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  ActionRun run = run_action(instance, scenario, dir);
  EXPECT_EQ(run.process.exit_code, 0) << run.process.out << run.process.err;
  EXPECT_NE(run.outputs.find("exit-code=0\n"), std::string::npos) << run.outputs;
  EXPECT_NE(run.outputs.find("sarif=" + dir.file("sncheck.sarif") + "\n"), std::string::npos);
  EXPECT_TRUE(exists(dir.file("sncheck.sarif")));
  EXPECT_NE(dir.read("junit.xml").find("<testsuite"), std::string::npos);
  EXPECT_NE(run.summary.find("sncheck"), std::string::npos) << run.summary;
}

TEST(Action, AFailingCheckFailsTheStepUnlessFailIsFalse) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  ActionRun gate = run_action(instance, scenario, dir);
  EXPECT_EQ(gate.process.exit_code, 1) << gate.process.err;
  EXPECT_NE(gate.outputs.find("exit-code=1\n"), std::string::npos) << gate.outputs;
  EXPECT_TRUE(exists(dir.file("sncheck.sarif")));
  ScratchDir report_only;
  ActionRun run = run_action(instance, scenario, report_only, {"INPUT_FAIL=false"});
  EXPECT_EQ(run.process.exit_code, 0);
  EXPECT_NE(run.outputs.find("exit-code=1\n"), std::string::npos) << run.outputs;
}

TEST(Action, AnAuditThatCouldNotRunWritesNoSarif) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.faults.hibernating = true;
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  ActionRun run = run_action(instance, scenario, dir);
  EXPECT_EQ(run.process.exit_code, 2);
  EXPECT_NE(run.outputs.find("exit-code=2\nsarif=\n"), std::string::npos) << run.outputs;
  EXPECT_FALSE(exists(dir.file("sncheck.sarif")));
  // sncheck itself withholds it (and says why); the script then publishes no file.
  EXPECT_NE(run.process.err.find("no SARIF report is written"), std::string::npos)
      << run.process.err;
}

// --sarif-on-error in `args` is the user's explicit choice: the script must not undo it.
TEST(Action, SarifOnErrorInArgsIsHonouredOnExitTwo) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.faults.hibernating = true;
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  ActionRun run = run_action(instance, scenario, dir, {"INPUT_ARGS=--sarif-on-error"});
  EXPECT_EQ(run.process.exit_code, 2);
  EXPECT_TRUE(exists(dir.file("sncheck.sarif")));
  EXPECT_NE(run.outputs.find("sarif=" + dir.file("sncheck.sarif") + "\n"), std::string::npos)
      << run.outputs;
}

TEST(Action, InputsBecomeFlags) {
  fake::Scenario scenario = fake::demo_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  // Only the plugin checks: the demo's two failures are excluded, so the gate passes.
  ActionRun run = run_action(instance, scenario, dir, {"INPUT_CHECKS=oauth.plugin.*"});
  EXPECT_EQ(run.process.exit_code, 0) << run.process.out;
  EXPECT_EQ(run.process.out.find("oauth.registry.app_user"), std::string::npos) << run.process.out;
  EXPECT_NE(run.process.out.find("oauth.plugin.oauth2"), std::string::npos);
}

}  // namespace
}  // namespace sncheck::testing
