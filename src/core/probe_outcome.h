// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the live token request (--probe) saw: never the token or the secret, only what is safe to
// show. The fetch stage fills it; the probe check judges it.

#include <string>

namespace sncheck {

// What the token endpoint's answer is, judged by its shape: a token; a refusal carrying an OAuth
// `error`; or no answer sncheck can judge (5xx, HTML, a redirect, malformed JSON, a 200 without
// a token), which is never read as a refusal.
enum class TokenAnswerKind { NoAnswer, Granted, Refused, Unjudgeable };

struct TokenProbeOutcome {
  TokenAnswerKind kind = TokenAnswerKind::NoAnswer;
  bool granted = false;         // kind == Granted
  int http_status = 0;          // the last answer's status; 0 when no answer arrived
  std::string transport_error;  // set when no answer arrived (DNS, TLS, timeout, ...)
  int attempts = 0;             // 1, or 2 when the Basic attempt was refused and the body tried
  // On a grant: what the platform said about the token, never the token itself.
  std::string token_type;
  long long expires_in = -1;
  std::string scope;
  // On a refusal: the error body as safe to show (only `error` and `error_description` of a JSON
  // body; otherwise a description of what came back), and the first attempt's status.
  std::string refusal_body;
  int basic_status = 0;
  std::string oauth_error;  // with Refused: the OAuth `error` code ("invalid_client", ...)
  std::string unjudgeable;  // with Unjudgeable: what came back instead of a token or a refusal
  // With --api and a granted token: the Bearer call's answer (never the token).
  bool api_called = false;
  int api_status = 0;
  std::string api_answer;  // ServiceNow's error message and detail, or a size; safe to show
  std::string api_transport_error;
};

}  // namespace sncheck
