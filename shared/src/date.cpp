#include "sitrep/date.h"

#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace sitrep {
namespace {

bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) noexcept {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};

}  // namespace

int days_in_month(int year, int month) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

bool Date::valid() const noexcept {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t Date::to_days() const noexcept {
  std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = month > 2 ? month - 3 : month + 9;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date{y, m, d};
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::compact() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

const char* month_name(int month) noexcept {
  return month >= 1 && month <= 12 ? kMonths[static_cast<std::size_t>(month - 1)] : "";
}

std::string DateSpan::text() const {
  char buf[16];
  switch (precision) {
    case Precision::kYear:
      std::snprintf(buf, sizeof buf, "%04d", first.year);
      break;
    case Precision::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", first.year, first.month);
      break;
    case Precision::kDay:
      return first.iso();
  }
  return buf;
}

std::optional<DateSpan> parse_iso_span(std::string_view s) {
  DateSpan span;
  if (s.size() == 4 && all_digits(s)) {
    const int y = to_int(s);
    span.first = {y, 1, 1};
    span.last = {y, 12, 31};
    span.precision = DateSpan::Precision::kYear;
  } else if (s.size() == 7 && s[4] == '-' && all_digits(s.substr(0, 4)) && all_digits(s.substr(5))) {
    const int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5));
    span.first = {y, m, 1};
    span.last = {y, m, days_in_month(y, m)};
    span.precision = DateSpan::Precision::kMonth;
  } else if (auto d = parse_iso_date(s)) {
    span.first = span.last = *d;
    span.precision = DateSpan::Precision::kDay;
  } else {
    return std::nullopt;
  }
  if (!span.first.valid() || !span.last.valid()) return std::nullopt;
  return span;
}

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return std::nullopt;
  Date d{to_int(s.substr(0, 4)), to_int(s.substr(5, 2)), to_int(s.substr(8, 2))};
  if (!d.valid()) return std::nullopt;
  return d;
}

Date today_utc() {
  return Date::from_days(
      std::chrono::duration_cast<std::chrono::days>(std::chrono::system_clock::now().time_since_epoch()).count());
}

std::string utc_timestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace sitrep
