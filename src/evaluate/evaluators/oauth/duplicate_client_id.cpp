// SPDX-License-Identifier: Apache-2.0
// Whether two client entries share a client id. Needs every entry at once (a per-row condition
// sees one row), so the read must not be narrowed by --client-id.

#include <map>
#include <vector>

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/oauth_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

class DuplicateClientIdEvaluator final : public Evaluator {
 public:
  // Every entry, never narrowed by --client-id: a duplicate needs them all.
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {ReadSpec{
        "entries", "oauth_entity", "type=client", {"name", "client_id", "active"}, {}, {}, {}}};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& entries = inputs.read("entries");
    if (entries.error != nullptr) return {read_error_result(inputs, entries)};
    std::map<std::string, std::vector<const Record*>> by_id;
    for (const Record* row : entries.rows) {
      std::string id = field_or_empty(*row, "client_id");
      if (!id.empty()) by_id[id].push_back(row);
    }
    std::vector<Result> results;
    for (const auto& [id, rows] : by_id) {
      if (rows.size() > 1) results.push_back(duplicate(inputs, entries, id, rows));
    }
    if (results.empty()) {
      results.push_back(
          make_result(inputs, Status::Pass,
                      entries.rows.size() == 1
                          ? std::string("The only client entry has a client id no other holds.")
                          : fmt::format("The {} client entries have distinct client ids.",
                                        entries.rows.size())));
    }
    return results;
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Reads every `{}` record where `{}` and {} for each client id held by more than one "
        "entry (which entry the token endpoint picks is not documented).",
        check.find_read("entries")->table, check.find_read("entries")->query,
        check.failure_status == Status::Warn ? "warns" : "fails");
  }

 private:
  static Result duplicate(const CheckInputs& inputs, const ReadInput& entries,
                          const std::string& id, const std::vector<const Record*>& rows) {
    std::string names;
    for (const Record* row : rows) {
      names += (names.empty() ? "'" : ", '") + field_or_empty(*row, "name") + "'";
    }
    Result result = make_result(
        inputs, inputs.check->failure_status,
        fmt::format("{} client entries share client id {}: {}.", rows.size(), id, names));
    result.subject = id;
    for (const Record* row : rows) {
      Evidence evidence;
      evidence.table = entries.spec->table;
      evidence.sys_id = field_or_empty(*row, "sys_id");
      evidence.field = "client_id";
      evidence.value = id;
      evidence.link = inputs.record_link(evidence.table, evidence.sys_id);
      evidence.note = fmt::format("'{}', active = {}", field_or_empty(*row, "name"),
                                  field_or_empty(*row, "active"));
      result.evidence.push_back(std::move(evidence));
    }
    result.remediation = expand(inputs.check->remediation, inputs, nullptr, nullptr);
    return result;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_duplicate_client_id_evaluator() {
  return std::make_unique<DuplicateClientIdEvaluator>();
}

}  // namespace sncheck
