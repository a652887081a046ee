// SPDX-License-Identifier: Apache-2.0
// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning's ingestion rules (GH1001-GH1018, GH2012)
// and github/codeql-action's upload checks: one run per instance, one rule per check that ran,
// one result per finding, `results` always present (an empty array when nothing was found).
// Findings are fail and warn results; pass and skip results are left out (code-scanning tools
// list findings, and a "pass" kind would only add noise there). An error result (something could
// not be read) is not a finding about the instance: it is a toolExecutionNotification of the
// run's invocation, whose executionSuccessful is then false.
// Levels: fail of a critical or high check -> error, medium -> warning, low or info -> note;
// warn -> warning. A waived result carries an accepted external suppression.
// Locations: findings are about an instance, not a repository file, yet GitHub requires a
// physicalLocation with a relative artifactLocation.uri and region.startLine on every result.
// Each location names what the evidence names as a stable relative URI,
// servicenow/<host>/<table>/<sys_id> for a record and servicenow/<host>/<check id> when there is
// none, with region.startLine 1, beside the logical location host/table/sys_id.

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include "core/version.h"
#include "report/report.h"
#include "report/report_support.h"

namespace sncheck {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::OStreamWrapper>;

void key(Writer& w, std::string_view name) {
  w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

void string(Writer& w, std::string_view name, std::string_view value) {
  key(w, name);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void text_object(Writer& w, std::string_view name, std::string_view text) {
  key(w, name);
  w.StartObject();
  string(w, "text", text);
  w.EndObject();
}

std::string_view level_for(Severity severity) {
  switch (severity) {
    case Severity::Critical:
    case Severity::High:
      return "error";
    case Severity::Medium:
      return "warning";
    case Severity::Low:
    case Severity::Info:
      return "note";
  }
  return "warning";
}

std::string_view level_for(const Result& result) {
  return result.status == Status::Warn ? "warning" : level_for(result.check->severity);
}

// GitHub code scanning ranks security alerts by this CVSS-like score.
std::string_view security_severity(Severity severity) {
  switch (severity) {
    case Severity::Critical:
      return "9.5";
    case Severity::High:
      return "8.0";
    case Severity::Medium:
      return "5.5";
    case Severity::Low:
      return "3.0";
    case Severity::Info:
      return "0.0";
  }
  return "0.0";
}

// GitHub reads `precision` to rank alerts: a check that fails on what it read is precise; one
// that warns (sncheck cannot judge a script or condition) is less so.
std::string_view precision(const CheckDefinition& check) {
  return check.failure_status == Status::Warn ? "medium" : "high";
}

std::string_view problem_severity(const CheckDefinition& check) {
  if (check.failure_status == Status::Warn) return "warning";
  return check.severity >= Severity::High ? "error" : "warning";
}

// GitHub refuses an empty string for a required property and cuts descriptions at 1,024
// characters: the text, or its fallback, shortened at a character boundary.
std::string required_text(std::string_view text, std::string_view fallback) {
  constexpr std::size_t kMost = 1024;
  std::string value(text.empty() ? fallback : text);
  if (value.empty()) value = "-";
  if (value.size() <= kMost) return value;
  std::size_t cut = kMost - 3;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return value.substr(0, cut) + "...";
}

// One path segment of a relative URI: everything but RFC 3986's unreserved characters
// percent-encoded, so a server-sent sys_id cannot add a segment, a scheme or a query.
std::string uri_segment(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned>(byte));
    }
  }
  return out.empty() ? "-" : out;
}

// "suite.area.check_name" -> "SuiteAreaCheckName": SARIF wants an identifier-like name.
std::string rule_name(std::string_view id) {
  std::string name;
  bool upper = true;
  for (char c : id) {
    if (c == '.' || c == '_' || c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

// Stable across runs and platforms, so a finding keeps its identity in code-scanning tools: the
// check id and the subject (the instance is the run's category, automationDetails.id).
std::string fingerprint(const Result& result) {
  std::uint64_t hash = 14695981039346656037ull;
  for (std::string_view part : {std::string_view(result.check->id), std::string_view("\x1f"),
                                std::string_view(result.subject)}) {
    for (char c : part) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;
    }
  }
  return fmt::format("{:016x}", hash);
}

std::vector<const CheckDefinition*> rules_of(const std::vector<const Result*>& results) {
  std::vector<const CheckDefinition*> rules;
  for (const Result* result : results) {
    if (std::find(rules.begin(), rules.end(), result->check) == rules.end()) {
      rules.push_back(result->check);
    }
  }
  return rules;
}

int rule_index(const std::vector<const CheckDefinition*>& rules, const CheckDefinition* check) {
  return static_cast<int>(std::find(rules.begin(), rules.end(), check) - rules.begin());
}

void write_rule(Writer& w, const CheckDefinition& check) {
  w.StartObject();
  string(w, "id", check.id);
  string(w, "name", rule_name(check.id));
  text_object(w, "shortDescription", required_text(check.title, check.id));
  text_object(w, "fullDescription", required_text(check.rationale, check.title));
  if (std::string doc = report::check_doc_url(check); !doc.empty()) string(w, "helpUri", doc);
  key(w, "help");
  w.StartObject();
  string(w, "text", required_text(check.remediation, check.title));
  std::string markdown = check.remediation;
  if (!check.references.empty()) markdown += "\n\nSources:\n";
  for (const std::string& reference : check.references) markdown += "\n- " + reference;
  string(w, "markdown", markdown);
  w.EndObject();
  key(w, "defaultConfiguration");
  w.StartObject();
  string(w, "level", check.failure_status == Status::Warn ? "warning" : level_for(check.severity));
  w.EndObject();
  key(w, "properties");
  w.StartObject();
  string(w, "severity", to_string(check.severity));
  string(w, "suite", check.suite);
  string(w, "security-severity", security_severity(check.severity));
  string(w, "precision", precision(check));
  string(w, "problem.severity", problem_severity(check));
  // GitHub keeps 10 tags per rule (and refuses more than 20): "security", the suite, then the
  // check's own.
  key(w, "tags");
  w.StartArray();
  std::vector<std::string> tags = {"security", check.suite};
  for (const std::string& tag : check.tags) {
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
  }
  if (tags.size() > 10) tags.resize(10);
  for (const std::string& tag : tags) w.String(tag.c_str());
  w.EndArray();
  key(w, "chain_step");
  w.Int(check.chain_step);
  w.EndObject();
  w.EndObject();
}

// "servicenow/<host>/<table>/<sys_id>" for a record, "servicenow/<host>/<check id>" otherwise.
std::string artifact_uri(const std::string& host, const Result& result, const Evidence* evidence) {
  if (evidence != nullptr && !evidence->sys_id.empty()) {
    return fmt::format("servicenow/{}/{}/{}", uri_segment(host), uri_segment(evidence->table),
                       uri_segment(evidence->sys_id));
  }
  return fmt::format("servicenow/{}/{}", uri_segment(host), uri_segment(result.check->id));
}

// A physical location (the stable URI, line 1) and the logical one: instance / table / record, as
// far as the evidence names them.
void write_location(Writer& w, const std::string& host, const Result& result,
                    const Evidence* evidence) {
  w.StartObject();
  key(w, "physicalLocation");
  w.StartObject();
  key(w, "artifactLocation");
  w.StartObject();
  string(w, "uri", artifact_uri(host, result, evidence));
  w.EndObject();
  key(w, "region");
  w.StartObject();
  key(w, "startLine");
  w.Int(1);
  w.EndObject();
  w.EndObject();
  key(w, "logicalLocations");
  w.StartArray();
  w.StartObject();
  if (evidence == nullptr) {
    string(w, "name", host);
    string(w, "fullyQualifiedName", host);
    string(w, "kind", "namespace");
  } else if (evidence->sys_id.empty()) {
    string(w, "name", evidence->table);
    string(w, "fullyQualifiedName", fmt::format("{}/{}", host, evidence->table));
    string(w, "kind", "resource");
  } else {
    string(w, "name", evidence->sys_id);
    string(w, "fullyQualifiedName",
           fmt::format("{}/{}/{}", host, evidence->table, evidence->sys_id));
    string(w, "kind", "object");
  }
  w.EndObject();
  w.EndArray();
  w.EndObject();
}

std::string result_message(const Result& result) {
  std::string text = result.message;
  if (!result.subject.empty()) text = fmt::format("[{}] {}", result.subject, text);
  if (result.waiver && result.waiver->expired) text += " (" + report::waiver_note(result) + ")";
  if (!result.remediation.empty()) text += " Fix: " + result.remediation;
  return text;
}

void write_result(Writer& w, const Result& result, int index, const GatePolicy& gate) {
  std::string host = report::host_of(result.instance);
  w.StartObject();
  string(w, "ruleId", result.check->id);
  key(w, "ruleIndex");
  w.Int(index);
  string(w, "kind", "fail");
  string(w, "level", level_for(result));
  std::string message = result_message(result);
  text_object(w, "message", message.empty() ? result.check->title : message);
  // GitHub shows the first location and keeps at most 10.
  constexpr std::size_t kMostLocations = 10;
  key(w, "locations");
  w.StartArray();
  if (result.evidence.empty()) write_location(w, host, result, nullptr);
  for (std::size_t i = 0; i < result.evidence.size() && i < kMostLocations; ++i) {
    write_location(w, host, result, &result.evidence[i]);
  }
  w.EndArray();
  // The Action computes primaryLocationLineHash only for files in the checkout, which these
  // locations are not: sncheck gives it, so an alert keeps its identity over runs.
  std::string print = fingerprint(result);
  key(w, "partialFingerprints");
  w.StartObject();
  string(w, "primaryLocationLineHash", print + ":1");
  string(w, "sncheckFinding/v1", print);
  w.EndObject();
  if (result.waived()) {
    key(w, "suppressions");
    w.StartArray();
    w.StartObject();
    string(w, "kind", "external");
    string(w, "status", "accepted");
    string(w, "justification", report::waiver_note(result));
    w.EndObject();
    w.EndArray();
  }
  key(w, "properties");
  w.StartObject();
  string(w, "instance", result.instance);
  string(w, "suite", result.check->suite);
  string(w, "subject", result.subject);
  string(w, "status", to_string(result.status));
  string(w, "severity", to_string(result.check->severity));
  key(w, "blocking");
  w.Bool(is_blocking(result, gate));
  key(w, "links");
  w.StartArray();
  for (const Evidence& evidence : result.evidence) {
    if (!evidence.link.empty()) w.String(evidence.link.c_str());
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

void write_notification(Writer& w, std::string_view message, const CheckDefinition* check,
                        int index) {
  w.StartObject();
  string(w, "level", "error");
  text_object(w, "message", message);
  if (check != nullptr) {
    key(w, "associatedRule");
    w.StartObject();
    string(w, "id", check->id);
    key(w, "index");
    w.Int(index);
    w.EndObject();
  }
  w.EndObject();
}

void write_invocation(Writer& w, const ReportContext& context,
                      const std::vector<const Result*>& results,
                      const std::vector<const CheckDefinition*>& rules) {
  bool successful = !context.outcome->fatal;
  key(w, "invocations");
  w.StartArray();
  w.StartObject();
  key(w, "toolExecutionNotifications");
  w.StartArray();
  if (context.outcome->fatal) {
    write_notification(w, "Could not read the instance: " + context.outcome->fatal->message,
                       nullptr, 0);
  }
  for (const Result* result : results) {
    if (result->status != Status::Error) continue;
    successful = false;
    write_notification(w, fmt::format("{}: {}", report::result_name(*result), result->message),
                       result->check, rule_index(rules, result->check));
  }
  w.EndArray();
  key(w, "executionSuccessful");
  w.Bool(successful);
  w.EndObject();
  w.EndArray();
}

void write_run(Writer& w, const ReportContext& context, const std::string& instance) {
  std::vector<const Result*> results = report::results_for(context, instance);
  std::vector<const CheckDefinition*> rules = rules_of(results);
  w.StartObject();
  key(w, "tool");
  w.StartObject();
  key(w, "driver");
  w.StartObject();
  string(w, "name", kToolName);
  string(w, "version", kToolVersion);
  string(w, "informationUri", kProjectUrl);
  key(w, "rules");
  w.StartArray();
  for (const CheckDefinition* rule : rules) write_rule(w, *rule);
  w.EndArray();
  w.EndObject();
  w.EndObject();
  key(w, "automationDetails");
  w.StartObject();
  // One category per suite and instance, so two instances' runs never replace each other.
  string(w, "id", fmt::format("sncheck/{}/{}/", context.suite, report::host_of(instance)));
  w.EndObject();
  write_invocation(w, context, results, rules);
  key(w, "results");
  w.StartArray();
  for (const Result* result : results) {
    if (result->status != Status::Fail && result->status != Status::Warn) continue;
    write_result(w, *result, rule_index(rules, result->check), context.gate);
  }
  w.EndArray();
  key(w, "properties");
  w.StartObject();
  string(w, "instance", instance);
  string(w, "suite", context.suite);
  key(w, "suites");
  w.StartArray();
  for (const SuiteCoverage& coverage : coverage_by_suite(results)) {
    w.StartObject();
    string(w, "suite", coverage.suite);
    key(w, "checks");
    w.Int(coverage.checks);
    key(w, "evaluated");
    w.Int(coverage.evaluated);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string withheld_report(std::string_view format, const ReportContext& context) {
  if (format != "sarif" || context.sarif_on_error) return {};
  if (exit_code(*context.outcome, context.gate) != 2) return {};
  return "the audit is incomplete (exit 2): no SARIF report is written, because code scanning "
         "would take its missing findings as fixed and close their open alerts (--sarif-on-error "
         "writes it anyway)";
}

void write_sarif_report(std::ostream& out, const ReportContext& context) {
  rapidjson::OStreamWrapper stream(out);
  Writer w(stream);
  w.SetIndent(' ', 2);
  w.StartObject();
  string(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  string(w, "version", "2.1.0");
  key(w, "runs");
  w.StartArray();
  for (const std::string& instance : report::instances_of(context)) {
    write_run(w, context, instance);
  }
  w.EndArray();
  w.EndObject();
  out << '\n';
}

}  // namespace sncheck
