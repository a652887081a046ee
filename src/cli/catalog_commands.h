// SPDX-License-Identifier: Apache-2.0
#pragma once
// `sncheck checks` and `sncheck explain`: the catalogue and each check's documentation.

#include "cli/app.h"
#include "cli/options.h"
#include "model/catalog.h"

namespace sncheck {

// The catalogue of built-in checks and the --checks-dir directories. The evaluators it points
// into live as long as the process.
CheckCatalog load_catalog(const std::vector<std::string>& checks_dirs);

int list_checks(const CheckCatalog& catalog, const Options& options, Io& io);
int explain(const CheckCatalog& catalog, const Options& options, Io& io);

}  // namespace sncheck
