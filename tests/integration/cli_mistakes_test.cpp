// SPDX-License-Identifier: Apache-2.0
// Help and mistakes: a mistyped command, flag or check id gets a suggestion; enumerated values
// in any case; durations; a bare `sncheck` prints the help; help without parser artefacts,
// grouped, with examples only on their own command; warnings for what a run accepts but
// probably did not mean (an exclude or a waiver matching nothing, a file name naming another
// format).

#include <gtest/gtest.h>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliMistakes, UnknownCommandSuggestsTheClosest) {
  Report r = run_sncheck({"oath", "--instance", "acme"}, {});
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_TRUE(contains(r.process.err, "sncheck: unknown command 'oath' (did you mean 'oauth'?)"))
      << r.process.err;
  Report far = run_sncheck({"deploy"}, {});
  EXPECT_EQ(far.process.exit_code, 2);
  EXPECT_TRUE(contains(far.process.err, "unknown command 'deploy'; `sncheck --help` lists"))
      << far.process.err;
  EXPECT_FALSE(contains(far.process.err, "did you mean")) << far.process.err;
}

TEST(CliMistakes, UnknownFlagSuggestsTheClosestOfItsCommand) {
  Report r = run_sncheck({"oauth", "--instnace", "acme"}, {});
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_TRUE(contains(r.process.err,
                       "sncheck: oauth: unknown option '--instnace' (did you mean '--instance'?)"))
      << r.process.err;
  Report with_value = run_sncheck({"audit", "--severity-treshold=high"}, {});
  EXPECT_TRUE(contains(with_value.process.err,
                       "unknown option '--severity-treshold' (did you mean "
                       "'--severity-threshold'?)"))
      << with_value.process.err;
  Report doctor = run_sncheck({"doctor", "--print-roll"}, {});
  EXPECT_TRUE(contains(doctor.process.err, "(did you mean '--print-role'?)")) << doctor.process.err;
  Report before = run_sncheck({"--instance", "acme"}, {});
  EXPECT_EQ(before.process.exit_code, 2);
  EXPECT_TRUE(
      contains(before.process.err, "'--instance' before the command: options come after it"))
      << before.process.err;
  Report typo_before = run_sncheck({"--instnace", "acme"}, {});
  EXPECT_TRUE(contains(typo_before.process.err,
                       "'--instnace' before the command (did you mean '--instance'?)"))
      << typo_before.process.err;
  Report stray = run_sncheck({"checks", "one", "two"}, {});
  EXPECT_EQ(stray.process.exit_code, 2);
  EXPECT_TRUE(contains(stray.process.err, "checks: unexpected arguments 'one' 'two'"))
      << stray.process.err;
}

TEST(CliMistakes, UnknownCheckIdSuggestsTheClosest) {
  Report r = run_sncheck({"explain", "oauth.registry.appuser"}, {});
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_TRUE(contains(
      r.process.err, "no check 'oauth.registry.appuser' (did you mean 'oauth.registry.app_user'?)"))
      << r.process.err;
}

TEST(CliMistakes, BareSncheckPrintsTheHelpAndExitsTwo) {
  Report r = run_sncheck({}, {});
  EXPECT_EQ(r.process.exit_code, 2);
  EXPECT_TRUE(contains(r.process.out, "Usage:")) << r.process.out;
  EXPECT_TRUE(contains(r.process.out, "audit")) << r.process.out;
  EXPECT_TRUE(contains(r.process.out, "Examples:")) << r.process.out;
  EXPECT_FALSE(contains(r.process.err, "A subcommand is required")) << r.process.err;
}

TEST(CliMistakes, EnumeratedValuesInAnyCaseTheLastFormatWins) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r =
      run_sncheck({"oauth", "--instance", instance.url(), "--format", "text", "--format", "JSON",
                   "--severity-threshold", "HIGH", "--fail-on", "WARN", "--color", "Never"},
                  reader_env(scenario));
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  rapidjson::Document doc;
  doc.Parse(r.process.out.c_str());
  ASSERT_FALSE(doc.HasParseError()) << r.process.out;
  EXPECT_EQ(std::string(doc["gate"]["severity_threshold"].GetString()), "high");
  Report checks = run_sncheck({"checks", "--format", "Json"}, {});
  EXPECT_EQ(checks.process.exit_code, 0) << checks.process.err;
  EXPECT_EQ(checks.process.out.rfind("[", 0), 0u) << checks.process.out;
  // Parsed ("get" became GET), then refused for the missing --client-id, not for the method.
  Report method = run_sncheck(
      {"oauth", "--instance", "acme", "--method", "get", "--api", "/api/x_acme/inventory/items"},
      {"SN_USERNAME=u", "SN_PASSWORD=p"});
  EXPECT_EQ(method.process.exit_code, 2);
  EXPECT_TRUE(contains(method.process.err, "--api needs --client-id")) << method.process.err;
  Report bad = run_sncheck({"oauth", "--format", "yaml"}, {});
  EXPECT_EQ(bad.process.exit_code, 2);
  EXPECT_TRUE(contains(bad.process.err, "--format")) << bad.process.err;
}

TEST(CliMistakes, DurationsWithUnits) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report r = run_oauth(instance, scenario, {"--timeout", "5s", "--deadline", "2m"});
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  Report sub_second = run_oauth(instance, scenario, {"--timeout", "500ms"});
  EXPECT_EQ(sub_second.process.exit_code, 2);
  EXPECT_TRUE(contains(sub_second.process.err, "--timeout")) << sub_second.process.err;
  EXPECT_TRUE(contains(sub_second.process.err, "whole number of seconds"))
      << sub_second.process.err;
  Report unit = run_oauth(instance, scenario, {"--deadline", "5 minutes"});
  EXPECT_EQ(unit.process.exit_code, 2);
  EXPECT_TRUE(contains(unit.process.err, "--deadline")) << unit.process.err;
}

TEST(CliMistakes, HelpIsGroupedWithoutParserArtefacts) {
  Report r = run_sncheck({"oauth", "--help"}, {});
  EXPECT_EQ(r.process.exit_code, 0);
  for (const char* group : {"Connection:", "Selection:", "Output:", "Gating:", "Diagnostics:"}) {
    EXPECT_TRUE(contains(r.process.out, group)) << group << "\n" << r.process.out;
  }
  for (const char* artefact : {"FILE:FILE", "INT:INT", "TEXT:", "in [", ":{", "DURATION:"}) {
    EXPECT_FALSE(contains(r.process.out, artefact)) << artefact << "\n" << r.process.out;
  }
  EXPECT_TRUE(contains(r.process.out, "--timeout DURATION")) << r.process.out;
  EXPECT_TRUE(contains(r.process.out, "--concurrency N")) << r.process.out;
  // The connection group comes before the output group.
  EXPECT_LT(r.process.out.find("Connection:"), r.process.out.find("Output:"));
  // Each command shows its own examples only.
  std::string oauth_example = "sncheck oauth --profile acme-test --profile acme-prod";
  EXPECT_TRUE(contains(r.process.out, oauth_example)) << r.process.out;
  for (const char* other : {"audit", "doctor", "hardening", "checks"}) {
    Report help = run_sncheck({other, "--help"}, {});
    EXPECT_EQ(help.process.exit_code, 0) << other;
    EXPECT_FALSE(contains(help.process.out, oauth_example)) << other << "\n" << help.process.out;
    EXPECT_FALSE(contains(help.process.out, "FILE:FILE")) << other;
  }
}

TEST(CliMistakes, WarnsAboutExcludesAndWaiversThatMatchNothing) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string waivers = dir.write("waivers.json", R"({"waivers": [
    {"check": "oauth.regstry.entry", "reason": "typo", "owner": "qa", "expires": "2030-01-01"},
    {"check": "oauth.*", "reason": "fine", "owner": "qa", "expires": "2030-01-01"}]})");
  Report r = run_oauth(instance, scenario,
                       {"--checks", "oauth.*,-oauth.plugn.*,-oauth.plugin.oauth2,-oauth.probe.tokn",
                        "--waivers", waivers});
  EXPECT_TRUE(r.parsed) << r.process.err;
  EXPECT_TRUE(contains(r.process.err,
                       "sncheck: warning: --checks: '-oauth.plugn.*' excludes no check of suite "
                       "oauth\n"))
      << r.process.err;
  EXPECT_TRUE(contains(r.process.err,
                       "'-oauth.probe.tokn' excludes no check of suite oauth (did you mean "
                       "'oauth.probe.token'?)"))
      << r.process.err;
  EXPECT_FALSE(contains(r.process.err, "-oauth.plugin.oauth2'")) << r.process.err;
  EXPECT_TRUE(contains(r.process.err,
                       "waivers[0]: check 'oauth.regstry.entry' matches no check id, so it waives "
                       "nothing (did you mean 'oauth.registry.entry'?)"))
      << r.process.err;
  EXPECT_FALSE(contains(r.process.err, "waivers[1]")) << r.process.err;
  // stdout stays one JSON document.
  EXPECT_FALSE(contains(r.process.out, "warning")) << r.process.out;
}

TEST(CliMistakes, OutputExtensionPicksTheFormatOrIsWarnedAbout) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  ScratchDir dir;
  std::string html = dir.file("report.html");
  Report inferred =
      run_sncheck({"oauth", "--instance", instance.url(), "-o", html, "-v"}, reader_env(scenario));
  EXPECT_EQ(inferred.process.exit_code, 0) << inferred.process.err;
  EXPECT_TRUE(contains(dir.read("report.html"), "<html")) << dir.read("report.html");
  EXPECT_TRUE(contains(inferred.process.err, "format: html (from the extension of -o"))
      << inferred.process.err;
  std::string sarif = dir.file("scan.sarif");
  Report sarif_run =
      run_sncheck({"oauth", "--instance", instance.url(), "-o", sarif}, reader_env(scenario));
  EXPECT_EQ(sarif_run.process.exit_code, 0) << sarif_run.process.err;
  EXPECT_TRUE(contains(dir.read("scan.sarif"), "\"version\"")) << dir.read("scan.sarif");

  std::string contradicted = dir.file("other.html");
  Report warned = run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "-o",
                               contradicted, "--report", "junit=" + dir.file("x.sarif")},
                              reader_env(scenario));
  EXPECT_EQ(warned.process.exit_code, 0) << warned.process.err;
  EXPECT_TRUE(contains(warned.process.err, "the name says html but --format is json; writing json"))
      << warned.process.err;
  EXPECT_TRUE(contains(warned.process.err, "the name says sarif but the format is junit"))
      << warned.process.err;
  EXPECT_EQ(dir.read("other.html").rfind("{", 0), 0u);
  // No extension, or one no format owns: text, without a warning.
  std::string plain = dir.file("report.out");
  Report text =
      run_sncheck({"oauth", "--instance", instance.url(), "-o", plain}, reader_env(scenario));
  EXPECT_EQ(text.process.exit_code, 0) << text.process.err;
  EXPECT_FALSE(contains(text.process.err, "warning")) << text.process.err;
  EXPECT_TRUE(contains(dir.read("report.out"), "PASS")) << dir.read("report.out");
}

}  // namespace
}  // namespace sncheck::testing
