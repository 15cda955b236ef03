// sitrep: publication dates as feeds and corpora write them.
//
// parse_publication_date() reads one date (and optional time of day) written in any of the forms
// below and normalises zoned times to UTC:
//
//   ISO 8601       2024-12-07, 2024-12-07T10:15:00Z, 2024-12-07T10:15:00.250+02:00,
//                  2024-12-07 10:15:00+0200, 2024-12-07T10:15 (no zone: local, not normalised)
//   RFC 2822       Sat, 07 Dec 2024 10:15:00 +0000, ... GMT, ... EST (US zones and a few
//                  European ones: UT, UTC, GMT, Z, EST, EDT, CST, CDT, MST, MDT, PST, PDT, AKST,
//                  AKDT, HST, WET, WEST, BST, CET, CEST, EET, EEST, MSK); two-digit years as in
//                  RFC 2822 (00-49 -> 20xx, 50-99 -> 19xx) in this day-month-year form only
//   written        7 December 2024, 7th December 2024, December 7, 2024, Dec. 7, 2024, Dec 7 2024,
//                  7 Dec 2024, 07-Dec-2024, Saturday, December 7, 2024, Sat Dec  7 10:15:00 2024
//   numeric        07/12/2024, 12/07/2024, 7.12.2024, 7-12-2024, 2024/12/07, 4/5/2017
//   Reuters-21578  26-FEB-1987 15:01:01.79
//
// Any written form may be followed by a time (10:15, 10:15:00, 10:15:00.79, 10:15 pm, 10.15 is not
// a time) and a zone (as above, or +02:00, +0200, -05, GMT+2, UTC-05:00).
//
// Numeric dates: a four-digit first number is always year/month/day. Otherwise the year comes last
// and DateParseOptions::order says whether day or month comes first; with kUnspecified (or kYMD,
// which says nothing about this form) a value that reads validly both ways with different results
// (07/12/2024) is rejected as ambiguous, while one that reads only one way (13/12/2024, 12/13/2024)
// or the same both ways (12/12/2024) is accepted. Two-digit years are not accepted in numeric form.
//
// A well-shaped time whose numbers are out of range ("605:12:19.12", found once in Reuters-21578)
// is dropped: the date is kept and DateTime::time is empty.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sitrep/date.h"
#include "sitrep/date_grammar.h"
#include "sitrep/status.h"

namespace sitrep {

// Which number is the day and which the month in a numeric date such as 07/12/2024.
enum class DateOrder {
  kUnspecified,  // reject ambiguous values, accept values with one valid reading
  kDMY,          // 07/12/2024 = 7 December 2024 (Europe, most of the world)
  kMDY,          // 07/12/2024 = July 12 2024 (United States; FA-KES)
  kYMD,          // 2024/12/07 (this form is always read year first anyway)
};

struct DateParseOptions {
  DateOrder order = DateOrder::kUnspecified;
};

struct TimeOfDay {
  int hour = 0;         // 0..23
  int minute = 0;       // 0..59
  int second = 0;       // 0..60 (a leap second is kept as written)
  int millisecond = 0;  // 0..999 (finer fractions are truncated)

  std::string iso() const;  // 10:15:00 or 10:15:00.790
  friend auto operator<=>(const TimeOfDay&, const TimeOfDay&) = default;
};

// A calendar day with an optional time of day. When the value carried a zone, date and time are in
// UTC (the day may differ from the day as written, kept in local_date); without a zone they are as
// written and utc_offset_minutes is empty.
struct DateTime {
  Date date;                              // the day (UTC when zoned): the one to index
  std::optional<TimeOfDay> time;          // time of day (UTC when zoned), if one was written
  std::optional<int> utc_offset_minutes;  // the zone as written: +120 for +02:00, -300 for EST
  Date local_date;                        // the day as written, before normalisation

  bool zoned() const noexcept { return utc_offset_minutes.has_value(); }
  // 2024-12-07, 2024-12-07T10:15:00 (local) or 2024-12-07T08:15:00Z (normalised).
  std::string iso() const;
  friend bool operator==(const DateTime&, const DateTime&) = default;
};

// One publication date. Leading and trailing spaces are ignored; anything else that is not one of
// the forms above is a kParseError whose message names the value: "unrecognised date '...'"
// ("ambiguous date '...'" for a numeric date the order option does not settle).
Result<DateTime> parse_publication_date(std::string_view value, const DateParseOptions& options = {});

// weekday() and weekday_from_name() are in date_grammar.h (the vocabulary shared with event dates
// and the query reader).

}  // namespace sitrep
