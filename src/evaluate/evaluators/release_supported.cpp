// SPDX-License-Identifier: Apache-2.0
// Whether the instance's release has a feature (e.g. inbound client credentials, Washington DC
// on). The release comes from a build tag in sys_properties, which non-admins often cannot read:
// then the release is unknown, reported as skip (never pass), and the other checks run as usual.
// Optionally, a boolean property decides which of two pieces of advice the remediation ends with
// (e.g. whether the password grant is disabled before suggesting it).

#include <cctype>
#include <map>

#include <fmt/format.h>

#include "evaluate/evaluators/builtin_evaluators.h"
#include "evaluate/release.h"
#include "evaluate/result_helpers.h"
#include "query/encoded_query.h"

namespace sncheck {
namespace {

Evidence tag_evidence(const CheckInputs& inputs, const ReadInput& read, const Record& row) {
  Evidence evidence;
  evidence.table = read.spec->table;
  evidence.sys_id = field_or_empty(row, "sys_id");
  evidence.field = field_or_empty(row, "name");
  evidence.value = field_or_empty(row, "value");
  evidence.link = inputs.record_link(evidence.table, evidence.sys_id);
  return evidence;
}

std::string capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

class ReleaseSupportedEvaluator final : public Evaluator {
 public:
  std::vector<ParamSpec> params() const override {
    return {{"since", true, "the first release family with the feature, e.g. washingtondc"},
            {"feature", true, "the feature, in words, for messages"},
            {"advice_property", false,
             "a boolean system property read beside the build tag (missing means false)"},
            {"advice_if_true", false, "the remediation's last sentence when the property is true"},
            {"advice_otherwise", false,
             "the remediation's last sentence when the property is false or missing"}};
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>& params) const override {
    std::vector<ReadSpec> reads = {release_read()};
    auto property = params.find("advice_property");
    if (property != params.end() && !property->second.empty()) {
      reads.push_back(ReadSpec{
          "advice", "sys_properties", "name=" + property->second, {"name", "value"}, {}, {}, {}});
    }
    return reads;
  }

  std::string validate(const CheckDefinition& check) const override {
    const auto& params = check.evaluator->params;
    if (!release_named(params.at("since"))) {
      return "evaluator.params.since must name a release family (e.g. washingtondc)";
    }
    bool property = params.count("advice_property") != 0;
    if (property != (params.count("advice_if_true") != 0) ||
        property != (params.count("advice_otherwise") != 0)) {
      return "evaluator.params: advice_property, advice_if_true and advice_otherwise go together";
    }
    if (property) return unsafe_query_value(params.at("advice_property"));
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& read = inputs.read("release");
    const Release since = *release_named(inputs.evaluator_param("since"));
    const std::string& feature = inputs.evaluator_param("feature");
    ReleaseFinding finding = find_release(read);
    if (!finding.release) {
      Result result =
          make_result(inputs, Status::Skip,
                      fmt::format("Release unknown: {}. The checks run as on a current release.",
                                  finding.unknown_reason));
      for (const Record* row : read.rows) {
        result.evidence.push_back(tag_evidence(inputs, read, *row));
      }
      return {result};
    }
    const Release& release = *finding.release;
    if (release.order >= since.order) {
      Result result = make_result(inputs, Status::Pass,
                                  fmt::format("This instance runs {}: {} exist from {} on.",
                                              release.label(), feature, since.name));
      result.evidence.push_back(tag_evidence(inputs, read, *finding.row));
      return {result};
    }
    Result result = make_result(
        inputs, inputs.check->failure_status,
        fmt::format("{} need {} or later; this instance is {} ({} = {}).", capitalised(feature),
                    since.name, release.label(), field_or_empty(*finding.row, "name"),
                    field_or_empty(*finding.row, "value")));
    result.evidence.push_back(tag_evidence(inputs, read, *finding.row));
    result.remediation = expand(inputs.check->remediation, inputs, &read, finding.row);
    add_advice(inputs, result);
    return {result};
  }

  std::string describe(const CheckDefinition& check) const override {
    std::string advice;
    if (const ReadSpec* property = check.find_read("advice")) {
      advice = fmt::format(
          " Before the remediation suggests an alternative, it reads `{}` where `{}` (a boolean; "
          "missing means false) and ends with the advice that fits its value; when the property "
          "cannot be read, it says so instead of suggesting either.",
          property->table, property->query);
    }
    return fmt::format(
        "Reads `{}` where `{}` and takes the release from the first build tag "
        "(`glide-<family>-<MM-DD-YYYY>__patch<N>...`, glide.war first). Passes from {} on, fails "
        "before it (and the checks that need it are skipped with that reason); when no tag can be "
        "read (no rows, 403) or the family is unknown, the release is unknown: skip, and every "
        "other check runs normally.{}",
        check.find_read("release")->table, check.find_read("release")->query,
        release_named(check.evaluator->params.at("since"))->name, advice);
  }

 private:
  static void add_advice(const CheckInputs& inputs, Result& result) {
    const std::string& property = inputs.evaluator_param("advice_property");
    if (property.empty()) return;
    const ReadInput& read = inputs.read("advice");
    if (read.error != nullptr) {
      result.remediation += fmt::format(
          " (sncheck could not read {} to say whether an alternative is open here: {}.)", property,
          read.error->message);
      return;
    }
    const Record* row = read.rows.empty() ? nullptr : read.rows.front();
    const std::string value = row ? field_or_empty(*row, "value") : std::string("false");
    if (row != nullptr) result.evidence.push_back(tag_evidence(inputs, read, *row));
    if (value == "true") {
      result.remediation += " " + inputs.evaluator_param("advice_if_true");
    } else if (value == "false" || value.empty()) {
      result.remediation += " " + inputs.evaluator_param("advice_otherwise");
    } else {
      result.remediation += fmt::format(
          " ({} is '{}', neither true nor false: check it before choosing an alternative.)",
          property, value);
    }
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_release_supported_evaluator() {
  return std::make_unique<ReleaseSupportedEvaluator>();
}

}  // namespace sncheck
