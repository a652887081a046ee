// SPDX-License-Identifier: Apache-2.0
// bearer_prediction: walks the gates in the platform's order and predicts the answer to the call.
// Three-valued: a gate sncheck cannot judge (a script, a condition, a value it does not know, a
// control it cannot read) makes the prediction a warning that names it, never a confident 200 or
// 403. With --probe, the live call settles it and the report says which.

#include <set>

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

using namespace bearer;

struct Judged {
  const Gate* gate;
  Link link;
};

struct Prediction {
  Result result;
  std::set<int> possible;  // the answers the call may get; empty when it cannot be told
  std::vector<Judged> unknown;
  int definite() const { return possible.size() == 1 ? *possible.begin() : 0; }
};

std::string call_text(const Context& ctx, const Target& target) {
  return fmt::format("{} {} as {} with a token of {}", target.method, ctx.param("api_path"),
                     target.user_name, field_or_empty(*target.entry, "name"));
}

std::string statuses(const std::set<int>& possible) {
  std::vector<std::string> parts;
  for (int status : possible)
    parts.push_back(status == 0 ? "an undocumented status" : std::to_string(status));
  return fmt::format("{}", fmt::join(parts, " or "));
}

std::string gate_names(const std::vector<Judged>& judged) {
  std::vector<std::string> names;
  for (const Judged& j : judged) names.push_back("oauth.api." + j.gate->name);
  return fmt::format("{}", fmt::join(names, ", "));
}

// The answer as evidence a machine can read: "200", "401", "200|403".
Evidence predicted_evidence(const std::set<int>& possible) {
  std::vector<std::string> parts;
  for (int status : possible) parts.push_back(std::to_string(status));
  Evidence evidence;
  evidence.table = "(prediction)";
  evidence.field = "status";
  evidence.value = fmt::format("{}", fmt::join(parts, "|"));
  evidence.note = possible.size() == 1 ? "the predicted answer" : "the answers the call may get";
  return evidence;
}

Prediction predict(const CheckInputs& inputs, const Context& ctx, Target& target) {
  Prediction out;
  const std::string subject = call_text(ctx, target);
  Link where = locate(ctx, target);
  if (where.status != Status::Pass) {
    out.result = to_result(inputs, where);
    if (where.status == Status::Fail) {
      out.possible = {where.http};
      out.result.message = fmt::format("{} → {}: {}", subject, where.http, where.message);
    }
    return out;
  }
  std::vector<std::string> passed;
  for (const Gate& gate : gates()) {
    Link link = judge_gate(ctx, target, gate);
    if (link.status == Status::Error) {
      out.result = to_result(inputs, link);
      out.result.message = fmt::format("Not predicted: oauth.api.{} could not be judged: {}",
                                       gate.name, out.result.message);
      out.unknown.clear();
      return out;
    }
    if (link.status == Status::Pass) passed.push_back(gate.name);
    if (link.status == Status::Warn) out.unknown.push_back({&gate, link});
    if (link.status != Status::Fail) continue;
    // A refusal: the call is refused, by this gate or by one before it sncheck cannot judge.
    out.possible = {link.http};
    for (const Judged& j : out.unknown) out.possible.insert(j.link.http);
    std::string message = fmt::format("{} → {}: {}", subject, statuses(out.possible), link.message);
    if (!out.unknown.empty()) {
      message += fmt::format(" ({} may refuse it first: sncheck cannot judge it.)",
                             gate_names(out.unknown));
    }
    out.result = to_result(inputs, link);
    out.result.message = std::move(message);
    out.result.evidence.push_back(predicted_evidence(out.possible));
    return out;
  }
  out.possible = {200};
  if (out.unknown.empty()) {
    out.result = make_result(inputs, Status::Pass,
                             fmt::format("{} → 200: every gate lets it through ({}).", subject,
                                         fmt::join(passed, ", ")));
    out.result.evidence = where.evidence;
    out.result.evidence.push_back(predicted_evidence(out.possible));
    return out;
  }
  std::vector<std::string> reasons;
  for (const Judged& j : out.unknown) {
    out.possible.insert(j.link.http);
    reasons.push_back(fmt::format("oauth.api.{}: {}", j.gate->name, j.link.message));
  }
  out.result =
      make_result(inputs, Status::Warn,
                  fmt::format("{} → {}: 200 unless a gate sncheck cannot judge refuses it. {}",
                              subject, statuses(out.possible), fmt::join(reasons, " ")));
  out.result.remediation = fmt::format(
      "Look at what the gate{} named {} (their checks say where), or run with --probe to let a "
      "live call settle it.",
      out.unknown.size() == 1 ? "" : "s", gate_names(out.unknown));
  for (const Judged& j : out.unknown) {
    out.result.evidence.insert(out.result.evidence.end(), j.link.evidence.begin(),
                               j.link.evidence.end());
  }
  out.result.evidence.push_back(predicted_evidence(out.possible));
  return out;
}

// With --probe: the prediction next to the answer of a real call with a fresh token. The live
// answer settles what sncheck could not judge; an answer outside what it predicted means
// something it does not model decided the call (table ACLs or business rules in the script, a
// role cache not yet flushed): a failing call is then a fail, a succeeding one a warn.
void compare_with_live_call(const CheckInputs& inputs, const Target& target,
                            const Prediction& prediction, Result& result) {
  const TokenProbeOutcome* probe = inputs.probe;
  if (probe == nullptr || !probe->granted || result.status == Status::Error) return;
  if (!probe->api_called) {
    result.message +=
        fmt::format(" Not called live: sncheck calls only GET or HEAD, not {}.", target.method);
    return;
  }
  Evidence live;
  live.table = "(live call)";
  live.field = "status";
  live.value = probe->api_transport_error.empty() ? std::to_string(probe->api_status) : "";
  live.note = probe->api_transport_error.empty()
                  ? fmt::format("{} with a fresh token: {}", target.method, probe->api_answer)
                  : fmt::format("no answer: {}", probe->api_transport_error);
  result.evidence.push_back(std::move(live));
  if (!probe->api_transport_error.empty()) {
    result.status = Status::Error;
    result.message += fmt::format(" The live call got no answer: {}.", probe->api_transport_error);
    return;
  }
  const int status = probe->api_status;
  const bool succeeded = status >= 200 && status < 300;
  const bool expected = prediction.possible.count(succeeded ? 200 : status) != 0 ||
                        (!succeeded && prediction.possible.count(0) != 0);
  if (expected && prediction.unknown.empty()) {
    result.message += fmt::format(" A live call with a fresh token confirmed it: {}.", status);
    return;
  }
  if (expected) {
    result.status = succeeded ? Status::Pass : inputs.check->failure_status;
    result.message += fmt::format(
        " A live call with a fresh token settled it: {} ({}), so {}.", status, probe->api_answer,
        succeeded ? fmt::format("what sncheck could not judge ({}) let it through",
                                gate_names(prediction.unknown))
                  : fmt::format("the refusal came from what sncheck could not judge ({}) or a "
                                "gate after it",
                                gate_names(prediction.unknown)));
    return;
  }
  result.status = succeeded ? Status::Warn : Status::Fail;
  result.message += fmt::format(
      " But a live call with a fresh token answered {} ({}), not the predicted {}: something "
      "sncheck does not model decided it (table ACLs or business rules in the script, a role "
      "cache not yet flushed).",
      status, probe->api_answer, statuses(prediction.possible));
  if (result.remediation.empty()) {
    result.remediation =
        "Read the resource's script and the ACLs of the tables it touches; run the call again "
        "with the X-WantSessionDebugMessages header as the application user to see which rule "
        "refuses it.";
  }
}

class PredictionEvaluator final : public Evaluator {
 public:
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    std::vector<std::string> names;
    for (const Gate& gate : gates())
      names.insert(names.end(), gate.reads.begin(), gate.reads.end());
    return gate_reads(names);
  }
  std::vector<SchemaColumn> columns(const std::map<std::string, std::string>&) const override {
    std::vector<SchemaColumn> all;
    for (const Gate& gate : gates())
      all.insert(all.end(), gate.columns.begin(), gate.columns.end());
    return gate_columns(all);
  }
  std::vector<std::string> required_run_params() const override {
    return {"api_path", "client_id"};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    Context ctx(inputs);
    Target target = start_target(ctx);
    Link entry = find_entry(ctx, target);
    if (entry.status != Status::Pass) return {to_result(inputs, entry)};
    Prediction prediction = predict(inputs, ctx, target);
    compare_with_live_call(inputs, target, prediction, prediction.result);
    prediction.result.subject = fmt::format("{} {}", target.method, target.path);
    return {prediction.result};
  }

  std::string describe(const CheckDefinition&) const override {
    std::vector<std::string> names;
    for (const Gate& gate : gates()) names.push_back("`oauth.api." + gate.name + "`");
    return fmt::format(
        "Locates the resource (`oauth.api.resource`, 400 or 404 when it is missing or "
        "inactive), then walks the gates in the order the platform applies them: {}. The "
        "first gate that refuses gives the answer (401, 403) and the reason; a gate sncheck "
        "cannot judge (an ACL script or condition, a value it does not know, a control it "
        "cannot read) makes the prediction a `warn` naming it and the answers the call may get, "
        "never a confident 200 or 403. Passes when 200 is predicted, fails on a refusal. A gate "
        "that does not exist on the instance's release is skipped. With `--probe`, sncheck also "
        "gets a token and calls the resource once (GET or HEAD only, never a method that "
        "changes data): the live answer settles a warning (pass on 2xx, fail on a refusal, "
        "saying which gates could have decided), confirms a definite prediction, and an answer "
        "outside the prediction is a `fail` when the call failed and a `warn` when it "
        "succeeded.{}",
        fmt::join(names, ", "), common_description());
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_prediction_evaluator() {
  return std::make_unique<PredictionEvaluator>();
}

}  // namespace sncheck
