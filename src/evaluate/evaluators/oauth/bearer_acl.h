// SPDX-License-Identifier: Apache-2.0
#pragma once
// One REST_Endpoint ACL judged for the token's user, as the platform evaluates it
// (platform-security/access-control/t_CreateAnACLRule.md l.75-81, l.136-177;
// acl-denial-behavior.md l.19-47; base-system-roles.md l.439-443): nobody stops everyone, admins
// pass with Admin overrides, roles are any-of (admin holds every role), then security attribute,
// condition and script must all hold. sncheck evaluates roles and the two security attributes
// sdk-core names; a condition, a script or another attribute it cannot evaluate.

#include <string>
#include <vector>

#include "evaluate/evaluators/oauth/bearer_rules.h"

namespace sncheck::bearer {

struct AclVerdict {
  Match passes = Match::Unknown;
  std::string why;  // "requires role x which u lacks", "has a script"
};

// `acl` a sys_security_acl row; `roles_read` the read holding its sys_security_acl_role rows.
AclVerdict judge_acl(const Context& ctx, const Target& target, const Record& acl,
                     const std::string& roles_read);

// Several ACLs as the platform combines them: Deny-Unless ACLs first, each must pass; then one
// Allow-If ACL must pass (`all_must_pass`: every one, as path-based ACLs). `subject` words the
// messages ("the resource's ACLs").
Link judge_acls(const Context& ctx, const Target& target, const std::vector<const Record*>& acls,
                const std::string& acls_read, const std::string& roles_read, bool all_must_pass,
                const std::string& subject);

}  // namespace sncheck::bearer
