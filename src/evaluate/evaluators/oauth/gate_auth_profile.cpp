// SPDX-License-Identifier: Apache-2.0
// The OAuth authentication profiles of the access policy that applies: one must be active and,
// when it names an OAuth Entity, name this client's entry (create-authentication-profile.md
// l.37-44). The authentication policies a profile may carry (IP range, role, group; l.23,
// l.46-52) live in tables the docs do not name: sncheck says so instead of judging them.

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_rules.h"

namespace sncheck::bearer {
namespace {

// The profile column behind the form's "OAuth Entity": only the label is documented, so it is
// found by its label; sncheck reads it under the name the label suggests.
const std::vector<std::string> kEntityColumn = {"oauth_entity"};

struct Binding {
  Match ours = Match::Unknown;  // bound to this entry, or to none
  std::string text;
};

Binding binding(const Profile& profile, const LabelledColumn& column, const Target& target) {
  if (column.failed != nullptr) {
    return {Match::Unknown, fmt::format("its OAuth Entity could not be looked up ({})",
                                        column.failed->error->message)};
  }
  if (!column.exists) return {Match::Yes, "no OAuth Entity column on this release"};
  if (!column.readable) {
    return {Match::Unknown,
            fmt::format("its OAuth Entity is column {} on this instance, which sncheck does not "
                        "read",
                        column.element)};
  }
  const std::string entity = field_or_empty(*profile.http, column.element);
  if (entity.empty()) return {Match::Yes, "for any OAuth entity"};
  if (entity == field_or_empty(*target.entry, "sys_id")) return {Match::Yes, "bound to this entry"};
  return {Match::No, fmt::format("bound to another OAuth entity ({})", entity)};
}

Link judge(const Context& ctx, const Target& target) {
  PolicyChoice choice = choose_policy(ctx, target);
  if (choice.failed != nullptr) return read_failure(*choice.failed);
  if (choice.no_table || (choice.selected == nullptr && choice.unknown.empty())) {
    return Link::pass("No access policy applies, so no authentication profile limits the token.");
  }
  if (choice.selected == nullptr || !choice.unknown.empty() || !choice.tied.empty()) {
    return Link::skip(
        "Not evaluated: which access policy applies cannot be told (see "
        "oauth.api.access_policy).");
  }
  Profiles profiles = profiles_of(ctx, *choice.selected);
  if (profiles.failed != nullptr) return read_failure(*profiles.failed);
  LabelledColumn column =
      labelled_column(ctx, "profile_entity_column", "OAuth Entity", kEntityColumn);
  std::vector<std::string> refused;
  std::vector<std::string> unknown;
  for (const Profile& profile : profiles.list) {
    if (profile.oauth != Match::Yes) continue;
    Flag active = flag(*profile.http, "active");
    Binding bound = binding(profile, column, target);
    if (active == Flag::No) {
      refused.push_back(fmt::format("'{}' is inactive", profile.name));
    } else if (bound.ours == Match::No) {
      refused.push_back(fmt::format("'{}' is {}", profile.name, bound.text));
    } else if (active == Flag::Unknown || bound.ours == Match::Unknown) {
      unknown.push_back(
          fmt::format("'{}': {}", profile.name,
                      active == Flag::Unknown ? "its Active flag is not a boolean" : bound.text));
    } else {
      Link link = Link::pass(fmt::format(
          "Profile '{}' of policy '{}' admits the token (active, {}). Authentication policies "
          "attached to the profile (IP range, role, group) are not read: their table is not "
          "documented; check the profile's Authentication Policies list if the call is refused.",
          profile.name, field_or_empty(*choice.selected, "name"), bound.text));
      link.evidence.push_back(ctx.evidence("http_profiles", *profile.http, "type", "the profile"));
      return link;
    }
  }
  if (refused.empty() && unknown.empty()) {
    return Link::skip(
        "Not evaluated: the policy that applies admits no OAuth profile (see "
        "oauth.api.access_policy).");
  }
  const std::string policy = field_or_empty(*choice.selected, "name");
  if (!unknown.empty()) {
    return Link::unknown(
        401,
        fmt::format("Policy '{}' admits OAuth only through profiles sncheck cannot judge: {}.",
                    policy, fmt::join(unknown, "; ")),
        "Open the policy's OAuth profile and check that it is active and names this client's "
        "entry (or no entry) as its OAuth Entity.");
  }
  return Link::refuse(
      401,
      fmt::format("Policy '{}' admits OAuth only through profiles that refuse this token: {}.",
                  policy, fmt::join(refused, "; ")),
      "Activate the policy's OAuth profile, or set its OAuth Entity to this client's entry (or "
      "clear it), or add a profile that does (System Web Services > API Access Policies > "
      "Inbound Authentication Profiles).");
}

}  // namespace

Gate auth_profile_gate() {
  Gate gate;
  gate.name = "auth_profile";
  gate.reads = {"policies", "policy_profiles", "http_profiles", "profile_type_choices",
                "profile_entity_column"};
  gate.columns = {{"std_http_auth", "active", {"inbound_auth_profile"}},
                  {"sys_auth_profile_mapping", "api_access_policy", {}},
                  {"sys_auth_profile_mapping", "inbound_auth_profile", {}}};
  gate.judge = judge;
  gate.description =
      "For the access policy that applies (see `oauth.api.access_policy`), takes its OAuth "
      "profiles (`std_http_auth`) and passes when one is active and its OAuth Entity is empty or "
      "this client's entry. The OAuth Entity column is found by its label (`sys_dictionary` "
      "`column_label` OAuth Entity) and read as `oauth_entity`; when the instance names it "
      "otherwise the check warns with the name. Fails (401) when every OAuth profile is inactive "
      "or bound to another entity. Authentication policies attached to a profile are not read "
      "(their tables are not documented) and the message says so.";
  return gate;
}

}  // namespace sncheck::bearer
