// SPDX-License-Identifier: Apache-2.0
#include "fetch/request_url.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

#include "core/strings.h"
#include "fetch/curl_handles.h"

namespace sncheck {
namespace {

std::string unescape(std::string_view text) {
  int length = 0;
  curl::String raw(
      curl_easy_unescape(nullptr, text.data(), static_cast<int>(text.size()), &length));
  if (!raw) return {};
  return std::string(raw.get(), static_cast<std::size_t>(length));
}

std::string_view trim_trailing_slashes(std::string_view base) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return base;
}

curl::Url parse_url(const std::string& url) {
  curl::Url handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return nullptr;
  }
  return handle;
}

std::string url_part(CURLU* handle, CURLUPart part, unsigned int flags = 0) {
  char* text = nullptr;
  if (curl_url_get(handle, part, &text, flags) != CURLUE_OK) return {};
  return curl::take(text);
}

}  // namespace

bool is_valid_table_name(std::string_view table) {
  return !table.empty() && std::all_of(table.begin(), table.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string page_url(const std::string& base_url, const TableRead& read, int page_size,
                     long offset) {
  if (!is_valid_table_name(read.table)) {
    throw std::invalid_argument(fmt::format(
        "invalid table name '{}': expected lower-case letters, digits and _", read.table));
  }
  return std::string(trim_trailing_slashes(base_url)) + table_page_path(read, page_size, offset);
}

std::string first_page_url(const std::string& base_url, const TableRead& read, int page_size) {
  return page_url(base_url, read, page_size, 0);
}

std::optional<std::string> resolve_url(const std::string& current, const std::string& reference) {
  curl::Url handle = parse_url(current);
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, reference.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  std::string resolved = url_part(handle.get(), CURLUPART_URL);
  if (resolved.empty()) return std::nullopt;
  return resolved;
}

std::string without_userinfo(const std::string& url) {
  curl::Url handle = parse_url(url);
  if (handle) {
    for (CURLUPart part : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS}) {
      if (curl_url_set(handle.get(), part, nullptr, 0) != CURLUE_OK) handle.reset();
      if (!handle) break;
    }
    if (handle) {
      std::string shown = url_part(handle.get(), CURLUPART_URL);
      if (!shown.empty()) return shown;
    }
  }
  // Unparseable: cut whatever could be userinfo out of the authority part.
  std::size_t scheme = url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  std::size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + url.substr(at + 1);
}

std::string shown_redirect_target(const std::string& request_url, const std::string& location) {
  if (location.empty()) return {};
  std::optional<std::string> resolved = resolve_url(without_userinfo(request_url), location);
  return without_userinfo(resolved ? *resolved : location);
}

bool same_origin(const std::string& a, const std::string& b) {
  curl::Url first = parse_url(a);
  curl::Url second = parse_url(b);
  if (!first || !second) return false;
  for (CURLUPart part : {CURLUPART_SCHEME, CURLUPART_HOST, CURLUPART_PORT}) {
    std::string left = lower(url_part(first.get(), part, CURLU_DEFAULT_PORT));
    std::string right = lower(url_part(second.get(), part, CURLU_DEFAULT_PORT));
    if (left.empty() || left != right) return false;
  }
  return true;
}

std::optional<long> query_param_long(const std::string& url, std::string_view name) {
  curl::Url handle = parse_url(url);
  if (!handle) return std::nullopt;
  std::string query = url_part(handle.get(), CURLUPART_QUERY);
  std::string_view rest = query;
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || unescape(pair.substr(0, eq)) != name) continue;
    std::string value = unescape(pair.substr(eq + 1));
    long number = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec == std::errc() && end == value.data() + value.size()) return number;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace sncheck
