// SPDX-License-Identifier: Apache-2.0
#pragma once
// The configuration file: named profiles (instance, auth method, user and where the secret comes
// from). Format: docs/configuration.md. A profile never holds a secret itself, only its source.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli/settings.h"

namespace sncheck {

struct SecretSource {
  enum class Kind { None, Env, File, Command };
  Kind kind = Kind::None;
  std::string name;                  // the variable (Env) or the path (File)
  std::vector<std::string> command;  // argv (Command), run without a shell
  std::string field;                 // "profiles.acme.password", for messages
  long timeout_seconds = 0;          // Command: seconds it may take (0: the default, 10)
};

struct Profile {
  std::string name;
  std::string config_path;  // the file it came from, for messages
  std::string instance;
  std::string auth = "basic";  // basic | bearer | client_credentials (OAuth)
  std::string user;
  std::string client_id;  // oauth: the reading client's id
  SecretSource secret;    // the password (basic), the token (bearer) or the client secret (oauth)
  std::string ca_bundle;
  long timeout_seconds = 0;     // 0: not set
  bool marked_default = false;  // "default": true
};

struct ConfigFile {
  std::string path;
  std::map<std::string, Profile> profiles;
};

// The profile a run uses when it names none: the one marked "default": true (at most one may
// be), else the one named "default"; "" when there is neither.
std::string default_profile_name(const ConfigFile& config);

// $SNCHECK_CONFIG, else $XDG_CONFIG_HOME/sncheck/config.json, else ~/.config/sncheck/config.json.
std::string default_config_path(const EnvLookup& env);

// Throws UsageError naming the file and the field ("config F: profiles.acme.auth: ...").
ConfigFile load_config_file(const std::string& path);
// The same from the file's text: only parses (never reads a secret, the environment or a file).
ConfigFile parse_config_file(std::string_view json_text, const std::string& path);
const Profile& find_profile(const ConfigFile& config, const std::string& name);

// Reads the profile's secret from its source (registered as a secret of the run). A command
// gets `command_timeout_seconds` (--secret-timeout) when positive, else its own "timeout", else
// 10 s (cli/secret_command.h). Throws UsageError naming file and field, never the secret (nor a
// command's output).
std::string read_profile_secret(const Profile& profile, const EnvLookup& env,
                                long command_timeout_seconds = 0);

}  // namespace sncheck
