#include "cli/instance_url.h"

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

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_short_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-';
  });
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  std::string h = lower(host);
  return h == "localhost" || h == "[::1]" || h == "::1" || h.rfind("127.", 0) == 0;
}

std::string normalize_instance_url(std::string_view input) {
  std::string text(input);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  if (text.empty()) {
    throw InstanceUrlError("no instance given: use --instance or SN_INSTANCE (e.g. acme, "
                           "acme.service-now.com or https://acme.service-now.com)");
  }
  if (is_short_name(text) && lower(text) != "localhost") {
    text = fmt::format("https://{}.service-now.com", lower(text));
  } else if (text.find("://") == std::string::npos) {
    text = "https://" + text;
  }
  std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    throw InstanceUrlError(fmt::format("'{}' is not a URL, host name or instance name", input));
  }
  std::string scheme = lower(url_part(url.get(), CURLUPART_SCHEME));
  std::string host = url_part(url.get(), CURLUPART_HOST);
  std::string port = url_part(url.get(), CURLUPART_PORT);
  if (scheme != "https" && scheme != "http") {
    throw InstanceUrlError(fmt::format("'{}': only https:// instances are supported", input));
  }
  if (scheme == "http" && !is_loopback_host(host)) {
    throw InstanceUrlError(fmt::format(
        "'{}': refusing plain http:// for a non-loopback host; credentials would cross the "
        "network unencrypted. Use https://",
        input));
  }
  if (!url_part(url.get(), CURLUPART_USER).empty()) {
    throw InstanceUrlError("put no user name or password in the instance URL; use --user and "
                           "SN_PASSWORD, --password-stdin or --password-file");
  }
  std::string base = fmt::format("{}://{}", scheme, lower(host));
  if (!port.empty()) base += ":" + port;
  return base;
}

}  // namespace sncheck
