// SPDX-License-Identifier: Apache-2.0
#pragma once
// An audit: one or several suites' checks run against the instances the options name, reported in
// every format asked for, with the exit code of the gate.

#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/options.h"
#include "model/catalog.h"

namespace sncheck {

// `label` names the run in reports (the suite, or "audit"); `suites` the suites whose checks run.
int run_audit(const CheckCatalog& catalog, const std::string& label,
              const std::vector<const SuiteDescriptor*>& suites, const Options& options, Io& io);

}  // namespace sncheck
