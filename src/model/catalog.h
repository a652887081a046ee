// SPDX-License-Identifier: Apache-2.0
#pragma once
// The loaded checks and suites: built-ins first (compiled in from checks/<suite>/), then each
// --checks-dir's suite.json and *.json in name order. Every check is resolved here: its suite, its
// evaluator, and for an evaluator-backed check the reads and run parameters the evaluator
// declares.

#include <string>
#include <string_view>
#include <vector>

#include "model/check_definition.h"
#include "model/check_loader.h"
#include "model/evaluator.h"
#include "model/suite.h"

namespace sncheck {

class CheckCatalog {
 public:
  // Throws CheckLoadError for a bad file, a duplicate id, an unknown suite, prerequisite or
  // evaluator, or parameters the evaluator does not take.
  static CheckCatalog load(const EvaluatorRegistry& evaluators,
                           const std::vector<std::string>& user_dirs);

  CheckCatalog() = default;
  CheckCatalog(CheckCatalog&&) = default;
  CheckCatalog& operator=(CheckCatalog&&) = default;
  CheckCatalog(const CheckCatalog&) = delete;
  CheckCatalog& operator=(const CheckCatalog&) = delete;

  const std::vector<CheckDefinition>& checks() const { return checks_; }
  const std::vector<SuiteDescriptor>& suites() const { return suites_; }
  const CheckDefinition* find(std::string_view id) const;
  const SuiteDescriptor* find_suite(std::string_view name) const;
  const Evaluator& evaluator_for(const CheckDefinition& check) const;

  // For tests: a catalog of these definitions and suites, resolved like loaded files.
  static CheckCatalog from(const EvaluatorRegistry& evaluators, std::vector<SuiteDescriptor> suites,
                           std::vector<CheckDefinition> checks);

 private:
  void add_suite(SuiteDescriptor suite);
  void add(CheckDefinition check);
  void resolve();
  void validate_links() const;

  const EvaluatorRegistry* evaluators_ = nullptr;
  std::vector<SuiteDescriptor> suites_;
  std::vector<CheckDefinition> checks_;
};

// The condition evaluator, behind every check that declares a "condition"
// (evaluate/condition_evaluator.cpp registers it under this name).
inline constexpr const char* kConditionEvaluator = "condition";

}  // namespace sncheck
