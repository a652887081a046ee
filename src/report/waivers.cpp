// SPDX-License-Identifier: Apache-2.0
#include "report/waivers.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "core/glob.h"
#include "model/check_definition.h"

namespace sncheck {
namespace {

constexpr std::string_view kFields[] = {"check",  "subject", "instance",
                                        "reason", "owner",   "expires"};

std::string field_string(const rapidjson::Value& entry, std::string_view field, bool required,
                         const std::string& where) {
  auto it = entry.FindMember(rapidjson::StringRef(field.data(), field.size()));
  if (it == entry.MemberEnd()) {
    if (required) throw WaiverError(fmt::format("{}.{}: is required", where, field));
    return {};
  }
  if (!it->value.IsString()) {
    throw WaiverError(fmt::format("{}.{}: must be a string", where, field));
  }
  std::string text(it->value.GetString(), it->value.GetStringLength());
  if (text.empty()) throw WaiverError(fmt::format("{}.{}: must not be empty", where, field));
  return text;
}

Waiver parse_entry(const rapidjson::Value& entry, const std::string& where) {
  if (!entry.IsObject()) throw WaiverError(fmt::format("{}: must be a JSON object", where));
  for (auto it = entry.MemberBegin(); it != entry.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (std::find(std::begin(kFields), std::end(kFields), name) == std::end(kFields)) {
      throw WaiverError(fmt::format("{}.{}: unknown field (a typo?)", where, name));
    }
  }
  Waiver waiver;
  waiver.origin = where;
  waiver.check = field_string(entry, "check", true, where);
  waiver.subject = field_string(entry, "subject", false, where);
  waiver.instance = field_string(entry, "instance", false, where);
  waiver.reason = field_string(entry, "reason", true, where);
  waiver.owner = field_string(entry, "owner", true, where);
  waiver.expires = field_string(entry, "expires", true, where);
  if (!is_iso_date(waiver.expires)) {
    throw WaiverError(
        fmt::format("{}.expires: '{}' is not a date written YYYY-MM-DD", where, waiver.expires));
  }
  return waiver;
}

int number(std::string_view text) {
  int value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return -1;
  return value;
}

std::string_view host_of(std::string_view url) {
  if (std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  }
  return url.substr(0, url.find_first_of("/:"));
}

bool matches(const Waiver& waiver, const Result& result) {
  if (!glob_match(waiver.check, result.check->id)) return false;
  if (!waiver.subject.empty() && !glob_match(waiver.subject, result.subject)) return false;
  return waiver.instance.empty() || instance_matches(waiver.instance, result.instance);
}

WaiverMark mark(const Waiver& waiver, bool expired) {
  return WaiverMark{waiver.origin, waiver.check,   waiver.reason,
                    waiver.owner,  waiver.expires, expired};
}

}  // namespace

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int year = number(text.substr(0, 4));
  int month = number(text.substr(5, 2));
  int day = number(text.substr(8, 2));
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

std::string today_utc() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

bool instance_matches(std::string_view waiver_instance, std::string_view instance_url) {
  auto trim = [](std::string_view text) {
    while (!text.empty() && text.back() == '/') text.remove_suffix(1);
    return text;
  };
  if (trim(waiver_instance) == trim(instance_url)) return true;
  std::string_view host = host_of(instance_url);
  if (waiver_instance == host) return true;
  return waiver_instance == host.substr(0, host.find('.'));
}

std::vector<Waiver> parse_waivers(std::string_view json_text, const std::string& origin) {
  rapidjson::Document document;
  std::string text(json_text);
  document.Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
  if (document.HasParseError()) {
    throw WaiverError(fmt::format("{}: offset {}: {}", origin, document.GetErrorOffset(),
                                  rapidjson::GetParseError_En(document.GetParseError())));
  }
  if (!document.IsObject()) throw WaiverError(fmt::format("{}: must be a JSON object", origin));
  for (auto it = document.MemberBegin(); it != document.MemberEnd(); ++it) {
    if (std::string_view(it->name.GetString(), it->name.GetStringLength()) != "waivers") {
      throw WaiverError(
          fmt::format("{}: {}: unknown field (a typo?)", origin, it->name.GetString()));
    }
  }
  auto list = document.FindMember("waivers");
  if (list == document.MemberEnd())
    throw WaiverError(fmt::format("{}: waivers: is required", origin));
  if (!list->value.IsArray()) {
    throw WaiverError(fmt::format("{}: waivers: must be an array", origin));
  }
  std::vector<Waiver> waivers;
  for (rapidjson::SizeType i = 0; i < list->value.Size(); ++i) {
    waivers.push_back(parse_entry(list->value[i], fmt::format("{}: waivers[{}]", origin, i)));
  }
  return waivers;
}

std::vector<Waiver> load_waivers(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw WaiverError(fmt::format("{}: cannot be read", path));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_waivers(text.str(), path);
}

void apply_waivers(std::vector<Result>& results, const std::vector<Waiver>& waivers,
                   const std::string& today) {
  // One mark per waiver (and whether it still holds), shared by every result it matches.
  std::map<std::pair<const Waiver*, bool>, std::shared_ptr<const WaiverMark>> marks;
  auto shared_mark = [&marks](const Waiver& waiver, bool expired) {
    std::shared_ptr<const WaiverMark>& slot = marks[{&waiver, expired}];
    if (!slot) slot = std::make_shared<const WaiverMark>(mark(waiver, expired));
    return slot;
  };
  for (Result& result : results) {
    result.waiver.reset();
    if (result.status != Status::Fail && result.status != Status::Warn) continue;
    const Waiver* expired = nullptr;
    for (const Waiver& waiver : waivers) {
      if (!matches(waiver, result)) continue;
      // YYYY-MM-DD strings compare in date order.
      if (today <= waiver.expires) {
        result.waiver = shared_mark(waiver, false);
        break;
      }
      if (expired == nullptr) expired = &waiver;
    }
    if (!result.waiver && expired != nullptr) result.waiver = shared_mark(*expired, true);
  }
}

}  // namespace sncheck
