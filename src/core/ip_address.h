// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sncheck {

// An IPv4 or IPv6 address in network byte order, comparable within its family: IP Address
// Access Control ranges (ip_access range_start .. range_end) are judged byte by byte.
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4: the first four
};

// nullopt for anything but a plain dotted IPv4 or textual IPv6 address (no port, no prefix).
std::optional<IpAddress> parse_ip_address(std::string_view text);

// Whether `address` lies in [start, end], inclusive; false across families.
bool in_range(const IpAddress& address, const IpAddress& start, const IpAddress& end);

}  // namespace sncheck
