// SPDX-License-Identifier: Apache-2.0
// Fuzzes the configuration-file loader: users write config files, so any bytes must give a
// ConfigFile or a UsageError naming the file, never a crash or another exception. Loading must
// only parse: a profile names where its secret comes from, and the secret is read later, for the
// one profile in use. So while parse_config_file runs, this target interposes the C library calls
// that would read a secret (environment, files, running a program) and fails if any is made.

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/config_file.h"
#include "fuzz_target.h"

namespace {

using sncheck::fuzz::invariant_broken;

// Set while the loader runs; a guarded call then records itself and fails instead of acting.
bool guarding = false;
const char* guarded_call = nullptr;

bool refuse(const char* call) {
  if (!guarding) return false;
  if (guarded_call == nullptr) guarded_call = call;
  errno = EACCES;
  return true;
}

template <typename Function>
Function next(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

using OpenFunction = int (*)(const char*, int, ...);

// open and open64 take the mode only with O_CREAT or O_TMPFILE; `real` is looked up once each.
int forward_open(const char* name, OpenFunction real, const char* path, int flags, va_list args) {
  if (refuse(name)) return -1;
  mode_t mode = (flags & (O_CREAT | O_TMPFILE)) != 0 ? va_arg(args, mode_t) : 0;
  return real(path, flags, mode);
}

}  // namespace

// Interposed for the whole program; outside the loader they pass the call on to the C library.
extern "C" {

char* getenv(const char* name) noexcept {
  if (refuse("getenv")) return nullptr;
  static auto real = next<char* (*)(const char*)>("getenv");
  return real(name);
}

char* secure_getenv(const char* name) noexcept {
  if (refuse("secure_getenv")) return nullptr;
  static auto real = next<char* (*)(const char*)>("secure_getenv");
  return real(name);
}

FILE* fopen(const char* path, const char* mode) {
  if (refuse("fopen")) return nullptr;
  static auto real = next<FILE* (*)(const char*, const char*)>("fopen");
  return real(path, mode);
}

FILE* fopen64(const char* path, const char* mode) {
  if (refuse("fopen64")) return nullptr;
  static auto real = next<FILE* (*)(const char*, const char*)>("fopen64");
  return real(path, mode);
}

int open(const char* path, int flags, ...) {
  static auto real = next<OpenFunction>("open");
  va_list args;
  va_start(args, flags);
  int fd = forward_open("open", real, path, flags, args);
  va_end(args);
  return fd;
}

int open64(const char* path, int flags, ...) {
  static auto real = next<OpenFunction>("open64");
  va_list args;
  va_start(args, flags);
  int fd = forward_open("open64", real, path, flags, args);
  va_end(args);
  return fd;
}

int stat(const char* path, struct stat* info) noexcept {
  if (refuse("stat")) return -1;
  static auto real = next<int (*)(const char*, struct stat*)>("stat");
  return real(path, info);
}

int posix_spawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]) {
  if (refuse("posix_spawn")) return EACCES;
  static auto real = next<decltype(&posix_spawn)>("posix_spawn");
  return real(pid, path, actions, attributes, argv, envp);
}

int posix_spawnp(pid_t* pid, const char* file, const posix_spawn_file_actions_t* actions,
                 const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]) {
  if (refuse("posix_spawnp")) return EACCES;
  static auto real = next<decltype(&posix_spawnp)>("posix_spawnp");
  return real(pid, file, actions, attributes, argv, envp);
}

pid_t fork() noexcept {
  if (refuse("fork")) return -1;
  static auto real = next<pid_t (*)()>("fork");
  return real();
}

int execve(const char* path, char* const argv[], char* const envp[]) noexcept {
  if (refuse("execve")) return -1;
  static auto real = next<decltype(&execve)>("execve");
  return real(path, argv, envp);
}

int execvp(const char* file, char* const argv[]) noexcept {
  if (refuse("execvp")) return -1;
  static auto real = next<decltype(&execvp)>("execvp");
  return real(file, argv);
}

}  // extern "C"

namespace {

struct Guard {
  Guard() {
    guarding = true;
    guarded_call = nullptr;
  }
  ~Guard() { guarding = false; }
};

// The guard is only worth something if it sees what reading a secret does in this build (the
// sanitizers interpose some of the same calls): read one secret of each kind under it, once.
void check_the_guard_sees_secret_reads() {
  sncheck::EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  sncheck::Profile profile;
  profile.config_path = "guard-self-test.json";
  sncheck::SecretSource env_source{sncheck::SecretSource::Kind::Env, "HOME", {}, "password"};
  sncheck::SecretSource file_source{sncheck::SecretSource::Kind::File, "/etc/hostname", {}, "p"};
  sncheck::SecretSource command_source{sncheck::SecretSource::Kind::Command, "", {"true"}, "p"};
  for (const sncheck::SecretSource& source : {env_source, file_source, command_source}) {
    profile.secret = source;
    const char* seen = nullptr;
    {
      Guard guard;
      try {
        sncheck::read_profile_secret(profile, env);
      } catch (const sncheck::UsageError&) {
      }
      seen = guarded_call;
    }
    if (seen == nullptr) invariant_broken("the guard did not see a secret being read");
  }
}

void check_profile(const std::string& name, const sncheck::Profile& profile,
                   const std::string& path) {
  using Kind = sncheck::SecretSource::Kind;
  if (profile.name != name || profile.config_path != path) {
    invariant_broken("a profile without its name or file");
  }
  if (profile.auth != "basic" && profile.auth != "bearer") invariant_broken("an unknown auth");
  if (profile.timeout_seconds < 0) invariant_broken("a negative timeout");
  const sncheck::SecretSource& secret = profile.secret;
  bool described = secret.kind == Kind::None ||
                   ((secret.kind == Kind::Env || secret.kind == Kind::File) &&
                    !secret.name.empty() && secret.command.empty()) ||
                   (secret.kind == Kind::Command && !secret.command.empty() && secret.name.empty());
  if (!described) invariant_broken("a secret source that does not say where the secret is");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool guard_checked = (check_the_guard_sees_secret_reads(), true);
  (void)guard_checked;
  const std::string path = "fuzz-config.json";
  try {
    sncheck::ConfigFile config;
    {
      Guard guard;
      config = sncheck::parse_config_file(sncheck::fuzz::as_text(data, size), path);
    }
    if (config.path != path) invariant_broken("a ConfigFile without its path");
    for (const auto& [name, profile] : config.profiles) check_profile(name, profile, path);
  } catch (const sncheck::UsageError& error) {
    if (std::string(error.what()).rfind("config " + path + ": ", 0) != 0) {
      invariant_broken("a UsageError that does not start with the file name");
    }
  } catch (const std::exception& error) {
    invariant_broken(std::string("parse_config_file threw something else: ") + error.what());
  }
  // Guard() cleared it, so it names a call made while the loader ran.
  if (guarded_call != nullptr) {
    invariant_broken(std::string("loading the config file called ") + guarded_call);
  }
  return 0;
}
