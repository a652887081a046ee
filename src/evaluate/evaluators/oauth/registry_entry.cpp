// SPDX-License-Identifier: Apache-2.0
// Whether an active Application Registry entry for external clients exists, and with --client-id
// whether that client's entry does and is one the token endpoint issues client-credentials
// tokens to. Entries are found the way the platform marks them, not only by type=client: entries
// made in the Machine Identity Console or over the API may carry an inbound grant type or a
// client type and another type, or none; OIDC providers and public clients are entries the
// endpoint does not serve this grant. Looking for near matches (case, whitespace, the name typed
// instead of the client id, an inactive twin) needs every entry at once, which a per-row
// condition cannot do.

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "core/platform_values.h"
#include "evaluate/evaluators/oauth/oauth_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

constexpr const char* kSearched =
    "sncheck searched oauth_entity for entries with a client id, and counts as an inbound client "
    "an entry of type client, or one with an inbound grant type or a client type (as the Machine "
    "Identity Console marks them)";

std::string normalised(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

bool is_active(const Record& row) { return parse_boolean(field_or_empty(row, "active")) == true; }

enum class Kind { Inbound, Oidc, Outbound, Unknown };

// How the platform marks an entry: type client (official example, c_GlideRecordAPI.md
// l.5494-5506), an OIDC provider's own table (oauth_oidc_entity, oidc-entity-table.md l.25),
// outbound providers (oauth_provider; consumer for connection templates), and the Machine
// Identity Console's inbound grant type and client type (client-type.md l.21-31; values P).
Kind kind_of(const Record& row) {
  const std::string type = field_or_empty(row, "type");
  if (field_or_empty(row, "sys_class_name") == "oauth_oidc_entity") return Kind::Oidc;
  if (type == "client") return Kind::Inbound;
  if (!field_or_empty(row, "inbound_grant_type").empty()) return Kind::Inbound;
  if (!field_or_empty(row, "client_type").empty()) return Kind::Inbound;
  if (type == "oauth_provider" || type == "consumer") return Kind::Outbound;
  return Kind::Unknown;
}

// The label of a stored value, from the choices read when an entry had an unexpected type.
std::string labelled(const CheckInputs& inputs, const std::string& element,
                     const std::string& value) {
  const ReadInput& choices = inputs.read("choices");
  if (choices.error != nullptr) return fmt::format("'{}'", value);
  for (const Record* row : choices.rows) {
    if (field_or_empty(*row, "element") == element && field_or_empty(*row, "value") == value) {
      return fmt::format("'{}' ({})", value, field_or_empty(*row, "label"));
    }
  }
  return fmt::format("'{}'", value);
}

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

// Why the token endpoint would not issue a client-credentials token to this active entry; ""
// when it is an inbound confidential client. *warn: sncheck cannot tell for sure.
std::string refusal(const CheckInputs& inputs, const Record& row, bool* warn) {
  *warn = false;
  switch (kind_of(row)) {
    case Kind::Oidc:
      return "it is an OIDC provider entry (oauth_oidc_entity): it verifies ID tokens and is not "
             "issued client-credentials tokens";
    case Kind::Outbound:
      return fmt::format(
          "it is an outbound provider (type {}): the instance uses it to call "
          "others, it is not a client of this instance's token endpoint",
          labelled(inputs, "type", field_or_empty(row, "type")));
    case Kind::Unknown:
      *warn = true;
      return fmt::format(
          "it has type {} and no inbound grant type: sncheck cannot tell whether "
          "the token endpoint treats it as an inbound client",
          field_or_empty(row, "type").empty()
              ? std::string("(empty)")
              : labelled(inputs, "type", field_or_empty(row, "type")));
    case Kind::Inbound:
      break;
  }
  if (parse_boolean(field_or_empty(row, "public_client")) == true) {
    return "it is a public client (no secret): the client-credentials grant is for confidential "
           "clients only (RFC 6749 section 4.4), and public clients are described only for PKCE "
           "flows";
  }
  const std::string grant = field_or_empty(row, "inbound_grant_type");
  if (!grant.empty() && grant.rfind("client_credential", 0) != 0) {
    *warn = true;
    return fmt::format(
        "it was made for another grant (inbound grant type {}): the token "
        "endpoint may refuse client credentials for it",
        labelled(inputs, "inbound_grant_type", grant));
  }
  return {};
}

class RegistryEntryEvaluator final : public Evaluator {
 public:
  // Every entry with a client id, never narrowed by --client-id: near matches need them all.
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {ReadSpec{"entries",
                     "oauth_entity",
                     "client_idISNOTEMPTY",
                     {"name", "client_id", "active", "type", "public_client", "sys_class_name",
                      "inbound_grant_type", "client_type"},
                     {},
                     {},
                     {}},
            // Entries of a type sncheck does not know; only then are the choices read (a second
            // wave that costs nothing when every entry is plainly inbound or outbound).
            ReadSpec{"unusual",
                     "oauth_entity",
                     "client_idISNOTEMPTY^typeNOT INclient,oauth_provider,consumer",
                     {"type"},
                     {},
                     {},
                     {}},
            ReadSpec{"choices",
                     "sys_choice",
                     "name=oauth_entity^elementINtype,inbound_grant_type,client_type",
                     {"name", "element", "value", "label"},
                     {},
                     {},
                     ReadKey{"unusual", "sys_id", ""}}};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const ReadInput& entries = inputs.read("entries");
    if (entries.error != nullptr) return {read_error_result(inputs, entries)};
    // The kind of an entry is read from its type: rows without it cannot be classified.
    if (inputs.read("unusual").error != nullptr)
      return {read_error_result(inputs, inputs.read("unusual"))};
    const std::string* client_id = inputs.params->find("client_id");
    if (client_id == nullptr) return {any_active_entry(inputs, entries)};
    return {entry_for_client(inputs, entries, *client_id)};
  }

  std::string describe(const CheckDefinition& check) const override {
    return fmt::format(
        "Reads every `{}` record where `{}` and counts as an inbound client an entry of type "
        "`client`, or one with an inbound grant type or a client type (Machine Identity Console "
        "entries may carry another type, or none); OIDC provider entries (`sys_class_name` "
        "oauth_oidc_entity) and outbound providers (`oauth_provider`, `consumer`) are not. "
        "Without `--client-id`, passes when at least one inbound entry is active. With "
        "`--client-id`, passes when an active entry has exactly that client id and the token "
        "endpoint serves it client credentials: fails for an OIDC provider, an outbound provider "
        "or a public client (client credentials are for confidential clients), warns for an "
        "entry made for another grant or of a type sncheck does not know (their labels read from "
        "`sys_choice`, only then); fails when it is inactive or missing, naming near matches: a "
        "client id differing only in case or white space, an entry whose name is the given "
        "value, an inactive twin.",
        check.find_read("entries")->table, check.find_read("entries")->query);
  }

 private:
  static Result any_active_entry(const CheckInputs& inputs, const ReadInput& entries) {
    std::vector<const Record*> inbound;
    std::copy_if(entries.rows.begin(), entries.rows.end(), std::back_inserter(inbound),
                 [](const Record* row) { return kind_of(*row) == Kind::Inbound; });
    std::vector<const Record*> active;
    std::copy_if(inbound.begin(), inbound.end(), std::back_inserter(active),
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
        fmt::format("{} ({}.)",
                    inbound.empty()
                        ? std::string("No Application Registry entry for external clients exists")
                        : fmt::format("{} Application Registry {} for external clients, none "
                                      "active",
                                      inbound.size(),
                                      inbound.size() == 1 ? "entry exists" : "entries exist"),
                    kSearched));
    for (const Record* row : inbound) {
      result.evidence.push_back(entry_evidence(inputs, entries, *row, describe_entry(*row)));
    }
    if (inbound.empty()) {
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
    if (active != exact.end()) return judge_active(inputs, entries, **active, exact.size());
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

  static Result judge_active(const CheckInputs& inputs, const ReadInput& entries, const Record& row,
                             std::size_t twins) {
    bool warn = false;
    std::string why = refusal(inputs, row, &warn);
    const std::string link = inputs.record_link(entries.spec->table, field_or_empty(row, "sys_id"));
    Result result =
        why.empty()
            ? make_result(inputs, Status::Pass,
                          fmt::format("Entry {} is active.", describe_entry(row)))
            : make_result(inputs, warn ? Status::Warn : inputs.check->failure_status,
                          fmt::format("Entry {} is active, but {}.", describe_entry(row), why));
    result.subject = field_or_empty(row, "name");
    result.evidence.push_back(entry_evidence(inputs, entries, row, describe_entry(row)));
    if (!why.empty()) {
      result.remediation = fmt::format(
          "Give the external system the client id of an OAuth API endpoint for external clients "
          "(a confidential client; System OAuth > Application Registry, or the Machine Identity "
          "Console with the client credentials grant), or check this entry ({}).",
          link);
    }
    if (twins > 1) result.message += fmt::format(" {} entries share this client id.", twins);
    return result;
  }

  static Result missing_client(const CheckInputs& inputs, const ReadInput& entries,
                               const std::string& client_id) {
    Result result = make_result(
        inputs, inputs.check->failure_status,
        fmt::format("No Application Registry entry has client id {} ({}).", client_id, kSearched));
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
      result.evidence.push_back(absence_evidence(
          inputs, entries,
          fmt::format("{} entries with a client id, none with this one", entries.rows.size())));
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
