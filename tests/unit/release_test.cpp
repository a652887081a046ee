// SPDX-License-Identifier: Apache-2.0
#include "evaluate/release.h"

#include <gtest/gtest.h>

namespace sncheck {
namespace {

TEST(ReleaseTest, ParsesTheFamilyAndPatchOfABuildTag) {
  std::optional<Release> release = parse_build_tag("glide-zurich-07-01-2025__patch2-09-18-2025");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->family, "zurich");
  EXPECT_EQ(release->name, "Zurich");
  EXPECT_EQ(release->patch, 2);
  EXPECT_EQ(release->patch_tag, "patch2");
  EXPECT_EQ(release->label(), "Zurich Patch 2");
}

TEST(ReleaseTest, PatchMayCarryALetterAndHotfixAndZipSuffix) {
  std::optional<Release> release = parse_build_tag(
      "glide-washingtondc-12-20-2023__patch10b-hotfix3b-05-20-2025_05-23-2025_1940.zip");
  ASSERT_TRUE(release);
  EXPECT_EQ(release->name, "Washington DC");
  EXPECT_EQ(release->patch, 10);
  EXPECT_EQ(release->hotfix, "3b");
  EXPECT_EQ(release->label(), "Washington DC Patch 10b Hotfix 3b");
  std::optional<Release> hotfix =
      parse_build_tag("glide-australia-02-11-2026__patch0-hotfix1-03-16-2026");
  ASSERT_TRUE(hotfix);
  EXPECT_EQ(hotfix->label(), "Australia Patch 0 Hotfix 1");
}

// Tags seen on real instances (practitioner captures): each prints a label a person can read.
TEST(ReleaseTest, RealTagsPrintCleanLabels) {
  struct Case {
    const char* tag;
    const char* label;
    int patch;
  };
  for (const Case& c : {
           Case{"glide-australia-02-11-2026__patchrtp-02-12-2026", "Australia (patchrtp)", -1},
           Case{"glide-australia-02-11-2026__patch5w37-09-04-2026_09-08-2026_1754.zip",
                "Australia Patch 5", 5},
           Case{"glide-zurich-07-01-2025__patch2-hotfix3a-11-20-2025", "Zurich Patch 2 Hotfix 3a",
                2},
           Case{"glide-xanadu-07-02-2024__patch0-07-16-2024_06-12-2026_1106.zip", "Xanadu Patch 0",
                0},
           Case{"glide-yokohama-12-18-2024", "Yokohama", -1},
       }) {
    std::optional<Release> release = parse_build_tag(c.tag);
    ASSERT_TRUE(release) << c.tag;
    EXPECT_EQ(release->label(), c.label) << c.tag;
    EXPECT_EQ(release->patch, c.patch) << c.tag;
  }
}

TEST(ReleaseTest, AtLeastComparesFamilyThenPatch) {
  Release zurich = *release_named("zurich");
  auto at_least = [&](const char* tag) {
    return release_at_least(*parse_build_tag(tag), zurich, 4);
  };
  EXPECT_EQ(at_least("glide-zurich-07-01-2025__patch4-01-10-2026"), true);
  EXPECT_EQ(at_least("glide-zurich-07-01-2025__patch4b-01-10-2026"), true);
  EXPECT_EQ(at_least("glide-zurich-07-01-2025__patch3-hotfix9-12-10-2025"), false);
  EXPECT_EQ(at_least("glide-zurich-07-01-2025"), false);
  EXPECT_EQ(at_least("glide-yokohama-12-18-2024__patch9-09-18-2025"), false);
  EXPECT_EQ(at_least("glide-australia-02-11-2026__patchrtp-02-12-2026"), true);
  // The same family with an unnumbered patch word: sncheck cannot tell.
  EXPECT_EQ(at_least("glide-zurich-07-01-2025__patchrtp-07-02-2025"), std::nullopt);
  EXPECT_EQ(release_at_least(*parse_build_tag("glide-zurich-07-01-2025"), zurich, 0), true);
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
