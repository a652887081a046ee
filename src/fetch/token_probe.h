// SPDX-License-Identifier: Apache-2.0
#pragma once
// The live token probe: the one request sncheck sends that is not a GET, and only with --probe.
// POST /oauth_token.do, form-encoded grant_type=client_credentials, the client's credentials in
// a Basic header; when that is refused, once more with them in the body (facts §7: ServiceNow's
// ansible collection sends them there). The token is never kept: only its type, lifetime and
// scope leave this file, and every buffer that held it or the secret is wiped.

#include <chrono>
#include <optional>
#include <string>

#include "core/probe_outcome.h"

namespace sncheck {

struct TokenProbeConfig {
  std::string base_url;  // "https://acme.service-now.com"
  std::string ca_bundle;
  long timeout_seconds = 30;
  // The run's end (--deadline): each request gets at most what is left; none starts after it.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  long deadline_seconds = 0;
  std::string client_id;
  std::string client_secret;  // never printed, logged or stored; the caller wipes its copy
  // With --api: once a token is granted, one call to this path with it (GET or HEAD only).
  std::string api_method;
  std::string api_path;  // "/api/x_acme/inventory/items/42"
};

// True for the methods sncheck may call a resource with: they change nothing.
bool is_safe_method(const std::string& method);

// Sends the probe (and, with api_path and a safe method, the Bearer call); never throws for what
// the instance answers (a setup failure throws std::runtime_error).
TokenProbeOutcome probe_token(const TokenProbeConfig& config);

// The same token request for sncheck's own reading client (no --api call): the token is kept
// (registered as a secret of the run; the caller wipes it) and outcome says how it was answered.
struct IssuedReadingToken {
  TokenProbeOutcome outcome;
  std::string token;  // empty unless outcome.granted
};
IssuedReadingToken request_reading_token(const TokenProbeConfig& config);

}  // namespace sncheck
