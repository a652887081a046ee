// SPDX-License-Identifier: Apache-2.0
#include "core/url.h"

#include <fmt/format.h>

namespace sncheck {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);  // no reallocation: a secret being encoded leaves no copy behind
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                      (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
                      byte == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

std::string record_link(std::string_view instance_url, std::string_view table,
                        std::string_view sys_id) {
  if (sys_id.empty()) return {};
  return fmt::format("{}/{}.do?sys_id={}", instance_url, table, percent_encode(sys_id));
}

std::string list_link(std::string_view instance_url, std::string_view table,
                      std::string_view query) {
  return fmt::format("{}/{}_list.do?sysparm_query={}", instance_url, table, percent_encode(query));
}

std::string new_record_link(std::string_view instance_url, std::string_view table,
                            std::string_view query) {
  return fmt::format("{}/{}.do?sys_id=-1&sysparm_query={}", instance_url, table,
                     percent_encode(query));
}

}  // namespace sncheck
