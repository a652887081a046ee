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
};

}  // namespace sncheck
