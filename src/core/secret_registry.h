// SPDX-License-Identifier: Apache-2.0
#pragma once
// The run's secrets, in one process-wide registry whose redactor every output passes: main wraps
// standard output and standard error in it (core/redacting_streambuf.h), and report and snapshot
// files are written through it (core/atomic_file.h). Each secret is registered the moment it is
// read: the reading password and the bearer token (environment, standard input, a profile), the
// OAuth client secret (--probe), and a token the token endpoint issues.

#include <memory>
#include <string>
#include <string_view>

#include "core/redactor.h"

namespace sncheck {

// Thread-safe. An empty secret is ignored.
void register_secret(std::string_view secret);
// The secret and the Base64 of "user:secret", the value of a Basic Authorization header.
void register_credential_pair(std::string_view user, std::string_view secret);

// The redactor as it is now (secrets registered later are in a later one); never null.
std::shared_ptr<const Redactor> secret_redactor();
// `text` with every form of every registered secret replaced by "[redacted]".
std::string redact_secrets(std::string_view text);

// Forgets every secret (for tests that register their own).
void forget_secrets();

}  // namespace sncheck
