// SPDX-License-Identifier: Apache-2.0
#include "cli/settings.h"

#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "fetch/instance_url.h"
#include "test_support.h"

namespace sncheck {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "Sup3r-s3cret!";

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

ConnectionSettings resolve(const ConnectionFlags& flags, std::map<std::string, std::string> env,
                           const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  return resolve_connection(flags, env_of(std::move(env)), in);
}

std::string error_of(const ConnectionFlags& flags, std::map<std::string, std::string> env,
                     const std::string& stdin_text = "") {
  try {
    resolve(flags, std::move(env), stdin_text);
    ADD_FAILURE() << "no UsageError";
  } catch (const UsageError& error) {
    return error.what();
  }
  return {};
}

void expect_no_secret(const ConnectionSettings& settings, const std::string& secret) {
  for (const std::string& line : settings.provenance) {
    EXPECT_THAT(line, Not(HasSubstr(secret)));
  }
}

TEST(SettingsTest, InstanceFromSnInstance) {
  ConnectionSettings settings =
      resolve({}, {{"SN_INSTANCE", "acme"}, {"SN_USERNAME", "bob"}, {"SN_PASSWORD", kSecret}});
  EXPECT_EQ(settings.instance_url, "https://acme.service-now.com");
  EXPECT_THAT(settings.provenance,
              Contains("instance: https://acme.service-now.com (from SN_INSTANCE)"));
}

TEST(SettingsTest, SnHostIsAnAlias) {
  ConnectionSettings settings = resolve(
      {}, {{"SN_HOST", "acme.service-now.com"}, {"SN_USERNAME", "bob"}, {"SN_PASSWORD", kSecret}});
  EXPECT_EQ(settings.instance_url, "https://acme.service-now.com");
  EXPECT_THAT(settings.provenance,
              Contains("instance: https://acme.service-now.com (from SN_HOST)"));
}

TEST(SettingsTest, SnInstanceBeatsSnHostAndFlagBeatsBoth) {
  std::map<std::string, std::string> env = {{"SN_INSTANCE", "first"},
                                            {"SN_HOST", "second"},
                                            {"SN_USERNAME", "bob"},
                                            {"SN_PASSWORD", kSecret}};
  EXPECT_EQ(resolve({}, env).instance_url, "https://first.service-now.com");
  ConnectionFlags flags;
  flags.instance = "third";
  ConnectionSettings settings = resolve(flags, env);
  EXPECT_EQ(settings.instance_url, "https://third.service-now.com");
  EXPECT_THAT(settings.provenance,
              Contains("instance: https://third.service-now.com (from --instance)"));
}

TEST(SettingsTest, NoInstanceIsAnError) {
  EXPECT_THAT(error_of({}, {{"SN_USERNAME", "bob"}, {"SN_PASSWORD", kSecret}}),
              HasSubstr("no instance"));
  EXPECT_THAT(error_of({}, {{"SN_INSTANCE", ""}, {"SN_USERNAME", "bob"}, {"SN_PASSWORD", kSecret}}),
              HasSubstr("no instance"));
}

TEST(SettingsTest, BadInstanceIsAnInstanceUrlError) {
  ConnectionFlags flags;
  flags.instance = "http://example.com";
  EXPECT_THROW(resolve(flags, {{"SN_USERNAME", "bob"}, {"SN_PASSWORD", kSecret}}),
               InstanceUrlError);
}

TEST(SettingsTest, BasicWithSnPassword) {
  ConnectionSettings settings =
      resolve({}, {{"SN_INSTANCE", "acme"}, {"SN_USERNAME", "bob"}, {"SN_PASSWORD", kSecret}});
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::Basic);
  EXPECT_EQ(settings.credentials.user, "bob");
  EXPECT_EQ(settings.credentials.secret, kSecret);
  EXPECT_THAT(
      settings.provenance,
      ElementsAre("instance: https://acme.service-now.com (from SN_INSTANCE)",
                  "user: bob (from SN_USERNAME)", "password: from SN_PASSWORD (not shown)"));
  expect_no_secret(settings, kSecret);
}

TEST(SettingsTest, UserFlagBeatsSnUsername) {
  ConnectionFlags flags;
  flags.user = "alice";
  ConnectionSettings settings =
      resolve(flags, {{"SN_INSTANCE", "acme"}, {"SN_USERNAME", "bob"}, {"SN_PASSWORD", kSecret}});
  EXPECT_EQ(settings.credentials.user, "alice");
  EXPECT_THAT(settings.provenance, Contains("user: alice (from --user)"));
}

TEST(SettingsTest, PasswordStdinReadsFirstLine) {
  ConnectionFlags flags;
  flags.user = "bob";
  flags.password_stdin = true;
  ConnectionSettings settings =
      resolve(flags, {{"SN_INSTANCE", "acme"}, {"SN_PASSWORD", "env-pass"}},
              std::string(kSecret) + "\r\nsecond line\n");
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::Basic);
  EXPECT_EQ(settings.credentials.secret, kSecret);
  EXPECT_THAT(settings.provenance, Contains("password: from --password-stdin (not shown)"));
  expect_no_secret(settings, kSecret);
}

TEST(SettingsTest, PasswordStdinEmptyIsAnError) {
  ConnectionFlags flags;
  flags.user = "bob";
  flags.password_stdin = true;
  EXPECT_THAT(error_of(flags, {{"SN_INSTANCE", "acme"}}, ""),
              HasSubstr("--password-stdin: nothing was read from standard input"));
}

TEST(SettingsTest, PasswordFileMustBePrivate) {
  test_support::TempDir dir;
  std::string file = dir.write("pass", std::string(kSecret) + "\n");
  ConnectionFlags flags;
  flags.user = "bob";
  flags.password_file = file;

  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  std::string message = error_of(flags, {{"SN_INSTANCE", "acme"}});
  EXPECT_THAT(message, HasSubstr("chmod 600"));
  EXPECT_THAT(message, HasSubstr(file));
  EXPECT_THAT(message, Not(HasSubstr(kSecret)));

  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  ConnectionSettings settings = resolve(flags, {{"SN_INSTANCE", "acme"}});
  EXPECT_EQ(settings.credentials.secret, kSecret);
  EXPECT_THAT(settings.provenance,
              Contains("password: from --password-file " + file + " (not shown)"));
  expect_no_secret(settings, kSecret);
}

TEST(SettingsTest, PasswordFileMissingOrEmpty) {
  test_support::TempDir dir;
  ConnectionFlags flags;
  flags.user = "bob";
  flags.password_file = (dir.path() / "absent").string();
  EXPECT_THAT(error_of(flags, {{"SN_INSTANCE", "acme"}}), HasSubstr("cannot be read"));
  std::string empty = dir.write("empty", "");
  ASSERT_EQ(::chmod(empty.c_str(), 0600), 0);
  flags.password_file = empty;
  EXPECT_THAT(error_of(flags, {{"SN_INSTANCE", "acme"}}), HasSubstr("the file is empty"));
}

TEST(SettingsTest, BearerFromSnToken) {
  ConnectionSettings settings = resolve({}, {{"SN_INSTANCE", "acme"}, {"SN_TOKEN", kSecret}});
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::Bearer);
  EXPECT_EQ(settings.credentials.secret, kSecret);
  EXPECT_THAT(settings.provenance,
              Contains("credentials: bearer token (from SN_TOKEN, not shown)"));
  expect_no_secret(settings, kSecret);
}

TEST(SettingsTest, BearerFromTokenStdin) {
  ConnectionFlags flags;
  flags.token_stdin = true;
  ConnectionSettings settings =
      resolve(flags, {{"SN_INSTANCE", "acme"}, {"SN_TOKEN", "other"}}, std::string(kSecret) + "\n");
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::Bearer);
  EXPECT_EQ(settings.credentials.secret, kSecret);
  EXPECT_THAT(settings.provenance,
              Contains("credentials: bearer token (from --token-stdin, not shown)"));
  expect_no_secret(settings, kSecret);
}

TEST(SettingsTest, UserFlagWinsOverSnToken) {
  ConnectionFlags flags;
  flags.user = "bob";
  ConnectionSettings settings =
      resolve(flags, {{"SN_INSTANCE", "acme"}, {"SN_TOKEN", "tok"}, {"SN_PASSWORD", kSecret}});
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::Basic);
  EXPECT_EQ(settings.credentials.secret, kSecret);
}

TEST(SettingsTest, NoCredentialsIsAnError) {
  EXPECT_THAT(error_of({}, {{"SN_INSTANCE", "acme"}}), HasSubstr("no credentials"));
  EXPECT_THAT(error_of({}, {{"SN_INSTANCE", "acme"}, {"SN_USERNAME", "bob"}}),
              HasSubstr("no password for basic authentication"));
}

TEST(SettingsTest, OneSecretSourceOnly) {
  ConnectionFlags flags;
  flags.user = "bob";
  flags.password_stdin = true;
  flags.token_stdin = true;
  EXPECT_THAT(error_of(flags, {{"SN_INSTANCE", "acme"}}, "x\n"),
              HasSubstr("give one secret source"));
  flags.token_stdin = false;
  flags.password_file = "/nonexistent";
  EXPECT_THAT(error_of(flags, {{"SN_INSTANCE", "acme"}}, "x\n"),
              HasSubstr("give one secret source"));
}

TEST(SettingsTest, TimeoutMustBePositive) {
  ConnectionFlags flags;
  flags.timeout_seconds = 0;
  EXPECT_THAT(error_of(flags, {{"SN_INSTANCE", "acme"}, {"SN_TOKEN", "t"}}),
              HasSubstr("--timeout"));
}

}  // namespace
}  // namespace sncheck
