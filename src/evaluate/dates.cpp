// SPDX-License-Identifier: Apache-2.0
#include "evaluate/dates.h"

#include <cctype>

#include <fmt/format.h>

namespace sncheck {
namespace {

bool digits(std::string_view text) {
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

int number(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil.
long days_from_civil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const long era = (year >= 0 ? year : year - 399) / 400;
  const long yoe = year - era * 400;
  const long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool valid_time(std::string_view time) {
  if (time.size() != 8 || time[2] != ':' || time[5] != ':') return false;
  if (!digits(time.substr(0, 2)) || !digits(time.substr(3, 2)) || !digits(time.substr(6, 2))) {
    return false;
  }
  return number(time.substr(0, 2)) < 24 && number(time.substr(3, 2)) < 60 &&
         number(time.substr(6, 2)) < 60;
}

}  // namespace

std::optional<long> day_number(std::string_view text) {
  if (text.size() != 10 && text.size() != 19) return std::nullopt;
  if (text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
  if (text.size() == 19 && (text[10] != ' ' || !valid_time(text.substr(11)))) return std::nullopt;
  int year = number(y), month = number(m), day = number(d);
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return days_from_civil(year, month, day);
}

std::string date_of_day(long day) {
  // Howard Hinnant's civil_from_days.
  day += 719468;
  const long era = (day >= 0 ? day : day - 146096) / 146097;
  const long doe = day - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp + (mp < 10 ? 3 : -9);
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

}  // namespace sncheck
