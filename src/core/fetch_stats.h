// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace sncheck {

// Figures of one instance's reads (summed over waves), for --stats and the reports.
struct FetchStats {
  int requests = 0;  // HTTP requests sent, retries included
  int retries = 0;
  long connections = 0;  // new connections opened (sum of CURLINFO_NUM_CONNECTS)
  long long bytes = 0;   // response body bytes
  double wall_seconds = 0;
  double longest_request_seconds = 0;  // the slowest single request, start to completion
  // The longest chain of requests each sent after an earlier one's answer: the round trips the
  // reads waited for (requests in flight together count once).
  int round_trips = 0;
  int batch_requests = 0;  // Batch API requests among `requests`
  int batch_items = 0;     // the page GETs they carried
};

}  // namespace sncheck
