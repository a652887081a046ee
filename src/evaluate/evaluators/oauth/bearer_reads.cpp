// SPDX-License-Identifier: Apache-2.0
// Every read of the Bearer checks, by name: the gates name theirs, the prediction takes them all,
// and the planner merges reads of one table into one request. Reads that only matter once the
// first wave has answered (the ACLs of the resource found, the profiles of a policy that exists,
// the user's grants) wait for the second wave, keyed on that answer; --api costs three round
// trips at the default concurrency (README "Performance" explains which tables force them).

#include <stdexcept>

#include "evaluate/evaluators/oauth/bearer_chain.h"

namespace sncheck::bearer {
namespace {

ReadSpec read(std::string name, std::string table, std::string query,
              std::vector<std::string> fields, std::map<std::string, std::string> narrow = {},
              std::optional<ReadKey> key = std::nullopt) {
  return ReadSpec{std::move(name),   std::move(table), std::move(query), std::move(fields),
                  std::move(narrow), std::string(),    std::move(key)};
}

const std::map<std::string, std::string> kByClient = {{"client_id", "client_id={client_id}"}};
const std::map<std::string, std::string> kByNamespace = {
    {"api_namespace", "web_service_definition.namespace={api_namespace}"}};
// The ACLs a resource enforces: its own list, else its API's (rae/t_WbSvcOpRqACL.md l.45).
constexpr const char* kEnforcedAcls = "enforce_acl,web_service_definition.enforce_acl";
constexpr const char* kAclFields[] = {
    "name",          "active",          "type",   "operation", "operation.name",
    "decision_type", "admin_overrides", "script", "condition", "security_attribute",
    "advanced"};

std::vector<std::string> acl_fields() { return {std::begin(kAclFields), std::end(kAclFields)}; }

std::vector<ReadSpec> all_reads() {
  return {
      // ---- locating the call ----
      read("entries", "oauth_entity", "client_idISNOTEMPTY",
           {"name", "client_id", "active", "user", "user.user_name", "user.web_service_access_only",
            "enforce_token_restriction", "enforce_token_restrictions"},
           kByClient),
      read("resources", "sys_ws_operation", "http_methodISNOTEMPTY",
           {"name", "active", "http_method", "relative_path", "operation_uri",
            "requires_authentication", "requires_acl_authorization", "requires_snc_internal_role",
            "enforce_acl", "web_service_definition", "web_service_definition.name",
            "web_service_definition.active", "web_service_definition.base_uri",
            "web_service_definition.is_versioned", "web_service_definition.enforce_acl",
            "web_service_version", "web_service_version.version_id",
            "web_service_version.is_default", "web_service_version.active"},
           kByNamespace),
      release_read(),
      read("grants", "sys_user_has_role", "state=active", {"user", "role", "role.name", "state"},
           {}, ReadKey{"entries", "user", "user"}),
      // ---- REST API Access Policies and their authentication profiles ----
      // Only the policies that may cover the call: its namespace's paths, global ones, and those
      // naming no path (which sncheck reports as unknown rather than leave out).
      read(
          "policies", "sys_api_access_policy", "active=true",
          {"name", "active", "api", "api_path", "http_method", "version", "api_resource",
           "apply_global", "apply_all", "apply_all_methods", "apply_all_resources",
           "apply_all_versions"},
          {{"api_namespace", "api_pathLIKE{api_namespace}^ORapi_pathISEMPTY^ORapply_global=true"}}),
      read("policy_profiles", "sys_auth_profile_mapping", "api_access_policyISNOTEMPTY",
           {"api_access_policy", "inbound_auth_profile", "inbound_auth_profile.name",
            "inbound_auth_profile.active", "inbound_auth_profile.sys_class_name"},
           {}, ReadKey{"policies", "sys_id", "api_access_policy"}),
      read("http_profiles", "std_http_auth", "sys_idISNOTEMPTY",
           {"name", "active", "type", "oauth_entity"}, {}, ReadKey{"policies", "sys_id", ""}),
      read("profile_type_choices", "sys_choice",
           "nameINstd_http_auth,inbound_auth_profile^element=type",
           {"name", "element", "value", "label", "inactive"}, {},
           ReadKey{"policies", "sys_id", ""}),
      read("profile_entity_column", "sys_dictionary",
           "nameINstd_http_auth,inbound_auth_profile^column_label=OAuth Entity",
           {"name", "element", "column_label"}),
      // ---- the entry's own restrictions ----
      read("restriction_column", "sys_dictionary",
           "name=oauth_entity^column_labelSTARTSWITHEnforce Token Restriction",
           {"name", "element", "column_label"}),
      read("restricted_entry", "oauth_entity", "scope_restriction_statusISNOTEMPTY",
           {"name", "client_id", "scope_restriction_status"}, kByClient),
      read("restriction_choices", "sys_choice",
           "name=oauth_entity^element=scope_restriction_status",
           {"name", "element", "value", "label", "inactive"}, {},
           ReadKey{"restricted_entry", "sys_id", ""}),
      // ---- REST API Auth Scopes ----
      read("api_scopes", "sys_api_access_scope", "active=true",
           {"name", "active", "api", "api_path", "http_method", "version", "api_resource",
            "apply_all_methods", "apply_all_versions", "apply_all_resources", "auth_scope",
            "auth_scope.name"},
           {{"api_namespace", "api_pathLIKE{api_namespace}^ORapi_pathISEMPTY"}}),
      read("entity_scopes", "oauth_entity_auth_scope_mapping", "oauth_entityISNOTEMPTY",
           {"oauth_entity", "auth_scope", "auth_scope.name"},
           {{"client_id", "oauth_entity.client_id={client_id}"}},
           ReadKey{"api_scopes", "sys_id", ""}),
      read("restricted_entity_scopes", "oauth_entity_auth_scope_mapping", "oauth_entityISNOTEMPTY",
           {"oauth_entity", "auth_scope", "auth_scope.name"},
           {{"client_id", "oauth_entity.client_id={client_id}"}},
           ReadKey{"restricted_entry", "sys_id", ""}),
      read("scope_properties", "sys_properties",
           "nameINcom.glide.rest.api.auth.scope.check.enable,glide.oauth.token.scope.useraccount",
           {"name", "value"}),
      // ---- ACLs: the resource's REST_Endpoint ACLs, and the path-based ones (Australia) ----
      // REST_Endpoint ACLs only: the key lists the resources' ACLs, and should it be too long for
      // one URL the read stays bounded to this type.
      read("acls", "sys_security_acl", "type=REST_Endpoint", acl_fields(), {},
           ReadKey{"resources", kEnforcedAcls, "sys_id"}),
      read("acl_roles", "sys_security_acl_role", "sys_security_acl.type=REST_Endpoint",
           {"sys_security_acl", "sys_user_role", "sys_user_role.name"}, {},
           ReadKey{"resources", kEnforcedAcls, "sys_security_acl"}),
      read("path_acls", "sys_security_acl", "type=REST_Endpoint^operation!=execute", acl_fields(),
           {}, ReadKey{"resources", "sys_id", ""}),
      read("path_acl_roles", "sys_security_acl_role",
           "sys_security_acl.type=REST_Endpoint^sys_security_acl.operation!=execute",
           {"sys_security_acl", "sys_user_role", "sys_user_role.name"}, {},
           ReadKey{"resources", "sys_id", ""}),
      // ---- Explicit Roles ----
      read("explicit_roles", "sys_plugins", "source=com.glide.explicit_roles",
           {"source", "active"}),
      read("explicit_roles_properties", "sys_properties",
           "nameINglide.security.explicit_roles.do_not_fix,glide.security.explicit_roles.do_not_"
           "fix_in_memory,glide.security.explicit_roles.ignore.snc_internal.exclude_role_list",
           {"name", "value"}),
      // ---- IP Address Access Control ----
      read("ip_rules", "ip_access", "active=true",
           {"type", "direction", "range_start", "range_end", "active"}, {},
           ReadKey{"resources", "sys_id", ""}),
  };
}

}  // namespace

const ReadSpec& bearer_read(std::string_view name) {
  static const std::vector<ReadSpec> reads = all_reads();
  for (const ReadSpec& spec : reads) {
    if (spec.name == name) return spec;
  }
  throw std::logic_error("no Bearer read named " + std::string(name));
}

std::vector<std::string> locate_read_names() { return {"entries", "resources", "release"}; }

// oauth_entity.user is practitioner-named (the docs give only the label OAuth Application User,
// platform-security/authentication/add-oauth-application-user.md); the sys_ws_* columns are
// Fluent schemas in @servicenow/sdk-core and need no check.
std::vector<SchemaColumn> locate_columns() { return {{"oauth_entity", "user", {}}}; }

}  // namespace sncheck::bearer
