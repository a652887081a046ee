// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reads Table API data with libcurl: GET only, every page, bounded concurrency and retries.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/credentials.h"
#include "core/fetch_stats.h"
#include "core/table_data.h"
#include "core/table_read.h"

namespace sncheck {

// When page GETs go out as Batch API requests (POST /api/now/v1/batch, every item a GET).
enum class BatchMode {
  Never,   // --no-batch: one GET per page
  Auto,    // more GETs ready than free slots under --concurrency: batches
  Always,  // --batch: any two or more GETs ready together
};

struct ClientConfig {
  std::string base_url;  // "https://acme.service-now.com" (no trailing slash)
  Credentials credentials;
  // The reading account's user name, for messages ("not readable by user audit.reader"); empty
  // when unknown (a bearer token).
  std::string reader;
  std::string ca_bundle;  // empty: the system store
  long timeout_seconds = 30;
  int concurrency = 4;                // requests in flight at once
  int page_size = 1000;               // sysparm_limit per page
  int max_retries = 3;                // per request, for 429 and 5xx
  long max_retry_after_seconds = 60;  // a longer Retry-After is reported, not waited for
  std::size_t max_body_bytes = 64u * 1024u * 1024u;
  int max_pages = 10000;  // a table needing more pages is reported as a paging loop
  // Once a first page's X-Total-Count says how many pages follow, ask for them all at once (in
  // batches when they outnumber the free slots); false: one page after another.
  bool parallel_pages = true;
  BatchMode batch = BatchMode::Auto;
  // Items per Batch API request. The platform documents no count limit, only 30 s per request
  // and 10 MB per item's answer (batch-api.md L35-38); small Table API reads take milliseconds.
  int max_batch_items = 20;
  // Read only the first page of each read (sncheck doctor's access probes, sysparm_limit=1): the
  // read is complete after it, whatever Link and X-Total-Count say.
  bool first_page_only = false;
  // The whole run's end (--deadline): no request starts after it, and the reads still open then
  // fail with an error naming it. None: no deadline. deadline_seconds is its length, for messages.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  long deadline_seconds = 0;
  // Receives one line per request for -v; never a secret (Authorization is never passed here).
  std::function<void(const std::string&)> log;
  // Called with (reads finished, reads in all) at the start of fetch_all and whenever a read
  // finishes (every page read, or failed), for a progress line; the CLI draws it only on a TTY.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// What one wave leaves the next: whether the instance has a Batch API, the round trips so far.
struct ClientMemory {
  bool batch_unavailable = false;
  int answered_depth = 0;  // the deepest round trip answered
  int batches_sent = 0;    // for batch_request_id
};

class TableClient {
 public:
  explicit TableClient(ClientConfig config);
  ~TableClient();
  TableClient(const TableClient&) = delete;
  TableClient& operator=(const TableClient&) = delete;

  // Runs every read concurrently and returns one TableData per read, in the same order. Later
  // calls (a second wave) reuse the connections of earlier ones.
  std::vector<TableData> fetch_all(const std::vector<TableRead>& reads);

  const FetchStats& stats() const { return stats_; }
  // For the waves that follow (a refreshed reading token).
  void set_credentials(Credentials credentials) { config_.credentials = std::move(credentials); }
  const ClientConfig& config() const { return config_; }

 private:
  struct Connections;  // the libcurl multi handle: its connection cache outlives one wave

  ClientConfig config_;
  FetchStats stats_;
  std::unique_ptr<Connections> connections_;
  ClientMemory memory_;
};

// "libcurl/7.88.1 OpenSSL/3.0.17 nghttp2/1.52.0": the HTTP and TLS libraries in use, for
// `sncheck --version`.
std::string transport_versions();

}  // namespace sncheck
