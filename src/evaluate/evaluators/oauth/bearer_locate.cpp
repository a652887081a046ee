// SPDX-License-Identifier: Apache-2.0
// Locating the client's entry and the resource a Bearer call (--api) names. One read of
// sys_ws_operation carries the API (web_service_definition.*) and the version
// (web_service_version.*) through dot-walks, so the API and version tables cost no request.

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/bearer_chain.h"
#include "query/rest_path.h"

namespace sncheck::bearer {
namespace {

std::string api_of(const Record& row, std::string_view field) {
  return field_or_empty(row, fmt::format("web_service_definition.{}", field));
}

std::string version_of(const Record& row, std::string_view field) {
  return field_or_empty(row, fmt::format("web_service_version.{}", field));
}

// The resources of the API with this base URI; nullopt when no resource names it.
std::vector<const Record*> resources_under(const Context& ctx, const std::string& base_uri) {
  std::vector<const Record*> out;
  for (const Record* row : ctx.read("resources").rows) {
    if (api_of(*row, "base_uri") == base_uri) out.push_back(row);
  }
  return out;
}

// The resources of the version the call lands on: the one the path names, else the default.
std::vector<const Record*> in_version(const std::vector<const Record*>& resources,
                                      const std::string& version) {
  std::vector<const Record*> out;
  for (const Record* row : resources) {
    bool lands = version.empty() ? flag(*row, "web_service_version.is_default") == Flag::Yes
                                 : version_of(*row, "version_id") == version;
    if (lands) out.push_back(row);
  }
  return out;
}

Link no_resource(const Context& ctx, const Target& target, const ApiPathReading& reading,
                 const std::vector<const Record*>& resources) {
  const Record& any = *resources.front();
  Link link = Link::refuse(
      400,
      fmt::format("API '{}' ({}) has no {} resource whose relative path matches {}: the instance "
                  "answers 400 \"Requested URI does not represent any resource\".",
                  api_of(any, "name"), reading.base_uri, target.method, reading.resource),
      "Check the path and method the external system calls against the API's resources (their "
      "HTTP method and relative path; {name} segments match any value).");
  for (const Record* resource : resources) {
    link.evidence.push_back(
        ctx.evidence("resources", *resource, "relative_path",
                     fmt::format("{} {}", field_or_empty(*resource, "http_method"),
                                 field_or_empty(*resource, "relative_path"))));
  }
  return link;
}

Link located(const Context& ctx, const Target& target) {
  const Record& resource = *target.resource;
  struct Part {
    const char* field;
    const char* what;
  };
  for (Part part : {Part{"web_service_definition.active", "API"},
                    Part{"web_service_version.active", "version"}, Part{"active", "resource"}}) {
    if (std::string_view(part.what) == "version" && target.version.empty()) continue;
    Flag active = flag(resource, part.field);
    if (active == Flag::Yes) continue;
    Link link = Link::refuse(
        404,
        active == Flag::No
            ? fmt::format("The {} of {} {} is inactive: the instance does not serve it.", part.what,
                          target.method, target.path)
            : fmt::format("The {}'s Active flag reads '{}', which is not a boolean: sncheck "
                          "cannot tell whether the instance serves it.",
                          part.what, field_or_empty(resource, part.field)),
        fmt::format("Open the {} (System Web Services > Scripted REST APIs), tick Active, and "
                    "save.",
                    part.what));
    if (active == Flag::Unknown) link.status = Status::Error;
    link.evidence.push_back(ctx.evidence("resources", resource, part.field, "the resource"));
    return link;
  }
  Link link = Link::pass(fmt::format(
      "{} {} is resource '{}' of API '{}' ({}{}), all active.", target.method, target.path,
      field_or_empty(resource, "name"), api_of(resource, "name"), api_of(resource, "base_uri"),
      target.version.empty() ? std::string() : fmt::format(", version {}", target.version)));
  link.evidence.push_back(ctx.evidence("resources", resource, "relative_path", "the resource"));
  return link;
}

}  // namespace

Link find_entry(const Context& ctx, Target& target) {
  const ReadInput& entries = ctx.read("entries");
  if (entries.error != nullptr) return read_failure(entries);
  for (const Record* row : entries.rows) {
    if (field_or_empty(*row, "client_id") != ctx.param("client_id")) continue;
    if (flag(*row, "active") != Flag::Yes) continue;
    target.entry = row;
    target.user_sys_id = field_or_empty(*row, "user");
    target.user_name = field_or_empty(*row, "user.user_name");
    if (target.user_name.empty()) target.user_name = target.user_sys_id;
    return {};
  }
  return Link::skip(
      fmt::format("No active registry entry with client id {}, so no token to judge (see "
                  "oauth.registry.entry).",
                  ctx.param("client_id")));
}

Link locate(const Context& ctx, Target& target) {
  if (ctx.read("resources").error != nullptr) return read_failure(ctx.read("resources"));
  std::string problem;
  std::optional<ApiPath> path = parse_api_path(ctx.param("api_path"), &problem);
  if (!path) return Link::refuse(400, problem, {});
  for (const ApiPathReading& reading : api_path_readings(*path)) {
    std::vector<const Record*> resources = resources_under(ctx, reading.base_uri);
    if (resources.empty()) continue;
    bool versioned = flag(*resources.front(), "web_service_definition.is_versioned") == Flag::Yes;
    if (!reading.version.empty() && !versioned) continue;
    if (versioned) {
      std::vector<const Record*> version = in_version(resources, reading.version);
      if (version.empty()) {
        Link link = Link::refuse(
            400,
            fmt::format("API '{}' ({}) is versioned, but has no {} version with resources: the "
                        "instance answers 400.",
                        api_of(*resources.front(), "name"), reading.base_uri,
                        reading.version.empty() ? std::string("default") : reading.version),
            "Call an existing version (System Web Services > Scripted REST APIs > the API > "
            "Versions), or mark one as default.");
        link.evidence.push_back(ctx.evidence("resources", *resources.front(),
                                             "web_service_definition.is_versioned", "the API"));
        return link;
      }
      resources = std::move(version);
    }
    for (const Record* resource : resources) {
      if (field_or_empty(*resource, "http_method") != target.method) continue;
      if (!path_template_matches(field_or_empty(*resource, "relative_path"), reading.resource)) {
        continue;
      }
      target.resource = resource;
      target.resource_path = reading.resource;
      target.version = versioned ? version_of(*resource, "version_id") : std::string();
      return located(ctx, target);
    }
    return no_resource(ctx, target, reading, resources);
  }
  Link link = Link::refuse(
      400,
      fmt::format("No resource of a Scripted REST API in namespace {} has the base URI the path "
                  "names ({}): the instance answers 400 \"Requested URI does not represent any "
                  "resource\".",
                  path->namespace_, path->text),
      "Check the namespace and API id in the path against System Web Services > Scripted REST "
      "APIs (Base API path).");
  link.evidence.push_back(ctx.absence("resources", "Scripted REST resources of the namespace"));
  return link;
}

}  // namespace sncheck::bearer
