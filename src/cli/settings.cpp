// SPDX-License-Identifier: Apache-2.0
#include "cli/settings.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "cli/config_file.h"
#include "cli/terminal_prompt.h"
#include "cli/values.h"
#include "core/secret_registry.h"
#include "core/secrets.h"
#include "fetch/instance_url.h"

namespace sncheck {
namespace {

struct Sourced {
  std::string value;
  std::string source;
};

// The variables one setting is read from: primary (SN_*) first, then the aliases other tools use
// (engineering-notes section 5 "Env dialects").
struct EnvNames {
  const char* what;
  std::vector<std::string> names;
  bool secret;
};

const EnvNames kInstanceEnv{"instance",
                            {"SN_INSTANCE", "SN_HOST", "SNOW_INSTANCE", "SERVICENOW_INSTANCE",
                             "SERVICENOW_INSTANCE_URL", "NOW_INSTANCE", "NOW_SCAN_INSTANCE"},
                            false};
const EnvNames kUserEnv{
    "user", {"SN_USERNAME", "SNOW_USERNAME", "SERVICENOW_USERNAME", "NOW_USERNAME"}, false};
const EnvNames kPasswordEnv{
    "password", {"SN_PASSWORD", "SNOW_PASSWORD", "SERVICENOW_PASSWORD", "NOW_PASSWORD"}, true};
const EnvNames kTokenEnv{"bearer token", {"SN_TOKEN", "SERVICENOW_TOKEN"}, true};
// The reading client (servicenow.itsm's names for the client its own connection uses).
const EnvNames kClientIdEnv{"OAuth client id", {"SN_CLIENT_ID"}, false};
const EnvNames kClientSecretEnv{"OAuth client secret", {"SN_CLIENT_SECRET"}, true};

// Instance values that name the same instance ("acme", "https://acme.service-now.com") agree.
std::string comparable(const EnvNames& names, const std::string& value) {
  if (&names != &kInstanceEnv) return value;
  try {
    return normalize_instance_url(value);
  } catch (const std::exception&) {
    return value;
  }
}

// The first set variable wins; any other set variable that disagrees is reported by name.
std::optional<Sourced> from_env(const EnvLookup& env, const EnvNames& names,
                                std::vector<std::string>& warnings) {
  std::optional<Sourced> winner;
  std::vector<std::string> disagreeing;
  for (const std::string& name : names.names) {
    std::optional<std::string> value = env(name);
    if (!value || value->empty()) continue;
    if (names.secret) register_secret(*value);
    if (!winner) {
      winner = Sourced{*value, name};
    } else if (comparable(names, *value) != comparable(names, winner->value)) {
      disagreeing.push_back(name);
    }
  }
  if (winner && !disagreeing.empty()) {
    std::string others;
    for (const std::string& name : disagreeing) others += (others.empty() ? "" : ", ") + name;
    warnings.push_back(fmt::format("{} and {} set different {} values; using {}", winner->source,
                                   others, names.what, winner->source));
  }
  return winner;
}

// The first line of standard input; on a terminal, typed at `prompt` with echo off.
std::string first_line(std::istream& in, const std::string& what, bool terminal = false,
                       const std::string& prompt = "") {
  if (terminal) return read_hidden_line(STDIN_FILENO, STDERR_FILENO, prompt, what);
  std::string line;
  if (!std::getline(in, line) || line.empty()) {
    throw UsageError(fmt::format("{}: nothing was read from standard input", what));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  register_secret(line);
  return line;
}

std::string profile_label(const Profile& profile) {
  return fmt::format("profile {} in {}", profile.name, profile.config_path);
}

// Everything resolve_credentials needs, gathered once.
struct CredentialInputs {
  const ConnectionFlags& flags;
  const EnvLookup& env;
  std::istream& in;
  const Profile* profile;
  std::string host;  // for prompts: "acme"
  std::optional<Sourced> env_token;
  std::optional<Sourced> env_password;
  std::optional<Sourced> env_client_id;
};

Credentials bearer(const CredentialInputs& inputs, std::vector<std::string>& provenance) {
  Credentials credentials;
  credentials.kind = Credentials::Kind::Bearer;
  if (inputs.flags.token_stdin) {
    credentials.secret = first_line(inputs.in, "--token-stdin", inputs.flags.stdin_is_terminal,
                                    fmt::format("Bearer token for {}: ", inputs.host));
    provenance.push_back("credentials: bearer token (from --token-stdin, not shown)");
  } else if (inputs.env_token) {
    credentials.secret = inputs.env_token->value;
    provenance.push_back(
        fmt::format("credentials: bearer token (from {}, not shown)", inputs.env_token->source));
  } else {
    credentials.secret =
        read_profile_secret(*inputs.profile, inputs.env, inputs.flags.secret_timeout_seconds);
    provenance.push_back(fmt::format("credentials: bearer token (from {}, not shown)",
                                     profile_label(*inputs.profile)));
  }
  return credentials;
}

std::string password(const CredentialInputs& inputs, const std::string& user,
                     std::vector<std::string>& provenance) {
  const ConnectionFlags& flags = inputs.flags;
  if (flags.password_stdin) {
    provenance.push_back("password: from --password-stdin (not shown)");
    return first_line(inputs.in, "--password-stdin", flags.stdin_is_terminal,
                      fmt::format("Password for {}@{}: ", user, inputs.host));
  }
  if (!flags.password_file.empty()) {
    provenance.push_back(
        fmt::format("password: from --password-file {} (not shown)", flags.password_file));
    return read_secret_file(flags.password_file);
  }
  if (inputs.env_password) {
    provenance.push_back(fmt::format("password: from {} (not shown)", inputs.env_password->source));
    return inputs.env_password->value;
  }
  if (inputs.profile != nullptr && inputs.profile->auth == "basic" &&
      inputs.profile->secret.kind != SecretSource::Kind::None) {
    provenance.push_back(
        fmt::format("password: from {} (not shown)", profile_label(*inputs.profile)));
    return read_profile_secret(*inputs.profile, inputs.env, inputs.flags.secret_timeout_seconds);
  }
  throw UsageError(
      "no password for basic authentication: set SN_PASSWORD, or use --password-stdin or "
      "--password-file FILE, or a profile with a password source (a password is never taken as "
      "a command-line value)");
}

// OAuth client credentials: the client id and its secret; the token is obtained when reading.
Credentials oauth_client(const CredentialInputs& inputs, std::vector<std::string>& warnings,
                         std::vector<std::string>& provenance) {
  const ConnectionFlags& flags = inputs.flags;
  const Profile* profile = inputs.profile;
  bool from_profile = profile != nullptr && profile->auth == "client_credentials";
  std::optional<Sourced> id;
  if (!flags.read_client_id.empty()) id = Sourced{flags.read_client_id, "--read-client-id"};
  if (!id && inputs.env_client_id) id = inputs.env_client_id;
  if (!id && from_profile && !profile->client_id.empty()) {
    id = Sourced{profile->client_id, profile_label(*profile)};
  }
  if (!id) {
    throw UsageError(
        "reading with OAuth client credentials needs the client id: give --read-client-id ID "
        "(or SN_CLIENT_ID, or a profile with \"auth\": \"client_credentials\" and client_id)");
  }
  Credentials credentials;
  credentials.kind = Credentials::Kind::OAuthClient;
  credentials.user = id->value;
  provenance.push_back(fmt::format(
      "credentials: OAuth client credentials as client {} (from {}); the token is obtained from "
      "/oauth_token.do and never shown",
      id->value, id->source));
  if (flags.read_client_secret_stdin + !flags.read_client_secret_file.empty() > 1) {
    throw UsageError(
        "give one client secret source: --read-client-secret-stdin or --read-client-secret-file");
  }
  if (flags.read_client_secret_stdin) {
    credentials.secret =
        first_line(inputs.in, "--read-client-secret-stdin", flags.stdin_is_terminal,
                   fmt::format("Client secret for {}@{}: ", id->value, inputs.host));
    provenance.push_back("client secret: from --read-client-secret-stdin (not shown)");
  } else if (!flags.read_client_secret_file.empty()) {
    credentials.secret =
        read_secret_file(flags.read_client_secret_file, "--read-client-secret-file");
    provenance.push_back(fmt::format("client secret: from --read-client-secret-file {} (not shown)",
                                     flags.read_client_secret_file));
  } else if (std::optional<Sourced> secret = from_env(inputs.env, kClientSecretEnv, warnings)) {
    credentials.secret = secret->value;
    provenance.push_back(fmt::format("client secret: from {} (not shown)", secret->source));
  } else if (from_profile && profile->secret.kind != SecretSource::Kind::None) {
    credentials.secret =
        read_profile_secret(*profile, inputs.env, inputs.flags.secret_timeout_seconds);
    provenance.push_back(
        fmt::format("client secret: from {} (not shown)", profile_label(*profile)));
  } else {
    throw UsageError(
        fmt::format("no client secret for the reading client {}: set SN_CLIENT_SECRET, or use "
                    "--read-client-secret-stdin or --read-client-secret-file FILE, or a profile's "
                    "client_secret (a secret is never taken as a command-line value)",
                    id->value));
  }
  // What the Basic header of the token request carries, so an echo of it is redacted too.
  register_credential_pair(credentials.user, credentials.secret);
  return credentials;
}

Credentials resolve_credentials(const CredentialInputs& inputs, std::vector<std::string>& warnings,
                                std::vector<std::string>& provenance) {
  const ConnectionFlags& flags = inputs.flags;
  bool oauth_flags = !flags.read_client_id.empty() || flags.read_client_secret_stdin ||
                     !flags.read_client_secret_file.empty();
  bool other_flags = !flags.user.empty() || flags.password_stdin || !flags.password_file.empty() ||
                     flags.token_stdin;
  if (oauth_flags && other_flags) {
    throw UsageError(
        "give one way to read: --user with a password, --token-stdin, or --read-client-id "
        "(OAuth client credentials)");
  }
  if (oauth_flags) return oauth_client(inputs, warnings, provenance);
  if (!other_flags && inputs.env_client_id) {
    std::vector<std::string> env_user_names;
    for (const std::string& name : kUserEnv.names) {
      std::optional<std::string> value = inputs.env(name);
      if (value && !value->empty()) env_user_names.push_back(name);
    }
    if (!env_user_names.empty() || inputs.env_token) {
      throw UsageError(
          fmt::format("{} and {} are both set: sncheck reads with one; give --user (basic auth), "
                      "--token-stdin or --read-client-id (OAuth client credentials), or unset one",
                      inputs.env_client_id->source,
                      inputs.env_token ? inputs.env_token->source : env_user_names.front()));
    }
    return oauth_client(inputs, warnings, provenance);
  }
  if (!other_flags && !inputs.env_token && inputs.profile != nullptr &&
      inputs.profile->auth == "client_credentials") {
    bool env_user = false;
    for (const std::string& name : kUserEnv.names) {
      std::optional<std::string> value = inputs.env(name);
      env_user |= value && !value->empty();
    }
    if (!env_user) return oauth_client(inputs, warnings, provenance);
  }
  if (std::optional<std::string> stray = inputs.env("SN_CLIENT_SECRET"); stray && !stray->empty()) {
    register_secret(*stray);
    warnings.push_back(
        "SN_CLIENT_SECRET is set but sncheck does not read with OAuth client credentials here "
        "(no SN_CLIENT_ID): it is ignored. It is the reading client's secret; a probed client's "
        "secret is SN_PROBE_CLIENT_SECRET");
  }
  int password_sources = (flags.password_stdin ? 1 : 0) + (flags.password_file.empty() ? 0 : 1);
  if (password_sources > 1 || (flags.password_stdin && flags.token_stdin)) {
    throw UsageError("give one secret source: --password-stdin, --password-file or --token-stdin");
  }
  if (flags.token_stdin || (inputs.env_token && password_sources == 0 && flags.user.empty())) {
    return bearer(inputs, provenance);
  }
  std::optional<Sourced> user;
  if (!flags.user.empty()) user = Sourced{flags.user, "--user"};
  if (!user) user = from_env(inputs.env, kUserEnv, warnings);
  const Profile* profile = inputs.profile;
  if (!user && profile != nullptr && profile->auth == "basic" && !profile->user.empty()) {
    user = Sourced{profile->user, profile_label(*profile)};
  }
  if (!user && profile != nullptr && profile->auth == "bearer" && password_sources == 0) {
    return bearer(inputs, provenance);
  }
  if (!user) {
    throw UsageError(
        "no credentials: give --user (or SN_USERNAME) with SN_PASSWORD, --password-stdin or "
        "--password-file, or a bearer token in SN_TOKEN or --token-stdin, or a --profile");
  }
  Credentials credentials;
  credentials.kind = Credentials::Kind::Basic;
  credentials.user = user->value;
  provenance.push_back(fmt::format("user: {} (from {})", user->value, user->source));
  credentials.secret = password(inputs, credentials.user, provenance);
  // What a Basic Authorization header carries, so an echo of it is redacted too.
  register_credential_pair(credentials.user, credentials.secret);
  return credentials;
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

bool instance_in_environment(const EnvLookup& env) {
  for (const std::string& name : kInstanceEnv.names) {
    std::optional<std::string> value = env(name);
    if (value && !value->empty()) return true;
  }
  return false;
}

const std::vector<std::string>& connection_variables() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> names;
    for (const EnvNames* set :
         {&kInstanceEnv, &kUserEnv, &kPasswordEnv, &kTokenEnv, &kClientIdEnv, &kClientSecretEnv}) {
      names.insert(names.end(), set->names.begin(), set->names.end());
    }
    return names;
  }();
  return all;
}

std::string read_secret_file(const std::string& path, const std::string& what) {
  // O_NONBLOCK, then fstat: a FIFO is refused without waiting for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    throw UsageError(fmt::format("{} {}: cannot be read: {}", what, path, std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw UsageError(fmt::format(
        "{} {}: not a regular file (to pipe a secret in, use --password-stdin)", what, path));
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    throw UsageError(
        fmt::format("{} {}: other users can read it; run `chmod 600 {}` first", what, path, path));
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(std::min<off_t>(info.st_size, 1 << 20)) + 1);
  char buffer[4096];
  ssize_t n = 0;
  while (text.find('\n') == std::string::npos && text.size() < (1u << 20) &&
         ((n = ::read(fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))) {
    if (n > 0) text.append(buffer, static_cast<std::size_t>(n));
  }
  explicit_bzero(buffer, sizeof buffer);
  ::close(fd);
  std::string line = text.substr(0, text.find('\n'));
  wipe(text);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) throw UsageError(fmt::format("{} {}: the file is empty", what, path));
  register_secret(line);
  return line;
}

std::string resolve_client_secret(bool from_stdin, const EnvLookup& env, std::istream& stdin_stream,
                                  std::vector<std::string>& provenance, const std::string& prompt) {
  if (from_stdin) {
    provenance.push_back("client secret: from --client-secret-stdin (not shown)");
    return first_line(stdin_stream, "--client-secret-stdin", !prompt.empty(), prompt);
  }
  std::optional<std::string> from_env = env("SN_PROBE_CLIENT_SECRET");
  if (from_env && !from_env->empty()) {
    register_secret(*from_env);
    provenance.push_back("client secret: from SN_PROBE_CLIENT_SECRET (not shown)");
    return *from_env;
  }
  std::optional<std::string> old_name = env("SN_CLIENT_SECRET");
  std::optional<std::string> reading_id = env("SN_CLIENT_ID");
  if (old_name && !old_name->empty() && !(reading_id && !reading_id->empty())) {
    register_secret(*old_name);
    throw UsageError(
        "--probe: SN_CLIENT_SECRET is set, but since sncheck reads with OAuth it names the "
        "reading client's secret (with SN_CLIENT_ID); the probed client's secret is "
        "SN_PROBE_CLIENT_SECRET: rename the variable (or use --client-secret-stdin)");
  }
  throw UsageError(
      "--probe needs the probed client's secret: set SN_PROBE_CLIENT_SECRET or use "
      "--client-secret-stdin (a secret is never taken as a command-line value)");
}

ConnectionSettings resolve_connection(const ConnectionFlags& flags, const EnvLookup& env,
                                      std::istream& stdin_stream, const Profile* profile) {
  ConnectionSettings settings;
  std::optional<Sourced> instance;
  if (!flags.instance.empty()) instance = Sourced{flags.instance, "--instance"};
  if (!instance) instance = from_env(env, kInstanceEnv, settings.warnings);
  if (!instance && profile != nullptr && !profile->instance.empty()) {
    instance = Sourced{profile->instance, profile_label(*profile)};
  }
  if (!instance) {
    throw UsageError(
        "no instance: give --instance (or SN_INSTANCE, or a --profile): a name (acme), a host "
        "name (acme.service-now.com) or a URL");
  }
  settings.instance_url = normalize_instance_url(instance->value);
  settings.provenance.push_back(
      fmt::format("instance: {} (from {})", settings.instance_url, instance->source));
  CredentialInputs inputs{flags,
                          env,
                          stdin_stream,
                          profile,
                          prompt_host(settings.instance_url),
                          from_env(env, kTokenEnv, settings.warnings),
                          from_env(env, kPasswordEnv, settings.warnings),
                          from_env(env, kClientIdEnv, settings.warnings)};
  settings.credentials = resolve_credentials(inputs, settings.warnings, settings.provenance);
  settings.ca_bundle = flags.ca_bundle;
  if (!settings.ca_bundle.empty()) {
    settings.provenance.push_back(fmt::format("CA bundle: {} (from --ca-bundle)", flags.ca_bundle));
  } else if (profile != nullptr && !profile->ca_bundle.empty()) {
    settings.ca_bundle = profile->ca_bundle;
    settings.provenance.push_back(
        fmt::format("CA bundle: {} (from {})", profile->ca_bundle, profile_label(*profile)));
  }
  if (flags.timeout_seconds <= 0)
    throw UsageError("--timeout must be a positive number of seconds");
  // --timeout > SN_TIMEOUT (servicenow.itsm's name) > the profile's > 30 s.
  settings.timeout_seconds = flags.timeout_seconds;
  std::optional<std::string> env_timeout = env("SN_TIMEOUT");
  if (flags.timeout_given) {
    settings.provenance.push_back(
        fmt::format("timeout: {}s (from --timeout)", flags.timeout_seconds));
  } else if (env_timeout && !env_timeout->empty()) {
    std::string problem;
    std::optional<long> seconds = parse_duration_seconds(*env_timeout, 86400, &problem);
    if (!seconds) throw UsageError(fmt::format("SN_TIMEOUT: {}", problem));
    settings.timeout_seconds = *seconds;
    settings.provenance.push_back(fmt::format("timeout: {}s (from SN_TIMEOUT)", *seconds));
  } else if (profile != nullptr && profile->timeout_seconds > 0) {
    settings.timeout_seconds = profile->timeout_seconds;
    settings.provenance.push_back(
        fmt::format("timeout: {}s (from {})", profile->timeout_seconds, profile_label(*profile)));
  }
  return settings;
}

}  // namespace sncheck
