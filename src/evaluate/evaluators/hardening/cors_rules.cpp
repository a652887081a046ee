// SPDX-License-Identifier: Apache-2.0
// CORS rules (sys_cors_rule) that open the instance's REST APIs to browsers on other sites: a
// wildcard under a public suffix (the platform accepts https://*.com), credentials sent to a
// wildcard (the UI refuses it, a record written through the API may not), and http:// origins.
// A rule is active unless its Active field says false: the field exists only from Xanadu on, and
// before it every rule applies.

#include <fmt/format.h>

#include "core/platform_values.h"
#include "core/strings.h"
#include "evaluate/evaluators/hardening/hardening_evaluators.h"
#include "evaluate/release.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

enum class Finding { BroadWildcard, CredentialsWildcard, HttpOrigin };

std::optional<Finding> parse_finding(std::string_view text) {
  if (text == "broad_wildcard") return Finding::BroadWildcard;
  if (text == "credentials_wildcard") return Finding::CredentialsWildcard;
  if (text == "http_origin") return Finding::HttpOrigin;
  return std::nullopt;
}

// Second-level labels under which registrations are public (co.uk, com.au, ...): a wildcard
// right above one of them admits every organisation's sites.
bool is_public_second_level(std::string_view label) {
  for (std::string_view known : {"com", "co", "net", "org", "gov", "edu", "ac", "or", "ne", "go"}) {
    if (label == known) return true;
  }
  return false;
}

std::string host_of(std::string_view domain) {
  std::string text = lower(trim(domain));
  for (std::string_view scheme : {"https://", "http://"}) {
    if (starts_with(text, scheme)) return text.substr(scheme.size());
  }
  return text;
}

// "*", "*.*", "*.com", "*.com.au": a wildcard followed by at most one label, or by a public
// second-level label and one more. "*.acme.com" is a wildcard, but not a broad one.
bool is_broad_wildcard(std::string_view domain) {
  std::string host = host_of(domain);
  if (host.empty() || host[0] != '*') return false;
  std::vector<std::string> labels = split_list(host.substr(1), '.');
  for (const std::string& label : labels) {
    if (label.find('*') != std::string::npos) return true;
  }
  return labels.size() <= 1 || (labels.size() == 2 && is_public_second_level(labels[0]));
}

class CorsRulesEvaluator final : public Evaluator {
 public:
  std::vector<ParamSpec> params() const override {
    return {{"finding", true, "broad_wildcard, credentials_wildcard or http_origin"}};
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {ReadSpec{"rules",
                     "sys_cors_rule",
                     "domainISNOTEMPTY",
                     {"name", "domain", "active", "access_control_allow_credentials", "rest_api"},
                     {},
                     {},
                     {}},
            release_read()};
  }

  std::string validate(const CheckDefinition& check) const override {
    if (!parse_finding(check.evaluator->params.at("finding"))) {
      return "evaluator.params.finding: must be broad_wildcard, credentials_wildcard or "
             "http_origin";
    }
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const Finding finding = *parse_finding(inputs.evaluator_param("finding"));
    const ReadInput& rules = inputs.read("rules");
    if (rules.error != nullptr) {
      if (rules.error->kind == FetchErrorKind::InvalidTable) {
        return {make_result(inputs, Status::Pass,
                            "The instance has no CORS rule table (sys_cors_rule): no cross-origin "
                            "browser access is configured.")};
      }
      return {read_error_result(inputs, rules)};
    }
    if (finding == Finding::CredentialsWildcard && before_xanadu(inputs)) {
      return {make_result(inputs, Status::Skip,
                          "Access-Control-Allow-Credentials on CORS rules exists from Xanadu on; "
                          "this instance runs an earlier release.")};
    }
    std::vector<Result> results;
    std::size_t active = 0;
    for (const Record* rule : rules.rows) {
      std::optional<bool> on = parse_boolean(field_or_empty(*rule, "active"));
      if (find_field(*rule, "active") != nullptr && on.has_value() && !*on) continue;
      ++active;
      if (std::optional<Result> result = judge(inputs, rules, *rule, finding)) {
        results.push_back(std::move(*result));
      }
    }
    if (results.empty()) {
      results.push_back(make_result(
          inputs, Status::Pass,
          active == 0 ? std::string("No active CORS rule exists.")
                      : fmt::format("None of the {} has {}.",
                                    count_of(active, "active CORS rule", "active CORS rules"),
                                    finding == Finding::BroadWildcard ? "a public-suffix wildcard"
                                    : finding == Finding::HttpOrigin
                                        ? "an http:// origin"
                                        : "credentials with a wildcard domain")));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    const Finding finding = *parse_finding(check.evaluator->params.at("finding"));
    std::string what;
    switch (finding) {
      case Finding::BroadWildcard:
        what =
            "whose Domain is a wildcard followed by at most one label (`https://*.com`), or by a "
            "public second-level label and one more (`https://*.com.au`, `*.co.uk`); `*` and "
            "`*.*` too. `https://*.acme.com` is not broad";
        break;
      case Finding::CredentialsWildcard:
        what =
            "with Access-Control-Allow-Credentials true and a `*` in its Domain (skipped before "
            "Xanadu, where the field does not exist)";
        break;
      case Finding::HttpOrigin:
        what = "whose Domain starts with `http://`";
        break;
    }
    return fmt::format(
        "Reads every CORS rule (`sys_cors_rule` where `domainISNOTEMPTY`; the table is small). A "
        "rule counts as active unless its Active field is false (the field exists from Xanadu "
        "on; before it every rule applies). Reports `{}` for each active rule {}; one `pass` "
        "when none does. A value that is not a platform boolean is an error naming it.",
        to_string(check.failure_status), what);
  }

 private:
  static bool before_xanadu(const CheckInputs& inputs) {
    const ReadInput& release = inputs.read("release");
    if (release.error != nullptr) return false;
    std::optional<BuildTag> tag = first_build_tag(release.rows);
    return tag && tag->release.order < release_named("xanadu")->order;
  }

  static std::optional<Result> judge(const CheckInputs& inputs, const ReadInput& rules,
                                     const Record& rule, Finding finding) {
    const std::string domain = field_or_empty(rule, "domain");
    const std::string name = field_or_empty(rule, "name");
    auto finding_result = [&](Status status, std::string message, const std::string& field) {
      Result result = make_result(inputs, status, std::move(message));
      result.subject = name.empty() ? domain : name;
      result.evidence.push_back(row_evidence(inputs, rules, rule, field));
      result.remediation =
          status == Status::Error
              ? fmt::format(
                    "Give the reading account read access to sys_cors_rule.{}, or run "
                    "sncheck with an admin account.",
                    field)
              : fmt::format("{} (rule: {})", inputs.check->remediation,
                            result.evidence.back().link);
      return result;
    };
    switch (finding) {
      case Finding::BroadWildcard:
        if (!is_broad_wildcard(domain)) return std::nullopt;
        return finding_result(inputs.check->failure_status,
                              fmt::format("CORS rule '{}' admits {}: every site under that suffix "
                                          "may call the instance's REST APIs with a visitor's "
                                          "session.",
                                          name, domain),
                              "domain");
      case Finding::HttpOrigin:
        if (!starts_with(lower(trim(domain)), "http://")) return std::nullopt;
        return finding_result(
            inputs.check->failure_status,
            fmt::format("CORS rule '{}' admits the unencrypted origin {}.", name, domain),
            "domain");
      case Finding::CredentialsWildcard: {
        if (domain.find('*') == std::string::npos) return std::nullopt;
        const FieldValue* credentials = find_field(rule, "access_control_allow_credentials");
        if (credentials == nullptr) {
          return finding_result(Status::Error,
                                fmt::format("CORS rule '{}' ({}) came back without "
                                            "access_control_allow_credentials: the reading account "
                                            "cannot read that field.",
                                            name, domain),
                                "access_control_allow_credentials");
        }
        std::optional<bool> on = parse_boolean(credentials->value);
        if (!on) {
          return finding_result(Status::Error,
                                fmt::format("CORS rule '{}': access_control_allow_credentials "
                                            "holds '{}', not a platform boolean.",
                                            name, credentials->value),
                                "access_control_allow_credentials");
        }
        if (!*on) return std::nullopt;
        return finding_result(inputs.check->failure_status,
                              fmt::format("CORS rule '{}' sends credentials (cookies) to the "
                                          "wildcard origin {}.",
                                          name, domain),
                              "access_control_allow_credentials");
      }
    }
    return std::nullopt;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_cors_rules_evaluator() {
  return std::make_unique<CorsRulesEvaluator>();
}

void register_hardening_evaluators(EvaluatorRegistry& registry) {
  registry.add("cors_rules", make_cors_rules_evaluator);
}

}  // namespace sncheck
