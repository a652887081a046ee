#pragma once
// The credentials sncheck reads the instance with. Secrets live only here, in memory.

#include <string>

namespace sncheck {

struct Credentials {
  enum class Kind { None, Basic, Bearer };
  Kind kind = Kind::None;
  std::string user;    // Basic only
  std::string secret;  // the password (Basic) or the token (Bearer); never printed or logged
};

}  // namespace sncheck
