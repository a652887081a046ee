// SPDX-License-Identifier: Apache-2.0
// One or several system properties against a recommendation (the hardening settings): a missing
// property is judged by the value its documentation says applies then (the "Fallback value"),
// never passed for being absent; where no fallback is documented, or the releases' docs disagree
// on it, a missing property is a warning that says so. Every property read of a run goes into one
// sys_properties request (nameIN...), together with the build tag the release gate reads.

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/strings.h"
#include "evaluate/evaluators/builtin_evaluators.h"
#include "evaluate/evaluators/property_rule.h"
#include "evaluate/release.h"
#include "evaluate/result_helpers.h"
#include "query/encoded_query.h"

namespace sncheck {
namespace {

constexpr const char* kTable = "sys_properties";

struct Spec {
  std::vector<std::string> names;
  PropertyRule rule;
  bool any = false;  // match: any (one property holding is enough)
};

Spec spec_of(const std::map<std::string, std::string>& params) {
  Spec spec;
  spec.names = split_list(params.at("properties"));
  parse_property_rule(params, &spec.rule);
  auto match = params.find("match");
  spec.any = match != params.end() && match->second == "any";
  return spec;
}

// How one property came out.
struct Judged {
  std::string name;
  const Record* row = nullptr;  // nullptr: no such property
  Status status = Status::Error;
  std::string message;
  std::string remediation;
  Evidence evidence;
};

class PropertyEvaluator final : public Evaluator {
 public:
  std::vector<ParamSpec> params() const override {
    return {
        {"properties", true, "the property names, comma-separated; each is judged on its own"},
        {"type", true, "boolean, integer or string"},
        {"expect", true,
         "the recommended value: true/false; comparisons such as >0,<=720; empty or =<value>"},
        {"fallback", true,
         "the documented value when the property does not exist ('empty'), or 'none' when the "
         "documentation gives none (a missing property is then a warning)"},
        {"fallback_source", true, "where the fallback (or its absence) is documented"},
        {"disputed", false,
         "why the documented fallback is not a verdict (another release's docs disagree): a "
         "missing property whose fallback fails is then a warning saying so"},
        {"recommended", false, "the value a remediation sets (default: expect, for booleans)"},
        {"risk", true, "the documentation's risk rating, e.g. 'Severity score 8.6, CVSS High'"},
        {"since", false, "the first release family with the setting, e.g. zurich"},
        {"match", false, "all (default: each property) or any (one of them is enough)"},
    };
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>& params) const override {
    std::vector<std::string> names = split_list(params.at("properties"));
    std::string query = names.size() == 1 ? "name=" + names.front()
                                          : fmt::format("nameIN{}", fmt::join(names, ","));
    std::vector<ReadSpec> reads{
        ReadSpec{"properties", kTable, query, {"name", "value", "type"}, {}, {}, {}}};
    if (params.count("since") != 0) {
      reads.push_back(release_read());
    }
    return reads;
  }

  std::string validate(const CheckDefinition& check) const override {
    const auto& params = check.evaluator->params;
    std::vector<std::string> names = split_list(params.at("properties"));
    if (names.empty()) return "evaluator.params.properties: name at least one property";
    for (const std::string& name : names) {
      if (std::string problem = unsafe_query_list_item(name); !problem.empty()) {
        return fmt::format("evaluator.params.properties: '{}' {}", name, problem);
      }
    }
    PropertyRule rule;
    if (std::string problem = parse_property_rule(params, &rule); !problem.empty()) {
      return "evaluator.params." + problem;
    }
    auto since = params.find("since");
    if (since != params.end() && !release_named(since->second)) {
      return "evaluator.params.since: must name a release family (e.g. zurich)";
    }
    auto match = params.find("match");
    if (match != params.end() && match->second != "all" && match->second != "any") {
      return "evaluator.params.match: must be all or any";
    }
    return {};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const Spec spec = spec_of(inputs.check->evaluator->params);
    const ReadInput& read = inputs.read("properties");
    if (read.error != nullptr) return {read_error_result(inputs, read)};
    if (std::optional<Result> skipped = too_old(inputs, spec)) return {*skipped};
    std::vector<Judged> judged;
    for (const std::string& name : spec.names) judged.push_back(judge(inputs, spec, read, name));
    if (spec.any) return {combine_any(inputs, judged)};
    std::vector<Result> results;
    for (Judged& one : judged) {
      Result result = make_result(inputs, one.status, std::move(one.message));
      if (spec.names.size() > 1) result.subject = one.name;
      result.evidence.push_back(std::move(one.evidence));
      result.remediation = std::move(one.remediation);
      results.push_back(std::move(result));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    const auto& params = check.evaluator->params;
    const Spec spec = spec_of(params);
    const PropertyRule& rule = spec.rule;
    const std::string names = spec.names.size() == 1
                                  ? fmt::format("`{}`", spec.names.front())
                                  : fmt::format("one of `{}`", fmt::join(spec.names, "`, `"));
    std::string text = fmt::format(
        "Reads `sys_properties` where `name` is {} (in one request with every other property "
        "sncheck reads).\n\n",
        names);
    std::string kind = property_type_name(rule.type).data();
    if (rule.type == PropertyRule::Type::Boolean) {
      kind +=
          ": `true` or `false`; any other spelling (`1`, `TRUE`, `true `) is an error naming it";
    } else if (rule.type == PropertyRule::Type::Integer) {
      kind += ": a whole number; anything else is an error naming it";
    }
    text += fmt::format(
        "- **Recommended:** `{}` ({}). {}, `{}` otherwise.\n", describe_expectation(rule), kind,
        spec.any                ? "Passes when one of the properties meets it (either is enough)"
        : spec.names.size() > 1 ? "Each property is judged on its own: `pass` when it meets it"
                                : "`pass` when it meets it",
        to_string(check.failure_status));
    if (!rule.fallback) {
      text += fmt::format(
          "- **When the property does not exist:** the documentation gives no fallback value "
          "({}), so sncheck cannot tell which value applies: `warn`.\n",
          params.at("fallback_source"));
    } else {
      bool fallback_holds = judge_property_value(rule, *rule.fallback) == ValueVerdict::Holds;
      std::string verdict =
          fallback_holds ? std::string("it meets the recommendation: `pass`")
          : params.count("disputed") != 0
              ? fmt::format("it misses the recommendation, but {}: `warn`", params.at("disputed"))
              : fmt::format("it misses the recommendation: `{}`", to_string(check.failure_status));
      text += fmt::format(
          "- **When the property does not exist:** judged by its documented fallback value, "
          "`{}` ({}); {}.\n",
          rule.fallback->empty() ? "empty" : *rule.fallback, params.at("fallback_source"), verdict);
    }
    text += fmt::format("- **Risk rating in the documentation:** {}.\n", params.at("risk"));
    if (auto since = params.find("since"); since != params.end()) {
      text += fmt::format(
          "- **Applies from:** {} (the release comes from `glide.war` / `glide.buildtag.last`; "
          "on an older release the check is skipped, saying so; an unknown release is judged "
          "as current).\n",
          release_named(since->second)->name);
    } else {
      text += "- **Applies from:** the documentation names no release; judged on every one.\n";
    }
    text += fmt::format(
        "- **Remediation link:** a property that misses the recommendation links its record "
        "(`<instance>/sys_properties.do?sys_id=<sys_id>`); a missing one links a new-record form "
        "with name, type and value filled in "
        "(`<instance>/sys_properties.do?sys_id=-1&sysparm_query=name=<name>^type={}^value={}`, "
        "encoded).\n\n",
        property_type_name(rule.type), rule.recommended);
    text +=
        "A property the reading account cannot see (the request returned fewer rows than "
        "X-Total-Count counted) is an error, never a missing property.";
    return text;
  }

 private:
  static std::optional<Result> too_old(const CheckInputs& inputs, const Spec& spec) {
    const std::string& since_name = inputs.evaluator_param("since");
    if (since_name.empty()) return std::nullopt;
    const ReadInput& release = inputs.read("release");
    if (release.error != nullptr) return std::nullopt;
    std::optional<BuildTag> tag = first_build_tag(release.rows);
    const Release since = *release_named(since_name);
    if (!tag || tag->release.order >= since.order) return std::nullopt;
    Result result = make_result(
        inputs, Status::Skip,
        fmt::format("{} applies from {} on; this instance runs {} ({} = {}).",
                    fmt::join(spec.names, ", "), since.name, tag->release.name,
                    field_or_empty(*tag->row, "name"), field_or_empty(*tag->row, "value")));
    result.evidence.push_back(row_evidence(inputs, release, *tag->row, "value"));
    return result;
  }

  static std::string new_property_query(const std::string& name, const PropertyRule& rule) {
    return fmt::format("name={}^type={}^value={}", name, property_type_name(rule.type),
                       rule.recommended);
  }

  static std::string caveat(const CheckInputs& inputs) {
    return expand(inputs.check->remediation, inputs, nullptr, nullptr);
  }

  static Judged judge(const CheckInputs& inputs, const Spec& spec, const ReadInput& read,
                      const std::string& name) {
    const PropertyRule& rule = spec.rule;
    Judged out;
    out.name = name;
    std::vector<const Record*> rows;
    for (const Record* row : read.rows) {
      if (field_or_empty(*row, "name") == name) rows.push_back(row);
    }
    const std::string expected = describe_expectation(rule);
    if (rows.size() > 1) {
      out.message =
          fmt::format("{} records are named {}: sncheck cannot tell which one the platform uses.",
                      rows.size(), name);
      out.evidence = row_evidence(inputs, read, *rows.front(), "value", "one of several");
      out.remediation = "Keep one System Property of this name and delete the others.";
      return out;
    }
    if (rows.size() == 1) return judge_present(inputs, spec, read, *rows.front(), name, expected);
    out.evidence = absence_evidence(inputs, read, fmt::format("no property named {}", name));
    out.evidence.link = inputs.new_record_link(kTable, new_property_query(name, rule));
    const std::string create = fmt::format(
        "Create the property: open {} (a new System Property with Name, Type and Value filled "
        "in) and save it.",
        out.evidence.link);
    if (read.rows_withheld > 0) {
      out.message = fmt::format(
          "{} was not returned, but the instance withheld {} of the rows it counted for the "
          "sys_properties request: the property may exist under read roles the reading account "
          "lacks, so sncheck cannot judge it.",
          name, read.rows_withheld);
      out.remediation =
          "Run sncheck with an account that holds the properties' read roles (or admin).";
      return out;
    }
    const std::string& source = inputs.evaluator_param("fallback_source");
    if (!rule.fallback) {
      out.status = Status::Warn;
      out.message = fmt::format(
          "{} does not exist, and its documentation gives no fallback value ({}): sncheck cannot "
          "tell which value applies. Recommended: {}.",
          name, source, expected);
      out.remediation = create + " " + caveat(inputs);
      return out;
    }
    const std::string shown = rule.fallback->empty() ? "empty" : "'" + *rule.fallback + "'";
    if (judge_property_value(rule, *rule.fallback) == ValueVerdict::Holds) {
      out.status = Status::Pass;
      out.message = fmt::format(
          "{} does not exist; its documented fallback value, {} ({}), applies and meets the "
          "recommendation ({}).",
          name, shown, source, expected);
      return out;
    }
    const std::string& disputed = inputs.evaluator_param("disputed");
    out.status = disputed.empty() ? inputs.check->failure_status : Status::Warn;
    out.message = fmt::format(
        "{} does not exist, so its documented fallback value, {} ({}), applies: not the "
        "recommended {}.{}",
        name, shown, source, expected,
        disputed.empty() ? std::string() : fmt::format(" A warning, not a failure: {}.", disputed));
    out.remediation = create + " " + caveat(inputs);
    return out;
  }

  static Judged judge_present(const CheckInputs& inputs, const Spec& spec, const ReadInput& read,
                              const Record& row, const std::string& name,
                              const std::string& expected) {
    Judged out;
    out.name = name;
    out.row = &row;
    const std::string value = field_or_empty(row, "value");
    out.evidence = row_evidence(inputs, read, row, "value", fmt::format("expected {}", expected));
    if (const FieldValue* field = find_field(row, "value"); field != nullptr && field->null) {
      out.message = fmt::format(
          "{} exists, but the instance sent its value as null: sncheck cannot tell how the "
          "platform reads it.",
          name);
      out.remediation = fmt::format("Open the property ({}) and set Value to {}.",
                                    out.evidence.link, spec.rule.recommended);
      return out;
    }
    if (find_field(row, "value") == nullptr) {
      out.message = fmt::format(
          "{} exists, but its value was not returned: the reading account cannot read "
          "sys_properties.value.",
          name);
      out.remediation = "Grant the reading account read access to sys_properties.value.";
      return out;
    }
    switch (judge_property_value(spec.rule, value)) {
      case ValueVerdict::Holds:
        out.status = Status::Pass;
        out.message = fmt::format("{} is '{}' (recommended: {}).", name, value, expected);
        return out;
      case ValueVerdict::Fails:
        out.status = inputs.check->failure_status;
        out.message = fmt::format("{} is '{}'; recommended: {}.", name, value, expected);
        out.remediation =
            fmt::format("Open the property ({}) and set Value to {}. {}", out.evidence.link,
                        spec.rule.recommended.empty() ? "an empty value" : spec.rule.recommended,
                        caveat(inputs));
        return out;
      case ValueVerdict::NotJudgeable:
        break;
    }
    out.message = fmt::format(
        "{} holds '{}', which is not a {} value as the platform writes one{}: sncheck cannot "
        "tell how the platform reads it.",
        name, value, property_type_name(spec.rule.type),
        spec.rule.type == PropertyRule::Type::Boolean ? " (true or false)" : "");
    out.remediation = fmt::format("Open the property ({}) and set Value to exactly {}.",
                                  out.evidence.link, spec.rule.recommended);
    return out;
  }

  // match: any. One property that holds is enough; otherwise every property's reason is given.
  static Result combine_any(const CheckInputs& inputs, std::vector<Judged>& judged) {
    auto passing = std::find_if(judged.begin(), judged.end(),
                                [](const Judged& one) { return one.status == Status::Pass; });
    if (passing != judged.end()) {
      Result result = make_result(inputs, Status::Pass, passing->message);
      result.evidence.push_back(passing->evidence);
      return result;
    }
    bool unknown = std::any_of(judged.begin(), judged.end(),
                               [](const Judged& one) { return one.status == Status::Error; });
    bool warned = std::all_of(judged.begin(), judged.end(),
                              [](const Judged& one) { return one.status == Status::Warn; });
    std::vector<std::string> messages;
    for (const Judged& one : judged) messages.push_back(one.message);
    Status status = unknown ? Status::Error : warned ? Status::Warn : inputs.check->failure_status;
    Result result =
        make_result(inputs, status,
                    fmt::format("None of the properties meets the recommendation (one is "
                                "enough): {}",
                                fmt::join(messages, " ")));
    for (Judged& one : judged) {
      result.evidence.push_back(std::move(one.evidence));
      if (result.remediation.empty()) result.remediation = one.remediation;
    }
    return result;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_property_evaluator() {
  return std::make_unique<PropertyEvaluator>();
}

}  // namespace sncheck
