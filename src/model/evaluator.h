// SPDX-License-Identifier: Apache-2.0
#pragma once
// The contract between a check and the C++ code that judges it. An evaluator declares what it
// needs (its parameters, its reads, the run parameters it depends on) and how it decides (for
// docs); a check file names the evaluator and its parameters, nothing more. Evaluators never do
// I/O: they get the rows the orchestrator read for them and return results.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/fetch_error.h"
#include "core/probe_outcome.h"
#include "core/record.h"
#include "core/result.h"
#include "core/run_params.h"
#include "model/check_definition.h"

namespace sncheck {

// The rows of one of the check's reads, already filtered to the read's own query.
struct ReadInput {
  const ReadSpec* spec = nullptr;
  std::string effective_query;  // the query with narrowing applied
  std::vector<const Record*> rows;
  const FetchError* error = nullptr;  // set when the read failed: rows must not be trusted
  // A fallback read that was not fetched because the read it backs up found rows.
  bool not_needed = false;
  // Rows the request that carried this read counted (X-Total-Count) but did not return: rows
  // the reading account may not see (row ACLs, a property's read roles). The request may be a
  // merge of several reads, so such a row may or may not be one this read selects; an absence
  // cannot be concluded while this is non-zero.
  long rows_withheld = 0;
};

struct CheckInputs {
  const CheckDefinition* check = nullptr;
  std::map<std::string, ReadInput, std::less<>> reads;
  const RunParams* params = nullptr;
  // The live token request's outcome with --probe; nullptr when not probed.
  const TokenProbeOutcome* probe = nullptr;

  const ReadInput& read(std::string_view name) const;  // throws std::logic_error if undeclared
  std::string record_link(const std::string& table, const std::string& sys_id) const;
  std::string list_link(const std::string& table, const std::string& query) const;
  std::string new_record_link(const std::string& table, const std::string& query) const;
  // The check's evaluator parameter (evaluator.params in its file); "" when not given.
  const std::string& evaluator_param(std::string_view name) const;
};

// An evaluator parameter, as a check file gives it in evaluator.params.
struct ParamSpec {
  std::string name;
  bool required = true;
  std::string description;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  // False for the condition evaluator, whose checks declare their reads in the file.
  virtual bool declares_reads() const { return true; }
  virtual std::vector<ParamSpec> params() const { return {}; }
  // The reads a check with these (validated) parameters needs.
  virtual std::vector<ReadSpec> reads(const std::map<std::string, std::string>& params) const;
  // Columns these reads depend on that sncheck verifies live in sys_dictionary (SchemaColumn).
  virtual std::vector<SchemaColumn> columns(const std::map<std::string, std::string>& params) const;
  // Run parameters the evaluator cannot work without (e.g. api_path, client_id).
  virtual std::vector<std::string> required_run_params() const { return {}; }
  // A problem with a check this evaluator cannot run, beyond its parameters; "" when fine.
  virtual std::string validate(const CheckDefinition& check) const;
  virtual std::vector<Result> evaluate(const CheckInputs& inputs) const = 0;
  // How the check is decided, for docs and `sncheck explain`.
  virtual std::string describe(const CheckDefinition& check) const = 0;
};

// Maps an evaluator name, as written in a check file, to the class that implements it.
class EvaluatorRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Evaluator>()>;
  void add(std::string name, const Factory& factory);
  const Evaluator* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, std::unique_ptr<Evaluator>, std::less<>> evaluators_;
};

// The row fields a message template refers to ({field}; not {param.*}, {instance}, {link},
// {list_link}).
std::vector<std::string> template_fields(std::string_view text);

}  // namespace sncheck
