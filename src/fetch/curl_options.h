// SPDX-License-Identifier: Apache-2.0
#pragma once
// Setting libcurl options with errors carried as exceptions that name the option, and the
// transport policy every request sncheck sends shares (the Table API client and the token probe):
// https or http only, TLS always verified, no redirects followed, bounded time, sncheck's agent.

#include <curl/curl.h>

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace sncheck::curl {

template <typename T>
void set_option(CURL* easy, CURLoption option, T value, const char* name) {
  if (CURLcode code = curl_easy_setopt(easy, option, value); code != CURLE_OK) {
    throw std::runtime_error(
        fmt::format("curl_easy_setopt({}): {}", name, curl_easy_strerror(code)));
  }
}

template <typename T>
void set_multi_option(CURLM* multi, CURLMoption option, T value, const char* name) {
  if (CURLMcode code = curl_multi_setopt(multi, option, value); code != CURLM_OK) {
    throw std::runtime_error(
        fmt::format("curl_multi_setopt({}): {}", name, curl_multi_strerror(code)));
  }
}

struct TransportPolicy {
  std::string ca_bundle;  // empty: the system store
  long timeout_seconds = 30;
};

// Applies the shared policy to a handle whose URL is set. Throws std::runtime_error.
void apply_transport_policy(CURL* easy, const TransportPolicy& policy, char* error_buffer);

}  // namespace sncheck::curl

#define SNCHECK_SETOPT(easy, option, value) \
  ::sncheck::curl::set_option(easy, option, value, #option)
#define SNCHECK_MULTI_SETOPT(multi, option, value) \
  ::sncheck::curl::set_multi_option(multi, option, value, #option)
