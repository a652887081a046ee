// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <vector>

#include "core/fetch_error.h"
#include "core/record.h"
#include "core/table_read.h"

namespace sncheck {

// The outcome of one TableRead: every row of every page, or the error that stopped it.
// When error is set, rows must not be used to conclude anything.
struct TableData {
  TableRead read;
  std::vector<Record> rows;
  std::optional<FetchError> error;
  int pages = 0;
  long total_count = -1;  // X-Total-Count of the first page, -1 when absent
};

}  // namespace sncheck
