// SPDX-License-Identifier: Apache-2.0
// One self-contained HTML page (inline CSS, no script, no network): a verdict banner, counts and
// the root cause for whoever decides, then each problem with its evidence, links and remediation
// for whoever fixes it, then every result. Several instances: one section per instance. A suite's
// chains (suite.json "chains") are drawn as rows of boxes, the broken links red and linked to
// their finding's card.

#include <algorithm>

#include <fmt/format.h>

#include "core/version.h"
#include "model/suite.h"
#include "report/report.h"
#include "report/report_support.h"

namespace sncheck {
namespace {

using report::xml_escape;

constexpr const char* kStyle = R"(
:root{--red:#c62828;--red-bg:#fdecea;--green:#2e7d32;--green-bg:#e8f5e9;--amber:#b26a00;
--amber-bg:#fff4e0;--blue:#1565c0;--blue-bg:#e3f2fd;--grey:#5f6368;--line:#e0e0e0;--ink:#1f2933}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "DejaVu Sans",Arial,Helvetica,sans-serif;color:var(--ink);background:#f5f6f8}
main{max-width:1080px;margin:0 auto;padding:28px 24px 48px}
header.banner{border-radius:10px;padding:22px 26px;color:#fff;display:flex;align-items:center;gap:22px}
.banner.failed{background:var(--red)}.banner.passed{background:var(--green)}.banner.incomplete{background:var(--amber)}
.banner .verdict{font-size:34px;font-weight:700;letter-spacing:.5px}
.banner .what{font-size:16px;opacity:.95}
.banner .what b{font-weight:700}
.tiles{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin:18px 0}
.tile{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.tile .n{font-size:28px;font-weight:700;line-height:1.1}
.tile .l{color:var(--grey);font-size:13px;text-transform:uppercase;letter-spacing:.4px}
.tile.fail .n{color:var(--red)}.tile.warn .n{color:var(--amber)}.tile.error .n{color:#8e24aa}
.tile.waived .n{color:var(--blue)}.tile.pass .n{color:var(--green)}.tile.skip .n{color:var(--grey)}
.tiles.suite{grid-template-columns:repeat(3,1fr);margin:8px 0 12px}
.tile.coverage .n{color:var(--ink)}.tile.coverage.low .n{color:#8e24aa}
h2.suite{font-size:19px;margin:28px 0 2px;padding-top:10px;border-top:2px solid var(--line)}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:14px 0}
.root{border-left:6px solid var(--red)}
.root h2{margin:0 0 6px;font-size:17px;color:var(--red)}
.fatal{border-left:6px solid #8e24aa}
h2.instance{font-size:20px;margin:30px 0 4px}
.sub{color:var(--grey);font-size:13px}
.problem{border-left:6px solid var(--amber)}
.problem.blocking{border-left-color:var(--red)}.problem.waived{border-left-color:var(--blue)}
.problem.error{border-left-color:#8e24aa}
.problem h3{margin:0 0 4px;font-size:16px}
.problem .msg{margin:8px 0}
.fix{background:#f1f8e9;border:1px solid #c5e1a5;border-radius:6px;padding:10px 12px;margin-top:10px}
.fix b{color:var(--green)}
.waiver{background:var(--blue-bg);border-radius:6px;padding:8px 12px;margin-top:8px}
.waiver.expired{background:var(--red-bg)}
code{font-family:"DejaVu Sans Mono",monospace;font-size:13px;background:#f1f3f4;padding:1px 5px;border-radius:4px}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#fafafa;color:var(--grey);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.4px}
table.evidence{margin-top:8px;font-size:13px}
.pill{display:inline-block;min-width:58px;text-align:center;border-radius:999px;padding:1px 9px;
font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.4px}
.pill.pass{background:var(--green-bg);color:var(--green)}.pill.fail{background:var(--red-bg);color:var(--red)}
.pill.warn{background:var(--amber-bg);color:var(--amber)}.pill.skip{background:#eceff1;color:var(--grey)}
.pill.error{background:#f3e5f5;color:#8e24aa}.pill.waived{background:var(--blue-bg);color:var(--blue)}
.sev{font-size:12px;color:var(--grey);text-transform:uppercase}
.sev.critical,.sev.high{color:var(--red);font-weight:700}
a{color:var(--blue)}
footer{margin-top:30px;color:var(--grey);font-size:12px}
.chain{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:12px 0}
.chain h3{margin:0 0 8px;font-size:14px;color:var(--grey);text-transform:uppercase;letter-spacing:.4px}
.chain ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;align-items:center;gap:6px}
.chain li{display:flex;align-items:center;gap:6px}
.chain li+li::before{content:"\2192";color:var(--grey);font-weight:700}
.box{display:block;border:2px solid var(--line);border-radius:6px;padding:5px 9px;font-size:12px;
line-height:1.3;text-decoration:none;color:var(--ink);background:#fafafa}
.box b{display:block;font-family:"DejaVu Sans Mono",monospace;font-size:12px}
.box.pass{border-color:var(--green);background:var(--green-bg)}
.box.fail{border-color:var(--red);background:var(--red-bg);color:var(--red)}
.box.warn{border-color:var(--amber);background:var(--amber-bg)}
.box.error{border-color:#8e24aa;background:#f3e5f5}
.box.skip{border-style:dashed;color:var(--grey)}
.box.waived{border-color:var(--blue);background:var(--blue-bg)}
a.box:hover{text-decoration:underline}
)";

std::string esc(std::string_view text) { return xml_escape(text); }

std::string pill(const Result& result) {
  if (result.waived()) return "<span class=\"pill waived\">waived</span>";
  std::string_view status = to_string(result.status);
  return fmt::format("<span class=\"pill {0}\">{0}</span>", status);
}

std::string sev(Severity severity) {
  return fmt::format("<span class=\"sev {0}\">{0}</span>", to_string(severity));
}

std::string link(const std::string& url, std::string_view text) {
  // Only web links become anchors; anything else is shown as text.
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return esc(text);
  return fmt::format("<a href=\"{}\">{}</a>", esc(url), esc(text));
}

void write_banner(std::ostream& out, const ReportContext& context, const std::string& where) {
  const RunOutcome& outcome = *context.outcome;
  int code = exit_code(outcome, context.gate);
  Summary s = summarize(outcome.results, context.gate);
  std::string_view state = report::verdict(code);
  std::string what;
  const bool several = context.suites.size() > 1;
  if (code == 1 && several) {
    what = fmt::format("<b>{} problem{} must be fixed</b> on {} ({}: {}).", s.blocking,
                       s.blocking == 1 ? "" : "s", esc(where), esc(context.suite),
                       esc(fmt::format("{}", fmt::join(context.suites, ", "))));
  } else if (code == 1) {
    what = fmt::format("<b>{} problem{} must be fixed</b> before the {} integration works on {}.",
                       s.blocking, s.blocking == 1 ? "" : "s", esc(context.suite), esc(where));
  } else if (code == 2) {
    what = fmt::format(
        "The audit of {} is <b>incomplete</b>: sncheck could not read everything "
        "it needed, so it cannot say the integration works.",
        esc(where));
  } else {
    what = fmt::format("Every {} check that gates the run passed on {}.", esc(context.suite),
                       esc(where));
    if (s.fail + s.warn > 0) what += " Some findings are waived or below the threshold.";
  }
  out << fmt::format(
      "<header class=\"banner {}\"><div class=\"verdict\">{}</div><div class=\"what\">{}</div>"
      "</header>\n",
      state,
      fmt::format("{}", state == "passed"   ? "PASSED"
                        : state == "failed" ? "FAILED"
                                            : "INCOMPLETE"),
      what);
}

void write_tiles(std::ostream& out, const Summary& s) {
  out << "<section class=\"tiles\">";
  auto tile = [&out](std::string_view cls, int n, std::string_view label) {
    out << fmt::format(
        "<div class=\"tile {}\"><div class=\"n\">{}</div><div class=\"l\">{}</div>"
        "</div>",
        cls, n, label);
  };
  tile("fail", s.fail, "failed");
  tile("warn", s.warn, "warnings");
  tile("error", s.error, "unreadable");
  tile("waived", s.waived, "waived");
  tile("pass", s.pass, "passed");
  tile("skip", s.skip, "skipped");
  out << "</section>\n";
}

void write_root_cause(std::ostream& out, const Result& root) {
  out << "<section class=\"card root\"><h2>Root cause</h2>";
  out << fmt::format("<div><b>{}</b> <code>{}</code></div>", esc(root.check->title),
                     esc(report::result_name(root)));
  out << fmt::format("<div class=\"msg\">{}</div>", esc(root.message));
  if (!root.remediation.empty()) {
    out << fmt::format("<div class=\"fix\"><b>What to change:</b> {}</div>", esc(root.remediation));
  }
  out << "</section>\n";
}

void write_evidence(std::ostream& out, const Result& result) {
  if (result.evidence.empty()) return;
  out << "<table class=\"evidence\"><tr><th>Table</th><th>Record</th><th>Field</th>"
         "<th>Value seen</th><th>Note</th></tr>";
  for (const Evidence& e : result.evidence) {
    std::string record = e.sys_id.empty() ? "(none)" : e.sys_id;
    if (!e.link.empty()) record = link(e.link, e.sys_id.empty() ? "open the list" : e.sys_id);
    std::string value = e.field.empty() ? "" : fmt::format("<code>'{}'</code>", esc(e.value));
    out << fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "</tr>",
        esc(e.table), record, esc(e.field), value, esc(e.note));
  }
  out << "</table>";
}

// The anchor of a result's card: its index in the run's results, unique over instances.
std::string anchor_of(const ReportContext& context, const Result& result) {
  const std::vector<Result>& all = context.outcome->results;
  return fmt::format("r{}", &result - all.data());
}

std::string problem_class(const Result& result, const GatePolicy& gate) {
  if (result.waived()) return "waived";
  if (is_blocking(result, gate)) return "blocking";
  if (result.status == Status::Error) return "error";
  return "";
}

void write_problem(std::ostream& out, const ReportContext& context, const Result& result) {
  const GatePolicy& gate = context.gate;
  out << fmt::format("<section class=\"card problem {}\" id=\"{}\">", problem_class(result, gate),
                     anchor_of(context, result));
  out << fmt::format("<h3>{} {}</h3>", pill(result), esc(result.check->title));
  out << fmt::format("<div class=\"sub\"><code>{}</code> · severity {}</div>",
                     esc(report::result_name(result)), sev(result.check->severity));
  out << fmt::format("<div class=\"msg\">{}</div>", esc(result.message));
  if (std::string note = report::not_blocking_note(result, gate);
      !note.empty() && !result.waived()) {
    out << fmt::format("<div class=\"sub\">{}</div>", esc(note));
  }
  if (result.waiver) {
    out << fmt::format("<div class=\"waiver{}\">{}</div>", result.waived() ? "" : " expired",
                       esc(report::waiver_note(result)));
  }
  write_evidence(out, result);
  if (!result.remediation.empty()) {
    out << fmt::format("<div class=\"fix\"><b>Fix:</b> {}</div>", esc(result.remediation));
  }
  out << "</section>\n";
}

void write_all_results(std::ostream& out, const std::vector<const Result*>& results) {
  out << fmt::format("<details class=\"card\"><summary><b>All {} results</b></summary>",
                     results.size());
  out << "<table><tr><th>Status</th><th>Check</th><th>Severity</th><th>Finding</th></tr>";
  for (const Result* r : results) {
    out << fmt::format(
        "<tr><td>{}</td><td><code>{}</code><div class=\"sub\">{}</div></td>"
        "<td>{}</td><td>{}</td></tr>",
        pill(*r), esc(report::result_name(*r)), esc(r->check->title), sev(r->check->severity),
        esc(r->message));
  }
  out << "</table></details>\n";
}

// A suite's findings (fail and warn), unreadable checks and coverage, as three tiles.
void write_suite_tiles(std::ostream& out, const Summary& s, const SuiteCoverage& coverage,
                       const GatePolicy& gate) {
  out << "<section class=\"tiles suite\">";
  out << fmt::format(
      "<div class=\"tile fail\"><div class=\"n\">{}</div><div class=\"l\">findings</div></div>",
      s.fail + s.warn);
  out << fmt::format(
      "<div class=\"tile error\"><div class=\"n\">{}</div><div class=\"l\">unreadable</div>"
      "</div>",
      s.error);
  out << fmt::format(
      "<div class=\"tile coverage{}\"><div class=\"n\">{}/{}</div><div class=\"l\">checks "
      "evaluated ({}%)</div></div>",
      below_required_coverage(coverage, gate) ? " low" : "", coverage.evaluated, coverage.checks,
      static_cast<int>(coverage.percent()));
  out << "</section>\n";
  for (const SuiteCoverage::Gap& gap : coverage.not_evaluated) {
    out << fmt::format("<div class=\"sub\">Not evaluated: <code>{}</code>: {}</div>",
                       esc(gap.check->id), esc(gap.reason));
  }
}

// How bad a result is for its chain box: fail, error, warn, waived, skip, pass (worst first).
int badness(const Result& result) {
  if (result.waived()) return 2;
  switch (result.status) {
    case Status::Fail:
      return 5;
    case Status::Error:
      return 4;
    case Status::Warn:
      return 3;
    case Status::Skip:
      return 1;
    case Status::Pass:
      break;
  }
  return 0;
}

// A suite's chains (suite.json "chains") as rows of boxes: one per check of the chain that ran,
// in chain order, coloured by its worst result; a box that is a problem links to its card.
void write_chains(std::ostream& out, const ReportContext& context,
                  const std::vector<const Result*>& results) {
  if (results.empty() || results.front()->check->suite_descriptor == nullptr) return;
  for (const ChainDiagram& chain : results.front()->check->suite_descriptor->chains) {
    std::vector<const Result*> boxes;  // the worst result of each check, in chain order
    for (const Result* result : results) {
      const CheckDefinition& check = *result->check;
      if (!check.has_tag(chain.tag) || check.failure_status != Status::Fail) continue;
      auto same = std::find_if(boxes.begin(), boxes.end(),
                               [&check](const Result* box) { return box->check == &check; });
      if (same == boxes.end()) {
        boxes.push_back(result);
      } else if (badness(*result) > badness(**same)) {
        *same = result;
      }
    }
    if (boxes.empty()) continue;
    std::stable_sort(boxes.begin(), boxes.end(), [](const Result* a, const Result* b) {
      return a->check->chain_step < b->check->chain_step;
    });
    out << fmt::format("<section class=\"chain\"><h3>{}</h3><ol>", esc(chain.title));
    for (const Result* box : boxes) {
      std::string_view state = box->waived() ? "waived" : to_string(box->status);
      std::string id = box->check->id;
      std::string name = id.substr(id.find('.') + 1);
      std::string inner = fmt::format("<b>{}</b>{}", esc(name), state);
      bool problem = box->status != Status::Pass && box->status != Status::Skip;
      if (problem) {
        out << fmt::format("<li><a class=\"box {}\" href=\"#{}\" title=\"{}\">{}</a></li>", state,
                           anchor_of(context, *box), esc(box->check->title), inner);
      } else {
        out << fmt::format("<li><span class=\"box {}\" title=\"{}\">{}</span></li>", state,
                           esc(box->check->title), inner);
      }
    }
    out << "</ol></section>\n";
  }
}

void write_results(std::ostream& out, const ReportContext& context,
                   const std::vector<const Result*>& results) {
  if (const Result* root = root_cause(results)) write_root_cause(out, *root);
  write_chains(out, context, results);
  for (const Result* result : results) {
    if (result->status == Status::Pass || result->status == Status::Skip) continue;
    write_problem(out, context, *result);
  }
  write_all_results(out, results);
}

void write_instance(std::ostream& out, const ReportContext& context, const std::string& instance,
                    bool several) {
  std::vector<const Result*> results = report::results_for(context, instance);
  if (several) {
    out << fmt::format("<h2 class=\"instance\">{}</h2>", link(instance, instance));
    write_tiles(out, summarize(results, context.gate));
  }
  // One section per suite, each with its findings, unreadable checks and coverage.
  for (const SuiteCoverage& coverage : coverage_by_suite(results)) {
    std::vector<const Result*> part;
    for (const Result* result : results) {
      if (result->check->suite == coverage.suite) part.push_back(result);
    }
    out << fmt::format(
        "<section class=\"suite\" id=\"suite-{0}\"><h2 class=\"suite\">{0}: {1}</h2>",
        esc(coverage.suite), esc(coverage.title));
    write_suite_tiles(out, summarize(part, context.gate), coverage, context.gate);
    write_results(out, context, part);
    out << "</section>\n";
  }
}

}  // namespace

void write_html_report(std::ostream& out, const ReportContext& context) {
  const RunOutcome& outcome = *context.outcome;
  std::vector<std::string> instances = report::instances_of(context);
  std::string where = instances.size() == 1 ? report::host_of(instances.front())
                                            : fmt::format("{} instances", instances.size());
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out << fmt::format("<title>sncheck {}: {}</title><style>{}</style></head><body><main>\n",
                     esc(context.suite), esc(where), kStyle);
  write_banner(out, context, where);
  write_tiles(out, summarize(outcome.results, context.gate));
  if (outcome.fatal) {
    out << fmt::format("<section class=\"card fatal\"><b>Could not read the instance:</b> {}",
                       esc(outcome.fatal->message));
    if (!outcome.fatal->remedy.empty()) {
      out << fmt::format("<div class=\"fix\"><b>Fix:</b> {}</div>", esc(outcome.fatal->remedy));
    }
    out << "</section>\n";
  }
  for (const std::string& instance : instances) {
    write_instance(out, context, instance, instances.size() > 1);
  }
  out << fmt::format("<footer>sncheck {} · {} suite · {}{} · gate: fail on {}, severity ≥ {}",
                     kToolVersion, esc(context.suite), esc(where),
                     context.date.empty() ? "" : " · " + context.date,
                     context.gate.warn_fails ? "warn" : "fail", to_string(context.gate.threshold));
  if (context.stats) {
    out << fmt::format(" · {} requests in {:.1f} s", context.stats->requests,
                       context.stats->wall_seconds);
  }
  out << "</footer>\n</main></body></html>\n";
}

}  // namespace sncheck
