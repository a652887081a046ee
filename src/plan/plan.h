// SPDX-License-Identifier: Apache-2.0
#pragma once
// Plan: every read the selected checks need, merged into one request per table.

#include <map>
#include <string>
#include <vector>

#include "core/run_params.h"
#include "core/table_read.h"
#include "model/check_definition.h"
#include "query/encoded_query.h"

namespace sncheck {

// Where one read of one check gets its rows: a merged request, filtered by the read's own query.
struct PlannedRead {
  std::size_t request = 0;      // index into Plan::requests
  std::string effective_query;  // the read's query with --client-id style narrowing applied
  EncodedQuery filter;
  std::vector<std::string> query_fields;
};

struct Plan {
  std::vector<TableRead> requests;
  // check id -> read name -> where its rows come from
  std::map<std::string, std::map<std::string, PlannedRead>> reads;
};

// One read of one check, as the planner sees it.
struct CheckRead {
  const CheckDefinition* check = nullptr;
  const ReadSpec* read = nullptr;
  std::string clause;  // ANDed to the read's query: a keyed read's "columnINv1,v2"
};

// The first wave: every read except fallbacks and keyed reads, merged into one request per table.
Plan build_plan(const std::vector<const CheckDefinition*>& checks, const RunParams& params);

// The second wave: the fallback and keyed reads the first wave showed are needed, merged the same
// way and appended to plan.requests. Returns the index of the first appended request.
std::size_t plan_second_wave(Plan& plan, const std::vector<CheckRead>& needed,
                             const RunParams& params);

// A keyed read's clause for these key values: "columnINv1,v2", or empty (read without the key)
// when there are too many values for one URL or a value could not be written in an IN list.
std::string key_clause(const ReadKey& key, const std::vector<std::string>& values);

// Merges queries on one table: "f=a" and "f=b" become "fINa,b"; anything else is joined with ^NQ.
std::string merge_queries(const std::vector<std::string>& queries);

}  // namespace sncheck
