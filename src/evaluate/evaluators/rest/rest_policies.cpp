// SPDX-License-Identifier: Apache-2.0
// Which callers the platform lets through before a resource's own gates: REST API Auth Scopes
// (an API without one accepts any OAuth client's token, once scopes are enforced) and REST API
// Access Policies (a global one that admits Basic authentication lets every API without a more
// specific policy take a user name and password).

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

constexpr const char* kScopePlugin = "com.glide.rest.auth.scope";
constexpr const char* kScopeProperty = "com.glide.rest.api.auth.scope.check.enable";

bool absent_table(const ReadInput& read) {
  return read.error != nullptr && read.error->kind == FetchErrorKind::InvalidTable;
}

class RestApiScopeEvaluator final : public Evaluator {
 public:
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {rest::operations_read(),
            ReadSpec{"scopes",
                     "sys_api_access_scope",
                     "active=true",
                     {"api", "http_method", "apply_all_methods", "auth_scope", "auth_scope.name"},
                     {},
                     {},
                     {}},
            ReadSpec{"plugin",
                     "sys_plugins",
                     std::string("source=") + kScopePlugin,
                     {"source", "name", "active"},
                     {},
                     {},
                     {}},
            ReadSpec{"plugin_view",
                     "v_plugin",
                     std::string("id=") + kScopePlugin,
                     {"id", "name", "active"},
                     {},
                     "plugin",
                     {}},
            ReadSpec{"property",
                     "sys_properties",
                     std::string("name=") + kScopeProperty,
                     {"name", "value"},
                     {},
                     {},
                     {}}};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    for (const char* name : {"operations", "property"}) {
      const ReadInput& read = inputs.read(name);
      if (read.error != nullptr && !absent_table(read)) return {read_error_result(inputs, read)};
    }
    const ReadInput& plugin = inputs.read("plugin");
    const ReadInput& view = inputs.read("plugin_view");
    if (plugin.error != nullptr && (view.not_needed || view.error != nullptr)) {
      return {read_error_result(inputs, view.error != nullptr ? view : plugin)};
    }
    if (std::optional<Result> off = not_enforced(inputs)) return {*off};
    const ReadInput& scopes = inputs.read("scopes");
    if (scopes.error != nullptr && !absent_table(scopes)) {
      return {read_error_result(inputs, scopes)};
    }
    std::set<std::string> covered;
    for (const Record* scope : scopes.rows) covered.insert(field_or_empty(*scope, "api"));
    const ReadInput& operations = inputs.read("operations");
    std::vector<Result> results;
    std::set<std::string> seen;
    for (const Record* operation : operations.rows) {
      const std::string api = field_or_empty(*operation, "web_service_definition");
      if (!seen.insert(api).second || covered.count(api) != 0) continue;
      std::string base = field_or_empty(*operation, "web_service_definition.base_uri");
      Result result = make_result(
          inputs, inputs.check->failure_status,
          fmt::format("Scripted REST API '{}' ({}) has no active REST API Auth Scope: any OAuth "
                      "client with a valid token may call it, as far as the resources' ACLs let "
                      "its user.",
                      field_or_empty(*operation, "web_service_definition.name"), base));
      result.subject = base;
      result.evidence.push_back(record_evidence(inputs, "sys_ws_definition", api,
                                                "no active sys_api_access_scope names this API"));
      result.remediation = expand(inputs.check->remediation, inputs, nullptr, nullptr);
      results.push_back(std::move(result));
    }
    if (results.empty()) {
      results.push_back(make_result(
          inputs, Status::Pass,
          seen.empty() ? std::string("No active Scripted REST API exists.")
                       : fmt::format("Every one of the {} has an active REST API Auth Scope.",
                                     count_of(seen.size(), "active Scripted REST API",
                                              "active Scripted REST APIs"))));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Scopes are enforced when plugin `{0}` is active (`sys_plugins`, or `v_plugin` in a second "
        "wave when sys_plugins shows nothing) and `{1}` is not false "
        "(`sys_properties`); otherwise the check is skipped, saying which. Then reads the active "
        "REST API Auth Scopes (`sys_api_access_scope` where `active=true`) and the active "
        "resources of active APIs (`sys_ws_operation`, as the other rest checks), and reports "
        "`{2}` for each API no active scope names (`api`): any OAuth client's token is accepted "
        "there. One `pass` when every API has one.",
        kScopePlugin, kScopeProperty, to_string(check.failure_status));
  }

 private:
  static std::optional<Result> not_enforced(const CheckInputs& inputs) {
    bool active = false;
    for (const Record* row : inputs.read("plugin").rows) {
      if (field_or_empty(*row, "source") != kScopePlugin) continue;
      active = parse_boolean(field_or_empty(*row, "active")).value_or(false);
    }
    // The fallback, read only when sys_plugins showed nothing: v_plugin writes active/inactive.
    for (const Record* row : inputs.read("plugin_view").rows) {
      if (field_or_empty(*row, "id") != kScopePlugin) continue;
      const std::string value = field_or_empty(*row, "active");
      active = active || value == "active" || value == "true";
    }
    if (!active) {
      return make_result(inputs, Status::Skip,
                         fmt::format("Plugin {} (REST API Auth Scope) is not active: scopes are "
                                     "not enforced, so no API is outside one.",
                                     kScopePlugin));
    }
    for (const Record* row : inputs.read("property").rows) {
      if (field_or_empty(*row, "name") == kScopeProperty &&
          field_or_empty(*row, "value") == "false") {
        return make_result(inputs, Status::Skip,
                           fmt::format("{} is false: REST API Auth Scope checks are switched off.",
                                       kScopeProperty));
      }
    }
    return std::nullopt;
  }
};

// A Basic authentication profile, by its type (std_http_auth) or, where the type says nothing,
// its name. The stored type values are not documented (practitioner sources say basic_auth).
bool is_basic(const Record& mapping) {
  std::string type = lower(field_or_empty(mapping, "inbound_auth_profile.type"));
  if (!type.empty()) return type.find("basic") != std::string::npos;
  return lower(field_or_empty(mapping, "inbound_auth_profile.name")).find("basic") !=
         std::string::npos;
}

class RestBasicPolicyEvaluator final : public Evaluator {
 public:
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {ReadSpec{"mappings",
                     "sys_auth_profile_mapping",
                     "api_access_policy.active=true^api_access_policy.apply_global=true",
                     {"api_access_policy", "api_access_policy.name", "inbound_auth_profile",
                      "inbound_auth_profile.name", "inbound_auth_profile.type"},
                     {},
                     {},
                     {}}};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& mappings = inputs.read("mappings");
    if (absent_table(mappings)) {
      return {make_result(inputs, Status::Pass,
                          "The instance has no REST API Access Policy tables (the access policy "
                          "plugin is not installed): no global policy admits Basic "
                          "authentication.")};
    }
    if (mappings.error != nullptr) return {read_error_result(inputs, mappings)};
    std::map<std::string, std::vector<const Record*>> basic_by_policy;
    std::set<std::string> policies;
    for (const Record* mapping : mappings.rows) {
      policies.insert(field_or_empty(*mapping, "api_access_policy"));
      if (is_basic(*mapping)) {
        basic_by_policy[field_or_empty(*mapping, "api_access_policy")].push_back(mapping);
      }
    }
    std::vector<Result> results;
    for (const auto& [policy, basics] : basic_by_policy) {
      const Record& first = *basics.front();
      Result result = make_result(
          inputs, inputs.check->failure_status,
          fmt::format("REST API Access Policy '{}' applies globally and admits Basic "
                      "authentication ({}): every REST API without a more specific policy accepts "
                      "a user name and password.",
                      field_or_empty(first, "api_access_policy.name"),
                      field_or_empty(first, "inbound_auth_profile.name")));
      result.subject = field_or_empty(first, "api_access_policy.name");
      Evidence evidence = row_evidence(inputs, mappings, first, "inbound_auth_profile.name");
      evidence.note = "a profile of the global policy";
      result.evidence.push_back(std::move(evidence));
      result.evidence.push_back(
          record_evidence(inputs, "sys_api_access_policy", policy, "the policy (Global, active)"));
      result.remediation = fmt::format("Open the policy ({}): {}", result.evidence.back().link,
                                       expand(inputs.check->remediation, inputs, nullptr, nullptr));
      results.push_back(std::move(result));
    }
    if (results.empty()) {
      results.push_back(make_result(
          inputs, Status::Pass,
          policies.empty()
              ? std::string("No active global REST API Access Policy exists.")
              : fmt::format("None of the {} admits Basic authentication.",
                            count_of(policies.size(), "active global REST API Access Policy",
                                     "active global REST API Access Policies"))));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Reads the authentication profiles of active global REST API Access Policies "
        "(`sys_auth_profile_mapping` where "
        "`api_access_policy.active=true^api_access_policy.apply_global=true`, the profile's name "
        "and type dot-walked). Reports `{}` for each such policy with a Basic authentication "
        "profile (its type, or where the type is empty its name, mentions basic); one `pass` "
        "otherwise. Without the access policy tables (plugin not installed) no policy exists: "
        "`pass`.",
        to_string(check.failure_status));
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_rest_api_scope_evaluator() {
  return std::make_unique<RestApiScopeEvaluator>();
}

std::unique_ptr<Evaluator> make_rest_basic_policy_evaluator() {
  return std::make_unique<RestBasicPolicyEvaluator>();
}

}  // namespace sncheck
