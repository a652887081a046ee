// SPDX-License-Identifier: Apache-2.0
#include "cli/config_file.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/secret_command.h"
#include "core/secret_registry.h"

namespace sncheck {
namespace {

[[noreturn]] void config_error(const std::string& path, const std::string& field,
                               const std::string& problem) {
  throw UsageError(fmt::format("config {}: {}: {}", path, field, problem));
}

std::string string_member(const rapidjson::Value& object, const char* key, const std::string& path,
                          const std::string& field) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd()) return {};
  if (!it->value.IsString()) config_error(path, field + "." + key, "must be a string");
  return it->value.GetString();
}

SecretSource parse_secret(const rapidjson::Value& value, const std::string& path,
                          const std::string& field) {
  SecretSource source;
  source.field = field;
  // {"command": [...], "timeout": 30}: the one setting a source may have beside its kind.
  bool timed = value.IsObject() && value.HasMember("timeout") && value.HasMember("command");
  if (!value.IsObject() || value.MemberCount() != (timed ? 2u : 1u)) {
    config_error(path, field,
                 R"(must be one of {"env": "VAR"}, {"file": "/path"}, {"command": ["prog", "arg"]})"
                 R"( (a command may add "timeout": seconds))");
  }
  if (timed) {
    const rapidjson::Value& timeout = value["timeout"];
    if (!timeout.IsInt() || timeout.GetInt() <= 0) {
      config_error(path, field + ".timeout", "must be a positive number of seconds");
    }
    source.timeout_seconds = timeout.GetInt();
  }
  const auto& member =
      value.HasMember("command") ? *value.FindMember("command") : *value.MemberBegin();
  std::string kind = member.name.GetString();
  if (kind == "env" || kind == "file") {
    if (!member.value.IsString() || member.value.GetStringLength() == 0) {
      config_error(path, field + "." + kind, "must be a non-empty string");
    }
    source.kind = kind == "env" ? SecretSource::Kind::Env : SecretSource::Kind::File;
    source.name = member.value.GetString();
    return source;
  }
  if (kind == "command") {
    if (!member.value.IsArray() || member.value.Empty()) {
      config_error(path, field + ".command", "must be a non-empty array of strings (argv)");
    }
    for (const auto& arg : member.value.GetArray()) {
      if (!arg.IsString()) config_error(path, field + ".command", "every item must be a string");
      source.command.emplace_back(arg.GetString());
    }
    source.kind = SecretSource::Kind::Command;
    return source;
  }
  config_error(path, field + "." + kind, "unknown secret source (use env, file or command)");
}

Profile parse_profile(const std::string& name, const rapidjson::Value& value,
                      const std::string& path) {
  std::string field = "profiles." + name;
  if (!value.IsObject()) config_error(path, field, "must be an object");
  static const char* const kKnown[] = {"instance",      "auth",      "user",      "password",
                                       "token",         "client_id", "ca_bundle", "timeout",
                                       "client_secret", "default"};
  for (const auto& member : value.GetObject()) {
    std::string key = member.name.GetString();
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      config_error(path, field + "." + key, "unknown setting");
    }
  }
  Profile profile;
  profile.name = name;
  profile.config_path = path;
  profile.instance = string_member(value, "instance", path, field);
  profile.user = string_member(value, "user", path, field);
  profile.ca_bundle = string_member(value, "ca_bundle", path, field);
  std::string auth = string_member(value, "auth", path, field);
  if (!auth.empty()) profile.auth = auth;
  if (profile.auth != "basic" && profile.auth != "bearer" && profile.auth != "client_credentials") {
    config_error(path, field + ".auth", "must be basic, bearer or client_credentials");
  }
  const char* secret_key = profile.auth == "basic"    ? "password"
                           : profile.auth == "bearer" ? "token"
                                                      : "client_secret";
  for (std::string_view other_key : {"password", "token", "client_secret", "client_id", "user"}) {
    bool belongs = other_key == secret_key ||
                   (other_key == "client_id" && profile.auth == "client_credentials") ||
                   (other_key == "user" && profile.auth != "client_credentials");
    if (!belongs && value.HasMember(std::string(other_key).c_str())) {
      config_error(path, field + "." + std::string(other_key),
                   fmt::format("not used with auth {} (give {})", profile.auth, secret_key));
    }
  }
  profile.client_id = string_member(value, "client_id", path, field);
  if (profile.auth == "client_credentials" && profile.client_id.empty()) {
    config_error(path, field + ".client_id",
                 "auth client_credentials needs the reading client's id");
  }
  if (auto it = value.FindMember(secret_key); it != value.MemberEnd()) {
    profile.secret = parse_secret(it->value, path, field + "." + secret_key);
  }
  if (auto it = value.FindMember("timeout"); it != value.MemberEnd()) {
    if (!it->value.IsInt() || it->value.GetInt() <= 0) {
      config_error(path, field + ".timeout", "must be a positive number of seconds");
    }
    profile.timeout_seconds = it->value.GetInt();
  }
  if (auto it = value.FindMember("default"); it != value.MemberEnd()) {
    if (!it->value.IsBool()) config_error(path, field + ".default", "must be true or false");
    profile.marked_default = it->value.GetBool();
  }
  return profile;
}

}  // namespace

std::string default_profile_name(const ConfigFile& config) {
  for (const auto& [name, profile] : config.profiles) {
    if (profile.marked_default) return name;
  }
  return config.profiles.count("default") != 0 ? "default" : "";
}

std::string default_config_path(const EnvLookup& env) {
  std::optional<std::string> chosen = env("SNCHECK_CONFIG");
  if (chosen && !chosen->empty()) return *chosen;
  std::optional<std::string> xdg = env("XDG_CONFIG_HOME");
  if (xdg && !xdg->empty() && xdg->front() == '/') return *xdg + "/sncheck/config.json";
  std::optional<std::string> home = env("HOME");
  if (!home || home->empty()) {
    throw UsageError("no config file: HOME is not set; give --config FILE (or SNCHECK_CONFIG)");
  }
  return *home + "/.config/sncheck/config.json";
}

ConfigFile load_config_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    throw UsageError(fmt::format("config {}: not a regular file", path));  // a FIFO would block
  }
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("config {}: cannot be read", path));
  std::stringstream text;
  text << in.rdbuf();
  return parse_config_file(text.str(), path);
}

ConfigFile parse_config_file(std::string_view json_text, const std::string& path) {
  // Parsed as a C string (up to a NUL byte), as load_config_file always did.
  const std::string text(json_text);
  rapidjson::Document document;
  document.Parse(text.c_str());
  if (document.HasParseError()) {
    throw UsageError(fmt::format("config {}: not valid JSON at offset {}: {}", path,
                                 document.GetErrorOffset(),
                                 rapidjson::GetParseError_En(document.GetParseError())));
  }
  if (!document.IsObject()) config_error(path, "(top level)", "must be an object");
  auto profiles = document.FindMember("profiles");
  if (profiles == document.MemberEnd() || !profiles->value.IsObject()) {
    config_error(path, "profiles", "must be an object of named profiles");
  }
  ConfigFile config;
  config.path = path;
  for (const auto& member : profiles->value.GetObject()) {
    std::string name = member.name.GetString();
    Profile profile = parse_profile(name, member.value, path);
    if (profile.marked_default) {
      for (const auto& [other_name, other] : config.profiles) {
        if (other.marked_default) {
          config_error(path, "profiles." + name + ".default",
                       fmt::format("profile {} is marked default too; mark one", other_name));
        }
      }
    }
    config.profiles.emplace(name, std::move(profile));
  }
  return config;
}

const Profile& find_profile(const ConfigFile& config, const std::string& name) {
  auto it = config.profiles.find(name);
  if (it != config.profiles.end()) return it->second;
  std::string known;
  for (const auto& [profile_name, profile] : config.profiles) {
    known += (known.empty() ? "" : ", ") + profile_name;
  }
  throw UsageError(fmt::format("config {}: profiles.{}: no such profile (profiles: {})",
                               config.path, name, known.empty() ? "none" : known));
}

std::string read_profile_secret(const Profile& profile, const EnvLookup& env,
                                long command_timeout_seconds) {
  const SecretSource& source = profile.secret;
  std::string where = fmt::format("config {}: {}", profile.config_path, source.field);
  switch (source.kind) {
    case SecretSource::Kind::Env: {
      std::optional<std::string> value = env(source.name);
      if (!value || value->empty()) {
        throw UsageError(fmt::format("{}: the variable {} is not set", where, source.name));
      }
      register_secret(*value);
      return *value;
    }
    case SecretSource::Kind::File:
      return read_secret_file(source.name, where + ".file");
    case SecretSource::Kind::Command:
      return run_secret_command(
          source.command, where + ".command",
          command_timeout_seconds > 0 ? command_timeout_seconds : source.timeout_seconds);
    case SecretSource::Kind::None:
      break;
  }
  throw UsageError(
      fmt::format("config {}: profiles.{}.{}: no secret source (give env, file or command)",
                  profile.config_path, profile.name,
                  profile.auth == "basic"    ? "password"
                  : profile.auth == "bearer" ? "token"
                                             : "client_secret"));
}

}  // namespace sncheck
