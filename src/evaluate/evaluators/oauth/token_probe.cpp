// SPDX-License-Identifier: Apache-2.0
// The outcome of the live token request (--probe): the symptom itself, seen from outside. It is
// decided from what the token endpoint answered, not from Table API rows; the entry read only
// names the client. The configuration checks, earlier in the chain, say why it was refused.

#include <cctype>
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
                          "SN_PROBE_CLIENT_SECRET or --client-secret-stdin) to send a real token "
                          "request.")};
    }
    const TokenProbeOutcome& probe = *inputs.probe;
    const std::string client = client_label(inputs, *client_id);
    switch (probe.kind) {
      case TokenAnswerKind::NoAnswer:
        return {no_answer(inputs, probe, client)};
      case TokenAnswerKind::Granted:
        return {granted(inputs, probe, client)};
      case TokenAnswerKind::Refused:
        return {refused(inputs, probe, client)};
      case TokenAnswerKind::Unjudgeable:
        break;
    }
    return {unjudgeable(inputs, probe, client)};
  }

  std::string describe(const CheckDefinition&) const override {
    return "Only with `--probe` (and `--client-id`): sends `POST /oauth_token.do`, form-encoded "
           "`grant_type=client_credentials`, the client id and secret in a Basic header, and when "
           "that is refused with 401, once more with them in the body. Passes when a token is "
           "issued (reporting its type, lifetime and scope; the token is never shown or kept). A "
           "refusal (HTTP 4xx with an OAuth `error`) fails, with the cause its code names: "
           "`invalid_client` the client id, the secret or an inactive entry; `unauthorized_client` "
           "the OAuth Application User; `invalid_scope` the entry's scopes; "
           "`unsupported_grant_type` the client-credentials grant; `access_denied` / "
           "`server_error` the platform's generic refusal, explained by the configuration checks. "
           "An answer that is neither (a 5xx, HTML, a redirect, malformed JSON, a 200 without a "
           "token) is an error: sncheck could not probe. Without `--probe` it is skipped.";
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

  static Result unjudgeable(const CheckInputs& inputs, const TokenProbeOutcome& probe,
                            const std::string& client) {
    Result result = make_result(
        inputs, Status::Error,
        fmt::format("The token request for client {} got an answer sncheck cannot judge: {}. It "
                    "is neither a token nor an OAuth refusal, so nothing is concluded from it.",
                    client, probe.unjudgeable));
    result.evidence.push_back(endpoint_evidence(inputs, "status", std::to_string(probe.http_status),
                                                "answer to the client_credentials request"));
    result.remediation =
        "Something other than the token endpoint answered (a node error, a proxy, a login or SSO "
        "page): check the instance URL and the network path to /oauth_token.do, then probe again.";
    return result;
  }

  // What an OAuth error code says about the cause; decisive when it names its own link.
  struct Cause {
    std::string text;
    bool decisive = false;
  };

  static Cause cause_of(const std::string& code, const std::string& client) {
    if (code == "invalid_client") {
      return {fmt::format("the instance does not accept the id and secret of client {}: the "
                          "client id is wrong, the secret does not match the entry's, or the "
                          "entry is inactive",
                          client),
              true};
    }
    if (code == "unauthorized_client") {
      return {fmt::format("the instance will not issue client {} a token for its OAuth "
                          "Application User: the entry names none, or the user cannot be used "
                          "(see oauth.registry.app_user and oauth.app_user.usable)",
                          client),
              true};
    }
    if (code == "invalid_scope") {
      return {fmt::format("the instance refuses the scope of the request for client {} (sncheck "
                          "asks for none): the entry's OAuth scope settings restrict it",
                          client),
              true};
    }
    if (code == "unsupported_grant_type") {
      return {
          "the instance does not accept grant_type=client_credentials: the client-credentials "
          "grant is not enabled (see oauth.property.client_credentials and "
          "oauth.release.supported)",
          false};
    }
    if (code == "access_denied" || code == "server_error") {
      return {
          "the token endpoint gives its generic refusal, the same for every link of the "
          "client-credentials chain it checks (the OAuth plugin and property, the grant, the "
          "application user): the configuration checks say which link fails; when they all "
          "hold, the instance's OAuth log (System Logs, Source = OAuth) names the cause",
          false};
    }
    return {fmt::format("the token endpoint refuses client {} with an OAuth error sncheck does "
                        "not map to one cause",
                        client),
            false};
  }

  static Result refused(const CheckInputs& inputs, const TokenProbeOutcome& probe,
                        const std::string& client) {
    std::string how = probe.attempts > 1
                          ? "with the credentials in a Basic header and again in the body"
                          : "with the credentials in a Basic header";
    Cause cause = cause_of(probe.oauth_error, client);
    std::string text = cause.text;
    if (!text.empty())
      text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    Result result = make_result(inputs, inputs.check->failure_status,
                                fmt::format("{} (HTTP {} {}, asked {}).", text, probe.http_status,
                                            probe.refusal_body, how));
    result.decisive = cause.decisive;
    result.evidence.push_back(endpoint_evidence(inputs, "error", probe.oauth_error,
                                                fmt::format("HTTP {} to the client_credentials "
                                                            "request",
                                                            probe.http_status)));
    result.remediation = remediation_for(inputs, probe.oauth_error);
    return result;
  }

  static std::string remediation_for(const CheckInputs& inputs, const std::string& code) {
    const std::string registry = inputs.params->instance_url + "/oauth_entity_list.do";
    if (code == "invalid_client") {
      return fmt::format(
          "Compare the client id the external system sends with the entry's Client ID, and its "
          "secret with the entry's Client Secret (System OAuth > Application Registry, {}); "
          "make sure the entry is active, or generate a new secret and give it to the external "
          "system.",
          registry);
    }
    if (code == "unauthorized_client") {
      return "Set the entry's OAuth Application User to an existing, active integration user "
             "that is not locked out (add the field to the form if it is not shown), then retry.";
    }
    if (code == "invalid_scope") {
      return fmt::format(
          "Open the entry ({}) and check its OAuth scopes and 'Limit authorization to following "
          "APIs' settings for this client.",
          registry);
    }
    return expand(inputs.check->remediation, inputs, nullptr, nullptr);
  }
};

}  // namespace

std::unique_ptr<Evaluator> make_token_probe_evaluator() {
  return std::make_unique<TokenProbeEvaluator>();
}

}  // namespace sncheck
