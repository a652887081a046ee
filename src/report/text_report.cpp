// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"
#include "report/report.h"
#include "report/report_support.h"
#include "report/text_wrap.h"

namespace sncheck {
namespace {

using report::describe_evidence;
using report::visible_width;
using report::wrap;

// Everything the instance (or a check file) supplied goes through this: no escape sequence, CR
// or newline of theirs reaches the terminal or forges a line.
std::string safe(std::string_view text) { return escape_control(text); }

struct Style {
  bool color;
  std::string paint(std::string_view text, std::string_view code) const {
    if (!color || text.empty() || code.empty()) return std::string(text);
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

// Writes `label` (painted, `label_width` columns) and then `text` wrapped to the report's width
// with continuation lines at `indent`.
struct Writer {
  std::ostream& out;
  const Style& style;
  std::size_t width;

  // `after` (unpainted) stands between the label and the text.
  void para(std::string_view lead, std::string_view label, std::string_view code,
            std::string_view text, std::size_t indent, std::string_view after = "") const {
    std::size_t first = visible_width(lead) + visible_width(label) + visible_width(after);
    out << lead << style.paint(label, code) << after << wrap(text, width, first, indent);
  }
  void line(std::string_view lead, std::string_view text, std::size_t indent) const {
    para(lead, "", "", text, indent);
  }
  // A heading in bold, wrapped.
  void heading(std::string_view text) const {
    std::string wrapped = wrap(text, width, 0, 3);
    wrapped.pop_back();
    out << style.paint(wrapped, "1") << '\n';
  }
  // A URL on a line of its own, under the evidence it links, or as far left as it needs; never
  // split.
  void link(std::string_view url) const {
    constexpr std::size_t kUnder = 14;
    std::size_t size = visible_width(url);
    std::size_t pad = size + kUnder <= width ? kUnder : size >= width ? 0 : width - size;
    out << std::string(pad, ' ') << url << '\n';
  }
};

constexpr std::string_view kIndent = "        ";  // under the check id, after the status label
constexpr std::size_t kLabelled = 14;             // after "seen: " and "fix:  "

void write_details(const Writer& w, const Result& result, const GatePolicy& gate) {
  if (!result.message.empty()) w.line(kIndent, safe(result.message), kIndent.size());
  if (result.waiver) {
    w.para(kIndent, result.waived() ? "waived: " : "EXPIRED: ", "1;36",
           safe(report::waiver_note(result)), kLabelled);
  }
  if (std::string note = report::not_blocking_note(result, gate);
      !note.empty() && !result.waived()) {
    w.para(kIndent, "note: ", "2", note, kLabelled);
  }
  if (result.status != Status::Fail && result.status != Status::Error &&
      result.status != Status::Warn) {
    return;
  }
  for (const Evidence& evidence : result.evidence) {
    w.para(kIndent, "seen: ", "2", safe(describe_evidence(evidence)), kLabelled);
    if (!evidence.link.empty()) w.link(safe(evidence.link));
  }
  if (!result.remediation.empty())
    w.para(kIndent, "fix:  ", "1", safe(result.remediation), kLabelled);
}

void write_result_line(const Writer& w, const Result& result, const GatePolicy& gate) {
  std::string_view color = result.waived() ? "36" : status_color(result.status);
  w.para("", status_label(result.status), color,
         safe(report::result_name(result)) + "  " + safe(result.check->title), kIndent.size(),
         "   ");
  write_details(w, result, gate);
}

void write_root_cause(const Writer& w, const Result& root, const RunParams& params) {
  w.para("", "Root cause: ", "1;31", safe(root_cause_message(root, params)), 2);
  std::string which = root.check->id;
  if (!root.subject.empty()) which += " [" + safe(root.subject) + "]";
  w.line("  ", "(" + which + " - " + safe(root.check->title) + ")", 3);
  if (!root.remediation.empty()) w.para("  ", "Fix: ", "1", safe(root.remediation), 7);
  w.out << '\n';
}

// Error results of one suite with the same cause, printed once: a table nobody may read makes
// every check that reads it an error with the same message.
struct ErrorGroup {
  std::string message;
  std::string remediation;
  std::vector<const Result*> results;
};

std::vector<ErrorGroup> error_groups(const ResultRefs& results) {
  std::vector<ErrorGroup> groups;
  for (const Result* entry : results) {
    const Result& result = *entry;
    if (result.status != Status::Error) continue;
    auto group = std::find_if(groups.begin(), groups.end(), [&result](const ErrorGroup& g) {
      return g.message == result.message;
    });
    if (group == groups.end()) {
      groups.push_back({result.message, result.remediation, {}});
      group = groups.end() - 1;
    }
    group->results.push_back(&result);
  }
  return groups;
}

void write_error_group(const Writer& w, const ErrorGroup& group) {
  std::size_t checks = 0;
  std::vector<std::string> ids;
  for (const Result* result : group.results) {
    if (std::find(ids.begin(), ids.end(), result->check->id) == ids.end()) {
      ids.push_back(result->check->id);
      ++checks;
    }
  }
  w.para("", status_label(Status::Error), status_color(Status::Error),
         fmt::format("{} checks not evaluated: {}", checks, safe(group.message)), kIndent.size(),
         "   ");
  w.line(kIndent, fmt::format("{}", fmt::join(ids, ", ")), kIndent.size());
  if (!group.remediation.empty())
    w.para(kIndent, "fix:  ", "1", safe(group.remediation), kLabelled);
}

// The result lines, the probe's answer first (the symptom), then the configuration links that
// explain it; errors with the same cause once; with --quiet, no pass.
void write_result_lines(const Writer& w, const ResultRefs& results, const ReportContext& context) {
  auto probed = [](const Result& result) {
    return is_probe_check(*result.check) && result.status != Status::Skip;
  };
  std::vector<ErrorGroup> groups = error_groups(results);
  auto grouped = [&groups](const Result& result) {
    for (const ErrorGroup& group : groups) {
      if (group.results.size() > 1 && group.message == result.message) return true;
    }
    return false;
  };
  auto shown = [&](const Result& result) {
    if (context.quiet && result.status == Status::Pass) return false;
    return !(result.status == Status::Error && grouped(result));
  };
  for (const Result* result : results) {
    if (probed(*result) && shown(*result)) write_result_line(w, *result, context.gate);
  }
  for (const Result* result : results) {
    if (!probed(*result) && shown(*result)) write_result_line(w, *result, context.gate);
  }
  for (const ErrorGroup& group : groups) {
    if (group.results.size() > 1) write_error_group(w, group);
  }
}

// "Coverage: 23 of 25 checks evaluated (92%); not evaluated:" and each check with its reason; the
// checks of one reason on one line.
void write_coverage(const Writer& w, const SuiteCoverage& coverage, const GatePolicy& gate,
                    std::string_view indent) {
  std::string head = "Coverage: " + coverage.words();
  if (below_required_coverage(coverage, gate)) {
    head += fmt::format(", below --require-coverage {}%", *gate.require_coverage);
  }
  head += coverage.not_evaluated.empty() ? "." : "; not evaluated:";
  w.line(indent, head, indent.size() + 2);
  std::vector<std::pair<std::string, std::vector<std::string>>> reasons;
  for (const SuiteCoverage::Gap& gap : coverage.not_evaluated) {
    auto same = std::find_if(reasons.begin(), reasons.end(),
                             [&gap](const auto& reason) { return reason.first == gap.reason; });
    if (same == reasons.end()) {
      reasons.push_back({gap.reason, {}});
      same = reasons.end() - 1;
    }
    same->second.push_back(gap.check->id);
  }
  std::string lead = std::string(indent) + "  ";
  for (const auto& [reason, ids] : reasons) {
    std::string which = ids.size() == 1 ? ids.front() : fmt::format("{} checks", ids.size());
    w.line(lead, which + ": " + safe(reason), lead.size() + 2);
  }
}

std::string summary_line(const ResultRefs& results, const GatePolicy& gate);

// One instance's block: could-not-read (every check not evaluated, said once), or per suite (a
// heading when there are several) the root cause, the result lines and the coverage.
void write_instance_body(const Writer& w, const OutcomePart& outcome,
                         const ReportContext& context) {
  if (outcome.fatal) {
    std::vector<std::string> ids;
    for (const Result* result : outcome.results) {
      if (std::find(ids.begin(), ids.end(), result->check->id) == ids.end()) {
        ids.push_back(result->check->id);
      }
    }
    w.para("", "Could not read the instance", "1;35",
           fmt::format(", {} checks not evaluated: {}", ids.size(), safe(outcome.fatal->message)),
           2);
    if (!outcome.fatal->remedy.empty()) {
      w.para("  ", "Fix: ", "1", safe(outcome.fatal->remedy), 7);
    }
    return;
  }
  std::vector<std::string> suites = suites_in(outcome.results);
  for (const std::string& suite : suites) {
    ResultRefs part = results_of_suite(outcome.results, suite);
    SuiteCoverage coverage = coverage_of(part, suite);
    if (suites.size() > 1) {
      w.heading(fmt::format("-- {}: {} --", suite, coverage.title));
      w.out << '\n';
    }
    if (const Result* root = root_cause(part)) write_root_cause(w, *root, context.params);
    write_result_lines(w, part, context);
    w.out << '\n';
    if (suites.size() > 1) w.line("  " + suite + ": ", summary_line(part, context.gate), 4);
    write_coverage(w, coverage, context.gate, suites.size() > 1 ? "  " : "");
    if (suite != suites.back()) w.out << '\n';
  }
}

std::string summary_line(const ResultRefs& results, const GatePolicy& gate) {
  Summary s = summarize(results, gate);
  std::string line =
      fmt::format("{} results: {} passed, {} failed, {} warnings, {} skipped, {} errors",
                  results.size(), s.pass, s.fail, s.warn, s.skip, s.error);
  if (s.waived > 0) line += fmt::format(", {} waived", s.waived);
  return line;
}

// What to fix, in order: per instance and suite the root cause, then the other results that fail
// the run (chain order), then what could not be read (one entry per cause), then the findings
// that do not fail the run; waived ones are not problems.
std::vector<std::string> fix_order(const ReportContext& context,
                                   const std::vector<InstanceOutcome>& groups) {
  std::vector<std::string> blocking;
  std::vector<std::string> unreadable;
  std::vector<std::string> other;
  for (const InstanceOutcome& instance : groups) {
    OutcomePart outcome = outcome_for(*context.outcome, instance);
    std::string where = groups.size() > 1 ? report::host_of(instance.instance) + ": " : "";
    if (outcome.fatal) {
      // Its cause is said above, once.
      unreadable.push_back(where + "make the instance readable (see above)");
      continue;
    }
    for (const std::string& suite : suites_in(outcome.results)) {
      ResultRefs part = results_of_suite(outcome.results, suite);
      const Result* root = root_cause(part);
      if (root != nullptr && is_blocking(*root, context.gate)) {
        blocking.push_back(where + safe(report::result_name(*root)));
      }
      for (const Result* entry : part) {
        const Result& result = *entry;
        if (&result == root && is_blocking(result, context.gate)) continue;
        if (is_blocking(result, context.gate)) {
          blocking.push_back(where + safe(report::result_name(result)));
        } else if ((result.status == Status::Fail || result.status == Status::Warn) &&
                   !result.waived()) {
          other.push_back(
              where + safe(report::result_name(result)) +
              (result.status == Status::Warn ? " (a warning)" : " (does not fail the run)"));
        }
      }
      for (const ErrorGroup& group : error_groups(part)) {
        std::string name = safe(report::result_name(*group.results.front()));
        if (group.results.size() > 1) {
          name += fmt::format(" and {} more not evaluated", group.results.size() - 1);
        }
        unreadable.push_back(where + name);
      }
    }
  }
  blocking.insert(blocking.end(), unreadable.begin(), unreadable.end());
  blocking.insert(blocking.end(), other.begin(), other.end());
  return blocking;
}

// "N problems; fix in this order:", then one numbered line each (at most 10 of more than 12).
void write_fix_order(const Writer& w, const std::vector<std::string>& problems) {
  if (problems.empty()) return;
  std::size_t shown = problems.size() > 12 ? 10 : problems.size();
  w.line("",
         fmt::format("{} problem{}; fix in this order:", problems.size(),
                     problems.size() == 1 ? "" : "s"),
         2);
  for (std::size_t i = 0; i < shown; ++i) {
    std::string number = fmt::format("  {}) ", i + 1);
    w.line(number, problems[i], number.size());
  }
  if (shown < problems.size()) {
    w.line("  ", fmt::format("... and {} more (above)", problems.size() - shown), 4);
  }
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
  if (groups.size() == 1) groups.front().fatal = context.outcome->fatal;
  return groups;
}

void write_grouped(const Writer& w, const ReportContext& context,
                   const std::vector<InstanceOutcome>& groups) {
  w.heading(fmt::format("sncheck {} on {} instances", run_name(context), groups.size()));
  w.out << '\n';
  for (const InstanceOutcome& instance : groups) {
    OutcomePart part = outcome_for(*context.outcome, instance);
    w.heading(fmt::format("== {} ==", safe(instance.instance)));
    w.out << '\n';
    write_instance_body(w, part, context);
    w.out << '\n';
    w.line("  ", summary_line(part.results, context.gate), 4);
    w.out << '\n';
  }
}

void write_totals(const Writer& w, const ReportContext& context,
                  const std::vector<InstanceOutcome>& groups) {
  const RunOutcome& outcome = *context.outcome;
  const ResultRefs all = refs_of(outcome.results);
  Summary s = summarize(all, context.gate);
  std::string line =
      std::string(groups.size() > 1 ? "All instances: " : "") + summary_line(all, context.gate);
  if (context.stats) {
    line += fmt::format(" ({} requests, {:.1f} s)", context.stats->requests,
                        context.stats->wall_seconds);
  }
  w.out << '\n';
  w.line("", line, 2);
  write_fix_order(w, fix_order(context, groups));
  int code = exit_code(outcome, context.gate);
  if (code == 0 && s.fail + s.warn > 0) {
    w.line("", "Nothing fails the run: every failure is waived or below the severity threshold.",
           0);
  }
  if (code == 2) {
    w.line("", "The audit is incomplete: an error means sncheck could not read what it needed.", 0);
  } else if (code == 0 && s.error > 0) {
    w.line("", "Errors are within --require-coverage: they do not make the run incomplete.", 0);
  }
}

}  // namespace

void write_text_report(std::ostream& out, const ReportContext& context) {
  Style style{context.color};
  Writer w{out, style, static_cast<std::size_t>(std::max(context.width, 20))};
  std::vector<InstanceOutcome> groups = groups_of(context);
  if (groups.size() > 1) {
    write_grouped(w, context, groups);
  } else {
    w.heading(fmt::format("sncheck {} on {}", run_name(context), safe(context.instance)));
    w.out << '\n';
    write_instance_body(w, whole_outcome(*context.outcome), context);
  }
  write_totals(w, context, groups);
}

}  // namespace sncheck
