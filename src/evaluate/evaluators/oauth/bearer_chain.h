#pragma once
// The Bearer path into a Scripted REST resource (--api), shared by the oauth.api.* evaluators:
// which API and resource the path names, the client's entry, and each gate the platform applies
// to a token of the client. Each gate is one evaluator (bearer_evaluators.cpp); the prediction
// walks them in the platform's order.

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/evaluator.h"

namespace sncheck::bearer {

bool is_true(const Record& row, std::string_view field);

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

Link read_failure(const ReadInput& read);

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
  const std::string& param(std::string_view name) const;
  const ReadInput& read(std::string_view name) const { return inputs_.read(name); }
  Evidence evidence(std::string_view read_name, const Record& row, std::string field,
                    std::string note) const;
  Evidence absence(std::string_view read_name, std::string note) const;

 private:
  const CheckInputs& inputs_;
};

// The reads every link needs to find the API, the resource and the client's entry.
std::vector<ReadSpec> locate_reads();
// Finds the client's active entry (a Skip link when there is none).
Link find_entry(const Context& ctx, Target& target);
// Finds the API and resource the path names (Fail with 400/404 when missing or inactive).
Link locate(const Context& ctx, Target& target);
std::set<std::string> user_roles(const Context& ctx, const std::string& user);

// The gates, in the platform's order.
Link authentication(const Context& ctx, const Target& target);
Link access_policy(const Context& ctx, const Target& target);
Link auth_scope(const Context& ctx, const Target& target);
Link acl(const Context& ctx, const Target& target);
Link internal_role(const Context& ctx, const Target& target);

}  // namespace sncheck::bearer
