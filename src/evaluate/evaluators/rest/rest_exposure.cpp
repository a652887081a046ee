// SPDX-License-Identifier: Apache-2.0
// Every active resource of every active Scripted REST API, judged at one gate: whether it requires
// authentication (without it the resource is public), whether it requires ACL authorization, and
// whether an active REST_Endpoint ACL guards it (the resource's own ACLs, else its API's default).
// One result per exposed resource, naming the API, the resource, its method and path and linking
// the record; one pass when none is exposed (an instance has hundreds of resources).

#include <map>
#include <set>

#include <fmt/format.h>

#include "core/platform_values.h"
#include "core/strings.h"
#include "evaluate/evaluators/rest/rest_evaluators.h"
#include "evaluate/evaluators/rest/rest_resources.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

using rest::flag;
using rest::resource_label;
using rest::resource_words;

enum class Gate { Authentication, AclAuthorization, EndpointAcl };

std::optional<Gate> parse_gate(std::string_view text) {
  if (text == "authentication") return Gate::Authentication;
  if (text == "acl_authorization") return Gate::AclAuthorization;
  if (text == "endpoint_acl") return Gate::EndpointAcl;
  return std::nullopt;
}

ReadSpec acls_read() {
  return ReadSpec{"acls",
                  "sys_security_acl",
                  "type=REST_Endpoint^operation=execute",
                  {"name", "active", "type", "operation"},
                  {},
                  {},
                  {}};
}

class RestExposureEvaluator final : public Evaluator {
 public:
  std::vector<ParamSpec> params() const override {
    return {{"gate", true, "authentication, acl_authorization or endpoint_acl"}};
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>& params) const override {
    std::vector<ReadSpec> reads{rest::operations_read()};
    if (params.at("gate") == "endpoint_acl") reads.push_back(acls_read());
    return reads;
  }

  std::string validate(const CheckDefinition& check) const override {
    if (!parse_gate(check.evaluator->params.at("gate"))) {
      return "evaluator.params.gate: must be authentication, acl_authorization or endpoint_acl";
    }
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const Gate gate = *parse_gate(inputs.evaluator_param("gate"));
    const ReadInput& operations = inputs.read("operations");
    if (operations.error != nullptr) {
      if (operations.error->kind == FetchErrorKind::InvalidTable) {
        return {make_result(inputs, Status::Pass,
                            "The instance has no Scripted REST resource table (sys_ws_operation): "
                            "no Scripted REST API is exposed.")};
      }
      return {read_error_result(inputs, operations)};
    }
    std::set<std::string> active_acls;
    if (gate == Gate::EndpointAcl) {
      const ReadInput& acls = inputs.read("acls");
      if (acls.error != nullptr) return {read_error_result(inputs, acls)};
      for (const Record* acl : acls.rows) {
        if (parse_boolean(field_or_empty(*acl, "active")).value_or(false)) {
          active_acls.insert(field_or_empty(*acl, "sys_id"));
        }
      }
    }
    std::vector<Result> results;
    std::set<std::string> apis;
    std::size_t judged = 0;
    for (const Record* operation : operations.rows) {
      apis.insert(field_or_empty(*operation, "web_service_definition"));
      std::optional<Result> result = judge(inputs, operations, *operation, gate, active_acls);
      ++judged;
      if (result) results.push_back(std::move(*result));
    }
    if (results.empty()) {
      results.push_back(make_result(inputs, Status::Pass, pass_message(gate, judged, apis.size())));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    const Gate gate = *parse_gate(check.evaluator->params.at("gate"));
    std::string text =
        "Reads every active Scripted REST resource of an active API (`sys_ws_operation` where "
        "`active=true^web_service_definition.active=true`, the API's name, base path and default "
        "ACLs dot-walked, every page). ";
    switch (gate) {
      case Gate::Authentication:
        text += fmt::format(
            "Reports `{}` for each resource whose Requires authentication "
            "(`requires_authentication`) is false: the platform answers it without credentials.",
            to_string(check.failure_status));
        break;
      case Gate::AclAuthorization:
        text += fmt::format(
            "Reports `{}` for each resource that requires authentication but not ACL "
            "authorization (`requires_acl_authorization` false): any authenticated user may call "
            "it. Public resources are left to rest.resource.authentication.",
            to_string(check.failure_status));
        break;
      case Gate::EndpointAcl:
        text += fmt::format(
            "Also reads the REST_Endpoint ACLs (`sys_security_acl` where "
            "`type=REST_Endpoint^operation=execute`). Reports `{}` for each resource that "
            "requires ACL authorization but names no active REST_Endpoint ACL: neither its own "
            "ACLs (`enforce_acl`) nor, when those are empty, its API's default ACLs. Public "
            "resources and resources without ACL authorization are left to the other rest checks; "
            "path-based ACLs (Australia) are not read.",
            to_string(check.failure_status));
        break;
    }
    return text +
           " One result per such resource (subject: method and path), one `pass` when there is "
           "none; a flag that was not returned or is not a platform boolean is an error for that "
           "resource.";
  }

 private:
  static std::string pass_message(Gate gate, std::size_t resources, std::size_t apis) {
    std::string what = fmt::format("{} of {}",
                                   count_of(resources, "active resource",
                                            "active "
                                            "resources"),
                                   count_of(apis, "active Scripted REST API",
                                            "active Scripted "
                                            "REST APIs"));
    if (resources == 0) return "No active Scripted REST resource exists.";
    switch (gate) {
      case Gate::Authentication:
        return fmt::format("Every one of the {} requires authentication.", what);
      case Gate::AclAuthorization:
        return fmt::format("Every authenticated one of the {} requires ACL authorization.", what);
      case Gate::EndpointAcl:
        return fmt::format(
            "Every one of the {} that requires ACL authorization names an active REST_Endpoint "
            "ACL.",
            what);
    }
    return {};
  }

  static Result finding(const CheckInputs& inputs, const ReadInput& read, const Record& operation,
                        const std::string& field, std::string message) {
    Result result = make_result(inputs, inputs.check->failure_status, std::move(message));
    result.subject = resource_label(operation);
    result.evidence.push_back(row_evidence(inputs, read, operation, field));
    result.remediation = fmt::format("Open the resource ({}): {}", result.evidence.back().link,
                                     expand(inputs.check->remediation, inputs, &read, &operation));
    return result;
  }

  static std::optional<Result> judge(const CheckInputs& inputs, const ReadInput& read,
                                     const Record& operation, Gate gate,
                                     const std::set<std::string>& active_acls) {
    std::string problem;
    std::optional<bool> authenticated = flag(operation, "requires_authentication", &problem);
    if (!authenticated) {
      return rest::unreadable(inputs, read, operation, "requires_authentication", problem);
    }
    if (gate == Gate::Authentication) {
      if (*authenticated) return std::nullopt;
      return finding(inputs, read, operation, "requires_authentication",
                     fmt::format("{} does not require authentication: anyone who can reach the "
                                 "instance can call it.",
                                 resource_words(operation)));
    }
    if (!*authenticated) return std::nullopt;  // public: rest.resource.authentication reports it
    std::optional<bool> acl_required = flag(operation, "requires_acl_authorization", &problem);
    if (!acl_required) {
      return rest::unreadable(inputs, read, operation, "requires_acl_authorization", problem);
    }
    if (gate == Gate::AclAuthorization) {
      if (*acl_required) return std::nullopt;
      return finding(inputs, read, operation, "requires_acl_authorization",
                     fmt::format("{} does not require ACL authorization: any authenticated user "
                                 "may call it, whatever their roles.",
                                 resource_words(operation)));
    }
    if (!*acl_required) return std::nullopt;
    for (const char* field : {"enforce_acl", "web_service_definition.enforce_acl"}) {
      if (find_field(operation, field) == nullptr) {
        return rest::unreadable(
            inputs, read, operation, field,
            fmt::format("{} came back without {}", rest::kOperationsTable, field));
      }
    }
    std::string own = field_or_empty(operation, "enforce_acl");
    std::string inherited = field_or_empty(operation, "web_service_definition.enforce_acl");
    std::vector<std::string> names = split_list(own.empty() ? inherited : own);
    for (const std::string& acl : names) {
      if (active_acls.count(acl) != 0) return std::nullopt;
    }
    return finding(
        inputs, read, operation, own.empty() ? "web_service_definition.enforce_acl" : "enforce_acl",
        fmt::format("{} requires ACL authorization but names no active REST_Endpoint ACL ({}): "
                    "there is no role to check, so any authenticated user may call it.",
                    resource_words(operation),
                    names.empty() ? std::string("neither the resource nor its API names one")
                                  : fmt::format("{} named, none active and of type REST_Endpoint",
                                                count_of(names.size(), "ACL", "ACLs"))));
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_rest_exposure_evaluator() {
  return std::make_unique<RestExposureEvaluator>();
}

void register_rest_evaluators(EvaluatorRegistry& registry) {
  registry.add("rest_exposure", make_rest_exposure_evaluator);
  registry.add("rest_api_scope", make_rest_api_scope_evaluator);
  registry.add("rest_basic_policy", make_rest_basic_policy_evaluator);
}

}  // namespace sncheck
