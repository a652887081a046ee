// Whether the instance's release has inbound client credentials (Washington DC on). The release
// comes from a build tag in sys_properties, which non-admins often cannot read: then the release
// is unknown, reported as skip (never pass), and the other checks run as usual.

#include <cctype>
#include <map>

#include <fmt/format.h>

#include "evaluate/evaluators/builtin_evaluators.h"
#include "evaluate/release.h"
#include "evaluate/result_helpers.h"

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
            {"feature", true, "the feature, in words, for messages"}};
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {ReadSpec{"release", "sys_properties", kReleaseQuery, {"name", "value"}, {}, {}, {}}};
  }

  std::string validate(const CheckDefinition& check) const override {
    if (!release_named(check.evaluator->params.at("since"))) {
      return "evaluator.params.since must name a release family (e.g. washingtondc)";
    }
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& read = inputs.read("release");
    const Release since = *release_named(inputs.evaluator_param("since"));
    const std::string& feature = inputs.evaluator_param("feature");
    if (read.error != nullptr) {
      return {make_result(inputs, Status::Skip,
                          fmt::format("Release unknown: {}. The checks run as on a current "
                                      "release.",
                                      read.error->message))};
    }
    std::optional<BuildTag> tag = first_build_tag(read.rows);
    if (!tag) {
      Result result = make_result(
          inputs, Status::Skip,
          fmt::format("Release unknown: {} of glide.war / glide.buildtag.last readable with a "
                      "known build tag. The checks run as on a current release.",
                      read.rows.empty() ? "neither" : "none"));
      for (const Record* row : read.rows)
        result.evidence.push_back(tag_evidence(inputs, read, *row));
      return {result};
    }
    std::string seen = fmt::format("{} {}", tag->release.name, tag->release.patch);
    if (tag->release.order >= since.order) {
      Result result = make_result(
          inputs, Status::Pass,
          fmt::format("This instance runs {}: {} exist from {} on.", seen, feature, since.name));
      result.evidence.push_back(tag_evidence(inputs, read, *tag->row));
      return {result};
    }
    Result result = make_result(
        inputs, inputs.check->failure_status,
        fmt::format("{} need {} or later; this instance is {} ({} = {}).", capitalised(feature),
                    since.name, tag->release.name, field_or_empty(*tag->row, "name"),
                    field_or_empty(*tag->row, "value")));
    result.evidence.push_back(tag_evidence(inputs, read, *tag->row));
    result.remediation = expand(inputs.check->remediation, inputs, &read, tag->row);
    return {result};
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Reads `{}` where `{}` and takes the release family from the first build tag "
        "(`glide-<family>-<MM-DD-YYYY>__patch<N>...`, glide.war first). Passes from {} on, fails "
        "before it (and the checks that need it are skipped with that reason); when no tag can be "
        "read (no rows, 403) or the family is unknown, the release is unknown: skip, and every "
        "other check runs normally.",
        check.find_read("release")->table, check.find_read("release")->query,
        release_named(check.evaluator->params.at("since"))->name);
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_release_supported_evaluator() {
  return std::make_unique<ReleaseSupportedEvaluator>();
}

}  // namespace sncheck
