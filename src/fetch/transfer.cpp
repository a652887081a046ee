// SPDX-License-Identifier: Apache-2.0
#include "fetch/transfer.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <stdexcept>

#include "core/strings.h"
#include "fetch/curl_options.h"
#include "fetch/table_client.h"

namespace sncheck {
namespace {

void set_credentials(CURL* easy, const Credentials& credentials) {
  switch (credentials.kind) {
    case Credentials::Kind::Basic:
      SNCHECK_SETOPT(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      SNCHECK_SETOPT(easy, CURLOPT_USERNAME, credentials.user.c_str());
      SNCHECK_SETOPT(easy, CURLOPT_PASSWORD, credentials.secret.c_str());
      break;
    case Credentials::Kind::Bearer:
      SNCHECK_SETOPT(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BEARER));
      SNCHECK_SETOPT(easy, CURLOPT_XOAUTH2_BEARER, credentials.secret.c_str());
      break;
    case Credentials::Kind::OAuthClient:  // exchanged for a token first (reading_session.h)
    case Credentials::Kind::None:
      break;
  }
}

bool is_https(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  return url.size() >= kScheme.size() &&
         std::equal(kScheme.begin(), kScheme.end(), url.begin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

}  // namespace

namespace {

// What every request shares: limits, TLS, callbacks, credentials, and these request headers.
void configure_common(Transfer& transfer, const ClientConfig& config, const std::string& url,
                      std::initializer_list<const char*> request_headers) {
  CURL* easy = transfer.easy.get();
  long timeout = std::max(config.timeout_seconds, 0L);
  SNCHECK_SETOPT(easy, CURLOPT_URL, url.c_str());
  curl::apply_transport_policy(easy, {config.ca_bundle, config.timeout_seconds},
                               transfer.error_buffer);
  SNCHECK_SETOPT(easy, CURLOPT_WRITEFUNCTION, &on_body);
  SNCHECK_SETOPT(easy, CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
  SNCHECK_SETOPT(easy, CURLOPT_HEADERFUNCTION, &on_header);
  SNCHECK_SETOPT(easy, CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
  SNCHECK_SETOPT(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  // Wait for a pending connection to learn (by ALPN) whether it multiplexes instead of opening
  // one connection per handle. Only https can negotiate h2 here: on plain http curl would only
  // learn "no" from the first answer and serialise the first round of requests behind it.
  SNCHECK_SETOPT(easy, CURLOPT_PIPEWAIT, is_https(url) ? 1L : 0L);
  // A stalled answer (under 1 byte/s) is cut after the timeout even if the total timeout is off.
  SNCHECK_SETOPT(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  SNCHECK_SETOPT(easy, CURLOPT_LOW_SPEED_TIME, timeout > 0 ? timeout : 60L);
  SNCHECK_SETOPT(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(config.max_body_bytes));
  SNCHECK_SETOPT(easy, CURLOPT_ACCEPT_ENCODING, "");
  curl_slist* headers = nullptr;
  for (const char* header : request_headers) {
    curl_slist* longer = curl_slist_append(headers, header);
    if (!longer) {
      curl_slist_free_all(headers);
      throw std::runtime_error("curl_slist_append: out of memory");
    }
    headers = longer;
  }
  transfer.headers.reset(headers);
  SNCHECK_SETOPT(easy, CURLOPT_HTTPHEADER, headers);
  set_credentials(easy, config.credentials);
}

}  // namespace

void configure_page_request(Transfer& transfer, const ClientConfig& config) {
  configure_common(transfer, config, transfer.request.url, {"Accept: application/json"});
  SNCHECK_SETOPT(transfer.easy.get(), CURLOPT_HTTPGET, 1L);
}

void configure_batch_request(Transfer& transfer, const ClientConfig& config,
                             const std::string& url) {
  configure_common(transfer, config, url,
                   {"Accept: application/json", "Content-Type: application/json"});
  CURL* easy = transfer.easy.get();
  SNCHECK_SETOPT(easy, CURLOPT_POST, 1L);
  SNCHECK_SETOPT(easy, CURLOPT_POSTFIELDS, transfer.post_body.c_str());
  SNCHECK_SETOPT(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                 static_cast<curl_off_t>(transfer.post_body.size()));
}

std::string http_version(CURL* easy) {
  switch (curl_info<long>(easy, CURLINFO_HTTP_VERSION, 0)) {
    case CURL_HTTP_VERSION_1_0:
      return "HTTP/1.0";
    case CURL_HTTP_VERSION_1_1:
      return "HTTP/1.1";
    case CURL_HTTP_VERSION_2_0:
      return "HTTP/2";
    case CURL_HTTP_VERSION_3:
      return "HTTP/3";
    default:
      return "HTTP";
  }
}

std::string Transfer::header(const std::string& name) const {
  return joined_header(response_headers, name);
}

std::size_t Transfer::header_count(const std::string& name) const {
  return response_headers.count(name);
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  if (transfer->body.size() + bytes > transfer->body_cap) {
    transfer->body_over_cap = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  transfer->header_bytes += bytes;
  if (transfer->header_bytes > kMaxHeaderBytes) {
    transfer->headers_over_cap = true;
    return 0;
  }
  std::string_view line(data, bytes);
  if (starts_with(line, "HTTP/")) {  // a new answer (after 1xx): keep only the last one's
    transfer->response_headers.clear();
    return bytes;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  transfer->response_headers.emplace(lower(trim(line.substr(0, colon))),
                                     std::string(trim(line.substr(colon + 1))));
  return bytes;
}

}  // namespace sncheck
