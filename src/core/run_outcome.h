// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/fetch_error.h"
#include "core/probe_outcome.h"
#include "core/result.h"

namespace sncheck {

// What one run concluded: the results (chain order, every selected check at least once), or the
// failure that stopped every read.
struct RunOutcome {
  std::vector<Result> results;
  std::optional<FetchError> fatal;         // set when the instance could not be read at all
  std::optional<TokenProbeOutcome> probe;  // with --probe, unless the instance was unreachable
  std::size_t requests_planned = 0;
  // The planned requests of each wave that ran (one request per table; pages not counted).
  std::vector<std::size_t> wave_requests;
};

// One instance of a combined run (several --profile): its results stay in the combined
// outcome's results, each carrying its instance.
struct InstanceOutcome {
  std::string instance;
  std::optional<FetchError> fatal;
};

}  // namespace sncheck
