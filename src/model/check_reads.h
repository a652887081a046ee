#pragma once
// What a check's read asks of the instance: the fields it needs and its query for a run.

#include <string>
#include <vector>

#include "core/run_params.h"
#include "model/check_definition.h"

namespace sncheck {

// The fields a check's read needs: declared, used by the condition's tests and templates, in
// the query and narrowing clauses, keys, and sys_id.
std::vector<std::string> needed_fields(const CheckDefinition& check, const ReadSpec& read);

// The read's query with the clauses of the parameters that were given.
std::string effective_query(const ReadSpec& read, const RunParams& params);

}  // namespace sncheck
