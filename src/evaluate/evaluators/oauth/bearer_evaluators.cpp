// SPDX-License-Identifier: Apache-2.0
// The oauth.api.* evaluators: bearer_resource (the call's resource), one bearer_<gate> per gate
// of the chain, and bearer_prediction (bearer_prediction.cpp), registered together.

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_evaluators.h"
#include "evaluate/evaluators/oauth/oauth_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace bearer {

Result to_result(const CheckInputs& inputs, const Link& link) {
  if (link.failed_read != nullptr) return read_error_result(inputs, *link.failed_read);
  Status status = link.check_status.value_or(link.status);
  if (status == Status::Fail) status = inputs.check->failure_status;
  Result result = make_result(inputs, status, link.message);
  result.evidence = link.evidence;
  result.remediation = link.remediation;
  return result;
}

std::string common_description() {
  return " The call is judged for the token of the `--client-id` entry, which acts as its OAuth "
         "Application User (`oauth_entity.user`). Runs only with `--api` and `--client-id`.";
}

std::string release_description(const Gate& gate) {
  if (gate.since.empty()) return {};
  return fmt::format(
      " Exists from {} on: on an older release (glide.war / glide.buildtag.last) "
      "the check is skipped with that reason; an unknown release counts as "
      "current.",
      since_text(gate));
}

}  // namespace bearer

namespace {

using namespace bearer;

class ResourceEvaluator final : public Evaluator {
 public:
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return gate_reads({});
  }
  std::vector<SchemaColumn> columns(const std::map<std::string, std::string>&) const override {
    return gate_columns({});
  }
  std::vector<std::string> required_run_params() const override {
    return {"api_path", "client_id"};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    Context ctx(inputs);
    Target target = start_target(ctx);
    Link entry = find_entry(ctx, target);
    Result result = to_result(inputs, entry.status == Status::Pass ? locate(ctx, target) : entry);
    result.subject = fmt::format("{} {}", target.method, target.path);
    return {result};
  }

  std::string describe(const CheckDefinition&) const override {
    return "Finds the resource the `--api` path names in one read of `sys_ws_operation` that "
           "dot-walks to its API (`web_service_definition`) and version "
           "(`web_service_version`): the API whose base URI the path names (`/api/<namespace>/"
           "<api_id>`, or `/api/<namespace>/<version>/<api_id>` for a versioned API, the "
           "default version when none is named), then its resource with the `--method` HTTP "
           "method whose relative path template matches the rest of the path (`{name}` "
           "segments match any one segment). Fails when none is found (the instance answers "
           "400) or the API, version or resource is inactive (404). Every gate check has this "
           "one as a prerequisite." +
           common_description();
  }
};

class GateEvaluator final : public Evaluator {
 public:
  explicit GateEvaluator(const Gate& gate) : gate_(gate) {}

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return gate_reads(gate_.reads);
  }
  std::vector<SchemaColumn> columns(const std::map<std::string, std::string>&) const override {
    return gate_columns(gate_.columns);
  }
  std::vector<std::string> required_run_params() const override {
    return {"api_path", "client_id"};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    Context ctx(inputs);
    Target target = start_target(ctx);
    Link link = find_entry(ctx, target);
    if (link.status == Status::Pass) {
      Link where = locate(ctx, target);
      if (where.status == Status::Pass) {
        link = judge_gate(ctx, target, gate_);
      } else if (where.failed_read != nullptr) {
        link = where;
      } else {
        link = Link::skip(
            "Not evaluated: the resource was not found or is inactive (see oauth.api.resource).");
      }
    }
    Result result = to_result(inputs, link);
    result.subject = fmt::format("{} {}", target.method, target.path);
    return {result};
  }

  std::string describe(const CheckDefinition&) const override {
    return gate_.description + release_description(gate_) + common_description();
  }

 private:
  const Gate& gate_;
};

}  // namespace

void register_bearer_evaluators(EvaluatorRegistry& registry) {
  registry.add("bearer_resource", [] { return std::make_unique<ResourceEvaluator>(); });
  for (const Gate& gate : gates()) {
    registry.add(fmt::format("bearer_{}", gate.name),
                 [&gate] { return std::make_unique<GateEvaluator>(gate); });
  }
  registry.add("bearer_prediction", make_prediction_evaluator);
}

}  // namespace sncheck
