// SPDX-License-Identifier: Apache-2.0
#include "fetch/curl_options.h"

#include <algorithm>

#include "core/version.h"

namespace sncheck::curl {
namespace {

constexpr long kMaxConnectTimeoutSeconds = 10;

}  // namespace

void apply_transport_policy(CURL* easy, const TransportPolicy& policy, char* error_buffer) {
  long timeout = std::max(policy.timeout_seconds, 0L);
  SNCHECK_SETOPT(easy, CURLOPT_PROTOCOLS_STR, "https,http");
  SNCHECK_SETOPT(easy, CURLOPT_NOSIGNAL, 1L);
  SNCHECK_SETOPT(easy, CURLOPT_ERRORBUFFER, error_buffer);
  SNCHECK_SETOPT(easy, CURLOPT_FOLLOWLOCATION, 0L);
  SNCHECK_SETOPT(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  SNCHECK_SETOPT(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!policy.ca_bundle.empty()) SNCHECK_SETOPT(easy, CURLOPT_CAINFO, policy.ca_bundle.c_str());
  SNCHECK_SETOPT(
      easy, CURLOPT_CONNECTTIMEOUT,
      timeout > 0 ? std::min(timeout, kMaxConnectTimeoutSeconds) : kMaxConnectTimeoutSeconds);
  SNCHECK_SETOPT(easy, CURLOPT_TIMEOUT, timeout);
  SNCHECK_SETOPT(easy, CURLOPT_USERAGENT, fmt::format("{}/{}", kToolName, kToolVersion).c_str());
}

}  // namespace sncheck::curl
