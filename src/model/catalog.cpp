// SPDX-License-Identifier: Apache-2.0
#include "model/catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "model/builtin_checks.h"
#include "model/check_reads.h"
#include "model/run_parameters.h"

namespace sncheck {
namespace {

constexpr std::string_view kSuiteFile = "suite.json";

bool is_suite_file(std::string_view name) {
  return name == kSuiteFile || (name.size() > kSuiteFile.size() &&
                                name.substr(name.size() - kSuiteFile.size() - 1) == "/suite.json");
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckLoadError(fmt::format("{}: cannot be read", path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::filesystem::path> json_files(const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw CheckLoadError(fmt::format("{}: --checks-dir is not a readable directory", dir));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string param_problem(const CheckDefinition& check, const Evaluator& evaluator) {
  const auto& given = check.evaluator->params;
  std::vector<ParamSpec> specs = evaluator.params();
  for (const auto& [name, value] : given) {
    bool known = std::any_of(specs.begin(), specs.end(),
                             [&name = name](const ParamSpec& spec) { return spec.name == name; });
    if (!known) {
      std::vector<std::string> names;
      for (const ParamSpec& spec : specs) names.push_back(spec.name);
      return fmt::format("evaluator.params.{}: evaluator {} takes no such parameter{}", name,
                         check.evaluator->name,
                         names.empty() ? std::string(" (it takes none)")
                                       : fmt::format(" (it takes {})", fmt::join(names, ", ")));
    }
  }
  for (const ParamSpec& spec : specs) {
    auto it = given.find(spec.name);
    if (spec.required && (it == given.end() || it->second.empty())) {
      return fmt::format("evaluator.params.{}: is required ({})", spec.name, spec.description);
    }
  }
  return {};
}

}  // namespace

CheckCatalog CheckCatalog::load(const EvaluatorRegistry& evaluators,
                                const std::vector<std::string>& user_dirs) {
  CheckCatalog catalog;
  catalog.evaluators_ = &evaluators;
  const auto& builtins = builtin_check_files();
  for (const EmbeddedFile& file : builtins) {
    if (!is_suite_file(file.name)) continue;
    catalog.add_suite(parse_suite(file.contents, fmt::format("built-in checks/{}", file.name)));
  }
  std::vector<std::pair<std::string, std::string>> user_checks;  // (origin, text)
  for (const std::string& dir : user_dirs) {
    for (const auto& path : json_files(dir)) {
      if (path.filename() == kSuiteFile) {
        catalog.add_suite(parse_suite(read_file(path), path.string()));
      } else {
        user_checks.emplace_back(path.string(), read_file(path));
      }
    }
  }
  for (const EmbeddedFile& file : builtins) {
    if (is_suite_file(file.name)) continue;
    catalog.add(parse_check(file.contents, fmt::format("built-in checks/{}", file.name)));
  }
  for (const auto& [origin, text] : user_checks) catalog.add(parse_check(text, origin));
  catalog.resolve();
  return catalog;
}

CheckCatalog CheckCatalog::from(const EvaluatorRegistry& evaluators,
                                std::vector<SuiteDescriptor> suites,
                                std::vector<CheckDefinition> checks) {
  CheckCatalog catalog;
  catalog.evaluators_ = &evaluators;
  for (SuiteDescriptor& suite : suites) catalog.add_suite(std::move(suite));
  for (CheckDefinition& check : checks) catalog.add(std::move(check));
  catalog.resolve();
  return catalog;
}

void CheckCatalog::add_suite(SuiteDescriptor suite) {
  if (const SuiteDescriptor* existing = find_suite(suite.name)) {
    throw CheckLoadError(fmt::format("{}: suite: '{}' is already defined by {}", suite.origin,
                                     suite.name, existing->origin));
  }
  suites_.push_back(std::move(suite));
}

void CheckCatalog::add(CheckDefinition check) {
  if (const CheckDefinition* existing = find(check.id)) {
    throw CheckLoadError(fmt::format("{}: id: '{}' is already defined by {}", check.origin,
                                     check.id, existing->origin));
  }
  if (find_suite(check.suite) == nullptr) {
    std::vector<std::string> names;
    for (const SuiteDescriptor& suite : suites_) names.push_back(suite.name);
    throw CheckLoadError(
        fmt::format("{}: suite: '{}' is not one of: {} (a --checks-dir may add "
                    "a suite.json)",
                    check.origin, check.suite, fmt::join(names, ", ")));
  }
  const std::string name = check.evaluator ? check.evaluator->name : kConditionEvaluator;
  const Evaluator* evaluator = evaluators_->find(name);
  if (evaluator == nullptr || (check.evaluator && name == kConditionEvaluator)) {
    std::vector<std::string> names = evaluators_->names();
    names.erase(std::remove(names.begin(), names.end(), kConditionEvaluator), names.end());
    throw CheckLoadError(fmt::format("{}: evaluator.name: '{}' is not one of: {}", check.origin,
                                     name, fmt::join(names, ", ")));
  }
  if (check.evaluator) {
    if (std::string problem = param_problem(check, *evaluator); !problem.empty()) {
      throw CheckLoadError(fmt::format("{}: {}", check.origin, problem));
    }
    check.reads = evaluator->reads(check.evaluator->params);
    check.columns = evaluator->columns(check.evaluator->params);
    if (!check.columns.empty()) {
      if (check.find_read(kSchemaReadName) != nullptr) {
        throw CheckLoadError(fmt::format("{}: evaluator {}: the read name {} is sncheck's own",
                                         check.origin, check.evaluator->name, kSchemaReadName));
      }
      check.reads.push_back(schema_read(check.columns));
    }
    if (std::string problem = check_reads(check.reads); !problem.empty()) {
      throw CheckLoadError(
          fmt::format("{}: evaluator {}: {}", check.origin, check.evaluator->name, problem));
    }
    for (const std::string& param : evaluator->required_run_params()) {
      if (std::find(check.requires_params.begin(), check.requires_params.end(), param) ==
          check.requires_params.end()) {
        check.requires_params.push_back(param);
      }
    }
  }
  for (const std::string& param : check.requires_params) {
    if (find_run_parameter(param) == nullptr) {
      throw CheckLoadError(fmt::format("{}: requires_params: '{}' is not one of: {}", check.origin,
                                       param, run_parameter_names()));
    }
  }
  if (std::string problem = evaluator->validate(check); !problem.empty()) {
    throw CheckLoadError(fmt::format("{}: {}", check.origin, problem));
  }
  checks_.push_back(std::move(check));
}

void CheckCatalog::resolve() {
  for (CheckDefinition& check : checks_) check.suite_descriptor = find_suite(check.suite);
  validate_links();
}

void CheckCatalog::validate_links() const {
  for (const CheckDefinition& check : checks_) {
    for (const std::string& prerequisite : check.prerequisites) {
      const CheckDefinition* required = find(prerequisite);
      if (required == nullptr) {
        throw CheckLoadError(
            fmt::format("{}: prerequisites: unknown check '{}'", check.origin, prerequisite));
      }
      if (prerequisite == check.id) {
        throw CheckLoadError(
            fmt::format("{}: prerequisites: a check cannot require itself", check.origin));
      }
    }
  }
  // Prerequisites must point to earlier chain steps, which also rules out cycles.
  for (const CheckDefinition& check : checks_) {
    for (const std::string& prerequisite : check.prerequisites) {
      if (find(prerequisite)->chain_step >= check.chain_step) {
        throw CheckLoadError(
            fmt::format("{}: prerequisites: '{}' must have a smaller chain_step than this check",
                        check.origin, prerequisite));
      }
    }
  }
}

const CheckDefinition* CheckCatalog::find(std::string_view id) const {
  for (const CheckDefinition& check : checks_) {
    if (check.id == id) return &check;
  }
  return nullptr;
}

const SuiteDescriptor* CheckCatalog::find_suite(std::string_view name) const {
  for (const SuiteDescriptor& suite : suites_) {
    if (suite.name == name) return &suite;
  }
  return nullptr;
}

const Evaluator& CheckCatalog::evaluator_for(const CheckDefinition& check) const {
  return *evaluators_->find(check.evaluator ? check.evaluator->name : kConditionEvaluator);
}

}  // namespace sncheck
