// SPDX-License-Identifier: Apache-2.0
#pragma once
// The fake platform's model of a Bearer call to a Scripted REST resource, written from
// ServiceNowDocs (and the research note bearer-gates.md) apart from sncheck's evaluators: the
// tests compare sncheck's prediction with what this model answers. Where the docs give only a
// form label, the fake stores the value under the column name noted beside it; the
// scenarios' sys_dictionary and sys_choice (schema.cpp) advertise the same names.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "answers.h"
#include "fake_instance.h"

namespace sncheck::fake::rest {

// Stored values the fake platform uses.
inline constexpr const char* kOauthProfileType = "oauth";  // std_http_auth.type, label OAuth
inline constexpr const char* kTokenRestrictionColumn =
    "enforce_token_restriction";  // label only in docs
inline constexpr const char* kProfileEntityColumn =
    "oauth_entity";                                       // "OAuth Entity" on the profile
inline constexpr const char* kRestricted = "restricted";  // scope_restriction_status: on
// The pre-defined useraccount scope (glide.oauth.token.scope.useraccount names it once recreated).
inline constexpr const char* kUserAccountScope = "58279cc8b4c06e61f8da938fd6219ef0";
// Machine Identity Access Controls: the docs name no table; the fake keeps them here.
inline constexpr const char* kMachineIdentityTable = "fake_machine_identity_control";

const std::vector<Record>& rows(const Scenario& scenario, const std::string& table);
const Record* by_id(const Scenario& scenario, const std::string& table, const std::string& sys_id);
bool yes(const Record& row, const char* field);
std::string value(const Record& row, const std::string& field);
std::optional<std::string> property(const Scenario& scenario, const std::string& name);
bool plugin_on(const Scenario& scenario, const std::string& id);

// The release the instance runs: position in the train and patch number (-1 none).
struct Version {
  int family = 100;  // later than every known family when glide.war says nothing
  int patch = -1;
};
Version version(const Scenario& scenario);
int family(const char* word);  // "zurich" -> its position in the train

// What the call reached.
struct Call {
  const Scenario* scenario = nullptr;
  std::string method;
  std::vector<std::string> segments;  // of the path after /api/
  const Record* api = nullptr;        // sys_ws_definition
  const Record* version = nullptr;    // sys_ws_version, for a versioned API
  const Record* operation = nullptr;  // sys_ws_operation
  const IssuedToken* token = nullptr;
  std::string remote_addr;
  std::string path;  // the request path without query
};

// The user's roles as the session carries them: its active grants, and snc_internal given at
// login by Explicit Roles.
std::set<std::string> session_roles(const Call& call);

// Each gate: nullopt lets the call on, an Answer refuses it.
std::optional<Answer> ip_gate(const Call& call);
std::optional<Answer> policy_gate(const Call& call);
std::optional<Answer> scope_restriction_gate(const Call& call);
std::optional<Answer> auth_scope_gate(const Call& call);
std::optional<Answer> operation_acl_gate(const Call& call, const std::set<std::string>& roles);
std::optional<Answer> path_acl_gate(const Call& call, const std::set<std::string>& roles);
std::optional<Answer> internal_role_gate(const Call& call, const std::set<std::string>& roles);
std::optional<Answer> machine_identity_gate(const Call& call);

Answer acl_refusal();  // 403 User Not Authorized / Failed API level ACL Validation

}  // namespace sncheck::fake::rest
