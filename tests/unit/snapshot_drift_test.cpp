// SPDX-License-Identifier: Apache-2.0
// Snapshots (secret scrubbing, round trip, replay) and drift (added, removed, changed).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "core/secrets.h"
#include "drift/drift.h"
#include "snapshot/snapshot.h"
#include "test_support.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Record row(std::initializer_list<std::pair<const char*, const char*>> fields) {
  Record record;
  for (const auto& [name, value] : fields) record[name].value = value;
  return record;
}

TableData answer(TableRead read, std::vector<Record> rows) {
  TableData data;
  data.read = std::move(read);
  data.rows = std::move(rows);
  data.pages = 1;
  data.total_count = static_cast<long>(data.rows.size());
  return data;
}

TEST(Snapshot, SecretFieldsAreRecognised) {
  for (const char* name :
       {"client_secret", "password", "user.user_password", "token", "access_token", "refresh_token",
        "password_hash", "private_key", "api_key", "Client_Secret"}) {
    EXPECT_TRUE(is_secret_field(name)) << name;
  }
  for (const char* name : {"access_token_lifespan", "refresh_token_lifespan", "client_id", "name",
                           "user.user_name", "active", "token_format"}) {
    EXPECT_FALSE(is_secret_field(name)) << name;
  }
}

TEST(Snapshot, SecretsAreRemovedAndEverythingElseRoundTrips) {
  TableRead read{"oauth_entity", "type=client", {"client_id", "client_secret", "user"}};
  Record entry = row({{"client_id", "cid-1"}, {"client_secret", "Distinct-Cl1ent-S3cret"}});
  entry["user"] = FieldValue{"u1", "https://acme/api/now/table/sys_user/u1"};
  entry["user.user_password"] = FieldValue{"Distinct-Hash-42", ""};
  TableData failed;
  failed.read = TableRead{"v_plugin", "id=x", {"id"}};
  failed.error = FetchError{FetchErrorKind::Forbidden, "v_plugin", 403, "403 reading v_plugin",
                            "grant a role"};
  Snapshot snapshot{{{"https://acme.service-now.com", {answer(read, {entry}), failed}}}};

  std::string text = snapshot_json(snapshot);
  EXPECT_THAT(text, Not(HasSubstr("Distinct-Cl1ent-S3cret")));
  EXPECT_THAT(text, Not(HasSubstr("Distinct-Hash-42")));
  EXPECT_THAT(text, HasSubstr("cid-1"));

  Snapshot back = parse_snapshot(text, "mem.json");
  ASSERT_EQ(back.instances.size(), 1u);
  const InstanceSnapshot& instance = back.instances[0];
  EXPECT_EQ(instance.instance, "https://acme.service-now.com");
  std::vector<TableData> replayed = replay(instance, {failed.read, read});
  ASSERT_EQ(replayed.size(), 2u);
  ASSERT_TRUE(replayed[0].error.has_value());
  EXPECT_EQ(replayed[0].error->kind, FetchErrorKind::Forbidden);
  EXPECT_EQ(replayed[0].error->http_status, 403);
  ASSERT_FALSE(replayed[1].error.has_value());
  ASSERT_EQ(replayed[1].rows.size(), 1u);
  EXPECT_EQ(field_or_empty(replayed[1].rows[0], "client_id"), "cid-1");
  EXPECT_EQ(field_or_empty(replayed[1].rows[0], "client_secret"), "[removed]");
  EXPECT_EQ(replayed[1].rows[0].at("user").link, "https://acme/api/now/table/sys_user/u1");
}

TEST(Snapshot, AReadNotRecordedIsAnErrorNotAnEmptyTable) {
  InstanceSnapshot recorded{"https://acme.service-now.com", {}};
  std::vector<TableData> replayed = replay(recorded, {TableRead{"sys_plugins", "a=b", {"a"}}});
  ASSERT_TRUE(replayed[0].error.has_value());
  EXPECT_THAT(replayed[0].error->message, HasSubstr("no answer"));
}

TEST(Snapshot, MalformedFilesAreRefusedWithTheirName) {
  EXPECT_THROW(parse_snapshot("{", "f.json"), SnapshotError);
  try {
    parse_snapshot(R"({"sncheck_snapshot": 1, "instances": [{"answers": []}]})", "f.json");
    ADD_FAILURE() << "no SnapshotError";
  } catch (const SnapshotError& error) {
    EXPECT_THAT(error.what(), HasSubstr("snapshot f.json: instances[0]: no 'instance'"));
  }
}

// A side of a diff built from drift_reads() answers.
const std::vector<const SuiteDescriptor*>& suites() {
  static const CheckCatalog catalog = test_support::builtin_catalog();
  static const std::vector<const SuiteDescriptor*> all = {catalog.find_suite("oauth")};
  return all;
}

DriftConfig side(const std::string& name, std::vector<Record> plugins, std::vector<Record> props,
                 std::vector<Record> entries) {
  std::vector<TableRead> reads = drift_reads(suites());
  return extract_config(name, suites(),
                        {answer(reads[0], std::move(plugins)), answer(reads[1], std::move(props)),
                         answer(reads[2], std::move(entries))});
}

Record entry(const char* client_id, const char* name, const char* lifespan, const char* user,
             const char* user_active) {
  return row({{"client_id", client_id},
              {"name", name},
              {"active", "true"},
              {"type", "client"},
              {"access_token_lifespan", lifespan},
              {"user", user[0] ? "sysid-of-user" : ""},
              {"user.user_name", user},
              {"user.active", user_active},
              {"user.locked_out", "false"}});
}

TEST(Drift, SameConfigurationHasNoDifference) {
  auto make = [] {
    return side("x", {row({{"source", "com.glide.rest"}, {"active", "true"}})},
                {row({{"name", "glide.oauth.a"}, {"value", "true"}})},
                {entry("c1", "One", "1800", "int.user", "true")});
  };
  EXPECT_TRUE(compare_configs(make(), make()).empty());
}

TEST(Drift, AddedRemovedAndChangedSettings) {
  DriftConfig a =
      side("a",
           {row({{"source", "com.glide.rest"}, {"active", "true"}}),
            row({{"source", "com.glide.auth.scope"}, {"active", "true"}})},
           {row({{"name", "glide.oauth.a"}, {"value", "true"}})},
           {entry("c1", "One", "1800", "int.user", "true"), entry("", "No id", "1800", "", "")});
  DriftConfig b = side("b", {row({{"source", "com.glide.rest"}, {"active", "false"}})},
                       {row({{"name", "glide.oauth.a"}, {"value", "true"}}),
                        row({{"name", "glide.oauth.b"}, {"value", "x"}})},
                       {entry("c1", "One renamed", "3600", "int.user", "false")});
  std::vector<Difference> d = compare_configs(a, b);
  auto has = [&d](const std::string& kind, const std::string& key, const std::string& change,
                  const std::string& attribute = "", const std::string& va = "",
                  const std::string& vb = "") {
    return std::any_of(d.begin(), d.end(), [&](const Difference& x) {
      return x.kind == kind && x.key == key && x.change == change && x.attribute == attribute &&
             x.a == va && x.b == vb;
    });
  };
  EXPECT_TRUE(has("plugin", "com.glide.rest", "changed", "active", "true", "false"));
  EXPECT_TRUE(has("plugin", "com.glide.auth.scope", "removed"));
  EXPECT_TRUE(has("property", "glide.oauth.b", "added"));
  EXPECT_TRUE(has("registry", "c1", "changed", "access_token_lifespan", "1800", "3600"));
  EXPECT_TRUE(has("registry", "c1", "changed", "name", "One", "One renamed"));
  EXPECT_TRUE(has("registry", "name:No id", "removed"));  // matched by name without a client id
  EXPECT_TRUE(has("app_user", "int.user", "changed", "active", "true", "false"));
  EXPECT_EQ(d.size(), 7u) << ::testing::PrintToString(d.size());
}

TEST(Drift, AFailedReadMakesTheSideIncomplete) {
  std::vector<TableRead> reads = drift_reads(suites());
  TableData failed;
  failed.read = reads[2];
  failed.error = FetchError{FetchErrorKind::Forbidden, "oauth_entity", 403, "403 reading", ""};
  DriftConfig config =
      extract_config("x", suites(), {answer(reads[0], {}), answer(reads[1], {}), failed});
  EXPECT_EQ(config.errors.size(), 1u);
}

}  // namespace
}  // namespace sncheck
