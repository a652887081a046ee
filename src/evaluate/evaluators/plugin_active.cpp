// SPDX-License-Identifier: Apache-2.0
// Whether a plugin is active, from sys_plugins (source = plugin id) and, as a fallback when that
// finds no row or cannot be read, v_plugin (id = plugin id). The two tables encode `active`
// differently, so the accepted encodings are listed here and nowhere else.

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "core/platform_values.h"
#include "evaluate/evaluators/builtin_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

// sys_plugins.active is a boolean (parse_boolean: true/false, 1/0); v_plugin.active is a word
// (docs/platform-notes.md section 1). Shown in describe(): keep in step with state_of().
constexpr std::array<std::string_view, 3> kActiveValues{"true", "1", "active"};
constexpr std::array<std::string_view, 3> kInactiveValues{"false", "0", "inactive"};

enum class PluginState { Active, Inactive, Unknown };

struct Sighting {
  const ReadInput* read;
  const Record* row;
  PluginState state;
};

PluginState state_of(const Record& row) {
  const FieldValue* field = find_field(row, "active");
  if (field == nullptr || field->null) return PluginState::Unknown;
  if (std::optional<bool> active = parse_boolean(field->value)) {
    return *active ? PluginState::Active : PluginState::Inactive;
  }
  if (field->value == "active") return PluginState::Active;
  if (field->value == "inactive") return PluginState::Inactive;
  return PluginState::Unknown;
}

// The value as seen, for messages: JSON null and a missing field are named, not shown as ''.
std::string shown_active(const Record& row) {
  const FieldValue* field = find_field(row, "active");
  if (field == nullptr) return "(not returned)";
  return field->null ? std::string("null") : field->value;
}

Evidence sighting_evidence(const CheckInputs& inputs, const Sighting& sighting) {
  Evidence evidence;
  evidence.table = sighting.read->spec->table;
  evidence.sys_id = field_or_empty(*sighting.row, "sys_id");
  evidence.field = "active";
  evidence.value = shown_active(*sighting.row);
  evidence.link = inputs.record_link(evidence.table, evidence.sys_id);
  std::string name = field_or_empty(*sighting.row, "name");
  if (!name.empty()) evidence.note = fmt::format("plugin '{}'", name);
  return evidence;
}

// A source that does not exist on this instance (400 Invalid table) is simply not a source.
bool unavailable(const ReadInput& read) {
  return read.error != nullptr && read.error->kind == FetchErrorKind::InvalidTable;
}

class PluginActiveEvaluator final : public Evaluator {
 public:
  std::vector<ParamSpec> params() const override {
    return {{"plugin_id", true, "the plugin's id, as sys_plugins.source and v_plugin.id hold it"}};
  }

  std::vector<ReadSpec> reads(const std::map<std::string, std::string>& params) const override {
    const std::string& id = params.at("plugin_id");
    ReadSpec primary{"sys_plugins",
                     "sys_plugins",
                     "source=" + id,
                     {"source", "name", "active", "version"},
                     {},
                     {},
                     {}};
    ReadSpec fallback{"v_plugin", "v_plugin",    "id=" + id, {"id", "name", "active"},
                      {},         "sys_plugins", {}};
    return {primary, fallback};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const std::string& plugin_id = inputs.evaluator_param("plugin_id");
    std::vector<const ReadInput*> sources = {&inputs.read("sys_plugins"), &inputs.read("v_plugin")};

    std::vector<Sighting> sightings;
    const ReadInput* failed = nullptr;
    for (const ReadInput* source : sources) {
      if (source->not_needed) continue;
      if (unavailable(*source) && source != sources.front()) continue;
      if (source->error != nullptr) {
        if (failed == nullptr) failed = source;
        continue;
      }
      for (const Record* row : source->rows) sightings.push_back({source, row, state_of(*row)});
    }
    return {judge(inputs, plugin_id, sightings, failed)};
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Reads `sys_plugins` where `source` is `{0}`. Only when that finds no record or cannot "
        "be read (for example the reading account may not read `sys_plugins`), it also reads "
        "`v_plugin` where `id` is `{0}`, in a second wave, where the instance exposes that "
        "table. Passes when a record shows the plugin active (`active` is one of {1}); fails "
        "when the plugin is installed but inactive ({2}) or when no record exists in a table "
        "that could be read; an error when no source could be read or the value is not one "
        "sncheck knows.",
        check.evaluator->params.at("plugin_id"), fmt::join(kActiveValues, ", "),
        fmt::join(kInactiveValues, ", "));
  }

 private:
  static Result judge(const CheckInputs& inputs, const std::string& plugin_id,
                      const std::vector<Sighting>& sightings, const ReadInput* failed) {
    auto find_state = [&](PluginState state) {
      return std::find_if(sightings.begin(), sightings.end(),
                          [state](const Sighting& s) { return s.state == state; });
    };
    if (auto active = find_state(PluginState::Active); active != sightings.end()) {
      Result result =
          make_result(inputs, Status::Pass, fmt::format("Plugin {} is active.", plugin_id));
      result.evidence.push_back(sighting_evidence(inputs, *active));
      return result;
    }
    if (auto inactive = find_state(PluginState::Inactive); inactive != sightings.end()) {
      Result result = make_result(inputs, inputs.check->failure_status,
                                  fmt::format("Plugin {} is installed but not active.", plugin_id));
      result.evidence.push_back(sighting_evidence(inputs, *inactive));
      result.remediation = expand(inputs.check->remediation, inputs, nullptr, nullptr);
      return result;
    }
    if (auto unknown = find_state(PluginState::Unknown); unknown != sightings.end()) {
      Result result = make_result(
          inputs, Status::Error,
          fmt::format("Plugin {}: field 'active' holds '{}', which sncheck cannot interpret.",
                      plugin_id, shown_active(*unknown->row)));
      result.evidence.push_back(sighting_evidence(inputs, *unknown));
      result.remediation =
          "Report this value to the sncheck maintainers with your instance's release.";
      return result;
    }
    if (failed != nullptr) return read_error_result(inputs, *failed);
    Result result = make_result(
        inputs, inputs.check->failure_status,
        fmt::format("Plugin {} is not installed: no plugin record has this id.", plugin_id));
    const ReadInput& primary = inputs.read("sys_plugins");
    Evidence evidence;
    evidence.table = primary.spec->table;
    evidence.link = inputs.list_link(primary.spec->table, primary.effective_query);
    evidence.note = fmt::format("no record matches {}", primary.effective_query);
    result.evidence.push_back(std::move(evidence));
    result.remediation = expand(inputs.check->remediation, inputs, nullptr, nullptr);
    return result;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_plugin_active_evaluator() {
  return std::make_unique<PluginActiveEvaluator>();
}

}  // namespace sncheck
