// SPDX-License-Identifier: Apache-2.0
// A row is a flat array of (interned name, value) in name order: it behaves as the std::map it
// replaced (order, lookups, no name twice), and rows share their field names instead of each
// holding copies.

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/record.h"

namespace sncheck {
namespace {

TEST(FieldName, EqualNamesAreOneInternedCopy) {
  std::string built = std::string("user.") + "web_service_access_only";
  FieldName a(built);
  FieldName b("user.web_service_access_only");
  EXPECT_TRUE(a.same_storage(b));
  EXPECT_EQ(a.data(), b.data());
  EXPECT_EQ(a, "user.web_service_access_only");
  EXPECT_FALSE(a.same_storage(FieldName("user.active")));
}

TEST(FieldName, InternedAlikeFromSeveralThreads) {
  std::vector<const char*> seen(4, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] {
      for (int n = 0; n < 1000; ++n) {
        FieldName name("field_" + std::to_string(n % 50));
        if (n == 7) seen[i] = name.data();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const char* data : seen) EXPECT_EQ(data, seen.front());
}

TEST(Record, RowsOfOneTableShareTheirFieldNames) {
  std::vector<Record> rows(2);
  for (Record& row : rows) {
    row.emplace(std::string("access_token_lifespan"), FieldValue{"1800", ""});
    row.emplace(std::string("sys_id"), FieldValue{"abc", ""});
  }
  auto first = rows[0].begin();
  auto second = rows[1].begin();
  EXPECT_TRUE(first->first.same_storage(second->first));
  EXPECT_EQ(first->first.data(), second->first.data());
}

TEST(Record, IteratesInNameOrderWhateverTheInsertionOrder) {
  Record row;
  for (const char* name : {"type", "active", "user.active", "name", "user", "client_id", "Z"}) {
    row[name] = FieldValue{std::string(name) + "-value", ""};
  }
  std::vector<std::string> names;
  for (const auto& [name, value] : row) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"Z", "active", "client_id", "name", "type", "user",
                                             "user.active"}));
  EXPECT_EQ(row.size(), 7u);
  EXPECT_EQ(field_or_empty(row, "user"), "user-value");
}

TEST(Record, BehavesAsTheMapItReplaced) {
  Record row{{"sys_id", FieldValue{"s1", ""}}, {"user", FieldValue{"u1", "https://x/u1"}}};
  EXPECT_FALSE(row.emplace("sys_id", FieldValue{"other", ""}).second);  // no name twice
  EXPECT_EQ(row.at("sys_id").value, "s1");
  EXPECT_EQ(row.count("user"), 1u);
  EXPECT_EQ(row.count("missing"), 0u);
  EXPECT_EQ(find_field(row, "missing"), nullptr);
  EXPECT_THROW(row.at("missing"), std::out_of_range);
  EXPECT_EQ(row.find("user")->second.link, "https://x/u1");
  row.insert_or_assign("sys_id", FieldValue{"s2", ""});
  EXPECT_EQ(row.at("sys_id").value, "s2");
  EXPECT_EQ(row.erase("user"), 1u);
  EXPECT_EQ(row.erase("user"), 0u);
  EXPECT_EQ(row, (Record{{"sys_id", FieldValue{"s2", ""}}}));
  EXPECT_NE(row, Record{});
  FieldValue null_value;
  null_value.null = true;
  row["state"] = null_value;
  EXPECT_TRUE(find_field(row, "state")->null);
  EXPECT_EQ(find_field(row, "state")->value, "");
}

}  // namespace
}  // namespace sncheck
