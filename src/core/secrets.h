// SPDX-License-Identifier: Apache-2.0
#pragma once
// What counts as a secret, in one place: the check loader refuses to read such a field, snapshots
// never store one, and the tests grep every output with the same rule.

#include <string>
#include <string_view>

namespace sncheck {

// True for a field whose value is, or may be, a secret: any segment of a dot-walk, compared
// without case, that names a secret, password, hash, key, credential or token ("client_secret",
// "Client_Secret", "user.user_password", "password_hash", "api_key", "user.credential",
// "refresh_token"). Known non-secret columns whose names merely mention one are allowed
// ("password_needs_reset" is a flag; "access_token_lifespan" a number of seconds).
bool is_secret_field(std::string_view field);

// Overwrites a string's characters before it is released (explicit_bzero: not optimised away).
void wipe(std::string& secret);

}  // namespace sncheck
