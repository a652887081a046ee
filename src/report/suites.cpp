// SPDX-License-Identifier: Apache-2.0
// A run's results by suite: which suites, and how much of each one's selection was judged.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "model/suite.h"
#include "report/report.h"

namespace sncheck {

std::string SuiteCoverage::words() const {
  // Rounded down, so 99.6% never reads as 100%.
  return fmt::format("{} of {} {} evaluated ({}%)", evaluated, checks,
                     checks == 1 ? "check" : "checks", static_cast<int>(std::floor(percent())));
}

ResultRefs refs_of(const std::vector<Result>& results) {
  ResultRefs refs;
  refs.reserve(results.size());
  for (const Result& result : results) refs.push_back(&result);
  return refs;
}

std::vector<std::string> suites_in(const ResultRefs& results) {
  std::vector<std::string> suites;
  for (const Result* result : results) {
    if (std::find(suites.begin(), suites.end(), result->check->suite) == suites.end()) {
      suites.push_back(result->check->suite);
    }
  }
  return suites;
}

std::vector<std::string> suites_in(const std::vector<Result>& results) {
  return suites_in(refs_of(results));
}

ResultRefs results_of_suite(const ResultRefs& results, const std::string& suite) {
  ResultRefs out;
  for (const Result* result : results) {
    if (result->check->suite == suite) out.push_back(result);
  }
  return out;
}

SuiteCoverage coverage_of(const ResultRefs& results, const std::string& suite) {
  SuiteCoverage coverage;
  coverage.suite = suite;
  std::vector<const CheckDefinition*> seen;
  for (const Result* result : results) {
    if (result->check->suite != suite) continue;
    if (coverage.title.empty() && result->check->suite_descriptor != nullptr) {
      coverage.title = result->check->suite_descriptor->title;
    }
    if (std::find(seen.begin(), seen.end(), result->check) == seen.end()) {
      seen.push_back(result->check);
    }
    if (result->status != Status::Error) continue;
    bool known =
        std::any_of(coverage.not_evaluated.begin(), coverage.not_evaluated.end(),
                    [&](const SuiteCoverage::Gap& gap) { return gap.check == result->check; });
    if (!known) coverage.not_evaluated.push_back({result->check, result->message});
  }
  coverage.checks = static_cast<int>(seen.size());
  coverage.evaluated = coverage.checks - static_cast<int>(coverage.not_evaluated.size());
  return coverage;
}

std::vector<SuiteCoverage> coverage_by_suite(const ResultRefs& results) {
  std::vector<SuiteCoverage> all;
  for (const std::string& suite : suites_in(results)) all.push_back(coverage_of(results, suite));
  return all;
}

std::vector<SuiteCoverage> coverage_by_suite(const std::vector<Result>& results) {
  return coverage_by_suite(refs_of(results));
}

bool below_required_coverage(const SuiteCoverage& coverage, const GatePolicy& gate) {
  return gate.require_coverage && coverage.percent() < *gate.require_coverage;
}

}  // namespace sncheck
