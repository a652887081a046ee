// SPDX-License-Identifier: Apache-2.0
// JUnit XML (the Ant/Jenkins/GitLab dialect): one <testsuite> per instance, one <testcase> per
// result. A <failure> is exactly a result that fails the run (is_blocking), so a CI that fails
// on JUnit failures agrees with the exit code:
//   fail (blocking)          <failure> with the message, evidence and remediation
//   warn                     passing, the warning in <system-out> (<failure> with --fail-on warn)
//   fail below threshold     passing, the finding and why it does not gate in <system-out>
//   fail or warn waived      <skipped message="waived until ...">
//   error                    <error> (the audit is incomplete)
//   skip                     <skipped>
// Names: a test case's classname is sncheck.<suite>.<area> (the check id's second segment), so
// Jenkins shows package sncheck.<suite> and class <area>; never the host, whose dots Jenkins
// would split into packages. The host is in the testsuite's name and its hostname attribute
// (Azure Pipelines' agent name). Times: the suite's time is the run's wall time (the reads are
// shared by every check, so no check has a read time of its own) and its timestamp the run's
// start (UTC); a test case's time is 0, evaluation being immediate once the reads are done.

#include <cctype>

#include <fmt/format.h>

#include "report/report.h"
#include "report/report_support.h"

namespace sncheck {
namespace {

using report::xml_escape;

// A classname segment: letters, digits and '_' only (a '.' would add a Jenkins package).
std::string segment(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool word = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    out += word ? c : '_';
  }
  return out.empty() ? "_" : out;
}

// "sncheck.hardening.basicauth" for hardening.basicauth.soap; "sncheck.<suite>.checks" for an id of
// fewer than three segments.
std::string classname_of(const CheckDefinition& check) {
  std::string_view id = check.id;
  std::string area = "checks";
  if (std::size_t first = id.find('.'); first != std::string_view::npos) {
    std::size_t second = id.find('.', first + 1);
    if (second != std::string_view::npos)
      area = std::string(id.substr(first + 1, second - first - 1));
  }
  return fmt::format("sncheck.{}.{}", segment(check.suite), segment(area));
}

std::string details(const Result& result) {
  std::string text = result.message;
  for (const Evidence& evidence : result.evidence) {
    text += fmt::format("\nseen: {}", report::describe_evidence(evidence));
    if (!evidence.link.empty()) text += fmt::format("\n      {}", evidence.link);
  }
  if (!result.remediation.empty()) text += fmt::format("\nremediation: {}", result.remediation);
  if (std::string note = report::waiver_note(result); !note.empty()) text += "\n" + note;
  return text;
}

void write_body(std::ostream& out, const Result& result, const GatePolicy& gate) {
  constexpr const char* kIndent = "      ";
  std::string message = xml_escape(result.message);
  if (is_blocking(result, gate)) {
    std::string type =
        fmt::format("{} {}", to_string(result.status), to_string(result.check->severity));
    if (result.waiver) message = xml_escape(report::waiver_note(result) + ". " + result.message);
    out << fmt::format("{}<failure type=\"{}\" message=\"{}\">{}</failure>\n", kIndent, type,
                       message, xml_escape(details(result)));
    return;
  }
  switch (result.status) {
    case Status::Error:
      out << fmt::format("{}<error type=\"error\" message=\"{}\">{}</error>\n", kIndent, message,
                         xml_escape(details(result)));
      return;
    case Status::Skip:
      out << fmt::format("{}<skipped message=\"{}\"/>\n", kIndent, message);
      return;
    case Status::Pass:
      out << fmt::format("{}<system-out>{}</system-out>\n", kIndent, message);
      return;
    case Status::Fail:
    case Status::Warn:
      break;
  }
  if (result.waived()) {
    out << fmt::format("{}<skipped message=\"{}\"/>\n", kIndent,
                       xml_escape(report::waiver_note(result)));
    out << fmt::format("{}<system-out>{}</system-out>\n", kIndent, xml_escape(details(result)));
    return;
  }
  std::string note = report::not_blocking_note(result, gate);
  std::string head = fmt::format("{} ({})", to_string(result.status),
                                 note.empty() ? "does not fail the run" : note);
  out << fmt::format("{}<system-out>{}\n{}</system-out>\n", kIndent, xml_escape(head),
                     xml_escape(details(result)));
}

void write_suite(std::ostream& out, const ReportContext& context, const std::string& instance) {
  std::vector<const Result*> results = report::results_for(context, instance);
  Summary s = summarize(results, context.gate);
  int errors = s.error;
  int skipped = s.skip + s.waived;
  std::string host = report::host_of(instance);
  double seconds = context.stats ? context.stats->wall_seconds : 0.0;
  std::string started = context.started.empty() ? report::utc_timestamp_now() : context.started;
  out << fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\" timestamp=\"{}\" hostname=\"{}\">\n",
      xml_escape(fmt::format("sncheck {} on {}", context.suite, host)), results.size(), s.blocking,
      errors, skipped, seconds, xml_escape(started), xml_escape(host));
  out << "    <properties>\n";
  out << fmt::format("      <property name=\"instance\" value=\"{}\"/>\n", xml_escape(instance));
  out << fmt::format("      <property name=\"suite\" value=\"{}\"/>\n", xml_escape(context.suite));
  out << "    </properties>\n";
  for (const Result* result : results) {
    // The result's own suite and area: an audit's test cases group by suite in CI views.
    out << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0.000\">\n",
                       xml_escape(classname_of(*result->check)),
                       xml_escape(report::result_name(*result)));
    write_body(out, *result, context.gate);
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n";
}

}  // namespace

void write_junit_report(std::ostream& out, const ReportContext& context) {
  const RunOutcome& outcome = *context.outcome;
  Summary s = summarize(outcome.results, context.gate);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites name=\"sncheck {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
      "skipped=\"{}\"",
      xml_escape(context.suite), outcome.results.size(), s.blocking, s.error, s.skip + s.waived);
  out << fmt::format(" time=\"{:.3f}\"", context.stats ? context.stats->wall_seconds : 0.0);
  out << ">\n";
  for (const std::string& instance : report::instances_of(context)) {
    write_suite(out, context, instance);
  }
  out << "</testsuites>\n";
}

}  // namespace sncheck
