#include "cli/settings.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "cli/instance_url.h"

namespace sncheck {
namespace {

struct Sourced {
  std::string value;
  std::string source;
};

std::optional<Sourced> first_of(const std::string& flag_value, const std::string& flag_name,
                                const EnvLookup& env, const std::vector<std::string>& variables) {
  if (!flag_value.empty()) return Sourced{flag_value, flag_name};
  for (const std::string& variable : variables) {
    std::optional<std::string> value = env(variable);
    if (value && !value->empty()) return Sourced{*value, variable};
  }
  return std::nullopt;
}

std::string first_line(std::istream& in, const std::string& what) {
  std::string line;
  if (!std::getline(in, line) || line.empty()) {
    throw SettingsError(fmt::format("{}: nothing was read from standard input", what));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Credentials bearer(const ConnectionFlags& flags, const EnvLookup& env, std::istream& in,
                   std::vector<std::string>& provenance) {
  Credentials credentials;
  credentials.kind = Credentials::Kind::Bearer;
  if (flags.token_stdin) {
    credentials.secret = first_line(in, "--token-stdin");
    provenance.push_back("credentials: bearer token (from --token-stdin, not shown)");
  } else {
    credentials.secret = *env("SN_TOKEN");
    provenance.push_back("credentials: bearer token (from SN_TOKEN, not shown)");
  }
  return credentials;
}

std::string password(const ConnectionFlags& flags, const EnvLookup& env, std::istream& in,
                     std::vector<std::string>& provenance) {
  if (flags.password_stdin) {
    provenance.push_back("password: from --password-stdin (not shown)");
    return first_line(in, "--password-stdin");
  }
  if (!flags.password_file.empty()) {
    provenance.push_back(
        fmt::format("password: from --password-file {} (not shown)", flags.password_file));
    return read_secret_file(flags.password_file);
  }
  std::optional<std::string> from_env = env("SN_PASSWORD");
  if (from_env && !from_env->empty()) {
    provenance.push_back("password: from SN_PASSWORD (not shown)");
    return *from_env;
  }
  throw SettingsError(
      "no password for basic authentication: set SN_PASSWORD, or use --password-stdin or "
      "--password-file FILE (a password is never taken as a command-line value)");
}

Credentials resolve_credentials(const ConnectionFlags& flags, const EnvLookup& env,
                                std::istream& in, std::vector<std::string>& provenance) {
  int password_sources = (flags.password_stdin ? 1 : 0) + (flags.password_file.empty() ? 0 : 1);
  if (password_sources > 1 || (flags.password_stdin && flags.token_stdin)) {
    throw SettingsError(
        "give one secret source: --password-stdin, --password-file or --token-stdin");
  }
  std::optional<std::string> token = env("SN_TOKEN");
  if (flags.token_stdin ||
      (token && !token->empty() && password_sources == 0 && flags.user.empty())) {
    return bearer(flags, env, in, provenance);
  }
  std::optional<Sourced> user = first_of(flags.user, "--user", env, {"SN_USERNAME"});
  if (!user) {
    throw SettingsError(
        "no credentials: give --user (or SN_USERNAME) with SN_PASSWORD, --password-stdin or "
        "--password-file, or a bearer token in SN_TOKEN or --token-stdin");
  }
  Credentials credentials;
  credentials.kind = Credentials::Kind::Basic;
  credentials.user = user->value;
  provenance.push_back(fmt::format("user: {} (from {})", user->value, user->source));
  credentials.secret = password(flags, env, in, provenance);
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

std::string read_secret_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw SettingsError(fmt::format("--password-file {}: cannot be read", path));
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw SettingsError(fmt::format(
        "--password-file {}: other users can read it; run `chmod 600 {}` first", path, path));
  }
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line) || line.empty()) {
    throw SettingsError(fmt::format("--password-file {}: the file is empty", path));
  }
  if (line.back() == '\r') line.pop_back();
  return line;
}

std::string resolve_client_secret(bool from_stdin, const EnvLookup& env, std::istream& stdin_stream,
                                  std::vector<std::string>& provenance) {
  if (from_stdin) {
    provenance.push_back("client secret: from --client-secret-stdin (not shown)");
    return first_line(stdin_stream, "--client-secret-stdin");
  }
  std::optional<std::string> from_env = env("SN_CLIENT_SECRET");
  if (from_env && !from_env->empty()) {
    provenance.push_back("client secret: from SN_CLIENT_SECRET (not shown)");
    return *from_env;
  }
  throw SettingsError(
      "--probe needs the client secret: set SN_CLIENT_SECRET or use --client-secret-stdin (a "
      "secret is never taken as a command-line value)");
}

ConnectionSettings resolve_connection(const ConnectionFlags& flags, const EnvLookup& env,
                                      std::istream& stdin_stream) {
  ConnectionSettings settings;
  std::optional<Sourced> instance =
      first_of(flags.instance, "--instance", env, {"SN_INSTANCE", "SN_HOST"});
  if (!instance) {
    throw SettingsError(
        "no instance: give --instance (or SN_INSTANCE): a name (acme), a host name "
        "(acme.service-now.com) or a URL");
  }
  settings.instance_url = normalize_instance_url(instance->value);
  settings.provenance.push_back(
      fmt::format("instance: {} (from {})", settings.instance_url, instance->source));
  settings.credentials = resolve_credentials(flags, env, stdin_stream, settings.provenance);
  settings.ca_bundle = flags.ca_bundle;
  if (!settings.ca_bundle.empty()) {
    settings.provenance.push_back(fmt::format("CA bundle: {} (from --ca-bundle)", flags.ca_bundle));
  }
  if (flags.timeout_seconds <= 0)
    throw SettingsError("--timeout must be a positive number of seconds");
  settings.timeout_seconds = flags.timeout_seconds;
  return settings;
}

}  // namespace sncheck
