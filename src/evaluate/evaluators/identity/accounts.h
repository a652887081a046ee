// SPDX-License-Identifier: Apache-2.0
#pragma once
// The accounts integrations run as, gathered from three reads of one wave: every active client
// registry entry's OAuth Application User (oauth_entity.user, dot-walked), every active user with a
// direct grant of an API-only role (sys_user_has_role, dot-walked), and every active user marked
// web-service-access-only (sys_user). One account per user, with every reason it is one.

#include <string>
#include <vector>

#include "core/record.h"
#include "model/evaluator.h"

namespace sncheck::identity {

// Roles whose only use is calling the instance's APIs (r_BaseSystemRoles.md: the SOAP roles,
// snc_platform_rest_api_access).
inline constexpr const char* kApiRoles =
    "soap,soap_query,soap_create,soap_update,soap_delete,soap_script,soap_ecc,soap_query_update,"
    "snc_platform_rest_api_access";

// The user fields every finding may judge (read directly, or under "user." through a reference).
const std::vector<std::string>& user_fields();

ReadSpec entries_read();     // "entries": active client entries, the user dot-walked
ReadSpec api_grants_read();  // "api_grants": direct grants of kApiRoles to active users
ReadSpec ws_users_read();    // "ws_users": active web-service-access-only users
ReadSpec admin_grants_read(const std::string& roles);  // "admin_grants"

struct Account {
  std::string sys_id;
  std::string user_name;
  const Record* row = nullptr;         // where its fields were read
  std::string prefix;                  // "user." for a dot-walked row, "" for a sys_user row
  std::vector<std::string> why;        // "OAuth Application User of 'Acme Integration'", ...
  std::vector<const Record*> entries;  // the active client entries that name it

  // The user's field (e.g. "active"); nullptr when the instance did not return it.
  const FieldValue* find(const std::string& field) const;
  std::string reasons() const;  // the why list in words
};

struct Sources {
  bool api_grants = false;
  bool ws_users = false;
};

// The accounts, in a stable order (entries first). Reads the sources' inputs are taken from must
// have been checked for errors by the caller.
std::vector<Account> integration_accounts(const CheckInputs& inputs, const Sources& sources);

// Evidence pointing at the user record's field.
Evidence account_evidence(const CheckInputs& inputs, const Account& account,
                          const std::string& field);

}  // namespace sncheck::identity
