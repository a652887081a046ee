// SPDX-License-Identifier: Apache-2.0
#include "evaluate/release.h"

#include <array>
#include <cctype>
#include <utility>

#include <fmt/format.h>

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

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }

bool is_date(std::string_view text) {  // MM-DD-YYYY
  if (text.size() != 10 || text[2] != '-' || text[5] != '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 2 && i != 5 && !is_digit(text[i])) return false;
  }
  return true;
}

// The word up to the next '-', '_' or the end.
std::string_view next_word(std::string_view text) {
  return text.substr(0, std::min(text.find('-'), text.find('_')));
}

// "patch<N>[letter]" numbered, or "patch<word>" unnumbered ("patchrtp"); suffixes that are more
// than one letter ("w37") are builds of the numbered patch, not part of its name.
void read_patch(std::string_view word, Release& release) {
  constexpr std::string_view kPatch = "patch";
  if (word.substr(0, kPatch.size()) != kPatch || word.size() == kPatch.size()) return;
  release.patch_tag = std::string(word);
  std::size_t end = kPatch.size();
  while (end < word.size() && is_digit(word[end])) ++end;
  if (end == kPatch.size()) return;  // unnumbered
  release.patch = std::stoi(std::string(word.substr(kPatch.size(), end - kPatch.size())));
  if (end + 1 == word.size() && is_lower(word[end])) release.patch_letter = word.substr(end);
}

// "hotfix<M>[letter]": the part after "hotfix" when it starts with a digit.
std::string read_hotfix(std::string_view word) {
  constexpr std::string_view kHotfix = "hotfix";
  if (word.substr(0, kHotfix.size()) != kHotfix || word.size() == kHotfix.size()) return {};
  std::string_view rest = word.substr(kHotfix.size());
  if (!is_digit(rest.front())) return {};
  std::size_t end = 0;
  while (end < rest.size() && is_digit(rest[end])) ++end;
  if (end + 1 == rest.size() && is_lower(rest[end])) ++end;
  return std::string(rest.substr(0, end));
}

}  // namespace

std::string Release::label() const {
  std::string text = name;
  if (patch >= 0) {
    text += fmt::format(" Patch {}{}", patch, patch_letter);
    if (!hotfix.empty()) text += fmt::format(" Hotfix {}", hotfix);
  } else if (!patch_tag.empty()) {
    text += fmt::format(" ({})", patch_tag);
  }
  return text;
}

std::optional<Release> release_named(std::string_view family) {
  for (std::size_t i = 0; i < kFamilies.size(); ++i) {
    if (kFamilies[i].first == family) {
      Release release;
      release.family = std::string(family);
      release.name = std::string(kFamilies[i].second);
      release.order = static_cast<int>(i);
      return release;
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
  if (tag.substr(0, 2) != "__") return release;
  tag.remove_prefix(2);
  std::string_view patch = next_word(tag);
  read_patch(patch, *release);
  tag.remove_prefix(patch.size());
  if (!tag.empty() && tag.front() == '-') {
    release->hotfix = read_hotfix(next_word(tag.substr(1)));
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

std::optional<bool> release_at_least(const Release& release, const Release& family, int patch) {
  if (release.order != family.order) return release.order > family.order;
  if (patch <= 0) return true;
  if (release.patch < 0) {
    if (release.patch_tag.empty()) return false;  // the family's first build, before any patch
    return std::nullopt;
  }
  return release.patch >= patch;
}

ReadSpec release_read(std::string name) {
  return ReadSpec{std::move(name), "sys_properties", kReleaseQuery, {"name", "value"}, {}, {}, {}};
}

ReleaseFinding find_release(const ReadInput& read) {
  ReleaseFinding finding;
  if (read.error != nullptr) {
    finding.unknown_reason = read.error->message;
    return finding;
  }
  if (std::optional<BuildTag> tag = first_build_tag(read.rows)) {
    finding.release = tag->release;
    finding.row = tag->row;
    return finding;
  }
  finding.unknown_reason = read.rows.empty()
                               ? "neither glide.war nor glide.buildtag.last is readable"
                               : "neither glide.war nor glide.buildtag.last holds a build tag of a "
                                 "release sncheck knows";
  return finding;
}

}  // namespace sncheck
