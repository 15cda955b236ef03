#include "sitrep/date_grammar.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sitrep {
namespace {

// A caller's words as the readers see them: whitespace-separated, "," and "/" separate words of
// their own, a day is 1..31, a year four digits; "of" and "," are the only separators.
struct TestWords {
  std::vector<std::string> w;
  explicit TestWords(std::vector<std::string> words) : w(std::move(words)) {}
  bool is(std::size_t i, std::string_view s) const { return i < w.size() && w[i] == s; }
  bool number(std::size_t i, std::size_t digits) const {
    if (i >= w.size() || w[i].empty() || w[i].size() > digits) return false;
    for (char c : w[i])
      if (c < '0' || c > '9') return false;
    return true;
  }
  int day(std::size_t i) const {
    if (!number(i, 2)) return 0;
    const int d = std::stoi(w[i]);
    return d >= 1 && d <= 31 ? d : 0;
  }
  int month(std::size_t i, std::size_t& next) const {
    next = i + 1;
    return i < w.size() ? month_from_name(w[i]) : 0;
  }
  std::optional<int> year(std::size_t i, DateGap) const {
    if (!number(i, 4) || w[i].size() != 4) return std::nullopt;
    return std::stoi(w[i]);
  }
  std::size_t gap(std::size_t i, DateGap g, std::size_t) const {
    if (g == DateGap::kDayMonth && is(i, "of")) return i + 1;
    if ((g == DateGap::kMonthDayYear || g == DateGap::kMonthYear || g == DateGap::kDayMonthYear) && is(i, ","))
      return i + 1;
    return i;
  }
};
static_assert(DateWords<TestWords>);

}  // namespace

TEST(DateGrammar, MonthNames) {
  // month_from_name() itself: date_test
  EXPECT_TRUE(is_full_month_name("november", 11));
  EXPECT_TRUE(is_full_month_name("sept", 9));
  EXPECT_FALSE(is_full_month_name("nov", 11));
  EXPECT_FALSE(is_full_month_name("november", 10));
  EXPECT_FALSE(is_full_month_name("november", 13));
}

TEST(DateGrammar, WeekdayNames) {
  EXPECT_EQ(weekday_from_name("Tuesday"), 1);
  EXPECT_EQ(weekday_from_name("Tues."), 1);
  EXPECT_EQ(weekday_from_name("sun"), 6);
  EXPECT_EQ(weekday_from_name("tu"), -1);
  EXPECT_EQ(weekday_from_full_name("sunday"), 6);
  EXPECT_EQ(weekday_from_full_name("sun"), -1);  // a word too: full names only
  EXPECT_EQ(weekday_from_full_name("Sunday"), -1);  // lower case expected
  EXPECT_EQ(weekday(Date{2024, 11, 27}), 2);        // a Wednesday
}

TEST(DateGrammar, OrdinalsAndUnits) {
  for (const char* s : {"st", "nd", "rd", "th"}) EXPECT_TRUE(is_ordinal_suffix(s)) << s;
  EXPECT_FALSE(is_ordinal_suffix("km"));
  EXPECT_FALSE(is_ordinal_suffix("TH"));  // lower case expected
  bool plural = true;
  EXPECT_EQ(date_unit_from_word("week", plural), DateUnit::kWeek);
  EXPECT_FALSE(plural);
  EXPECT_EQ(date_unit_from_word("years", plural), DateUnit::kYear);
  EXPECT_TRUE(plural);
  EXPECT_EQ(date_unit_from_word("weekend", plural), DateUnit::kNone);
}

TEST(DateGrammar, CalendarArithmetic) {
  EXPECT_EQ(monday_of(Date{2024, 12, 1}), (Date{2024, 11, 25}));  // a Sunday
  EXPECT_EQ(monday_of(Date{2024, 11, 25}), (Date{2024, 11, 25}));
  EXPECT_EQ(add_months(2024, 1, -1), std::make_pair(2023, 12));
  EXPECT_EQ(add_months(2024, 11, 14), std::make_pair(2026, 1));
  EXPECT_EQ(shift_months(Date{2024, 3, 31}, -1), (Date{2024, 2, 29}));
  EXPECT_EQ(month_end(2023, 2), (Date{2023, 2, 28}));
}

TEST(DateGrammar, RelativeUnits) {
  const Date ref{2024, 11, 27};  // a Wednesday
  auto d = relative_unit(DateUnit::kDay, -1, ref);  // yesterday
  EXPECT_EQ(d.first, (Date{2024, 11, 26}));
  EXPECT_EQ(d.last, d.first);
  EXPECT_EQ(d.unit, DateUnit::kDay);
  d = relative_unit(DateUnit::kWeek, -1, ref);  // last week
  EXPECT_EQ(d.first, (Date{2024, 11, 18}));
  EXPECT_EQ(d.last, (Date{2024, 11, 24}));
  EXPECT_EQ(d.unit, DateUnit::kWeek);
  d = relative_unit(DateUnit::kMonth, 1, Date{2024, 12, 15});  // next month
  EXPECT_EQ(d.first, (Date{2025, 1, 1}));
  EXPECT_EQ(d.last, (Date{2025, 1, 31}));
  d = relative_unit(DateUnit::kYear, -1, ref);  // last year
  EXPECT_EQ(d.first, (Date{2023, 1, 1}));
  EXPECT_EQ(d.last, (Date{2023, 12, 31}));
  EXPECT_EQ(d.unit, DateUnit::kYear);
}

TEST(DateGrammar, AgoAndPast) {
  const Date ref{2024, 11, 27};
  EXPECT_EQ(units_ago(DateUnit::kDay, 2, ref).first, (Date{2024, 11, 25}));
  const auto w = units_ago(DateUnit::kWeek, 3, ref);  // the week holding 2024-11-06
  EXPECT_EQ(w.first, (Date{2024, 11, 4}));
  EXPECT_EQ(w.last, (Date{2024, 11, 10}));
  EXPECT_EQ(units_ago(DateUnit::kMonth, 11, ref).first, (Date{2023, 12, 1}));
  EXPECT_EQ(units_ago(DateUnit::kYear, 5, ref).last, (Date{2019, 12, 31}));
  auto p = past_units(DateUnit::kWeek, 1, ref);  // the past week: 7 days, ref included
  EXPECT_EQ(p.first, (Date{2024, 11, 21}));
  EXPECT_EQ(p.last, ref);
  EXPECT_EQ(p.unit, DateUnit::kNone);
  EXPECT_EQ(past_units(DateUnit::kDay, 30, ref).first, (Date{2024, 10, 29}));
  EXPECT_EQ(past_units(DateUnit::kMonth, 1, Date{2024, 3, 31}).first, (Date{2024, 3, 1}));
  EXPECT_EQ(past_units(DateUnit::kYear, 1, ref).first, (Date{2023, 11, 28}));
}

TEST(DateGrammar, Weekdays) {
  const Date wed{2024, 11, 27};
  EXPECT_EQ(relative_weekday(1, -1, wed), (Date{2024, 11, 26}));  // last Tuesday
  EXPECT_EQ(relative_weekday(2, -1, wed), (Date{2024, 11, 20}));  // last Wednesday: strictly before
  EXPECT_EQ(relative_weekday(2, 1, wed), (Date{2024, 12, 4}));    // next Wednesday: strictly after
  EXPECT_EQ(relative_weekday(0, 0, wed), (Date{2024, 11, 25}));   // this Monday
  EXPECT_EQ(relative_weekday(6, 0, wed), (Date{2024, 12, 1}));    // this Sunday
  EXPECT_EQ(nearest_weekday(2, false, wed), wed);                 // Wednesday: today
  EXPECT_EQ(nearest_weekday(4, false, wed), (Date{2024, 11, 22}));
  EXPECT_EQ(nearest_weekday(4, true, wed), (Date{2024, 11, 29}));
}

TEST(DateGrammar, WithoutYear) {
  const Date ref{2025, 1, 3};
  EXPECT_EQ(day_without_year(12, 28, false, ref), (Date{2024, 12, 28}));
  EXPECT_EQ(day_without_year(1, 3, false, ref), ref);
  EXPECT_EQ(day_without_year(12, 28, true, ref), (Date{2025, 12, 28}));
  EXPECT_EQ(day_without_year(2, 29, false, ref), (Date{2024, 2, 29}));
  EXPECT_FALSE(day_without_year(2, 30, false, ref).valid());
  EXPECT_EQ(month_without_year(3, false, ref), std::make_pair(2024, 3));
  EXPECT_EQ(month_without_year(1, false, ref), std::make_pair(2025, 1));
  EXPECT_EQ(month_without_year(3, true, ref), std::make_pair(2025, 3));
  EXPECT_EQ(relative_month(3, -1, ref), std::make_pair(2024, 3));  // last March
  EXPECT_EQ(relative_month(1, -1, ref), std::make_pair(2024, 1));  // last January: before this month
  EXPECT_EQ(relative_month(1, 1, ref), std::make_pair(2026, 1));
  EXPECT_EQ(relative_month(2, 1, ref), std::make_pair(2025, 2));
}

TEST(DateGrammar, ReadDayMonthYear) {
  const TestWords w({"on", "27", "of", "November", ",", "2024", "in", "Gaza"});
  auto d = read_day_month_year(w, 1);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->day, 27);
  EXPECT_EQ(d->month, 11);
  EXPECT_TRUE(d->has_year);
  EXPECT_EQ(d->year, 2024);
  EXPECT_EQ(d->end, 6u);  // after the year
  EXPECT_FALSE(read_day_month_year(w, 0));  // not a day
  EXPECT_FALSE(read_day_month_year(w, 5));  // 2024 is no day

  const TestWords no_year({"27", "November", "in", "Gaza"});
  d = read_day_month_year(no_year, 0);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->has_year);
  EXPECT_EQ(d->end, 2u);  // after the month
  EXPECT_FALSE(read_day_month_year(TestWords({"32", "November", "2024"}), 0));
  EXPECT_FALSE(read_day_month_year(TestWords({"27", "Gaza", "2024"}), 0));
  // read as written: the calendar check is the caller's
  d = read_day_month_year(TestWords({"30", "February", "2024"}), 0);
  ASSERT_TRUE(d);
  EXPECT_FALSE((Date{d->year, d->month, d->day}.valid()));
}

TEST(DateGrammar, ReadMonthDayYear) {
  const TestWords w({"Nov.", "27", ",", "2024", "talks"});
  auto d = read_month_day_year(w, 0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->month, 11);
  EXPECT_EQ(d->day, 27);
  EXPECT_EQ(d->year, 2024);
  EXPECT_EQ(d->end, 4u);
  d = read_month_day_year(TestWords({"November", "27", "talks"}), 0);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->has_year);
  EXPECT_EQ(d->end, 2u);  // after the day, not after a comma
  d = read_month_day_year(TestWords({"November", "27", ",", "talks"}), 0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->end, 2u);
  EXPECT_FALSE(read_month_day_year(TestWords({"November", "2024"}), 0));  // no day
  EXPECT_FALSE(read_month_day_year(TestWords({"Gaza", "27"}), 0));
}

TEST(DateGrammar, ReadMonthYear) {
  auto d = read_month_year(TestWords({"December", ",", "2024", "."}), 0);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->month, 12);
  EXPECT_EQ(d->year, 2024);
  EXPECT_EQ(d->day, 0);
  EXPECT_EQ(d->end, 3u);
  d = read_month_year(TestWords({"x", "Dec", "1987"}), 1);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->end, 3u);
  EXPECT_FALSE(read_month_year(TestWords({"December"}), 0));        // a year is needed
  EXPECT_FALSE(read_month_year(TestWords({"December", "7"}), 0));   // a day is no year
  EXPECT_FALSE(read_month_year(TestWords({"2024", "December"}), 0));
}

}  // namespace sitrep
