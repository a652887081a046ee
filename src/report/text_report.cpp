#include <fmt/format.h>

#include "core/strings.h"
#include "report/report.h"
#include "report/report_support.h"

namespace sncheck {
namespace {

using report::describe_evidence;

// Everything the instance (or a check file) supplied goes through this: no escape sequence, CR
// or newline of theirs reaches the terminal or forges a line.
std::string safe(std::string_view text) { return escape_control(text); }

struct Style {
  bool color;
  std::string paint(std::string_view text, std::string_view code) const {
    if (!color) return std::string(text);
    return fmt::format("\033[{}m{}\033[0m", code, text);
  }
};

std::string_view status_label(Status status) {
  switch (status) {
    case Status::Pass:
      return "PASS ";
    case Status::Fail:
      return "FAIL ";
    case Status::Warn:
      return "WARN ";
    case Status::Skip:
      return "SKIP ";
    case Status::Error:
      return "ERROR";
  }
  return "?    ";
}

std::string_view status_color(Status status) {
  switch (status) {
    case Status::Pass:
      return "32";
    case Status::Fail:
      return "1;31";
    case Status::Warn:
      return "33";
    case Status::Skip:
      return "2";
    case Status::Error:
      return "1;35";
  }
  return "0";
}

void write_details(std::ostream& out, const Result& result, const Style& style,
                   const GatePolicy& gate) {
  constexpr std::string_view indent = "        ";
  if (!result.message.empty()) out << indent << safe(result.message) << '\n';
  if (result.waiver) {
    out << indent << style.paint(result.waived() ? "waived: " : "EXPIRED: ", "1;36")
        << safe(report::waiver_note(result)) << '\n';
  }
  if (std::string note = report::not_blocking_note(result, gate);
      !note.empty() && !result.waived()) {
    out << indent << style.paint("note: ", "2") << note << '\n';
  }
  if (result.status != Status::Fail && result.status != Status::Error &&
      result.status != Status::Warn) {
    return;
  }
  for (const Evidence& evidence : result.evidence) {
    out << indent << style.paint("seen: ", "2") << safe(describe_evidence(evidence)) << '\n';
    if (!evidence.link.empty()) out << indent << "      " << safe(evidence.link) << '\n';
  }
  if (!result.remediation.empty()) {
    out << indent << style.paint("fix:  ", "1") << safe(result.remediation) << '\n';
  }
}

void write_result_line(std::ostream& out, const Result& result, const Style& style,
                       const GatePolicy& gate) {
  std::string_view color = result.waived() ? "36" : status_color(result.status);
  out << style.paint(status_label(result.status), color) << "   "
      << safe(report::result_name(result)) << "  " << style.paint(safe(result.check->title), "2")
      << '\n';
  write_details(out, result, style, gate);
}

void write_root_cause(std::ostream& out, const Result& root, const RunParams& params,
                      const Style& style) {
  out << style.paint("Root cause: ", "1;31") << safe(root_cause_message(root, params)) << '\n';
  out << "  (" << root.check->id;
  if (!root.subject.empty()) out << " [" << safe(root.subject) << "]";
  out << " - " << safe(root.check->title) << ")\n";
  if (!root.remediation.empty())
    out << "  " << style.paint("Fix: ", "1") << safe(root.remediation) << '\n';
  out << '\n';
}

// The result lines, the probe's answer first (the symptom), then the configuration links that
// explain it.
void write_result_lines(std::ostream& out, const std::vector<Result>& results,
                        const ReportContext& context, const Style& style) {
  auto probed = [](const Result& result) {
    return is_probe_check(*result.check) && result.status != Status::Skip;
  };
  for (const Result& result : results) {
    if (probed(result)) write_result_line(out, result, style, context.gate);
  }
  for (const Result& result : results) {
    if (!probed(result)) write_result_line(out, result, style, context.gate);
  }
}

// "Coverage: 23 of 25 checks evaluated (92%); not evaluated: id (why), ...".
void write_coverage(std::ostream& out, const SuiteCoverage& coverage, const GatePolicy& gate,
                    std::string_view indent) {
  out << indent << "Coverage: " << coverage.words();
  if (below_required_coverage(coverage, gate)) {
    out << fmt::format(", below --require-coverage {}%", *gate.require_coverage);
  }
  out << (coverage.not_evaluated.empty() ? "." : "; not evaluated:") << '\n';
  for (const SuiteCoverage::Gap& gap : coverage.not_evaluated) {
    out << indent << "  " << gap.check->id << ": " << gap.reason << '\n';
  }
}

std::string summary_line(const std::vector<Result>& results, const GatePolicy& gate);

// One instance's block: could-not-read, then per suite (a heading when there are several) the
// root cause, the result lines and the coverage.
void write_instance_body(std::ostream& out, const RunOutcome& outcome, const ReportContext& context,
                         const Style& style) {
  if (outcome.fatal) {
    out << style.paint("Could not read the instance: ", "1;35") << safe(outcome.fatal->message)
        << '\n';
    if (!outcome.fatal->remedy.empty()) out << "  Fix: " << safe(outcome.fatal->remedy) << '\n';
    out << '\n';
  }
  std::vector<std::string> suites = suites_in(outcome.results);
  for (const std::string& suite : suites) {
    std::vector<Result> part = results_of_suite(outcome.results, suite);
    SuiteCoverage coverage = coverage_of(part, suite);
    if (suites.size() > 1) {
      out << style.paint(fmt::format("-- {}: {} --", suite, coverage.title), "1") << "\n\n";
    }
    if (const Result* root = outcome.fatal ? nullptr : root_cause(part)) {
      write_root_cause(out, *root, context.params, style);
    }
    write_result_lines(out, part, context, style);
    out << '\n';
    if (suites.size() > 1) out << "  " << suite << ": " << summary_line(part, context.gate) << '\n';
    write_coverage(out, coverage, context.gate, suites.size() > 1 ? "  " : "");
    if (suite != suites.back()) out << '\n';
  }
}

std::string summary_line(const std::vector<Result>& results, const GatePolicy& gate) {
  Summary s = summarize(results, gate);
  std::string line =
      fmt::format("{} results: {} passed, {} failed, {} warnings, {} skipped, {} errors",
                  results.size(), s.pass, s.fail, s.warn, s.skip, s.error);
  if (s.waived > 0) line += fmt::format(", {} waived", s.waived);
  return line;
}

// "oauth suite", or "audit (hardening, identity, oauth, rest)" for a run of several suites.
std::string run_name(const ReportContext& context) {
  std::vector<std::string> names =
      context.suites.empty() ? suites_in(context.outcome->results) : context.suites;
  if (names.size() <= 1) return fmt::format("{} suite", context.suite);
  return fmt::format("{} ({})", context.suite, fmt::join(names, ", "));
}

// The instances of a combined run; without them (a context built by hand), the instances the
// results name, so results of several instances are still grouped.
std::vector<InstanceOutcome> groups_of(const ReportContext& context) {
  if (!context.instances.empty()) return context.instances;
  std::vector<InstanceOutcome> groups;
  for (const std::string& instance : report::instances_of(context)) {
    groups.push_back({instance, std::nullopt});
  }
  return groups;
}

void write_grouped(std::ostream& out, const ReportContext& context,
                   const std::vector<InstanceOutcome>& groups, const Style& style) {
  out << style.paint(fmt::format("sncheck {} on {} instances", run_name(context), groups.size()),
                     "1")
      << "\n\n";
  for (const InstanceOutcome& instance : groups) {
    RunOutcome part = outcome_for(*context.outcome, instance);
    out << style.paint(fmt::format("== {} ==", safe(instance.instance)), "1") << "\n\n";
    write_instance_body(out, part, context, style);
    out << "\n  " << summary_line(part.results, context.gate) << "\n\n";
  }
}

void write_totals(std::ostream& out, const ReportContext& context, bool combined) {
  const RunOutcome& outcome = *context.outcome;
  Summary s = summarize(outcome.results, context.gate);
  out << '\n' << (combined ? "All instances: " : "") << summary_line(outcome.results, context.gate);
  if (context.stats) {
    out << fmt::format(" ({} requests, {:.1f} s)", context.stats->requests,
                       context.stats->wall_seconds);
  }
  out << '\n';
  int code = exit_code(outcome, context.gate);
  if (code == 0 && s.fail + s.warn > 0) {
    out << "Nothing fails the run: every failure is waived or below the severity threshold.\n";
  }
  if (code == 2) {
    out << "The audit is incomplete: an error means sncheck could not read what it needed.\n";
  } else if (code == 0 && s.error > 0) {
    out << "Errors are within --require-coverage: they do not make the run incomplete.\n";
  }
}

}  // namespace

void write_text_report(std::ostream& out, const ReportContext& context) {
  Style style{context.color};
  std::vector<InstanceOutcome> groups = groups_of(context);
  bool combined = groups.size() > 1;
  if (combined) {
    write_grouped(out, context, groups, style);
  } else {
    out << style.paint(fmt::format("sncheck {} on {}", run_name(context), safe(context.instance)),
                       "1")
        << "\n\n";
    write_instance_body(out, *context.outcome, context, style);
  }
  write_totals(out, context, combined);
}

}  // namespace sncheck
