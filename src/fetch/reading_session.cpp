// SPDX-License-Identifier: Apache-2.0
#include "fetch/reading_session.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "core/secrets.h"
#include "fetch/token_probe.h"

namespace sncheck {
namespace {

using Clock = std::chrono::steady_clock;

// A token is refreshed this long before it expires: a tenth of its lifetime, 5 s to 60 s.
std::chrono::seconds refresh_margin(long long expires_in) {
  return std::chrono::seconds(std::clamp<long long>(expires_in / 10, 5, 60));
}

// The reading client's credentials leave the TableClient's copy: it only ever holds the token.
ClientConfig without_client_secret(ClientConfig config) {
  if (config.credentials.kind == Credentials::Kind::OAuthClient) {
    config.credentials = Credentials{Credentials::Kind::Bearer, "", ""};
  }
  return config;
}

std::string answer_words(const TokenProbeOutcome& outcome) {
  if (outcome.kind == TokenAnswerKind::NoAnswer) {
    return fmt::format("no answer ({})", outcome.transport_error);
  }
  if (outcome.kind == TokenAnswerKind::Refused) {
    return fmt::format("HTTP {} {}", outcome.http_status, outcome.refusal_body);
  }
  if (outcome.kind == TokenAnswerKind::Unjudgeable) return outcome.unjudgeable;
  return fmt::format("HTTP {}", outcome.http_status);
}

}  // namespace

ReadingSession::ReadingSession(ClientConfig config) : client_(without_client_secret(config)) {
  if (config.credentials.kind == Credentials::Kind::OAuthClient) {
    client_id_ = config.credentials.user;
    client_secret_ = config.credentials.secret;
  }
  wipe(config.credentials.secret);
}

ReadingSession::~ReadingSession() {
  wipe(client_secret_);
  wipe(token_);
}

bool ReadingSession::token_due() const {
  return token_.empty() || (refresh_at_ && Clock::now() >= *refresh_at_);
}

bool ReadingSession::refresh() {
  const ClientConfig& config = client_.config();
  TokenProbeConfig request;
  request.base_url = config.base_url;
  request.ca_bundle = config.ca_bundle;
  request.timeout_seconds = config.timeout_seconds;
  request.deadline = config.deadline;
  request.deadline_seconds = config.deadline_seconds;
  request.client_id = client_id_;
  request.client_secret = client_secret_;
  auto asked = Clock::now();
  IssuedReadingToken issued = request_reading_token(request);
  wipe(request.client_secret);
  token_requests_ += issued.outcome.attempts;
  last_grant_ = issued.outcome;
  wipe(token_);
  refresh_at_.reset();
  if (!issued.outcome.granted) {
    if (config.log) {
      config.log(fmt::format("POST {}/oauth_token.do (reading token, client {}) -> no token: {}",
                             config.base_url, client_id_, answer_words(issued.outcome)));
    }
    return false;
  }
  token_ = std::move(issued.token);
  long long lifetime = issued.outcome.expires_in;
  if (lifetime > 0) {
    refresh_at_ = asked + std::chrono::seconds(lifetime) - refresh_margin(lifetime);
  }
  if (config.log) {
    config.log(fmt::format(
        "POST {}/oauth_token.do (reading token, client {}) -> {} token issued{}", config.base_url,
        client_id_, issued.outcome.token_type.empty() ? "a" : issued.outcome.token_type,
        lifetime > 0 ? fmt::format(", expires in {} s", lifetime) : std::string()));
  }
  client_.set_credentials(Credentials{Credentials::Kind::Bearer, "", token_});
  return true;
}

FetchError ReadingSession::no_token_error(const std::string& table) const {
  std::string answer = last_grant_ ? answer_words(*last_grant_) : std::string("not asked");
  return make_fetch_error(
      FetchErrorKind::Unauthorized, table, last_grant_ ? last_grant_->http_status : 0,
      fmt::format("{} not read: the reading client {} got no token from /oauth_token.do: {}", table,
                  client_id_, answer),
      "check SN_CLIENT_ID and SN_CLIENT_SECRET (or the profile's client_id and client_secret): "
      "the registry entry must be active, of the client-credentials kind, with an OAuth "
      "Application User that has the read roles; a probe of that client (--client-id ID "
      "--probe) says which link refuses it");
}

std::vector<TableData> ReadingSession::fetch_all(const std::vector<TableRead>& reads) {
  if (!oauth()) return client_.fetch_all(reads);
  auto without_token = [&](const std::vector<TableRead>& asked) {
    std::vector<TableData> data(asked.size());
    for (std::size_t i = 0; i < asked.size(); ++i) {
      data[i].read = asked[i];
      data[i].error = no_token_error(asked[i].table);
    }
    return data;
  };
  if (token_due() && !refresh()) return without_token(reads);
  std::vector<TableData> data = client_.fetch_all(reads);
  // A 401 with a token we hold: it may have been revoked or expired early. Once, a new token.
  std::vector<std::size_t> refused;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i].error && data[i].error->kind == FetchErrorKind::Unauthorized) refused.push_back(i);
  }
  if (refused.empty()) return data;
  if (client_.config().log) {
    client_.config().log("401 with the reading token: asking for a new one, once");
  }
  std::vector<TableRead> again;
  for (std::size_t i : refused) again.push_back(reads[i]);
  std::vector<TableData> second = refresh() ? client_.fetch_all(again) : without_token(again);
  for (std::size_t k = 0; k < refused.size(); ++k) data[refused[k]] = std::move(second[k]);
  return data;
}

FetchStats ReadingSession::stats() const {
  FetchStats stats = client_.stats();
  stats.requests += token_requests_;
  return stats;
}

}  // namespace sncheck
