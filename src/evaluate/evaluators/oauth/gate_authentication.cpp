// SPDX-License-Identifier: Apache-2.0
// Whether the resource requires authentication. A public resource answers without looking at a
// token, so the token's gates do not apply to it; path-based ACLs and IP access still do.

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_chain.h"

namespace sncheck::bearer {
namespace {

Link judge(const Context& ctx, const Target& target) {
  Flag required = flag(*target.resource, "requires_authentication");
  if (required == Flag::Yes) {
    return Link::pass("The resource requires authentication: the token is checked.");
  }
  if (required == Flag::Unknown) {
    Link link = Link::unknown(
        0,
        fmt::format("Requires authentication on resource '{}' reads '{}', not a boolean: sncheck "
                    "cannot tell whether the token is checked.",
                    field_or_empty(*target.resource, "name"),
                    field_or_empty(*target.resource, "requires_authentication")),
        "Open the resource and look at Requires authentication (Security tab).");
    link.evidence.push_back(
        ctx.evidence("resources", *target.resource, "requires_authentication", "the resource"));
    return link;
  }
  Link link = Link::pass(fmt::format(
      "Resource '{}' requires no authentication: it answers with or without a token, and none "
      "of the token's restrictions apply (path-based ACLs and IP access still do).",
      field_or_empty(*target.resource, "name")));
  link.check_status = Status::Fail;
  link.evidence.push_back(
      ctx.evidence("resources", *target.resource, "requires_authentication", "the resource"));
  link.remediation = fmt::format(
      "Unless the resource is meant to be public, open it ({}) and tick Requires authentication "
      "(Security tab).",
      link.evidence.back().link);
  return link;
}

}  // namespace

Gate authentication_gate() {
  Gate gate;
  gate.name = "authentication";
  gate.public_too = true;
  gate.judge = judge;
  gate.description =
      "Reads `requires_authentication` on the resource. When it is false the resource is public: "
      "it answers anyone, the token's gates (access policy, profiles, restrictions, auth scope, "
      "the resource's ACLs, snc_internal, Machine Identity) do not apply, and this check warns. "
      "Path-based ACLs and IP access apply to public resources too.";
  return gate;
}

}  // namespace sncheck::bearer
