// SPDX-License-Identifier: Apache-2.0
// sncheck doctor against the fake instance: every table the suites read probed with one
// sysparm_limit=1 request in one wave; exit 0 when all are readable, 2 with the exact read ACLs
// a least-privilege account is missing; --print-role offline; never a secret in the output.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Report run_doctor(const fake::FakeInstance& instance, const fake::Scenario& scenario,
                  const std::vector<std::string>& extra = {},
                  const std::vector<std::string>& env = {}) {
  std::vector<std::string> args = {"doctor", "--instance", instance.url(), "--timeout", "5"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_sncheck(args, env.empty() ? reader_env(scenario) : env);
}

fake::Scenario least_privilege() {
  return fake::load_scenario_file(std::string(SNCHECK_SOURCE_DIR) +
                                  "/tests/fake_instance/scenarios/least-privilege.json");
}

TEST(Doctor, PassesOnTheHealthyInstanceWithOneCheapReadPerTable) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_doctor(instance, scenario);
  EXPECT_EQ(report.process.exit_code, 0) << report.process.out << report.process.err;
  const std::string& out = report.process.out;
  EXPECT_THAT(out, HasSubstr("ok       credentials  basic auth as sncheck.reader: accepted"));
  EXPECT_THAT(out, HasSubstr("ok       release      Zurich Patch 2 (glide.war = "));
  EXPECT_THAT(out, HasSubstr("every table the suites read is readable (exit 0)"));
  EXPECT_THAT(out, Not(HasSubstr("DENIED")));
  EXPECT_THAT(out, Not(HasSubstr(scenario.password)));
  EXPECT_THAT(report.process.err, Not(HasSubstr(scenario.password)));
  std::map<std::string, int> per_table;
  for (const fake::LoggedRequest& request : instance.queries()) {  // batch items included
    ++per_table[request.path];
    EXPECT_EQ(request.method, "GET");
    auto limit = request.params.find("sysparm_limit");
    ASSERT_NE(limit, request.params.end()) << request.path;
    EXPECT_EQ(limit->second, "1") << request.path;
    EXPECT_EQ(request.params.count("sysparm_offset"), 0u) << "one page only: " << request.path;
  }
  for (const auto& [path, count] : per_table) {
    // sys_properties twice: its access probe and the release read.
    EXPECT_EQ(count, path == "/api/now/table/sys_properties" ? 2 : 1) << path;
  }
  for (const char* table : {"sys_certificate", "sys_cors_rule", "sys_ws_operation", "ip_access",
                            "oauth_entity", "sys_user"}) {
    EXPECT_EQ(per_table[std::string("/api/now/table/") + table], 1) << table << " not probed";
  }
}

TEST(Doctor, NamesTheReadAclsALeastPrivilegeAccountIsMissing) {
  fake::Scenario scenario = least_privilege();
  ASSERT_FALSE(scenario.denied_tables.empty());
  fake::FakeInstance instance(scenario);
  Report report = run_doctor(instance, scenario);
  EXPECT_EQ(report.process.exit_code, 2) << report.process.out;
  const std::string& out = report.process.out;
  for (const std::string& table : scenario.denied_tables) {
    EXPECT_THAT(out, HasSubstr("DENIED   " + table)) << table;
  }
  EXPECT_THAT(out,
              HasSubstr("sys_certificate: ACLs sys_certificate, sys_certificate.active, "
                        "sys_certificate.expires, sys_certificate.name, sys_certificate.type"));
  EXPECT_THAT(out, HasSubstr("needed by identity.certificate.expiry"));
  EXPECT_THAT(out, HasSubstr("Requires role sncheck_auditor"));
  EXPECT_THAT(out, HasSubstr("security_admin"));
  EXPECT_THAT(out, HasSubstr("sncheck doctor --print-role"));
  EXPECT_THAT(out, HasSubstr("ok       oauth_entity"));  // what it can read is said too
  EXPECT_THAT(out, HasSubstr("7 tables are not fully readable (exit 2)"));
}

TEST(Doctor, ChecksOnlyTheTablesOfTheSuitesNamed) {
  fake::Scenario scenario = least_privilege();
  fake::FakeInstance instance(scenario);
  Report report = run_doctor(instance, scenario, {"oauth"});
  // The OAuth suite's own tables are readable; only its --api tables are denied.
  EXPECT_THAT(report.process.out, Not(HasSubstr("sys_certificate")));
  EXPECT_THAT(report.process.out, Not(HasSubstr("sys_cors_rule")));
  EXPECT_THAT(report.process.out, HasSubstr("DENIED   sys_ws_operation"));
  EXPECT_THAT(report.process.out, HasSubstr("[only with --client-id / --api]"));
}

TEST(Doctor, RejectedCredentialsAreNamedAndNeverShown) {
  fake::Scenario scenario = fake::healthy_scenario();
  fake::FakeInstance instance(scenario);
  Report report = run_doctor(instance, scenario, {},
                             {"SN_USERNAME=" + scenario.user, "SN_PASSWORD=not-the-password"});
  EXPECT_EQ(report.process.exit_code, 2);
  EXPECT_THAT(report.process.out, HasSubstr("FAILED   credentials"));
  EXPECT_THAT(report.process.out + report.process.err, Not(HasSubstr("not-the-password")));
}

TEST(Doctor, RowsHiddenFromTheAccountAreNotCalledReadable) {
  fake::Scenario scenario = fake::healthy_scenario();
  scenario.hidden_rows["sys_cors_rule"].insert(
      field_or_empty(scenario.tables.at("sys_cors_rule").front(), "sys_id"));
  fake::FakeInstance instance(scenario);
  Report report = run_doctor(instance, scenario, {"hardening"});
  EXPECT_EQ(report.process.exit_code, 2) << report.process.out;
  EXPECT_THAT(report.process.out, HasSubstr("PARTIAL  sys_cors_rule"));
}

TEST(Doctor, PrintRoleNeedsNoInstanceAndNeverGrantsASecretField) {
  Report report = run_sncheck({"doctor", "--print-role", "--role-name", "x_audit"}, {});
  EXPECT_EQ(report.process.exit_code, 0) << report.process.err;
  const std::string& out = report.process.out;
  EXPECT_THAT(out, HasSubstr("Name: x_audit"));
  EXPECT_THAT(out, HasSubstr("Elevate to security_admin"));
  EXPECT_THAT(out, HasSubstr("ACL sys_certificate.expires"));
  EXPECT_THAT(out, HasSubstr("ACL sys_user.web_service_access_only"));  // read through user.
  EXPECT_THAT(out, HasSubstr("snc_read_only"));
  EXPECT_THAT(out, Not(HasSubstr("ACL oauth_entity.client_secret")));
  EXPECT_THAT(out, Not(HasSubstr("ACL oauth_entity.*")));
}

}  // namespace
}  // namespace sncheck::testing
