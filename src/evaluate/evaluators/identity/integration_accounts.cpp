// SPDX-License-Identifier: Apache-2.0
// The accounts integrations run as (identity/accounts.h), judged one finding per check: hybrid
// accounts, admin rights, dormancy, accounts an active entry names but that cannot sign in,
// accounts several entries share, pending password resets; and per OAuth entry, long-lived access
// tokens and entries nobody seems to use. One result per account (or entry): the set is small.

#include <map>

#include <fmt/format.h>

#include "core/platform_values.h"
#include "core/strings.h"
#include "evaluate/dates.h"
#include "evaluate/evaluators/identity/accounts.h"
#include "evaluate/evaluators/identity/identity_evaluators.h"
#include "evaluate/release.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

using identity::Account;

enum class Finding {
  Hybrid,
  Admin,
  Dormant,
  Unusable,
  Shared,
  PasswordReset,
  TokenLifespan,
  Unused
};

struct FindingInfo {
  Finding finding;
  std::string_view name;
  bool api_grants;  // the sources of accounts it judges
  bool ws_users;
  bool per_entry;  // judges entries, not accounts
};

constexpr FindingInfo kFindings[] = {
    {Finding::Hybrid, "hybrid", true, false, false},
    {Finding::Admin, "admin", true, true, false},
    {Finding::Dormant, "dormant", true, true, false},
    {Finding::Unusable, "unusable", false, false, false},
    {Finding::Shared, "shared", false, false, false},
    {Finding::PasswordReset, "password_reset", true, true, false},
    {Finding::TokenLifespan, "token_lifespan", false, false, true},
    {Finding::Unused, "unused", false, false, true},
};

const FindingInfo* finding_named(std::string_view name) {
  for (const FindingInfo& info : kFindings) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

constexpr const char* kAdminRoles = "admin,security_admin";

bool needs_release(Finding finding) {
  return finding == Finding::Dormant || finding == Finding::Unused;
}

// A boolean user field: its value, or the reason it cannot be judged.
std::optional<bool> user_flag(const Account& account, const std::string& field,
                              std::string* problem) {
  const FieldValue* value = account.find(field);
  if (value == nullptr) {
    *problem =
        fmt::format("sys_user.{} was not returned: the reading account cannot read it", field);
    return std::nullopt;
  }
  std::optional<bool> parsed = parse_boolean(value->value);
  if (!parsed)
    *problem = fmt::format("sys_user.{} holds '{}', not a platform boolean", field, value->value);
  return parsed;
}

class IntegrationAccountsEvaluator final : public Evaluator {
 public:
  std::vector<ParamSpec> params() const override {
    std::string names;
    for (const FindingInfo& info : kFindings)
      names += (names.empty() ? "" : ", ") + std::string(info.name);
    return {{"finding", true, names},
            {"days", false,
             "dormant, unused: days without a login that make an account dormant "
             "(default 90; --dormant-days overrides)"},
            {"max_seconds", false,
             "token_lifespan: the longest access-token lifespan accepted "
             "(default 3600)"}};
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>& params) const override {
    const FindingInfo& info = *finding_named(params.at("finding"));
    std::vector<ReadSpec> reads{identity::entries_read()};
    if (info.api_grants) reads.push_back(identity::api_grants_read());
    if (info.ws_users) reads.push_back(identity::ws_users_read());
    if (info.finding == Finding::Admin) reads.push_back(identity::admin_grants_read(kAdminRoles));
    if (needs_release(info.finding)) {
      reads.push_back(release_read());
    }
    return reads;
  }

  std::vector<std::string> required_run_params() const override { return {"today"}; }

  std::string validate(const CheckDefinition& check) const override {
    const auto& params = check.evaluator->params;
    if (finding_named(params.at("finding")) == nullptr) {
      return "evaluator.params.finding: must be one of " + this->params().front().description;
    }
    for (const char* name : {"days", "max_seconds"}) {
      auto it = params.find(name);
      if (it != params.end() && parse_whole_number(it->second).value_or(0) <= 0) {
        return fmt::format("evaluator.params.{}: must be a positive whole number", name);
      }
    }
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const FindingInfo& info = *finding_named(inputs.evaluator_param("finding"));
    for (const auto& [name, read] : inputs.reads) {
      if (read.error != nullptr && name != "release") return {read_error_result(inputs, read)};
    }
    if (needs_release(info.finding)) {
      if (std::optional<Result> skipped = before_xanadu(inputs)) return {*skipped};
    }
    std::vector<Result> results;
    if (info.per_entry) {
      for (const Record* entry : inputs.read("entries").rows) {
        if (std::optional<Result> result = judge_entry(inputs, info.finding, *entry)) {
          results.push_back(std::move(*result));
        }
      }
    } else {
      std::map<std::string, std::vector<const Record*>> admin_grants;
      if (info.finding == Finding::Admin) {
        for (const Record* grant : inputs.read("admin_grants").rows) {
          admin_grants[field_or_empty(*grant, "user")].push_back(grant);
        }
      }
      for (const Account& account :
           identity::integration_accounts(inputs, {info.api_grants, info.ws_users})) {
        Result result = judge_account(inputs, info.finding, account, admin_grants[account.sys_id]);
        result.subject = account.user_name;
        results.push_back(std::move(result));
      }
    }
    if (results.empty()) {
      std::string none = info.finding == Finding::TokenLifespan
                             ? "No active client registry entry exists"
                             : "No active client registry entry names an OAuth Application User";
      if (info.api_grants) none += ", and no active user holds an API-only role directly";
      if (info.ws_users) none += " or is web-service-access-only";
      results.push_back(
          make_result(inputs, Status::Skip, none + ": no integration account to judge."));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    const FindingInfo& info = *finding_named(check.evaluator->params.at("finding"));
    std::string sources =
        "the OAuth Application User of every active client registry entry (`oauth_entity` where "
        "`type=client^active=true`, the user dot-walked)";
    if (info.api_grants) {
      sources += fmt::format(
          ", every active user with a direct grant of an API-only role ({}; "
          "`sys_user_has_role`, inherited grants excluded)",
          identity::kApiRoles);
    }
    if (info.ws_users) sources += ", and every active web-service-access-only user (`sys_user`)";
    std::string what;
    switch (info.finding) {
      case Finding::Hybrid:
        what =
            "reports an account that is not web-service-access-only (it can sign in to the UI "
            "too); internal integration users are skipped";
        break;
      case Finding::Admin:
        what = fmt::format("reports an account holding {} (`sys_user_has_role`)", kAdminRoles);
        break;
      case Finding::Dormant:
        what =
            "reports an account whose last login (`last_login_time`, UTC) is older than the "
            "dormancy period or empty; skipped before Xanadu, where integrations did not yet "
            "update it";
        break;
      case Finding::Unusable:
        what =
            "reports an account an active entry names that is inactive or locked out: the "
            "integration cannot work";
        break;
      case Finding::Shared:
        what = "reports an account that several active entries name";
        break;
      case Finding::PasswordReset:
        what =
            "reports an account whose Password needs reset flag is set: the password it was given "
            "was never replaced";
        break;
      case Finding::TokenLifespan:
        what = "reports, per active client entry, an access-token lifespan above the limit";
        break;
      case Finding::Unused:
        what =
            "reports, per active client entry, one whose application user has not signed in within "
            "the dormancy period (client-credentials token requests update the user's last login "
            "from Xanadu on): the entry looks unused";
        break;
    }
    return fmt::format(
        "Gathers {}. It {}, with `{}`; passes otherwise, one result per {}. A field "
        "that was not returned or cannot be read as the platform writes it is an "
        "error for that account. Dates are compared by sncheck with the day the run "
        "judges by (`--today`, UTC); sncheck never asks the instance to compute "
        "them.",
        sources, what, to_string(check.failure_status), info.per_entry ? "entry" : "account");
  }

 private:
  static std::optional<Result> before_xanadu(const CheckInputs& inputs) {
    const ReadInput& release = inputs.read("release");
    if (release.error != nullptr) return std::nullopt;
    std::optional<BuildTag> tag = first_build_tag(release.rows);
    if (!tag || tag->release.order >= release_named("xanadu")->order) return std::nullopt;
    return make_result(inputs, Status::Skip,
                       fmt::format("Integrations update a user's last login only from Xanadu on; "
                                   "this instance runs {}, so last logins cannot show dormancy.",
                                   tag->release.name));
  }

  static long dormancy_days(const CheckInputs& inputs) {
    if (const std::string* given = inputs.params->find("dormant_days")) {
      if (std::optional<long long> days = parse_whole_number(*given))
        return static_cast<long>(*days);
    }
    return static_cast<long>(parse_whole_number(inputs.evaluator_param("days")).value_or(90));
  }

  // "" when the account logged in within the period; else the finding's message part.
  static std::optional<std::string> staleness(const CheckInputs& inputs, const Account& account,
                                              std::string* problem) {
    const FieldValue* last = account.find("last_login_time");
    if (last == nullptr) {
      *problem = "sys_user.last_login_time was not returned: the reading account cannot read it";
      return std::nullopt;
    }
    const std::string* today_text = inputs.params->find("today");
    std::optional<long> today = today_text ? day_number(*today_text) : std::nullopt;
    if (!today) {
      *problem = "the run has no valid judging date (--today)";
      return std::nullopt;
    }
    const long limit = dormancy_days(inputs);
    if (last->null) {
      *problem = "sys_user.last_login_time came back as null, not a date-time or empty";
      return std::nullopt;
    }
    if (last->value.empty())
      return fmt::format("has no recorded login (dormancy period {} days)", limit);
    std::optional<long> day = day_number(last->value);
    if (!day) {
      *problem = fmt::format("sys_user.last_login_time holds '{}', not a date-time", last->value);
      return std::nullopt;
    }
    if (*today - *day <= limit) return std::string();
    return fmt::format("last signed in on {} ({} days before {}; dormancy period {} days)",
                       date_of_day(*day), *today - *day, *today_text, limit);
  }

  static Result error(const CheckInputs& inputs, const Account& account, const std::string& field,
                      const std::string& problem) {
    Result result = make_result(inputs, Status::Error,
                                fmt::format("Account {}: {}.", account.user_name, problem));
    result.evidence.push_back(identity::account_evidence(inputs, account, field));
    result.remediation = fmt::format(
        "Give the reading account read access to sys_user.{} (or run "
        "sncheck with an admin account).",
        field);
    return result;
  }

  static Result finding(const CheckInputs& inputs, const Account& account, const std::string& field,
                        std::string message, Status status = Status::Error) {
    Result result =
        make_result(inputs, status == Status::Error ? inputs.check->failure_status : status,
                    std::move(message));
    result.evidence.push_back(identity::account_evidence(inputs, account, field));
    result.remediation = fmt::format("Open the user ({}): {}", result.evidence.back().link,
                                     expand(inputs.check->remediation, inputs, nullptr, nullptr));
    return result;
  }

  static Result pass(const CheckInputs& inputs, const Account& account, std::string message) {
    return make_result(inputs, Status::Pass,
                       fmt::format("{} ({}) {}", account.user_name, account.reasons(), message));
  }

  static Result judge_account(const CheckInputs& inputs, Finding kind, const Account& account,
                              const std::vector<const Record*>& admin_grants) {
    std::string problem;
    const std::string who =
        fmt::format("Integration account {} ({})", account.user_name, account.reasons());
    switch (kind) {
      case Finding::Hybrid: {
        std::optional<bool> internal = user_flag(account, "internal_integration_user", &problem);
        if (internal.value_or(false)) {
          return make_result(inputs, Status::Skip,
                             fmt::format("{} is an internal integration user: excluded, as the "
                                         "Machine Identity Console excludes them.",
                                         account.user_name));
        }
        std::optional<bool> wsao = user_flag(account, "web_service_access_only", &problem);
        if (!wsao) return error(inputs, account, "web_service_access_only", problem);
        if (*wsao) return pass(inputs, account, "is web-service-access-only.");
        return finding(inputs, account, "web_service_access_only",
                       who +
                           " is not web-service-access-only: its credentials also open the UI, "
                           "where a password, phishing or session theft gives a person the "
                           "integration's rights.");
      }
      case Finding::Admin: {
        if (admin_grants.empty()) {
          return pass(inputs, account, fmt::format("holds neither of {}.", kAdminRoles));
        }
        std::vector<std::string> roles;
        for (const Record* grant : admin_grants)
          roles.push_back(field_or_empty(*grant, "role.name"));
        Result result =
            finding(inputs, account, "user_name",
                    fmt::format("{} holds {}: anyone with its credentials or tokens administers "
                                "the instance.",
                                who, fmt::join(roles, ", ")));
        for (const Record* grant : admin_grants) {
          result.evidence.push_back(
              row_evidence(inputs, inputs.read("admin_grants"), *grant, "role.name", "the grant"));
        }
        return result;
      }
      case Finding::Dormant: {
        std::optional<std::string> stale = staleness(inputs, account, &problem);
        if (!stale) return error(inputs, account, "last_login_time", problem);
        if (stale->empty()) return pass(inputs, account, "signed in within the dormancy period.");
        return finding(
            inputs, account, "last_login_time",
            fmt::format("{} {}: a dormant account with working credentials.", who, *stale));
      }
      case Finding::Unusable: {
        std::optional<bool> active = user_flag(account, "active", &problem);
        if (!active) return error(inputs, account, "active", problem);
        std::optional<bool> locked = user_flag(account, "locked_out", &problem);
        if (!locked) return error(inputs, account, "locked_out", problem);
        if (*active && !*locked) return pass(inputs, account, "is active and not locked out.");
        return finding(inputs, account, *active ? "locked_out" : "active",
                       fmt::format("{} is {}, yet an active entry names it: the integration's "
                                   "requests fail.",
                                   who, *active ? "locked out" : "inactive"));
      }
      case Finding::Shared:
        if (account.entries.size() < 2) return pass(inputs, account, "is named by one entry only.");
        return finding(inputs, account, "user_name",
                       fmt::format("{} is shared by {} active entries: revoking one integration's "
                                   "access, or telling their activity apart, is not possible.",
                                   who, account.entries.size()));
      case Finding::PasswordReset: {
        std::optional<bool> reset = user_flag(account, "password_needs_reset", &problem);
        if (!reset) return error(inputs, account, "password_needs_reset", problem);
        if (!*reset) return pass(inputs, account, "has no pending password reset.");
        return finding(
            inputs, account, "password_needs_reset",
            who +
                " has Password needs reset set: the password it was given was never "
                "replaced, and with glide.authenticate.api.user.reset_password.mandatory "
                "its API calls are refused.");
      }
      case Finding::TokenLifespan:
      case Finding::Unused:
        break;
    }
    return make_result(inputs, Status::Error, "internal: an entry finding judged as an account");
  }

  static std::optional<Result> judge_entry(const CheckInputs& inputs, Finding kind,
                                           const Record& entry) {
    const ReadInput& entries = inputs.read("entries");
    const std::string name = field_or_empty(entry, "name");
    auto result_for = [&](Status status, std::string message, const std::string& field) {
      Result result = make_result(inputs, status, std::move(message));
      result.subject = name;
      result.evidence.push_back(row_evidence(inputs, entries, entry, field));
      if (status != Status::Pass) {
        result.remediation =
            status == Status::Error
                ? fmt::format("Give the reading account read access to oauth_entity.{}.", field)
                : fmt::format("Open the entry ({}): {}", result.evidence.back().link,
                              expand(inputs.check->remediation, inputs, &entries, &entry));
      }
      return result;
    };
    if (kind == Finding::TokenLifespan) {
      const long long limit =
          parse_whole_number(inputs.evaluator_param("max_seconds")).value_or(3600);
      const FieldValue* value = find_field(entry, "access_token_lifespan");
      std::optional<long long> seconds = value ? parse_whole_number(value->value) : std::nullopt;
      if (!seconds) {
        return result_for(
            Status::Error,
            fmt::format("Entry '{}': access_token_lifespan {}.", name,
                        value ? fmt::format("holds '{}', not a whole number", value->value)
                              : std::string("was not returned")),
            "access_token_lifespan");
      }
      if (*seconds <= limit) {
        return result_for(Status::Pass,
                          fmt::format("Entry '{}' issues access tokens for {} seconds (limit {}).",
                                      name, *seconds, limit),
                          "access_token_lifespan");
      }
      return result_for(
          inputs.check->failure_status,
          fmt::format("Entry '{}' issues access tokens that live {} seconds ({} hours; "
                      "limit {} seconds): a leaked token stays usable that long.",
                      name, *seconds, *seconds / 3600, limit),
          "access_token_lifespan");
    }
    if (field_or_empty(entry, "user").empty()) return std::nullopt;  // no user: the OAuth suite's
    Account account;
    account.sys_id = field_or_empty(entry, "user");
    account.row = &entry;
    account.prefix = "user.";
    account.user_name = field_or_empty(entry, "user.user_name");
    std::string problem;
    std::optional<std::string> stale = staleness(inputs, account, &problem);
    if (!stale)
      return result_for(Status::Error, fmt::format("Entry '{}': {}.", name, problem),
                        "user.last_login_time");
    if (stale->empty()) {
      return result_for(
          Status::Pass,
          fmt::format("Entry '{}': its application user {} signed in within the dormancy period.",
                      name, account.user_name),
          "user.last_login_time");
    }
    return result_for(inputs.check->failure_status,
                      fmt::format("Entry '{}' looks unused: its application user {} {}. An unused "
                                  "client with a valid secret is a credential nobody watches.",
                                  name, account.user_name, *stale),
                      "user.last_login_time");
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_integration_accounts_evaluator() {
  return std::make_unique<IntegrationAccountsEvaluator>();
}

}  // namespace sncheck
