// SPDX-License-Identifier: Apache-2.0
// The gates in the order the platform applies them to a Bearer call of a Scripted REST resource
// (the resource is located first: oauth.api.resource), and how one gate is applied to a call.

#include "evaluate/evaluators/oauth/bearer_gates.h"

namespace sncheck::bearer {

const std::vector<Gate>& gates() {
  static const std::vector<Gate> all = {
      authentication_gate(),
      access_policy_gate(),
      auth_profile_gate(),
      token_restriction_gate(),
      scope_restriction_gate(),
      auth_scope_gate(),
      acl_gate(),
      path_acl_gate(),
      internal_role_gate(),
      machine_identity_gate(),
      ip_access_gate(),
  };
  return all;
}

Link judge_gate(const Context& ctx, const Target& target, const Gate& gate) {
  if (std::optional<Link> skip = release_skip(ctx, gate)) return *skip;
  if (!gate.public_too && target.is_public()) {
    return Link::skip(
        "Not evaluated: the resource requires no authentication (see oauth.api.authentication), "
        "so the token's gates do not apply.");
  }
  return gate.judge(ctx, target);
}

Target start_target(const Context& ctx) {
  Target target;
  target.method = ctx.param("api_method").empty() ? "GET" : ctx.param("api_method");
  target.path = ctx.param("api_path");
  return target;
}

std::vector<ReadSpec> gate_reads(const std::vector<std::string>& names) {
  std::vector<ReadSpec> reads;
  std::vector<std::string> seen;
  std::function<void(const std::string&)> add = [&](const std::string& name) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) return;
    seen.push_back(name);
    const ReadSpec& spec = bearer_read(name);
    if (spec.keyed_on) add(spec.keyed_on->read);  // the read it waits for comes first
    reads.push_back(spec);
  };
  for (const std::string& name : locate_read_names()) add(name);
  for (const std::string& name : names) add(name);
  return reads;
}

std::vector<SchemaColumn> gate_columns(const std::vector<SchemaColumn>& columns) {
  std::vector<SchemaColumn> out = locate_columns();
  for (const SchemaColumn& column : columns) {
    bool known = std::any_of(out.begin(), out.end(), [&](const SchemaColumn& other) {
      return other.table == column.table && other.column == column.column;
    });
    if (!known) out.push_back(column);
  }
  return out;
}

}  // namespace sncheck::bearer
