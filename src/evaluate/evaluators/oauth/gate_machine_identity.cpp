// SPDX-License-Identifier: Apache-2.0
// Machine Identity Access Controls (Zurich): a web-service-access-only user listed in one reaches
// only the APIs and tables the control names, "even if they have the required roles"
// (platform-security/access-control/machine-identity-access-controls.md l.17-21,
// create-a-machine-identity-access-control.md l.119). The docs name no table or column for these
// controls and no source found does, so sncheck cannot read them: for such a user it says where
// to look instead of predicting 200.

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_chain.h"

namespace sncheck::bearer {
namespace {

Link judge(const Context& ctx, const Target& target) {
  Flag only = flag(*target.entry, "user.web_service_access_only");
  if (only == Flag::No) {
    return Link::pass(fmt::format(
        "{} is not web-service-access-only, and Machine Identity Access Controls apply only to "
        "such users.",
        target.user_name));
  }
  Link link = Link::unknown(
      403,
      only == Flag::Yes
          ? fmt::format("{} is web-service-access-only: a Machine Identity Access Control that "
                        "lists it limits it to the REST APIs the control names, whatever its "
                        "roles, and sncheck cannot read those controls (their table is not "
                        "documented).",
                        target.user_name)
          : fmt::format("Web service access only of {} reads '{}', not a boolean: a Machine "
                        "Identity Access Control may limit it, and sncheck cannot read those "
                        "controls.",
                        target.user_name,
                        field_or_empty(*target.entry, "user.web_service_access_only")),
      fmt::format("Open System Security > Machine Identity Access Controls: if an active control "
                  "lists {}, its REST API Policy must name this API; or run with --probe to let "
                  "a live call settle it.",
                  target.user_name));
  link.evidence.push_back(ctx.evidence("entries", *target.entry, "user.web_service_access_only",
                                       "the OAuth Application User"));
  return link;
}

}  // namespace

Gate machine_identity_gate() {
  Gate gate;
  gate.name = "machine_identity";
  gate.since = "zurich";
  gate.judge = judge;
  gate.description =
      "From Zurich on: Machine Identity Access Controls apply to users flagged Web service access "
      "only. Passes when the entry's OAuth Application User is not (`user."
      "web_service_access_only` false); warns when it is, because a control listing the user "
      "limits it to the APIs the control names and sncheck cannot read the controls (no table "
      "or column is documented). Skipped before Zurich.";
  return gate;
}

}  // namespace sncheck::bearer
