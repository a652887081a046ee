// SPDX-License-Identifier: Apache-2.0
// Profiles, combined multi-instance runs, snapshots and drift, through the sncheck program
// against fake instances.

#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

constexpr const char* kHealthyPassword = "Healthy-Pa55-Unique-81";
constexpr const char* kBrokenPassword = "Broken-Pa55-Unique-37";
constexpr const char* kDemoPassword = "Demo-Pa55-Unique-64";

fake::Scenario with_password(fake::Scenario scenario, const std::string& password) {
  scenario.password = password;
  return scenario;
}

// A profile whose password is read by a command (printf), without a shell.
std::string profile_json(const std::string& name, const fake::FakeInstance& instance,
                         const std::string& password) {
  return "\"" + name + "\": {\"instance\": \"" + instance.url() +
         "\", \"user\": \"sncheck.reader\", \"password\": {\"command\": [\"printf\", \"%s\", \"" +
         password + "\"]}}";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expect_no_password(const std::string& text) {
  for (const char* secret : {kHealthyPassword, kBrokenPassword, kDemoPassword}) {
    EXPECT_FALSE(contains(text, secret)) << "a password leaked";
  }
}

// The combined report against the documented schema (docs/report-schema.json).
std::string schema_violations(const rapidjson::Document& report) {
  std::ifstream in(std::string(SNCHECK_SOURCE_DIR) + "/docs/report-schema.json");
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document schema_json;
  schema_json.Parse(text.str().c_str());
  if (schema_json.HasParseError()) return "the schema is not JSON";
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::SchemaValidator validator(schema);
  if (report.Accept(validator)) return {};
  rapidjson::StringBuffer where;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
  return std::string("at ") + where.GetString() + " (" + validator.GetInvalidSchemaKeyword() + ")";
}

int results_for(const Report& report, const std::string& instance, const std::string& status) {
  int count = 0;
  for (const auto& result : report.json["results"].GetArray()) {
    if (instance == result["instance"].GetString() && status == result["status"].GetString()) {
      ++count;
    }
  }
  return count;
}

TEST(CombinedRun, HealthyBrokenAndMisconfiguredInstancesInOneReport) {
  fake::FakeInstance healthy(with_password(fake::healthy_scenario(), kHealthyPassword));
  // The broken instance rejects sncheck's credentials: a fatal error for that instance only.
  fake::FakeInstance broken(with_password(fake::healthy_scenario(), "not-what-the-profile-says"));
  fake::FakeInstance demo(with_password(fake::demo_scenario(), kDemoPassword));
  ScratchDir dir;
  std::string config = dir.write(
      "config.json", "{\"profiles\": {" + profile_json("test", healthy, kHealthyPassword) + ", " +
                         profile_json("broken", broken, kBrokenPassword) + ", " +
                         profile_json("prod", demo, kDemoPassword) + "}}");
  std::vector<std::string> args = {"oauth",     "--config",  config,      "--profile", "test",
                                   "--profile", "broken",    "--profile", "prod",      "--format",
                                   "json",      "--timeout", "5"};
  Report report = run_sncheck(args, {"SN_INSTANCE=https://elsewhere.example.com"});
  ASSERT_TRUE(report.parsed) << report.process.out << report.process.err;
  EXPECT_EQ(report.process.exit_code, 1);  // a failure on prod wins over broken's error
  EXPECT_EQ(schema_violations(report.json), "");
  EXPECT_TRUE(contains(report.process.err, "ignoring SN_INSTANCE")) << report.process.err;

  int per_instance = static_cast<int>(report.json["results"].Size()) / 3;
  EXPECT_GE(results_for(report, healthy.url(), "pass"), 9) << report.process.out;
  EXPECT_EQ(results_for(report, healthy.url(), "fail"), 0);
  EXPECT_EQ(results_for(report, healthy.url(), "error"), 0);
  EXPECT_EQ(results_for(report, broken.url(), "error"), per_instance);  // nothing hidden, no pass
  EXPECT_GE(results_for(report, demo.url(), "fail"), 2);
  EXPECT_EQ(report.count("fail"), results_for(report, demo.url(), "fail"));
  EXPECT_EQ(report.count("error"), per_instance);

  const auto& instances = report.json["instances"];
  ASSERT_TRUE(instances.IsArray());
  ASSERT_EQ(instances.Size(), 3u);
  EXPECT_EQ(std::string(instances[0]["instance"].GetString()), healthy.url());
  EXPECT_EQ(instances[0]["exit_code"].GetInt(), 0);
  EXPECT_EQ(instances[1]["exit_code"].GetInt(), 2);
  EXPECT_EQ(std::string(instances[1]["fatal_error"]["kind"].GetString()), "unauthorized");
  EXPECT_EQ(instances[2]["exit_code"].GetInt(), 1);
  EXPECT_EQ(std::string(instances[2]["root_cause"].GetString()),
            "oauth.property.client_credentials");
  expect_no_password(report.process.out + report.process.err);

  args[10] = "text";
  args.push_back("-v");
  Report text = run_sncheck(args, {});
  EXPECT_EQ(text.process.exit_code, 1);
  const std::string& out = text.process.out;
  std::size_t a = out.find("== " + healthy.url());
  std::size_t b = out.find("== " + broken.url());
  std::size_t c = out.find("== " + demo.url());
  ASSERT_NE(a, std::string::npos) << out;
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_TRUE(contains(out.substr(b, c - b), "Could not read the instance"));
  EXPECT_TRUE(contains(out, "All instances: " + std::to_string(3 * per_instance) + " results"))
      << out;
  EXPECT_TRUE(contains(text.process.err, "prod: password: from profile prod in " + config));
  expect_no_password(text.process.out + text.process.err);
}

// Waivers and gating in a combined run: a waiver names one instance, the threshold and the
// expiry apply to every instance, and each instance's exit code says what gated it.
TEST(CombinedRun, WaiversAndGatingApplyPerInstance) {
  fake::FakeInstance test(with_password(fake::demo_scenario(), kDemoPassword));  // critical fails
  fake::Scenario prod_scenario = with_password(fake::healthy_scenario(), kHealthyPassword);
  // High-severity failures with --api: the resource's ACL refuses the application user (and so
  // the prediction).
  remove_rows(prod_scenario, "sys_user_has_role", "sys_id", "5d1f0a3cb0a94e6b8c2e7f41a9d3c008");
  fake::FakeInstance prod(prod_scenario);
  ScratchDir dir;
  std::string config =
      dir.write("config.json", "{\"profiles\": {" + profile_json("test", test, kDemoPassword) +
                                   ", " + profile_json("prod", prod, kHealthyPassword) + "}}");
  std::string waivers =
      dir.write("waivers.json", R"({"waivers": [{"check": "oauth.*", "instance": ")" + test.url() +
                                    R"(", "reason": "CHG0077 rebuilds test", "owner": "iam-team",
                          "expires": "2030-02-01"}]})");
  auto run = [&](const std::string& today, std::vector<std::string> extra) {
    std::vector<std::string> args = {"oauth",
                                     "--config",
                                     config,
                                     "--profile",
                                     "test",
                                     "--profile",
                                     "prod",
                                     "--format",
                                     "json",
                                     "--waivers",
                                     waivers,
                                     "--today",
                                     today,
                                     "--timeout",
                                     "5",
                                     "--client-id",
                                     healthy_client_id(),
                                     "--api",
                                     "/api/x_acme/inventory/items/42"};
    args.insert(args.end(), extra.begin(), extra.end());
    Report report = run_sncheck(args, {});
    EXPECT_TRUE(report.parsed) << report.process.out << report.process.err;
    EXPECT_EQ(schema_violations(report.json), "");
    return report;
  };
  auto blocking_on = [](const Report& report, const std::string& instance) {
    int count = 0;
    for (const auto& result : report.json["results"].GetArray()) {
      if (instance == result["instance"].GetString() && result["blocking"].GetBool()) ++count;
    }
    return count;
  };

  Report waived = run("2030-01-15", {});
  ASSERT_TRUE(waived.parsed);
  EXPECT_EQ(waived.process.exit_code, 1);  // prod's failure still gates
  EXPECT_GE(waived.json["summary"]["waived"].GetInt(), 2);
  EXPECT_EQ(blocking_on(waived, test.url()), 0);
  EXPECT_EQ(blocking_on(waived, prod.url()), 2);
  EXPECT_EQ(waived.json["instances"][0]["exit_code"].GetInt(), 0);
  EXPECT_EQ(waived.json["instances"][1]["exit_code"].GetInt(), 1);

  Report gated = run("2030-01-15", {"--severity-threshold", "critical"});
  ASSERT_TRUE(gated.parsed);
  EXPECT_EQ(gated.process.exit_code, 0);
  int reported = 0;  // prod's failure is still reported, only no longer gating
  for (const auto& result : gated.json["results"].GetArray()) {
    if (prod.url() == result["instance"].GetString() &&
        std::string(result["id"].GetString()) == "oauth.api.acl") {
      EXPECT_STREQ(result["status"].GetString(), "fail");
      ++reported;
    }
  }
  EXPECT_EQ(reported, 1);
  EXPECT_EQ(blocking_on(gated, prod.url()), 0);
  EXPECT_EQ(gated.json["instances"][1]["exit_code"].GetInt(), 0);

  Report expired = run("2030-02-02", {"--severity-threshold", "critical"});
  ASSERT_TRUE(expired.parsed);
  EXPECT_EQ(expired.process.exit_code, 1);
  EXPECT_EQ(expired.json["summary"]["waived"].GetInt(), 0);
  EXPECT_GE(blocking_on(expired, test.url()), 2);
  EXPECT_EQ(expired.json["instances"][0]["exit_code"].GetInt(), 1);
  for (const auto& result : expired.json["results"].GetArray()) {
    if (!result["blocking"].GetBool()) continue;
    EXPECT_TRUE(result["waiver"]["expired"].GetBool());
  }
}

TEST(CombinedRun, ConfigErrorsNameFileAndField) {
  ScratchDir dir;
  std::string bad = dir.write("bad.json", "{\"profiles\": ");
  Report r1 = run_sncheck({"oauth", "--config", bad, "--profile", "x"}, {});
  EXPECT_EQ(r1.process.exit_code, 2);
  EXPECT_TRUE(contains(r1.process.err, "config " + bad + ": not valid JSON")) << r1.process.err;

  std::string secret = dir.write("pw", std::string(kHealthyPassword) + "\n", 0644);
  std::string config = dir.write("config.json",
                                 "{\"profiles\": {\"p\": {\"instance\": \"acme\", \"user\": \"u\", "
                                 "\"password\": {\"file\": \"" +
                                     secret + "\"}}}}");
  Report r2 = run_sncheck({"oauth", "--config", config, "--profile", "nope"}, {});
  EXPECT_EQ(r2.process.exit_code, 2);
  EXPECT_TRUE(contains(r2.process.err, "profiles.nope: no such profile (profiles: p)"))
      << r2.process.err;
  Report r3 = run_sncheck({"oauth", "--config", config, "--profile", "p"}, {});
  EXPECT_EQ(r3.process.exit_code, 2);
  EXPECT_TRUE(contains(r3.process.err, "config " + config + ": profiles.p.password.file"))
      << r3.process.err;
  EXPECT_TRUE(contains(r3.process.err, "chmod 600"));
  expect_no_password(r3.process.out + r3.process.err);

  // The default location: $XDG_CONFIG_HOME/sncheck/config.json.
  Report r4 = run_sncheck({"oauth", "--profile", "p"}, {"XDG_CONFIG_HOME=" + dir.file("xdg")});
  EXPECT_TRUE(contains(r4.process.err, dir.file("xdg") + "/sncheck/config.json")) << r4.process.err;
}

TEST(EnvAliases, ConflictIsWarnedAndVerboseSaysWhichWon) {
  fake::Scenario scenario = with_password(fake::healthy_scenario(), kHealthyPassword);
  fake::FakeInstance instance(scenario);
  Report report =
      run_sncheck({"oauth", "--format", "json", "-v", "--timeout", "5"},
                  {"SNOW_INSTANCE=" + instance.url(), "SERVICENOW_USERNAME=sncheck.reader",
                   std::string("SN_PASSWORD=") + kHealthyPassword,
                   std::string("SERVICENOW_PASSWORD=") + kBrokenPassword});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.process.exit_code, 0) << report.process.err;
  const std::string& err = report.process.err;
  EXPECT_TRUE(contains(err,
                       "warning: SN_PASSWORD and SERVICENOW_PASSWORD set different password "
                       "values; using SN_PASSWORD"))
      << err;
  EXPECT_TRUE(contains(err, "(from SNOW_INSTANCE)")) << err;
  EXPECT_TRUE(contains(err, "user: sncheck.reader (from SERVICENOW_USERNAME)")) << err;
  expect_no_password(report.process.out + err);
}

// Drops what differs between two runs by nature: nothing in the JSON report is timing, so the
// reports must be byte-identical.
// Runs the audit live with --save-snapshot; the instance is gone when this returns.
Report record_snapshot(const fake::Scenario& scenario, const std::string& snapshot) {
  fake::FakeInstance instance(scenario);
  return run_sncheck({"oauth", "--instance", instance.url(), "--format", "json", "--timeout", "5",
                      "--save-snapshot", snapshot},
                     {"SN_USERNAME=sncheck.reader", "SN_PASSWORD=" + scenario.password});
}

TEST(Snapshot, ReplayEqualsTheLiveRunOfflineAndHoldsNoSecret) {
  fake::Scenario scenario = with_password(fake::demo_scenario(), kDemoPassword);
  ScratchDir dir;
  std::string snapshot = dir.file("snap.json");
  Report live = record_snapshot(scenario, snapshot);
  ASSERT_TRUE(live.parsed) << live.process.err;
  EXPECT_EQ(live.process.exit_code, 1);
  std::string recorded = dir.read("snap.json");
  ASSERT_FALSE(recorded.empty());
  expect_no_password(recorded);
  EXPECT_FALSE(contains(recorded, "Authorization"));
  EXPECT_FALSE(contains(recorded, "client_secret"));
  ASSERT_FALSE(scenario.client_secrets.empty());
  for (const auto& [client_id, secret] : scenario.client_secrets) {
    EXPECT_TRUE(contains(recorded, client_id));  // the entry was recorded...
    EXPECT_FALSE(contains(recorded, secret));    // ...its secret was not
  }

  Report replayed = run_sncheck({"oauth", "--snapshot", snapshot, "--format", "json"}, {});
  ASSERT_TRUE(replayed.parsed) << replayed.process.err;
  EXPECT_EQ(replayed.process.exit_code, live.process.exit_code);
  EXPECT_EQ(replayed.process.out, live.process.out);
}

TEST(Snapshot, ReplayIncludesTheFallbackWave) {
  fake::Scenario scenario = with_password(fake::healthy_scenario(), kHealthyPassword);
  remove_rows(scenario, "sys_plugins", "source", "com.glide.rest");  // v_plugin still shows it
  ScratchDir dir;
  std::string snapshot = dir.file("snap.json");
  Report live = record_snapshot(scenario, snapshot);
  ASSERT_TRUE(live.parsed) << live.process.err;
  EXPECT_EQ(live.status("oauth.plugin.rest_api"), "pass");
  EXPECT_TRUE(contains(dir.read("snap.json"), "\"v_plugin\""));
  Report replayed = run_sncheck({"oauth", "--snapshot", snapshot, "--format", "json"}, {});
  ASSERT_TRUE(replayed.parsed) << replayed.process.err;
  EXPECT_EQ(replayed.status("oauth.plugin.rest_api"), "pass");
  EXPECT_EQ(replayed.process.out, live.process.out);
}

TEST(Diff, ProfilesAndSnapshotsComparedWithExitCodes) {
  fake::Scenario test_scenario = with_password(fake::healthy_scenario(), kHealthyPassword);
  fake::Scenario prod_scenario = with_password(fake::healthy_scenario(), kDemoPassword);
  set_field(prod_scenario, "sys_plugins", "source", "com.glide.rest.auth.scope", "active", "false");
  set_field(prod_scenario, "oauth_entity", "client_id", healthy_client_id(),
            "access_token_lifespan", "3600");
  remove_rows(prod_scenario, "sys_properties", "name", kClientCredentialsProperty);
  add_row(prod_scenario, "oauth_entity",
          {{"name", "New Client"},
           {"client_id", "new-client-id"},
           {"type", "client"},
           {"active", "true"},
           {"user", ""}});
  fake::FakeInstance test(test_scenario);
  fake::FakeInstance prod(prod_scenario);
  ScratchDir dir;
  std::string config =
      dir.write("config.json", "{\"profiles\": {" + profile_json("test", test, kHealthyPassword) +
                                   ", " + profile_json("prod", prod, kDemoPassword) + "}}");
  Report drift = run_sncheck({"diff", "--config", config, "test", "prod", "--format", "json"}, {});
  ASSERT_TRUE(drift.parsed) << drift.process.out << drift.process.err;
  EXPECT_EQ(drift.process.exit_code, 1);
  std::set<std::string> seen;
  for (const auto& d : drift.json["differences"].GetArray()) {
    std::string line = std::string(d["change"].GetString()) + " " + d["kind"].GetString() + " " +
                       d["key"].GetString();
    if (d.HasMember("attribute")) {
      line += std::string(" ") + d["attribute"].GetString() + " " + d["a"].GetString() + "->" +
              d["b"].GetString();
    }
    seen.insert(line);
  }
  std::set<std::string> expected = {
      "changed plugin com.glide.rest.auth.scope active true->false",
      "changed registry " + healthy_client_id() + " access_token_lifespan 1800->3600",
      std::string("removed property ") + kClientCredentialsProperty,
      "added registry new-client-id"};
  EXPECT_EQ(seen, expected);

  // A snapshot of test compared with test itself: no drift.
  std::string snapshot = dir.file("test.json");
  Report saved = run_sncheck(
      {"oauth", "--config", config, "--profile", "test", "--save-snapshot", snapshot}, {});
  EXPECT_EQ(saved.process.exit_code, 0) << saved.process.err;
  Report same = run_sncheck({"diff", "--config", config, snapshot, "test"}, {});
  EXPECT_EQ(same.process.exit_code, 0) << same.process.out << same.process.err;
  EXPECT_TRUE(contains(same.process.out, "No drift")) << same.process.out;
  Report text = run_sncheck({"diff", "--config", config, "snapshot:" + snapshot, "prod"}, {});
  EXPECT_EQ(text.process.exit_code, 1);
  EXPECT_TRUE(contains(text.process.out,
                       "changed  plugin com.glide.rest.auth.scope: active "
                       "'true' -> 'false'"))
      << text.process.out;

  Report unknown = run_sncheck({"diff", "--config", config, "test", "nope"}, {});
  EXPECT_EQ(unknown.process.exit_code, 2);
  EXPECT_TRUE(contains(unknown.process.err, "profiles.nope")) << unknown.process.err;
  expect_no_password(drift.process.out + drift.process.err + text.process.out +
                     dir.read("test.json"));
}

}  // namespace
}  // namespace sncheck::testing
