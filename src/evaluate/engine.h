#pragma once
// Evaluate: runs the selected checks over the data the plan fetched, in chain order.

#include <functional>
#include <optional>
#include <vector>

#include "evaluate/check_loader.h"
#include "evaluate/result.h"
#include "fetch/table_data.h"
#include "fetch/token_probe.h"
#include "plan/plan.h"

namespace sncheck {

// Fetches the plan's requests; the real one is TableClient, tests pass canned data.
using Fetcher = std::function<std::vector<TableData>(const std::vector<TableRead>&)>;
// Sends the live token request (--probe); the real one is probe_token, tests pass canned outcomes.
using Prober = std::function<TokenProbeOutcome()>;

struct RunOutcome {
  std::vector<Result> results;             // chain order; every selected check at least once
  std::optional<FetchError> fatal;         // set when the instance could not be read at all
  std::optional<TokenProbeOutcome> probe;  // with --probe, unless the instance was unreachable
  std::size_t requests_planned = 0;
};

RunOutcome run_checks(const CheckCatalog& catalog,
                      const std::vector<const CheckDefinition*>& selected, const RunParams& params,
                      const Fetcher& fetch, const Prober& probe = {});

// Evaluation alone, for data already fetched (the plan's requests, in order).
std::vector<Result> evaluate_checks(const CheckCatalog& catalog,
                                    const std::vector<const CheckDefinition*>& selected,
                                    const RunParams& params, const Plan& plan,
                                    const std::vector<TableData>& data,
                                    const TokenProbeOutcome* probe = nullptr);

// The earliest failing link of the chain, if any check failed.
const Result* root_cause(const std::vector<Result>& results);

}  // namespace sncheck
