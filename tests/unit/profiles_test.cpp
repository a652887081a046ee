// SPDX-License-Identifier: Apache-2.0
// Profiles (config file and secret sources), environment aliases, conflicts and precedence.

#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "cli/config_file.h"
#include "cli/settings.h"
#include "test_support.h"

namespace sncheck {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kSecret = "Pr0file-s3cret-7Q!";
constexpr const char* kOtherSecret = "Alias-s3cret-Z9?";

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

ConnectionSettings resolve(std::map<std::string, std::string> env, const Profile* profile = nullptr,
                           const ConnectionFlags& flags = {}) {
  std::istringstream in;
  return resolve_connection(flags, env_of(std::move(env)), in, profile);
}

std::string load_error(const std::string& path) {
  try {
    load_config_file(path);
  } catch (const UsageError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no UsageError";
  return {};
}

Profile basic_profile(SecretSource secret) {
  Profile profile;
  profile.name = "acme";
  profile.config_path = "/etc/cfg.json";
  profile.instance = "acme-test";
  profile.user = "profile.user";
  secret.field = "profiles.acme.password";
  profile.secret = std::move(secret);
  return profile;
}

TEST(EnvAliases, SnowServicenowAndNowVariablesAreRead) {
  ConnectionSettings snow =
      resolve({{"SNOW_INSTANCE", "snow"}, {"SNOW_USERNAME", "u1"}, {"SNOW_PASSWORD", kSecret}});
  EXPECT_EQ(snow.instance_url, "https://snow.service-now.com");
  EXPECT_EQ(snow.credentials.user, "u1");
  EXPECT_EQ(snow.credentials.secret, kSecret);
  EXPECT_THAT(snow.provenance, Contains("password: from SNOW_PASSWORD (not shown)"));

  ConnectionSettings servicenow = resolve(
      {{"SERVICENOW_INSTANCE_URL", "https://sn.example.com"}, {"SERVICENOW_TOKEN", kSecret}});
  EXPECT_EQ(servicenow.instance_url, "https://sn.example.com");
  EXPECT_EQ(servicenow.credentials.kind, Credentials::Kind::Bearer);
  EXPECT_THAT(servicenow.provenance,
              Contains("credentials: bearer token (from SERVICENOW_TOKEN, not shown)"));

  ConnectionSettings now =
      resolve({{"NOW_SCAN_INSTANCE", "scan"}, {"NOW_USERNAME", "u3"}, {"NOW_PASSWORD", kSecret}});
  EXPECT_EQ(now.instance_url, "https://scan.service-now.com");
  EXPECT_THAT(now.provenance, Contains("instance: https://scan.service-now.com (from "
                                       "NOW_SCAN_INSTANCE)"));
  EXPECT_THAT(now.warnings, IsEmpty());
}

TEST(EnvAliases, SnWinsAndConflictsAreNamedWithoutSecrets) {
  ConnectionSettings settings =
      resolve({{"SN_INSTANCE", "acme"},
               {"SNOW_INSTANCE", "other"},
               {"SERVICENOW_INSTANCE_URL", "https://acme.service-now.com"},
               {"SN_USERNAME", "bob"},
               {"SN_PASSWORD", kSecret},
               {"NOW_PASSWORD", kOtherSecret}});
  EXPECT_EQ(settings.instance_url, "https://acme.service-now.com");
  EXPECT_EQ(settings.credentials.secret, kSecret);
  ASSERT_EQ(settings.warnings.size(), 2u) << ::testing::PrintToString(settings.warnings);
  // Same instance written two ways is no conflict; another instance is.
  EXPECT_THAT(settings.warnings[0], HasSubstr("SN_INSTANCE and SNOW_INSTANCE"));
  EXPECT_THAT(settings.warnings[0], Not(HasSubstr("SERVICENOW_INSTANCE_URL")));
  EXPECT_THAT(settings.warnings[1], HasSubstr("SN_PASSWORD and NOW_PASSWORD"));
  for (const std::string& line : settings.warnings) {
    EXPECT_THAT(line, Not(HasSubstr(kSecret)));
    EXPECT_THAT(line, Not(HasSubstr(kOtherSecret)));
  }
  EXPECT_THAT(settings.provenance, Contains("password: from SN_PASSWORD (not shown)"));
}

TEST(Precedence, FlagsThenSnThenAliasesThenProfile) {
  test_support::TempDir dir;
  std::string file = dir.write("secret", std::string(kSecret) + "\n");
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  Profile profile = basic_profile({SecretSource::Kind::File, file, {}, ""});

  ConnectionSettings only_profile = resolve({}, &profile);
  EXPECT_EQ(only_profile.instance_url, "https://acme-test.service-now.com");
  EXPECT_EQ(only_profile.credentials.user, "profile.user");
  EXPECT_EQ(only_profile.credentials.secret, kSecret);
  EXPECT_THAT(only_profile.provenance,
              Contains("password: from profile acme in /etc/cfg.json (not shown)"));

  ConnectionSettings alias =
      resolve({{"SNOW_INSTANCE", "snow"}, {"SNOW_USERNAME", "alias.user"}, {"SNOW_PASSWORD", "x"}},
              &profile);
  EXPECT_EQ(alias.instance_url, "https://snow.service-now.com");
  EXPECT_EQ(alias.credentials.user, "alias.user");
  EXPECT_EQ(alias.credentials.secret, "x");

  ConnectionSettings sn = resolve(
      {{"SN_INSTANCE", "sn"}, {"SNOW_INSTANCE", "snow"}, {"SN_USERNAME", "sn.user"}}, &profile);
  EXPECT_EQ(sn.instance_url, "https://sn.service-now.com");
  EXPECT_EQ(sn.credentials.user, "sn.user");
  EXPECT_EQ(sn.credentials.secret, kSecret);  // no variable password: the profile's

  ConnectionFlags flags;
  flags.instance = "flag";
  flags.user = "flag.user";
  ConnectionSettings flagged = resolve({{"SN_INSTANCE", "sn"}}, &profile, flags);
  EXPECT_EQ(flagged.instance_url, "https://flag.service-now.com");
  EXPECT_EQ(flagged.credentials.user, "flag.user");
}

TEST(Profiles, SecretFromEnvAndCommand) {
  Profile env_profile = basic_profile({SecretSource::Kind::Env, "ACME_PW", {}, ""});
  EXPECT_EQ(resolve({{"ACME_PW", kSecret}}, &env_profile).credentials.secret, kSecret);
  try {
    resolve({}, &env_profile);
    ADD_FAILURE() << "unset variable accepted";
  } catch (const UsageError& error) {
    EXPECT_THAT(error.what(), HasSubstr("/etc/cfg.json"));
    EXPECT_THAT(error.what(), HasSubstr("profiles.acme.password"));
    EXPECT_THAT(error.what(), HasSubstr("ACME_PW"));
  }

  Profile command = basic_profile(
      {SecretSource::Kind::Command, "", {"printf", "%s\\nsecond line\\n", kSecret}, ""});
  EXPECT_EQ(resolve({}, &command).credentials.secret, kSecret);

  Profile failing = basic_profile({SecretSource::Kind::Command, "", {"false"}, ""});
  try {
    resolve({}, &failing);
    ADD_FAILURE() << "failing command accepted";
  } catch (const UsageError& error) {
    EXPECT_THAT(error.what(), HasSubstr("profiles.acme.password.command"));
    EXPECT_THAT(error.what(), HasSubstr("'false' failed"));
  }
}

TEST(Profiles, BearerProfileUsesItsToken) {
  Profile profile;
  profile.name = "tok";
  profile.config_path = "/c.json";
  profile.instance = "acme";
  profile.auth = "bearer";
  profile.secret = {SecretSource::Kind::Env, "TOK", {}, "profiles.tok.token"};
  ConnectionSettings settings = resolve({{"TOK", kSecret}}, &profile);
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::Bearer);
  EXPECT_EQ(settings.credentials.secret, kSecret);
}

TEST(ConfigFile, LoadsProfilesAndSecretSources) {
  test_support::TempDir dir;
  std::string path = dir.write("config.json", R"({"profiles": {
    "test": {"instance": "acme-test", "user": "audit", "password": {"env": "TEST_PW"}},
    "prod": {"instance": "acme", "auth": "bearer", "token": {"command": ["pass", "show", "sn/acme"]},
             "timeout": 12}}})");
  ConfigFile config = load_config_file(path);
  ASSERT_EQ(config.profiles.size(), 2u);
  const Profile& test = find_profile(config, "test");
  EXPECT_EQ(test.instance, "acme-test");
  EXPECT_EQ(test.secret.kind, SecretSource::Kind::Env);
  EXPECT_EQ(test.secret.name, "TEST_PW");
  const Profile& prod = find_profile(config, "prod");
  EXPECT_EQ(prod.auth, "bearer");
  EXPECT_EQ(prod.secret.kind, SecretSource::Kind::Command);
  EXPECT_EQ(prod.secret.command, (std::vector<std::string>{"pass", "show", "sn/acme"}));
  EXPECT_EQ(prod.timeout_seconds, 12);
}

TEST(ConfigFile, ErrorsNameTheFileAndTheField) {
  test_support::TempDir dir;
  std::string bad_json = dir.write("bad.json", R"({"profiles": {"a": )");
  EXPECT_THAT(load_error(bad_json), HasSubstr("config " + bad_json + ": not valid JSON"));

  std::string bad_auth = dir.write("auth.json", R"({"profiles": {"a": {"auth": "ntlm"}}})");
  EXPECT_THAT(load_error(bad_auth), HasSubstr("config " + bad_auth + ": profiles.a.auth"));

  std::string bad_source =
      dir.write("source.json", R"({"profiles": {"a": {"password": {"vault": "x"}}}})");
  EXPECT_THAT(load_error(bad_source), HasSubstr("profiles.a.password.vault"));

  std::string unknown_key = dir.write("key.json", R"({"profiles": {"a": {"pasword": {}}}})");
  EXPECT_THAT(load_error(unknown_key), HasSubstr("profiles.a.pasword: unknown setting"));

  std::string good = dir.write("good.json", R"({"profiles": {"a": {}, "b": {}}})");
  try {
    find_profile(load_config_file(good), "c");
    ADD_FAILURE() << "unknown profile accepted";
  } catch (const UsageError& error) {
    EXPECT_THAT(error.what(), HasSubstr("config " + good + ": profiles.c: no such profile"));
    EXPECT_THAT(error.what(), HasSubstr("a, b"));
  }
  EXPECT_THAT(load_error((dir.path() / "absent.json").string()), HasSubstr("cannot be read"));
}

TEST(ConfigFile, ParsesTextUnderTheNameItIsGiven) {
  ConfigFile config = parse_config_file(
      R"({"profiles": {"a": {"instance": "acme", "password": {"env": "A_PW"}}}})", "mem.json");
  EXPECT_EQ(config.path, "mem.json");
  EXPECT_EQ(find_profile(config, "a").config_path, "mem.json");
  EXPECT_EQ(find_profile(config, "a").secret.name, "A_PW");
  try {
    parse_config_file(R"({"profiles": {"a": {"timeout": 0}}})", "mem.json");
    ADD_FAILURE() << "a zero timeout accepted";
  } catch (const UsageError& error) {
    EXPECT_THAT(error.what(), HasSubstr("config mem.json: profiles.a.timeout"));
  }
}

TEST(ConfigFile, WorldReadableSecretFileIsRefused) {
  test_support::TempDir dir;
  std::string secret = dir.write("pw", std::string(kSecret) + "\n");
  ASSERT_EQ(::chmod(secret.c_str(), 0644), 0);
  std::string path =
      dir.write("config.json",
                R"({"profiles": {"p": {"instance": "acme", "user": "u", "password": {"file": ")" +
                    secret + R"("}}}})");
  ConfigFile config = load_config_file(path);
  try {
    resolve({}, &find_profile(config, "p"));
    ADD_FAILURE() << "world-readable secret file accepted";
  } catch (const UsageError& error) {
    std::string message = error.what();
    EXPECT_THAT(message, HasSubstr("config " + path + ": profiles.p.password.file " + secret));
    EXPECT_THAT(message, HasSubstr("chmod 600"));
    EXPECT_THAT(message, Not(HasSubstr(kSecret)));
  }
  ASSERT_EQ(::chmod(secret.c_str(), 0600), 0);
  EXPECT_EQ(resolve({}, &find_profile(config, "p")).credentials.secret, kSecret);
}

TEST(ConfigFile, DefaultPathFollowsXdg) {
  EXPECT_EQ(default_config_path(env_of({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})),
            "/x/sncheck/config.json");
  EXPECT_EQ(default_config_path(env_of({{"HOME", "/h"}})), "/h/.config/sncheck/config.json");
  EXPECT_EQ(default_config_path(env_of({{"XDG_CONFIG_HOME", ""}, {"HOME", "/h"}})),
            "/h/.config/sncheck/config.json");
}

}  // namespace
}  // namespace sncheck
