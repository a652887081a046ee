// SPDX-License-Identifier: Apache-2.0
#pragma once
// Report: turns results into text for people, JSON, JUnit XML, SARIF, Markdown or HTML, and into
// the exit code. Every format takes results from one or several instances (Result::instance) and
// groups or labels them by instance.

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/fetch_stats.h"
#include "core/run_outcome.h"
#include "core/run_params.h"
#include "model/check_definition.h"

namespace sncheck {

struct Summary {
  int pass = 0;
  int fail = 0;
  int warn = 0;
  int skip = 0;
  int error = 0;
  int waived = 0;    // fail or warn results under a waiver that still holds (counted above too)
  int blocking = 0;  // results that fail the run under the gate policy
};

// What fails the run (--fail-on, --severity-threshold).
struct GatePolicy {
  bool warn_fails = false;              // --fail-on warn: a warn result fails the run too
  Severity threshold = Severity::Info;  // fail/warn results of a lower severity do not
  // --require-coverage PCT: each suite must have evaluated at least this share of its checks, and
  // error results within it do not make the run incomplete. nullopt: every check must be
  // evaluated (any error result makes the run incomplete, exit 2).
  std::optional<double> require_coverage;
};

// How much of one suite's selection a run could judge. Every selected check has at least one
// result; a check is evaluated when none of its results is an error (something unreadable).
struct SuiteCoverage {
  struct Gap {
    const CheckDefinition* check = nullptr;
    std::string reason;  // its first error's message
  };
  std::string suite;
  std::string title;
  int checks = 0;
  int evaluated = 0;
  std::vector<Gap> not_evaluated;

  double percent() const { return checks == 0 ? 100.0 : 100.0 * evaluated / checks; }
  // "23 of 25 checks evaluated (92%)".
  std::string words() const;
};

// Results referred to, never copied: a report takes the part of a run about one suite or one
// instance several times over, and a run over 10,000 registry entries has 60,000 results.
using ResultRefs = std::vector<const Result*>;
ResultRefs refs_of(const std::vector<Result>& results);

// The suites these results belong to, in the order they first appear (a run's results are
// grouped by suite).
std::vector<std::string> suites_in(const ResultRefs& results);
std::vector<std::string> suites_in(const std::vector<Result>& results);
SuiteCoverage coverage_of(const ResultRefs& results, const std::string& suite);
std::vector<SuiteCoverage> coverage_by_suite(const ResultRefs& results);
std::vector<SuiteCoverage> coverage_by_suite(const std::vector<Result>& results);
// The results of one suite, in order.
ResultRefs results_of_suite(const ResultRefs& results, const std::string& suite);
// Whether a suite's coverage is below --require-coverage (never without it).
bool below_required_coverage(const SuiteCoverage& coverage, const GatePolicy& gate);

// Whether this result fails the run: a fail (or, with warn_fails, a warn) whose check's severity
// is at least the threshold and that no waiver that still holds covers.
bool is_blocking(const Result& result, const GatePolicy& gate);

Summary summarize(const ResultRefs& results, const GatePolicy& gate = {});
Summary summarize(const std::vector<Result>& results, const GatePolicy& gate = {});

// The part of a (combined) run about one instance: its results, referred to, and its fatal error.
struct OutcomePart {
  ResultRefs results;
  std::optional<FetchError> fatal;
};

// 0: nothing blocking (warnings, skips, waived or below-threshold failures allowed); 1: a
// blocking result (see is_blocking); 2: nothing blocking but the audit is incomplete (an error
// result, or with --require-coverage a suite below it) or sncheck could not run.
int exit_code(const OutcomePart& outcome, const GatePolicy& gate = {});
int exit_code(const RunOutcome& outcome, const GatePolicy& gate = {});

// The whole outcome, and the part of a combined outcome about one instance (for its summary,
// root cause, exit code).
OutcomePart whole_outcome(const RunOutcome& outcome);
OutcomePart outcome_for(const RunOutcome& combined, const InstanceOutcome& instance);

struct ReportContext {
  std::string instance;  // the instance of a single-instance run (results carry their own)
  std::string suite;
  const RunOutcome* outcome = nullptr;
  std::optional<FetchStats> stats;
  bool color = false;
  RunParams params;  // the run parameters given (--client-id...), for the root-cause sentence
  std::vector<InstanceOutcome> instances = {};  // more than one: a combined report, grouped
  GatePolicy gate = {};
  std::string date = {};  // YYYY-MM-DD the run judged waivers by (shown in HTML); may be empty
  std::vector<std::string> suites = {};  // the suites the run selected, in order (audit: several)
  std::string started = {};     // when the run started, UTC, YYYY-MM-DDTHH:MM:SS (JUnit timestamp)
  bool quiet = false;           // --quiet: text and Markdown show only results that are not pass
  int width = 80;               // the text report's line width (the terminal's, or 80)
  bool sarif_on_error = false;  // --sarif-on-error: write SARIF for an incomplete run too
  // The Markdown report's most characters: under GitHub's 65,536-character comment limit.
  std::size_t markdown_cap = 60000;
};

// The earliest failing link of the chain, if any check failed: in a run of several suites, that of
// the first suite (in result order) with a failure. Chain steps compare within a suite only.
const Result* root_cause(const ResultRefs& results);
const Result* root_cause(const std::vector<Result>& results);

// The root cause as a sentence, in the words of the root's suite (its suite.json root_cause):
// "The token endpoint refuses client <id> because ...".
std::string root_cause_message(const Result& root, const RunParams& params);

// A check tagged "probe" reports what the instance answered to a live request (the symptom),
// not a configuration link: text reports show it first, under the root cause.
bool is_probe_check(const CheckDefinition& check);

// Formats: text, json, junit, sarif, markdown, html.
const std::vector<std::string>& report_formats();
void write_report(std::string_view format, std::ostream& out, const ReportContext& context);

// Why the report in this format is not written for this run, or "" when it is: SARIF of an
// incomplete run (exit 2) is withheld unless context.sarif_on_error, because an upload with
// missing findings closes their open code-scanning alerts.
std::string withheld_report(std::string_view format, const ReportContext& context);

void write_text_report(std::ostream& out, const ReportContext& context);
void write_json_report(std::ostream& out, const ReportContext& context);
void write_junit_report(std::ostream& out, const ReportContext& context);
void write_sarif_report(std::ostream& out, const ReportContext& context);
void write_markdown_report(std::ostream& out, const ReportContext& context);
void write_html_report(std::ostream& out, const ReportContext& context);

// `sncheck checks --format json`: [{id, title, severity, suite, tags, chain_step, origin}].
void write_check_list_json(std::ostream& out, const std::vector<const CheckDefinition*>& checks);

}  // namespace sncheck
