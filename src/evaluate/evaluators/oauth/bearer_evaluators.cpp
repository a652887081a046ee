// The oauth.api.* evaluators: one per link of the Bearer path (--api), and the prediction that
// walks them in the platform's order. With --probe, the prediction is set beside a live call.

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_chain.h"
#include "evaluate/evaluators/oauth/oauth_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

using namespace bearer;

// ---- the check kinds ---------------------------------------------------------------------------

using Gate = std::function<Link(const Context&, const Target&)>;

struct LinkKind {
  const char* name;
  std::vector<std::string> reads;  // names in gate_reads()
  Gate gate;                       // empty for "resource" (locating is the check) and "prediction"
  const char* description;
};

// Every read a gate may need, by name; each evaluator declares the locate reads and its gate's.
const std::vector<ReadSpec>& gate_reads() {
  static const std::vector<ReadSpec> reads = {
      ReadSpec{"policies",
               "sys_api_access_policy",
               "active=true",
               {"name", "active", "api", "http_method", "apply_global", "apply_all_methods"},
               {},
               {},
               {}},
      ReadSpec{"policy_profiles",
               "sys_auth_profile_mapping",
               "api_access_policyISNOTEMPTY",
               {"api_access_policy", "inbound_auth_profile", "inbound_auth_profile.name"},
               {},
               {},
               {}},
      ReadSpec{"auth_profiles", "std_http_auth", "typeISNOTEMPTY", {"name", "type"}, {}, {}, {}},
      ReadSpec{"api_scopes",
               "sys_api_access_scope",
               "active=true",
               {"api", "http_method", "apply_all_methods", "auth_scope", "auth_scope.name"},
               {},
               {},
               {}},
      ReadSpec{"entity_scopes",
               "oauth_entity_auth_scope_mapping",
               "oauth_entity.type=client",
               {"oauth_entity", "auth_scope", "auth_scope.name"},
               {{"client_id", "oauth_entity.client_id={client_id}"}},
               {},
               {}},
      ReadSpec{"scope_check_property",
               "sys_properties",
               "name=com.glide.rest.api.auth.scope.check.enable",
               {"name", "value"},
               {},
               {},
               {}},
      ReadSpec{"acls",
               "sys_security_acl",
               "type=REST_Endpoint^operation=execute",
               {"name", "active", "type", "operation"},
               {},
               {},
               {}},
      ReadSpec{"acl_roles",
               "sys_security_acl_role",
               "sys_security_acl.type=REST_Endpoint",
               {"sys_security_acl", "sys_user_role", "sys_user_role.name"},
               {},
               {},
               {}},
      ReadSpec{"grants",
               "sys_user_has_role",
               "state=active",
               {"user", "role", "role.name"},
               {},
               {},
               ReadKey{"entries", "user", "user"}},
      ReadSpec{"explicit_roles",
               "sys_plugins",
               "source=com.glide.explicit_roles",
               {"source", "active"},
               {},
               {},
               {}},
  };
  return reads;
}

const ReadSpec& gate_read(const std::string& name) {
  for (const ReadSpec& read : gate_reads()) {
    if (read.name == name) return read;
  }
  throw std::logic_error("no gate read named " + name);
}

const std::vector<LinkKind>& link_kinds() {
  static const std::vector<LinkKind> kinds = {
      {"resource",
       {},
       nullptr,
       "Finds the Scripted REST API whose base URI the `--api` path names (`/api/<namespace>/"
       "<api_id>`, or `/api/<namespace>/<version>/<api_id>` for a versioned API, the default "
       "version when none is named), then its resource with the `--method` HTTP method whose "
       "relative path template matches the rest of the path (`{name}` segments match any one "
       "segment). Fails when either is missing (the instance answers 400) or inactive (404)."},
      {"access_policy",
       {"policies", "policy_profiles", "auth_profiles"},
       access_policy,
       "Looks for active REST API Access Policies that apply to the API (`apply_global`, or `api` "
       "= the API's sys_id with the method or all methods). Fails when one maps no "
       "authentication profile whose type is OAuth (`sys_auth_profile_mapping` -> "
       "`std_http_auth.type`): the token is refused with 401 and `WWW-Authenticate`. Passes when "
       "the policy table does not exist (plugin not installed)."},
      {"authentication",
       {},
       authentication,
       "Reads `requires_authentication` on the resource. Warns when it is false: the resource "
       "is public and answers 200 to anyone."},
      {"auth_scope",
       {"api_scopes", "entity_scopes", "scope_check_property"},
       auth_scope,
       "Unless `com.glide.rest.api.auth.scope.check.enable` is false, finds the active REST API "
       "Auth Scopes linked to the API (`sys_api_access_scope.api`, for the method or all "
       "methods) and fails when the client's entry has none of them in "
       "`oauth_entity_auth_scope_mapping` (`useraccount` grants everything): 403 \"Missing "
       "required api access scope\". Passes when no scope is linked or the table does not exist."},
      {"acl",
       {"acls", "acl_roles", "grants"},
       acl,
       "When the resource has `requires_acl_authorization`, takes its `enforce_acl` list (else the "
       "API's), keeps the active REST_Endpoint ACLs, and passes when one of them requires no "
       "role or a role the entry's OAuth Application User holds (`sys_user_has_role`, "
       "state active). Fails otherwise: 403 \"User Not Authorized\", \"Failed API level ACL "
       "Validation\"."},
      {"internal_role",
       {"explicit_roles", "grants"},
       internal_role,
       "When the resource has `requires_snc_internal_role` and plugin com.glide.explicit_roles "
       "is active, fails when the entry's OAuth Application User lacks role snc_internal."},
      {"prediction",
       {},
       nullptr,
       "Walks the links in the order the platform applies them (resource, authentication, "
       "access policy, auth scope, ACL, snc_internal) and predicts the answer to the call: the "
       "first link that refuses gives the status and the reason. Passes when 200 is predicted, "
       "fails otherwise."},
  };
  return kinds;
}

const LinkKind* find_kind(std::string_view name) {
  for (const LinkKind& kind : link_kinds()) {
    if (name == kind.name) return &kind;
  }
  return nullptr;
}

Result to_result(const CheckInputs& inputs, const Link& link) {
  if (link.failed_read != nullptr) return read_error_result(inputs, *link.failed_read);
  Status status = link.status == Status::Fail ? inputs.check->failure_status : link.status;
  Result result = make_result(inputs, status, link.message);
  result.evidence = link.evidence;
  result.remediation = link.remediation;
  return result;
}

// The gates in the order the platform applies them.
std::vector<const LinkKind*> gate_order() {
  std::vector<const LinkKind*> order;
  for (const char* name :
       {"authentication", "access_policy", "auth_scope", "acl", "internal_role"}) {
    order.push_back(find_kind(name));
  }
  return order;
}

std::string call_text(const Context& ctx, const Target& target) {
  return fmt::format("{} {} as {} with a token of {}", target.method, ctx.param("api_path"),
                     target.user_name, field_or_empty(*target.entry, "name"));
}

// predicted: the status the call should get, 0 when it cannot be told (a read failed).
Result predict(const CheckInputs& inputs, const Context& ctx, const Target& target,
               const Link& located_link, int& predicted) {
  predicted = 0;
  std::string subject = call_text(ctx, target);
  if (located_link.status != Status::Pass) {
    Link link = located_link;
    if (link.failed_read == nullptr) {
      link.message = fmt::format("{} → {}: {}", subject, link.http, link.message);
      predicted = link.http;
    }
    return to_result(inputs, link);
  }
  for (const LinkKind* kind : gate_order()) {
    Link link = kind->gate(ctx, target);
    if (link.failed_read != nullptr || link.status == Status::Skip) return to_result(inputs, link);
    if (link.stops) {
      predicted = 200;
      Result result =
          make_result(inputs, Status::Pass, fmt::format("{} → 200: {}", subject, link.message));
      result.evidence = link.evidence;
      return result;
    }
    if (link.status == Status::Fail) {
      predicted = link.http;
      link.message = fmt::format("{} → {}: {}", subject, link.http, link.message);
      return to_result(inputs, link);
    }
  }
  predicted = 200;
  Result result = make_result(
      inputs, Status::Pass,
      fmt::format("{} → 200: every link holds (resource active, authentication, access policy, "
                  "auth scope, ACL roles).",
                  subject));
  result.evidence = located_link.evidence;
  return result;
}

// With --probe: the prediction next to the answer of a real call with a fresh token. A mismatch
// means something sncheck does not model decided the call (table ACLs or business rules in the
// script, a role cache not yet flushed): a failing call is then a fail, a succeeding one a warn.
void compare_with_live_call(const CheckInputs& inputs, const Target& target, int predicted,
                            Result& result) {
  const TokenProbeOutcome* probe = inputs.probe;
  if (probe == nullptr || !probe->granted) return;
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
  if (predicted == probe->api_status) {
    result.message +=
        fmt::format(" A live call with a fresh token confirmed it: {}.", probe->api_status);
    return;
  }
  bool call_succeeded = probe->api_status >= 200 && probe->api_status < 300;
  result.status = call_succeeded ? Status::Warn : Status::Fail;
  result.message += fmt::format(
      " But a live call with a fresh token answered {} ({}){}: something sncheck does not "
      "model decided it (table ACLs or business rules in the script, a role cache not yet "
      "flushed).",
      probe->api_status, probe->api_answer,
      predicted == 0 ? "" : fmt::format(", not the predicted {}", predicted));
  if (result.remediation.empty()) {
    result.remediation =
        "Read the resource's script and the ACLs of the tables it touches; run the call again "
        "with the X-WantSessionDebugMessages header as the application user to see which rule "
        "refuses it.";
  }
}

class BearerLinkEvaluator final : public Evaluator {
 public:
  explicit BearerLinkEvaluator(const LinkKind& kind) : kind_(kind) {}

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    std::vector<ReadSpec> reads = locate_reads();
    for (const std::string& name : read_names()) {
      bool known = std::any_of(reads.begin(), reads.end(),
                               [&name](const ReadSpec& read) { return read.name == name; });
      if (!known) reads.push_back(gate_read(name));
    }
    return reads;
  }

  std::vector<std::string> required_run_params() const override {
    return {"api_path", "client_id"};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    Context ctx(inputs);
    Target target;
    target.method = ctx.param("api_method").empty() ? "GET" : ctx.param("api_method");
    target.path = ctx.param("api_path");
    Link entry = find_entry(ctx, target);
    if (entry.status != Status::Pass) return {to_result(inputs, entry)};
    Link where = locate(ctx, target);
    std::vector<Result> out;
    if (std::string(kind_.name) == "prediction") {
      int predicted = 0;
      out.push_back(predict(inputs, ctx, target, where, predicted));
      compare_with_live_call(inputs, target, predicted, out.back());
    } else if (std::string(kind_.name) == "resource" || where.status != Status::Pass) {
      out.push_back(kind_.gate && where.status != Status::Pass && where.failed_read == nullptr
                        ? skipped(inputs)
                        : to_result(inputs, where));
    } else {
      out.push_back(to_result(inputs, kind_.gate(ctx, target)));
    }
    out.back().subject = fmt::format("{} {}", target.method, target.path);
    return out;
  }

  std::string describe(const CheckDefinition&) const override {
    std::string live;
    if (std::string(kind_.name) == "prediction") {
      live =
          " With `--probe`, sncheck also gets a token and calls the resource once (GET or HEAD "
          "only, never a method that changes data) and sets the real answer beside the "
          "prediction: a mismatch is a `fail` when the call failed and a `warn` when it "
          "succeeded.";
    }
    return fmt::format(
        "{} The call is judged for the token of the `--client-id` entry, which acts as its OAuth "
        "Application User (`oauth_entity.user`). Runs only with `--api` and `--client-id`.{}",
        kind_.description, live);
  }

 private:
  std::vector<std::string> read_names() const {
    if (std::string(kind_.name) != "prediction") return kind_.reads;
    std::vector<std::string> names;
    for (const LinkKind& other : link_kinds()) {
      names.insert(names.end(), other.reads.begin(), other.reads.end());
    }
    return names;
  }

  static Result skipped(const CheckInputs& inputs) {
    return make_result(inputs, Status::Skip,
                       "Not evaluated: the resource was not found or is inactive (see "
                       "oauth.api.resource).");
  }

  const LinkKind& kind_;
};

}  // namespace

void register_bearer_evaluators(EvaluatorRegistry& registry) {
  for (const LinkKind& kind : link_kinds()) {
    registry.add(fmt::format("bearer_{}", kind.name),
                 [&kind] { return std::make_unique<BearerLinkEvaluator>(kind); });
  }
}

}  // namespace sncheck
