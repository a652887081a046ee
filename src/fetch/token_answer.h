// SPDX-License-Identifier: Apache-2.0
#pragma once
// The token endpoint's answer judged by what it is, from its status, content type, Location and
// body alone (no sockets, so it is unit-tested and fuzzed on bytes): a token, a refusal with an
// OAuth `error` code, or something sncheck cannot judge. Never keeps the body: a granted answer
// carries the token, which token_probe.cpp extracts and wipes itself.

#include <string>
#include <string_view>

#include "core/probe_outcome.h"

namespace sncheck {

struct TokenAnswer {
  TokenAnswerKind kind = TokenAnswerKind::Unjudgeable;
  std::string oauth_error;  // with Refused: the `error` code as sent (at most 64 characters)
  std::string safe_body;    // with Refused: only `error_description` and `error`, as JSON
  std::string unjudgeable;  // with Unjudgeable: what came back, safe to show
};

// `location` is the redirect target already stripped of userinfo (shown_redirect_target).
// Granted: 200 with a JSON object holding a non-empty string access_token. Refused: 400-499 with
// a JSON object whose `error` is a non-empty string. Anything else, duplicate keys included, is
// Unjudgeable.
TokenAnswer classify_token_answer(long status, std::string_view content_type,
                                  std::string_view location, std::string_view body);

}  // namespace sncheck
