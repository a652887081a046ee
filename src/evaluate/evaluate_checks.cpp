// SPDX-License-Identifier: Apache-2.0
#include "evaluate/evaluate_checks.h"

#include <map>

#include <fmt/format.h>

namespace sncheck {
namespace {

Result skipped_for_prerequisite(const CheckDefinition& check, const Result& prerequisite) {
  Result result;
  result.check = &check;
  result.status = Status::Skip;
  result.message = fmt::format("Not evaluated: prerequisite {} {}.", prerequisite.check->id,
                               prerequisite.status == Status::Fail ? "failed" : "did not pass");
  // The prerequisite's own finding is the reason (e.g. the release is older than the feature).
  if (!prerequisite.message.empty()) result.message += " " + prerequisite.message;
  return result;
}

const Result* failed_prerequisite(const CheckDefinition& check,
                                  const std::map<std::string, std::size_t>& failures,
                                  const std::vector<Result>& results) {
  for (const std::string& id : check.prerequisites) {
    auto it = failures.find(id);
    if (it != failures.end()) return &results[it->second];
  }
  return nullptr;
}

}  // namespace

std::vector<Result> evaluate_checks(const CheckCatalog& catalog,
                                    const std::vector<const CheckDefinition*>& selected,
                                    const InputsFor& inputs_for) {
  std::vector<Result> results;
  std::map<std::string, std::size_t> failures;  // check id -> index of its first fail
  // Per-record checks judge the same records one check after another: each entry's subject (and
  // a remediation many results give alike) is kept once, whichever check made it.
  TextPool texts;
  for (const CheckDefinition* check : selected) {
    if (const Result* prerequisite = failed_prerequisite(*check, failures, results)) {
      results.push_back(skipped_for_prerequisite(*check, *prerequisite));
      continue;
    }
    std::size_t first = results.size();
    for (Result& result : catalog.evaluator_for(*check).evaluate(inputs_for(*check))) {
      result.subject = texts.intern(result.subject);
      result.remediation = texts.intern(result.remediation);
      results.push_back(std::move(result));
    }
    for (std::size_t i = first; i < results.size(); ++i) {
      if (results[i].status == Status::Fail) {
        failures.emplace(check->id, i);
        break;
      }
    }
  }
  return results;
}

std::vector<Result> not_evaluated(const std::vector<const CheckDefinition*>& selected,
                                  const FetchError& cause) {
  std::vector<Result> results;
  const SharedText remedy = cause.remedy;
  for (const CheckDefinition* check : selected) {
    Result result;
    result.check = check;
    result.status = Status::Error;
    result.message = fmt::format("Not evaluated: {}", cause.message);
    result.remediation = remedy;
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace sncheck
