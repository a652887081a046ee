// SPDX-License-Identifier: Apache-2.0
// "Requires SNC internal role" with Explicit Roles active (platform-security/explicit-roles.md):
// a user gets snc_internal when it logs in unless it holds snc_external (l.42, l.48); since
// Xanadu it is also written to sys_user_has_role unless glide.security.explicit_roles.do_not_fix
// is true (l.61-68), and users holding a role listed in
// glide.security.explicit_roles.ignore.snc_internal.exclude_role_list do not get it (l.70).
// That a Bearer request counts as a login is sncheck's inference: the docs do not say.

#include <fmt/format.h>

#include "core/strings.h"
#include "evaluate/evaluators/oauth/bearer_chain.h"

namespace sncheck::bearer {
namespace {

constexpr const char* kDoNotFix = "glide.security.explicit_roles.do_not_fix";
constexpr const char* kDoNotFixInMemory = "glide.security.explicit_roles.do_not_fix_in_memory";
constexpr const char* kExcludeList =
    "glide.security.explicit_roles.ignore.snc_internal.exclude_role_list";

std::string property(const Context& ctx, const char* name) {
  for (const Record* row : ctx.read("explicit_roles_properties").rows) {
    if (field_or_empty(*row, "name") == name)
      return std::string(trim(field_or_empty(*row, "value")));
  }
  return {};
}

Link refuse(const Target& target, std::string why) {
  return Link::refuse(
      403,
      fmt::format("the resource requires role snc_internal (Explicit Roles is active), and {} "
                  "(403 is sncheck's inference: the status is not documented).",
                  why),
      fmt::format("Grant {} role snc_internal, or untick Requires SNC internal role on the "
                  "resource if external users should reach it.",
                  target.user_name));
}

Link judge(const Context& ctx, const Target& target) {
  Flag required = flag(*target.resource, "requires_snc_internal_role");
  if (required == Flag::No)
    return Link::pass("The resource does not require the snc_internal role.");
  if (required == Flag::Unknown) {
    return Link::unknown(403, "Requires SNC internal role is not a boolean on the resource.",
                         "Open the resource and look at Requires SNC internal role.");
  }
  const ReadInput& plugin = ctx.read("explicit_roles");
  if (plugin.error != nullptr) return read_failure(plugin);
  bool active = false;
  for (const Record* row : plugin.rows) {
    if (field_or_empty(*row, "source") == "com.glide.explicit_roles") {
      active = flag(*row, "active") == Flag::Yes;
    }
  }
  if (!active) {
    return Link::pass(
        "Requires SNC internal role is set, but plugin com.glide.explicit_roles is not active: it "
        "has no effect.");
  }
  const Roles& roles = ctx.roles(target);
  if (roles.failed != nullptr) return read_failure(*roles.failed);
  if (ctx.read("explicit_roles_properties").error != nullptr) {
    return read_failure(ctx.read("explicit_roles_properties"));
  }
  if (roles.has("snc_internal")) {
    return Link::pass(
        fmt::format("{} has snc_internal, which the resource requires.", target.user_name));
  }
  if (roles.has("snc_external")) {
    return refuse(target, fmt::format("{} holds snc_external, so it is never given snc_internal",
                                      target.user_name));
  }
  for (const std::string& role : split_list(property(ctx, kExcludeList))) {
    if (roles.has(role)) {
      return refuse(target, fmt::format("{} holds role {}, which {} excludes from snc_internal",
                                        target.user_name, role, kExcludeList));
    }
  }
  const bool xanadu_on =
      !ctx.release().release || ctx.release().release->order >= release_named("xanadu")->order;
  const std::string do_not_fix = property(ctx, kDoNotFix);
  if (xanadu_on && do_not_fix == "true") {
    if (property(ctx, kDoNotFixInMemory) == "true") {
      return Link::unknown(
          403,
          fmt::format("{} has no snc_internal row; {} is true, and {} is true too, which the "
                      "docs describe only as reverting to the old behaviour.",
                      target.user_name, kDoNotFix, kDoNotFixInMemory),
          fmt::format("Grant {} role snc_internal explicitly.", target.user_name));
    }
    return refuse(target, fmt::format("{} has no snc_internal row, and {} is true, so the role is "
                                      "not added at login",
                                      target.user_name, kDoNotFix));
  }
  if (!do_not_fix.empty() && do_not_fix != "true" && do_not_fix != "false") {
    return Link::unknown(403,
                         fmt::format("{} is '{}', neither true nor false.", kDoNotFix, do_not_fix),
                         fmt::format("Set {} to true or false.", kDoNotFix));
  }
  return Link::pass(fmt::format(
      "{} has no snc_internal row, but Explicit Roles gives snc_internal at login to users "
      "without snc_external{} (that a token request counts as a login is sncheck's inference).",
      target.user_name, xanadu_on ? fmt::format(" ({} is not true)", kDoNotFix) : ""));
}

}  // namespace

Gate internal_role_gate() {
  Gate gate;
  gate.name = "internal_role";
  gate.reads = {"explicit_roles", "explicit_roles_properties", "grants"};
  gate.columns = {{"sys_user_has_role", "state", {}}};
  gate.judge = judge;
  gate.description =
      "When the resource has `requires_snc_internal_role` and plugin com.glide.explicit_roles is "
      "active, the entry's OAuth Application User needs snc_internal. Passes when it has a "
      "grant, or when Explicit Roles gives it at login: a user without snc_external gets "
      "snc_internal, written to sys_user_has_role since Xanadu unless "
      "glide.security.explicit_roles.do_not_fix is true. Fails (403, inferred) when the user "
      "holds snc_external, holds a role listed in "
      "glide.security.explicit_roles.ignore.snc_internal.exclude_role_list, or do_not_fix is true "
      "(Xanadu on); warns when do_not_fix_in_memory is also true (the docs do not say what it "
      "restores).";
  return gate;
}

}  // namespace sncheck::bearer
