// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Bearer path into a Scripted REST resource (--api), shared by the oauth.api.* evaluators:
// which resource the path names, the client's entry, and each gate the platform applies to a
// token of the client, in the platform's order. Each gate is one small evaluator
// (bearer_<name>, check oauth.api.<name>) with its reads, the columns it verifies live, the
// release it exists from, and its judgement (gate_<name>.cpp); the prediction walks them all.

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "evaluate/release.h"
#include "model/evaluator.h"

namespace sncheck::bearer {

// A boolean column as the Table API sends it; anything but true/false (or 1/0) is Unknown, which
// a gate reports as a value it cannot judge, never as false.
enum class Flag { Yes, No, Unknown };
Flag flag(const Record& row, std::string_view field);

// What one gate concluded about the call.
struct Link {
  // Pass: lets the call on. Fail: refuses it with `http`. Warn: sncheck cannot tell (a script, a
  // condition, a value it does not know); `http` is the answer if it refuses, 0 when unknown.
  // Skip: the gate does not apply (an older release, a public resource). Error: a read failed.
  Status status = Status::Pass;
  int http = 0;
  std::string message;
  std::string remediation;
  std::vector<Evidence> evidence;
  const ReadInput* failed_read = nullptr;  // set with status Error
  // What the gate's own check reports when it differs from the gate's effect on the call: a
  // public resource lets the call on, and its check still fails (as a warning).
  std::optional<Status> check_status;

  static Link pass(std::string message);
  static Link skip(std::string message);
  static Link refuse(int http, std::string message, std::string remediation);
  static Link unknown(int http, std::string message, std::string remediation);
};

Link read_failure(const ReadInput& read);

// The call: the client's entry, the resource the path names (its API and version are dot-walked
// on the sys_ws_operation row) and the token's user.
struct Target {
  const Record* entry = nullptr;
  const Record* resource = nullptr;
  std::string method;
  std::string path;           // as given to --api
  std::string resource_path;  // the part after the API (and version): "/items/42"
  std::string version;        // the version the call lands on ("v1"); "" for an unversioned API
  std::string user_sys_id;
  std::string user_name;

  std::string api(std::string_view field) const;  // a field of the API (web_service_definition)
  std::string version_field(std::string_view field) const;  // of the version
  std::string api_path() const;  // "x_acme/inventory": the base URI without /api/
  bool is_public() const;        // the resource requires no authentication
};

// The application user's roles, as the platform resolves them (sys_user_has_role rows, inherited
// ones included; admin passes every role check but nobody).
struct Roles {
  const ReadInput* failed = nullptr;
  std::set<std::string> names;
  bool has(const std::string& role) const { return names.count(role) != 0; }
  bool admin() const { return has("admin"); }
};

class Context {
 public:
  explicit Context(const CheckInputs& inputs);

  const CheckInputs& inputs() const { return inputs_; }
  const std::string& param(std::string_view name) const;
  const ReadInput& read(std::string_view name) const { return inputs_.read(name); }
  const ReleaseFinding& release() const { return release_; }
  const Roles& roles(const Target& target) const;
  Evidence evidence(std::string_view read_name, const Record& row, std::string field,
                    std::string note) const;
  Evidence absence(std::string_view read_name, std::string note) const;
  std::string link(std::string_view read_name, const Record& row) const;

 private:
  const CheckInputs& inputs_;
  ReleaseFinding release_;
  mutable std::optional<Roles> roles_;
};

// One gate of the chain.
struct Gate {
  std::string name;                // evaluator bearer_<name>, check oauth.api.<name>
  std::string since;               // the release family it exists from; "" for every release
  int since_patch = 0;             // and the patch of that family
  bool public_too = false;         // also applies to resources that require no authentication
  std::vector<std::string> reads;  // names in bearer_reads()
  std::vector<SchemaColumn> columns;
  std::function<Link(const Context&, const Target&)> judge;
  std::string description;  // how it decides, for describe()
};

// The gates in the order the platform applies them (bearer_gates.cpp).
const std::vector<Gate>& gates();

// Every read a Bearer check may need, by name (bearer_reads.cpp); the reads and columns locating
// the call needs.
const ReadSpec& bearer_read(std::string_view name);
std::vector<std::string> locate_read_names();
std::vector<SchemaColumn> locate_columns();

// Finds the client's active entry (a Skip link when there is none).
Link find_entry(const Context& ctx, Target& target);
// Finds the API and resource the path names (Fail with 400/404 when missing or inactive).
Link locate(const Context& ctx, Target& target);

// A Skip link when the instance's release is older than the gate; nullopt when it applies (an
// unknown release counts as current).
std::optional<Link> release_skip(const Context& ctx, const Gate& gate);
// "exists from Zurich Patch 4 on" style words for a gate's release.
std::string since_text(const Gate& gate);

// The gates, one constructor per file (gate_<name>.cpp).
Gate authentication_gate();
Gate access_policy_gate();
Gate auth_profile_gate();
Gate token_restriction_gate();
Gate scope_restriction_gate();
Gate auth_scope_gate();
Gate acl_gate();
Gate path_acl_gate();
Gate internal_role_gate();
Gate machine_identity_gate();
Gate ip_access_gate();

}  // namespace sncheck::bearer
