// Markdown for a pull-request comment (GitHub/GitLab flavoured): the verdict and a summary table
// first, then each problem with its remediation, then every result in a collapsed <details>.
// Several instances: one section per instance.

#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"
#include "core/version.h"
#include "model/suite.h"
#include "report/report.h"
#include "report/report_support.h"

namespace sncheck {
namespace {

// A table cell: no line breaks, pipes escaped, HTML-like characters neutralised, control
// characters written as visible escapes.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : escape_control(text)) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

// Running text: '<', which could start HTML, is neutralised; control characters and newlines (which
// could start a heading or a forged result line) are written as visible escapes.
std::string prose(std::string_view text) {
  std::string out;
  for (char c : escape_control(text)) {
    if (c == '<') {
      out += "&lt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view icon(const Result& result, const GatePolicy& gate) {
  if (result.waived()) return "🔕";
  if (is_blocking(result, gate)) return "❌";
  switch (result.status) {
    case Status::Pass:
      return "✅";
    case Status::Fail:
    case Status::Warn:
      return "⚠️";
    case Status::Skip:
      return "⏭️";
    case Status::Error:
      return "❗";
  }
  return "";
}

std::string status_word(const Result& result) {
  std::string word(to_string(result.status));
  if (result.waived()) word += " (waived)";
  if (result.waiver && result.waiver->expired) word += " (waiver expired)";
  return word;
}

void write_problem(std::ostream& out, const Result& result, const GatePolicy& gate) {
  out << fmt::format("#### {} `{}`{} — {}\n\n", icon(result, gate), result.check->id,
                     result.subject.empty() ? "" : fmt::format(" [{}]", cell(result.subject)),
                     prose(result.check->title));
  out << fmt::format("**{}** · severity **{}**", status_word(result),
                     to_string(result.check->severity));
  if (std::string note = report::not_blocking_note(result, gate); !note.empty()) {
    out << " · " << note;
  }
  out << "\n\n" << prose(result.message) << "\n\n";
  if (result.waiver) out << "> " << prose(report::waiver_note(result)) << "\n\n";
  for (const Evidence& evidence : result.evidence) {
    out << "- seen: " << prose(report::describe_evidence(evidence));
    if (!evidence.link.empty()) out << fmt::format(" ([open]({}))", cell(evidence.link));
    out << '\n';
  }
  if (!result.evidence.empty()) out << '\n';
  if (!result.remediation.empty()) out << "**Fix:** " << prose(result.remediation) << "\n\n";
}

void write_summary_table(std::ostream& out, const Summary& s) {
  out << "| ❌ failed | ⚠️ warnings | ❗ errors | 🔕 waived | ⏭️ skipped | ✅ passed "
         "|\n";
  out << "|---:|---:|---:|---:|---:|---:|\n";
  out << fmt::format("| {} | {} | {} | {} | {} | {} |\n\n", s.fail, s.warn, s.error, s.waived,
                     s.skip, s.pass);
}

void write_all_results(std::ostream& out, const std::vector<const Result*>& results,
                       const GatePolicy& gate) {
  out << fmt::format("<details>\n<summary>All {} results</summary>\n\n", results.size());
  out << "| | status | check | subject | severity | message |\n|---|---|---|---|---|---|\n";
  for (const Result* result : results) {
    out << fmt::format("| {} | {} | `{}` | {} | {} | {} |\n", icon(*result, gate),
                       status_word(*result), result->check->id, cell(result->subject),
                       to_string(result->check->severity), cell(result->message));
  }
  out << "\n</details>\n\n";
}

// One suite's part (or the whole run's, for a single suite): counts, root cause, coverage,
// problems, every result.
void write_block(std::ostream& out, const std::vector<const Result*>& results,
                 const GatePolicy& gate) {
  write_summary_table(out, report::summarize(results, gate));
  if (const Result* root = report::root_cause_of(results)) {
    out << fmt::format("**Root cause:** `{}` — {}\n\n", cell(report::result_name(*root)),
                       prose(root->check->title));
  }
  std::vector<Result> copies;
  for (const Result* result : results) copies.push_back(*result);
  for (const SuiteCoverage& coverage : coverage_by_suite(copies)) {
    out << fmt::format("**Coverage:** {}{}", coverage.words(),
                       below_required_coverage(coverage, gate)
                           ? fmt::format(", below --require-coverage {}%", *gate.require_coverage)
                           : std::string());
    out << (coverage.not_evaluated.empty() ? ".\n\n" : "; not evaluated:\n\n");
    for (const SuiteCoverage::Gap& gap : coverage.not_evaluated) {
      out << fmt::format("- `{}`: {}\n", gap.check->id, prose(gap.reason));
    }
    if (!coverage.not_evaluated.empty()) out << '\n';
  }
  bool any = false;
  for (const Result* result : results) {
    if (result->status == Status::Pass || result->status == Status::Skip) continue;
    if (!any) out << "<details open>\n<summary>Problems</summary>\n\n";
    any = true;
    write_problem(out, *result, gate);
  }
  if (any) out << "</details>\n\n";
  write_all_results(out, results, gate);
}

void write_instance(std::ostream& out, const ReportContext& context, const std::string& instance,
                    bool heading) {
  std::vector<const Result*> results = report::results_for(context, instance);
  if (heading) out << fmt::format("### {}\n\n", prose(instance));
  std::vector<std::string> suites;
  for (const Result* result : results) {
    if (std::find(suites.begin(), suites.end(), result->check->suite) == suites.end()) {
      suites.push_back(result->check->suite);
    }
  }
  if (suites.size() <= 1) return write_block(out, results, context.gate);
  for (const std::string& suite : suites) {
    std::vector<const Result*> part;
    for (const Result* result : results) {
      if (result->check->suite == suite) part.push_back(result);
    }
    const SuiteDescriptor* descriptor = part.front()->check->suite_descriptor;
    out << fmt::format("{} `{}` — {}\n\n", heading ? "####" : "###", suite,
                       prose(descriptor != nullptr ? descriptor->title : suite));
    write_block(out, part, context.gate);
  }
}

}  // namespace

void write_markdown_report(std::ostream& out, const ReportContext& context) {
  const RunOutcome& outcome = *context.outcome;
  int code = exit_code(outcome, context.gate);
  Summary s = summarize(outcome.results, context.gate);
  std::vector<std::string> instances = report::instances_of(context);
  std::string where = instances.size() == 1 ? report::host_of(instances.front())
                                            : fmt::format("{} instances", instances.size());
  std::string_view mark = code == 0 ? "✅" : code == 1 ? "❌" : "❗";
  out << fmt::format("## {} sncheck {}: {} on {}\n\n", mark, context.suite, report::verdict(code),
                     where);
  if (code == 1) {
    out << fmt::format("{} result(s) fail the run (exit code 1).\n\n", s.blocking);
  } else if (code == 2) {
    out << "The audit is incomplete: sncheck could not read everything it needed (exit code 2)."
           "\n\n";
  }
  if (outcome.fatal) {
    out << fmt::format("**Could not read the instance:** {}\n\n", prose(outcome.fatal->message));
    if (!outcome.fatal->remedy.empty()) {
      out << "**Fix:** " << prose(outcome.fatal->remedy) << "\n\n";
    }
  }
  for (const std::string& instance : instances) {
    write_instance(out, context, instance, instances.size() > 1);
  }
  out << fmt::format("<sub>sncheck {} · gate: fail on {}, severity ≥ {}", kToolVersion,
                     context.gate.warn_fails ? "warn" : "fail", to_string(context.gate.threshold));
  if (context.stats) {
    out << fmt::format(" · {} requests in {:.1f} s", context.stats->requests,
                       context.stats->wall_seconds);
  }
  out << "</sub>\n";
}

}  // namespace sncheck
