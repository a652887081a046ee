// SPDX-License-Identifier: Apache-2.0
#include "fetch/status_mapping.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <ctime>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/strings.h"
#include "fetch/response_parser.h"

namespace sncheck {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return contains_ignoring_case(haystack, needle);
}

FetchError make_error(FetchErrorKind kind, std::string_view table, long status, std::string message,
                      std::string remedy) {
  return make_fetch_error(kind, std::string(table), static_cast<int>(status), std::move(message),
                          std::move(remedy));
}

// " (message: detail)" from ServiceNow's error envelope, or "" when there is none.
std::string servicenow_says(const std::optional<ServiceNowError>& error) {
  if (!error) return {};
  if (error->detail.empty()) return fmt::format(" (ServiceNow: \"{}\")", error->message);
  if (error->message.empty()) return fmt::format(" (ServiceNow: \"{}\")", error->detail);
  return fmt::format(" (ServiceNow: \"{}\": \"{}\")", error->message, error->detail);
}

std::string retried(int retries) {
  return retries > 0 ? fmt::format(" after {} {}", retries, retries == 1 ? "retry" : "retries")
                     : std::string();
}

FetchError unauthorized(const ResponseFacts& f, const std::string& says) {
  std::string remedy;
  if (f.mfa_token_header) {
    remedy =
        "the instance requires an MFA token for this account's basic auth (X-MFA_TOKEN in the "
        "answer): use an integration account exempt from MFA (web service access only) or a "
        "bearer token";
  } else if (f.credentials == Credentials::Kind::Bearer) {
    remedy =
        "the token is unknown, expired or revoked, or its user is inactive: get a new token and "
        "pass it again";
  } else if (f.credentials == Credentials::Kind::Basic) {
    remedy =
        "check SN_USERNAME and SN_PASSWORD (the account must be active and not locked out); an "
        "SSO-only account cannot use basic auth: give it a local password or use a token";
  } else {
    remedy = "sncheck sent no credentials: set SN_USERNAME and SN_PASSWORD, or a token";
  }
  if (!f.www_authenticate.empty()) {
    remedy += fmt::format(
        "; the instance asks for \"{}\" (WWW-Authenticate): a REST API Access Policy may not "
        "admit this authentication type",
        f.www_authenticate);
  }
  return make_error(FetchErrorKind::Unauthorized, f.table, f.status,
                    fmt::format("401 reading {}: the instance rejected sncheck's own credentials{}",
                                f.table, says),
                    std::move(remedy));
}

FetchError forbidden(const ResponseFacts& f, const std::optional<ServiceNowError>& sn,
                     const std::string& says) {
  std::string remedy = fmt::format("give the account sncheck reads with {} (read access to {})",
                                   read_role_hint(f.table), f.table);
  if (sn && contains(sn->detail, "field")) {
    remedy +=
        "; ServiceNow also answers this when a field in the query is not readable or does "
        "not exist";
  }
  return make_error(
      FetchErrorKind::Forbidden, f.table, f.status,
      fmt::format("403 reading {}: the account lacks read access to {}{}", f.table, f.table, says),
      std::move(remedy));
}

FetchError bad_request(const ResponseFacts& f, const std::optional<ServiceNowError>& sn,
                       const std::string& says) {
  if (sn && contains(sn->message, "invalid table")) {
    return make_error(
        FetchErrorKind::InvalidTable, f.table, f.status,
        fmt::format("400 reading {}: the instance has no table {}{}", f.table, f.table, says),
        fmt::format("the plugin that owns {} is not installed (or the table name is wrong); "
                    "install or activate it if the check needs it",
                    f.table));
  }
  return make_error(
      FetchErrorKind::BadRequest, f.table, f.status,
      fmt::format("400 reading {}: the instance rejected the request{}", f.table, says),
      "re-run with -v to see the request URL; this is likely an sncheck bug, "
      "please report it with that URL");
}

std::string retry_hint(const ResponseFacts& f) {
  std::string when;
  if (f.retry_after_seconds > 0) {
    std::time_t at = std::time(nullptr) + f.retry_after_seconds;
    when = fmt::format("retry after {} s (at {:%H:%M:%S} UTC)", f.retry_after_seconds,
                       fmt::gmtime(at));
  } else if (!f.rate_limit_reset.empty()) {
    when = fmt::format("retry after X-RateLimit-Reset {}", f.rate_limit_reset);
  } else {
    when = "retry later";
  }
  return when +
         "; or ask an admin to raise the rule in sys_rate_limit_rules for this account, or "
         "lower sncheck's concurrency";
}

FetchError rate_limited(const ResponseFacts& f, const std::string& says) {
  std::string why =
      f.retry_after_seconds > f.max_retry_after_seconds && f.max_retry_after_seconds > 0
          ? fmt::format("the instance asks to wait {} s, longer than the {} s sncheck waits",
                        f.retry_after_seconds, f.max_retry_after_seconds)
          : fmt::format("rate limit still exceeded{}", retried(f.retries));
  return make_error(FetchErrorKind::RateLimited, f.table, f.status,
                    fmt::format("429 reading {}: {}{}", f.table, why, says), retry_hint(f));
}

FetchError html_page(const ResponseFacts& f, FetchErrorKind kind) {
  std::string what = kind == FetchErrorKind::HibernatingInstance ? "a hibernation page"
                     : kind == FetchErrorKind::LoginPage         ? "a login page"
                                                                 : "a non-JSON body";
  std::string type = f.content_type.empty() ? "no content type" : f.content_type;
  std::string remedy =
      kind == FetchErrorKind::HibernatingInstance
          ? "the developer instance is hibernating: wake it from developer.servicenow.com, wait "
            "until it answers, then run sncheck again"
      : kind == FetchErrorKind::LoginPage
          ? "the instance answered with its login page instead of the REST API: check the "
            "instance URL, and that no proxy or SSO gateway intercepts /api/now/*"
          : "check the instance URL (no proxy or portal in between) and re-run with -v";
  return make_error(kind, f.table, f.status,
                    fmt::format("{} reading {}: the instance answered with {} ({}) instead of "
                                "Table API JSON",
                                f.status, f.table, what, type),
                    std::move(remedy));
}

FetchError redirect(const ResponseFacts& f) {
  bool login = contains(f.location, "login");
  std::string target = f.location.empty() ? "no Location" : "Location " + f.location;
  return make_error(
      login ? FetchErrorKind::LoginPage : FetchErrorKind::HttpStatus, f.table, f.status,
      fmt::format("{} reading {}: the instance redirected ({}); sncheck follows no redirects",
                  f.status, f.table, target),
      login ? "the instance sends API calls to its login page: check the instance URL, and that "
              "no proxy or SSO gateway intercepts /api/now/*"
            : "use the instance's canonical URL (the redirect target's origin) as the base URL");
}

}  // namespace

bool body_is_json(std::string_view content_type, std::string_view body) {
  std::size_t i = 0;
  while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
  if (i < body.size() && body[i] == '<') return false;
  return content_type.empty() || contains(content_type, "json");
}

FetchError error_for_response(const ResponseFacts& f) {
  if (f.status >= 300 && f.status < 400) return redirect(f);
  if (!body_is_json(f.content_type, f.body)) {
    FetchErrorKind kind = classify_html(f.body);
    if (f.status == 200 || kind != FetchErrorKind::NotJson) return html_page(f, kind);
  }
  std::optional<ServiceNowError> sn = parse_error_body(f.body);
  std::string says = servicenow_says(sn);
  switch (f.status) {
    case 400:
      return bad_request(f, sn, says);
    case 401:
      return unauthorized(f, says);
    case 403:
      return forbidden(f, sn, says);
    case 404:
      return make_error(
          FetchErrorKind::NotFound, f.table, f.status,
          fmt::format("404 reading {}: the instance found no such resource{}", f.table, says),
          "check the instance URL; the Table API answers an empty list with 200, so a 404 comes "
          "from an older API version, a proxy, or an ACL");
    case 429:
      return rate_limited(f, says);
    default:
      break;
  }
  if (f.status >= 500) {
    return make_error(
        FetchErrorKind::ServerError, f.table, f.status,
        fmt::format("{} reading {}: server error{}{}", f.status, f.table, retried(f.retries), says),
        "the instance is failing or overloaded: try again later; if it persists, "
        "check the instance's system logs");
  }
  return make_error(FetchErrorKind::HttpStatus, f.table, f.status,
                    fmt::format("{} reading {}: unexpected HTTP status{}", f.status, f.table, says),
                    "re-run with -v to see the request; check the instance URL");
}

FetchError error_for_transport(std::string_view table, CURLcode code, std::string_view detail,
                               bool connected, bool body_over_cap, std::size_t max_body_bytes) {
  std::string what = detail.empty() ? curl_easy_strerror(code) : std::string(detail);
  auto error = [&](FetchErrorKind kind, std::string_view summary, std::string remedy) {
    return make_error(kind, table, 0, fmt::format("reading {}: {}: {}", table, summary, what),
                      std::move(remedy));
  };
  if (body_over_cap || code == CURLE_FILESIZE_EXCEEDED) {
    return make_error(
        FetchErrorKind::TooLarge, table, 0,
        fmt::format("reading {}: the answer exceeds the {}-byte cap", table, max_body_bytes),
        "narrow the read (query or fields), use a smaller page size (--page-size), or raise "
        "the cap (--max-response-mb)");
  }
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return error(FetchErrorKind::Resolve, "cannot resolve the host",
                   "check the instance name in the URL and DNS/proxy settings");
    case CURLE_COULDNT_CONNECT:
      return error(FetchErrorKind::Connect, "cannot connect",
                   "check the instance URL and that the network or proxy lets you reach it");
    case CURLE_OPERATION_TIMEDOUT:
      if (!connected) {
        return error(FetchErrorKind::Connect, "timed out connecting",
                     "check the instance URL and that the network or proxy lets you reach it");
      }
      return error(FetchErrorKind::Timeout, "timed out waiting for the answer",
                   "the query is slow on the instance: narrow it or raise the timeout");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
      return error(FetchErrorKind::Tls, "TLS failure",
                   "the instance's certificate could not be verified: if a proxy re-signs TLS, "
                   "pass its CA bundle; sncheck never disables verification");
    default:
      return error(FetchErrorKind::Transport, "transfer failed",
                   "check the network path to the instance and try again");
  }
}

std::string read_role_hint(std::string_view table) {
  // One place for the roles that typically grant read access to the tables sncheck reads.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kRoles{{
      {"sys_plugins", "admin"},
      {"v_plugin", "admin"},
      {"sys_properties", "admin"},
      {"sys_security_acl", "admin (with security_admin elevation)"},
      {"oauth_entity", "oauth_admin or admin"},
      {"oauth_entity_profile", "oauth_admin or admin"},
      {"oauth_entity_scope", "oauth_admin or admin"},
      {"oauth_credential", "oauth_admin or admin"},
      {"sys_user", "user_admin or admin"},
      {"sys_user_has_role", "user_admin or admin"},
      {"sys_user_role", "user_admin or admin"},
      {"sys_api_access_policy", "admin"},
      {"sys_auth_profile_mapping", "admin"},
      {"inbound_auth_profile", "admin"},
      {"std_http_auth", "admin"},
      {"sys_ws_definition", "web_service_admin or admin"},
      {"sys_ws_operation", "web_service_admin or admin"},
  }};
  for (const auto& [name, role] : kRoles) {
    if (name == table) return std::string(role);
  }
  return "a role with read access to the table (admin reads every table)";
}

RetryDecision decide_retry(long status, long retry_after_seconds, int retries_done, int max_retries,
                           long max_retry_after_seconds) {
  bool server_error = status == 500 || status == 502 || status == 503 || status == 504;
  if (status != 429 && !server_error) return {RetryVerdict::NotRetryable, 0};
  if (status == 429 && retry_after_seconds > max_retry_after_seconds) {
    return {RetryVerdict::WaitTooLong, 0};
  }
  if (retries_done >= max_retries) return {RetryVerdict::Exhausted, 0};
  double backoff = std::ldexp(status == 429 ? 1.0 : 0.5, std::min(retries_done, 30));
  if (retry_after_seconds <= 0) return {RetryVerdict::Retry, backoff};
  if (status == 429) return {RetryVerdict::Retry, static_cast<double>(retry_after_seconds)};
  double wait = retry_after_seconds <= max_retry_after_seconds
                    ? std::max(backoff, static_cast<double>(retry_after_seconds))
                    : backoff;
  return {RetryVerdict::Retry, wait};
}

}  // namespace sncheck
