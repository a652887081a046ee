// SPDX-License-Identifier: Apache-2.0
#include "fetch/table_client.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "fetch/curl_handles.h"
#include "fetch/curl_options.h"
#include "fetch/fetch_run.h"

namespace sncheck {

using Clock = std::chrono::steady_clock;

std::string transport_versions() {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  std::string text = fmt::format("libcurl/{}", info->version);
  if (info->ssl_version != nullptr) text += fmt::format(" {}", info->ssl_version);
  if (info->nghttp2_version != nullptr) text += fmt::format(" nghttp2/{}", info->nghttp2_version);
  return text;
}

struct TableClient::Connections {
  curl::Multi multi;
};

TableClient::TableClient(ClientConfig config)
    : config_(std::move(config)), connections_(std::make_unique<Connections>()) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  connections_->multi.reset(curl_multi_init());
  if (!connections_->multi) {
    curl_global_cleanup();
    throw std::runtime_error("curl_multi_init failed");
  }
  try {
    long concurrency = std::max(config_.concurrency, 1);
    SNCHECK_MULTI_SETOPT(connections_->multi.get(), CURLMOPT_PIPELINING,
                         static_cast<long>(CURLPIPE_MULTIPLEX));
    SNCHECK_MULTI_SETOPT(connections_->multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, concurrency);
  } catch (...) {
    connections_->multi.reset();  // the destructor does not run for a constructor that throws
    curl_global_cleanup();
    throw;
  }
}

TableClient::~TableClient() {
  connections_->multi.reset();  // closes the cached connections while libcurl is initialised
  curl_global_cleanup();
}

std::vector<TableData> TableClient::fetch_all(const std::vector<TableRead>& reads) {
  auto start = Clock::now();
  FetchRun run(config_, stats_, memory_, connections_->multi.get(), reads);
  std::vector<TableData> data = run.run();
  stats_.wall_seconds += std::chrono::duration<double>(Clock::now() - start).count();
  return data;
}

}  // namespace sncheck
