#pragma once
// The instance's release family, from the build tag in glide.war or glide.buildtag.last:
// glide-<family>-<MM-DD-YYYY>__patch<N>[letter][-hotfix<M>[letter]]-<MM-DD-YYYY>[...]
// (docs/platform-notes.md §7).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"

namespace sncheck {

struct Release {
  std::string family;  // the tag word: "washingtondc"
  std::string name;    // for people: "Washington DC"
  int order = 0;       // position in the release order; later releases are larger
  std::string patch;   // "patch2", "patch4b"; empty when the tag has none
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

}  // namespace sncheck
