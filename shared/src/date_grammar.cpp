#include "sitrep/date_grammar.h"

#include <algorithm>
#include <array>
#include <string>

namespace sitrep {
namespace {

constexpr std::array<std::string_view, 12> kMonthsLower = {"january", "february", "march",     "april",
                                                           "may",     "june",     "july",      "august",
                                                           "september", "october", "november", "december"};

constexpr std::array<std::string_view, 7> kWeekdaysLower = {"monday", "tuesday",  "wednesday", "thursday",
                                                            "friday", "saturday", "sunday"};

}  // namespace

// --- vocabulary ----------------------------------------------------------------------------------

int month_from_name(std::string_view w) noexcept {
  // Called for every word of every article (event dates): no allocation. No month name is longer
  // than nine letters.
  char buf[16];
  std::size_t n = 0;
  for (char c : w) {
    if (c == '.') continue;
    if (n == sizeof buf) return 0;
    buf[n++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view s(buf, n);
  if (s.size() < 3) return 0;
  if (s == "sept") return 9;
  for (std::size_t i = 0; i < kMonthsLower.size(); ++i)
    if (s == kMonthsLower[i] || (s.size() == 3 && kMonthsLower[i].substr(0, 3) == s)) return static_cast<int>(i) + 1;
  return 0;
}

bool is_full_month_name(std::string_view lowered, int month) noexcept {
  if (month < 1 || month > 12) return false;
  return lowered == kMonthsLower[static_cast<std::size_t>(month - 1)] || lowered == "sept";
}

int weekday(const Date& d) noexcept {
  // 1970-01-01 was a Thursday (3).
  const std::int64_t w = (d.to_days() % 7 + 7 + 3) % 7;
  return static_cast<int>(w);
}

int weekday_from_name(std::string_view word) noexcept {
  std::string s;
  for (char c : word) {
    if (c == '.') continue;
    s.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (s.size() < 3) return -1;
  if (s == "tues") return 1;
  if (s == "weds") return 2;
  if (s == "thur" || s == "thurs") return 3;
  for (int i = 0; i < 7; ++i) {
    const std::string_view full = kWeekdaysLower[static_cast<std::size_t>(i)];
    if (s == full || (s.size() == 3 && full.substr(0, 3) == s)) return i;
  }
  return -1;
}

int weekday_from_full_name(std::string_view lowered) noexcept {
  for (int d = 0; d < 7; ++d)
    if (lowered == kWeekdaysLower[static_cast<std::size_t>(d)]) return d;
  return -1;
}

bool is_ordinal_suffix(std::string_view s) noexcept { return s == "st" || s == "nd" || s == "rd" || s == "th"; }

DateUnit date_unit_from_word(std::string_view w, bool& plural) noexcept {
  plural = !w.empty() && w.back() == 's';
  if (w == "day" || w == "days") return DateUnit::kDay;
  if (w == "week" || w == "weeks") return DateUnit::kWeek;
  if (w == "month" || w == "months") return DateUnit::kMonth;
  if (w == "year" || w == "years") return DateUnit::kYear;
  return DateUnit::kNone;
}

// --- calendar arithmetic -------------------------------------------------------------------------

Date monday_of(const Date& d) noexcept { return d.add_days(-weekday(d)); }
Date month_start(int y, int m) noexcept { return Date{y, m, 1}; }
Date month_end(int y, int m) noexcept { return Date{y, m, days_in_month(y, m)}; }

std::pair<int, int> add_months(int y, int m, int n) noexcept {
  const int idx = y * 12 + (m - 1) + n;
  const int ny = idx >= 0 ? idx / 12 : (idx - 11) / 12;
  return {ny, idx - ny * 12 + 1};
}

Date shift_months(const Date& d, int n) noexcept {
  const auto [y, m] = add_months(d.year, d.month, n);
  return Date{y, m, std::min(d.day, days_in_month(y, m))};
}

// --- relative words ------------------------------------------------------------------------------

DaySpan relative_unit(DateUnit unit, int dir, const Date& ref) noexcept {
  switch (unit) {
    case DateUnit::kDay: {
      const Date d = ref.add_days(dir);
      return {d, d, DateUnit::kDay};
    }
    case DateUnit::kWeek: {
      const Date monday = monday_of(ref).add_days(7 * dir);
      return {monday, monday.add_days(6), DateUnit::kWeek};
    }
    case DateUnit::kMonth: {
      const auto [y, m] = add_months(ref.year, ref.month, dir);
      return {month_start(y, m), month_end(y, m), DateUnit::kMonth};
    }
    case DateUnit::kYear:
      return {Date{ref.year + dir, 1, 1}, Date{ref.year + dir, 12, 31}, DateUnit::kYear};
    case DateUnit::kNone:
      break;
  }
  return {ref, ref, DateUnit::kDay};
}

DaySpan units_ago(DateUnit unit, int n, const Date& ref) noexcept {
  if (unit == DateUnit::kWeek) {
    const Date monday = monday_of(ref.add_days(-7 * n));
    return {monday, monday.add_days(6), DateUnit::kWeek};
  }
  return relative_unit(unit, -n, ref);
}

DaySpan past_units(DateUnit unit, int n, const Date& ref) noexcept {
  Date first = ref;
  switch (unit) {
    case DateUnit::kDay:
      first = ref.add_days(-(n - 1));
      break;
    case DateUnit::kWeek:
      first = ref.add_days(-(7 * n - 1));
      break;
    case DateUnit::kMonth:
      first = shift_months(ref, -n).add_days(1);
      break;
    case DateUnit::kYear:
      first = shift_months(ref, -12 * n).add_days(1);
      break;
    case DateUnit::kNone:
      break;
  }
  return {first, ref, DateUnit::kNone};
}

Date relative_weekday(int wd, int dir, const Date& ref) noexcept {
  const int today = weekday(ref);
  if (dir < 0) {
    int back = (today - wd + 7) % 7;
    if (back == 0) back = 7;
    return ref.add_days(-back);
  }
  if (dir > 0) {
    int ahead = (wd - today + 7) % 7;
    if (ahead == 0) ahead = 7;
    return ref.add_days(ahead);
  }
  return monday_of(ref).add_days(wd);
}

Date nearest_weekday(int wd, bool forward, const Date& ref) noexcept {
  const int today = weekday(ref);
  if (forward) return ref.add_days((wd - today + 7) % 7);
  return ref.add_days(-((today - wd + 7) % 7));
}

std::pair<int, int> relative_month(int month, int dir, const Date& ref) noexcept {
  int y = ref.year;
  if (dir < 0) y = month < ref.month ? ref.year : ref.year - 1;
  if (dir > 0) y = month > ref.month ? ref.year : ref.year + 1;
  return {y, month};
}

Date day_without_year(int month, int day, bool forward, const Date& ref) noexcept {
  int y = ref.year;
  for (int tries = 0; tries < 9; ++tries) {
    const Date d{y, month, day};
    if (d.valid() && (forward ? ref <= d : d <= ref)) return d;
    y += forward ? 1 : -1;
  }
  return Date{};
}

std::pair<int, int> month_without_year(int month, bool forward, const Date& ref) noexcept {
  if (forward) return {month >= ref.month ? ref.year : ref.year + 1, month};
  return {month <= ref.month ? ref.year : ref.year - 1, month};
}

}  // namespace sitrep
