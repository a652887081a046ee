// SPDX-License-Identifier: Apache-2.0
// What the suites read, table by table, and the role definition a least-privilege audit account
// needs for it (research: /work/research/audit-suites.md section G, from ServiceNowDocs).

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "cli/doctor_command.h"
#include "core/secrets.h"
#include "model/check_reads.h"
#include "model/run_parameters.h"

namespace sncheck {
namespace {

// Reference fields the built-in checks dot-walk, and where they lead (sdk-core schemas and the
// research notes; a user's own check may dot-walk others, shown as "the referenced table").
const std::map<std::string, std::string>& references() {
  static const std::map<std::string, std::string> known = {
      {"oauth_entity.user", "sys_user"},
      {"sys_user_has_role.user", "sys_user"},
      {"sys_user_has_role.role", "sys_user_role"},
      {"sys_ws_operation.web_service_definition", "sys_ws_definition"},
      {"sys_ws_operation.web_service_version", "sys_ws_version"},
      {"sys_security_acl_role.sys_security_acl", "sys_security_acl"},
      {"sys_security_acl_role.sys_user_role", "sys_user_role"},
      {"sys_api_access_scope.auth_scope", "sys_auth_scope"},
      {"sys_api_access_scope.api", "sys_ws_definition"},
      {"oauth_entity_auth_scope_mapping.oauth_entity", "oauth_entity"},
      {"oauth_entity_auth_scope_mapping.auth_scope", "sys_auth_scope"},
      {"sys_auth_profile_mapping.api_access_policy", "sys_api_access_policy"},
      {"sys_auth_profile_mapping.inbound_auth_profile", "std_http_auth"},
  };
  return known;
}

void add_field(std::map<std::string, TableNeed>& needs, const std::string& table,
               const std::string& field, const CheckDefinition& check, const std::string& via) {
  TableNeed& need = needs[table];
  need.table = table;
  need.checks.insert(check.id);
  // A check needing only parameters the CLI always gives (today) runs without flags.
  if (std::all_of(check.requires_params.begin(), check.requires_params.end(),
                  [](const std::string& param) {
                    const RunParameter* parameter = find_run_parameter(param);
                    return parameter != nullptr && parameter->always_set;
                  })) {
    need.always = true;
  }
  if (via.empty()) {
    need.direct = true;
  } else if (need.via.empty()) {
    need.via = via;
  }
  std::size_t dot = field.find('.');
  if (dot == std::string::npos) {
    need.fields.insert(field);
    return;
  }
  std::string reference = field.substr(0, dot);
  need.fields.insert(reference);
  std::string target = referenced_table(table, reference);
  if (target.empty()) return;  // unknown: the reference field itself is listed
  add_field(needs, target, field.substr(dot + 1), check, table + "." + reference);
}

}  // namespace

std::string referenced_table(const std::string& table, const std::string& field) {
  auto it = references().find(table + "." + field);
  return it == references().end() ? std::string() : it->second;
}

std::string managing_role(const std::string& table) {
  static const std::map<std::string, std::string> roles = {
      {"oauth_entity", "oauth_admin"},
      {"oauth_entity_auth_scope_mapping", "oauth_admin"},
      {"sys_user", "user_admin"},
      {"sys_user_has_role", "user_admin"},
      {"sys_ws_definition", "web_service_admin"},
      {"sys_ws_operation", "web_service_admin"},
      {"sys_ws_version", "web_service_admin"},
      {"sys_security_acl", "security_admin"},
      {"sys_security_acl_role", "security_admin"},
      {"sys_api_access_policy", "api_service_admin"},
      {"sys_api_access_scope", "api_service_admin"},
      {"sys_auth_profile_mapping", "api_service_admin"},
      {"sys_cors_rule", "cors_rule_admin"},
      {"multi_factor_criteria", "adaptive_auth_admin"},
  };
  auto it = roles.find(table);
  return it == roles.end() ? "admin" : it->second;
}

std::vector<TableNeed> table_needs(const CheckCatalog& catalog,
                                   const std::vector<std::string>& suites) {
  std::map<std::string, TableNeed> needs;
  for (const CheckDefinition& check : catalog.checks()) {
    if (std::find(suites.begin(), suites.end(), check.suite) == suites.end()) continue;
    for (const ReadSpec& read : check.reads) {
      for (const std::string& field : needed_fields(check, read)) {
        add_field(needs, read.table, field, check, "");
      }
    }
  }
  std::vector<TableNeed> out;
  for (auto& entry : needs) {
    if (entry.second.direct) entry.second.via.clear();
    out.push_back(std::move(entry.second));
  }
  return out;
}

void write_role_definition(std::ostream& out, const std::vector<TableNeed>& needs,
                           const std::vector<std::string>& suites, const std::string& role) {
  out << fmt::format(
      "# A least-privilege read role for sncheck (suites: {})\n"
      "# Every step is done in the instance's UI by an admin; creating ACLs needs the\n"
      "# security_admin role, elevated for the session.\n\n",
      fmt::join(suites, ", "));
  out << fmt::format(
      "1. Create the role. User Administration > Roles > New:\n"
      "     Name: {}\n"
      "     Elevated privilege: not selected\n"
      "     Description: read-only audit of integrations and authentication (sncheck)\n"
      "   (ServiceNowDocs: platform-administration/user-administration/t_CreateARole.md)\n\n",
      role);
  out << "2. Elevate to security_admin: user menu > Elevate role > security_admin.\n"
         "   (ServiceNowDocs: platform-security/access-control/t_CreateAnACLRule.md l.21-31)\n\n";
  out << fmt::format(
      "3. Create these ACLs. System Security > Access Control (ACL) > New, each with\n"
      "     Type: record   Operation: read   Decision type: Allow If   Requires role: {}\n"
      "   A table ACL (Name: the table, field --None--) and one ACL per field, so no other\n"
      "   column becomes readable (never <table>.* on oauth_entity, which holds "
      "client_secret):\n\n",
      role);
  for (const TableNeed& need : needs) {
    out << fmt::format("   {}{}\n", need.table,
                       need.via.empty() ? "" : fmt::format("   (read through {})", need.via));
    out << fmt::format("     ACL {}  (table)\n", need.table);
    for (const std::string& field : need.fields) {
      if (field == "sys_id" || is_secret_field(field)) continue;
      out << fmt::format("     ACL {}.{}\n", need.table, field);
    }
  }
  out << "\n4. Only if the Table API's REST_Endpoint ACLs are active on the instance (they are\n"
         "   inactive in the base system): also give the role snc_platform_rest_api_access.\n"
         "   (ServiceNowDocs: api-reference/rest-api-explorer/c_RESTAPI.md l.291-298)\n\n";
  out << fmt::format(
      "5. Create the audit user. User Administration > Users > New: select Web service access\n"
      "   only, set a password kept in your pipeline's secret store, and give it the roles {}\n"
      "   and snc_read_only (no writes on any table; plugin com.snc.read_only.role).\n"
      "   (ServiceNowDocs: platform-administration/user-administration/c_ReadOnlyRole.md "
      "l.17-35)\n\n",
      role);
  out << "6. New roles take effect in a new session: sign the user in afresh, then run\n"
         "     sncheck doctor --instance <instance> --user <audit user>\n"
         "   Every table should read 'ok'.\n\n";
  out << "Caveats: a Deny-Unless ACL, or an ACL with Admin overrides cleared, on one of these\n"
         "tables can still refuse the role; High Security settings may keep sys_security_acl\n"
         "unreadable over the Table API even for admins. sncheck doctor shows which.\n";
}

}  // namespace sncheck
