// SPDX-License-Identifier: Apache-2.0
#include "fetch/token_probe.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "core/secret_registry.h"
#include "core/secrets.h"
#include "core/url.h"
#include "fetch/curl_handles.h"
#include "fetch/curl_options.h"
#include "fetch/request_url.h"
#include "fetch/token_answer.h"

namespace sncheck {
namespace {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;

enum class Placement { BasicHeader, Body };

// Holds an answer's body; wiped on destruction because a granted answer carries the token.
// Reserved up front so appending never leaves an unwiped copy behind in a freed buffer.
struct Answer {
  std::string body;
  std::string content_type;
  std::string location;  // a redirect's target, without userinfo
  long status = 0;
  Answer() { body.reserve(kMaxBodyBytes); }
  ~Answer() { wipe(body); }
  Answer(const Answer&) = delete;
  Answer& operator=(const Answer&) = delete;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* answer = static_cast<Answer*>(user);
  std::size_t bytes = size * count;
  if (answer->body.size() + bytes > kMaxBodyBytes) return 0;  // aborts the transfer
  answer->body.append(data, bytes);
  return bytes;
}

// The form body; with Placement::Body it carries the secret, so the caller wipes it.
std::string form_body(const TokenProbeConfig& config, Placement placement) {
  std::string body = "grant_type=client_credentials";
  if (placement == Placement::Body) {
    body += "&client_id=" + percent_encode(config.client_id);
    std::string secret = percent_encode(config.client_secret);
    body += "&client_secret=" + secret;
    wipe(secret);
  }
  return body;
}

// The milliseconds left before the run's deadline; nullopt without one.
std::optional<long> deadline_left_ms(const TokenProbeConfig& config) {
  if (!config.deadline) return std::nullopt;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      *config.deadline - std::chrono::steady_clock::now());
  return std::max<long>(static_cast<long>(left.count()), 0);
}

std::string deadline_passed(const TokenProbeConfig& config) {
  return fmt::format("the run's deadline (--deadline {} s) passed before the request was sent",
                     config.deadline_seconds);
}

// What every probe request shares: the transport policy, the URL, the body cap, and no more
// time than the run's deadline leaves.
void configure_request(CURL* easy, const TokenProbeConfig& config, const std::string& url,
                       curl_slist* headers, Answer& answer, char* error_buffer) {
  SNCHECK_SETOPT(easy, CURLOPT_URL, url.c_str());
  SNCHECK_SETOPT(easy, CURLOPT_HTTPHEADER, headers);
  curl::apply_transport_policy(easy, {config.ca_bundle, config.timeout_seconds}, error_buffer);
  if (std::optional<long> left = deadline_left_ms(config)) {
    long timeout_ms = config.timeout_seconds > 0 ? config.timeout_seconds * 1000 : *left;
    SNCHECK_SETOPT(easy, CURLOPT_TIMEOUT_MS, std::max(std::min(timeout_ms, *left), 1L));
  }
  SNCHECK_SETOPT(easy, CURLOPT_WRITEFUNCTION, &on_body);
  SNCHECK_SETOPT(easy, CURLOPT_WRITEDATA, static_cast<void*>(&answer));
}

void configure(CURL* easy, const TokenProbeConfig& config, Placement placement,
               const std::string& body, curl_slist* headers, Answer& answer, char* error_buffer) {
  configure_request(easy, config, config.base_url + "/oauth_token.do", headers, answer,
                    error_buffer);
  SNCHECK_SETOPT(easy, CURLOPT_POST, 1L);
  SNCHECK_SETOPT(easy, CURLOPT_POSTFIELDS, body.c_str());
  SNCHECK_SETOPT(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  if (placement == Placement::BasicHeader) {
    SNCHECK_SETOPT(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    SNCHECK_SETOPT(easy, CURLOPT_USERNAME, config.client_id.c_str());
    SNCHECK_SETOPT(easy, CURLOPT_PASSWORD, config.client_secret.c_str());
  }
}

// One POST. Returns false with `error` set when no answer arrived.
bool post(const TokenProbeConfig& config, Placement placement, Answer& answer, std::string& error) {
  if (deadline_left_ms(config) == 0L) {
    error = deadline_passed(config);
    return false;
  }
  curl::Easy easy(curl_easy_init());
  if (!easy) throw std::runtime_error("token probe: curl_easy_init failed");
  curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
  list = list ? curl_slist_append(list, "Content-Type: application/x-www-form-urlencoded") : list;
  if (!list) throw std::runtime_error("token probe: curl_slist_append: out of memory");
  curl::Slist headers(list);
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string body = form_body(config, placement);
  configure(easy.get(), config, placement, body, headers.get(), answer, error_buffer);
  CURLcode code = curl_easy_perform(easy.get());
  wipe(body);
  if (code != CURLE_OK) {
    error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    return false;
  }
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &answer.status);
  char* content_type = nullptr;
  curl_easy_getinfo(easy.get(), CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type != nullptr) answer.content_type = content_type;
  curl_header* location = nullptr;
  if (curl_easy_header(easy.get(), "Location", 0, CURLH_HEADER, -1, &location) == CURLHE_OK &&
      location != nullptr && location->value != nullptr) {
    answer.location = shown_redirect_target(config.base_url + "/oauth_token.do", location->value);
  }
  return true;
}

std::string string_member(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || !member->value.IsString()) return {};
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

// Type, lifetime and scope of a granted token; the document (and the token in it) dies here.
bool read_grant_in(char* text, TokenProbeOutcome& outcome, std::string& token_out) {
  rapidjson::Document document;
  // Iterative: the recursive parser overflows the stack on deeply nested input (see
  // response_parser.cpp), and this body comes from the instance.
  document.ParseInsitu<rapidjson::kParseIterativeFlag>(text);
  if (document.HasParseError() || !document.IsObject()) return false;
  auto token = document.FindMember("access_token");
  if (token == document.MemberEnd() || !token->value.IsString() ||
      token->value.GetStringLength() == 0) {
    return false;
  }
  token_out.assign(token->value.GetString(), token->value.GetStringLength());
  register_secret(token_out);  // an issued token is a secret of the run like any other
  outcome.token_type = string_member(document, "token_type");
  outcome.scope = string_member(document, "scope");
  auto expires = document.FindMember("expires_in");
  if (expires != document.MemberEnd() && expires->value.IsInt64()) {
    outcome.expires_in = expires->value.GetInt64();
  }
  return true;
}

// Parsed in situ in a copy that is wiped, so the token's characters live only there.
// token_out receives the token for the --api call; the caller wipes it.
bool read_grant(const Answer& answer, TokenProbeOutcome& outcome, std::string& token_out) {
  std::string copy = answer.body;
  bool granted = read_grant_in(copy.data(), outcome, token_out);
  wipe(copy);
  return granted;
}

// What of a resource's answer is safe to show: ServiceNow's error message and detail, never the
// body itself (it is the integration's data).
std::string safe_api_answer(const Answer& answer) {
  rapidjson::Document document;
  document.Parse(answer.body.c_str(), answer.body.size());
  if (!document.HasParseError() && document.IsObject()) {
    auto error = document.FindMember("error");
    if (error != document.MemberEnd() && error->value.IsObject()) {
      std::string message = string_member(error->value, "message");
      std::string detail = string_member(error->value, "detail");
      return detail.empty() ? message : fmt::format("{}: {}", message, detail);
    }
  }
  return fmt::format("{} bytes of {} (not shown)", answer.body.size(),
                     answer.content_type.empty() ? "unknown content" : answer.content_type);
}

// The Bearer call to the --api resource; the token stays in curl's option only for this call.
void call_api(const TokenProbeConfig& config, const std::string& token,
              TokenProbeOutcome& outcome) {
  if (deadline_left_ms(config) == 0L) {
    outcome.api_transport_error = deadline_passed(config);
    return;
  }
  curl::Easy easy(curl_easy_init());
  if (!easy) throw std::runtime_error("token probe: curl_easy_init failed");
  curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
  if (!list) throw std::runtime_error("token probe: curl_slist_append: out of memory");
  curl::Slist headers(list);
  char error_buffer[CURL_ERROR_SIZE] = {};
  Answer answer;
  configure_request(easy.get(), config, config.base_url + config.api_path, headers.get(), answer,
                    error_buffer);
  if (config.api_method == "HEAD") SNCHECK_SETOPT(easy.get(), CURLOPT_NOBODY, 1L);
  SNCHECK_SETOPT(easy.get(), CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BEARER));
  SNCHECK_SETOPT(easy.get(), CURLOPT_XOAUTH2_BEARER, token.c_str());
  outcome.api_called = true;
  CURLcode code = curl_easy_perform(easy.get());
  // Clear the option so no copy of the token outlives the call inside the handle.
  SNCHECK_SETOPT(easy.get(), CURLOPT_XOAUTH2_BEARER, static_cast<const char*>(nullptr));
  if (code != CURLE_OK) {
    outcome.api_transport_error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    return;
  }
  long status = 0;
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
  char* content_type = nullptr;
  curl_easy_getinfo(easy.get(), CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type != nullptr) answer.content_type = content_type;
  outcome.api_status = static_cast<int>(status);
  outcome.api_answer = safe_api_answer(answer);
}

}  // namespace

bool is_safe_method(const std::string& method) { return method == "GET" || method == "HEAD"; }

namespace {

// Both forms (Basic header, then the body after a 401); with a grant, `token_out` gets the token
// and `on_grant` runs with it.
template <typename OnGrant>
TokenProbeOutcome request_token(const TokenProbeConfig& config, std::string& token_out,
                                OnGrant on_grant) {
  TokenProbeOutcome outcome;
  for (Placement placement : {Placement::BasicHeader, Placement::Body}) {
    Answer answer;
    ++outcome.attempts;
    if (!post(config, placement, answer, outcome.transport_error)) {
      outcome.kind = TokenAnswerKind::NoAnswer;
      return outcome;
    }
    outcome.http_status = static_cast<int>(answer.status);
    if (placement == Placement::BasicHeader) outcome.basic_status = outcome.http_status;
    TokenAnswer judged =
        classify_token_answer(answer.status, answer.content_type, answer.location, answer.body);
    outcome.kind = judged.kind;
    outcome.oauth_error = judged.oauth_error;
    outcome.refusal_body = judged.safe_body;
    outcome.unjudgeable = judged.unjudgeable;
    if (judged.kind == TokenAnswerKind::Granted) {
      if (read_grant(answer, outcome, token_out)) {
        outcome.granted = true;
        on_grant(token_out, outcome);
      } else {
        outcome.kind = TokenAnswerKind::Unjudgeable;
        outcome.unjudgeable = "HTTP 200 whose access_token could not be read";
      }
      return outcome;
    }
    // Only a refusal of the credentials is worth the second form; anything else is the answer.
    if (judged.kind != TokenAnswerKind::Refused || answer.status != 401) return outcome;
  }
  return outcome;
}

}  // namespace

IssuedReadingToken request_reading_token(const TokenProbeConfig& config) {
  IssuedReadingToken issued;
  issued.outcome =
      request_token(config, issued.token, [](const std::string&, TokenProbeOutcome&) {});
  if (!issued.outcome.granted) wipe(issued.token);
  return issued;
}

TokenProbeOutcome probe_token(const TokenProbeConfig& config) {
  std::string token;
  TokenProbeOutcome outcome =
      request_token(config, token, [&config](const std::string& granted, TokenProbeOutcome& out) {
        if (!config.api_path.empty() && is_safe_method(config.api_method)) {
          call_api(config, granted, out);
        }
      });
  wipe(token);
  return outcome;
}

}  // namespace sncheck
