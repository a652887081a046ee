#include "evaluate/release.h"

#include <gtest/gtest.h>

namespace sncheck {
namespace {

TEST(ReleaseTest, ParsesTheFamilyAndPatchOfABuildTag) {
  std::optional<Release> release = parse_build_tag("glide-zurich-07-01-2025__patch2-09-18-2025");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->family, "zurich");
  EXPECT_EQ(release->name, "Zurich");
  EXPECT_EQ(release->patch, "patch2");
}

TEST(ReleaseTest, PatchMayCarryALetterAndHotfixAndZipSuffix) {
  std::optional<Release> release = parse_build_tag(
      "glide-washingtondc-12-20-2023__patch10b-hotfix3b-05-20-2025_05-23-2025_1940.zip");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->name, "Washington DC");
  EXPECT_EQ(release->patch, "patch10b");
  std::optional<Release> hotfix =
      parse_build_tag("glide-australia-02-11-2026__patch0-hotfix1-03-16-2026");
  ASSERT_TRUE(hotfix);
  EXPECT_EQ(hotfix->patch, "patch0");
}

TEST(ReleaseTest, OrderFollowsTheReleaseTrain) {
  const char* order[] = {"utah",     "vancouver", "washingtondc", "xanadu",
                         "yokohama", "zurich",    "australia",    "brazil"};
  for (std::size_t i = 1; i < sizeof order / sizeof order[0]; ++i) {
    ASSERT_TRUE(release_named(order[i - 1]) && release_named(order[i])) << order[i];
    EXPECT_LT(release_named(order[i - 1])->order, release_named(order[i])->order) << order[i];
  }
}

TEST(ReleaseTest, RejectsWhatIsNotABuildTag) {
  EXPECT_FALSE(parse_build_tag(""));
  EXPECT_FALSE(parse_build_tag("Zurich"));
  EXPECT_FALSE(parse_build_tag("glide-zurich"));
  EXPECT_FALSE(parse_build_tag("glide-zurich-7-1-2025__patch2"));
  EXPECT_FALSE(parse_build_tag("glide-atlantis-07-01-2025__patch2-09-18-2025"));
  EXPECT_FALSE(parse_build_tag("glide-Zurich-07-01-2025__patch2-09-18-2025"));
  EXPECT_FALSE(release_named("atlantis"));
}

}  // namespace
}  // namespace sncheck
