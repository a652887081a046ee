// SPDX-License-Identifier: Apache-2.0
// What many results carry alike is held once: the instance URL, an entry's subject across the
// per-entry checks, a remediation, a waiver; and reports refer to results instead of copying
// them. (The memory this saves is measured by bench/run.sh, not here: these tests fail when a
// change goes back to copying.)

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/shared_text.h"
#include "report/report.h"
#include "report/waivers.h"
#include "run/engine.h"
#include "test_support.h"

namespace sncheck {
namespace {

using test_support::FakeTables;
using test_support::row;

TEST(SharedText, CopiesShareOneStorage) {
  SharedText text = std::string("Grant the reading account read access to oauth_entity.");
  SharedText copy = text;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_TRUE(copy.shares_storage_with(text));
  EXPECT_EQ(copy.data(), text.data());
  EXPECT_EQ(copy, "Grant the reading account read access to oauth_entity.");
  SharedText equal = std::string(text.str());
  EXPECT_EQ(equal, text);
  EXPECT_FALSE(equal.shares_storage_with(text));  // equal text, made apart
}

TEST(SharedText, EmptyHoldsNoStorage) {
  SharedText empty;
  SharedText also = std::string();
  EXPECT_TRUE(empty.empty());
  EXPECT_TRUE(also.empty());
  EXPECT_EQ(empty, "");
  EXPECT_FALSE(empty.shares_storage_with(also));
  EXPECT_EQ(fmt::format("[{}]", empty), "[]");
}

TEST(SharedText, AppendingMakesANewTextAndLeavesSharersAlone) {
  SharedText text = std::string("Fix the entry");
  SharedText copy = text;
  copy += " named Acme.";
  EXPECT_EQ(text, "Fix the entry");
  EXPECT_EQ(copy, "Fix the entry named Acme.");
  EXPECT_FALSE(copy.shares_storage_with(text));
}

TEST(TextPool, EqualTextsMadeApartBecomeOne) {
  TextPool pool;
  SharedText a = pool.intern(std::string("Acme Integration"));
  SharedText b = pool.intern(std::string("Acme Integration"));
  SharedText c = pool.intern(std::string("Other Integration"));
  EXPECT_TRUE(a.shares_storage_with(b));
  EXPECT_FALSE(a.shares_storage_with(c));
  EXPECT_EQ(c, "Other Integration");
  EXPECT_TRUE(pool.intern(SharedText()).empty());
}

Record plugin(const std::string& id) {
  return row({{"sys_id", "sp-" + id},
              {"source", id},
              {"name", id + " plugin"},
              {"active", "true"},
              {"version", "1.0"}});
}

Record property(const std::string& name, const std::string& value) {
  return row(
      {{"sys_id", "prop-" + name}, {"name", name}, {"value", value}, {"type", "true|false"}});
}

// An entry whose access tokens live two days (oauth.registry.token_lifespan fails for each).
Record entry(const std::string& sys_id, const std::string& name) {
  Record out = row({{"sys_id", sys_id},
                    {"name", name},
                    {"client_id", "id-" + sys_id},
                    {"active", "true"},
                    {"type", "client"},
                    {"access_token_lifespan", "172800"},
                    {"redirect_url", "https://acme.example/callback"}});
  out["user"] = FieldValue{"u-" + sys_id, ""};
  out["user.sys_id"] = FieldValue{"u-" + sys_id, ""};
  out["user.user_name"] = FieldValue{name + ".user", ""};
  out["user.active"] = FieldValue{"true", ""};
  out["user.locked_out"] = FieldValue{"false", ""};
  out["user.web_service_access_only"] = FieldValue{"true", ""};
  return out;
}

class SharedResultsTest : public ::testing::Test {
 protected:
  // `unreadable`: oauth_entity answers 403.
  RunOutcome run(bool unreadable = false) {
    FakeTables tables;
    if (unreadable) {
      tables.fail("oauth_entity", FetchErrorKind::Forbidden, 403, "403 reading oauth_entity",
                  "Grant the reading account read access to oauth_entity.");
    }
    for (const char* id : {"com.snc.platform.security.oauth", "com.glide.rest"}) {
      tables.add("sys_plugins", plugin(id));
    }
    tables.add("sys_properties",
               property("glide.oauth.inbound.client.credential.grant_type.enabled", "true"));
    tables.add("sys_properties",
               property("glide.war", "glide-zurich-07-01-2025__patch2-09-18-2025"));
    for (int i = 0; i < 3 && !unreadable; ++i) {
      tables.add("oauth_entity",
                 entry("e" + std::to_string(i), "Generated Integration " + std::to_string(i)));
    }
    RunParams params;
    params.instance_url = "https://acme.service-now.com";
    selected_ = select_checks(catalog_.checks(), "oauth", "", [&](const std::string& name) {
      return params.find(name) != nullptr;
    });
    return run_checks(catalog_, selected_, params, tables.fetcher());
  }

  CheckCatalog catalog_ = test_support::builtin_catalog();
  std::vector<const CheckDefinition*> selected_;
};

TEST_F(SharedResultsTest, EveryResultSharesTheInstanceUrl) {
  RunOutcome outcome = run();
  ASSERT_GT(outcome.results.size(), 10u);
  for (const Result& result : outcome.results) {
    EXPECT_EQ(result.instance, "https://acme.service-now.com");
    EXPECT_TRUE(result.instance.shares_storage_with(outcome.results.front().instance))
        << result.check->id;
  }
}

TEST_F(SharedResultsTest, AnEntrysSubjectIsHeldOnceForEveryCheckThatJudgesIt) {
  RunOutcome outcome = run();
  for (int i = 0; i < 3; ++i) {
    const std::string name = "Generated Integration " + std::to_string(i);
    std::vector<const Result*> about;
    std::set<std::string> checks;
    for (const Result& result : outcome.results) {
      if (result.subject == name) {
        about.push_back(&result);
        checks.insert(result.check->id);
      }
    }
    ASSERT_GE(checks.size(), 4u) << name;  // several per-entry checks judged it
    for (const Result* result : about) {
      EXPECT_TRUE(result->subject.shares_storage_with(about.front()->subject))
          << result->check->id << " " << name;
    }
  }
}

TEST_F(SharedResultsTest, TheSameRemediationIsHeldOnce) {
  // oauth_entity cannot be read: every check that reads it gives the same remedy.
  RunOutcome outcome = run(true);
  std::vector<const Result*> errors;
  for (const Result& result : outcome.results) {
    if (result.status == Status::Error && result.message.find("oauth_entity") != std::string::npos)
      errors.push_back(&result);
  }
  ASSERT_GE(errors.size(), 3u);
  for (const Result* result : errors) {
    ASSERT_FALSE(result->remediation.empty()) << result->check->id;
    ASSERT_EQ(result->remediation, errors.front()->remediation) << result->check->id;
    EXPECT_TRUE(result->remediation.shares_storage_with(errors.front()->remediation))
        << result->check->id;
  }
}

TEST_F(SharedResultsTest, OneWaiverMarkServesEveryResultItCovers) {
  RunOutcome outcome = run();
  std::vector<Waiver> waivers = parse_waivers(
      R"({"waivers": [{"check": "oauth.registry.token_lifespan", "reason": "long-lived by design",
                       "owner": "iam", "expires": "2030-01-31"}]})",
      "w.json");
  apply_waivers(outcome.results, waivers, "2026-12-01");
  const Result* first = nullptr;
  int waived = 0;
  for (const Result& result : outcome.results) {
    if (!result.waiver) continue;
    ++waived;
    if (first == nullptr) first = &result;
    EXPECT_EQ(result.waiver.get(), first->waiver.get());
  }
  EXPECT_EQ(waived, 3);
}

TEST_F(SharedResultsTest, AReportsPartsReferToTheResultsInsteadOfCopyingThem) {
  RunOutcome outcome = run();
  ResultRefs all = refs_of(outcome.results);
  ResultRefs part = results_of_suite(all, "oauth");
  ASSERT_EQ(part.size(), outcome.results.size());
  for (std::size_t i = 0; i < part.size(); ++i) EXPECT_EQ(part[i], &outcome.results[i]);
  InstanceOutcome instance{"https://acme.service-now.com", std::nullopt};
  OutcomePart mine = outcome_for(outcome, instance);
  ASSERT_EQ(mine.results.size(), outcome.results.size());
  EXPECT_EQ(mine.results.front(), &outcome.results.front());
  EXPECT_TRUE(
      outcome_for(outcome, {"https://other.service-now.com", std::nullopt}).results.empty());
}

}  // namespace
}  // namespace sncheck
