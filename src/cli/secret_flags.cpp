// SPDX-License-Identifier: Apache-2.0
#include "cli/secret_flags.h"

#include <string_view>

#include <fmt/format.h>

namespace sncheck {
namespace {

struct SecretFlag {
  std::string_view name;
  std::string_view what;
  std::string_view instead;
};

constexpr std::string_view kPasswordWays =
    "--password-stdin, --password-file FILE (readable only by you) or SN_PASSWORD";
constexpr std::string_view kClientSecretWays =
    "--client-secret-stdin or SN_PROBE_CLIENT_SECRET for the probed client, "
    "--read-client-secret-stdin, --read-client-secret-file FILE or SN_CLIENT_SECRET for the "
    "reading client";
constexpr std::string_view kTokenWays = "--token-stdin or SN_TOKEN";

constexpr SecretFlag kSecretFlags[] = {
    {"--password", "password", kPasswordWays},
    {"--pass", "password", kPasswordWays},
    {"--passwd", "password", kPasswordWays},
    {"--client-secret", "client secret", kClientSecretWays},
    {"--client_secret", "client secret", kClientSecretWays},
    {"--secret", "secret", kClientSecretWays},
    {"--token", "token", kTokenWays},
    {"--bearer-token", "token", kTokenWays},
    {"--access-token", "token", kTokenWays},
};

// The flags that read a secret from standard input take no value.
constexpr SecretFlag kStdinFlags[] = {
    {"--password-stdin", "password", kPasswordWays},
    {"--token-stdin", "token", kTokenWays},
    {"--client-secret-stdin", "client secret", kClientSecretWays},
    {"--read-client-secret-stdin", "client secret", kClientSecretWays},
};

std::string refusal(std::string_view flag, const SecretFlag& secret) {
  return fmt::format(
      "{} is not accepted: a {} on the command line is visible to other users of this machine "
      "and kept in shell history; give it with {} (the value was not shown)",
      flag, secret.what, secret.instead);
}

}  // namespace

std::optional<std::string> refuse_secret_arguments(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    for (const SecretFlag& flag : kSecretFlags) {
      if (arg == flag.name ||
          (arg.size() > flag.name.size() && arg.substr(0, flag.name.size()) == flag.name &&
           arg[flag.name.size()] == '=')) {
        return refusal(flag.name, flag);
      }
    }
    // -p VALUE and -pVALUE (no sncheck flag starts with -p).
    if (arg.size() >= 2 && arg.substr(0, 2) == "-p") return refusal("-p", kSecretFlags[0]);
    for (const SecretFlag& flag : kStdinFlags) {
      if (arg.size() > flag.name.size() && arg.substr(0, flag.name.size()) == flag.name &&
          arg[flag.name.size()] == '=') {
        return fmt::format(
            "{} takes no value: it reads the {} from standard input (the value "
            "was not shown)",
            flag.name, flag.what);
      }
    }
  }
  return std::nullopt;
}

}  // namespace sncheck
