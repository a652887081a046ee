// SPDX-License-Identifier: Apache-2.0
// Conventions other tools set: SN_TIMEOUT, a default profile, SNCHECK_CONFIG and SNCHECK_PROFILE,
// --no-progress, NO_COLOR and TERM=dumb, the last --format given winning.

#include <gtest/gtest.h>

#include <sstream>

#include "cli/app.h"
#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A profile reading the fake instance, its password from an environment variable.
std::string profile(const std::string& name, const fake::FakeInstance& instance,
                    const std::string& extra = "") {
  return "\"" + name + "\": {\"instance\": \"" + instance.url() +
         "\", \"user\": \"sncheck.reader\", \"password\": {\"env\": \"PROFILE_PASSWORD\"}" + extra +
         "}";
}

std::string password_env(const fake::Scenario& scenario) {
  return "PROFILE_PASSWORD=" + scenario.password;
}

TEST(CliConventions, SnTimeoutBetweenTheFlagAndTheProfile) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  std::vector<std::string> env = reader_env(scenario);
  env.push_back("SN_TIMEOUT=7s");
  Report r = run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "-v"}, env);
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_TRUE(contains(r.process.err, "timeout: 7s (from SN_TIMEOUT)")) << r.process.err;
  Report flag = run_sncheck(
      {"oauth", "--instance", instance.url(), "--format", "json", "-v", "--timeout", "9"}, env);
  EXPECT_TRUE(contains(flag.process.err, "timeout: 9s (from --timeout)")) << flag.process.err;
  env.back() = "SN_TIMEOUT=soon";
  Report bad = run_sncheck({"oauth", "--instance", instance.url(), "--format", "json"}, env);
  EXPECT_EQ(bad.process.exit_code, 2);
  EXPECT_TRUE(contains(bad.process.err, "SN_TIMEOUT: 'soon' is not a duration")) << bad.process.err;
}

TEST(CliConventions, DefaultProfileMarkedOrNamedDefault) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string marked =
      dir.write("marked.json",
                "{\"profiles\": {" + profile("prod", instance, ", \"default\": true") + ", " +
                    profile("default", instance, ", \"instance\": \"http://127.0.0.1:9\"") + "}}");
  Report r = run_sncheck({"oauth", "--config", marked, "--format", "json", "-v"},
                         {password_env(scenario)});
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_TRUE(contains(r.process.err, "profile: prod (the default profile of " + marked + ")"))
      << r.process.err;
  EXPECT_FALSE(contains(r.process.err, scenario.password));

  std::string named = dir.write("named.json", "{\"profiles\": {" + profile("default", instance) +
                                                  ", " + profile("other", instance) + "}}");
  Report by_name =
      run_sncheck({"oauth", "--format", "json", "-v"},
                  {password_env(scenario), "SNCHECK_CONFIG=" + named});  // the file from the env
  EXPECT_EQ(by_name.process.exit_code, 0) << by_name.process.err;
  EXPECT_TRUE(contains(by_name.process.err, "profile: default (the default profile of " + named))
      << by_name.process.err;

  Report chosen =
      run_sncheck({"oauth", "--format", "json", "-v"},
                  {password_env(scenario), "SNCHECK_CONFIG=" + named, "SNCHECK_PROFILE=other"});
  EXPECT_EQ(chosen.process.exit_code, 0) << chosen.process.err;
  EXPECT_TRUE(contains(chosen.process.err, "profile: other (from SNCHECK_PROFILE)"))
      << chosen.process.err;

  // An instance given another way: the default profile (and its credentials) stay out of it.
  std::vector<std::string> env = reader_env(scenario);
  env.push_back("SNCHECK_CONFIG=" + named);
  env.push_back("SN_INSTANCE=" + instance.url());
  Report direct = run_sncheck({"oauth", "--format", "json", "-v"}, env);
  EXPECT_EQ(direct.process.exit_code, 0) << direct.process.err;
  EXPECT_FALSE(contains(direct.process.err, "profile:")) << direct.process.err;
  EXPECT_TRUE(contains(direct.process.err, "from SN_INSTANCE")) << direct.process.err;

  std::string twice =
      dir.write("twice.json", "{\"profiles\": {" + profile("a", instance, ", \"default\": true") +
                                  ", " + profile("b", instance, ", \"default\": true") + "}}");
  Report two = run_sncheck({"oauth", "--config", twice}, {password_env(scenario)});
  EXPECT_EQ(two.process.exit_code, 2);
  EXPECT_TRUE(contains(two.process.err, "profiles.b.default: profile a is marked default too"))
      << two.process.err;

  // No default and no instance: the usual message.
  std::string none = dir.write("none.json", "{\"profiles\": {" + profile("x", instance) + "}}");
  Report nothing = run_sncheck({"oauth", "--config", none}, {password_env(scenario)});
  EXPECT_EQ(nothing.process.exit_code, 2);
  EXPECT_TRUE(contains(nothing.process.err, "no instance")) << nothing.process.err;
}

TEST(CliConventions, DoctorUsesTheDefaultProfile) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string config =
      dir.write("c.json", "{\"profiles\": {" + profile("default", instance) + "}}");
  Report r = run_sncheck({"doctor", "oauth", "--config", config}, {password_env(scenario)});
  EXPECT_EQ(r.process.exit_code, 0) << r.process.out << r.process.err;
  EXPECT_TRUE(contains(r.process.out, "basic auth as sncheck.reader: accepted")) << r.process.out;
}

// The program in-process, with terminals where the test says and this environment.
struct InProcess {
  std::string out;
  std::string err;
  int code = -1;
};

InProcess run_in_process(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env, bool terminals) {
  std::vector<const char*> argv = {"sncheck"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::istringstream in;
  std::ostringstream out, err;
  Io io{in,
        out,
        err,
        [env](const std::string& name) -> std::optional<std::string> {
          auto it = env.find(name);
          if (it == env.end()) return std::nullopt;
          return it->second;
        },
        terminals,
        terminals,
        false};
  InProcess result;
  result.code = run_cli(static_cast<int>(argv.size()), argv.data(), io);
  result.out = out.str();
  result.err = err.str();
  return result;
}

TEST(CliConventions, ColourAndProgressOnlyWhereTheTerminalDrawsThem) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  std::vector<std::string> args = {"oauth", "--instance", instance.url()};
  std::map<std::string, std::string> env = {{"SN_USERNAME", scenario.user},
                                            {"SN_PASSWORD", scenario.password},
                                            {"TERM", "xterm-256color"}};
  InProcess drawn = run_in_process(args, env, true);
  EXPECT_EQ(drawn.code, 0) << drawn.err;
  EXPECT_TRUE(contains(drawn.out, "\033[")) << drawn.out;
  EXPECT_TRUE(contains(drawn.err, "tables\u2026")) << drawn.err;

  std::vector<std::string> quiet = args;
  quiet.push_back("--no-progress");
  InProcess no_progress = run_in_process(quiet, env, true);
  EXPECT_FALSE(contains(no_progress.err, "tables\u2026")) << no_progress.err;
  EXPECT_FALSE(contains(no_progress.err, "\033[")) << no_progress.err;
  EXPECT_TRUE(contains(no_progress.out, "\033[")) << "--no-progress keeps colour";

  std::map<std::string, std::string> dumb = env;
  dumb["TERM"] = "dumb";
  InProcess plain = run_in_process(args, dumb, true);
  EXPECT_EQ(plain.code, 0) << plain.err;
  EXPECT_FALSE(contains(plain.out, "\033[")) << plain.out;
  EXPECT_FALSE(contains(plain.err, "\033[")) << plain.err;
  EXPECT_FALSE(contains(plain.err, "tables\u2026")) << plain.err;

  std::map<std::string, std::string> no_color = env;
  no_color["NO_COLOR"] = "1";
  InProcess uncoloured = run_in_process(args, no_color, true);
  EXPECT_FALSE(contains(uncoloured.out, "\033[")) << uncoloured.out;
  std::vector<std::string> forced = args;
  forced.insert(forced.end(), {"--color", "always"});
  InProcess asked = run_in_process(forced, no_color, true);
  EXPECT_TRUE(contains(asked.out, "\033[")) << "--color always beats NO_COLOR";
  InProcess piped = run_in_process(args, env, false);
  EXPECT_FALSE(contains(piped.out, "\033["));
  EXPECT_FALSE(contains(piped.err, "tables\u2026"));
}

TEST(CliConventions, TheLastFormatWins) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r =
      run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "--format", "junit"},
                  reader_env(scenario));
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.process.out.rfind("<?xml", 0), 0u) << r.process.out;
}

}  // namespace
}  // namespace sncheck::testing
