// SPDX-License-Identifier: Apache-2.0
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include "core/version.h"
#include "report/report.h"

namespace sncheck {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::OStreamWrapper>;

void write_string(Writer& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_strings(Writer& w, std::string_view key, const std::vector<std::string>& values) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.StartArray();
  for (const std::string& value : values) {
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
  w.EndArray();
}

void write_summary(Writer& w, const Summary& s) {
  w.Key("summary");
  w.StartObject();
  w.Key("pass");
  w.Int(s.pass);
  w.Key("fail");
  w.Int(s.fail);
  w.Key("warn");
  w.Int(s.warn);
  w.Key("skip");
  w.Int(s.skip);
  w.Key("error");
  w.Int(s.error);
  w.Key("waived");
  w.Int(s.waived);
  w.EndObject();
}

void write_evidence(Writer& w, const Evidence& e) {
  w.StartObject();
  write_string(w, "table", e.table);
  write_string(w, "sys_id", e.sys_id);
  write_string(w, "field", e.field);
  write_string(w, "value", e.value);
  write_string(w, "link", e.link);
  write_string(w, "note", e.note);
  w.EndObject();
}

void write_waiver(Writer& w, const Result& r) {
  w.Key("waiver");
  if (!r.waiver) {
    w.Null();
    return;
  }
  w.StartObject();
  write_string(w, "check", r.waiver->check);
  write_string(w, "reason", r.waiver->reason);
  write_string(w, "owner", r.waiver->owner);
  write_string(w, "expires", r.waiver->expires);
  w.Key("expired");
  w.Bool(r.waiver->expired);
  write_string(w, "origin", r.waiver->origin);
  w.EndObject();
}

void write_gate(Writer& w, const GatePolicy& gate) {
  w.Key("gate");
  w.StartObject();
  write_string(w, "fail_on", gate.warn_fails ? "warn" : "fail");
  write_string(w, "severity_threshold", to_string(gate.threshold));
  w.Key("require_coverage");
  if (gate.require_coverage) {
    w.Double(*gate.require_coverage);
  } else {
    w.Null();
  }
  w.EndObject();
}

void write_result(Writer& w, const Result& r, const GatePolicy& gate) {
  w.StartObject();
  write_string(w, "id", r.check->id);
  write_string(w, "title", r.check->title);
  write_string(w, "severity", to_string(r.check->severity));
  write_string(w, "status", to_string(r.status));
  write_string(w, "suite", r.check->suite);
  write_string(w, "instance", r.instance);
  w.Key("subject");
  if (r.subject.empty()) {
    w.Null();
  } else {
    w.String(r.subject.c_str(), static_cast<rapidjson::SizeType>(r.subject.size()));
  }
  write_string(w, "message", r.message);
  w.Key("evidence");
  w.StartArray();
  for (const Evidence& e : r.evidence) write_evidence(w, e);
  w.EndArray();
  write_string(w, "remediation", r.remediation);
  write_strings(w, "references", r.check->references);
  w.Key("waived");
  w.Bool(r.waived());
  write_waiver(w, r);
  w.Key("blocking");
  w.Bool(is_blocking(r, gate));
  w.EndObject();
}

void write_fatal(Writer& w, const std::optional<FetchError>& fatal) {
  w.Key("fatal_error");
  if (fatal) {
    w.StartObject();
    write_string(w, "kind", to_string(fatal->kind));
    write_string(w, "message", fatal->message);
    write_string(w, "remediation", fatal->remedy);
    w.EndObject();
  } else {
    w.Null();
  }
}

void write_root_cause(Writer& w, const ResultRefs& results, const RunParams& params) {
  const Result* root = root_cause(results);
  w.Key("root_cause");
  if (root != nullptr) {
    w.String(root->check->id.c_str());
  } else {
    w.Null();
  }
  w.Key("root_cause_message");
  if (root != nullptr) {
    std::string message = root_cause_message(*root, params);
    w.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
  } else {
    w.Null();
  }
}

// Each suite's summary, root cause and coverage: how many of its checks were evaluated, and why
// the others could not be.
void write_suites(Writer& w, const ResultRefs& results, const ReportContext& context) {
  w.Key("suites");
  w.StartArray();
  for (const SuiteCoverage& coverage : coverage_by_suite(results)) {
    ResultRefs part = results_of_suite(results, coverage.suite);
    w.StartObject();
    write_string(w, "suite", coverage.suite);
    write_string(w, "title", coverage.title);
    write_summary(w, summarize(part, context.gate));
    write_root_cause(w, part, context.params);
    w.Key("coverage");
    w.StartObject();
    w.Key("checks");
    w.Int(coverage.checks);
    w.Key("evaluated");
    w.Int(coverage.evaluated);
    w.Key("percent");
    w.Double(coverage.percent());
    w.Key("below_required");
    w.Bool(below_required_coverage(coverage, context.gate));
    w.Key("not_evaluated");
    w.StartArray();
    for (const SuiteCoverage::Gap& gap : coverage.not_evaluated) {
      w.StartObject();
      write_string(w, "id", gap.check->id);
      write_string(w, "reason", gap.reason);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
}

// A combined run: each instance's own summary, exit code, root cause and fatal error.
void write_instances(Writer& w, const ReportContext& context) {
  w.Key("instances");
  w.StartArray();
  for (const InstanceOutcome& instance : context.instances) {
    OutcomePart part = outcome_for(*context.outcome, instance);
    w.StartObject();
    write_string(w, "instance", instance.instance);
    write_summary(w, summarize(part.results, context.gate));
    w.Key("exit_code");
    w.Int(exit_code(part, context.gate));
    write_root_cause(w, part.results, context.params);
    write_fatal(w, part.fatal);
    write_suites(w, part.results, context);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

void write_check_list_json(std::ostream& out, const std::vector<const CheckDefinition*>& checks) {
  rapidjson::OStreamWrapper stream(out);
  Writer w(stream);
  w.SetIndent(' ', 2);
  w.StartArray();
  for (const CheckDefinition* check : checks) {
    w.StartObject();
    write_string(w, "id", check->id);
    write_string(w, "title", check->title);
    write_string(w, "severity", to_string(check->severity));
    write_string(w, "suite", check->suite);
    write_strings(w, "tags", check->tags);
    w.Key("chain_step");
    w.Int(check->chain_step);
    write_string(w, "origin", check->origin);
    w.EndObject();
  }
  w.EndArray();
  out << '\n';
}

void write_json_report(std::ostream& out, const ReportContext& context) {
  rapidjson::OStreamWrapper stream(out);
  Writer w(stream);
  w.SetIndent(' ', 2);
  const RunOutcome& outcome = *context.outcome;
  const ResultRefs all = refs_of(outcome.results);
  w.StartObject();
  write_string(w, "schema_version", "1");
  w.Key("tool");
  w.StartObject();
  write_string(w, "name", kToolName);
  write_string(w, "version", kToolVersion);
  w.EndObject();
  write_string(w, "instance", context.instance);
  write_string(w, "suite", context.suite);
  write_summary(w, summarize(all, context.gate));
  write_gate(w, context.gate);
  w.Key("exit_code");
  w.Int(exit_code(outcome, context.gate));
  write_root_cause(w, all, context.params);
  write_fatal(w, outcome.fatal);
  write_suites(w, all, context);
  if (context.instances.size() > 1) write_instances(w, context);
  w.Key("results");
  w.StartArray();
  for (const Result& result : outcome.results) write_result(w, result, context.gate);
  w.EndArray();
  w.EndObject();
  out << '\n';
}

}  // namespace sncheck
