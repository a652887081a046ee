#pragma once
// Checks never do I/O: an evaluator gets the rows the engine read for it and returns results.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "evaluate/check_definition.h"
#include "evaluate/result.h"
#include "fetch/fetch_error.h"
#include "fetch/token_probe.h"

namespace sncheck {

// Values given on the command line that narrow or parameterise checks (e.g. client_id).
struct RunParams {
  std::map<std::string, std::string> values;
  std::string instance_url;  // for links to records in the instance's UI

  const std::string* find(std::string_view name) const;
};

// The rows of one of the check's reads, already filtered to the read's own query.
struct ReadInput {
  const ReadSpec* spec = nullptr;
  std::string effective_query;  // the query with narrowing applied
  std::vector<const Record*> rows;
  const FetchError* error = nullptr;  // set when the read failed: rows must not be trusted
  // A fallback read that was not fetched because the read it backs up found rows.
  bool not_needed = false;
};

struct CheckInputs {
  const CheckDefinition* check = nullptr;
  std::map<std::string, ReadInput, std::less<>> reads;
  const RunParams* params = nullptr;
  // The live token request's outcome with --probe (fetch stage); nullptr when not probed.
  const TokenProbeOutcome* probe = nullptr;

  const ReadInput& read(std::string_view name) const;  // throws std::logic_error if undeclared
  std::string record_link(const std::string& table, const std::string& sys_id) const;
  std::string list_link(const std::string& table, const std::string& query) const;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  // Rejects a check definition this evaluator cannot run (missing reads or params); the message
  // names what is missing. Called when checks are loaded.
  virtual std::string validate(const CheckDefinition& check) const = 0;
  virtual std::vector<Result> evaluate(const CheckInputs& inputs) const = 0;
  // Describes, for docs and `sncheck explain`, how the check is decided.
  virtual std::string describe(const CheckDefinition& check) const = 0;
};

// Maps an evaluator name, as written in a check file, to the class that implements it.
class EvaluatorRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Evaluator>()>;
  void add(std::string name, Factory factory);
  const Evaluator* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, std::unique_ptr<Evaluator>, std::less<>> evaluators_;
};

// The closed set of C++ evaluators; called once from main, never from static initialisers.
void register_builtin_evaluators(EvaluatorRegistry& registry);

// The evaluator behind every check that declares a "condition" instead of an "evaluator".
const Evaluator& condition_evaluator();

// Helpers shared by evaluators.
Result make_result(const CheckInputs& inputs, Status status, std::string message);
Result read_error_result(const CheckInputs& inputs, const ReadInput& read);
// Replaces {field} with the row's value, {param.NAME} with a run parameter, {link} with the
// row's record link, {instance} with the instance URL.
std::string expand(std::string_view text, const CheckInputs& inputs, const ReadInput* read,
                   const Record* row);
// The row fields a template refers to (placeholders other than param.*, instance and links).
std::vector<std::string> template_fields(std::string_view text);

}  // namespace sncheck
