#include "evaluate/release.h"

#include <array>
#include <cctype>
#include <utility>

namespace sncheck {
namespace {

// In release order. Washington DC to Brazil from ServiceNowDocs branch and delta-folder names
// (facts §2.4); the tag word `washingtondc` is M-H (platform-notes §7).
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kFamilies{{
    {"jakarta", "Jakarta"},     {"kingston", "Kingston"},
    {"london", "London"},       {"madrid", "Madrid"},
    {"newyork", "New York"},    {"orlando", "Orlando"},
    {"paris", "Paris"},         {"quebec", "Quebec"},
    {"rome", "Rome"},           {"sandiego", "San Diego"},
    {"tokyo", "Tokyo"},         {"utah", "Utah"},
    {"vancouver", "Vancouver"}, {"washingtondc", "Washington DC"},
    {"xanadu", "Xanadu"},       {"yokohama", "Yokohama"},
    {"zurich", "Zurich"},       {"australia", "Australia"},
    {"brazil", "Brazil"},
}};

bool is_date(std::string_view text) {  // MM-DD-YYYY
  if (text.size() != 10 || text[2] != '-' || text[5] != '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 2 && i != 5 && !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// "patch<N>[letter]" at the start of `text`; its length, or 0.
std::size_t patch_length(std::string_view text) {
  constexpr std::string_view kPatch = "patch";
  if (text.substr(0, kPatch.size()) != kPatch) return 0;
  std::size_t end = kPatch.size();
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  if (end == kPatch.size()) return 0;
  if (end < text.size() && std::islower(static_cast<unsigned char>(text[end]))) ++end;
  return end;
}

}  // namespace

std::optional<Release> release_named(std::string_view family) {
  for (std::size_t i = 0; i < kFamilies.size(); ++i) {
    if (kFamilies[i].first == family) {
      return Release{std::string(family), std::string(kFamilies[i].second), static_cast<int>(i),
                     ""};
    }
  }
  return std::nullopt;
}

std::optional<Release> parse_build_tag(std::string_view tag) {
  constexpr std::string_view kPrefix = "glide-";
  if (tag.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  tag.remove_prefix(kPrefix.size());
  std::size_t dash = tag.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::optional<Release> release = release_named(tag.substr(0, dash));
  if (!release) return std::nullopt;
  tag.remove_prefix(dash + 1);
  if (!is_date(tag.substr(0, 10))) return std::nullopt;
  tag.remove_prefix(10);
  if (tag.substr(0, 2) == "__") {
    tag.remove_prefix(2);
    release->patch = std::string(tag.substr(0, patch_length(tag)));
  }
  return release;
}

std::optional<BuildTag> first_build_tag(const std::vector<const Record*>& rows) {
  for (const char* name : {"glide.war", "glide.buildtag.last"}) {
    for (const Record* row : rows) {
      if (field_or_empty(*row, "name") != name) continue;
      if (std::optional<Release> release = parse_build_tag(field_or_empty(*row, "value"))) {
        return BuildTag{row, *release};
      }
    }
  }
  return std::nullopt;
}

}  // namespace sncheck
