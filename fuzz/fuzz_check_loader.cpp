// SPDX-License-Identifier: Apache-2.0
// Fuzzes the check-file loader: users write check files, so any bytes must give a CheckDefinition
// or a CheckLoadError with a message, never a crash or another exception.

#include <string>

#include "evaluate/evaluators/builtin_evaluators.h"
#include "fuzz_target.h"
#include "model/catalog.h"
#include "model/check_loader.h"

namespace {

using sncheck::fuzz::invariant_broken;

const sncheck::EvaluatorRegistry& registry() {
  static const sncheck::EvaluatorRegistry* evaluators = [] {
    auto* out = new sncheck::EvaluatorRegistry();
    sncheck::register_builtin_evaluators(*out);
    return out;
  }();
  return *evaluators;
}

// What the catalog does next with a parsed check: its suite and evaluator resolve it, the
// evaluator's contract fills in its reads, and the evaluator describes it.
void resolve(sncheck::CheckDefinition check, const std::string& origin) {
  sncheck::SuiteDescriptor suite;
  suite.name = check.suite;
  suite.root_cause = {{"", "{message}"}};
  try {
    sncheck::CheckCatalog catalog =
        sncheck::CheckCatalog::from(registry(), {suite}, {std::move(check)});
    const sncheck::CheckDefinition& resolved = catalog.checks().front();
    if (resolved.reads.empty()) invariant_broken("a resolved check without reads");
    catalog.evaluator_for(resolved).describe(resolved);
  } catch (const sncheck::CheckLoadError& error) {
    if (std::string(error.what()).rfind(origin, 0) != 0) {
      invariant_broken("a catalog CheckLoadError that does not start with the file name");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string origin = "fuzz.json";
  try {
    sncheck::CheckDefinition check =
        sncheck::parse_check(sncheck::fuzz::as_text(data, size), origin);
    if (check.id.empty()) invariant_broken("a check without id");
    if (check.condition.has_value() == check.evaluator.has_value()) {
      invariant_broken("a check needs exactly one of condition and evaluator");
    }
    if (check.condition && check.reads.empty()) invariant_broken("a condition without reads");
    if (check.evaluator && !check.reads.empty()) invariant_broken("an evaluator check with reads");
    check.origin = origin;
    resolve(std::move(check), origin);
  } catch (const sncheck::CheckLoadError& error) {
    if (std::string(error.what()).rfind(origin, 0) != 0) {
      invariant_broken("a CheckLoadError that does not start with the file name");
    }
  } catch (const std::exception& error) {
    invariant_broken(std::string("parse_check threw something else: ") + error.what());
  }
  return 0;
}
