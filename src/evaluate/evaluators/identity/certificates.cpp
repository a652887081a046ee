// SPDX-License-Identifier: Apache-2.0
// Certificates the instance presents or trusts for outbound integrations (sys_certificate), by
// expiry: expired ones fail, ones expiring within the window warn. The expiry dates are compared
// by sncheck with the run's judging day: the stored date-times are UTC, and a javascript: query
// (gs.daysAgo) is never sent.

#include <fmt/format.h>

#include "core/platform_values.h"
#include "evaluate/dates.h"
#include "evaluate/evaluators/identity/identity_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

class CertificateExpiryEvaluator final : public Evaluator {
 public:
  std::vector<ParamSpec> params() const override {
    return {{"days", true, "the warning window: certificates expiring within this many days"}};
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {ReadSpec{"certificates",
                     "sys_certificate",
                     "active=true",
                     {"name", "expires", "type", "active"},
                     {},
                     {},
                     {}}};
  }

  std::vector<std::string> required_run_params() const override { return {"today"}; }

  std::string validate(const CheckDefinition& check) const override {
    if (parse_whole_number(check.evaluator->params.at("days")).value_or(0) <= 0) {
      return "evaluator.params.days: must be a positive whole number";
    }
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& read = inputs.read("certificates");
    if (read.error != nullptr) return {read_error_result(inputs, read)};
    const std::string* today_text = inputs.params->find("today");
    std::optional<long> today = today_text ? day_number(*today_text) : std::nullopt;
    if (!today) return {make_result(inputs, Status::Error, "The run has no valid judging date.")};
    const long window = static_cast<long>(*parse_whole_number(inputs.evaluator_param("days")));
    std::vector<Result> results;
    for (const Record* certificate : read.rows) {
      results.push_back(judge(inputs, read, *certificate, *today, window));
    }
    if (results.empty()) {
      results.push_back(
          make_result(inputs, Status::Pass, "The instance holds no active certificate."));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Reads the active certificates (`sys_certificate` where `active=true`: name, type, "
        "expires). For each, compares `expires` (a UTC date-time) with the day the run judges by "
        "(`--today`, UTC): expired is `{}`, expiring within {} days `warn`, later `pass`. A "
        "missing or unparsable expiry date is an error naming the value. sncheck compares the "
        "dates itself; it never sends a javascript: query.",
        to_string(check.failure_status), check.evaluator->params.at("days"));
  }

 private:
  static Result judge(const CheckInputs& inputs, const ReadInput& read, const Record& certificate,
                      long today, long window) {
    const std::string name = field_or_empty(certificate, "name");
    const FieldValue* expires = find_field(certificate, "expires");
    std::optional<long> day = expires ? day_number(expires->value) : std::nullopt;
    Result result;
    if (!day) {
      result = make_result(
          inputs, Status::Error,
          fmt::format("Certificate '{}': expires {}.", name,
                      expires ? fmt::format("holds '{}', not a date-time", expires->value)
                              : std::string("was not returned (no read access to the field)")));
      result.remediation =
          "Give the reading account read access to sys_certificate.expires, or check the "
          "certificate's record.";
    } else if (*day < today) {
      result = make_result(inputs, inputs.check->failure_status,
                           fmt::format("Certificate '{}' expired on {}: integrations that present "
                                       "or verify it fail.",
                                       name, date_of_day(*day)));
    } else if (*day - today <= window) {
      result = make_result(inputs, Status::Warn,
                           fmt::format("Certificate '{}' expires on {}, in {} days.", name,
                                       date_of_day(*day), *day - today));
    } else {
      result = make_result(inputs, Status::Pass,
                           fmt::format("Certificate '{}' expires on {}.", name, date_of_day(*day)));
    }
    result.subject = name;
    result.evidence.push_back(row_evidence(inputs, read, certificate, "expires"));
    if (result.status == Status::Fail || result.status == Status::Warn) {
      result.remediation =
          fmt::format("Open the certificate ({}): {}", result.evidence.back().link,
                      expand(inputs.check->remediation, inputs, &read, &certificate));
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_certificate_expiry_evaluator() {
  return std::make_unique<CertificateExpiryEvaluator>();
}

void register_identity_evaluators(EvaluatorRegistry& registry) {
  registry.add("integration_accounts", make_integration_accounts_evaluator);
  registry.add("certificate_expiry", make_certificate_expiry_evaluator);
}

}  // namespace sncheck
