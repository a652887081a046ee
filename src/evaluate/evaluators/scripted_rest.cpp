// The Bearer path into a Scripted REST resource (--api): which API and resource the path names,
// then each gate the platform applies to a token of the client (access policy, authentication,
// REST API auth scope, REST_Endpoint ACL roles, snc_internal), and the answer they predict.
// Code, not a condition: every link joins several tables (definitions, versions, operations,
// ACLs and their roles, role grants, scope mappings, policies and their profiles) and matching a
// resource needs the relative-path template ({id} segments match any segment).
// The reads go in the first wave the planner merges per table: ACLs and ACL roles are read for
// every REST_Endpoint ACL and joined here, instead of a second wave keyed on the operation's
// enforce_acl. Role grants are keyed on the entry's application user (a second wave of one small
// request), because every active grant on a large instance is a whole-table read.

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "evaluate/evaluator.h"
#include "evaluate/evaluators/builtin_evaluators.h"
#include "query/rest_path.h"

namespace sncheck {
namespace {

bool is_true(const Record& row, std::string_view field) {
  return field_or_empty(row, field) == "true";
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// What one link of the path concluded.
struct Link {
  Status status = Status::Pass;
  int http = 0;  // the answer this link forces (400, 401, 403, 404); 0 when it lets the call on
  bool stops = false;  // a pass that ends the chain (a public resource answers 200 to anyone)
  std::string message;
  std::string remediation;
  std::vector<Evidence> evidence;
  const ReadInput* failed_read = nullptr;  // set with status Error
};

Link read_failure(const ReadInput& read) {
  Link link;
  link.status = Status::Error;
  link.failed_read = &read;
  return link;
}

// The API and resource the --api path names, with the rows they came from.
struct Target {
  const Record* api = nullptr;
  const Record* resource = nullptr;
  const Record* entry = nullptr;  // the client's registry entry
  std::string method;
  std::string path;
  std::string user_name;  // the entry's application user, for messages
  std::string user_sys_id;
};

class Context {
 public:
  explicit Context(const CheckInputs& inputs) : inputs_(inputs) {}

  const CheckInputs& inputs() const { return inputs_; }
  const std::string& param(std::string_view name) const {
    static const std::string empty;
    const std::string* value = inputs_.params->find(name);
    return value ? *value : empty;
  }
  const ReadInput& read(std::string_view name) const { return inputs_.read(name); }

  Evidence evidence(std::string_view read_name, const Record& row, std::string field,
                    std::string note) const {
    const ReadInput& input = read(read_name);
    Evidence out;
    out.table = input.spec->table;
    out.sys_id = field_or_empty(row, "sys_id");
    out.field = field;
    out.value = field_or_empty(row, field);
    out.link = inputs_.record_link(out.table, out.sys_id);
    out.note = std::move(note);
    return out;
  }

  Evidence absence(std::string_view read_name, std::string note) const {
    const ReadInput& input = read(read_name);
    Evidence out;
    out.table = input.spec->table;
    out.link = inputs_.list_link(out.table, input.effective_query);
    out.note = std::move(note);
    return out;
  }

 private:
  const CheckInputs& inputs_;
};

// ---- locating the API and the resource -------------------------------------------------------

const Record* find_api(const Context& ctx, const ApiPathReading& reading) {
  for (const Record* row : ctx.read("apis").rows) {
    if (field_or_empty(*row, "base_uri") != reading.base_uri) continue;
    bool versioned = is_true(*row, "is_versioned");
    if (reading.version.empty() || versioned) return row;
  }
  return nullptr;
}

// The version a versioned API's call lands on: the one named in the path, else the default.
const Record* find_version(const Context& ctx, const Record& api, const std::string& version) {
  const std::string api_id = field_or_empty(api, "sys_id");
  const Record* fallback = nullptr;
  for (const Record* row : ctx.read("versions").rows) {
    if (field_or_empty(*row, "web_service_definition") != api_id) continue;
    if (!version.empty() && field_or_empty(*row, "version_id") == version) return row;
    if (version.empty() && is_true(*row, "is_default")) fallback = row;
  }
  return fallback;
}

std::vector<const Record*> resources_of(const Context& ctx, const Record& api,
                                        const Record* version) {
  std::vector<const Record*> out;
  for (const Record* row : ctx.read("resources").rows) {
    if (field_or_empty(*row, "web_service_definition") != field_or_empty(api, "sys_id")) continue;
    if (version != nullptr &&
        field_or_empty(*row, "web_service_version") != field_or_empty(*version, "sys_id")) {
      continue;
    }
    out.push_back(row);
  }
  return out;
}

Link located(const Context& ctx, const Target& target);

Link locate(const Context& ctx, Target& target) {
  for (const char* name : {"apis", "versions", "resources"}) {
    if (ctx.read(name).error != nullptr) return read_failure(ctx.read(name));
  }
  std::string problem;
  std::optional<ApiPath> path = parse_api_path(ctx.param("api_path"), &problem);
  Link link;
  link.status = Status::Fail;
  if (!path) {
    link.http = 400;
    link.message = problem;
    return link;
  }
  for (const ApiPathReading& reading : api_path_readings(*path)) {
    const Record* api = find_api(ctx, reading);
    if (api == nullptr) continue;
    target.api = api;
    const Record* version = nullptr;
    if (is_true(*api, "is_versioned")) {
      version = find_version(ctx, *api, reading.version);
      if (version == nullptr) {
        link.http = 400;
        link.message = fmt::format(
            "API '{}' ({}) is versioned, but has no {} version: the instance answers 400.",
            field_or_empty(*api, "name"), reading.base_uri,
            reading.version.empty() ? std::string("default") : reading.version);
        link.evidence.push_back(ctx.evidence("apis", *api, "is_versioned", "the API"));
        link.remediation =
            "Call an existing version (System Web Services > Scripted REST APIs "
            "> the API > Versions), or mark one as default.";
        return link;
      }
    }
    for (const Record* resource : resources_of(ctx, *api, version)) {
      if (field_or_empty(*resource, "http_method") != target.method) continue;
      if (!path_template_matches(field_or_empty(*resource, "relative_path"), reading.resource)) {
        continue;
      }
      target.resource = resource;
      return located(ctx, target);
    }
    link.http = 400;
    link.message = fmt::format(
        "API '{}' ({}) has no {} resource whose relative path matches {}: the instance answers "
        "400 \"Requested URI does not represent any resource\".",
        field_or_empty(*api, "name"), reading.base_uri, target.method, reading.resource);
    link.evidence.push_back(ctx.evidence("apis", *api, "base_uri", "the API the path names"));
    for (const Record* resource : resources_of(ctx, *api, version)) {
      link.evidence.push_back(
          ctx.evidence("resources", *resource, "relative_path",
                       fmt::format("{} {}", field_or_empty(*resource, "http_method"),
                                   field_or_empty(*resource, "relative_path"))));
    }
    link.remediation =
        "Check the path and method the external system calls against the API's resources "
        "(their HTTP method and relative path; {name} segments match any value).";
    return link;
  }
  link.http = 400;
  link.message = fmt::format(
      "No Scripted REST API in namespace {} has the base URI the path names ({}): the instance "
      "answers 400 \"Requested URI does not represent any resource\".",
      path->namespace_, path->text);
  link.evidence.push_back(ctx.absence("apis", "Scripted REST APIs of the namespace"));
  link.remediation =
      "Check the namespace and API id in the path against System Web Services > "
      "Scripted REST APIs (Base API path).";
  return link;
}

Link located(const Context& ctx, const Target& target) {
  Link link;
  const Record& api = *target.api;
  const Record& resource = *target.resource;
  for (auto [read, row, what] :
       {std::tuple{"apis", &api, "API"}, std::tuple{"resources", &resource, "resource"}}) {
    if (is_true(*row, "active")) continue;
    link.status = Status::Fail;
    link.http = 404;
    link.message = fmt::format("The {} '{}' is inactive: the instance does not serve it.", what,
                               field_or_empty(*row, "name"));
    link.evidence.push_back(ctx.evidence(read, *row, "active", fmt::format("the {}", what)));
    link.remediation =
        fmt::format("Open the {} ({}), tick Active, and save.", what, link.evidence.back().link);
    return link;
  }
  link.message = fmt::format("{} {} is resource '{}' of API '{}' ({}), both active.", target.method,
                             target.path, field_or_empty(resource, "name"),
                             field_or_empty(api, "name"), field_or_empty(api, "base_uri"));
  link.evidence.push_back(ctx.evidence("apis", api, "base_uri", "the API"));
  link.evidence.push_back(ctx.evidence("resources", resource, "relative_path", "the resource"));
  return link;
}

// ---- the client, its user and the user's roles ------------------------------------------------

Link find_entry(const Context& ctx, Target& target) {
  const ReadInput& entries = ctx.read("entries");
  if (entries.error != nullptr) return read_failure(entries);
  for (const Record* row : entries.rows) {
    if (field_or_empty(*row, "client_id") == ctx.param("client_id") && is_true(*row, "active")) {
      target.entry = row;
      target.user_sys_id = field_or_empty(*row, "user");
      target.user_name = field_or_empty(*row, "user.user_name");
      if (target.user_name.empty()) target.user_name = target.user_sys_id;
      return {};
    }
  }
  Link link;
  link.status = Status::Skip;
  link.message = fmt::format(
      "No active registry entry with client id {}, so no token to judge (see "
      "oauth.registry.entry).",
      ctx.param("client_id"));
  return link;
}

std::set<std::string> user_roles(const Context& ctx, const std::string& user) {
  std::set<std::string> roles;
  for (const Record* row : ctx.read("grants").rows) {
    if (field_or_empty(*row, "user") == user) roles.insert(field_or_empty(*row, "role.name"));
  }
  return roles;
}

// ---- the gates ---------------------------------------------------------------------------------

bool policy_covers(const Record& policy, const Target& target) {
  if (is_true(policy, "apply_global")) return true;
  if (field_or_empty(policy, "api") != field_or_empty(*target.api, "sys_id")) return false;
  const std::string method = field_or_empty(policy, "http_method");
  return is_true(policy, "apply_all_methods") || method.empty() || method == target.method;
}

// Whether any authentication profile mapped to the policy is an OAuth one (std_http_auth.type).
bool policy_admits_oauth(const Context& ctx, const Record& policy, std::string* schemes) {
  std::map<std::string, std::string> type_of_profile;
  for (const Record* row : ctx.read("auth_profiles").rows) {
    type_of_profile[field_or_empty(*row, "sys_id")] = field_or_empty(*row, "type");
  }
  bool admits = false;
  for (const Record* mapping : ctx.read("policy_profiles").rows) {
    if (field_or_empty(*mapping, "api_access_policy") != field_or_empty(policy, "sys_id")) {
      continue;
    }
    const std::string profile = field_or_empty(*mapping, "inbound_auth_profile");
    std::string type = type_of_profile.count(profile) ? type_of_profile[profile] : "";
    if (!schemes->empty()) *schemes += ", ";
    *schemes += fmt::format("{} ({})", field_or_empty(*mapping, "inbound_auth_profile.name"),
                            type.empty() ? "type unknown" : type);
    if (lower(type).find("oauth") != std::string::npos) admits = true;
  }
  return admits;
}

bool absent_table(const ReadInput& read) {
  return read.error != nullptr && read.error->kind == FetchErrorKind::InvalidTable;
}

Link access_policy(const Context& ctx, const Target& target) {
  const ReadInput& policies = ctx.read("policies");
  Link link;
  if (absent_table(policies)) {
    link.message =
        "No REST API Access Policy table (plugin com.glide.rest.policy not installed): "
        "no policy restricts the API.";
    return link;
  }
  for (const char* name : {"policies", "policy_profiles", "auth_profiles"}) {
    if (ctx.read(name).error != nullptr && !absent_table(ctx.read(name))) {
      return read_failure(ctx.read(name));
    }
  }
  int covering = 0;
  for (const Record* policy : policies.rows) {
    if (!policy_covers(*policy, target)) continue;
    ++covering;
    std::string schemes;
    if (policy_admits_oauth(ctx, *policy, &schemes)) continue;
    link.status = Status::Fail;
    link.http = 401;
    link.message = fmt::format(
        "REST API Access Policy '{}' applies to this API and admits only {}: a Bearer token is "
        "refused with 401 and WWW-Authenticate.",
        field_or_empty(*policy, "name"), schemes.empty() ? "no profile" : schemes);
    link.evidence.push_back(ctx.evidence("policies", *policy, "active", "the policy"));
    link.remediation = fmt::format(
        "Open the policy ({}) and add an OAuth authentication profile (System Web Services > "
        "API Access Policies > Inbound Authentication Profiles), or deactivate the policy.",
        link.evidence.back().link);
    return link;
  }
  link.message = covering == 0
                     ? std::string("No active REST API Access Policy applies to this API.")
                     : fmt::format("{} access {}, admitting OAuth.", covering,
                                   covering == 1 ? "policy applies" : "policies apply, each");
  return link;
}

Link authentication(const Context& ctx, const Target& target) {
  Link link;
  if (is_true(*target.resource, "requires_authentication")) {
    link.message = "The resource requires authentication: the token is checked.";
    return link;
  }
  link.status = Status::Warn;
  link.stops = true;
  link.message = fmt::format(
      "Resource '{}' requires no authentication: anyone, with or without a token, gets 200.",
      field_or_empty(*target.resource, "name"));
  link.evidence.push_back(
      ctx.evidence("resources", *target.resource, "requires_authentication", "the resource"));
  link.remediation = fmt::format(
      "Unless the resource is meant to be public, open it ({}) and tick Requires authentication "
      "(Security tab).",
      link.evidence.back().link);
  return link;
}

bool scope_applies(const Record& scope, const Target& target) {
  if (field_or_empty(scope, "api") != field_or_empty(*target.api, "sys_id")) return false;
  const std::string method = field_or_empty(scope, "http_method");
  return is_true(scope, "apply_all_methods") || method.empty() || method == target.method;
}

Link auth_scope(const Context& ctx, const Target& target) {
  Link link;
  const ReadInput& property = ctx.read("scope_check_property");
  if (property.error != nullptr) return read_failure(property);
  if (!property.rows.empty() && field_or_empty(*property.rows.front(), "value") == "false") {
    link.message =
        "com.glide.rest.api.auth.scope.check.enable is false: REST auth scopes are "
        "not checked.";
    return link;
  }
  const ReadInput& scopes = ctx.read("api_scopes");
  if (absent_table(scopes)) {
    link.message =
        "No REST API Auth Scope table (plugin com.glide.rest.auth.scope not "
        "installed): any valid token may call the API.";
    return link;
  }
  for (const char* name : {"api_scopes", "entity_scopes"}) {
    if (ctx.read(name).error != nullptr) return read_failure(ctx.read(name));
  }
  std::set<std::string> granted;
  for (const Record* row : ctx.read("entity_scopes").rows) {
    if (field_or_empty(*row, "oauth_entity") == field_or_empty(*target.entry, "sys_id")) {
      granted.insert(field_or_empty(*row, "auth_scope.name"));
    }
  }
  std::vector<const Record*> required;
  for (const Record* row : scopes.rows) {
    if (scope_applies(*row, target)) required.push_back(row);
  }
  if (required.empty()) {
    link.message = "No REST API Auth Scope is linked to this API: any valid token may call it.";
    return link;
  }
  for (const Record* row : required) {
    const std::string name = field_or_empty(*row, "auth_scope.name");
    if (granted.count(name) != 0 || granted.count("useraccount") != 0) {
      link.message = fmt::format("The API requires auth scope {}; the client has {}.", name,
                                 granted.count(name) ? name : std::string("useraccount"));
      link.evidence.push_back(ctx.evidence("api_scopes", *row, "auth_scope", "required scope"));
      return link;
    }
  }
  const std::string name = field_or_empty(*required.front(), "auth_scope.name");
  link.status = Status::Fail;
  link.http = 403;
  link.message = fmt::format(
      "The API requires auth scope {}, which client '{}' lacks (its scopes: {}): 403 \"Missing "
      "required api access scope\".",
      name, field_or_empty(*target.entry, "name"),
      granted.empty() ? std::string("none") : fmt::format("{}", fmt::join(granted, ", ")));
  for (const Record* row : required) {
    link.evidence.push_back(ctx.evidence("api_scopes", *row, "auth_scope", "required scope"));
  }
  link.remediation = fmt::format(
      "Open the registry entry ({}) and add auth scope {} in its Auth Scopes related list.",
      ctx.inputs().record_link("oauth_entity", field_or_empty(*target.entry, "sys_id")), name);
  return link;
}

// The REST_Endpoint ACLs that guard the resource: its own enforce_acl, else the API's default.
std::vector<std::string> enforced_acls(const Target& target) {
  std::vector<std::string> acls = split_list(field_or_empty(*target.resource, "enforce_acl"));
  if (acls.empty()) acls = split_list(field_or_empty(*target.api, "enforce_acl"));
  return acls;
}

std::vector<std::string> roles_of_acl(const Context& ctx, const std::string& acl) {
  std::vector<std::string> roles;
  for (const Record* row : ctx.read("acl_roles").rows) {
    if (field_or_empty(*row, "sys_security_acl") == acl) {
      roles.push_back(field_or_empty(*row, "sys_user_role.name"));
    }
  }
  return roles;
}

Link acl(const Context& ctx, const Target& target) {
  Link link;
  if (!is_true(*target.resource, "requires_acl_authorization")) {
    link.message = "The resource does not require ACL authorization.";
    return link;
  }
  for (const char* name : {"acls", "acl_roles", "grants"}) {
    if (ctx.read(name).error != nullptr) return read_failure(ctx.read(name));
  }
  std::map<std::string, const Record*> acl_rows;
  for (const Record* row : ctx.read("acls").rows) acl_rows[field_or_empty(*row, "sys_id")] = row;
  std::set<std::string> roles = user_roles(ctx, target.user_sys_id);
  std::vector<std::pair<const Record*, std::vector<std::string>>> refusing;
  for (const std::string& id : enforced_acls(target)) {
    auto found = acl_rows.find(id);
    if (found == acl_rows.end() || !is_true(*found->second, "active")) continue;
    std::vector<std::string> needed = roles_of_acl(ctx, id);
    bool passes = needed.empty() || std::any_of(needed.begin(), needed.end(),
                                                [&](auto& role) { return roles.count(role) != 0; });
    if (passes) {
      link.message =
          fmt::format("REST_Endpoint ACL '{}' admits {}{}.", field_or_empty(*found->second, "name"),
                      target.user_name,
                      needed.empty() ? std::string(" (it requires no role)")
                                     : fmt::format(" (role {})", fmt::join(needed, ", ")));
      link.evidence.push_back(ctx.evidence("acls", *found->second, "name", "the ACL"));
      return link;
    }
    refusing.emplace_back(found->second, std::move(needed));
  }
  if (refusing.empty()) {
    link.message = "No active REST_Endpoint ACL guards the resource.";
    return link;
  }
  const auto& [first, needed] = refusing.front();
  link.status = Status::Fail;
  link.http = 403;
  link.message = fmt::format(
      "the ACL '{}' requires role {} which {} lacks: 403 \"User Not Authorized\" (Failed API "
      "level ACL Validation).",
      field_or_empty(*first, "name"), fmt::join(needed, " or "), target.user_name);
  for (const auto& [row, roles_needed] : refusing) {
    link.evidence.push_back(ctx.evidence(
        "acls", *row, "name", fmt::format("requires role {}", fmt::join(roles_needed, " or "))));
  }
  link.remediation = fmt::format(
      "Grant {} (the entry's OAuth Application User) role {} (User Administration > Users > "
      "Roles), or change the ACL ({}) if the integration should not need it.",
      target.user_name, needed.front(), link.evidence.front().link);
  return link;
}

Link internal_role(const Context& ctx, const Target& target) {
  Link link;
  if (!is_true(*target.resource, "requires_snc_internal_role")) {
    link.message = "The resource does not require the snc_internal role.";
    return link;
  }
  const ReadInput& plugin = ctx.read("explicit_roles");
  if (plugin.error != nullptr) return read_failure(plugin);
  bool active = std::any_of(plugin.rows.begin(), plugin.rows.end(), [](const Record* row) {
    return field_or_empty(*row, "source") == "com.glide.explicit_roles" &&
           (is_true(*row, "active") || field_or_empty(*row, "active") == "1");
  });
  if (!active) {
    link.message =
        "requires_snc_internal_role is set, but plugin com.glide.explicit_roles is not "
        "active: it has no effect.";
    return link;
  }
  if (ctx.read("grants").error != nullptr) return read_failure(ctx.read("grants"));
  if (user_roles(ctx, target.user_sys_id).count("snc_internal") != 0) {
    link.message =
        fmt::format("{} has snc_internal, which the resource requires.", target.user_name);
    return link;
  }
  link.status = Status::Fail;
  link.http = 403;
  link.message = fmt::format(
      "the resource requires role snc_internal (Explicit Roles is active) which {} lacks: 403.",
      target.user_name);
  link.evidence.push_back(
      ctx.evidence("resources", *target.resource, "requires_snc_internal_role", "the resource"));
  link.remediation = fmt::format(
      "Grant {} role snc_internal, or untick Requires SNC internal role on the resource ({}).",
      target.user_name, link.evidence.back().link);
  return link;
}

// ---- the check kinds ---------------------------------------------------------------------------

using Gate = std::function<Link(const Context&, const Target&)>;

struct LinkKind {
  const char* name;
  std::vector<std::string> reads;
  Gate gate;  // empty for "resource" (locating is the check) and "prediction"
  const char* description;
};

const std::vector<std::string> kLocateReads = {"apis", "versions", "resources", "entries"};

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

class ScriptedRestEvaluator final : public Evaluator {
 public:
  std::string validate(const CheckDefinition& check) const override {
    if (!check.evaluator) return "an evaluator spec is required";
    auto it = check.evaluator->params.find("link");
    const LinkKind* kind = it == check.evaluator->params.end() ? nullptr : find_kind(it->second);
    if (kind == nullptr) {
      return "params.link must be one of resource, access_policy, authentication, auth_scope, "
             "acl, internal_role, prediction";
    }
    for (const std::string& read : needed_reads(*kind)) {
      if (check.find_read(read) == nullptr)
        return fmt::format("a read named '{}' is required", read);
    }
    for (const char* param : {"api_path", "client_id"}) {
      if (std::find(check.requires_params.begin(), check.requires_params.end(), param) ==
          check.requires_params.end()) {
        return fmt::format("requires_params must list {}", param);
      }
    }
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const LinkKind& kind = *find_kind(inputs.check->evaluator->params.at("link"));
    Context ctx(inputs);
    Target target;
    target.method = ctx.param("api_method").empty() ? "GET" : ctx.param("api_method");
    target.path = ctx.param("api_path");
    Link entry = find_entry(ctx, target);
    if (entry.status != Status::Pass) return {to_result(inputs, entry)};
    Link where = locate(ctx, target);
    std::vector<Result> out;
    if (std::string(kind.name) == "prediction") {
      int predicted = 0;
      out.push_back(predict(inputs, ctx, target, where, predicted));
      compare_with_live_call(inputs, target, predicted, out.back());
    } else if (std::string(kind.name) == "resource" || where.status != Status::Pass) {
      out.push_back(kind.gate && where.status != Status::Pass && where.failed_read == nullptr
                        ? skipped(inputs)
                        : to_result(inputs, where));
    } else {
      out.push_back(to_result(inputs, kind.gate(ctx, target)));
    }
    out.back().subject = fmt::format("{} {}", target.method, target.path);
    return out;
  }

  std::string describe(const CheckDefinition& check) const override {
    const LinkKind* kind = find_kind(check.evaluator->params.at("link"));
    std::string live;
    if (std::string(kind->name) == "prediction") {
      live =
          " With `--probe`, sncheck also gets a token and calls the resource once (GET or HEAD "
          "only, never a method that changes data) and sets the real answer beside the "
          "prediction: a mismatch is a `fail` when the call failed and a `warn` when it "
          "succeeded.";
    }
    return fmt::format(
        "{} The call is judged for the token of the `--client-id` entry, which acts as its OAuth "
        "Application User (`oauth_entity.user`). Runs only with `--api` and `--client-id`.{}",
        kind->description, live);
  }

 private:
  static std::vector<std::string> needed_reads(const LinkKind& kind) {
    std::vector<std::string> reads = kLocateReads;
    if (std::string(kind.name) == "prediction") {
      for (const LinkKind& other : link_kinds()) {
        reads.insert(reads.end(), other.reads.begin(), other.reads.end());
      }
    } else {
      reads.insert(reads.end(), kind.reads.begin(), kind.reads.end());
    }
    return reads;
  }

  static Result skipped(const CheckInputs& inputs) {
    return make_result(inputs, Status::Skip,
                       "Not evaluated: the resource was not found or is inactive (see "
                       "oauth.api.resource).");
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_scripted_rest_evaluator() {
  return std::make_unique<ScriptedRestEvaluator>();
}

}  // namespace sncheck
