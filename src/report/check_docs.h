// SPDX-License-Identifier: Apache-2.0
#pragma once
// A check's documentation, generated from the check itself so the two cannot drift
// (docs/checks/<id>.md is this output, and a test keeps it so).

#include <string>

#include "model/catalog.h"

namespace sncheck {

std::string render_check_doc(const CheckCatalog& catalog, const CheckDefinition& check);

}  // namespace sncheck
