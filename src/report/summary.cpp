#include <stdexcept>

#include "report/report.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace sncheck {

bool is_blocking(const Result& result, const GatePolicy& gate) {
  bool counts = result.status == Status::Fail || (gate.warn_fails && result.status == Status::Warn);
  return counts && result.check->severity >= gate.threshold && !result.waived();
}

Summary summarize(const std::vector<Result>& results, const GatePolicy& gate) {
  Summary summary;
  for (const Result& result : results) {
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

namespace {

// "System property ..." -> "system property ..."; a word like "OAuth" keeps its capital.
std::string as_clause(std::string message) {
  if (message.size() > 1 && std::isupper(static_cast<unsigned char>(message[0])) &&
      std::islower(static_cast<unsigned char>(message[1]))) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  return message;
}

}  // namespace

bool is_probe_check(const CheckDefinition& check) {
  return std::find(check.tags.begin(), check.tags.end(), "probe") != check.tags.end();
}

std::string root_cause_message(const Result& root, const std::string& client_id) {
  std::string who = client_id.empty() ? std::string("client-credentials requests")
                                      : fmt::format("client {}", client_id);
  if (is_probe_check(*root.check)) {
    // Every configuration link sncheck read holds, yet the endpoint refuses: what is left is
    // what sncheck cannot read, the secret.
    return fmt::format(
        "The token endpoint refuses {} although every configuration check sncheck ran holds: "
        "the client secret is the likely cause. {}",
        who, root.message);
  }
  const auto& tags = root.check->tags;
  if (std::find(tags.begin(), tags.end(), "scripted-rest") != tags.end()) {
    // The token is granted; what refuses is the Scripted REST resource (--api).
    return fmt::format("The Bearer call {} with a token of {} is refused because {}", root.subject,
                       who, as_clause(root.message));
  }
  return fmt::format("The token endpoint refuses {} because {}", who, as_clause(root.message));
}

int exit_code(const RunOutcome& outcome, const GatePolicy& gate) {
  Summary summary = summarize(outcome.results, gate);
  if (summary.blocking > 0) return 1;
  if (summary.error > 0 || outcome.fatal) return 2;
  return 0;
}

RunOutcome outcome_for(const RunOutcome& combined, const InstanceOutcome& instance) {
  RunOutcome part;
  part.fatal = instance.fatal;
  for (const Result& result : combined.results) {
    if (result.instance == instance.instance) part.results.push_back(result);
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
