// Fuzzes the check-file loader: users write check files, so any bytes must give a CheckDefinition
// or a CheckLoadError with a message, never a crash or another exception.

#include <string>

#include "evaluate/check_loader.h"
#include "evaluate/evaluator.h"
#include "fuzz_target.h"

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

// What CheckCatalog::add does next with a parsed check: its evaluator validates it.
void validate(const sncheck::CheckDefinition& check) {
  const sncheck::Evaluator* evaluator = &sncheck::condition_evaluator();
  if (check.evaluator) evaluator = registry().find(check.evaluator->name);
  if (evaluator == nullptr) return;  // the catalog reports an unknown evaluator
  if (evaluator->validate(check).empty()) evaluator->describe(check);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string origin = "fuzz.json";
  try {
    sncheck::CheckDefinition check =
        sncheck::parse_check(sncheck::fuzz::as_text(data, size), origin);
    if (check.id.empty() || check.reads.empty()) invariant_broken("a check without id or reads");
    if (check.condition.has_value() == check.evaluator.has_value()) {
      invariant_broken("a check needs exactly one of condition and evaluator");
    }
    validate(check);
  } catch (const sncheck::CheckLoadError& error) {
    if (std::string(error.what()).rfind(origin, 0) != 0) {
      invariant_broken("a CheckLoadError that does not start with the file name");
    }
  } catch (const std::exception& error) {
    invariant_broken(std::string("parse_check threw something else: ") + error.what());
  }
  return 0;
}
