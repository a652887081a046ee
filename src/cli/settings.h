// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where each connection setting comes from. Precedence: flags > SN_* variables > alias variables
// (SNOW_*, SERVICENOW_*, NOW_*) > the --profile's settings. Secrets are taken only from the
// environment, standard input, a private file or a profile's command, never from a command-line
// value.

#include <functional>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/credentials.h"
#include "core/usage_error.h"

namespace sncheck {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

struct ConnectionFlags {
  std::string instance;
  std::string user;
  bool password_stdin = false;
  std::string password_file;
  bool token_stdin = false;
  // Reading with OAuth client credentials: sncheck's own registry entry (not the --client-id a
  // suite diagnoses). The secret: --read-client-secret-stdin, --read-client-secret-file,
  // SN_CLIENT_SECRET or the profile's client_secret.
  std::string read_client_id;  // --read-client-id, else SN_CLIENT_ID
  bool read_client_secret_stdin = false;
  std::string read_client_secret_file;
  // Standard input is a terminal: a secret read from it is prompted for on stderr, echo off.
  bool stdin_is_terminal = false;
  long secret_timeout_seconds = 0;  // --secret-timeout: a profile's secret command (0: its own)
  std::string ca_bundle;
  long timeout_seconds = 30;
  bool timeout_given = false;  // --timeout was on the command line (it beats a profile's)
};

struct ConnectionSettings {
  std::string instance_url;
  Credentials credentials;
  std::string ca_bundle;
  long timeout_seconds = 30;
  // "instance: https://acme.service-now.com (from SN_INSTANCE)": for -v, never a secret.
  std::vector<std::string> provenance;
  // Always shown on stderr: variables that disagree (named, never their secret values).
  std::vector<std::string> warnings;
};

struct Profile;  // cli/config_file.h

// Whether any variable that names the instance (SN_INSTANCE, SN_HOST or an alias) is set.
bool instance_in_environment(const EnvLookup& env);

// Every variable sncheck reads connection settings from, primary names first.
const std::vector<std::string>& connection_variables();

// Throws UsageError (or InstanceUrlError) with a message naming the flag or variable.
// `profile` (may be null) supplies what neither flags nor variables set.
ConnectionSettings resolve_connection(const ConnectionFlags& flags, const EnvLookup& env,
                                      std::istream& stdin_stream, const Profile* profile = nullptr);

// The probed client's secret for --probe: from standard input (--client-secret-stdin; prompted
// for with echo off when `prompt` is not empty, i.e. standard input is a terminal) or
// SN_PROBE_CLIENT_SECRET, never from a command-line value. Throws UsageError when there is none,
// naming the variable (SN_CLIENT_SECRET is the reading client's: a probe run that has only it
// is told to rename it).
std::string resolve_client_secret(bool from_stdin, const EnvLookup& env, std::istream& stdin_stream,
                                  std::vector<std::string>& provenance,
                                  const std::string& prompt = "");

// Every secret read here is registered with the secret registry (core/secret_registry.h) the
// moment it is read, so no output can carry it.

// Reads a secret from a file that only its owner may read; the first line, without its newline.
// The file must be a regular file (a FIFO would block the run).
// `what` names the setting in messages ("--password-file", "config F: profiles.p.password.file").
std::string read_secret_file(const std::string& path, const std::string& what = "--password-file");

}  // namespace sncheck
