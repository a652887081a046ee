// JUnit XML (the Ant/Jenkins/GitLab dialect): one <testsuite> per instance, one <testcase> per
// result. A <failure> is exactly a result that fails the run (is_blocking), so a CI that fails
// on JUnit failures agrees with the exit code:
//   fail (blocking)          <failure> with the message, evidence and remediation
//   warn                     passing, the warning in <system-out> (<failure> with --fail-on warn)
//   fail below threshold     passing, the finding and why it does not gate in <system-out>
//   fail or warn waived      <skipped message="waived until ...">
//   error                    <error> (the audit is incomplete)
//   skip                     <skipped>

#include <fmt/format.h>

#include "report/report.h"
#include "report/report_support.h"

namespace sncheck {
namespace {

using report::xml_escape;

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
  Summary s = report::summarize(results, context.gate);
  int errors = s.error;
  int skipped = s.skip + s.waived;
  std::string host = report::host_of(instance);
  out << fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "hostname=\"{}\">\n",
      xml_escape(fmt::format("sncheck {} on {}", context.suite, host)), results.size(), s.blocking,
      errors, skipped, xml_escape(host));
  out << "    <properties>\n";
  out << fmt::format("      <property name=\"instance\" value=\"{}\"/>\n", xml_escape(instance));
  out << fmt::format("      <property name=\"suite\" value=\"{}\"/>\n", xml_escape(context.suite));
  out << "    </properties>\n";
  for (const Result* result : results) {
    // The result's own suite: an audit's test cases group by suite in CI views.
    std::string classname = fmt::format("sncheck.{}.{}", result->check->suite, host);
    out << fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", xml_escape(classname),
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
  if (context.stats) out << fmt::format(" time=\"{:.3f}\"", context.stats->wall_seconds);
  out << ">\n";
  for (const std::string& instance : report::instances_of(context)) {
    write_suite(out, context, instance);
  }
  out << "</testsuites>\n";
}

}  // namespace sncheck
