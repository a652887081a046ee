// SPDX-License-Identifier: Apache-2.0
#include "evaluate/evaluators/identity/accounts.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace sncheck::identity {
namespace {

std::vector<std::string> prefixed(const std::string& prefix) {
  std::vector<std::string> fields;
  for (const std::string& field : user_fields()) fields.push_back(prefix + field);
  return fields;
}

}  // namespace

const std::vector<std::string>& user_fields() {
  static const std::vector<std::string> fields = {"user_name",
                                                  "active",
                                                  "locked_out",
                                                  "web_service_access_only",
                                                  "internal_integration_user",
                                                  "last_login_time",
                                                  "password_needs_reset"};
  return fields;
}

ReadSpec entries_read() {
  std::vector<std::string> fields = prefixed("user.");
  for (const char* field : {"name", "client_id", "user", "access_token_lifespan"}) {
    fields.emplace_back(field);
  }
  return ReadSpec{"entries",
                  "oauth_entity",
                  "type=client^active=true",
                  fields,
                  {{"client_id", "client_id={client_id}"}},
                  {},
                  {}};
}

ReadSpec api_grants_read() {
  std::vector<std::string> fields = prefixed("user.");
  fields.emplace_back("user");
  fields.emplace_back("role.name");
  return ReadSpec{
      "api_grants",
      "sys_user_has_role",
      fmt::format("role.nameIN{}^state=active^inherited=false^user.active=true", kApiRoles),
      fields,
      {},
      {},
      {}};
}

ReadSpec ws_users_read() {
  return ReadSpec{
      "ws_users", "sys_user", "web_service_access_only=true^active=true", user_fields(), {},
      {},         {}};
}

ReadSpec admin_grants_read(const std::string& roles) {
  return ReadSpec{"admin_grants",
                  "sys_user_has_role",
                  fmt::format("role.nameIN{}^state=active", roles),
                  {"user", "role", "role.name", "state"},
                  {},
                  {},
                  {}};
}

const FieldValue* Account::find(const std::string& field) const {
  return find_field(*row, prefix + field);
}

std::string Account::reasons() const { return fmt::format("{}", fmt::join(why, "; ")); }

std::vector<Account> integration_accounts(const CheckInputs& inputs, const Sources& sources) {
  std::vector<Account> accounts;
  std::map<std::string, std::size_t> index;
  auto account_for = [&](const std::string& sys_id, const Record& row,
                         const std::string& prefix) -> Account& {
    auto [it, added] = index.emplace(sys_id, accounts.size());
    if (added) {
      Account account;
      account.sys_id = sys_id;
      account.row = &row;
      account.prefix = prefix;
      account.user_name = field_or_empty(row, prefix + "user_name");
      if (account.user_name.empty()) account.user_name = sys_id;
      accounts.push_back(std::move(account));
    }
    return accounts[it->second];
  };
  auto add_reason = [](Account& account, std::string reason) {
    if (std::find(account.why.begin(), account.why.end(), reason) == account.why.end()) {
      account.why.push_back(std::move(reason));
    }
  };
  for (const Record* entry : inputs.read("entries").rows) {
    const std::string user = field_or_empty(*entry, "user");
    if (user.empty()) continue;  // no account to judge (the OAuth suite reports the entry)
    Account& account = account_for(user, *entry, "user.");
    account.entries.push_back(entry);
    add_reason(account,
               fmt::format("OAuth Application User of '{}'", field_or_empty(*entry, "name")));
  }
  if (sources.api_grants) {
    for (const Record* grant : inputs.read("api_grants").rows) {
      const std::string user = field_or_empty(*grant, "user");
      if (user.empty()) continue;
      add_reason(account_for(user, *grant, "user."),
                 fmt::format("holds {}", field_or_empty(*grant, "role.name")));
    }
  }
  if (sources.ws_users) {
    for (const Record* user : inputs.read("ws_users").rows) {
      add_reason(account_for(field_or_empty(*user, "sys_id"), *user, ""),
                 "marked web-service-access-only");
    }
  }
  return accounts;
}

Evidence account_evidence(const CheckInputs& inputs, const Account& account,
                          const std::string& field) {
  Evidence evidence;
  evidence.table = "sys_user";
  evidence.sys_id = account.sys_id;
  evidence.field = field;
  const FieldValue* value = account.find(field);
  evidence.value = value != nullptr ? value->value : std::string();
  evidence.link = inputs.record_link("sys_user", account.sys_id);
  evidence.note = value != nullptr ? account.reasons() : "not returned";
  return evidence;
}

}  // namespace sncheck::identity
