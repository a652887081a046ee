// SPDX-License-Identifier: Apache-2.0
#pragma once
// Turns what a user types for --instance into the base URL sncheck talks to.

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/usage_error.h"

namespace sncheck {

class InstanceUrlError : public UsageError {
 public:
  using UsageError::UsageError;
};

// "acme" -> https://acme.service-now.com; "acme.service-now.com" -> https://acme.service-now.com;
// "https://acme.example.com/" -> https://acme.example.com. Plain http:// only for loopback hosts
// (tests and the demo). Throws InstanceUrlError with a message a person can act on.
std::string normalize_instance_url(std::string_view input);

bool is_loopback_host(std::string_view host);

}  // namespace sncheck
