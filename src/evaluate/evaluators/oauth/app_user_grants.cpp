// SPDX-License-Identifier: Apache-2.0
// Whether an entry's OAuth Application User holds one of the role grants the "grants" read
// selects (e.g. admin, security_admin). The grants live in sys_user_has_role and the users in
// oauth_entity.user: a join of two reads, which a per-row condition cannot express. Both reads
// are in the same wave, so the join costs no extra request.

#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/oauth_evaluators.h"
#include "evaluate/result_helpers.h"
#include "query/encoded_query.h"

namespace sncheck {
namespace {

class AppUserGrantsEvaluator final : public Evaluator {
 public:
  std::vector<ParamSpec> params() const override {
    return {{"roles", true, "the roles the application user should not hold, comma-separated"}};
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>& params) const override {
    return {ReadSpec{"entries",
                     "oauth_entity",
                     "type=client^active=true",
                     {"name", "client_id", "user", "user.user_name"},
                     {{"client_id", "client_id={client_id}"}},
                     {},
                     {}},
            ReadSpec{"grants",
                     "sys_user_has_role",
                     "role.nameIN" + params.at("roles") + "^state=active",
                     {"user", "role", "role.name", "state"},
                     {},
                     {},
                     {}}};
  }

  std::string validate(const CheckDefinition& check) const override {
    return unsafe_query_value(check.evaluator->params.at("roles"));
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& entries = inputs.read("entries");
    const ReadInput& grants = inputs.read("grants");
    if (entries.error != nullptr) return {read_error_result(inputs, entries)};
    if (grants.error != nullptr) return {read_error_result(inputs, grants)};
    std::map<std::string, std::vector<const Record*>> by_user;
    for (const Record* grant : grants.rows)
      by_user[field_or_empty(*grant, "user")].push_back(grant);
    std::vector<Result> results;
    for (const Record* entry : entries.rows) {
      const std::string user = field_or_empty(*entry, "user");
      if (user.empty()) continue;  // oauth.registry.app_user reports it
      results.push_back(judge(inputs, grants, *entry, by_user[user]));
    }
    if (results.empty()) {
      results.push_back(make_result(inputs, Status::Skip,
                                    "No active client entry with an OAuth Application User to "
                                    "check (see oauth.registry.app_user)."));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Reads the entries (`{}` where `{}`) and the role grants (`{}` where `{}`). For each "
        "entry with an OAuth Application User, {} when that user has one of those grants, "
        "naming the roles; passes otherwise.",
        check.find_read("entries")->table, check.find_read("entries")->query,
        check.find_read("grants")->table, check.find_read("grants")->query,
        check.failure_status == Status::Warn ? "warns" : "fails");
  }

 private:
  static Result judge(const CheckInputs& inputs, const ReadInput& grants, const Record& entry,
                      const std::vector<const Record*>& held) {
    const std::string name = field_or_empty(entry, "name");
    const std::string user_name = field_or_empty(entry, "user.user_name");
    if (held.empty()) {
      Result result = make_result(
          inputs, Status::Pass,
          fmt::format("OAuth Application User '{}' of entry '{}' holds none of these roles.",
                      user_name, name));
      result.subject = name;
      return result;
    }
    std::string roles;
    for (const Record* grant : held) {
      roles += (roles.empty() ? "" : ", ") + field_or_empty(*grant, "role.name");
    }
    Result result = make_result(
        inputs, inputs.check->failure_status,
        fmt::format("OAuth Application User '{}' of entry '{}' holds {}: every token this client "
                    "gets carries those rights.",
                    user_name, name, roles));
    result.subject = name;
    for (const Record* grant : held) {
      result.evidence.push_back(row_evidence(inputs, grants, *grant, "role.name"));
    }
    result.remediation = expand(inputs.check->remediation, inputs, nullptr, nullptr);
    return result;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_app_user_grants_evaluator() {
  return std::make_unique<AppUserGrantsEvaluator>();
}

}  // namespace sncheck
