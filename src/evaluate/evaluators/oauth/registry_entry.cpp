// Whether an active Application Registry entry for external clients exists, and with --client-id
// whether that client's entry does. Looking for near matches (case, whitespace, the name typed
// instead of the client id, an inactive twin) needs every entry at once, which a per-row
// condition cannot do.

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/oauth_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

std::string normalised(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

bool is_active(const Record& row) { return field_or_empty(row, "active") == "true"; }

std::string describe_entry(const Record& row) {
  return fmt::format("'{}' (client id {}, {})", field_or_empty(row, "name"),
                     field_or_empty(row, "client_id"), is_active(row) ? "active" : "inactive");
}

Evidence entry_evidence(const CheckInputs& inputs, const ReadInput& read, const Record& row,
                        std::string note) {
  Evidence evidence;
  evidence.table = read.spec->table;
  evidence.sys_id = field_or_empty(row, "sys_id");
  evidence.field = "active";
  evidence.value = field_or_empty(row, "active");
  evidence.link = inputs.record_link(evidence.table, evidence.sys_id);
  evidence.note = std::move(note);
  return evidence;
}

class RegistryEntryEvaluator final : public Evaluator {
 public:
  // Every entry, never narrowed by --client-id: near matches need them all.
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {ReadSpec{"entries",
                     "oauth_entity",
                     "type=client",
                     {"name", "client_id", "active", "type"},
                     {},
                     {},
                     {}}};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& entries = inputs.read("entries");
    if (entries.error != nullptr) return {read_error_result(inputs, entries)};
    const std::string* client_id = inputs.params->find("client_id");
    if (client_id == nullptr) return {any_active_entry(inputs, entries)};
    return {entry_for_client(inputs, entries, *client_id)};
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Reads every `{}` record where `{}`. Without `--client-id`, passes when at least one is "
        "active. With `--client-id`, passes when an active entry has exactly that client id; "
        "fails when it is inactive or missing, naming near matches: a client id differing only "
        "in case or white space, an entry whose name is the given value, an inactive twin.",
        check.find_read("entries")->table, check.find_read("entries")->query);
  }

 private:
  static Result any_active_entry(const CheckInputs& inputs, const ReadInput& entries) {
    std::vector<const Record*> active;
    std::copy_if(entries.rows.begin(), entries.rows.end(), std::back_inserter(active),
                 [](const Record* row) { return is_active(*row); });
    if (!active.empty()) {
      Result result =
          make_result(inputs, Status::Pass,
                      fmt::format("{} active Application Registry entr{} for external clients.",
                                  active.size(), active.size() == 1 ? "y" : "ies"));
      for (const Record* row : active) {
        result.evidence.push_back(entry_evidence(inputs, entries, *row, describe_entry(*row)));
      }
      return result;
    }
    Result result = make_result(
        inputs, inputs.check->failure_status,
        entries.rows.empty()
            ? std::string("No Application Registry entry for external clients exists.")
            : fmt::format("{} Application Registry {} for external clients, none active.",
                          entries.rows.size(),
                          entries.rows.size() == 1 ? "entry exists" : "entries exist"));
    for (const Record* row : entries.rows) {
      result.evidence.push_back(entry_evidence(inputs, entries, *row, describe_entry(*row)));
    }
    if (entries.rows.empty()) {
      result.evidence.push_back(absence_evidence(inputs, entries, "no entry for external clients"));
    }
    result.remediation = expand(inputs.check->remediation, inputs, &entries, nullptr);
    return result;
  }

  static Result entry_for_client(const CheckInputs& inputs, const ReadInput& entries,
                                 const std::string& client_id) {
    std::vector<const Record*> exact;
    for (const Record* row : entries.rows) {
      if (field_or_empty(*row, "client_id") == client_id) exact.push_back(row);
    }
    auto active =
        std::find_if(exact.begin(), exact.end(), [](const Record* row) { return is_active(*row); });
    if (active != exact.end()) {
      Result result = make_result(inputs, Status::Pass,
                                  fmt::format("Entry {} is active.", describe_entry(**active)));
      result.subject = field_or_empty(**active, "name");
      result.evidence.push_back(
          entry_evidence(inputs, entries, **active, describe_entry(**active)));
      if (exact.size() > 1) {
        result.message += fmt::format(" {} entries share this client id.", exact.size());
      }
      return result;
    }
    if (!exact.empty()) {
      const Record& row = *exact.front();
      Result result = make_result(
          inputs, inputs.check->failure_status,
          fmt::format("The entry for client id {} exists but is not active: the token endpoint "
                      "refuses an inactive client.",
                      client_id));
      result.subject = field_or_empty(row, "name");
      result.evidence.push_back(entry_evidence(inputs, entries, row, describe_entry(row)));
      result.remediation =
          fmt::format("Open the entry ({}), tick Active, and save.",
                      inputs.record_link(entries.spec->table, field_or_empty(row, "sys_id")));
      return result;
    }
    return missing_client(inputs, entries, client_id);
  }

  static Result missing_client(const CheckInputs& inputs, const ReadInput& entries,
                               const std::string& client_id) {
    Result result = make_result(
        inputs, inputs.check->failure_status,
        fmt::format("No Application Registry entry for external clients has client id {}.",
                    client_id));
    result.subject = client_id;
    const std::string wanted = normalised(client_id);
    for (const Record* row : entries.rows) {
      std::string note;
      if (normalised(field_or_empty(*row, "client_id")) == wanted) {
        note = "near match: the client id differs only in case or white space";
      } else if (normalised(field_or_empty(*row, "name")) == wanted) {
        note = "near match: this entry's name is the value given; pass its client id instead";
      } else {
        continue;
      }
      result.evidence.push_back(
          entry_evidence(inputs, entries, *row, fmt::format("{}: {}", note, describe_entry(*row))));
    }
    if (result.evidence.empty()) {
      result.evidence.push_back(
          absence_evidence(inputs, entries,
                           fmt::format("{} entries for external clients, none with this client id",
                                       entries.rows.size())));
    } else {
      result.message += fmt::format(" Near matches: {}.", result.evidence.size());
    }
    result.remediation = fmt::format(
        "Check the client id the external system sends (System OAuth > Application Registry, "
        "column Client ID: {}). If no entry exists, create one with New > \"Create an OAuth API "
        "endpoint for external clients\".",
        inputs.list_link(entries.spec->table, entries.effective_query));
    return result;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_registry_entry_evaluator() {
  return std::make_unique<RegistryEntryEvaluator>();
}

}  // namespace sncheck
