// SPDX-License-Identifier: Apache-2.0
// The engine's generic read features the Bearer checks use: columns verified live in
// sys_dictionary (one merged read; a missing column makes the reads that use it errors), keys over
// several list-valued fields, and second-wave reads made only when another read found a row.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/check_reads.h"
#include "test_support.h"

namespace sncheck {
namespace {

using test_support::FakeTables;
using test_support::row;
using ::testing::HasSubstr;

// Reports each read as pass (rows: its row count) or error (its message), subject = read name.
class ReadsEvaluator final : public Evaluator {
 public:
  ReadsEvaluator(std::vector<ReadSpec> reads, std::vector<SchemaColumn> columns)
      : reads_(std::move(reads)), columns_(std::move(columns)) {}
  std::vector<ReadSpec> reads(const std::map<std::string, std::string>&) const override {
    return reads_;
  }
  std::vector<SchemaColumn> columns(const std::map<std::string, std::string>&) const override {
    return columns_;
  }
  std::vector<Result> evaluate(const CheckInputs& inputs) const override {
    std::vector<Result> out;
    for (const ReadSpec& spec : reads_) {
      const ReadInput& read = inputs.read(spec.name);
      Result result;
      result.check = inputs.check;
      result.subject = spec.name;
      result.status = read.error ? Status::Error : Status::Pass;
      result.message = read.error ? read.error->message : std::to_string(read.rows.size());
      out.push_back(std::move(result));
    }
    return out;
  }
  std::string describe(const CheckDefinition&) const override { return "test"; }

 private:
  std::vector<ReadSpec> reads_;
  std::vector<SchemaColumn> columns_;
};

ReadSpec spec(std::string name, std::string table, std::string query,
              std::vector<std::string> fields, std::optional<ReadKey> key = std::nullopt) {
  return ReadSpec{std::move(name), std::move(table), std::move(query), std::move(fields), {}, {},
                  std::move(key)};
}

class SchemaKeysTest : public ::testing::Test {
 protected:
  // Two checks, so their dictionary reads merge.
  void make(std::vector<ReadSpec> first, std::vector<SchemaColumn> first_columns,
            std::vector<ReadSpec> second = {spec("other", "sys_properties", "name=x", {"value"})},
            std::vector<SchemaColumn> second_columns = {}) {
    registry_ = std::make_unique<EvaluatorRegistry>();
    registry_->add("first", [&] { return std::make_unique<ReadsEvaluator>(first, first_columns); });
    registry_->add("second",
                   [&] { return std::make_unique<ReadsEvaluator>(second, second_columns); });
    registry_->add(kConditionEvaluator, [] {
      return std::make_unique<ReadsEvaluator>(std::vector<ReadSpec>{}, std::vector<SchemaColumn>{});
    });
    SuiteDescriptor suite;
    suite.name = "t";
    std::vector<CheckDefinition> checks;
    for (const char* name : {"first", "second"}) {
      CheckDefinition check;
      check.id = std::string("t.") + name;
      check.suite = "t";
      check.chain_step = name[0] == 'f' ? 1 : 2;
      check.evaluator = EvaluatorSpec{name, {}};
      checks.push_back(std::move(check));
    }
    catalog_ = std::make_unique<CheckCatalog>(
        CheckCatalog::from(*registry_, {std::move(suite)}, std::move(checks)));
  }

  RunOutcome run(FakeTables& tables) {
    std::vector<const CheckDefinition*> selected = {catalog_->find("t.first"),
                                                    catalog_->find("t.second")};
    RunParams params;
    params.instance_url = "https://acme.service-now.com";
    return run_checks(*catalog_, selected, params, tables.fetcher());
  }

  static const Result& of(const RunOutcome& outcome, const std::string& subject) {
    for (const Result& result : outcome.results) {
      if (result.subject == subject && result.check->id == "t.first") return result;
    }
    throw std::logic_error("no result for " + subject);
  }

  std::unique_ptr<EvaluatorRegistry> registry_;
  std::unique_ptr<CheckCatalog> catalog_;
};

TEST_F(SchemaKeysTest, ColumnsAreOneMergedDictionaryReadInTheFirstWave) {
  make({spec("entries", "oauth_entity", "active=true", {"name", "user"})},
       {{"oauth_entity", "user", {}}, {"std_http_auth", "type", {"inbound_auth_profile"}}},
       {spec("grants", "sys_user_has_role", "state=active", {"user"})},
       {{"oauth_entity", "user", {}}, {"sys_user_has_role", "state", {}}});
  const CheckDefinition* first = catalog_->find("t.first");
  ASSERT_NE(first->find_read(kSchemaReadName), nullptr);
  EXPECT_EQ(first->find_read(kSchemaReadName)->query,
            "name=oauth_entity^elementINuser^NQnameINstd_http_auth,inbound_auth_profile^"
            "elementINtype");
  FakeTables tables;
  tables.add("sys_dictionary",
             row({{"name", "oauth_entity"}, {"element", "user"}, {"active", "true"}}));
  tables.add("sys_dictionary",
             row({{"name", "inbound_auth_profile"}, {"element", "type"}, {"active", "true"}}));
  tables.add("sys_dictionary",
             row({{"name", "sys_user_has_role"}, {"element", "state"}, {"active", "true"}}));
  RunOutcome outcome = run(tables);
  ASSERT_EQ(tables.waves().size(), 1u);
  int dictionary = 0;
  for (const TableRead& request : tables.requests()) {
    if (request.table != "sys_dictionary") continue;
    ++dictionary;
    // The group both checks need is asked once.
    EXPECT_EQ(request.query,
              "name=oauth_entity^elementINuser^NQnameINstd_http_auth,inbound_auth_profile^"
              "elementINtype^NQname=sys_user_has_role^elementINstate");
  }
  EXPECT_EQ(dictionary, 1);
  for (const Result& result : outcome.results) {
    EXPECT_EQ(result.status, Status::Pass)
        << result.check->id << " " << result.subject << ": " << result.message;
  }
}

// A column the instance lacks (or that only an inactive dictionary entry names) makes the reads
// that ask for it, filter on it or dot-walk through it errors; other reads are judged as usual.
TEST_F(SchemaKeysTest, AMissingColumnMakesTheReadsThatUseItErrors) {
  make({spec("entries", "oauth_entity", "active=true", {"name", "user.user_name"}),
        spec("names", "oauth_entity", "active=true", {"name"}),
        spec("filtered", "oauth_entity", "scope_restriction_statusISNOTEMPTY", {"name"})},
       {{"oauth_entity", "user", {}}, {"oauth_entity", "scope_restriction_status", {}}});
  FakeTables tables;
  tables.add("oauth_entity",
             row({{"name", "a"}, {"active", "true"}, {"scope_restriction_status", "x"}}));
  tables.add("sys_dictionary",
             row({{"name", "oauth_entity"}, {"element", "user"}, {"active", "false"}}));
  tables.add(
      "sys_dictionary",
      row({{"name", "oauth_entity"}, {"element", "scope_restriction_status"}, {"active", "true"}}));
  RunOutcome outcome = run(tables);
  EXPECT_EQ(of(outcome, "entries").status, Status::Error);
  EXPECT_THAT(of(outcome, "entries").message,
              HasSubstr("this instance has no column user on table oauth_entity"));
  EXPECT_EQ(of(outcome, "names").status, Status::Pass);
  EXPECT_EQ(of(outcome, "names").message, "1");
  EXPECT_EQ(of(outcome, "filtered").status, Status::Pass);
}

// Rows without a field the query filters on look like a field ACL; when the dictionary says the
// column does not exist at all, that is the error reported.
TEST_F(SchemaKeysTest, AMissingColumnExplainsRowsWithoutTheField) {
  make({spec("restricted", "oauth_entity", "scope_restriction_statusISNOTEMPTY", {"name"})},
       {{"oauth_entity", "scope_restriction_status", {}}});
  FakeTables tables;
  tables.add("oauth_entity", row({{"name", "a"}}));
  tables.add("sys_dictionary",
             row({{"name", "oauth_entity"}, {"element", "name"}, {"active", "true"}}));
  RunOutcome outcome = run(tables);
  EXPECT_EQ(of(outcome, "restricted").status, Status::Error);
  EXPECT_THAT(of(outcome, "restricted").message,
              HasSubstr("no column scope_restriction_status on table oauth_entity"));
}

// A table that does not exist (its plugin is not installed) explains its missing columns: the
// read keeps its own error, which evaluators read as "not installed".
TEST_F(SchemaKeysTest, AMissingTableKeepsItsOwnError) {
  make({spec("policies", "sys_api_access_policy", "active=true", {"api_path"})},
       {{"sys_api_access_policy", "api_path", {}}});
  FakeTables tables;
  tables.fail("sys_api_access_policy", FetchErrorKind::InvalidTable, 400,
              "400 reading sys_api_access_policy: Invalid table");
  RunOutcome outcome = run(tables);
  EXPECT_THAT(of(outcome, "policies").message, HasSubstr("Invalid table"));
}

TEST_F(SchemaKeysTest, AColumnOfAParentTableCounts) {
  make({spec("profiles", "std_http_auth", "typeISNOTEMPTY", {"type"})},
       {{"std_http_auth", "type", {"inbound_auth_profile"}}});
  FakeTables tables;
  tables.add("sys_dictionary",
             row({{"name", "inbound_auth_profile"}, {"element", "type"}, {"active", "true"}}));
  RunOutcome found = run(tables);
  EXPECT_EQ(of(found, "profiles").status, Status::Pass);
  FakeTables other;
  other.add("sys_dictionary",
            row({{"name", "http_key_auth"}, {"element", "type"}, {"active", "true"}}));
  RunOutcome elsewhere = run(other);
  EXPECT_EQ(of(elsewhere, "profiles").status, Status::Error);
}

TEST_F(SchemaKeysTest, AnUnreadableDictionaryMeansTheColumnsCannotBeVerified) {
  make({spec("entries", "oauth_entity", "active=true", {"user"})}, {{"oauth_entity", "user", {}}});
  FakeTables tables;
  tables.add("oauth_entity", row({{"user", "u1"}, {"active", "true"}}));
  tables.fail("sys_dictionary", FetchErrorKind::Forbidden, 403, "403 reading sys_dictionary: no");
  RunOutcome outcome = run(tables);
  const Result& result = of(outcome, "entries");
  EXPECT_EQ(result.status, Status::Error);
  EXPECT_THAT(result.message, HasSubstr("cannot verify that table oauth_entity has a column user"));
  EXPECT_THAT(result.message, HasSubstr("403 reading sys_dictionary: no"));
}

// A key over two fields whose values are lists: the second-wave read asks for every item once.
TEST_F(SchemaKeysTest, AKeyOverSeveralListFieldsAsksForEveryItem) {
  make({spec("resources", "sys_ws_operation", "active=true", {"enforce_acl", "api.enforce_acl"}),
        spec("acls", "sys_security_acl", "active=true", {"name"},
             ReadKey{"resources", "enforce_acl,api.enforce_acl", "sys_id"})},
       {});
  FakeTables tables;
  tables.add("sys_ws_operation",
             row({{"active", "true"}, {"enforce_acl", "a1,a2"}, {"api.enforce_acl", "a3"}}));
  tables.add("sys_ws_operation",
             row({{"active", "true"}, {"enforce_acl", ""}, {"api.enforce_acl", "a1"}}));
  tables.add("sys_security_acl", row({{"sys_id", "a2"}, {"name", "x"}, {"active", "true"}}));
  RunOutcome outcome = run(tables);
  ASSERT_EQ(tables.waves().size(), 2u);
  ASSERT_EQ(tables.waves()[1].size(), 1u);
  EXPECT_EQ(tables.waves()[1][0].query, "active=true^sys_idINa1,a2,a3");
  EXPECT_EQ(of(outcome, "acls").message, "1");
}

// Without a column the read is not narrowed; it waits for the second wave and is made only when
// the key read found a row.
TEST_F(SchemaKeysTest, AnOnlyIfFoundReadIsMadeOnlyWhenItsKeyReadFoundARow) {
  make({spec("policies", "sys_api_access_policy", "active=true", {"name"}),
        spec("profiles", "std_http_auth", "typeISNOTEMPTY", {"type"},
             ReadKey{"policies", "sys_id", ""})},
       {});
  FakeTables none;
  none.add("std_http_auth", row({{"type", "oauth"}}));
  RunOutcome without = run(none);
  EXPECT_EQ(none.waves().size(), 1u);
  EXPECT_EQ(of(without, "profiles").status, Status::Pass);
  EXPECT_EQ(of(without, "profiles").message, "0");
  FakeTables some;
  some.add("sys_api_access_policy", row({{"sys_id", "p1"}, {"name", "p"}, {"active", "true"}}));
  some.add("std_http_auth", row({{"type", "oauth"}}));
  RunOutcome with = run(some);
  ASSERT_EQ(some.waves().size(), 2u);
  EXPECT_EQ(some.waves()[1].at(0).query, "typeISNOTEMPTY");
  EXPECT_EQ(of(with, "profiles").message, "1");
  FakeTables failing;
  failing.fail("sys_api_access_policy", FetchErrorKind::Forbidden, 403, "403 reading policies");
  RunOutcome failed = run(failing);
  EXPECT_EQ(of(failed, "profiles").status, Status::Error);
  EXPECT_THAT(of(failed, "profiles").message, HasSubstr("403 reading policies"));
}

}  // namespace
}  // namespace sncheck
