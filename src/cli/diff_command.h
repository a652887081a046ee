// SPDX-License-Identifier: Apache-2.0
#pragma once
// `sncheck diff A B`: each side a profile name or a snapshot file (docs/configuration.md).

#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/multi_run.h"
#include "model/suite.h"

namespace sncheck {

// 0 no drift, 1 drift, 2 could not compare.
// `suites`: whose drift items are compared.
int run_diff(const SourceOptions& options, const std::vector<const SuiteDescriptor*>& suites,
             const std::string& a, const std::string& b, const std::string& format, Io& io);

}  // namespace sncheck
