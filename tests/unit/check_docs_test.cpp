// SPDX-License-Identifier: Apache-2.0
#include "report/check_docs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "test_support.h"

namespace sncheck {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kDocsDir =
    std::filesystem::path(SNCHECK_SOURCE_DIR) / "docs" / "checks";

constexpr const char* kRegenerate =
    "docs/checks/ is generated from the checks; regenerate it with "
    "`scripts/gen-check-docs.sh <build-dir>/src/sncheck` and commit the result.";

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CheckDocsTest, EveryBuiltinCheckHasItsGeneratedDoc) {
  CheckCatalog catalog = test_support::builtin_catalog();
  ASSERT_FALSE(catalog.checks().empty());
  for (const CheckDefinition& check : catalog.checks()) {
    std::filesystem::path path = kDocsDir / (check.id + ".md");
    ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing. " << kRegenerate;
    EXPECT_EQ(read(path), render_check_doc(catalog, check))
        << path << " is out of date. " << kRegenerate;
  }
}

TEST(CheckDocsTest, NoDocWithoutACheck) {
  CheckCatalog catalog = test_support::builtin_catalog();
  for (const auto& entry : std::filesystem::directory_iterator(kDocsDir)) {
    if (entry.path().extension() != ".md") continue;
    EXPECT_NE(catalog.find(entry.path().stem().string()), nullptr)
        << entry.path() << " documents no check. " << kRegenerate;
  }
}

TEST(CheckDocsTest, DocShowsWhatTheCheckReadsAndHowToFix) {
  CheckCatalog catalog = test_support::builtin_catalog();
  const CheckDefinition* check = catalog.find("oauth.app_user.usable");
  ASSERT_NE(check, nullptr);
  std::string doc = render_check_doc(catalog, *check);
  EXPECT_THAT(doc, HasSubstr("# oauth.app_user.usable\n"));
  EXPECT_THAT(doc, HasSubstr("| critical | oauth | 60 | fail |"));
  EXPECT_THAT(doc,
              HasSubstr("GET /api/now/table/oauth_entity?sysparm_query=type=client^active=true"));
  EXPECT_THAT(doc, HasSubstr("narrowed by `--client-id`: `^client_id={client_id}`"));
  EXPECT_THAT(
      doc, HasSubstr(
               "Skipped when a prerequisite fails: oauth.release.supported, oauth.plugin.oauth2."));
  EXPECT_THAT(doc, HasSubstr("## Remediation\n\n" + check->remediation));
  EXPECT_THAT(doc, HasSubstr("_Generated from `built-in checks/oauth/oauth.app_user.usable.json`"));
}

}  // namespace
}  // namespace sncheck
