// SPDX-License-Identifier: Apache-2.0
#pragma once
// Owning wrappers for libcurl handles and strings: every handle is released on every path.

#include <curl/curl.h>

#include <memory>
#include <string>

namespace sncheck::curl {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct UrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct FreeDeleter {
  void operator()(char* text) const { curl_free(text); }
};

using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Multi = std::unique_ptr<CURLM, MultiDeleter>;
using Url = std::unique_ptr<CURLU, UrlDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
using String = std::unique_ptr<char, FreeDeleter>;

// Copies a curl-allocated string into a std::string and frees it; empty for nullptr.
inline std::string take(char* text) {
  String owned(text);
  return owned ? std::string(owned.get()) : std::string();
}

}  // namespace sncheck::curl
