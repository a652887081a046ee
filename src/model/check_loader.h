// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reads one check file into a validated CheckDefinition (the schema is docs/writing-checks.md).
// The catalog (model/catalog.h) then resolves its evaluator and suite.

#include <string>
#include <string_view>
#include <vector>

#include "core/usage_error.h"
#include "model/check_definition.h"

namespace sncheck {

// "<origin>: <field path>: <what is wrong>", or "<origin>:<line>:<column>: <JSON error>".
class CheckLoadError : public UsageError {
 public:
  using UsageError::UsageError;
};

// Parses and validates one check file's contents. Throws CheckLoadError.
CheckDefinition parse_check(std::string_view json_text, const std::string& origin);

// A problem with a set of reads (a fallback or key naming no first-wave read of the same check,
// a field that holds a secret, ...), or "". The catalog applies it to evaluator-declared reads.
std::string check_reads(const std::vector<ReadSpec>& reads);

}  // namespace sncheck
