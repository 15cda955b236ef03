// sitrep: the date grammar shared by the query reader, event dates (dates in an article's text) and
// publication dates (dates in input files).
//
// Three parts:
//   vocabulary   month names and abbreviations, weekday names, ordinal suffixes, unit words
//                (English: the only language dates are read in)
//   resolution   the relative words and how they resolve against a reference day: last/this/next
//                week, month, year; N units ago; the past N units; last/this/next Saturday; a day or
//                month written without its year
//   readers      the written forms "day month year", "month day, year" and "month year" over any
//                caller's words: each reader says where its match ends, like event_dates.cpp's
//                weekday_led/month_led/day_led. What a day, a month name, a year or a separator is
//                stays the caller's (a query word, an article token, a publication-date token), so
//                each keeps its own limits (which years, which punctuation, capitals or not).
//
// What stays with each caller: the query's prepositions (after, before, between ... and) and its
// fields; the article's cues, names and future context ("will meet on Monday"); the input file's
// numeric orders, times of day, zones and asctime/RFC 2822 forms. ISO forms (2024-12-07, 2024-12,
// 2024) are read by parse_iso_span()/parse_iso_date() in date.h, used by all three.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include "sitrep/date.h"

namespace sitrep {

// --- vocabulary ----------------------------------------------------------------------------------

// Month from a name or abbreviation: month_from_name() in date.h ("Dec", "dec.", "December", "Sept").
// Is `lowered` (lower case, no dot) the full name of `month` (or "sept")? "dec" is not, "december" is.
bool is_full_month_name(std::string_view lowered, int month) noexcept;
// Monday = 0 ... Sunday = 6.
int weekday(const Date& d) noexcept;
// Weekday from an English name or abbreviation ("Saturday", "sat", "Sat.", "Tues", "Thurs"), -1 if none.
int weekday_from_name(std::string_view word) noexcept;
// Weekday from a full lower-case name only ("saturday"; not "sat", "sun": words too), -1 if none.
int weekday_from_full_name(std::string_view lowered) noexcept;
// "st", "nd", "rd", "th" in lower case: the suffix of an ordinal day (27th).
bool is_ordinal_suffix(std::string_view lowered) noexcept;

enum class DateUnit { kNone, kDay, kWeek, kMonth, kYear };
// "day"/"days", "week(s)", "month(s)", "year(s)" (lower case); plural says whether it ended in s.
DateUnit date_unit_from_word(std::string_view lowered, bool& plural) noexcept;

// --- calendar arithmetic -------------------------------------------------------------------------

Date monday_of(const Date& d) noexcept;
Date month_start(int year, int month) noexcept;
Date month_end(int year, int month) noexcept;
// (year, month) moved by n months.
std::pair<int, int> add_months(int year, int month, int n) noexcept;
// The same day n months away, clamped to the month's length (March 31 - 1 month = February 29).
Date shift_months(const Date& d, int n) noexcept;

// --- relative words resolved against a reference day ---------------------------------------------

// A span of days with the unit that made it (kDay: one day; kWeek: a Monday-Sunday week; kMonth,
// kYear: a calendar month or year; kNone: any other span).
struct DaySpan {
  Date first;
  Date last;
  DateUnit unit = DateUnit::kDay;
};

// The week, month or year holding ref moved by dir units: last week (dir -1), this month (0), next
// year (+1). kDay: ref moved by dir days (yesterday, today, tomorrow).
DaySpan relative_unit(DateUnit unit, int dir, const Date& ref) noexcept;
// N units ago: 2 days ago (a day), 3 weeks ago (the Monday-Sunday week holding ref - 21 days),
// 2 months ago, 5 years ago (a calendar month or year).
DaySpan units_ago(DateUnit unit, int n, const Date& ref) noexcept;
// The past N units, ref included: the past week = ref-6..ref; the past month = the day after the same
// day a month back..ref (unit kNone).
DaySpan past_units(DateUnit unit, int n, const Date& ref) noexcept;
// last Saturday (dir -1): the latest strictly before ref; next Saturday (+1): the first strictly
// after ref; this Saturday (0): the one in ref's Monday-Sunday week.
Date relative_weekday(int weekday, int dir, const Date& ref) noexcept;
// Saturday alone: the latest on or before ref (forward: the first on or after ref).
Date nearest_weekday(int weekday, bool forward, const Date& ref) noexcept;
// last March (dir -1): the latest March before ref's month; next March (+1): the first after it;
// this March (0): March of ref's year. Returns (year, month).
std::pair<int, int> relative_month(int month, int dir, const Date& ref) noexcept;
// A day written without its year ("November 27"): the latest on or before ref (forward: the first on
// or after it), within 9 years; an invalid Date when there is none (February 30).
Date day_without_year(int month, int day, bool forward, const Date& ref) noexcept;
// A month written without its year ("in March"): the latest not after ref's month (forward: the
// first not before it). Returns (year, month).
std::pair<int, int> month_without_year(int month, bool forward, const Date& ref) noexcept;

// --- readers of written dates --------------------------------------------------------------------

// Where, between the parts of a written date, a separator may stand.
enum class DateGap {
  kDayMonth,      // 27 [of|-|/] November
  kDayMonthYear,  // 27 November [,] 2024
  kMonthDay,      // Nov [.] 27
  kMonthDayYear,  // November 27 [,] 2024
  kMonthYear,     // December [,] 2024
};

// What a reader asks of the words it reads (positions are the caller's: tokens or words).
//   int day(i)                  a day number at i, or 0
//   int month(i, next)          a month name at i, or 0; next is where the words after it start
//                               (after "Dec." when the caller takes the dot with the name)
//   optional<int> year(i, form) a year at i for this form (kDayMonthYear, kMonthDayYear, kMonthYear)
//   size_t gap(i, gap, start)   i, or i + 1 when a separator allowed at this gap stands at i (start:
//                               where the date began)
template <class W>
concept DateWords = requires(const W& w, std::size_t i, std::size_t& next, DateGap g) {
  { w.day(i) } -> std::convertible_to<int>;
  { w.month(i, next) } -> std::convertible_to<int>;
  { w.year(i, g) } -> std::convertible_to<std::optional<int>>;
  { w.gap(i, g, i) } -> std::convertible_to<std::size_t>;
};

// A date as written, not yet checked against the calendar (February 30 is read; the caller decides).
struct WrittenDate {
  int year = 0;  // when has_year
  int month = 0;
  int day = 0;  // 0: month precision ("December 2024")
  bool has_year = false;
  std::size_t end = 0;  // where the match ends: after the year, or after the last part read
};

// The year a date's day and month may be followed by at i (after a separator allowed at this gap):
// sets it in d and moves d.end past it, or leaves d as it is.
template <DateWords W>
void read_year_after(const W& w, std::size_t i, DateGap form, std::size_t start, WrittenDate& d) {
  const std::size_t y = w.gap(i, form, start);
  if (const auto year = w.year(y, form)) {
    d.year = *year;
    d.has_year = true;
    d.end = y + 1;
  }
}

// 27 November 2024 · 27th of November · 07-Dec-2024: day, month and maybe a year. Without a year the
// match ends after the month name (and its dot).
template <DateWords W>
std::optional<WrittenDate> read_day_month_year(const W& w, std::size_t i) {
  WrittenDate d;
  d.day = w.day(i);
  if (!d.day) return std::nullopt;
  std::size_t next = 0;
  d.month = w.month(w.gap(i + 1, DateGap::kDayMonth, i), next);
  if (!d.month) return std::nullopt;
  d.end = next;
  read_year_after(w, next, DateGap::kDayMonthYear, i, d);
  return d;
}

// November 27, 2024 · Nov. 27 · Dec 7 2024: month, day and maybe a year. Without a year the match
// ends after the day.
template <DateWords W>
std::optional<WrittenDate> read_month_day_year(const W& w, std::size_t i) {
  WrittenDate d;
  std::size_t next = 0;
  d.month = w.month(i, next);
  if (!d.month) return std::nullopt;
  const std::size_t k = w.gap(next, DateGap::kMonthDay, i);
  d.day = w.day(k);
  if (!d.day) return std::nullopt;
  d.end = k + 1;
  read_year_after(w, k + 1, DateGap::kMonthDayYear, i, d);
  return d;
}

// December 2024 · Dec, 2024: a month and its year (both needed).
template <DateWords W>
std::optional<WrittenDate> read_month_year(const W& w, std::size_t i) {
  WrittenDate d;
  std::size_t next = 0;
  d.month = w.month(i, next);
  if (!d.month) return std::nullopt;
  read_year_after(w, next, DateGap::kMonthYear, i, d);
  if (!d.has_year) return std::nullopt;
  return d;
}

}  // namespace sitrep
