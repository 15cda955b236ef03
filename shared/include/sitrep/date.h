// sitrep: calendar dates (proleptic Gregorian, no time of day).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sitrep {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  bool valid() const noexcept;
  // Days since 1970-01-01 (negative before).
  std::int64_t to_days() const noexcept;
  static Date from_days(std::int64_t days) noexcept;
  Date add_days(std::int64_t n) const noexcept { return from_days(to_days() + n); }

  std::string iso() const;      // 2024-12-07
  std::string compact() const;  // 20241207 (sortable, the value-slot form)

  friend auto operator<=>(const Date&, const Date&) = default;
};

int days_in_month(int year, int month) noexcept;
// Month from an English name or abbreviation ("Dec", "dec.", "December"), 0 if none. Part of the date
// grammar (date_grammar.h, where the rest of its vocabulary is; defined in date_grammar.cpp).
int month_from_name(std::string_view word) noexcept;
const char* month_name(int month) noexcept;

// A date with its precision, as written in a query: 2024, 2024-12, 2024-12-07, "December 2024",
// "7 December 2024", "December 7, 2024".
struct DateSpan {
  enum class Precision { kDay, kMonth, kYear };
  Date first;  // first day covered
  Date last;   // last day covered
  Precision precision = Precision::kDay;
  std::string text() const;  // ISO form at its precision: 2024, 2024-12, 2024-12-07
};

// Strict ISO forms: YYYY-MM-DD, YYYY-MM, YYYY. nullopt when not a valid date.
std::optional<DateSpan> parse_iso_span(std::string_view s);
// ISO YYYY-MM-DD only (the article header form).
std::optional<Date> parse_iso_date(std::string_view s);

// The current UTC time as ISO 8601 to the second, "2026-11-30T07:12:09Z" (logs and reports).
std::string utc_timestamp();
// Today's date in UTC (what relative dates in a query are read against by default).
Date today_utc();

}  // namespace sitrep
