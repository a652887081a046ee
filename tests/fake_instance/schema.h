// SPDX-License-Identifier: Apache-2.0
#pragma once
// The fake instance's data dictionary: sys_dictionary and sys_choice rows derived from the
// scenario's tables and its Schema overrides, the way the platform lists them (ServiceNowDocs
// platform-administration/table-administration-and-data-management/c_SystemDictionary.md l.19:
// one row per table or column; c_DataDictionaryTables.md l.39-48: a column a table inherits is
// listed under the parent that defines it).

#include <string>
#include <vector>

#include "fake_instance.h"

namespace sncheck::fake {

// Whether the scenario's sys_dictionary / sys_choice are derived (the scenario does not list the
// table itself).
bool is_derived_table(const Scenario& scenario, const std::string& table);

// name, element, column_label, internal_type, reference, active; sys_id derived from the pair.
std::vector<Record> derived_dictionary(const Scenario& scenario);

// name, element, value, label, language "en", inactive "false", sequence.
std::vector<Record> derived_choices(const Scenario& scenario);

}  // namespace sncheck::fake
