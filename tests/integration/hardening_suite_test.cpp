// SPDX-License-Identifier: Apache-2.0
// The hardening suite against the fake instance. Every property of every `property` check is
// judged three ways, each in one run of `sncheck hardening`: set to its recommended value (pass),
// set to a value that misses the recommendation (the check's failure status), and missing, when
// the check must apply the fallback its documentation gives (the expected outcome of each is
// written here, from the research notes, not derived from the check files). The table checks
// (IP access, MFA criterion, lockout actions, CORS rules) get a pass and a fail each.

#include <rapidjson/document.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "sncheck_runner.h"

namespace sncheck::testing {
namespace {

struct PropertyCase {
  std::string check;  // without the "hardening." prefix
  std::string property;
  std::string bad;      // a value that misses the recommendation
  std::string missing;  // the status when the property does not exist
};

const std::vector<PropertyCase>& cases() {
  static const std::vector<PropertyCase> all = [] {
    std::vector<PropertyCase> out = {
        {"basicauth.api", "glide.basicauth.required.api", "false", "fail"},
        {"basicauth.databroker", "glide.basicauth.required.databrokerrestapiprocessor", "false",
         "fail"},
        {"soap.strict_security", "glide.soap.strict_security", "false", "pass"},
        {"oauth.ropc_disabled", "glide.oauth.inbound.ropc.grant_type.disabled", "false", "fail"},
        {"oauth.implicit_grant", "glide.oauth.clients.allowed.for.implicit.grant", "abc123",
         "pass"},
        {"oauth.post_body_only", "glide.oauth.allow.parameters.in.post.body.only", "false", "warn"},
        {"oauth.state_parameter", "glide.oauth.state.parameter.required", "false", "warn"},
        {"oauth.restricted_binding", "glide.oauth.enforce_restricted_binding_for_ui", "false",
         "fail"},
        {"oauth.cookie_auth_after_expiry",
         "glide.authenticate.oauth.post.token.expiration.cookie_auth.disabled", "false", "fail"},
        {"api.session_reuse", "com.glide.processors.aprocessor.donot_reuse_api_session", "false",
         "fail"},
        {"token.cleanup", "com.snc.platform.security.token.auth.cleanup", "false", "pass"},
        {"token.cleanup_days",
         "com.snc.platform.security.token.auth.days.expired.hmac_secret.is.kept", "8", "pass"},
        {"token.cleanup_days", "com.snc.platform.security.token.auth.days.expired.api_key.is.kept",
         "30", "pass"},
        {"session.integration_lifespan", "glide.integrations.active.session.life_span", "0",
         "fail"},
        {"table_api.admin_only_sys_fields", "glide.rest.table_api.admin_only_sys_fields", "false",
         "fail"},
        {"table_api.field_acl_queries", "glide.export.query.enforce_field_acl", "false", "fail"},
        {"api.password_reset", "glide.authenticate.api.user.reset_password.mandatory", "false",
         "warn"},
        {"ip.strict", "glide.ip.authenticate.strict", "false", "fail"},
        {"login.active_only", "glide.authenticate.only.allow.active.user.login", "false", "warn"},
        {"mfa.enabled", "glide.authenticate.multifactor", "false", "fail"},
        {"lockout.max_attempts", "glide.user.max_unlock_attempts", "6", "pass"},
        {"password.policy_checks", "glide.enable.password_policy", "false", "fail"},
        {"csrf.token", "glide.security.use_csrf_token", "false", "warn"},
        {"csrf.strict", "glide.security.csrf.strict.validation.mode", "false", "warn"},
        {"session.timeout", "glide.ui.session_timeout", "61", "pass"},
        {"cookie.strict_validation", "glide.ui.secure_cookies", "false", "pass"},
        {"cookie.http_only", "glide.cookies.http_only", "false", "pass"},
        {"impersonation.admin_only", "glide.sys.permissive.impersonate", "true", "pass"},
        {"tls.verify_hostname", "com.glide.communications.httpclient.verify_hostname", "false",
         "fail"},
        {"tls.trust_all", "com.glide.communications.trustmanager_trust_all", "true", "pass"},
        {"tls.deprecated_disabled", "com.glide.communications.disable.deprecated.tls", "false",
         "pass"},
    };
    for (const char* processor : {"xml", "jsonv2", "csv", "unl", "excel", "pdf", "rss",
                                  "xmloutputprocessor", "scriptedprocessor"}) {
      out.push_back({"basicauth.export_processors",
                     std::string("glide.basicauth.required.") + processor, "false", "fail"});
    }
    for (const char* processor : {"wsdl", "xsd", "schema", "importprocessor"}) {
      out.push_back({"basicauth.metadata_processors",
                     std::string("glide.basicauth.required.") + processor, "false", "fail"});
    }
    return out;
  }();
  return all;
}

// glide.basicauth.required.soap or glide.soap.require_ws_security: one result for both.
constexpr const char* kSoapCheck = "hardening.basicauth.soap";

// healthy.json is Zurich; the Australia-only settings need an Australia tag to be judged.
fake::Scenario australia() {
  fake::Scenario scenario = fake::healthy_scenario();
  set_release(scenario, "australia");
  return scenario;
}

Report run_hardening(const fake::Scenario& scenario, const std::vector<std::string>& extra = {}) {
  fake::FakeInstance instance(scenario);
  return run_command("hardening", instance, scenario, extra);
}

std::string status_of(const Report& report, const PropertyCase& c) {
  const rapidjson::Value* result = find_result(report, "hardening." + c.check, c.property);
  return result == nullptr ? "(no result)" : (*result)["status"].GetString();
}

// The (check, property) pairs the check files declare, read from the files themselves.
std::set<std::pair<std::string, std::string>> declared_properties() {
  std::set<std::pair<std::string, std::string>> pairs;
  const std::string dir = std::string(SNCHECK_SOURCE_DIR) + "/checks/hardening";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document check;
    check.Parse(text.str().c_str());
    if (!check.HasMember("evaluator")) continue;
    const rapidjson::Value& evaluator = check["evaluator"];
    if (std::string(evaluator["name"].GetString()) != "property") continue;
    std::string id = std::string(check["id"].GetString()).substr(std::string("hardening.").size());
    if (check["id"].GetString() == std::string(kSoapCheck)) continue;
    for (const std::string& name : split_list(evaluator["params"]["properties"].GetString())) {
      pairs.insert({id, name});
    }
  }
  return pairs;
}

TEST(Hardening, EveryPropertyOfEveryPropertyCheckHasACase) {
  std::set<std::pair<std::string, std::string>> covered;
  for (const PropertyCase& c : cases()) covered.insert({c.check, c.property});
  EXPECT_EQ(covered, declared_properties());
  EXPECT_GE(covered.size(), 40u);
}

TEST(Hardening, EveryPropertyPassesAtItsRecommendedValue) {
  Report report = run_hardening(australia());
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const PropertyCase& c : cases()) {
    EXPECT_EQ(status_of(report, c), "pass") << c.check << " " << c.property;
  }
  EXPECT_EQ(report.status(kSoapCheck), "pass");
  EXPECT_EQ(report.count("fail"), 0) << report.process.out;
  EXPECT_EQ(report.count("error"), 0) << report.process.out;
  EXPECT_EQ(report.process.exit_code, 0);
}

TEST(Hardening, EveryPropertyFailsAtAValueThatMissesTheRecommendation) {
  fake::Scenario scenario = australia();
  for (const PropertyCase& c : cases()) {
    if (c.property == "glide.oauth.clients.allowed.for.implicit.grant") {
      add_row(scenario, "sys_properties",
              {{"sys_id", "f1000000000000000000000000000001"},
               {"name", c.property},
               {"value", c.bad},
               {"type", "string"}});
    } else {
      set_field(scenario, "sys_properties", "name", c.property, "value", c.bad);
    }
  }
  set_field(scenario, "sys_properties", "name", "glide.basicauth.required.soap", "value", "false");
  Report report = run_hardening(scenario);
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const PropertyCase& c : cases()) {
    std::string expected = c.check == "csrf.token" ? "warn" : "fail";
    EXPECT_EQ(status_of(report, c), expected) << c.check << " " << c.property;
    const rapidjson::Value* result = find_result(report, "hardening." + c.check, c.property);
    if (result == nullptr) continue;
    EXPECT_NE(std::string((*result)["message"].GetString()).find("'" + c.bad + "'"),
              std::string::npos)
        << (*result)["message"].GetString();
    std::string remediation = (*result)["remediation"].GetString();
    EXPECT_NE(remediation.find("/sys_properties.do?sys_id="), std::string::npos) << remediation;
  }
  // Neither SOAP property holds: the check fails (ws_security does not exist, fallback false).
  EXPECT_EQ(report.status(kSoapCheck), "fail");
  EXPECT_EQ(report.process.exit_code, 1);
}

TEST(Hardening, AMissingPropertyIsJudgedByItsDocumentedFallback) {
  fake::Scenario scenario = australia();
  for (const PropertyCase& c : cases()) {
    if (c.property == "glide.oauth.clients.allowed.for.implicit.grant") continue;  // absent
    remove_rows(scenario, "sys_properties", "name", c.property);
  }
  remove_rows(scenario, "sys_properties", "name", "glide.basicauth.required.soap");
  Report report = run_hardening(scenario);
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const PropertyCase& c : cases()) {
    EXPECT_EQ(status_of(report, c), c.missing) << c.check << " " << c.property;
    const rapidjson::Value* result = find_result(report, "hardening." + c.check, c.property);
    if (result == nullptr) continue;
    std::string message = (*result)["message"].GetString();
    EXPECT_NE(message.find(c.property + " does not exist"), std::string::npos) << message;
    EXPECT_NE(message.find("allback"), std::string::npos) << "names the fallback: " << message;
    if (c.missing == "pass") continue;
    // A finding about a missing property links a new-record form with the property filled in.
    std::string link = (*result)["evidence"][0]["link"].GetString();
    EXPECT_NE(link.find("/sys_properties.do?sys_id=-1&sysparm_query=name%3D" + c.property),
              std::string::npos)
        << link;
    EXPECT_NE(std::string((*result)["remediation"].GetString()).find(link), std::string::npos);
  }
  EXPECT_EQ(report.status(kSoapCheck), "fail");
}

TEST(Hardening, SoapPassesWhenEitherPropertyHolds) {
  fake::Scenario scenario = australia();
  set_field(scenario, "sys_properties", "name", "glide.basicauth.required.soap", "value", "false");
  add_row(scenario, "sys_properties",
          {{"name", "glide.soap.require_ws_security"}, {"value", "true"}, {"type", "boolean"}});
  Report report = run_hardening(scenario, {"--checks", kSoapCheck});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status(kSoapCheck), "pass") << report.process.out;
}

TEST(Hardening, ReleaseGatedSettingsAreSkippedBeforeTheirRelease) {
  fake::Scenario scenario = fake::healthy_scenario();
  set_release(scenario, "yokohama");
  Report report = run_hardening(scenario);
  ASSERT_TRUE(report.parsed) << report.process.err;
  for (const char* check : {"hardening.oauth.ropc_disabled", "hardening.oauth.implicit_grant",
                            "hardening.api.session_reuse", "hardening.oauth.restricted_binding",
                            "hardening.table_api.admin_only_sys_fields"}) {
    EXPECT_EQ(report.status(check), "skip") << check;
    EXPECT_NE(std::string((*report.result(check))["message"].GetString()).find("Yokohama"),
              std::string::npos);
  }
  EXPECT_EQ(report.status("hardening.oauth.cookie_auth_after_expiry"), "pass");  // Yokohama on
}

TEST(Hardening, AHiddenPropertyRowIsAnErrorNotAFallback) {
  fake::Scenario scenario = australia();
  for (const Record& row : scenario.tables.at("sys_properties")) {
    if (field_or_empty(row, "name") == "glide.basicauth.required.api") {
      scenario.hidden_rows["sys_properties"].insert(field_or_empty(row, "sys_id"));
    }
  }
  Report report = run_hardening(scenario, {"--checks", "hardening.basicauth.api"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("hardening.basicauth.api"), "error") << report.process.out;
  EXPECT_EQ(report.process.exit_code, 2);
}

TEST(Hardening, AValueThatIsNotAPlatformBooleanIsAnErrorNamingIt) {
  fake::Scenario scenario = australia();
  set_field(scenario, "sys_properties", "name", "glide.basicauth.required.api", "value", "TRUE");
  set_field(scenario, "sys_properties", "name", "glide.ui.session_timeout", "value", "30 ");
  // 1 and 0 encode a boolean column, not a true | false property's value.
  set_field(scenario, "sys_properties", "name", "glide.cookies.http_only", "value", "1");
  Report report = run_hardening(
      scenario,
      {"--checks", "hardening.basicauth.api,hardening.session.timeout,hardening.cookie.http_only"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("hardening.basicauth.api"), "error");
  EXPECT_NE(std::string((*report.result("hardening.basicauth.api"))["message"].GetString())
                .find("'TRUE'"),
            std::string::npos);
  EXPECT_EQ(report.status("hardening.session.timeout"), "error");
  EXPECT_EQ(report.status("hardening.cookie.http_only"), "error");
}

TEST(Hardening, EveryPropertyGoesIntoOneSysPropertiesRequest) {
  fake::Scenario scenario = australia();
  fake::FakeInstance instance(scenario);
  Report report = run_command("hardening", instance, scenario);
  ASSERT_TRUE(report.parsed) << report.process.err;
  int property_requests = 0;
  for (const fake::LoggedRequest& request : instance.queries()) {
    if (request.path == "/api/now/table/sys_properties") ++property_requests;
  }
  EXPECT_EQ(property_requests, 1);
}

// ---- the table checks --------------------------------------------------------------------------

struct TableCase {
  std::string name;
  std::string check;
  std::function<void(fake::Scenario&)> breaks;
  std::string status;   // after breaking
  std::string message;  // a word of the finding
};

void PrintTo(const TableCase& c, std::ostream* out) { *out << c.name; }

class HardeningTableCheck : public ::testing::TestWithParam<TableCase> {};

TEST_P(HardeningTableCheck, PassesOnTheHealthyInstanceAndReportsItsSetUp) {
  const TableCase& c = GetParam();
  Report healthy = run_hardening(australia(), {"--checks", c.check});
  ASSERT_TRUE(healthy.parsed) << healthy.process.err;
  ASSERT_FALSE(healthy.results(c.check).empty());
  for (const rapidjson::Value* result : healthy.results(c.check)) {
    EXPECT_STREQ((*result)["status"].GetString(), "pass") << healthy.process.out;
  }
  fake::Scenario broken = australia();
  c.breaks(broken);
  Report report = run_hardening(broken, {"--checks", c.check});
  ASSERT_TRUE(report.parsed) << report.process.err;
  const rapidjson::Value* finding = nullptr;
  for (const rapidjson::Value* result : report.results(c.check)) {
    if (c.status == (*result)["status"].GetString()) finding = result;
  }
  ASSERT_NE(finding, nullptr) << report.process.out;
  EXPECT_NE(std::string((*finding)["message"].GetString()).find(c.message), std::string::npos)
      << (*finding)["message"].GetString();
  EXPECT_GT((*finding)["remediation"].GetStringLength(), 20u);
}

void set_all(fake::Scenario& s, const std::string& table, const std::string& field,
             const std::string& value) {
  for (Record& row : s.tables.at(table)) row[field].value = value;
}

INSTANTIATE_TEST_SUITE_P(
    Hardening, HardeningTableCheck,
    ::testing::Values(
        TableCase{"ip_plugin_inactive", "hardening.ip.plugin",
                  [](auto& s) {
                    set_field(s, "sys_plugins", "source", "com.snc.ipauthenticator", "active",
                              "false");
                  },
                  "fail", "not active"},
        TableCase{"no_active_ip_rule", "hardening.ip.rules",
                  [](auto& s) { set_all(s, "ip_access", "active", "false"); }, "fail",
                  "No active IP access rule"},
        TableCase{"mfa_criterion_inactive", "hardening.mfa.role_criteria",
                  [](auto& s) { set_all(s, "multi_factor_criteria", "active", "false"); }, "fail",
                  "not active"},
        TableCase{"mfa_criterion_missing", "hardening.mfa.role_criteria",
                  [](auto& s) { s.tables["multi_factor_criteria"].clear(); }, "fail",
                  "does not exist"},
        TableCase{"lockout_actions_inactive", "hardening.lockout.script_actions",
                  [](auto& s) { set_all(s, "sysevent_script_action", "active", "false"); }, "fail",
                  "not active"},
        TableCase{"cors_dot_com", "hardening.cors.broad_wildcard",
                  [](auto& s) { set_all(s, "sys_cors_rule", "domain", "https://*.com"); }, "fail",
                  "https://*.com"},
        TableCase{"cors_co_uk", "hardening.cors.broad_wildcard",
                  [](auto& s) { set_all(s, "sys_cors_rule", "domain", "https://*.co.uk"); }, "fail",
                  "every site under that suffix"},
        TableCase{"cors_credentials_wildcard", "hardening.cors.credentials_wildcard",
                  [](auto& s) { set_all(s, "sys_cors_rule", "domain", "https://*.acme.example"); },
                  "fail", "sends credentials"},
        TableCase{
            "cors_http_origin", "hardening.cors.http_origin",
            [](auto& s) { set_all(s, "sys_cors_rule", "domain", "http://portal.acme.example"); },
            "warn", "unencrypted origin"}));

TEST(Hardening, ACompanyWildcardIsNotBroadAndAnInactiveRuleIsIgnored) {
  fake::Scenario scenario = australia();
  set_all(scenario, "sys_cors_rule", "domain", "https://*.acme.example");
  set_all(scenario, "sys_cors_rule", "access_control_allow_credentials", "false");
  add_row(scenario, "sys_cors_rule",
          {{"name", "Old"},
           {"domain", "http://*"},
           {"active", "false"},
           {"rest_api", ""},
           {"access_control_allow_credentials", "true"}});
  Report report = run_hardening(scenario, {"--tags", "cors"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("hardening.cors.broad_wildcard"), "pass") << report.process.out;
  EXPECT_EQ(report.status("hardening.cors.credentials_wildcard"), "pass");
  EXPECT_EQ(report.status("hardening.cors.http_origin"), "pass");
}

TEST(Hardening, NoCorsTableMeansNoCrossOriginAccess) {
  fake::Scenario scenario = australia();
  scenario.tables.erase("sys_cors_rule");
  Report report = run_hardening(scenario, {"--tags", "cors"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("hardening.cors.broad_wildcard"), "pass");
}

TEST(Hardening, IpRulesAreSkippedWhenThePluginIsInactive) {
  fake::Scenario scenario = australia();
  set_field(scenario, "sys_plugins", "source", "com.snc.ipauthenticator", "active", "false");
  set_all(scenario, "ip_access", "active", "false");
  Report report = run_hardening(scenario, {"--tags", "ip"});
  ASSERT_TRUE(report.parsed) << report.process.err;
  EXPECT_EQ(report.status("hardening.ip.plugin"), "fail");
  EXPECT_EQ(report.status("hardening.ip.rules"), "skip");
}

}  // namespace
}  // namespace sncheck::testing
