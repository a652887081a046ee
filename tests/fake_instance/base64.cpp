// SPDX-License-Identifier: Apache-2.0
#include "base64.h"

#include <cstring>

namespace sncheck::fake {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string base64_encode(std::string_view input) {
  std::string output;
  std::size_t i = 0;
  for (; i + 2 < input.size(); i += 3) {
    unsigned n = (unsigned{static_cast<unsigned char>(input[i])} << 16u) |
                 (unsigned{static_cast<unsigned char>(input[i + 1])} << 8u) |
                 unsigned{static_cast<unsigned char>(input[i + 2])};
    for (int shift = 18; shift >= 0; shift -= 6) output += kBase64Alphabet[(n >> shift) & 63];
  }
  std::size_t rest = input.size() - i;
  if (rest > 0) {
    unsigned n = unsigned{static_cast<unsigned char>(input[i])} << 16u;
    if (rest == 2) n |= static_cast<unsigned>(static_cast<unsigned char>(input[i + 1])) << 8u;
    output += kBase64Alphabet[(n >> 18) & 63];
    output += kBase64Alphabet[(n >> 12) & 63];
    output += rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
    output += '=';
  }
  return output;
}

std::string base64_decode(std::string_view input) {
  std::string output;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : input) {
    const char* at = std::strchr(kBase64Alphabet, c);
    if (c == '=' || c == '\0' || at == nullptr) break;
    buffer = (buffer << 6) | static_cast<unsigned>(at - kBase64Alphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      output.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return output;
}

}  // namespace sncheck::fake
