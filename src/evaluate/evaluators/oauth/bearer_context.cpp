// SPDX-License-Identifier: Apache-2.0
// What every Bearer gate shares: links, the call's target, the context over the check's inputs
// (the release, the application user's roles) and the release test of a gate.

#include <fmt/format.h>

#include "core/platform_values.h"
#include "core/strings.h"
#include "evaluate/evaluators/oauth/bearer_chain.h"
#include "evaluate/result_helpers.h"

namespace sncheck::bearer {

Flag flag(const Record& row, std::string_view field) {
  std::optional<bool> value = parse_boolean(field_or_empty(row, field));
  if (!value) return Flag::Unknown;
  return *value ? Flag::Yes : Flag::No;
}

Link Link::pass(std::string message) {
  Link link;
  link.message = std::move(message);
  return link;
}

Link Link::skip(std::string message) {
  Link link;
  link.status = Status::Skip;
  link.message = std::move(message);
  return link;
}

Link Link::refuse(int http, std::string message, std::string remediation) {
  Link link;
  link.status = Status::Fail;
  link.http = http;
  link.message = std::move(message);
  link.remediation = std::move(remediation);
  return link;
}

Link Link::unknown(int http, std::string message, std::string remediation) {
  Link link;
  link.status = Status::Warn;
  link.http = http;
  link.message = std::move(message);
  link.remediation = std::move(remediation);
  return link;
}

Link read_failure(const ReadInput& read) {
  Link link;
  link.status = Status::Error;
  link.failed_read = &read;
  return link;
}

std::string Target::api(std::string_view field) const {
  return field_or_empty(*resource, fmt::format("web_service_definition.{}", field));
}

std::string Target::version_field(std::string_view field) const {
  return field_or_empty(*resource, fmt::format("web_service_version.{}", field));
}

std::string Target::api_path() const {
  const std::string uri = api("base_uri");
  std::string_view base = uri;
  if (starts_with(base, "/")) base.remove_prefix(1);
  if (starts_with(base, "api/")) base.remove_prefix(4);
  return std::string(base);
}

bool Target::is_public() const { return flag(*resource, "requires_authentication") == Flag::No; }

Context::Context(const CheckInputs& inputs)
    : inputs_(inputs), release_(find_release(inputs.read("release"))) {}

const std::string& Context::param(std::string_view name) const {
  static const std::string empty;
  const std::string* value = inputs_.params->find(name);
  return value ? *value : empty;
}

const Roles& Context::roles(const Target& target) const {
  if (roles_) return *roles_;
  roles_.emplace();
  const ReadInput& grants = read("grants");
  if (grants.error != nullptr) {
    roles_->failed = &grants;
    return *roles_;
  }
  for (const Record* row : grants.rows) {
    if (field_or_empty(*row, "user") == target.user_sys_id) {
      roles_->names.insert(field_or_empty(*row, "role.name"));
    }
  }
  return *roles_;
}

Evidence Context::evidence(std::string_view read_name, const Record& row, std::string field,
                           std::string note) const {
  return row_evidence(inputs_, read(read_name), row, std::move(field), std::move(note));
}

Evidence Context::absence(std::string_view read_name, std::string note) const {
  return absence_evidence(inputs_, read(read_name), std::move(note));
}

std::string Context::link(std::string_view read_name, const Record& row) const {
  return inputs_.record_link(read(read_name).spec->table, field_or_empty(row, "sys_id"));
}

std::string since_text(const Gate& gate) {
  std::optional<Release> family = release_named(gate.since);
  if (!family) return {};
  return gate.since_patch > 0 ? fmt::format("{} Patch {}", family->name, gate.since_patch)
                              : family->name;
}

std::optional<Link> release_skip(const Context& ctx, const Gate& gate) {
  if (gate.since.empty() || !ctx.release().release) return std::nullopt;
  const Release& release = *ctx.release().release;
  std::optional<bool> has = release_at_least(release, *release_named(gate.since), gate.since_patch);
  if (has.value_or(true)) return std::nullopt;
  return Link::skip(
      fmt::format("Not on this release: this rule exists from {} on, and this "
                  "instance runs {}.",
                  since_text(gate), release.label()));
}

}  // namespace sncheck::bearer
