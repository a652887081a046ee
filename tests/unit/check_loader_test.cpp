// SPDX-License-Identifier: Apache-2.0
#include "model/check_loader.h"
#include "model/check_reads.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "core/secrets.h"
#include "test_support.h"

namespace sncheck {
namespace {

using test_support::builtin_catalog;
using test_support::builtin_registry;
using test_support::kValidCheckJson;
using test_support::mutated_check;
using test_support::set_json;
using test_support::TempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Doc = rapidjson::Document;
using Alloc = rapidjson::Document::AllocatorType;

constexpr const char* kOrigin = "my/check.json";

// The message of the CheckLoadError parse_check throws, or a test failure if it does not throw.
std::string parse_error(const std::string& json) {
  try {
    parse_check(json, kOrigin);
  } catch (const CheckLoadError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no CheckLoadError for:\n" << json;
  return {};
}

// The message of the CheckLoadError the catalog throws when `json` is a --checks-dir file.
std::string catalog_error(const std::string& json, std::string* path = nullptr) {
  TempDir dir;
  dir.write_custom_suite();
  std::string file = dir.write("custom.json", json);
  if (path) *path = file;
  try {
    builtin_catalog({dir.path().string()});
  } catch (const CheckLoadError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no CheckLoadError for:\n" << json;
  return {};
}

std::string without(const char* key) {
  return mutated_check([key](Doc& d, Alloc&) { d.RemoveMember(key); });
}

std::string with_top(const char* key, const std::string& json) {
  return mutated_check([&](Doc& d, Alloc& a) { set_json(d, key, json, a); });
}

std::string with_read(const char* key, const std::string& json) {
  return mutated_check([&](Doc& d, Alloc& a) { set_json(d["reads"]["property"], key, json, a); });
}

std::string with_require(const std::string& test_json) {
  return mutated_check(
      [&](Doc& d, Alloc& a) { set_json(d["condition"], "require", "[" + test_json + "]", a); });
}

TEST(CheckLoaderTest, ValidCheckParses) {
  CheckDefinition check = parse_check(kValidCheckJson, kOrigin);
  EXPECT_EQ(check.id, "custom.property.session_timeout");
  EXPECT_EQ(check.severity, Severity::Low);
  EXPECT_EQ(check.chain_step, 500);
  EXPECT_EQ(check.origin, kOrigin);
  ASSERT_EQ(check.reads.size(), 1u);
  EXPECT_EQ(check.reads[0].table, "sys_properties");
  ASSERT_TRUE(check.condition.has_value());
  EXPECT_FALSE(check.evaluator.has_value());
  ASSERT_EQ(check.condition->require.size(), 1u);
  EXPECT_EQ(check.condition->require[0].op, FieldOp::IntGt);
  EXPECT_EQ(check.failure_status, Status::Fail);
}

TEST(CheckLoaderTest, EveryBuiltinCheckLoads) {
  CheckCatalog catalog = builtin_catalog();
  std::set<std::string> expected;
  std::map<std::string, std::string> suite_of;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(SNCHECK_SOURCE_DIR) / "checks")) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "suite.json") continue;
    expected.insert(entry.path().stem().string());
    suite_of[entry.path().stem().string()] = entry.path().parent_path().filename().string();
  }
  ASSERT_GE(expected.size(), 25u);  // the files were found (others may be added)
  std::set<std::string> loaded;
  for (const CheckDefinition& check : catalog.checks()) {
    loaded.insert(check.id);
    EXPECT_EQ(check.origin, "built-in checks/" + suite_of[check.id] + "/" + check.id + ".json");
    EXPECT_EQ(check.suite, suite_of[check.id]) << check.id;
    EXPECT_NE(check.suite_descriptor, nullptr) << check.id;
    EXPECT_FALSE(check.references.empty()) << check.id;
  }
  EXPECT_EQ(loaded, expected);
  ASSERT_NE(catalog.find("oauth.plugin.oauth2"), nullptr);
  EXPECT_EQ(catalog.find("oauth.plugin.oauth2")->evaluator->name, "plugin_active");
  EXPECT_EQ(catalog.find("no.such.check"), nullptr);
}

TEST(CheckLoaderTest, InvalidJsonNamesLineAndColumn) {
  std::string message = parse_error("{\n  \"id\": }");
  EXPECT_THAT(message, StartsWith("my/check.json:2:9: "));
  EXPECT_THAT(message, HasSubstr("Invalid value"));
}

// Found by fuzzing: the recursive JSON parser overflowed the stack on deep nesting (a crash, not
// a CheckLoadError).
TEST(CheckLoaderTest, DeeplyNestedJsonIsAnErrorNotACrash) {
  EXPECT_THAT(parse_error(std::string(1'000'000, '[')), StartsWith("my/check.json:1:"));
  EXPECT_THAT(parse_error("{\"id\":" + std::string(1'000'000, '[')),
              StartsWith("my/check.json:1:"));
}

// Found by fuzzing: std::regex recursed per character and overflowed the stack on a long name or
// a deeply nested pattern.
TEST(CheckLoaderTest, HugeNamesAndPatternsAreErrorsNotCrashes) {
  std::string huge(200'000, 'a');
  EXPECT_THAT(parse_error(with_top("id", "\"x." + huge + "\"")), HasSubstr(": id: "));
  EXPECT_THAT(parse_error(with_read("table", "\"" + huge + "\"")), HasSubstr("table: "));
  EXPECT_THAT(parse_error(with_read("fields", "[\"" + huge + "\"]")), HasSubstr("fields: "));
  EXPECT_THAT(
      parse_error(with_require(R"({"field": "value", "op": "matches", "value": ")" +
                               std::string(20'000, '(') + std::string(20'000, ')') + "\"}")),
      HasSubstr("longer than 1000 characters"));
}

TEST(CheckLoaderTest, NotAnObject) {
  EXPECT_EQ(parse_error("[1, 2]"), "my/check.json: must be a JSON object");
}

TEST(CheckLoaderTest, UnknownTopLevelField) {
  EXPECT_THAT(parse_error(with_top("colour", "\"blue\"")),
              StartsWith("my/check.json: colour: unknown field"));
}

TEST(CheckLoaderTest, RequiredTopLevelFields) {
  for (const char* key : {"id", "title", "severity", "reads", "remediation", "references"}) {
    EXPECT_THAT(parse_error(without(key)),
                StartsWith(std::string("my/check.json: ") + key + ": is required"))
        << key;
  }
}

TEST(CheckLoaderTest, BadId) {
  EXPECT_THAT(parse_error(with_top("id", "\"Custom Check\"")),
              StartsWith("my/check.json: id: must be dotted lower-case words"));
  EXPECT_THAT(parse_error(with_top("id", "\"nodots\"")), StartsWith("my/check.json: id: "));
}

TEST(CheckLoaderTest, BadSeverity) {
  EXPECT_THAT(parse_error(with_top("severity", "\"urgent\"")),
              StartsWith("my/check.json: severity: must be one of info, low, medium"));
}

TEST(CheckLoaderTest, BothConditionAndEvaluator) {
  std::string json = with_top("evaluator", R"({"name": "plugin_active"})");
  EXPECT_THAT(parse_error(json),
              StartsWith("my/check.json: condition: give exactly one of condition and evaluator"));
}

TEST(CheckLoaderTest, NeitherConditionNorEvaluator) {
  EXPECT_THAT(parse_error(without("condition")),
              StartsWith("my/check.json: condition: give exactly one of condition and evaluator"));
}

TEST(CheckLoaderTest, UnknownEvaluatorName) {
  std::string json = mutated_check([](Doc& d, Alloc& a) {
    d.RemoveMember("condition");
    d.RemoveMember("reads");
    set_json(d, "evaluator", R"({"name": "magic"})", a);
  });
  std::string path;
  std::string message = catalog_error(json, &path);
  EXPECT_THAT(message, StartsWith(path + ": evaluator.name: 'magic' is not one of: "));
  EXPECT_THAT(message, HasSubstr("plugin_active"));
  EXPECT_THAT(message, HasSubstr("registry_entry"));
}

TEST(CheckLoaderTest, ConditionReadMustBeDeclared) {
  std::string json =
      mutated_check([](Doc& d, Alloc& a) { set_json(d["condition"], "read", "\"entries\"", a); });
  std::string path;
  std::string message = catalog_error(json, &path);
  EXPECT_THAT(message, StartsWith(path + ": condition.read names 'entries'"));
}

// A second read of the same table, to back up the first.
std::string with_backup_read(const std::string& fallback_for) {
  return mutated_check([&](Doc& d, Alloc& a) {
    set_json(d["reads"], "backup",
             R"({"table": "sys_properties", "query": "name=x", "fallback_for": ")" + fallback_for +
                 "\"}",
             a);
  });
}

TEST(CheckLoaderTest, FallbackForNamesAnotherRead) {
  CheckDefinition check = parse_check(with_backup_read("property"), kOrigin);
  ASSERT_NE(check.find_read("backup"), nullptr);
  EXPECT_EQ(check.find_read("backup")->fallback_for, "property");
  EXPECT_TRUE(check.find_read("property")->fallback_for.empty());
  EXPECT_THAT(parse_error(with_backup_read("nothing")),
              StartsWith("my/check.json: reads.backup.fallback_for: names 'nothing', which is "
                         "not another read"));
  EXPECT_THAT(parse_error(with_backup_read("backup")),
              StartsWith("my/check.json: reads.backup.fallback_for: names 'backup'"));
}

TEST(CheckLoaderTest, FallbackCannotBackUpAFallback) {
  std::string json = mutated_check([](Doc& d, Alloc& a) {
    set_json(d["reads"], "backup",
             R"({"table": "sys_properties", "query": "name=x", "fallback_for": "property"})", a);
    set_json(d["reads"], "second",
             R"({"table": "sys_properties", "query": "name=y", "fallback_for": "backup"})", a);
  });
  EXPECT_THAT(parse_error(json), StartsWith("my/check.json: reads.second.fallback_for: names "
                                            "'backup', which is itself read in the second wave"));
}

std::string with_keyed_read(const std::string& key_json) {
  return mutated_check([&](Doc& d, Alloc& a) {
    set_json(
        d["reads"], "keyed",
        R"({"table": "sys_user_has_role", "query": "state=active", "keyed_on": )" + key_json + "}",
        a);
  });
}

TEST(CheckLoaderTest, KeyedOnNamesAFirstWaveReadAFieldAndAColumn) {
  CheckDefinition check =
      parse_check(with_keyed_read(R"({"read": "property", "field": "sys_created_by",
                                      "column": "user.user_name"})"),
                  kOrigin);
  const ReadSpec* keyed = check.find_read("keyed");
  ASSERT_NE(keyed, nullptr);
  ASSERT_TRUE(keyed->keyed_on.has_value());
  EXPECT_EQ(keyed->keyed_on->read, "property");
  EXPECT_EQ(keyed->keyed_on->field, "sys_created_by");
  EXPECT_EQ(keyed->keyed_on->column, "user.user_name");
  EXPECT_TRUE(keyed->second_wave());
  EXPECT_THAT(parse_error(with_keyed_read(R"({"read": "nothing", "field": "a", "column": "b"})")),
              StartsWith("my/check.json: reads.keyed.keyed_on.read: names 'nothing'"));
  EXPECT_THAT(parse_error(with_keyed_read(R"({"read": "keyed", "field": "a", "column": "b"})")),
              StartsWith("my/check.json: reads.keyed.keyed_on.read: names 'keyed'"));
  EXPECT_THAT(
      parse_error(with_keyed_read(R"({"read": "property", "field": "a b", "column": "b"})")),
      StartsWith("my/check.json: reads.keyed.keyed_on.field: 'a b' is not a field name"));
  EXPECT_THAT(parse_error(with_keyed_read(R"({"read": "property", "field": "a,b c"})")),
              StartsWith("my/check.json: reads.keyed.keyed_on.field: 'b c' is not a field name"));
  EXPECT_THAT(
      parse_error(with_keyed_read(R"({"read": "property", "field": "a", "column": "b", "x": 1})")),
      StartsWith("my/check.json: reads.keyed.keyed_on.x: unknown field"));
}

// Without a column the read is not narrowed: it is read in the second wave only when the key read
// found a row. A key may name several fields (a list value counts as its items).
TEST(CheckLoaderTest, KeyedOnWithoutAColumnIsReadOnlyIfTheKeyReadFoundARow) {
  CheckDefinition check = parse_check(
      with_keyed_read(R"({"read": "property", "field": "sys_created_by,sys_updated_by"})"),
      kOrigin);
  const ReadSpec* keyed = check.find_read("keyed");
  ASSERT_NE(keyed, nullptr);
  ASSERT_TRUE(keyed->keyed_on.has_value());
  EXPECT_TRUE(keyed->keyed_on->only_if_found());
  EXPECT_TRUE(keyed->second_wave());
  EXPECT_THAT(needed_fields(check, *check.find_read("property")),
              ::testing::IsSupersetOf({"sys_created_by", "sys_updated_by"}));
  EXPECT_THAT(needed_fields(check, *keyed), ::testing::Not(::testing::Contains("")));
}

TEST(CheckLoaderTest, ConditionCannotJudgeAFallbackRead) {
  std::string json = mutated_check([](Doc& d, Alloc& a) {
    set_json(d["reads"], "backup",
             R"({"table": "sys_properties", "query": "name=x", "fallback_for": "property"})", a);
    set_json(d["condition"], "read", "\"backup\"", a);
  });
  std::string path;
  std::string message = catalog_error(json, &path);
  EXPECT_THAT(message, StartsWith(path + ": condition.read names 'backup', a fallback read"));
}

TEST(CheckLoaderTest, FieldTestUnknownOp) {
  EXPECT_THAT(parse_error(with_require(R"({"field": "value", "op": "like", "value": "x"})")),
              StartsWith("my/check.json: condition.require[0].op: 'like' is not one of"));
}

TEST(CheckLoaderTest, EqWithoutValue) {
  EXPECT_THAT(parse_error(with_require(R"({"field": "value", "op": "eq"})")),
              StartsWith("my/check.json: condition.require[0].value: exactly one value"));
}

TEST(CheckLoaderTest, InWithoutValues) {
  EXPECT_THAT(parse_error(with_require(R"({"field": "value", "op": "in"})")),
              StartsWith("my/check.json: condition.require[0].values: is required with this op"));
}

TEST(CheckLoaderTest, EmptyWithValue) {
  EXPECT_THAT(parse_error(with_require(R"({"field": "value", "op": "empty", "value": "x"})")),
              StartsWith("my/check.json: condition.require[0].value: takes no value"));
}

TEST(CheckLoaderTest, InvalidRegexForMatches) {
  EXPECT_THAT(parse_error(with_require(R"({"field": "value", "op": "matches", "value": "(["})")),
              StartsWith("my/check.json: condition.require[0].value: is not a valid regular"));
}

TEST(CheckLoaderTest, NonIntegerForIntGt) {
  EXPECT_THAT(parse_error(with_require(R"({"field": "value", "op": "int_gt", "value": "ten"})")),
              StartsWith("my/check.json: condition.require[0].value: must be a whole number"));
  EXPECT_THAT(parse_error(with_require(R"({"field": "value", "op": "int_lte", "value": "1.5"})")),
              StartsWith("my/check.json: condition.require[0].value: must be a whole number"));
}

TEST(CheckLoaderTest, SecondFieldTestIsNamedByIndex) {
  std::string json =
      with_require(R"({"field": "value", "op": "not_empty"}, {"field": "name", "op": "bogus"})");
  EXPECT_THAT(parse_error(json), StartsWith("my/check.json: condition.require[1].op: "));
}

TEST(CheckLoaderTest, SecretFieldsInFieldsAreRefused) {
  for (const char* secret : {"client_secret", "password", "user.password", "user.user_password"}) {
    std::string json = with_read("fields", std::string("[\"name\", \"") + secret + "\"]");
    std::string message = parse_error(json);
    EXPECT_THAT(message, StartsWith("my/check.json: reads.property.fields: '" +
                                    std::string(secret) + "' holds a secret"));
  }
}

TEST(CheckLoaderTest, SecretFieldsInQueryAreRefused) {
  for (const char* secret : {"client_secret", "password", "user.password"}) {
    std::string json = with_read("query", std::string("\"name=x^") + secret + "ISNOTEMPTY\"");
    EXPECT_THAT(parse_error(json), StartsWith("my/check.json: reads.property.query: '" +
                                              std::string(secret) + "' holds a secret"));
  }
}

TEST(CheckLoaderTest, SecretFieldInTestIsRefused) {
  EXPECT_THAT(parse_error(with_require(R"({"field": "client_secret", "op": "not_empty"})")),
              StartsWith("my/check.json: condition.require[0].field: 'client_secret' holds"));
}

// Template placeholders become requested fields (the planner adds them), so they must not name
// secrets either.
TEST(CheckLoaderTest, SecretFieldInTemplateIsRefused) {
  std::string in_message = with_require(
      R"({"field": "value", "op": "not_empty", "message": "secret is {client_secret}"})");
  EXPECT_THAT(parse_error(in_message),
              StartsWith("my/check.json: condition.require[0].message: 'client_secret' holds"));
  std::string in_pass = mutated_check(
      [](Doc& d, Alloc& a) { set_json(d["condition"], "pass_message", "\"{user.password}\"", a); });
  EXPECT_THAT(parse_error(in_pass),
              StartsWith("my/check.json: condition.pass_message: 'user.password' holds"));
  std::string in_remediation = with_top("remediation", "\"Rotate {client_secret}.\"");
  EXPECT_THAT(parse_error(in_remediation),
              StartsWith("my/check.json: remediation: 'client_secret' holds"));
}

TEST(CheckLoaderTest, SecretFieldInNarrowClauseIsRefused) {
  std::string json = with_read("narrow", R"({"client_id": "client_secret={client_id}"})");
  EXPECT_THAT(parse_error(json),
              StartsWith("my/check.json: reads.property.narrow: 'client_secret' holds a secret"));
}

TEST(CheckLoaderTest, BadNarrowClauseIsRefusedAtLoad) {
  std::string json = with_read("narrow", R"({"client_id": "nameFOO{client_id}"})");
  EXPECT_THAT(parse_error(json), StartsWith("my/check.json: reads.property.narrow: "));
}

TEST(CheckLoaderTest, BadTableName) {
  EXPECT_THAT(parse_error(with_read("table", "\"Sys Properties\"")),
              StartsWith("my/check.json: reads.property.table: is not a table name"));
}

TEST(CheckLoaderTest, QueryThatDoesNotParse) {
  EXPECT_THAT(parse_error(with_read("query", "\"nameFOObar\"")),
              StartsWith("my/check.json: reads.property.query: is not an encoded query"));
}

TEST(CheckLoaderTest, QueryMustSelectRows) {
  EXPECT_THAT(parse_error(with_read("query", "\"\"")),
              StartsWith("my/check.json: reads.property.query: must not be empty"));
  // Parses, but selects every row of the table.
  EXPECT_THAT(parse_error(with_read("query", "\"ORDERBYname\"")),
              StartsWith("my/check.json: reads.property.query: "));
}

TEST(CheckLoaderTest, NarrowClauseWithoutItsParameter) {
  std::string json = with_read("narrow", R"({"client_id": "name=fixed"})");
  EXPECT_THAT(parse_error(json),
              StartsWith("my/check.json: reads.property.narrow: the clause for 'client_id' must "
                         "use {client_id}"));
}

TEST(CheckLoaderTest, WhenEmptyMessageCannotUseRowFields) {
  std::string json = mutated_check([](Doc& d, Alloc& a) {
    set_json(d["condition"]["when_empty"], "message", "\"{value} is missing\"", a);
  });
  EXPECT_THAT(parse_error(json),
              StartsWith("my/check.json: condition.when_empty.message: '{value}' names a row"));
}

TEST(CheckLoaderTest, WhenEmptyRemediationCannotUseRowFields) {
  std::string json = mutated_check([](Doc& d, Alloc& a) {
    set_json(d["condition"]["when_empty"], "remediation", "\"Create {name}.\"", a);
  });
  EXPECT_THAT(parse_error(json),
              StartsWith("my/check.json: condition.when_empty.remediation: '{name}' names a row"));
}

TEST(CheckLoaderTest, WhenEmptyMayUseParamsAndInstance) {
  std::string json = mutated_check([](Doc& d, Alloc& a) {
    set_json(d["condition"]["when_empty"], "message", "\"None on {instance} for {param.x}\"", a);
  });
  EXPECT_NO_THROW(parse_check(json, kOrigin));
}

TEST(CheckLoaderTest, FailureStatusMustBeFailOrWarn) {
  for (const char* status : {"\"error\"", "\"pass\"", "\"skip\""}) {
    EXPECT_THAT(parse_error(with_top("failure_status", status)),
                StartsWith("my/check.json: failure_status: must be fail or warn"));
  }
  EXPECT_EQ(parse_check(with_top("failure_status", "\"warn\""), kOrigin).failure_status,
            Status::Warn);
}

TEST(CheckLoaderTest, DuplicateIdWithBuiltin) {
  std::string json = with_top("id", "\"oauth.plugin.oauth2\"");
  std::string path;
  std::string message = catalog_error(json, &path);
  EXPECT_EQ(message, path +
                         ": id: 'oauth.plugin.oauth2' is already defined by built-in "
                         "checks/oauth/oauth.plugin.oauth2.json");
}

TEST(CheckLoaderTest, UnknownPrerequisite) {
  std::string path;
  std::string message = catalog_error(with_top("prerequisites", R"(["oauth.no.such"])"), &path);
  EXPECT_EQ(message, path + ": prerequisites: unknown check 'oauth.no.such'");
}

TEST(CheckLoaderTest, PrerequisiteMustComeEarlierInTheChain) {
  std::string later = mutated_check([](Doc& d, Alloc& a) {
    set_json(d, "chain_step", "5", a);
    set_json(d, "prerequisites", R"(["oauth.plugin.oauth2"])", a);
  });
  std::string path;
  std::string message = catalog_error(later, &path);
  EXPECT_EQ(message,
            path +
                ": prerequisites: 'oauth.plugin.oauth2' must have a smaller chain_step than "
                "this check");
  std::string same = mutated_check([](Doc& d, Alloc& a) {
    set_json(d, "chain_step", "10", a);
    set_json(d, "prerequisites", R"(["oauth.plugin.oauth2"])", a);
  });
  EXPECT_THAT(catalog_error(same), HasSubstr("prerequisites: 'oauth.plugin.oauth2' must have"));
}

TEST(CheckLoaderTest, UserCheckDirLoadsCustomCheck) {
  TempDir dir;
  dir.write_custom_suite();
  dir.write("session.json", kValidCheckJson);
  dir.write("notes.txt", "not a check");
  std::string with_prereq = mutated_check([](Doc& d, Alloc& a) {
    set_json(d, "id", "\"custom.registry.extra\"", a);
    set_json(d, "prerequisites", R"(["oauth.plugin.oauth2"])", a);
  });
  dir.write("extra.json", with_prereq);
  CheckCatalog catalog = builtin_catalog({dir.path().string()});
  const std::size_t builtins = builtin_catalog({}).checks().size();
  ASSERT_EQ(catalog.checks().size(), builtins + 2);
  // Built-ins first, then the directory's files in name order.
  EXPECT_EQ(catalog.checks()[builtins].id, "custom.registry.extra");
  EXPECT_EQ(catalog.checks()[builtins + 1].id, "custom.property.session_timeout");
  const CheckDefinition* custom = catalog.find("custom.property.session_timeout");
  ASSERT_NE(custom, nullptr);
  EXPECT_EQ(custom->origin, (dir.path() / "session.json").string());
  EXPECT_EQ(&catalog.evaluator_for(*custom), builtin_registry().find(kConditionEvaluator));
  ASSERT_NE(custom->suite_descriptor, nullptr);
  EXPECT_EQ(custom->suite_descriptor->title, "Custom checks");
}

TEST(CheckLoaderTest, MissingCheckDir) {
  TempDir dir;
  std::string missing = (dir.path() / "nope").string();
  try {
    builtin_catalog({missing});
    FAIL() << "no CheckLoadError";
  } catch (const CheckLoadError& error) {
    EXPECT_EQ(std::string(error.what()), missing + ": --checks-dir is not a readable directory");
  }
}

TEST(CheckLoaderTest, BrokenFileInCheckDirNamesItsPath) {
  std::string path;
  std::string message = catalog_error("{\"id\": ", &path);
  EXPECT_THAT(message, StartsWith(path + ":1:8: "));
}

TEST(CheckLoaderTest, IsSecretField) {
  for (const char* secret :
       {"client_secret", "Client_Secret", "password", "user.password", "user.user_password",
        "password_hash", "api_key", "user.credential", "refresh_token",
        "oauth_entity.client_secret", "user.password.value", "private_key", "token"}) {
    EXPECT_TRUE(is_secret_field(secret)) << secret;
  }
  for (const char* plain : {"client_id", "user.user_name", "password_needs_reset",
                            "access_token_lifespan", "refresh_token_lifespan", "token_format"}) {
    EXPECT_FALSE(is_secret_field(plain)) << plain;
  }
}

TEST(CheckLoaderTest, SecretFieldsAreRefusedInEveryPlaceAFieldIsNamed) {
  for (const char* field : {"Client_Secret", "password_hash", "api_key", "user.credential"}) {
    EXPECT_THAT(parse_error(with_read("fields", fmt::format(R"(["name", "{}"])", field))),
                HasSubstr("holds a secret"))
        << field;
    EXPECT_THAT(
        parse_error(with_require(fmt::format(R"({{"field": "{}", "op": "empty"}})", field))),
        HasSubstr("holds a secret"))
        << field;
  }
}

}  // namespace
}  // namespace sncheck

namespace sncheck {
namespace {

using test_support::builtin_catalog;
using test_support::kValidCheckJson;
using test_support::mutated_check;
using test_support::set_json;
using test_support::TempDir;
using ::testing::HasSubstr;
using Doc = rapidjson::Document;
using Alloc = rapidjson::Document::AllocatorType;

// A check of the built-in plugin_active evaluator, as a user would write it: no reads.
std::string plugin_check(const std::string& params_json) {
  return mutated_check([&](Doc& d, Alloc& a) {
    d.RemoveMember("condition");
    d.RemoveMember("reads");
    set_json(d, "evaluator", R"({"name": "plugin_active", "params": )" + params_json + "}", a);
  });
}

std::string load_error(const std::string& json) {
  TempDir dir;
  dir.write_custom_suite();
  dir.write("custom.json", json);
  try {
    builtin_catalog({dir.path().string()});
  } catch (const CheckLoadError& error) {
    return error.what();
  }
  return {};
}

TEST(EvaluatorContract, TheEvaluatorDeclaresTheReadsOfItsChecks) {
  TempDir dir;
  dir.write_custom_suite();
  dir.write("custom.json", plugin_check(R"({"plugin_id": "com.snc.ipauthenticator"})"));
  CheckCatalog catalog = builtin_catalog({dir.path().string()});
  const CheckDefinition* check = catalog.find("custom.property.session_timeout");
  ASSERT_NE(check, nullptr);
  ASSERT_NE(check->find_read("sys_plugins"), nullptr);
  EXPECT_EQ(check->find_read("sys_plugins")->query, "source=com.snc.ipauthenticator");
  ASSERT_NE(check->find_read("v_plugin"), nullptr);
  EXPECT_EQ(check->find_read("v_plugin")->fallback_for, "sys_plugins");
}

TEST(EvaluatorContract, ACheckFileCannotCopyTheEvaluatorsReads) {
  std::string json = mutated_check([](Doc& d, Alloc& a) {
    d.RemoveMember("condition");
    set_json(d, "evaluator", R"({"name": "plugin_active", "params": {"plugin_id": "x"}})", a);
  });
  EXPECT_THAT(load_error(json), HasSubstr("reads: an evaluator declares its own reads"));
}

TEST(EvaluatorContract, ParametersAreCheckedAgainstTheEvaluator) {
  EXPECT_THAT(load_error(plugin_check("{}")), HasSubstr("evaluator.params.plugin_id: is required"));
  EXPECT_THAT(load_error(plugin_check(R"({"plugin_id": "x", "plugin": "y"})")),
              HasSubstr("evaluator.params.plugin: evaluator plugin_active takes no such parameter "
                        "(it takes plugin_id)"));
}

TEST(EvaluatorContract, ACheckOfAnUnknownSuiteIsRefused) {
  std::string json = mutated_check([](Doc& d, Alloc& a) { set_json(d, "suite", "\"nosuch\"", a); });
  EXPECT_THAT(load_error(json), HasSubstr("suite: 'nosuch' is not one of: "));
}

TEST(EvaluatorContract, RequiresParamsNamesKnownRunParameters) {
  std::string json =
      mutated_check([](Doc& d, Alloc& a) { set_json(d, "requires_params", R"(["api_pth"])", a); });
  EXPECT_THAT(load_error(json), HasSubstr("requires_params: 'api_pth' is not one of: client_id"));
}

}  // namespace
}  // namespace sncheck
