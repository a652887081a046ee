// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a check's read asks of the instance: the fields it needs and its query for a run.

#include <string>
#include <vector>

#include "core/record.h"
#include "core/run_params.h"
#include "model/check_definition.h"

namespace sncheck {

// The fields a check's read needs: declared, used by the condition's tests and templates, in
// the query and narrowing clauses, keys, and sys_id.
std::vector<std::string> needed_fields(const CheckDefinition& check, const ReadSpec& read);

// The read's query with the clauses of the parameters that were given.
std::string effective_query(const ReadSpec& read, const RunParams& params);

// The sys_dictionary read that verifies these columns: one group per table (and the parents it
// may inherit the column from), `nameIN<table,parents>^elementIN<columns>`, joined with ^NQ.
ReadSpec schema_read(const std::vector<SchemaColumn>& columns);

// Whether the dictionary rows (name, element, active) define the column on its table or one of
// its parents. An inactive dictionary entry does not count.
bool column_defined(const std::vector<const Record*>& dictionary, const SchemaColumn& column);

// Whether the read depends on the column: it reads its table and asks for the column, filters on
// it, or dot-walks through it.
bool read_uses_column(const CheckDefinition& check, const ReadSpec& read,
                      const SchemaColumn& column);

}  // namespace sncheck
