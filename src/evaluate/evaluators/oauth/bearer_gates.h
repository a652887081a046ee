// SPDX-License-Identifier: Apache-2.0
#pragma once
// Applying the gates: the release and public-resource tests every gate shares, the call's target,
// and the reads and columns of a set of gates (with what locating the call needs).

#include <algorithm>
#include <functional>

#include "evaluate/evaluators/oauth/bearer_chain.h"

namespace sncheck::bearer {

// The gate's link for the call: Skip before its release or for a public resource it does not
// cover, else its judgement.
Link judge_gate(const Context& ctx, const Target& target, const Gate& gate);

// The method and path of the call, from the run parameters.
Target start_target(const Context& ctx);

// These reads with the locate reads and every read they wait for, each once.
std::vector<ReadSpec> gate_reads(const std::vector<std::string>& names);
// These columns with the locate columns, each once.
std::vector<SchemaColumn> gate_columns(const std::vector<SchemaColumn>& columns);

}  // namespace sncheck::bearer
