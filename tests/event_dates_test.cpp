#include "sitrep/event_dates.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace sitrep {
namespace {

Date D(std::string_view iso) {
  auto d = parse_iso_date(iso);
  EXPECT_TRUE(d) << iso;
  return d.value_or(Date{});
}

// The dates of a sentence in the TSV's form: "2024-11-27;2024-12" or "-".
std::string E(std::string_view text, std::string_view published, const EventDateOptions& o = {}) {
  const auto dates = extract_event_dates(text, D(published), o);
  if (dates.empty()) return "-";
  std::string s;
  for (const auto& d : dates) {
    if (!s.empty()) s += ';';
    s += d.iso();
  }
  return s;
}

std::string X(std::string_view words, std::string_view reference, const EventDateOptions& o = {}) {
  auto e = parse_date_expression(words, D(reference), o);
  return e ? e->iso() : "-";
}

// A year before Christ is not read as a year of this era (issue 20: "since 1750 BC" became the
// range 1750 to the publication date).
TEST(EventDates, YearsBeforeChristAreNotDates) {
  EXPECT_EQ(E("The city has been inhabited since 1750 BC, the museum says.", "2017-03-02"), "-");
  EXPECT_EQ(E("Walls built in 1200 B.C. still stand.", "2017-03-02"), "-");
  EXPECT_EQ(E("A settlement dated to 1100 BCE was found.", "2017-03-02"), "-");
  EXPECT_EQ(E("The siege of 12 March 1250 BC is a legend.", "2017-03-02").find("1250"), std::string::npos);
  EXPECT_EQ(X("since 1750 BC", "2017-03-02"), "-");
  // An era-less year still is one.
  EXPECT_EQ(E("The town has been inhabited since 1750, the museum says.", "2017-03-02"), "1750-01-01..2017-03-02");
}

TEST(EventDates, AbsoluteDays) {
  EXPECT_EQ(E("It happened on November 27, 2024.", "2024-12-07"), "2024-11-27");
  EXPECT_EQ(E("It happened on 27 November 2024.", "2024-12-07"), "2024-11-27");
  EXPECT_EQ(E("It happened on Nov. 27, 2024.", "2024-12-07"), "2024-11-27");
  EXPECT_EQ(E("It happened on the 27th of November 2024.", "2024-12-07"), "2024-11-27");
  EXPECT_EQ(E("It happened on 2024-11-27.", "2024-12-07"), "2024-11-27");
  EXPECT_EQ(E("It happened on 27/11/2024.", "2024-12-07"), "2024-11-27");
  EXPECT_EQ(E("It happened on 07-Dec-2024.", "2024-12-09"), "2024-12-07");
  EXPECT_EQ(E("It happened on Saturday, December 7, 2024.", "2024-12-09"), "2024-12-07");
  // years from the past are not limited to the publication year
  EXPECT_EQ(E("The treaty was signed on 17 May 1983.", "2024-12-07"), "1983-05-17");
}

TEST(EventDates, DaysWithoutYear) {
  EXPECT_EQ(E("on November 27", "2024-12-07"), "2024-11-27");
  EXPECT_EQ(E("on Nov. 28", "2024-12-07"), "2024-11-28");
  EXPECT_EQ(E("on 27 November", "2024-12-07"), "2024-11-27");
  // the year that puts the day on or before the publication
  EXPECT_EQ(E("on December 28", "2025-01-03"), "2024-12-28");
  EXPECT_EQ(E("on January 3", "2025-01-03"), "2025-01-03");
  EXPECT_EQ(E("on January 4", "2025-01-03"), "2024-01-04");
  EXPECT_EQ(E("on February 29", "2025-03-03"), "2024-02-29");
  // future cues resolve forward
  EXPECT_EQ(E("The envoy will arrive on January 4.", "2025-01-03"), "2025-01-04");
  EXPECT_EQ(E("It will end on December 28.", "2025-01-03"), "2025-12-28");
}

TEST(EventDates, NumericOrderOption) {
  const std::string s = "The decree of 07/12/2024 was published.";
  EXPECT_EQ(E(s, "2024-12-20"), "-");  // ambiguous: skipped
  EventDateOptions dmy;
  dmy.order = DateOrder::kDMY;
  EXPECT_EQ(E(s, "2024-12-20", dmy), "2024-12-07");
  EventDateOptions mdy;
  mdy.order = DateOrder::kMDY;
  EXPECT_EQ(E(s, "2024-12-20", mdy), "2024-07-12");
  EXPECT_EQ(E("The decree of 7.12.2024 was published.", "2024-12-20", dmy), "2024-12-07");
}

TEST(EventDates, MonthsAndYears) {
  EXPECT_EQ(E("in March 2023", "2024-12-07"), "2023-03");
  EXPECT_EQ(E("December 2024 was calm.", "2025-01-03"), "2024-12");
  EXPECT_EQ(E("in March", "2024-12-07"), "2024-03");
  EXPECT_EQ(E("in March", "2024-02-07"), "2023-03");
  EXPECT_EQ(E("in March", "2024-03-07"), "2024-03");
  EXPECT_EQ(E("It will be rebuilt in March.", "2024-12-07"), "2025-03");
  EXPECT_EQ(E("in 2011", "2024-12-07"), "2011");
  EXPECT_EQ(E("in mid-2023", "2024-12-07"), "2023");
  EXPECT_EQ(E("during 2016 and 2017", "2024-12-07"), "2016;2017");
  EXPECT_EQ(E("the summer of 2023", "2024-12-07"), "2023");
}

TEST(EventDates, NotDates) {
  EXPECT_EQ(E("Some 2000 fighters crossed.", "2024-12-07"), "-");
  EXPECT_EQ(E("It ended in 2,000 cases.", "2024-12-07"), "-");
  EXPECT_EQ(E("in 1500 homes", "2024-12-07"), "-");
  EXPECT_EQ(E("The talks may be extended.", "2024-12-07"), "-");
  EXPECT_EQ(E("May be so.", "2024-12-07"), "-");
  EXPECT_EQ(E("They march on the city.", "2024-12-07"), "-");
  EXPECT_EQ(E("Theresa May spoke.", "2024-12-07"), "-");
  EXPECT_EQ(E("Former prime minister Theresa May spoke.", "2024-12-07"), "-");
  EXPECT_EQ(E("March on!", "2024-12-07"), "-");
  EXPECT_EQ(E("Jan Egeland spoke.", "2024-12-07"), "-");
  EXPECT_EQ(E("the 1990s", "2024-12-07"), "-");
  EXPECT_EQ(E("It rose 7.5 per cent.", "2024-12-07"), "-");
  EXPECT_EQ(E("At 10:15 the sirens sounded.", "2024-12-07"), "-");
  EXPECT_EQ(E("", "2024-12-07"), "-");
}

TEST(EventDates, Weekdays) {
  // 2024-12-07 is a Saturday.
  EXPECT_EQ(E("on Saturday", "2024-12-07"), "2024-12-07");  // the publication day itself
  EXPECT_EQ(E("on Friday", "2024-12-07"), "2024-12-06");
  EXPECT_EQ(E("on Sunday", "2024-12-07"), "2024-12-01");
  EXPECT_EQ(E("said Monday", "2024-12-07"), "2024-12-02");
  EXPECT_EQ(E("last Saturday", "2024-12-07"), "2024-11-30");  // same weekday: the one before
  EXPECT_EQ(E("last Friday", "2024-12-07"), "2024-12-06");
  EXPECT_EQ(E("next Saturday", "2024-12-07"), "2024-12-14");
  EXPECT_EQ(E("next Monday", "2024-12-07"), "2024-12-09");
  EXPECT_EQ(E("on Monday next", "2024-12-07"), "2024-12-09");
  EXPECT_EQ(E("this Monday", "2024-12-07"), "2024-12-02");  // in the publication's week
  EXPECT_EQ(E("They will meet on Monday.", "2024-12-07"), "2024-12-09");
  EXPECT_EQ(E("They will meet on Saturday.", "2024-12-07"), "2024-12-07");
  // across a year
  EXPECT_EQ(E("on Monday", "2025-01-01"), "2024-12-30");
  EXPECT_EQ(E("every Friday", "2024-12-07"), "-");
  EXPECT_EQ(E("Bloody Sunday", "2024-12-07"), "-");
}

TEST(EventDates, RelativeDays) {
  EXPECT_EQ(E("yesterday", "2025-01-01"), "2024-12-31");
  EXPECT_EQ(E("today", "2025-01-01"), "2025-01-01");
  EXPECT_EQ(E("tomorrow", "2024-12-31"), "2025-01-01");
  EXPECT_EQ(E("yesterday", "2024-03-01"), "2024-02-29");
  EXPECT_EQ(E("two days ago", "2025-01-01"), "2024-12-30");
  EXPECT_EQ(E("3 days ago", "2024-12-07"), "2024-12-04");
  EXPECT_EQ(E("a day ago", "2024-12-07"), "2024-12-06");
  EXPECT_EQ(E("last night", "2025-01-01"), "2024-12-31");
  EXPECT_EQ(E("the day before yesterday", "2025-01-01"), "2024-12-30");
}

TEST(EventDates, Weeks) {
  // Monday-Sunday weeks.
  const auto w = extract_event_dates("last week", D("2024-12-07"));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].precision, EventDate::Precision::kWeek);
  EXPECT_EQ(w[0].first.iso(), "2024-11-25");
  EXPECT_EQ(w[0].last.iso(), "2024-12-01");
  EXPECT_EQ(w[0].iso(), "2024-11-25..2024-12-01");
  EXPECT_EQ(E("last week", "2024-12-09"), "2024-12-02..2024-12-08");  // published on a Monday
  EXPECT_EQ(E("last week", "2024-12-08"), "2024-11-25..2024-12-01");  // published on a Sunday
  EXPECT_EQ(E("this week", "2025-01-01"), "2024-12-30..2025-01-05");
  EXPECT_EQ(E("next week", "2024-12-07"), "2024-12-09..2024-12-15");
  EXPECT_EQ(E("3 weeks ago", "2024-12-07"), "2024-11-11..2024-11-17");
  EXPECT_EQ(E("a week ago", "2024-12-07"), "2024-11-25..2024-12-01");
}

TEST(EventDates, MonthsYearsRelative) {
  EXPECT_EQ(E("last month", "2025-01-03"), "2024-12");
  EXPECT_EQ(E("this month", "2025-01-03"), "2025-01");
  EXPECT_EQ(E("next month", "2024-12-03"), "2025-01");
  EXPECT_EQ(E("two months ago", "2025-01-03"), "2024-11");
  EXPECT_EQ(E("last year", "2025-01-03"), "2024");
  EXPECT_EQ(E("this year", "2025-01-03"), "2025");
  EXPECT_EQ(E("next year", "2025-01-03"), "2026");
  EXPECT_EQ(E("20 years ago", "2025-01-03"), "2005");
  EXPECT_EQ(E("earlier this month", "2025-01-03"), "2025-01-01..2025-01-03");
  EXPECT_EQ(E("earlier this year", "2025-01-03"), "2025-01-01..2025-01-03");
  EXPECT_EQ(E("earlier this week", "2025-01-03"), "2024-12-30..2025-01-03");
  EXPECT_EQ(E("later this month", "2025-01-03"), "2025-01-03..2025-01-31");
  EXPECT_EQ(E("last March", "2025-01-03"), "2024-03");
  EXPECT_EQ(E("last March", "2025-04-03"), "2025-03");
  EXPECT_EQ(E("last January", "2025-01-03"), "2024-01");
  EXPECT_EQ(E("next March", "2025-01-03"), "2025-03");
}

TEST(EventDates, Ranges) {
  const auto s = extract_event_dates("The group has fought since 2011.", D("2024-12-07"));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].precision, EventDate::Precision::kRange);
  EXPECT_EQ(s[0].iso(), "2011-01-01..2024-12-07");
  EXPECT_EQ(s[0].text, "since 2011");
  EXPECT_EQ(E("since March", "2024-12-07"), "2024-03-01..2024-12-07");
  EXPECT_EQ(E("since 27 November", "2024-12-07"), "2024-11-27..2024-12-07");
  EXPECT_EQ(E("over the past week", "2024-12-07"), "2024-12-01..2024-12-07");
  EXPECT_EQ(E("over the last week", "2024-12-07"), "2024-12-01..2024-12-07");
  EXPECT_EQ(E("in the past 30 days", "2024-12-07"), "2024-11-08..2024-12-07");
  EXPECT_EQ(E("over the past month", "2024-03-31"), "2024-03-01..2024-03-31");
  EXPECT_EQ(E("over the past year", "2024-02-29"), "2023-03-01..2024-02-29");
  EXPECT_EQ(E("last weekend", "2024-12-09"), "2024-12-07..2024-12-08");
  EXPECT_EQ(E("on 27-28 November", "2024-12-07"), "2024-11-27..2024-11-28");
  EXPECT_EQ(E("over the past weeks", "2024-12-07"), "-");  // too vague
}

TEST(EventDates, FutureOption) {
  EventDateOptions skip;
  skip.future = FutureDates::kSkip;
  const std::string s = "Talks start tomorrow and continue next week; they will end on Saturday. It began yesterday.";
  EXPECT_EQ(E(s, "2024-12-05"), "2024-12-06;2024-12-09..2024-12-15;2024-12-07;2024-12-04");
  EXPECT_EQ(E(s, "2024-12-05", skip), "2024-12-04");
}

TEST(EventDates, SpansAndText) {
  const std::string text = "Hezbollah withdrew on November 27 and returned last Saturday, residents said.";
  const auto dates = extract_event_dates(text, D("2024-12-07"));
  ASSERT_EQ(dates.size(), 2u);
  EXPECT_EQ(dates[0].text, "November 27");
  EXPECT_EQ(text.substr(dates[0].begin, dates[0].end - dates[0].begin), "November 27");
  EXPECT_EQ(dates[0].precision, EventDate::Precision::kDay);
  EXPECT_EQ(dates[1].text, "last Saturday");
  EXPECT_EQ(dates[1].first.iso(), "2024-11-30");
  // byte offsets count UTF-8 bytes
  const std::string utf8 = "Les frappes – le 4 December – à Qusayr.";
  const auto u = extract_event_dates(utf8, D("2024-12-07"));
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].text, "4 December");
  EXPECT_EQ(utf8.substr(u[0].begin, u[0].end - u[0].begin), "4 December");
}

TEST(EventDates, Expressions) {
  EXPECT_EQ(X("27 November 2024", "2025-01-10"), "2024-11-27");
  EXPECT_EQ(X("November 27, 2024", "2025-01-10"), "2024-11-27");
  EXPECT_EQ(X("november 27", "2025-01-10"), "2024-11-27");
  EXPECT_EQ(X("December 2024", "2025-01-10"), "2024-12");
  EXPECT_EQ(X("december", "2025-01-10"), "2024-12");
  EXPECT_EQ(X("2024", "2025-01-10"), "2024");
  EXPECT_EQ(X("2024-11", "2025-01-10"), "2024-11");
  EXPECT_EQ(X("2024-11-27", "2025-01-10"), "2024-11-27");
  EXPECT_EQ(X("yesterday", "2025-01-01"), "2024-12-31");
  EXPECT_EQ(X("last 30 days", "2025-01-10"), "2024-12-12..2025-01-10");
  EXPECT_EQ(X("past week", "2025-01-10"), "2025-01-04..2025-01-10");
  EXPECT_EQ(X("this year", "2025-01-10"), "2025");
  EXPECT_EQ(X("last week", "2025-01-10"), "2024-12-30..2025-01-05");
  EXPECT_EQ(X("since 2011", "2025-01-10"), "2011-01-01..2025-01-10");
  EXPECT_EQ(X("in March 2023", "2025-01-10"), "2023-03");
  EXPECT_EQ(X("Saturday", "2025-01-10"), "2025-01-04");
  EXPECT_EQ(X("Sat", "2025-01-10"), "2025-01-04");
  EXPECT_EQ(X("  2 weeks ago ", "2025-01-10"), "2024-12-23..2024-12-29");
  EXPECT_EQ(X("13/11/2024", "2025-01-10"), "2024-11-13");
  // not exactly one expression
  EXPECT_EQ(X("27 November 2024 and more", "2025-01-10"), "-");
  EXPECT_EQ(X("Hezbollah", "2025-01-10"), "-");
  EXPECT_EQ(X("", "2025-01-10"), "-");
  EXPECT_EQ(X("2024-13", "2025-01-10"), "-");
  const auto e = parse_date_expression("last 30 days", D("2025-01-10"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->precision, EventDate::Precision::kRange);
  EXPECT_EQ(e->text, "last 30 days");
}

// tests/data/date-expressions.tsv: at least 160 sentences, at least 95 % right.
TEST(EventDates, ExpressionCorpus) {
  const std::string path = test::source_dir() + "/tests/data/date-expressions.tsv";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot read " << path;
  std::string line;
  int line_no = 0, cases = 0, right = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    ASSERT_EQ(f.size(), 3u) << path << ":" << line_no << ": expected 3 tab-separated fields";
    ASSERT_TRUE(parse_iso_date(f[0])) << path << ":" << line_no << ": bad publication date " << f[0];
    ++cases;
    const std::string got = E(f[1], f[0]);
    if (got == f[2]) {
      ++right;
    } else {
      std::printf("MISS %s:%d: published %s: \"%s\"\n  expected %s\n  got      %s\n", path.c_str(), line_no,
                  f[0].c_str(), f[1].c_str(), f[2].c_str(), got.c_str());
    }
  }
  ASSERT_GE(cases, 160);
  const double accuracy = 100.0 * right / cases;
  std::printf("date-expressions.tsv: %d/%d right (%.1f %%)\n", right, cases, accuracy);
  RecordProperty("accuracy", std::to_string(accuracy));
  EXPECT_GE(accuracy, 95.0);
}

}  // namespace
}  // namespace sitrep
