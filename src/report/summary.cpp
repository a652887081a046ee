// SPDX-License-Identifier: Apache-2.0
#include "report/report.h"

#include <stdexcept>

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "model/suite.h"

namespace sncheck {

bool is_blocking(const Result& result, const GatePolicy& gate) {
  bool counts = result.status == Status::Fail || (gate.warn_fails && result.status == Status::Warn);
  return counts && result.check->severity >= gate.threshold && !result.waived();
}

Summary summarize(const ResultRefs& results, const GatePolicy& gate) {
  Summary summary;
  for (const Result* entry : results) {
    const Result& result = *entry;
    switch (result.status) {
      case Status::Pass:
        ++summary.pass;
        break;
      case Status::Fail:
        ++summary.fail;
        break;
      case Status::Warn:
        ++summary.warn;
        break;
      case Status::Skip:
        ++summary.skip;
        break;
      case Status::Error:
        ++summary.error;
        break;
    }
    if (result.waived()) ++summary.waived;
    if (is_blocking(result, gate)) ++summary.blocking;
  }
  return summary;
}

Summary summarize(const std::vector<Result>& results, const GatePolicy& gate) {
  return summarize(refs_of(results), gate);
}

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// "System property ..." -> "system property ..."; a word like "OAuth" keeps its capital.
std::string as_clause(std::string message) {
  if (message.size() > 1 && std::isupper(static_cast<unsigned char>(message[0])) &&
      std::islower(static_cast<unsigned char>(message[1]))) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  return message;
}

}  // namespace

bool is_probe_check(const CheckDefinition& check) { return check.has_tag("probe"); }

const Result* root_cause(const ResultRefs& results) {
  const Result* earliest = nullptr;
  for (const Result* result : results) {
    if (result->status != Status::Fail) continue;
    // Chain steps compare within a suite: the first suite with a failure holds the root.
    if (earliest != nullptr && result->check->suite != earliest->check->suite) continue;
    // A decisive failure beats any other; among equals, the earliest link of the chain.
    bool better = earliest == nullptr || (result->decisive && !earliest->decisive) ||
                  (result->decisive == earliest->decisive &&
                   result->check->chain_step < earliest->check->chain_step);
    if (better) earliest = result;
  }
  return earliest;
}

const Result* root_cause(const std::vector<Result>& results) {
  return root_cause(refs_of(results));
}

std::string root_cause_message(const Result& root, const RunParams& params) {
  const SuiteDescriptor* suite = root.check->suite_descriptor;
  if (suite == nullptr) return root.message;
  const ChainSubject& subject = suite->subject;
  const std::string* value = subject.param.empty() ? nullptr : params.find(subject.param);
  std::string who = value != nullptr ? subject.with : subject.without;
  if (value != nullptr) who = replace_all(who, "{value}", *value);
  for (const RootCauseWording& wording : suite->root_cause) {
    if (!wording.tag.empty() && !root.check->has_tag(wording.tag)) continue;
    std::string text = wording.text;
    text = replace_all(text, "{who}", who);
    text = replace_all(text, "{subject}", root.subject);
    text = replace_all(text, "{clause}", as_clause(root.message));
    return replace_all(text, "{message}", root.message);
  }
  return root.message;
}

int exit_code(const OutcomePart& outcome, const GatePolicy& gate) {
  Summary summary = summarize(outcome.results, gate);
  if (summary.blocking > 0) return 1;
  if (outcome.fatal) return 2;
  if (!gate.require_coverage) return summary.error > 0 ? 2 : 0;
  for (const SuiteCoverage& coverage : coverage_by_suite(outcome.results)) {
    if (below_required_coverage(coverage, gate)) return 2;
  }
  return 0;
}

int exit_code(const RunOutcome& outcome, const GatePolicy& gate) {
  return exit_code(whole_outcome(outcome), gate);
}

OutcomePart whole_outcome(const RunOutcome& outcome) {
  return OutcomePart{refs_of(outcome.results), outcome.fatal};
}

OutcomePart outcome_for(const RunOutcome& combined, const InstanceOutcome& instance) {
  OutcomePart part;
  part.fatal = instance.fatal;
  for (const Result& result : combined.results) {
    if (result.instance == instance.instance) part.results.push_back(&result);
  }
  return part;
}

const std::vector<std::string>& report_formats() {
  static const std::vector<std::string> formats = {"text",  "json",     "junit",
                                                   "sarif", "markdown", "html"};
  return formats;
}

void write_report(std::string_view format, std::ostream& out, const ReportContext& context) {
  if (format == "text") return write_text_report(out, context);
  if (format == "json") return write_json_report(out, context);
  if (format == "junit") return write_junit_report(out, context);
  if (format == "sarif") return write_sarif_report(out, context);
  if (format == "markdown") return write_markdown_report(out, context);
  if (format == "html") return write_html_report(out, context);
  throw std::invalid_argument("unknown report format " + std::string(format));
}

}  // namespace sncheck
