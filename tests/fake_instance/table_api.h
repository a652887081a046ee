// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Table API read path of the fake instance: query, fields, paging, row and field ACLs,
// reference shapes and the paging headers. Pure functions of the scenario and the request.

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "answers.h"
#include "fake_instance.h"

namespace sncheck::fake {

struct TableRequest {
  std::string base_url;  // "http://127.0.0.1:<port>", for reference links and Link headers
  std::string path;      // as requested, e.g. /api/now/v2/table/sys_user
  std::string table;
  std::string sys_id;         // /table/<table>/<sys_id>: one record; empty for a list
  bool empty_is_404 = false;  // v1 answers an empty list with 404
  std::multimap<std::string, std::string> params;
};

// Lookups that cost a pass over a whole table (its fields, its rows by sys_id), built once per
// table and kept across requests, so a scenario with 50,000 users answers as fast as a small one.
// Holds pointers into the scenario: clear() it whenever the scenario changes.
class ScenarioIndex {
 public:
  // The table's rows (sys_dictionary and sys_choice derived when the scenario does not list
  // them); nullptr when the table does not exist.
  const std::vector<Record>* table(const Scenario& scenario, const std::string& name);
  const std::set<std::string>& fields(const Scenario& scenario, const std::string& table);
  const std::unordered_map<std::string, const Record*>& rows_by_id(const Scenario& scenario,
                                                                   const std::string& table);
  void clear();

 private:
  std::map<std::string, std::vector<Record>> derived_;
  std::map<std::string, std::set<std::string>> fields_;
  std::map<std::string, std::unordered_map<std::string, const Record*>> rows_by_id_;
};

// Assumes the caller is authenticated; checks table existence and table-level denial itself.
Answer answer_table_get(const Scenario& scenario, ScenarioIndex& index,
                        const TableRequest& request);

// The URL of the page of `request` at `offset` (every other parameter kept), as Link names it.
std::string page_link(const TableRequest& request, long offset, long limit);

// Whether <table>.<field> exists: some row has it, or it is sys_id, or it is a dot-walk through
// a reference field into a field that exists on the referenced table.
bool field_exists(const Scenario& scenario, const std::string& table, const std::string& field);

}  // namespace sncheck::fake
