// SPDX-License-Identifier: Apache-2.0
#include "plan/selection.h"

#include "core/glob.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oauth_suite_ids.h"
#include "test_support.h"

namespace sncheck {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::vector<std::string> ids(const std::vector<const CheckDefinition*>& checks) {
  std::vector<std::string> out;
  for (const CheckDefinition* check : checks) out.push_back(check->id);
  return out;
}

CheckDefinition check(std::string id, std::string suite, int chain_step) {
  CheckDefinition out;
  out.id = std::move(id);
  out.suite = std::move(suite);
  out.chain_step = chain_step;
  return out;
}

TEST(GlobMatchTest, Cases) {
  EXPECT_TRUE(glob_match("*", "oauth.plugin.oauth2"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("oauth.*", "oauth.plugin.oauth2"));
  EXPECT_TRUE(glob_match("oauth.plugin.oauth2", "oauth.plugin.oauth2"));
  EXPECT_TRUE(glob_match("oauth.*.oauth2", "oauth.plugin.oauth2"));
  EXPECT_TRUE(glob_match("*.oauth2", "oauth.plugin.oauth2"));
  EXPECT_TRUE(glob_match("oauth.plugin.oauth?", "oauth.plugin.oauth2"));
  EXPECT_TRUE(glob_match("*a*b*", "xxaxxbxx"));
  EXPECT_TRUE(glob_match("", ""));
  EXPECT_FALSE(glob_match("", "oauth"));
  EXPECT_FALSE(glob_match("oauth", "oauth.plugin"));
  EXPECT_FALSE(glob_match("oauth.plugin", "oauth"));
  EXPECT_FALSE(glob_match("oauth.plugin.*", "oauth.property.oauth_active"));
  EXPECT_FALSE(glob_match("?", ""));
  EXPECT_FALSE(glob_match("*.x", "a.x.y"));
  EXPECT_FALSE(glob_match("OAUTH.*", "oauth.plugin.oauth2"));
}

const std::vector<std::string>& kWholeSuite = testing::oauth_suite_ids();
// The same without the plugin checks, as "-oauth.plugin.*" leaves it.
const std::vector<std::string> kWithoutPlugins = [] {
  std::vector<std::string> ids;
  for (const std::string& id : kWholeSuite) {
    if (id.rfind("oauth.plugin.", 0) != 0) ids.push_back(id);
  }
  return ids;
}();

class SelectionTest : public ::testing::Test {
 protected:
  CheckCatalog catalog_ = test_support::builtin_catalog();
};

TEST_F(SelectionTest, WholeSuiteInChainOrder) {
  EXPECT_THAT(ids(select_checks(catalog_.checks(), "oauth", "")), ElementsAreArray(kWholeSuite));
}

TEST_F(SelectionTest, ExclusionAfterInclusion) {
  EXPECT_THAT(ids(select_checks(catalog_.checks(), "oauth", "oauth.*,-oauth.plugin.*")),
              ElementsAreArray(kWithoutPlugins));
}

TEST_F(SelectionTest, ReincludeAfterExclusion) {
  EXPECT_THAT(
      ids(select_checks(catalog_.checks(), "oauth",
                        "oauth.*, -oauth.plugin.*, oauth.plugin.oauth2, -oauth.registry.*")),
      ElementsAreArray(std::vector<std::string>{
          "oauth.release.supported", "oauth.plugin.oauth2", "oauth.property.oauth_active",
          "oauth.property.client_credentials", "oauth.app_user.usable", "oauth.probe.token",
          "oauth.app_user.admin_role", "oauth.app_user.web_service_only",
          "oauth.property.debug_off"}));
}

TEST_F(SelectionTest, OrderOfGlobsMatters) {
  // Exclusion first, then inclusion: the inclusion wins, over the suite's checks.
  EXPECT_EQ(select_checks(catalog_.checks(), "oauth", "-oauth.plugin.*,oauth.plugin.*").size(),
            kWholeSuite.size());
  EXPECT_EQ(select_checks(catalog_.checks(), "oauth", "oauth.plugin.*,-oauth.plugin.*").size(), 0u);
}

TEST_F(SelectionTest, ListStartingWithAnExclusionStartsFromTheWholeSuite) {
  EXPECT_THAT(ids(select_checks(catalog_.checks(), "oauth", "-oauth.plugin.*")),
              ElementsAreArray(kWithoutPlugins));
}

TEST_F(SelectionTest, PositiveGlobMatchingNothingIsAnError) {
  try {
    select_checks(catalog_.checks(), "oauth", "oauth.*,oauth.pluginz.*");
    FAIL() << "no SelectionError";
  } catch (const SelectionError& error) {
    EXPECT_THAT(error.what(), HasSubstr("'oauth.pluginz.*' matches no check of suite oauth"));
  }
  EXPECT_THROW(select_checks(catalog_.checks(), "", "nothing"), SelectionError);
}

TEST_F(SelectionTest, ExclusionMatchingNothingIsNotAnError) {
  EXPECT_EQ(select_checks(catalog_.checks(), "oauth", "oauth.*,-nothing.*").size(),
            kWholeSuite.size());
}

TEST(SelectionSuiteTest, SuiteFilter) {
  std::vector<CheckDefinition> checks = {check("b.two", "b", 20), check("a.one", "a", 30),
                                         check("a.two", "a", 10), check("a.three", "a", 10)};
  EXPECT_THAT(ids(select_checks(checks, "a", "")), ElementsAre("a.three", "a.two", "a.one"));
  EXPECT_THAT(ids(select_checks(checks, "", "")),
              ElementsAre("a.three", "a.two", "b.two", "a.one"));
  // A glob outside the suite matches nothing in it.
  EXPECT_THROW(select_checks(checks, "a", "b.*"), SelectionError);
  EXPECT_THAT(ids(select_checks(checks, "", "*.two")), ElementsAre("a.two", "b.two"));
}

}  // namespace
}  // namespace sncheck
