#pragma once
// The live token probe: the one request sncheck sends that is not a GET, and only with --probe.
// POST /oauth_token.do, form-encoded grant_type=client_credentials, the client's credentials in
// a Basic header; when that is refused, once more with them in the body (facts §7: ServiceNow's
// ansible collection sends them there). The token is never kept: only its type, lifetime and
// scope leave this file, and every buffer that held it or the secret is wiped.

#include <string>

namespace sncheck {

struct TokenProbeConfig {
  std::string base_url;  // "https://acme.service-now.com"
  std::string ca_bundle;
  long timeout_seconds = 30;
  std::string client_id;
  std::string client_secret;  // never printed, logged or stored; the caller wipes its copy
  // With --api: once a token is granted, one call to this path with it (GET or HEAD only).
  std::string api_method;
  std::string api_path;  // "/api/x_acme/inventory/items/42"
};

struct TokenProbeOutcome {
  bool granted = false;
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
  // With --api and a granted token: the Bearer call's answer (never the token).
  bool api_called = false;
  int api_status = 0;
  std::string api_answer;  // ServiceNow's error message and detail, or a size; safe to show
  std::string api_transport_error;
};

// True for the methods sncheck may call a resource with: they change nothing.
bool is_safe_method(const std::string& method);

// Sends the probe (and, with api_path and a safe method, the Bearer call); never throws for what
// the instance answers (a setup failure throws std::runtime_error).
TokenProbeOutcome probe_token(const TokenProbeConfig& config);

// Overwrites a string's characters before it is released (explicit_bzero: not optimised away).
void wipe(std::string& secret);

}  // namespace sncheck
