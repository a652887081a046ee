// SPDX-License-Identifier: Apache-2.0
#pragma once
// The instance's release, from the build tag in glide.war or glide.buildtag.last:
// glide-<family>-<MM-DD-YYYY>__patch<N>[suffix][-hotfix<M>[letter]]-<MM-DD-YYYY>[_<date>_<time>.zip]
// (docs/platform-notes.md §7; real tags also carry unnumbered or suffixed patch words:
// __patchrtp-02-12-2026, __patch5w37-09-04-2026_09-08-2026_1754.zip, __patch2-hotfix3a-...).
// Shared by release_supported and every check whose rule exists only from some release on.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"

#include "model/evaluator.h"

namespace sncheck {

struct Release {
  std::string family;     // the tag word: "washingtondc"
  std::string name;       // for people: "Washington DC"
  int order = 0;          // position in the release order; later releases are larger
  int patch = -1;         // the patch number; -1 when the tag names none or an unnumbered one
  std::string patch_tag;  // the patch word as written: "patch2", "patch4b", "patch5w37", "patchrtp"
  std::string patch_letter;  // "b" of patch4b (a documented patch name); "" otherwise
  std::string hotfix;        // "3a" of -hotfix3a; "" when none

  // "Zurich Patch 4b Hotfix 3a", "Australia Patch 5", "Australia (patchrtp)", "Xanadu".
  std::string label() const;
};

// nullopt for a tag that does not have the format or names a family sncheck does not know.
std::optional<Release> parse_build_tag(std::string_view tag);

// The release a feature first appeared in, by tag word; nullopt for an unknown word.
std::optional<Release> release_named(std::string_view family);

// The sys_properties rows that named it and the release they give.
struct BuildTag {
  const Record* row = nullptr;
  Release release;
};

// The release from sys_properties rows (name, value) of glide.war and glide.buildtag.last: the
// first row with a known build tag, glide.war first; nullopt when none has one.
std::optional<BuildTag> first_build_tag(const std::vector<const Record*>& rows);

// The read every release-aware check declares: sys_properties where name is glide.war or
// glide.buildtag.last (one request with every other property read).
inline constexpr const char* kReleaseQuery = "nameINglide.war,glide.buildtag.last";
// Whether `release` is `family` patch `patch` or later (patch 0: the family's first build).
// nullopt when it cannot be told: the same family with an unnumbered patch word.
std::optional<bool> release_at_least(const Release& release, const Release& family, int patch);

// The one read every release-aware check shares (merged into the sys_properties request).
ReadSpec release_read(std::string name = "release");

// The release as the instance reports it: glide.war first, then glide.buildtag.last.
struct ReleaseFinding {
  std::optional<Release> release;  // nullopt: unknown (no readable tag, or an unknown family)
  const Record* row = nullptr;     // the property row the release came from
  std::string unknown_reason;      // why it is unknown, for messages
};
ReleaseFinding find_release(const ReadInput& read);

}  // namespace sncheck
