// SPDX-License-Identifier: Apache-2.0
#include "core/ip_address.h"

#include <gtest/gtest.h>

namespace sncheck {
namespace {

IpAddress ip(const char* text) {
  std::optional<IpAddress> address = parse_ip_address(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(IpAddress{});
}

TEST(IpAddress, ParsesDottedIpv4AndTextualIpv6Only) {
  EXPECT_FALSE(ip("10.1.2.3").v6);
  EXPECT_TRUE(ip("2001:db8::1").v6);
  for (const char* bad : {"", "10.0.0", "10.0.0.1:443", "10.0.0.0/8", "256.1.1.1", " 10.0.0.1",
                          "example.com", "::1%eth0"}) {
    EXPECT_FALSE(parse_ip_address(bad).has_value()) << bad;
  }
}

TEST(IpAddress, RangesAreInclusiveAndComparedByteByByte) {
  EXPECT_TRUE(in_range(ip("10.0.0.0"), ip("10.0.0.0"), ip("10.255.255.255")));
  EXPECT_TRUE(in_range(ip("10.255.255.255"), ip("10.0.0.0"), ip("10.255.255.255")));
  EXPECT_TRUE(in_range(ip("10.9.200.1"), ip("10.0.0.0"), ip("10.255.255.255")));
  EXPECT_FALSE(in_range(ip("11.0.0.0"), ip("10.0.0.0"), ip("10.255.255.255")));
  EXPECT_FALSE(in_range(ip("9.255.255.255"), ip("10.0.0.0"), ip("10.255.255.255")));
  // Numeric, not textual: 10.10.0.1 lies above 10.9.0.0 though "10.10" < "10.9" as text.
  EXPECT_TRUE(in_range(ip("10.10.0.1"), ip("10.9.0.0"), ip("10.11.0.0")));
  EXPECT_TRUE(in_range(ip("2001:db8::ff"), ip("2001:db8::"), ip("2001:db8::ffff")));
  EXPECT_FALSE(in_range(ip("2001:db9::"), ip("2001:db8::"), ip("2001:db8::ffff")));
}

TEST(IpAddress, NoRangeSpansTwoFamilies) {
  EXPECT_FALSE(in_range(ip("127.0.0.1"), ip("0.0.0.0"), ip("::1")));
  EXPECT_FALSE(in_range(ip("::1"), ip("0.0.0.0"), ip("255.255.255.255")));
}

}  // namespace
}  // namespace sncheck
