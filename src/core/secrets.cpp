// SPDX-License-Identifier: Apache-2.0
#include "core/secrets.h"

#include <string.h>  // explicit_bzero

#include <array>

#include "core/strings.h"

namespace sncheck {
namespace {

// Columns whose names mention a secret but hold none (flags, lifetimes, formats).
constexpr std::array<std::string_view, 5> kNotSecrets{
    "password_needs_reset", "last_password_change", "token_format", "public_key_only",
    "access_control_allow_credentials"};  // a CORS rule's boolean: send cookies or not

bool segment_is_secret(std::string_view segment) {
  std::string name = lower(segment);
  for (std::string_view allowed : kNotSecrets) {
    if (name == allowed) return false;
  }
  for (std::string_view part :
       {"secret", "password", "passwd", "pwd", "hash", "private_key", "api_key", "credential"}) {
    if (name.find(part) != std::string::npos) return true;
  }
  // "access_token_lifespan" is configuration: only names ending in token(s) count.
  return ends_with(name, "token") || ends_with(name, "tokens") || name == "key" ||
         ends_with(name, "_key");
}

}  // namespace

bool is_secret_field(std::string_view field) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = field.find('.', start);
    if (segment_is_secret(field.substr(start, dot == std::string_view::npos ? dot : dot - start))) {
      return true;
    }
    if (dot == std::string_view::npos) return false;
    start = dot + 1;
  }
}

void wipe(std::string& secret) {
  if (!secret.empty()) explicit_bzero(secret.data(), secret.size());
  secret.clear();
}

}  // namespace sncheck
