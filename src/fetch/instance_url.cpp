// SPDX-License-Identifier: Apache-2.0
#include "fetch/instance_url.h"

#include "core/strings.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include <fmt/format.h>

namespace sncheck {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct PartDeleter {
  void operator()(char* part) const { curl_free(part); }
};

std::string url_part(CURLU* url, CURLUPart which) {
  char* raw = nullptr;
  if (curl_url_get(url, which, &raw, 0) != CURLUE_OK || raw == nullptr) return {};
  std::unique_ptr<char, PartDeleter> part(raw);
  return std::string(raw);
}

bool is_short_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

// 127.0.0.0/8 as a dotted IPv4 address: "127.evil.example" is a DNS name that can point anywhere.
bool is_loopback_ipv4(std::string_view host) {
  if (host.substr(0, 4) != "127.") return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3 && host.back() != '.' && host.find("..") == std::string_view::npos;
}

// The input as it may be shown in a message: any user:password@ part is blanked out.
std::string shown(std::string_view input) {
  std::size_t start = input.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::size_t end = input.find_first_of("/?#", start);
  std::size_t at = input.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(input);
  return std::string(input.substr(0, start)) + "***@" + std::string(input.substr(at + 1));
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  std::string h = lower(host);
  return h == "localhost" || h == "[::1]" || h == "::1" || is_loopback_ipv4(h);
}

std::string normalize_instance_url(std::string_view input) {
  std::string text(input);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  if (text.empty()) {
    throw InstanceUrlError(
        "no instance given: use --instance or SN_INSTANCE (e.g. acme, "
        "acme.service-now.com or https://acme.service-now.com)");
  }
  if (is_short_name(text) && lower(text) != "localhost") {
    text = fmt::format("https://{}.service-now.com", lower(text));
  } else if (text.find("://") == std::string::npos) {
    text = "https://" + text;
  }
  std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    throw InstanceUrlError(
        fmt::format("'{}' is not a URL, host name or instance name", shown(input)));
  }
  std::string scheme = lower(url_part(url.get(), CURLUPART_SCHEME));
  std::string host = url_part(url.get(), CURLUPART_HOST);
  std::string port = url_part(url.get(), CURLUPART_PORT);
  if (scheme != "https" && scheme != "http") {
    throw InstanceUrlError(
        fmt::format("'{}': only https:// instances are supported", shown(input)));
  }
  if (scheme == "http" && !is_loopback_host(host)) {
    throw InstanceUrlError(fmt::format(
        "'{}': refusing plain http:// for a non-loopback host; credentials would cross the "
        "network unencrypted. Use https://",
        shown(input)));
  }
  if (!url_part(url.get(), CURLUPART_USER).empty()) {
    throw InstanceUrlError(
        "put no user name or password in the instance URL; use --user and "
        "SN_PASSWORD, --password-stdin or --password-file");
  }
  std::string base = fmt::format("{}://{}", scheme, lower(host));
  if (!port.empty()) base += ":" + port;
  return base;
}

}  // namespace sncheck
