#pragma once
// Report: turns results into text for people or JSON for pipelines, and into the exit code.

#include <optional>
#include <ostream>
#include <string>

#include "evaluate/engine.h"
#include "fetch/table_client.h"

namespace sncheck {

struct Summary {
  int pass = 0;
  int fail = 0;
  int warn = 0;
  int skip = 0;
  int error = 0;
};

Summary summarize(const std::vector<Result>& results);

// 0: every check passed (warnings allowed); 1: a check failed; 2: nothing failed but the audit is
// incomplete (an error result) or sncheck could not run.
int exit_code(const RunOutcome& outcome);

// One instance of a combined run (several --profile): its results stay in outcome->results,
// each carrying its instance.
struct InstanceOutcome {
  std::string instance;
  std::optional<FetchError> fatal;
};

// The part of a combined outcome about one instance (for its summary, root cause, exit code).
RunOutcome outcome_for(const RunOutcome& combined, const InstanceOutcome& instance);

struct ReportContext {
  std::string instance;
  std::string suite;
  const RunOutcome* outcome = nullptr;
  std::optional<FetchStats> stats;
  bool color = false;
  std::string client_id;  // --client-id, for the root-cause sentence; empty when not given
  std::vector<InstanceOutcome> instances = {};  // more than one: a combined report, grouped
};

// The root cause as a sentence about the token endpoint: "The token endpoint refuses client
// <id> because ..." (or "... refuses client-credentials requests because ..." without an id).
// For a scripted-rest check (--api) the sentence is about the Bearer call instead.
std::string root_cause_message(const Result& root, const std::string& client_id);

// A check tagged "probe" reports what the instance answered to a live request (the symptom),
// not a configuration link: text reports show it first, under the root cause.
bool is_probe_check(const CheckDefinition& check);

void write_text_report(std::ostream& out, const ReportContext& context);
void write_json_report(std::ostream& out, const ReportContext& context);

// `sncheck checks --format json`: [{id, title, severity, suite, tags, chain_step, origin}].
void write_check_list_json(std::ostream& out, const std::vector<const CheckDefinition*>& checks);

}  // namespace sncheck
