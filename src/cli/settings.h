#pragma once
// Where each connection setting comes from: flags first, then the environment. Secrets are taken
// only from the environment, standard input or a private file, never from a command-line value.

#include <functional>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fetch/credentials.h"

namespace sncheck {

class SettingsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

struct ConnectionFlags {
  std::string instance;
  std::string user;
  bool password_stdin = false;
  std::string password_file;
  bool token_stdin = false;
  std::string ca_bundle;
  long timeout_seconds = 30;
};

struct ConnectionSettings {
  std::string instance_url;
  Credentials credentials;
  std::string ca_bundle;
  long timeout_seconds = 30;
  // "instance: https://acme.service-now.com (from SN_INSTANCE)": for -v, never a secret.
  std::vector<std::string> provenance;
};

// Throws SettingsError (or InstanceUrlError) with a message naming the flag or variable.
ConnectionSettings resolve_connection(const ConnectionFlags& flags, const EnvLookup& env,
                                      std::istream& stdin_stream);

// The OAuth client secret for --probe: from standard input (--client-secret-stdin) or
// SN_CLIENT_SECRET, never from a command-line value. Throws SettingsError when there is none.
std::string resolve_client_secret(bool from_stdin, const EnvLookup& env, std::istream& stdin_stream,
                                  std::vector<std::string>& provenance);

// Reads a secret from a file that only its owner may read; the first line, without its newline.
std::string read_secret_file(const std::string& path);

}  // namespace sncheck
