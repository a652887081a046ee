// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading with a token sncheck obtains itself: OAuth client credentials (its own registry entry),
// POST /oauth_token.do as the token probe sends it, then every Table API read with
// "Authorization: Bearer". The token is refreshed before a wave when it is about to expire (by
// the answer's expires_in) and once after a wave that got 401. Credentials of another kind pass
// straight to the TableClient. The token and the client secret are secrets of the run.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/fetch_stats.h"
#include "core/probe_outcome.h"
#include "core/table_data.h"
#include "core/table_read.h"
#include "fetch/table_client.h"

namespace sncheck {

class ReadingSession {
 public:
  explicit ReadingSession(ClientConfig config);
  ~ReadingSession();
  ReadingSession(const ReadingSession&) = delete;
  ReadingSession& operator=(const ReadingSession&) = delete;

  // As TableClient::fetch_all. Without a token every read fails with the token endpoint's
  // answer as an Unauthorized error.
  std::vector<TableData> fetch_all(const std::vector<TableRead>& reads);

  // The reads' figures, the token requests counted in `requests`.
  FetchStats stats() const;
  // OAuth client credentials: how the last token request was answered (none before the first).
  const std::optional<TokenProbeOutcome>& last_grant() const { return last_grant_; }
  int token_requests() const { return token_requests_; }

 private:
  bool oauth() const { return client_id_.size() > 0; }
  bool token_due() const;
  bool refresh();
  FetchError no_token_error(const std::string& table) const;

  TableClient client_;
  std::string client_id_;  // OAuth client credentials only
  std::string client_secret_;
  std::string token_;
  std::optional<std::chrono::steady_clock::time_point> refresh_at_;
  std::optional<TokenProbeOutcome> last_grant_;
  int token_requests_ = 0;
};

}  // namespace sncheck
