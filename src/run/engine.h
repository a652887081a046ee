// SPDX-License-Identifier: Apache-2.0
#pragma once
// The orchestrator: plans the selected checks' reads, fetches them in waves (the first wave,
// then the fallback and keyed reads the first wave showed are needed), stops on a failure that
// ends every read, sends the live probe, and evaluates. The only stage that sees every other.

#include <functional>
#include <vector>

#include "core/probe_outcome.h"
#include "core/run_outcome.h"
#include "core/run_params.h"
#include "core/table_data.h"
#include "model/catalog.h"
#include "plan/plan.h"

namespace sncheck {

// Fetches the plan's requests; the real one is the fetch stage's TableClient, tests pass canned
// data, replays a snapshot.
using Fetcher = std::function<std::vector<TableData>(const std::vector<TableRead>&)>;
// Sends the live token request (--probe); the real one is probe_token.
using Prober = std::function<TokenProbeOutcome()>;

RunOutcome run_checks(const CheckCatalog& catalog,
                      const std::vector<const CheckDefinition*>& selected, const RunParams& params,
                      const Fetcher& fetch, const Prober& probe = {});

// Evaluation alone, for data already fetched (the plan's requests, in order).
std::vector<Result> evaluate_planned(const CheckCatalog& catalog,
                                     const std::vector<const CheckDefinition*>& selected,
                                     const RunParams& params, const Plan& plan,
                                     const std::vector<TableData>& data,
                                     const TokenProbeOutcome* probe = nullptr);

}  // namespace sncheck
