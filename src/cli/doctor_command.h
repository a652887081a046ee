// SPDX-License-Identifier: Apache-2.0
#pragma once
// sncheck doctor: what `gh auth status` is for GitHub. Checks the instance URL, TLS, the reading
// credentials, the release and read access to every table the selected suites read (one
// sysparm_limit=1 request per table, one wave), and says what a least-privilege audit account is
// missing as the exact read ACLs; --print-role prints that role's definition step by step.

#include <CLI/CLI.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/options.h"
#include "model/catalog.h"

namespace sncheck {

// What the selected suites read from one table: the fields (direct ones; dot-walks are split
// into the reference field here and the referenced table's field there) and the checks.
struct TableNeed {
  std::string table;
  std::set<std::string> fields;
  std::set<std::string> checks;
  bool always = false;  // some check that reads it runs without run parameters (not only --api)
  bool direct = false;  // some check reads the table itself (not only through a reference)
  std::string via;      // for a table reached only through a reference: "oauth_entity.user"
};

// Every table the suites' checks may read, dot-walked references included, in name order.
std::vector<TableNeed> table_needs(const CheckCatalog& catalog,
                                   const std::vector<std::string>& suites);

// The table a reference field points to ("oauth_entity.user" -> "sys_user"); "" when unknown.
std::string referenced_table(const std::string& table, const std::string& field);
// The role ServiceNowDocs names for managing a table (more than read), or "" when none.
std::string managing_role(const std::string& table);

// The least-privilege role, step by step (sncheck doctor --print-role).
void write_role_definition(std::ostream& out, const std::vector<TableNeed>& needs,
                           const std::vector<std::string>& suites, const std::string& role);

void add_doctor_options(CLI::App& command, Options& options);
int run_doctor(const CheckCatalog& catalog, const Options& options, Io& io);

}  // namespace sncheck
