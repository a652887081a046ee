// The outcome of the live token request (--probe): the symptom itself, seen from outside. It is
// decided from what the token endpoint answered, not from Table API rows; the entry read only
// names the client. The configuration checks, earlier in the chain, say why it was refused.

#include <map>

#include <fmt/format.h>

#include "evaluate/evaluators/oauth/oauth_evaluators.h"
#include "evaluate/result_helpers.h"

namespace sncheck {
namespace {

std::string client_label(const CheckInputs& inputs, const std::string& client_id) {
  const ReadInput& entries = inputs.read("entries");
  if (entries.error == nullptr) {
    for (const Record* row : entries.rows) {
      if (field_or_empty(*row, "client_id") == client_id) {
        return fmt::format("'{}' ({})", field_or_empty(*row, "name"), client_id);
      }
    }
  }
  return client_id;
}

Evidence endpoint_evidence(const CheckInputs& inputs, const std::string& field,
                           const std::string& value, std::string note) {
  Evidence evidence;
  evidence.table = "oauth_token.do";
  evidence.field = field;
  evidence.value = value;
  evidence.link = inputs.params->instance_url + "/oauth_token.do";
  evidence.note = std::move(note);
  return evidence;
}

class TokenProbeEvaluator final : public Evaluator {
 public:
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return {ReadSpec{"entries",
                     "oauth_entity",
                     "type=client",
                     {"name", "client_id"},
                     {{"client_id", "client_id={client_id}"}},
                     {},
                     {}}};
  }

  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    const std::string* client_id = inputs.params->find("client_id");
    if (inputs.probe == nullptr || client_id == nullptr) {
      return {make_result(inputs, Status::Skip,
                          "Not probed: run with --client-id ID --probe (client secret in "
                          "SN_CLIENT_SECRET or --client-secret-stdin) to send a real token "
                          "request.")};
    }
    const TokenProbeOutcome& probe = *inputs.probe;
    const std::string client = client_label(inputs, *client_id);
    if (!probe.transport_error.empty()) return {no_answer(inputs, probe, client)};
    if (probe.granted) return {granted(inputs, probe, client)};
    return {refused(inputs, probe, client)};
  }

  std::string describe(const CheckDefinition&) const override {
    return "Only with `--probe` (and `--client-id`): sends `POST /oauth_token.do`, form-encoded "
           "`grant_type=client_credentials`, the client id and secret in a Basic header, and when "
           "that is refused with 401, once more with them in the body. Passes when a token is "
           "issued (reporting its type, lifetime and scope; the token is never shown or kept); "
           "fails with the HTTP status and the error body otherwise. Without `--probe` it is "
           "skipped.";
  }

 private:
  static Result no_answer(const CheckInputs& inputs, const TokenProbeOutcome& probe,
                          const std::string& client) {
    Result result = make_result(inputs, Status::Error,
                                fmt::format("The token request for client {} got no answer: {}",
                                            client, probe.transport_error));
    result.remediation = "Check that the instance is reachable from here, then probe again.";
    return result;
  }

  static Result granted(const CheckInputs& inputs, const TokenProbeOutcome& probe,
                        const std::string& client) {
    std::string lifetime =
        probe.expires_in >= 0 ? fmt::format("{} s", probe.expires_in) : "not stated";
    Result result = make_result(
        inputs, Status::Pass,
        fmt::format("The token endpoint issued a {} token to client {}: lifetime {}, scope '{}'{} "
                    "(the token is not shown and was discarded).",
                    probe.token_type.empty() ? "(untyped)" : probe.token_type, client, lifetime,
                    probe.scope,
                    probe.attempts > 1 ? ", with the credentials in the body (the Basic header "
                                         "was refused)"
                                       : ""));
    result.evidence.push_back(endpoint_evidence(inputs, "token_type", probe.token_type, ""));
    return result;
  }

  static Result refused(const CheckInputs& inputs, const TokenProbeOutcome& probe,
                        const std::string& client) {
    std::string how = probe.attempts > 1
                          ? "with the credentials in a Basic header and again in the body"
                          : "with the credentials in a Basic header";
    Result result = make_result(inputs, inputs.check->failure_status,
                                fmt::format("The token endpoint refused client {} ({}): HTTP {} {}",
                                            client, how, probe.http_status, probe.refusal_body));
    result.evidence.push_back(endpoint_evidence(inputs, "status", std::to_string(probe.http_status),
                                                "answer to the client_credentials request"));
    result.remediation = expand(inputs.check->remediation, inputs, nullptr, nullptr);
    return result;
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_token_probe_evaluator() {
  return std::make_unique<TokenProbeEvaluator>();
}

}  // namespace sncheck
