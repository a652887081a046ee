// SPDX-License-Identifier: Apache-2.0
#pragma once
// Rules that name part of a REST API (a REST API Access Policy, a REST API Auth Scope): whether
// one covers the call, and how specific it is; the access policy the platform selects; the
// authentication profiles of a policy; and columns found by their label in sys_dictionary.

#include <string>
#include <vector>

#include "evaluate/evaluators/oauth/bearer_chain.h"

namespace sncheck::bearer {

enum class Match { Yes, No, Unknown };

// How a rule row (api_path, http_method, version, api_resource and their apply_all_* flags)
// relates to the call. The rule is matched on api_path ("now/table", "x_acme/inventory"), not on
// its `api` choice, whose stored value no source documents (research note bearer-gates §1).
struct RuleMatch {
  Match covers = Match::No;
  bool method = false;    // the rule names a method (not all methods)
  bool resource = false;  // ... a resource
  bool version = false;   // ... a version
  std::string unknown;    // why it cannot be told, when covers is Unknown
};
// `all_flag` is the column that applies the rule to the whole API ("apply_all" on policies).
RuleMatch match_rule(const Context& ctx, const Target& target, const Record& rule,
                     const std::string& all_flag);

// The access policy the platform applies (platform-security/authentication/
// api-access-policy-prioritization.md l.19-37): one policy, non-global before global, the most
// specific first.
struct PolicyChoice {
  const ReadInput* failed = nullptr;
  bool no_table = false;  // plugin com.glide.rest.policy not installed
  const Record* selected = nullptr;
  int rank = 0;                      // 10 (method+resource+version) ... 90 (global, all methods)
  std::vector<const Record*> tied;   // other covering policies of the same rank
  std::vector<std::string> unknown;  // policies sncheck cannot match that could outrank it
};
PolicyChoice choose_policy(const Context& ctx, const Target& target);
std::string rank_text(int rank);  // "priority 4 (resource, all methods)"

// An inbound authentication profile mapped to a policy (sys_auth_profile_mapping).
struct Profile {
  const Record* mapping = nullptr;
  const Record* http = nullptr;  // its std_http_auth row, for a standard HTTP profile
  std::string name;
  std::string kind;  // sys_class_name: std_http_auth, http_key_auth, ...
  Flag active = Flag::Unknown;
  Match oauth = Match::Unknown;  // of type OAuth (std_http_auth.type, by the choice's label)
  std::string type;              // the stored type and its label, for messages
};
struct Profiles {
  const ReadInput* failed = nullptr;
  std::vector<Profile> list;
  std::string oauth_value;  // the stored value of the OAuth type; "" when the choices do not say
};
Profiles profiles_of(const Context& ctx, const Record& policy);
std::string profile_names(const std::vector<Profile>& profiles);

// A column found by its label (sys_dictionary.column_label) where only the label is documented.
struct LabelledColumn {
  const ReadInput* failed = nullptr;
  bool exists = false;    // a column with this label is defined
  std::string element;    // its name
  bool readable = false;  // sncheck's read asks for that name
};
// `read` is a sys_dictionary read filtered on the label; `requested` the names sncheck reads.
LabelledColumn labelled_column(const Context& ctx, const std::string& read,
                               const std::string& label_prefix,
                               const std::vector<std::string>& requested);

// The entry's scopes (oauth_entity_auth_scope_mapping) and whether one is useraccount, matched by
// the sys_id in glide.oauth.token.scope.useraccount (rest-api-auth_scope-properties.md l.43-49)
// or, while that property is not set, by the pre-defined record's name.
struct EntryScopes {
  const ReadInput* failed = nullptr;
  std::set<std::string> ids;
  std::set<std::string> names;
  bool useraccount = false;
  std::string useraccount_how;
};
EntryScopes entry_scopes(const Context& ctx, const Target& target, const std::string& read);

// The REST API Auth Scopes covering the call, and those sncheck cannot match.
struct ScopeRules {
  const ReadInput* failed = nullptr;
  bool no_table = false;
  std::vector<const Record*> covering;
  std::vector<const Record*> unknown;
};
ScopeRules scope_rules(const Context& ctx, const Target& target);

bool absent_table(const ReadInput& read);
// The value of the choice labelled `label` (case-insensitive) among choice rows; "" when none.
std::string choice_value(const ReadInput& choices, const std::string& element,
                         const std::string& label);
std::string choice_label(const ReadInput& choices, const std::string& element,
                         const std::string& value);

}  // namespace sncheck::bearer
