// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a run accepts but probably did not mean: an exclude that excludes nothing, a waiver whose
// check pattern matches no check id, a report file whose extension names another format. Each
// is a warning on stderr (the run goes on); a missing --format is taken from -o's extension.

#include <string>
#include <vector>

#include "cli/options.h"
#include "model/catalog.h"
#include "report/waivers.h"

namespace sncheck {

// --checks globs starting with '-' that match no check of these suites.
std::vector<std::string> exclude_warnings(const CheckCatalog& catalog,
                                          const std::vector<std::string>& suites,
                                          const std::string& globs);

// Waivers whose check pattern matches no check id of the catalog.
std::vector<std::string> waiver_warnings(const CheckCatalog& catalog,
                                         const std::vector<Waiver>& waivers);

// The reports to write: --format (or, when it was not given, -o FILE's extension) to -o or
// stdout, then each --report. A file whose extension names another format than the one written
// to it gets a warning; `notes` says where an inferred format came from (for -v).
std::vector<ReportTarget> report_targets(const Options& options, std::vector<std::string>& warnings,
                                         std::vector<std::string>& notes);

}  // namespace sncheck
