#pragma once
// Reads check files (built-in and user-supplied) into validated CheckDefinitions.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate/check_definition.h"
#include "evaluate/evaluator.h"

namespace sncheck {

// "<origin>: <field path>: <what is wrong>", or "<origin>:<line>:<column>: <JSON error>".
class CheckLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses and validates one check file's contents. Throws CheckLoadError.
CheckDefinition parse_check(std::string_view json_text, const std::string& origin);

// The loaded checks: built-ins first, then each user directory's *.json in name order.
class CheckCatalog {
 public:
  // Throws CheckLoadError for a bad file, a duplicate id, an unknown prerequisite or evaluator.
  static CheckCatalog load(const EvaluatorRegistry& evaluators,
                           const std::vector<std::string>& user_dirs);

  const std::vector<CheckDefinition>& checks() const { return checks_; }
  const CheckDefinition* find(std::string_view id) const;
  const Evaluator& evaluator_for(const CheckDefinition& check) const;

 private:
  void add(CheckDefinition check);
  void validate_links() const;

  const EvaluatorRegistry* evaluators_ = nullptr;
  std::vector<CheckDefinition> checks_;
};

// Field names sncheck refuses to read: secrets must never be asked of the instance.
bool is_secret_field(std::string_view field);

}  // namespace sncheck
