// Locating the API, the resource and the client's entry for a Bearer call (--api).

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_chain.h"
#include "query/rest_path.h"

namespace sncheck::bearer {
namespace {

bool is_true_impl(const Record& row, std::string_view field) {
  return field_or_empty(row, field) == "true";
}

}  // namespace

bool is_true(const Record& row, std::string_view field) { return is_true_impl(row, field); }

Link read_failure(const ReadInput& read) {
  Link link;
  link.status = Status::Error;
  link.failed_read = &read;
  return link;
}

const std::string& Context::param(std::string_view name) const {
  static const std::string empty;
  const std::string* value = inputs_.params->find(name);
  return value ? *value : empty;
}

Evidence Context::evidence(std::string_view read_name, const Record& row, std::string field,
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

Evidence Context::absence(std::string_view read_name, std::string note) const {
  const ReadInput& input = read(read_name);
  Evidence out;
  out.table = input.spec->table;
  out.link = inputs_.list_link(out.table, input.effective_query);
  out.note = std::move(note);
  return out;
}

std::vector<ReadSpec> locate_reads() {
  return {
      ReadSpec{"apis",
               "sys_ws_definition",
               "namespaceISNOTEMPTY",
               {"name", "active", "base_uri", "namespace", "service_id", "is_versioned",
                "default_version", "enforce_acl"},
               {{"api_namespace", "namespace={api_namespace}"}},
               {},
               {}},
      ReadSpec{"versions",
               "sys_ws_version",
               "version_idISNOTEMPTY",
               {"version_id", "is_default", "active", "web_service_definition"},
               {{"api_namespace", "web_service_definition.namespace={api_namespace}"}},
               {},
               {}},
      ReadSpec{"resources",
               "sys_ws_operation",
               "http_methodISNOTEMPTY",
               {"name", "active", "http_method", "relative_path", "web_service_definition",
                "web_service_version", "requires_authentication", "requires_acl_authorization",
                "requires_snc_internal_role", "enforce_acl"},
               {{"api_namespace", "web_service_definition.namespace={api_namespace}"}},
               {},
               {}},
      ReadSpec{"entries",
               "oauth_entity",
               "type=client",
               {"name", "client_id", "active", "user", "user.user_name"},
               {{"client_id", "client_id={client_id}"}},
               {},
               {}},
  };
}

namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

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

}  // namespace sncheck::bearer
