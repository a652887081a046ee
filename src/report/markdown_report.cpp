// SPDX-License-Identifier: Apache-2.0
// Markdown for a pull-request comment (GitHub/GitLab flavoured): a hidden marker per instance
// (<!-- sncheck:<suite>:<host> -->, for a bot to update its comment in place), the verdict and a
// count table first, then each result that is not pass (problems with their remediation, then
// skips in a collapsed <details>); passes are counted only. Several instances: one section per
// instance. The comment stays under a cap (ReportContext::markdown_cap, under GitHub's 65,536
// characters): results that do not fit are left out, the least important first, and counted in
// "N more results in the full report (artifact)".

#include <algorithm>
#include <sstream>

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

// The comment is assembled from pieces: fixed ones (headings, counts, coverage, markers) always
// stay; a result's piece stays while the cap allows, the most important first.
struct Piece {
  std::string text;
  int rank = -1;      // -1: fixed; else 0 (a blocking fail) ... 4 (a skip): dropped last to first
  int block = 0;      // the suite block a result belongs to (for its "more results" line)
  bool tail = false;  // the block's closing line, which counts what was left out
};

int rank_of(const Result& result, const GatePolicy& gate) {
  if (is_blocking(result, gate)) return 0;
  switch (result.status) {
    case Status::Fail:
      return 1;
    case Status::Error:
      return 2;
    case Status::Warn:
      return 3;
    case Status::Skip:
    case Status::Pass:
      break;
  }
  return 4;
}

class Pieces {
 public:
  void fixed(std::string text) { pieces_.push_back({std::move(text), -1, block_, false}); }
  void result(std::string text, int rank) {
    pieces_.push_back({std::move(text), rank, block_, false});
  }
  void end_block() {
    pieces_.push_back({"", -1, block_, true});
    ++block_;
  }
  std::vector<Piece>& all() { return pieces_; }

 private:
  std::vector<Piece> pieces_;
  int block_ = 0;
};

std::string problem_text(const Result& result, const GatePolicy& gate) {
  std::ostringstream out;
  write_problem(out, result, gate);
  return out.str();
}

std::string skip_text(const Result& result) {
  return fmt::format("- ⏭️ `{}`{}: {}\n", result.check->id,
                     result.subject.empty() ? "" : fmt::format(" [{}]", cell(result.subject)),
                     prose(result.message));
}

// One suite's part (or the whole run's, for a single suite): counts, root cause, coverage, then
// the results that are not pass (passes are counted only): problems, then skips.
void add_block(Pieces& pieces, const std::vector<const Result*>& results, const GatePolicy& gate) {
  std::ostringstream head;
  write_summary_table(head, summarize(results, gate));
  if (const Result* root = root_cause(results)) {
    head << fmt::format("**Root cause:** `{}` — {}\n\n", cell(report::result_name(*root)),
                        prose(root->check->title));
  }
  for (const SuiteCoverage& coverage : coverage_by_suite(results)) {
    head << fmt::format("**Coverage:** {}{}", coverage.words(),
                        below_required_coverage(coverage, gate)
                            ? fmt::format(", below --require-coverage {}%", *gate.require_coverage)
                            : std::string());
    head << (coverage.not_evaluated.empty() ? ".\n\n" : "; not evaluated:\n\n");
    for (const SuiteCoverage::Gap& gap : coverage.not_evaluated) {
      head << fmt::format("- `{}`: {}\n", gap.check->id, prose(gap.reason));
    }
    if (!coverage.not_evaluated.empty()) head << '\n';
  }
  pieces.fixed(head.str());
  bool any = false;
  for (const Result* result : results) {
    if (result->status == Status::Pass || result->status == Status::Skip) continue;
    if (!any) pieces.fixed("<details open>\n<summary>Problems</summary>\n\n");
    any = true;
    pieces.result(problem_text(*result, gate), rank_of(*result, gate));
  }
  if (any) pieces.fixed("</details>\n\n");
  bool skips = false;
  for (const Result* result : results) {
    if (result->status != Status::Skip) continue;
    if (!skips) pieces.fixed("<details>\n<summary>Skipped</summary>\n\n");
    skips = true;
    pieces.result(skip_text(*result), 4);
  }
  if (skips) pieces.fixed("\n</details>\n\n");
  pieces.end_block();
}

void add_instance(Pieces& pieces, const ReportContext& context, const std::string& instance,
                  bool heading) {
  std::vector<const Result*> results = report::results_for(context, instance);
  if (heading) pieces.fixed(fmt::format("### {}\n\n", prose(instance)));
  std::vector<std::string> suites;
  for (const Result* result : results) {
    if (std::find(suites.begin(), suites.end(), result->check->suite) == suites.end()) {
      suites.push_back(result->check->suite);
    }
  }
  if (suites.size() <= 1) return add_block(pieces, results, context.gate);
  for (const std::string& suite : suites) {
    std::vector<const Result*> part;
    for (const Result* result : results) {
      if (result->check->suite == suite) part.push_back(result);
    }
    const SuiteDescriptor* descriptor = part.front()->check->suite_descriptor;
    pieces.fixed(fmt::format("{} `{}` — {}\n\n", heading ? "####" : "###", suite,
                             prose(descriptor != nullptr ? descriptor->title : suite)));
    add_block(pieces, part, context.gate);
  }
}

// "<!-- sncheck:<suite>:<host> -->": what a bot searches for to update its comment in place.
std::string marker(std::string_view suite, std::string_view host) {
  std::string text = fmt::format("sncheck:{}:{}", suite, host);
  for (char& c : text) {
    if (c == '-' || c == '>' || c == '<' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  return fmt::format("<!-- {} -->\n", text);
}

// Keeps every fixed piece and, most important first, the results that fit in `cap` characters
// (bytes, which are never fewer); each block with results left out says how many, and the
// comment ends with the total.
std::string assemble(std::vector<Piece>& pieces, std::size_t cap) {
  constexpr std::size_t kNoteRoom = 200;  // the closing lines
  std::size_t used = kNoteRoom;
  for (const Piece& piece : pieces) {
    if (piece.rank < 0) used += piece.text.size();
  }
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].rank >= 0) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&pieces](std::size_t a, std::size_t b) {
    return pieces[a].rank < pieces[b].rank;
  });
  std::vector<bool> keep(pieces.size(), true);
  std::vector<int> left_out;
  int total_left_out = 0;
  bool full = false;
  for (std::size_t i : order) {
    full = full || used + pieces[i].text.size() + 80 > cap;  // 80: room for the block's note
    if (!full) {
      used += pieces[i].text.size() + 80;
      continue;
    }
    keep[i] = false;
    auto block = static_cast<std::size_t>(pieces[i].block);
    if (left_out.size() <= block) left_out.resize(block + 1, 0);
    ++left_out[block];
    ++total_left_out;
  }
  std::string out;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const Piece& piece = pieces[i];
    auto block = static_cast<std::size_t>(piece.block);
    if (piece.tail && block < left_out.size() && left_out[block] > 0) {
      out += fmt::format("_{} more results of this part are in the full report._\n\n",
                         left_out[block]);
    }
    if (keep[i]) out += piece.text;
  }
  if (total_left_out > 0) {
    out += fmt::format("**{} more results in the full report (artifact).**\n\n", total_left_out);
  }
  if (out.size() > cap) {
    // The fixed parts alone are over the cap (thousands of instances): cut at a line.
    std::string note = "\n**The report is cut here: the rest is in the full report (artifact).**\n";
    std::size_t cut = out.rfind('\n', cap > note.size() ? cap - note.size() : 0);
    out = out.substr(0, cut == std::string::npos ? 0 : cut) + note;
  }
  return out;
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
  Pieces pieces;
  std::ostringstream head;
  for (const std::string& instance : instances) {
    head << marker(context.suite, report::host_of(instance));
  }
  head << fmt::format("## {} sncheck {}: {} on {}\n\n", mark, context.suite, report::verdict(code),
                      where);
  if (code == 1) {
    head << fmt::format("{} result(s) fail the run (exit code 1).\n\n", s.blocking);
  } else if (code == 2) {
    head << "The audit is incomplete: sncheck could not read everything it needed (exit code 2)."
            "\n\n";
  }
  if (outcome.fatal) {
    head << fmt::format("**Could not read the instance:** {}\n\n", prose(outcome.fatal->message));
    if (!outcome.fatal->remedy.empty()) {
      head << "**Fix:** " << prose(outcome.fatal->remedy) << "\n\n";
    }
  }
  pieces.fixed(head.str());
  for (const std::string& instance : instances) {
    add_instance(pieces, context, instance, instances.size() > 1);
  }
  std::string foot =
      fmt::format("<sub>sncheck {} · gate: fail on {}, severity ≥ {}", kToolVersion,
                  context.gate.warn_fails ? "warn" : "fail", to_string(context.gate.threshold));
  if (context.stats) {
    foot += fmt::format(" · {} requests in {:.1f} s", context.stats->requests,
                        context.stats->wall_seconds);
  }
  pieces.fixed(foot + "</sub>\n");
  out << assemble(pieces.all(), context.markdown_cap);
}

}  // namespace sncheck
