// SPDX-License-Identifier: Apache-2.0
#include "core/ip_address.h"

#include <arpa/inet.h>

#include <string>

namespace sncheck {
namespace {

int compare(const IpAddress& a, const IpAddress& b) {
  const std::size_t size = a.v6 ? 16 : 4;
  for (std::size_t i = 0; i < size; ++i) {
    if (a.bytes[i] != b.bytes[i]) return a.bytes[i] < b.bytes[i] ? -1 : 1;
  }
  return 0;
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  const std::string copy(text);  // inet_pton needs a terminated string
  IpAddress address;
  if (inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) return address;
  address.v6 = true;
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

bool in_range(const IpAddress& address, const IpAddress& start, const IpAddress& end) {
  if (address.v6 != start.v6 || address.v6 != end.v6) return false;
  return compare(start, address) <= 0 && compare(address, end) <= 0;
}

}  // namespace sncheck
