// sitrep: the dates an article's text talks about ("on Saturday", "last week", "since 2011"),
// resolved against its publication date.
//
// What is recognised (English, news style), and how it resolves for a text published on P:
//
//   explicit days    November 27, 2024 · Nov. 27, 2024 · 27 November 2024 · 27th of November 2024 ·
//                    Saturday, 7 December 2024 · 2024-11-27 · 27/11/2024 (numeric forms follow
//                    EventDateOptions::order as parse_publication_date() does: an ambiguous value
//                    such as 07/12/2024 without an order is skipped) · 27-28 November (a range)
//   days, no year    on November 27 · Nov. 28 · 27 November · the 27th of November: the year that
//                    puts the day on or before P (P = 2025-01-03: "December 28" is 2024-12-28)
//   months           December 2024 · in March 2023 · in March, since May, during November,
//                    by June, until April, early/late/mid-December (no year: the latest such month
//                    not after P's month)
//   years            only after a cue (in, since, during, by, until, before, after, from, through,
//                    throughout, between, of, year, early, late, mid; and a year listed after one:
//                    "in 2011 and 2012") or inside a full date: never "2000 fighters", never
//                    "in 2,000 cases", never a year followed by a count word ("in 1500 homes")
//   weekdays         on Saturday, Saturday: the latest Saturday on or before P (P itself when P is a
//                    Saturday); last Saturday: the latest one strictly before P; this Saturday: the
//                    Saturday of P's Monday-Sunday week; next Saturday, Saturday next: the first one
//                    strictly after P
//   relative days    today, tonight, this morning/afternoon/evening: P · yesterday, last night: P-1 ·
//                    the day before yesterday: P-2 · tomorrow: P+1 · two days ago, 3 days ago: P-n
//   weeks (kWeek)    last week: the Monday-Sunday week before P's week · this week · next week ·
//                    3 weeks ago, a week ago: the Monday-Sunday week that holds P-7n
//   months, years    last month, this month, next month, 2 months ago (kMonth) · last year, this year,
//                    next year, 5 years ago (kYear) · last March: the latest March before P's month ·
//                    next March: the first March after P's month
//   ranges (kRange)  since 2011: 2011-01-01..P (since + any date: from its first day to P) ·
//                    earlier this week/month/year: from the start of P's week/month/year to P ·
//                    later this week/month/year: from P to the end of it · the past week, over the
//                    last week, the past 30 days, last 30 days: the N days ending on P, P included
//                    (a week is 7 days, a month and a year go back to the same day number + 1) ·
//                    last weekend / this weekend: Saturday-Sunday of the previous / this week
//
// Names are not dates: month and weekday names must be capitalised in a text ("march", "may" are
// verbs), and one right after a capitalised word ("Theresa May", "Bloody Sunday") is a name;
// "May" or "March" alone without a day, a year or a cue before it is not a date ("May be", "March
// on the capital"). Three-letter abbreviations (Jan, Mar) count only next to a day or a year.
//
// Future cues: a date after "next" or "Monday next", or with "will", "shall", "'ll", "won't",
// "would" (reported speech), lower-case "may" or "might", "scheduled", "plan(s)", "expect(s/ed)",
// "upcoming" or "due" ("due to meet", not "due to shelling") earlier in its sentence (at most 8
// words back), resolves forward: a day or month without a year takes the first one on or after P, a
// weekday the first one on or after P. EventDateOptions::future = FutureDates::kSkip drops these and
// every other future expression (tomorrow, next week, later this month) instead.
//
// A year written after the date settles it: "May 30 next year", "in March last year", and in a list
// "between April and June 1995", "March 31 and May 31, 1996". "since early 2023", "since mid-March"
// and "since the end of 2023" run from the first day of the date named.
//
// Not recognised: decades ("the 1990s"), seasons ("last summer"), vague spans ("in recent days",
// "the past few weeks"), dates relative to other dates ("the following day", "two days later"),
// numeric dates with two-digit years, non-English text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/date.h"
#include "sitrep/date_parse.h"

namespace sitrep {

enum class FutureDates {
  kResolve,  // resolve future expressions forward from the publication date
  kSkip,     // leave them out
};

struct EventDateOptions {
  DateOrder order = DateOrder::kUnspecified;  // numeric dates such as 27/11/2024
  FutureDates future = FutureDates::kResolve;
};

struct EventDate {
  enum class Precision {
    kDay,    // one day: first == last
    kWeek,   // a Monday-Sunday week
    kMonth,  // a calendar month
    kYear,   // a calendar year
    kRange,  // any other span of days (since 2011, the past week, 27-28 November)
  };
  Date first;  // first day covered
  Date last;   // last day covered
  Precision precision = Precision::kDay;
  std::size_t begin = 0;  // byte span of the expression in the text
  std::size_t end = 0;
  std::string text;  // the expression as written

  // 2024-11-27 (day), 2024-11 (month), 2024 (year), 2024-11-18..2024-11-24 (week or range).
  std::string iso() const;
};

// The dates a text mentions, in text order, resolved against the publication date. The span of an
// expression covers its date words and the words that change their meaning (since, last, next,
// this, past, ago, earlier, later), not the plain preposition before it ("on", "in", "during").
std::vector<EventDate> extract_event_dates(std::string_view text, const Date& published,
                                           const EventDateOptions& options = {});

// One whole expression relative to a reference day (a query's "now"): "27 November 2024",
// "November 27", "December 2024", "December", "2024", "2024-11", "2024-11-27", "yesterday",
// "last 30 days", "past week", "this year", "since 2011", "Saturday". Case does not matter, and a
// year or month alone needs no cue. nullopt when the words are not exactly one expression.
std::optional<EventDate> parse_date_expression(std::string_view words, const Date& reference,
                                               const EventDateOptions& options = {});

}  // namespace sitrep
