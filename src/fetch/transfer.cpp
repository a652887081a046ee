#include "fetch/transfer.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace sncheck {

std::string Transfer::header(const std::string& name) const {
  std::string joined;
  auto [first, last] = response_headers.equal_range(name);
  for (auto it = first; it != last; ++it) {
    if (!joined.empty()) joined += ", ";
    joined += it->second;
  }
  return joined;
}

std::size_t Transfer::header_count(const std::string& name) const {
  return response_headers.count(name);
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  if (transfer->body.size() + bytes > transfer->body_cap) {
    transfer->body_over_cap = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::size_t bytes = size * count;
  transfer->header_bytes += bytes;
  if (transfer->header_bytes > kMaxHeaderBytes) {
    transfer->headers_over_cap = true;
    return 0;
  }
  std::string_view line(data, bytes);
  if (starts_with(line, "HTTP/")) {  // a new answer (after 1xx): keep only the last one's
    transfer->response_headers.clear();
    return bytes;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  transfer->response_headers.emplace(lower(trim(line.substr(0, colon))),
                                     std::string(trim(line.substr(colon + 1))));
  return bytes;
}

}  // namespace sncheck
