// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which checks run: a suite's checks, then an ordered glob list where '-' excludes
// (clang-tidy style: "oauth.*,-oauth.plugin.*").

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/usage_error.h"
#include "model/check_definition.h"

namespace sncheck {

// A --checks or --tags value that selects nothing it names (a typo).
class SelectionError : public UsageError {
 public:
  using UsageError::UsageError;
};

// suite: checks of that suite ("" = all). globs: applied in order; an empty list, or one whose
// first glob excludes, starts from every check of the suite, one that starts by including
// starts from none. A positive glob that matches no check is an error (a typo).
// The result is in chain order (chain_step, then id). Checks whose requires_params are not all
// given (has_param; empty: no parameter is given) are then dropped.
std::vector<const CheckDefinition*> select_checks(
    const std::vector<CheckDefinition>& checks, std::string_view suite, std::string_view globs,
    const std::function<bool(const std::string&)>& has_param = {});
// The same over the checks of several suites (empty: every suite).
std::vector<const CheckDefinition*> select_checks(
    const std::vector<CheckDefinition>& checks, const std::vector<std::string>& suites,
    std::string_view globs, const std::function<bool(const std::string&)>& has_param = {});

// Drops the checks whose requires_params are not all given (e.g. the oauth.api.* checks
// without --api).
std::vector<const CheckDefinition*> drop_unparameterised(
    const std::vector<const CheckDefinition*>& selected,
    const std::function<bool(const std::string&)>& has_param);

// --tags a,b: keeps the selected checks that carry any of these tags (all of them when the list
// is empty). A tag that no check of the catalog carries is an error (a typo).
std::vector<const CheckDefinition*> filter_by_tags(
    const std::vector<const CheckDefinition*>& selected, const std::vector<CheckDefinition>& all,
    std::string_view tags);

}  // namespace sncheck
