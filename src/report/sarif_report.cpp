// SARIF 2.1.0 (OASIS): one run per instance, one rule per check that ran, one result per finding.
// Findings are fail and warn results; pass and skip results are left out (code-scanning tools
// list findings, and a "pass" kind would only add noise there). An error result (something could
// not be read) is not a finding about the instance: it is a toolExecutionNotification of the
// run's invocation, whose executionSuccessful is then false.
// Levels: fail of a critical or high check -> error, medium -> warning, low or info -> note;
// warn -> warning. A waived result carries an accepted external suppression.

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

// Stable across runs and platforms, so a finding keeps its identity in code-scanning tools.
std::string fingerprint(const Result& result) {
  std::uint64_t hash = 14695981039346656037ull;
  for (std::string_view part : {std::string_view(result.check->id), std::string_view("\x1f"),
                                std::string_view(result.instance), std::string_view("\x1f"),
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
  text_object(w, "shortDescription", check.title);
  text_object(w, "fullDescription", check.rationale);
  key(w, "help");
  w.StartObject();
  string(w, "text", check.remediation);
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
  key(w, "tags");
  w.StartArray();
  for (const std::string& tag : check.tags) w.String(tag.c_str());
  w.EndArray();
  key(w, "chain_step");
  w.Int(check.chain_step);
  w.EndObject();
  w.EndObject();
}

// instance / table / record, as far as the evidence names them.
void write_logical_location(Writer& w, const std::string& host, const Evidence* evidence) {
  w.StartObject();
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
  text_object(w, "message", result_message(result));
  key(w, "locations");
  w.StartArray();
  if (result.evidence.empty()) write_logical_location(w, host, nullptr);
  for (const Evidence& evidence : result.evidence) write_logical_location(w, host, &evidence);
  w.EndArray();
  key(w, "partialFingerprints");
  w.StartObject();
  string(w, "sncheckFinding/v1", fingerprint(result));
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
  std::vector<Result> copies;
  for (const Result* result : results) copies.push_back(*result);
  for (const SuiteCoverage& coverage : coverage_by_suite(copies)) {
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
