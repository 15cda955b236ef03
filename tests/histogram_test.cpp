// The date histogram (searcher/src/histogram.h) on hand-made day counts: the interval chosen from
// the span or asked for, coarsening past the bucket limit, the error of an interval asked too fine,
// bucket keys (ISO weeks), first and last days, empty buckets; the event dates' bucket spy.
#include "histogram.h"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace sitrep {

// Dates in failure messages as ISO.
void PrintTo(const Date& d, std::ostream* os) { *os << d.iso(); }

namespace {

using I = SearchOptions::Interval;

// Day counts with their keys owned by the fixture (DayCounts holds views).
struct Days {
  std::map<std::string, Xapian::doccount> counts;
  Days& add(const Date& d, Xapian::doccount n) {
    counts[d.compact()] += n;
    return *this;
  }
  DayCounts view() const { return in_order(counts); }
};

Date day(const char* iso) { return *parse_iso_date(iso); }

// The two ends of a span of `span` days from 2024-01-01, one article each.
Days span_of(std::int64_t span) {
  Days d;
  d.add(day("2024-01-01"), 1).add(day("2024-01-01").add_days(span), 1);
  return d;
}

std::vector<std::string> keys(const Histogram& h) {
  std::vector<std::string> out;
  for (const auto& b : h.buckets) out.push_back(b.key);
  return out;
}

std::vector<std::uint64_t> counts(const Histogram& h) {
  std::vector<std::uint64_t> out;
  for (const auto& b : h.buckets) out.push_back(b.count);
  return out;
}

std::uint64_t total(const Histogram& h) {
  std::uint64_t n = 0;
  for (const auto& b : h.buckets) n += b.count;
  return n;
}

TEST(Histogram, AutoIntervalFromTheSpan) {
  struct Case {
    std::int64_t span;
    const char* interval;
  };
  // 2024 is a leap year: 2024-01-01 + 366 days is 2025-01-01.
  for (const Case& c :
       {Case{0, "day"}, Case{61, "day"}, Case{62, "day"}, Case{63, "week"}, Case{366, "week"}, Case{367, "month"},
        Case{366 * 6, "month"}, Case{366 * 6 + 1, "year"}, Case{20 * 366, "year"}}) {
    const Histogram h = make_histogram(span_of(c.span).view(), I::kAuto, 100000, false);
    EXPECT_EQ(h.interval, c.interval) << "span " << c.span;
    EXPECT_EQ(total(h), 2u) << "span " << c.span;
    EXPECT_EQ(h.field, "published");
  }
  // The 62-day span by day: 63 buckets, the first and the last holding an article each.
  const Histogram h = make_histogram(span_of(62).view(), I::kAuto, 100000, false);
  ASSERT_EQ(h.buckets.size(), 63u);
  EXPECT_EQ(h.buckets.front().key, "2024-01-01");
  EXPECT_EQ(h.buckets.back().key, "2024-03-03");
  EXPECT_EQ(h.buckets.front().count, 1u);
  EXPECT_EQ(h.buckets.back().count, 1u);
}

TEST(Histogram, AutoCoarsensPastMaxBuckets) {
  // 2024-01-01 (a Monday) to 2024-01-31: 31 days, 5 weeks, 1 month.
  const Days d = span_of(30);
  EXPECT_EQ(make_histogram(d.view(), I::kAuto, 31, false).interval, "day");
  Histogram h = make_histogram(d.view(), I::kAuto, 30, false);
  EXPECT_EQ(h.interval, "week");
  EXPECT_EQ(keys(h), (std::vector<std::string>{"2024-W01", "2024-W02", "2024-W03", "2024-W04", "2024-W05"}));
  h = make_histogram(d.view(), I::kAuto, 4, false);
  EXPECT_EQ(h.interval, "month");
  EXPECT_EQ(keys(h), std::vector<std::string>{"2024-01"});
  EXPECT_EQ(counts(h), std::vector<std::uint64_t>{2});
  // An interval not asked for (the event histogram's default month) is coarsened too.
  h = make_histogram(span_of(366 * 3).view(), I::kMonth, 12, false);
  EXPECT_EQ(h.interval, "year");
  EXPECT_EQ(keys(h), (std::vector<std::string>{"2024", "2025", "2026", "2027"}));
  // Years are never coarsened, however many.
  h = make_histogram(span_of(366 * 20).view(), I::kAuto, 5, false);
  EXPECT_EQ(h.interval, "year");
  EXPECT_EQ(h.buckets.size(), 21u);
  EXPECT_EQ(total(h), 2u);
}

TEST(Histogram, AskedIntervalComesOutAsAsked) {
  // 400 days by day (auto would give months), and a month by year.
  Histogram h = make_histogram(span_of(400).view(), I::kDay, 401, true);
  EXPECT_EQ(h.interval, "day");
  EXPECT_EQ(h.buckets.size(), 401u);
  EXPECT_EQ(total(h), 2u);
  h = make_histogram(span_of(10).view(), I::kYear, 1, true);
  EXPECT_EQ(h.interval, "year");
  EXPECT_EQ(keys(h), std::vector<std::string>{"2024"});
  h = make_histogram(span_of(10).view(), I::kWeek, 2, true);
  EXPECT_EQ(h.interval, "week");
  EXPECT_EQ(counts(h), (std::vector<std::uint64_t>{1, 1}));
  // kNone: no histogram at all.
  h = make_histogram(span_of(10).view(), I::kNone, 100, true);
  EXPECT_EQ(h.interval, "");
  EXPECT_TRUE(h.buckets.empty());
}

// The message of the HistogramTooFine thrown for an interval asked too fine ("" when none is).
std::string too_fine(const Days& days, I interval, std::size_t max_buckets) {
  try {
    (void)make_histogram(days.view(), interval, max_buckets, true);
  } catch (const HistogramTooFine& e) {
    return e.what();
  }
  return "";
}

TEST(Histogram, AskedTooFineThrowsNamingTheBuckets) {
  // 2024 by day: 366 buckets.
  std::string m = too_fine(span_of(365), I::kDay, 100);
  EXPECT_NE(m.find("a day histogram of these matches needs 366 buckets"), std::string::npos) << m;
  EXPECT_NE(m.find("(2024-01-01 to 2024-12-31)"), std::string::npos) << m;
  EXPECT_NE(m.find("more than the limit of 100"), std::string::npos) << m;
  EXPECT_NE(m.find("ask for week, month or year, or narrow the dates"), std::string::npos) << m;
  // Thousands are grouped: 2024-01-01 .. 2028-12-31 is 1,827 days.
  m = too_fine(span_of(1826), I::kDay, 1000);
  EXPECT_NE(m.find("needs 1,827 buckets"), std::string::npos) << m;
  EXPECT_NE(m.find("limit of 1,000"), std::string::npos) << m;
  // Years too many: nothing coarser to ask for.
  m = too_fine(span_of(400), I::kYear, 1);
  EXPECT_NE(m.find("a year histogram of these matches needs 2 buckets"), std::string::npos) << m;
  EXPECT_EQ(m.find("ask for"), std::string::npos) << m;
  EXPECT_NE(m.find(": narrow the dates"), std::string::npos) << m;
  // Months: weeks are not coarser.
  m = too_fine(span_of(400), I::kMonth, 3);
  EXPECT_NE(m.find("ask for year, or narrow"), std::string::npos) << m;
  // Exactly at the limit is fine.
  EXPECT_EQ(too_fine(span_of(365), I::kDay, 366), "");
  EXPECT_EQ(make_histogram(span_of(365).view(), I::kDay, 366, true).buckets.size(), 366u);
}

TEST(Histogram, IsoWeekKeysStartOnMonday) {
  struct Case {
    const char* date;
    const char* key;
    const char* first;
    const char* last;
  };
  for (const Case& c : {
           Case{"2024-12-30", "2025-W01", "2024-12-30", "2025-01-05"},  // Monday; its Thursday is in 2025
           Case{"2025-01-05", "2025-W01", "2024-12-30", "2025-01-05"},  // Sunday of the same week
           Case{"2024-12-29", "2024-W52", "2024-12-23", "2024-12-29"},
           Case{"2021-01-03", "2020-W53", "2020-12-28", "2021-01-03"},  // 2020 had 53 ISO weeks
           Case{"2021-01-04", "2021-W01", "2021-01-04", "2021-01-10"},
           Case{"2026-01-01", "2026-W01", "2025-12-29", "2026-01-04"},  // a Thursday
           Case{"2024-01-01", "2024-W01", "2024-01-01", "2024-01-07"},
       }) {
    Days d;
    d.add(day(c.date), 3);
    const Histogram h = make_histogram(d.view(), I::kWeek, 10, true);
    ASSERT_EQ(h.buckets.size(), 1u) << c.date;
    EXPECT_EQ(h.buckets[0].key, c.key) << c.date;
    EXPECT_EQ(h.buckets[0].first, c.first) << c.date;
    EXPECT_EQ(h.buckets[0].last, c.last) << c.date;
    EXPECT_EQ(h.buckets[0].count, 3u) << c.date;
    EXPECT_EQ(bucket_start(day(c.date), I::kWeek), day(c.first)) << c.date;
  }
}

TEST(Histogram, EmptyBucketsIncludedWithTheirDays) {
  Days d;
  d.add(day("2024-01-01"), 2).add(day("2024-01-05"), 3);
  Histogram h = make_histogram(d.view(), I::kDay, 100, true);
  EXPECT_EQ(keys(h), (std::vector<std::string>{"2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"}));
  EXPECT_EQ(counts(h), (std::vector<std::uint64_t>{2, 0, 0, 0, 3}));
  EXPECT_EQ(h.buckets[2].first, "2024-01-03");
  EXPECT_EQ(h.buckets[2].last, "2024-01-03");

  Days m;
  m.add(day("2024-01-15"), 1).add(day("2024-01-31"), 1).add(day("2024-04-02"), 4);
  h = make_histogram(m.view(), I::kMonth, 100, true);
  EXPECT_EQ(keys(h), (std::vector<std::string>{"2024-01", "2024-02", "2024-03", "2024-04"}));
  EXPECT_EQ(counts(h), (std::vector<std::uint64_t>{2, 0, 0, 4}));
  EXPECT_EQ(h.buckets[0].first, "2024-01-01");
  EXPECT_EQ(h.buckets[0].last, "2024-01-31");
  EXPECT_EQ(h.buckets[1].first, "2024-02-01");
  EXPECT_EQ(h.buckets[1].last, "2024-02-29");  // a leap year
  EXPECT_EQ(h.buckets[3].last, "2024-04-30");

  Days y;
  y.add(day("2023-12-31"), 1).add(day("2025-06-01"), 2);
  h = make_histogram(y.view(), I::kYear, 100, true);
  EXPECT_EQ(keys(h), (std::vector<std::string>{"2023", "2024", "2025"}));
  EXPECT_EQ(counts(h), (std::vector<std::uint64_t>{1, 0, 2}));
  EXPECT_EQ(h.buckets[1].first, "2024-01-01");
  EXPECT_EQ(h.buckets[1].last, "2024-12-31");

  Days w;
  w.add(day("2024-12-04"), 1).add(day("2024-12-24"), 1);
  h = make_histogram(w.view(), I::kWeek, 100, true);
  EXPECT_EQ(keys(h), (std::vector<std::string>{"2024-W49", "2024-W50", "2024-W51", "2024-W52"}));
  EXPECT_EQ(counts(h), (std::vector<std::uint64_t>{1, 0, 0, 1}));
  EXPECT_EQ(h.buckets[1].first, "2024-12-09");
  EXPECT_EQ(h.buckets[1].last, "2024-12-15");
}

TEST(Histogram, DayValuesInEitherFormAndNothingFromNothing) {
  // "YYYYMMDD" (the slot's form) and "YYYY-MM-DD" (event dates) are both read; anything else is not.
  const DayCounts mixed = {{"2024-12-01", 1}, {"20241202", 2}, {"garbage", 5}, {"2024-12-03", 4}};
  const Histogram h = make_histogram(mixed, I::kDay, 100, true);
  EXPECT_EQ(keys(h), (std::vector<std::string>{"2024-12-01", "2024-12-02", "2024-12-03"}));
  EXPECT_EQ(counts(h), (std::vector<std::uint64_t>{1, 2, 4}));
  const Histogram none = make_histogram({}, I::kAuto, 100, false);
  EXPECT_EQ(none.interval, "");
  EXPECT_TRUE(none.buckets.empty());
}

TEST(Histogram, BucketStart) {
  const Date d = day("2024-02-29");  // a Thursday
  EXPECT_EQ(bucket_start(d, I::kDay), d);
  EXPECT_EQ(bucket_start(d, I::kWeek), day("2024-02-26"));
  EXPECT_EQ(bucket_start(d, I::kMonth), day("2024-02-01"));
  EXPECT_EQ(bucket_start(d, I::kYear), day("2024-01-01"));
  EXPECT_EQ(bucket_start(day("2024-02-26"), I::kWeek), day("2024-02-26"));  // a Monday is its own start
  // Before 1970 (event dates may name earlier years): the Monday on or before, every weekday.
  EXPECT_EQ(bucket_start(day("1969-12-31"), I::kWeek), day("1969-12-29"));
  EXPECT_EQ(bucket_start(day("1969-12-28"), I::kWeek), day("1969-12-22"));  // a Sunday
  for (int k = 0; k < 7; ++k)                                               // 1967-06-05 was a Monday
    EXPECT_EQ(bucket_start(day("1967-06-05").add_days(k), I::kWeek), day("1967-06-05")) << k;
  EXPECT_EQ(make_histogram({{"1967-06-10", 1}}, I::kWeek, 10, true).buckets.at(0).key, "1967-W23");
}

TEST(Histogram, InOrderOverAMap) {
  const std::map<std::string, Xapian::doccount> m = {{"20241202", 3}, {"20241130", 1}, {"2024-12-01", 7}};
  const DayCounts v = in_order(m);
  ASSERT_EQ(v.size(), 3u);
  auto it = m.begin();
  for (const auto& [value, n] : v) {
    EXPECT_EQ(value, it->first);
    EXPECT_EQ(value.data(), it->first.data());  // a view into the map, not a copy
    EXPECT_EQ(n, it->second);
    ++it;
  }
  EXPECT_TRUE(in_order({}).empty());
}

TEST(EventBucketSpy, CountsAnArticleOncePerBucket) {
  EventBucketSpy months(I::kMonth);
  months.add_document({"2024-12-01", "2024-12-15", "2024-11", "2024-12"});  // December three times: once
  months.add_document({"2024-12-31"});
  months.add_document({"2024"});  // a year alone: coarser than a month, left out
  months.add_document({"not-a-date", "2024-13-01"});
  EXPECT_EQ(months.counts(), (std::map<std::string, Xapian::doccount>{{"20241101", 1}, {"20241201", 2}}));

  EventBucketSpy days(I::kDay);
  days.add_document({"2024-12-01", "2024-12", "2024"});  // only the day counts
  days.add_document({"2024-12-01", "2024-12-01"});
  EXPECT_EQ(days.counts(), (std::map<std::string, Xapian::doccount>{{"20241201", 2}}));

  EventBucketSpy weeks(I::kWeek);
  weeks.add_document({"2024-12-30", "2025-01-05", "2025-01"});  // one ISO week; a month is coarser
  weeks.add_document({"2025-01-06"});
  EXPECT_EQ(weeks.counts(), (std::map<std::string, Xapian::doccount>{{"20241230", 1}, {"20250106", 1}}));

  EventBucketSpy years(I::kYear);
  years.add_document({"2024", "2024-05", "2024-06-01", "2023-12"});
  years.add_document({"2024"});
  EXPECT_EQ(years.counts(), (std::map<std::string, Xapian::doccount>{{"20230101", 1}, {"20240101", 2}}));
}

TEST(EventBucketSpy, ReadsTheSlotValue) {
  EventBucketSpy spy(I::kMonth);
  spy.add_value("2024-12-01\n2024-11-30\n2024-12-24");
  Xapian::Document doc;
  doc.add_value(schema::kSlotEvents, "2024-11\n2024-10-02");
  spy(doc, 0);
  Xapian::Document none;
  spy(none, 0);
  EXPECT_EQ(spy.counts(), (std::map<std::string, Xapian::doccount>{{"20241001", 1}, {"20241101", 2}, {"20241201", 1}}));
  // The spy's counts make the event histogram.
  const Histogram h = make_histogram(in_order(spy.counts()), I::kMonth, 10, true);
  EXPECT_EQ(keys(h), (std::vector<std::string>{"2024-10", "2024-11", "2024-12"}));
  EXPECT_EQ(counts(h), (std::vector<std::uint64_t>{1, 2, 1}));
  // A clone counts afresh with the same interval.
  std::unique_ptr<Xapian::MatchSpy> clone(spy.clone());
  auto& copy = dynamic_cast<EventBucketSpy&>(*clone);
  EXPECT_TRUE(copy.counts().empty());
  copy.add_document({"2024-12-01"});
  EXPECT_EQ(copy.counts(), (std::map<std::string, Xapian::doccount>{{"20241201", 1}}));
}

}  // namespace
}  // namespace sitrep
