// SPDX-License-Identifier: Apache-2.0
#include "core/table_read.h"

#include <fmt/format.h>

#include "core/url.h"

namespace sncheck {

std::string table_page_path(const TableRead& read, int page_size, long offset) {
  std::string fields;
  for (const std::string& field : read.fields) {
    if (!fields.empty()) fields += ',';
    fields += percent_encode(field);
  }
  std::string path = fmt::format(
      "/api/now/table/{}?sysparm_query={}&sysparm_fields={}&sysparm_limit={}"
      "&sysparm_exclude_reference_link=false",
      read.table, percent_encode(read.query), fields, page_size);
  if (offset > 0) path += fmt::format("&sysparm_offset={}", offset);
  return path;
}

}  // namespace sncheck
