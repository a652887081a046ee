// SPDX-License-Identifier: Apache-2.0
// Resolving the reading client (OAuth client credentials) from flags, SN_CLIENT_ID and
// SN_CLIENT_SECRET, and profiles with "auth": "client_credentials"; the probed client's secret is
// SN_PROBE_CLIENT_SECRET.

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "cli/config_file.h"
#include "cli/settings.h"
#include "core/usage_error.h"

namespace sncheck {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(OAuthSettings, ReadingClientFromTheEnvironment) {
  ConnectionFlags flags;
  std::istringstream in;
  ConnectionSettings settings = resolve_connection(
      flags,
      env_of({{"SN_INSTANCE", "acme"}, {"SN_CLIENT_ID", "5e1f"}, {"SN_CLIENT_SECRET", "s3cret-R"}}),
      in);
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::OAuthClient);
  EXPECT_EQ(settings.credentials.user, "5e1f");
  EXPECT_EQ(settings.credentials.secret, "s3cret-R");
  for (const std::string& line : settings.provenance) {
    EXPECT_EQ(line.find("s3cret-R"), std::string::npos) << line;
  }
}

TEST(OAuthSettings, ReadingClientFlagsAndTheirConflicts) {
  ConnectionFlags flags;
  flags.instance = "acme";
  flags.read_client_id = "5e1f";
  flags.read_client_secret_stdin = true;
  std::istringstream in("from-stdin-9\n");
  ConnectionSettings settings = resolve_connection(flags, env_of({}), in);
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::OAuthClient);
  EXPECT_EQ(settings.credentials.secret, "from-stdin-9");

  ConnectionFlags no_secret;
  no_secret.instance = "acme";
  no_secret.read_client_id = "5e1f";
  std::istringstream empty;
  EXPECT_NE(error_of([&] {
              resolve_connection(no_secret, env_of({}), empty);
            }).find("no client secret for the reading client 5e1f"),
            std::string::npos);
  ConnectionFlags mixed = no_secret;
  mixed.user = "audit.reader";
  EXPECT_NE(
      error_of([&] { resolve_connection(mixed, env_of({}), empty); }).find("give one way to read"),
      std::string::npos);
  ConnectionFlags env_only;
  env_only.instance = "acme";
  EXPECT_NE(error_of([&] {
              resolve_connection(env_only,
                                 env_of({{"SN_CLIENT_ID", "5e1f"},
                                         {"SN_CLIENT_SECRET", "x"},
                                         {"SN_USERNAME", "u"},
                                         {"SN_PASSWORD", "p"}}),
                                 empty);
            }).find("SN_CLIENT_ID and SN_USERNAME are both set"),
            std::string::npos);
}

TEST(OAuthSettings, ProbedClientSecretHasItsOwnName) {
  std::istringstream in;
  std::vector<std::string> provenance;
  EXPECT_EQ(
      resolve_client_secret(false, env_of({{"SN_PROBE_CLIENT_SECRET", "probe-1"}}), in, provenance),
      "probe-1");
  EXPECT_NE(error_of([&] {
              resolve_client_secret(false, env_of({{"SN_CLIENT_SECRET", "old"}}), in, provenance);
            }).find("rename the variable"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              resolve_client_secret(false,
                                    env_of({{"SN_CLIENT_SECRET", "r"}, {"SN_CLIENT_ID", "5e1f"}}),
                                    in, provenance);
            }).find("set SN_PROBE_CLIENT_SECRET"),
            std::string::npos);
}

TEST(OAuthSettings, ProfileWithAuthOauth) {
  ConfigFile config = parse_config_file(
      R"({"profiles": {"ci": {"instance": "acme", "auth": "client_credentials", "client_id": "5e1f",
          "client_secret": {"env": "CI_SECRET"}, "default": true}}})",
      "c.json");
  const Profile& profile = find_profile(config, "ci");
  EXPECT_EQ(profile.client_id, "5e1f");
  EXPECT_EQ(default_profile_name(config), "ci");
  std::istringstream in;
  ConnectionSettings settings =
      resolve_connection(ConnectionFlags{}, env_of({{"CI_SECRET", "ci-s3cret"}}), in, &profile);
  EXPECT_EQ(settings.credentials.kind, Credentials::Kind::OAuthClient);
  EXPECT_EQ(settings.credentials.secret, "ci-s3cret");
  EXPECT_NE(error_of([] {
              parse_config_file(R"({"profiles": {"ci": {"auth": "client_credentials"}}})",
                                "c.json");
            }).find("profiles.ci.client_id: auth client_credentials needs the reading client's id"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              parse_config_file(
                  R"({"profiles": {"b": {"auth": "basic", "client_secret": {"env": "X"}}}})",
                  "c.json");
            }).find("profiles.b.client_secret: not used with auth basic"),
            std::string::npos);
}

}  // namespace
}  // namespace sncheck
