// SPDX-License-Identifier: Apache-2.0
// Enforce Token Restrictions on the client's entry: its tokens may be used only with APIs whose
// access policy allows the entry's authentication profile (t_CreateEndpointforExternalClients.md
// l.95-99; configure-an-oauth-client-credential-grant.md l.88-104). The column is documented by
// its label only, so it is found by that label in sys_dictionary.

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_rules.h"

namespace sncheck::bearer {
namespace {

// The names sncheck reads the flag under (the entries read asks for both).
const std::vector<std::string> kColumns = {"enforce_token_restriction",
                                           "enforce_token_restrictions"};

Link restricted(const Context& ctx, const Target& target, const std::string& entry) {
  PolicyChoice choice = choose_policy(ctx, target);
  if (choice.failed != nullptr) return read_failure(*choice.failed);
  const std::string fix =
      "Untick Enforce Token Restrictions on the entry, or give this API an access policy whose "
      "OAuth profile names the entry as its OAuth Entity.";
  if (choice.no_table || (choice.selected == nullptr && choice.unknown.empty())) {
    return Link::refuse(
        401,
        fmt::format("Entry '{}' enforces token restrictions: its tokens work only with APIs an "
                    "access policy opens to its authentication profile, and no access policy "
                    "applies to this API (401 is sncheck's inference: the status is not "
                    "documented).",
                    entry),
        fix);
  }
  if (choice.selected == nullptr || !choice.unknown.empty() || !choice.tied.empty()) {
    return Link::skip(
        "Not evaluated: which access policy applies cannot be told (see "
        "oauth.api.access_policy).");
  }
  Profiles profiles = profiles_of(ctx, *choice.selected);
  if (profiles.failed != nullptr) return read_failure(*profiles.failed);
  LabelledColumn column =
      labelled_column(ctx, "profile_entity_column", "OAuth Entity", {"oauth_entity"});
  const std::string id = field_or_empty(*target.entry, "sys_id");
  bool open_to_any = false;
  for (const Profile& profile : profiles.list) {
    if (profile.oauth != Match::Yes || flag(*profile.http, "active") != Flag::Yes) continue;
    if (!column.exists || !column.readable) continue;
    const std::string entity = field_or_empty(*profile.http, column.element);
    if (entity == id) {
      return Link::pass(fmt::format(
          "Entry '{}' enforces token restrictions, and policy '{}' opens this API to its "
          "profile '{}'.",
          entry, field_or_empty(*choice.selected, "name"), profile.name));
    }
    if (entity.empty()) open_to_any = true;
  }
  if (open_to_any || !column.exists || !column.readable) {
    return Link::unknown(
        401,
        fmt::format("Entry '{}' enforces token restrictions; policy '{}' admits OAuth through a "
                    "profile that names no OAuth Entity{}, and the docs do not say whether that "
                    "opens the API to this entry.",
                    entry, field_or_empty(*choice.selected, "name"),
                    column.readable ? "" : " sncheck can read"),
        fix);
  }
  return Link::refuse(
      401,
      fmt::format("Entry '{}' enforces token restrictions, and policy '{}' that applies to this "
                  "API has no active OAuth profile for it (401 is sncheck's inference).",
                  entry, field_or_empty(*choice.selected, "name")),
      fix);
}

Link judge(const Context& ctx, const Target& target) {
  const std::string entry = field_or_empty(*target.entry, "name");
  LabelledColumn column =
      labelled_column(ctx, "restriction_column", "Enforce Token Restriction", kColumns);
  if (column.failed != nullptr) return read_failure(*column.failed);
  if (!column.exists) {
    return Link::pass(
        "This instance's Application Registry has no Enforce Token Restrictions option.");
  }
  if (!column.readable) {
    return Link::unknown(
        401,
        fmt::format("Enforce Token Restrictions is column {} of oauth_entity on this instance, "
                    "which sncheck does not read: it cannot tell whether entry '{}' enforces it.",
                    column.element, entry),
        "Open the entry and look at Enforce Token Restrictions; report the column name to the "
        "sncheck maintainers.");
  }
  Flag value = flag(*target.entry, column.element);
  if (value == Flag::No) {
    return Link::pass(fmt::format(
        "Entry '{}' does not enforce token restrictions: its tokens may call any API its user's "
        "access allows.",
        entry));
  }
  if (value == Flag::Unknown) {
    return Link::unknown(401,
                         fmt::format("Enforce Token Restrictions on entry '{}' reads '{}', not a "
                                     "boolean.",
                                     entry, field_or_empty(*target.entry, column.element)),
                         "Open the entry and look at Enforce Token Restrictions.");
  }
  Link link = restricted(ctx, target, entry);
  link.evidence.push_back(
      ctx.evidence("entries", *target.entry, column.element, "Enforce Token Restrictions"));
  return link;
}

}  // namespace

Gate token_restriction_gate() {
  Gate gate;
  gate.name = "token_restriction";
  gate.reads = {"restriction_column",   "policies",
                "policy_profiles",      "http_profiles",
                "profile_type_choices", "profile_entity_column"};
  gate.judge = judge;
  gate.description =
      "Finds the entry's Enforce Token Restrictions column by its label (`sys_dictionary` "
      "`column_label` starting with Enforce Token Restriction on `oauth_entity`; the docs give "
      "only the label) and reads it as `enforce_token_restriction(s)`; a column of another name "
      "is a warning naming it, no such column a pass. When the entry enforces restrictions, "
      "passes only when the access policy that applies (see `oauth.api.access_policy`) has an "
      "active OAuth profile whose OAuth Entity is this entry; fails (401, inferred: the status "
      "is undocumented) when no policy applies or none of its profiles is for the entry; warns "
      "when the profile names no entity (the docs do not say whether that counts).";
  return gate;
}

}  // namespace sncheck::bearer
