#pragma once
// `sncheck diff A B`: each side a profile name or a snapshot file (docs/configuration.md).

#include <string>

#include "cli/app.h"
#include "cli/multi_run.h"

namespace sncheck {

// 0 no drift, 1 drift, 2 could not compare.
int run_diff(const SourceOptions& options, const std::string& a, const std::string& b,
             const std::string& format, Io& io);

}  // namespace sncheck
