// SPDX-License-Identifier: Apache-2.0
#pragma once
// The credentials sncheck reads the instance with. Secrets live only here, in memory.

#include <string>

namespace sncheck {

struct Credentials {
  // OAuthClient: sncheck obtains its own reading token with client credentials (user is the
  // client id, secret the client secret) and reads with it as Bearer (fetch/reading_session.h).
  enum class Kind { None, Basic, Bearer, OAuthClient };
  Kind kind = Kind::None;
  std::string user;    // Basic: the user; OAuthClient: the client id
  std::string secret;  // the password, the token or the client secret; never printed or logged
};

}  // namespace sncheck
