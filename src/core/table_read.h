// SPDX-License-Identifier: Apache-2.0
#pragma once
// One Table API read: which table, which rows (an encoded query) and which fields.

#include <string>
#include <vector>

namespace sncheck {

struct TableRead {
  std::string table;
  std::string query;                // encoded query (sysparm_query); empty reads every row
  std::vector<std::string> fields;  // sysparm_fields, dot-walks allowed; sorted and unique

  bool operator==(const TableRead& other) const {
    return table == other.table && query == other.query && fields == other.fields;
  }
};

// The Table API path and query of one page of a read, percent-encoded:
// "/api/now/table/<table>?sysparm_query=...&sysparm_fields=...&sysparm_limit=<n>
// &sysparm_exclude_reference_link=false[&sysparm_offset=<offset>]" (no offset for 0).
std::string table_page_path(const TableRead& read, int page_size, long offset);

}  // namespace sncheck
