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

}  // namespace sncheck
