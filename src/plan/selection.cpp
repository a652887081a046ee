// SPDX-License-Identifier: Apache-2.0
#include "plan/selection.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/glob.h"
#include "core/strings.h"

namespace sncheck {
namespace {

std::vector<std::string> split_globs(std::string_view text) { return split_list(text); }

}  // namespace

std::vector<const CheckDefinition*> select_checks(
    const std::vector<CheckDefinition>& checks, std::string_view suite, std::string_view globs,
    const std::function<bool(const std::string&)>& has_param) {
  std::vector<std::string> suites;
  if (!suite.empty()) suites.emplace_back(suite);
  return select_checks(checks, suites, globs, has_param);
}

std::vector<const CheckDefinition*> select_checks(
    const std::vector<CheckDefinition>& checks, const std::vector<std::string>& suites,
    std::string_view globs, const std::function<bool(const std::string&)>& has_param) {
  std::vector<const CheckDefinition*> pool;
  for (const CheckDefinition& check : checks) {
    if (suites.empty() || std::find(suites.begin(), suites.end(), check.suite) != suites.end()) {
      pool.push_back(&check);
    }
  }
  std::string suite = suites.size() == 1 ? suites.front() : std::string();
  std::set<const CheckDefinition*> chosen;
  std::vector<std::string> patterns = split_globs(globs);
  // Like clang-tidy's list, which extends a default: a list that starts by excluding starts
  // from every check of the suite; one that starts by including starts from none.
  if (patterns.empty() || patterns.front().front() == '-') chosen.insert(pool.begin(), pool.end());
  for (const std::string& pattern : patterns) {
    bool exclude = pattern.front() == '-';
    std::string_view glob = exclude ? std::string_view(pattern).substr(1) : pattern;
    bool matched = false;
    for (const CheckDefinition* check : pool) {
      if (!glob_match(glob, check->id)) continue;
      matched = true;
      if (exclude) {
        chosen.erase(check);
      } else {
        chosen.insert(check);
      }
    }
    if (!matched && !exclude) {
      throw SelectionError(
          fmt::format("--checks: '{}' matches no check{}; `sncheck checks` lists them", pattern,
                      suite.empty() ? "" : fmt::format(" of suite {}", suite)));
    }
  }
  std::vector<const CheckDefinition*> out(chosen.begin(), chosen.end());
  std::sort(out.begin(), out.end(), [](const CheckDefinition* a, const CheckDefinition* b) {
    return a->chain_step != b->chain_step ? a->chain_step < b->chain_step : a->id < b->id;
  });
  // After the globs, so `--checks 'oauth.api.*'` without --api is not mistaken for a typo.
  if (!has_param) return drop_unparameterised(out, [](const std::string&) { return false; });
  return drop_unparameterised(out, has_param);
}

std::vector<const CheckDefinition*> drop_unparameterised(
    const std::vector<const CheckDefinition*>& selected,
    const std::function<bool(const std::string&)>& has_param) {
  std::vector<const CheckDefinition*> kept;
  for (const CheckDefinition* check : selected) {
    bool all = std::all_of(check->requires_params.begin(), check->requires_params.end(), has_param);
    if (all) kept.push_back(check);
  }
  return kept;
}

std::vector<const CheckDefinition*> filter_by_tags(
    const std::vector<const CheckDefinition*>& selected, const std::vector<CheckDefinition>& all,
    std::string_view tags) {
  std::vector<std::string> wanted = split_globs(tags);
  if (wanted.empty()) return selected;
  auto carries = [](const CheckDefinition& check, const std::string& tag) {
    return std::find(check.tags.begin(), check.tags.end(), tag) != check.tags.end();
  };
  for (const std::string& tag : wanted) {
    bool known = std::any_of(all.begin(), all.end(),
                             [&](const CheckDefinition& check) { return carries(check, tag); });
    if (!known) {
      throw SelectionError(
          fmt::format("--tags: no check carries the tag '{}'; `sncheck checks --format json` "
                      "lists each check's tags",
                      tag));
    }
  }
  std::vector<const CheckDefinition*> out;
  for (const CheckDefinition* check : selected) {
    if (std::any_of(wanted.begin(), wanted.end(),
                    [&](const std::string& tag) { return carries(*check, tag); })) {
      out.push_back(check);
    }
  }
  return out;
}

}  // namespace sncheck
