// SPDX-License-Identifier: Apache-2.0
// The REST API Access Policy the platform applies to the call, and whether it admits OAuth at
// all. One policy applies: non-global before global, the most specific first
// (api-access-policy-prioritization.md l.19-37); a policy admits the authentication types of its
// profiles (create-api-access-policy.md, create-authentication-profile.md).

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_rules.h"

namespace sncheck::bearer {
namespace {

Link judge(const Context& ctx, const Target& target) {
  PolicyChoice choice = choose_policy(ctx, target);
  if (choice.failed != nullptr) return read_failure(*choice.failed);
  if (choice.no_table) {
    return Link::pass(
        "No REST API Access Policy table (plugin com.glide.rest.policy not installed): no policy "
        "restricts the API.");
  }
  if (!choice.unknown.empty()) {
    Link link = Link::unknown(
        401,
        fmt::format("sncheck cannot tell which REST API Access Policy applies: {}. The one that "
                    "applies decides which authentication types are accepted (else 401).",
                    fmt::join(choice.unknown, "; ")),
        "Open System Web Services > API Access Policies and check the policies named: their REST "
        "API PATH, Version and Resource must name this call for them to apply.");
    link.evidence.push_back(ctx.absence("policies", "active REST API Access Policies"));
    return link;
  }
  if (choice.selected == nullptr) {
    return Link::pass(fmt::format(
        "No active REST API Access Policy applies to {} (REST API PATH {}): no authentication "
        "type is restricted.",
        target.method, target.api_path()));
  }
  const Record& policy = *choice.selected;
  Profiles profiles = profiles_of(ctx, policy);
  if (profiles.failed != nullptr) return read_failure(*profiles.failed);
  const std::string name = field_or_empty(policy, "name");
  const std::string applies =
      fmt::format("REST API Access Policy '{}' applies ({})", name, rank_text(choice.rank));
  Evidence evidence = ctx.evidence("policies", policy, "api_path", "the policy that applies");
  bool oauth = false;
  bool unknown = false;
  for (const Profile& profile : profiles.list) {
    if (profile.oauth == Match::Yes) oauth = true;
    if (profile.oauth == Match::Unknown) unknown = true;
  }
  if (!choice.tied.empty()) {
    std::vector<std::string> names;
    for (const Record* other : choice.tied) names.push_back(field_or_empty(*other, "name"));
    Link link = Link::unknown(
        401,
        fmt::format("{}, and so {} {} of the same priority: the platform's tie-break is not "
                    "documented, and the policies may admit different authentication types.",
                    applies, names.size() == 1 ? "does" : "do", fmt::join(names, ", ")),
        "Make one policy more specific (method, resource or version) or deactivate the "
        "duplicates, so exactly one applies.");
    link.evidence.push_back(evidence);
    return link;
  }
  if (oauth) {
    Link link = Link::pass(
        fmt::format("{} and admits OAuth through {}.", applies, profile_names(profiles.list)));
    link.evidence.push_back(evidence);
    return link;
  }
  if (unknown) {
    Link link = Link::unknown(
        401,
        fmt::format("{} with {}; sncheck cannot tell whether one is an OAuth profile (the type's "
                    "choices{}).",
                    applies, profile_names(profiles.list),
                    profiles.oauth_value.empty() ? " do not name an OAuth type" : " do not say"),
        "Open the policy's Inbound authentication profiles and check that one is of type OAuth.");
    link.evidence.push_back(evidence);
    return link;
  }
  Link link = Link::refuse(
      401,
      fmt::format("{} and admits only {}: a Bearer token is refused with 401 and "
                  "WWW-Authenticate naming those schemes.",
                  applies, profile_names(profiles.list)),
      fmt::format("Open the policy ({}) and add an inbound authentication profile of type OAuth "
                  "(System Web Services > API Access Policies > Inbound Authentication Profiles), "
                  "or deactivate the policy if this API should accept OAuth like the others.",
                  evidence.link));
  link.evidence.push_back(evidence);
  return link;
}

}  // namespace

Gate access_policy_gate() {
  Gate gate;
  gate.name = "access_policy";
  gate.reads = {"policies", "policy_profiles", "http_profiles", "profile_type_choices"};
  gate.columns = {{"sys_api_access_policy", "active", {}},
                  {"sys_api_access_policy", "api_path", {}},
                  {"sys_api_access_policy", "http_method", {}},
                  {"sys_api_access_policy", "version", {}},
                  {"sys_api_access_policy", "api_resource", {}},
                  {"sys_api_access_policy", "apply_global", {}},
                  {"sys_api_access_policy", "apply_all", {}},
                  {"sys_api_access_policy", "apply_all_methods", {}},
                  {"sys_api_access_policy", "apply_all_resources", {}},
                  {"sys_api_access_policy", "apply_all_versions", {}},
                  {"sys_auth_profile_mapping", "api_access_policy", {}},
                  {"sys_auth_profile_mapping", "inbound_auth_profile", {}},
                  {"std_http_auth", "type", {"inbound_auth_profile"}}};
  gate.judge = judge;
  gate.description =
      "Finds the one active REST API Access Policy the platform applies to the call: a policy "
      "covers the call when its REST API PATH (`api_path`, e.g. `x_acme/inventory`; the `api` "
      "choice is not used: its stored value is undocumented) names the API, or it is Global "
      "(`apply_global`), and its method, version and resource are the call's or apply to all "
      "(`apply_all`, `apply_all_methods`, `apply_all_versions`, `apply_all_resources`). Of the "
      "covering policies the most specific wins, non-global before global (priority 1: method, "
      "resource and version ... 9: global, all methods). Passes when none applies or the table "
      "does not exist; fails (401 with WWW-Authenticate) when the one that applies maps no "
      "inbound authentication profile of type OAuth (`sys_auth_profile_mapping` -> "
      "`std_http_auth.type`, whose OAuth value is the choice labelled OAuth in `sys_choice`); "
      "warns when a policy's path, version, resource or a profile's type cannot be matched, or "
      "two policies of the same priority apply (the tie-break is undocumented).";
  return gate;
}

}  // namespace sncheck::bearer
