#include "sitrep/date_parse.h"

#include <gtest/gtest.h>

#include <string>

namespace sitrep {
namespace {

// The parsed value as ISO text, or "error: <message>".
std::string P(std::string_view v, DateOrder order = DateOrder::kUnspecified) {
  DateParseOptions o;
  o.order = order;
  auto r = parse_publication_date(v, o);
  if (!r) return "error: " + r.status().message();
  return r->iso();
}

TEST(DateParse, IsoDates) {
  EXPECT_EQ(P("2024-12-07"), "2024-12-07");
  EXPECT_EQ(P("  2024-12-07\n"), "2024-12-07");
  EXPECT_EQ(P("2024-12-07T10:15:00Z"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("2024-12-07t10:15:00z"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("2024-12-07T10:15Z"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("2024-12-07T10:15:00.250Z"), "2024-12-07T10:15:00.250Z");
  EXPECT_EQ(P("2024-12-07T10:15:00.123456789Z"), "2024-12-07T10:15:00.123Z");
  EXPECT_EQ(P("2024-12-07T10:15:00+02:00"), "2024-12-07T08:15:00Z");
  EXPECT_EQ(P("2024-12-07T10:15:00+0200"), "2024-12-07T08:15:00Z");
  EXPECT_EQ(P("2024-12-07T10:15:00-05"), "2024-12-07T15:15:00Z");
  EXPECT_EQ(P("2024-12-07 10:15:00"), "2024-12-07T10:15:00");  // no zone: local, kept as written
  EXPECT_EQ(P("2024-12-07 10:15:00 +0200"), "2024-12-07T08:15:00Z");
  EXPECT_EQ(P("2024-12-07 10:15:00 UTC"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("2024-12-07T24:00:00Z"), "2024-12-08T00:00:00Z");
  EXPECT_EQ(P("2024-12-7"), "2024-12-07");  // unpadded: read as year/month/day
}

TEST(DateParse, ZonesMoveTheDay) {
  auto r = parse_publication_date("2024-12-07T01:30:00+03:00");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r->date.iso(), "2024-12-06");
  EXPECT_EQ(r->local_date.iso(), "2024-12-07");
  EXPECT_EQ(r->utc_offset_minutes, 180);
  ASSERT_TRUE(r->time);
  EXPECT_EQ(r->time->hour, 22);
  EXPECT_EQ(r->time->minute, 30);
  EXPECT_TRUE(r->zoned());

  EXPECT_EQ(P("2024-12-31T22:00:00-05:00"), "2025-01-01T03:00:00Z");  // across a year
  EXPECT_EQ(P("2024-03-01T00:10:00+01:00"), "2024-02-29T23:10:00Z");  // back into a leap day
  EXPECT_EQ(P("Tue, 31 Dec 2024 23:30:00 EST"), "2025-01-01T04:30:00Z");
  EXPECT_EQ(P("2024-12-07T05:45:00+05:45"), "2024-12-07T00:00:00Z");  // Nepal
}

TEST(DateParse, Rfc2822) {
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 +0000"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 GMT"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("Sat, 7 Dec 2024 10:15:00 UT"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 EST"), "2024-12-07T15:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 EDT"), "2024-12-07T14:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 CST"), "2024-12-07T16:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 MDT"), "2024-12-07T16:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 20:15:00 PST"), "2024-12-08T04:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 -0500"), "2024-12-07T15:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 +0000 (UTC)"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15 +0100"), "2024-12-07T09:15:00Z");
  EXPECT_EQ(P("07 Dec 2024 10:15:00 GMT"), "2024-12-07T10:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 24 10:15:00 GMT"), "2024-12-07T10:15:00Z");  // obsolete two-digit year
  EXPECT_EQ(P("Mon, 02 Mar 98 09:00:00 GMT"), "1998-03-02T09:00:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024"), "2024-12-07");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 GMT+2"), "2024-12-07T08:15:00Z");
  EXPECT_EQ(P("Sat, 07 Dec 2024 10:15:00 UTC-05:00"), "2024-12-07T15:15:00Z");
  EXPECT_EQ(P("Sat Dec  7 10:15:00 2024"), "2024-12-07T10:15:00");  // asctime
}

TEST(DateParse, WrittenForms) {
  for (const char* v : {"7 December 2024", "7th December 2024", "7th of December, 2024", "December 7, 2024",
                        "December 7th, 2024", "Dec. 7, 2024", "Dec 7 2024", "Dec 7, 2024", "7 Dec 2024", "07-Dec-2024",
                        "7-dec-2024", "Saturday, December 7, 2024", "Saturday 7 December 2024", "Sat. 7 Dec. 2024",
                        "DECEMBER 7, 2024", "Sept 7, 2024"}) {
    const std::string want = std::string(v) == "Sept 7, 2024" ? "2024-09-07" : "2024-12-07";
    EXPECT_EQ(P(v), want) << v;
  }
  EXPECT_EQ(P("December 7, 2024 10:15 pm"), "2024-12-07T22:15:00");
  EXPECT_EQ(P("December 7, 2024, 12:05 a.m. EST"), "2024-12-07T05:05:00Z");
  EXPECT_EQ(P("7 December 2024 at 10:15 GMT"), "2024-12-07T10:15:00Z");
}

TEST(DateParse, Reuters21578) {
  EXPECT_EQ(P("3-MAR-1987 09:18:21.26"), "1987-03-03T09:18:21.260");
  EXPECT_EQ(P("19-OCT-1987 23:59:59.99"), "1987-10-19T23:59:59.990");
  // The corpus's one broken time: the date is kept, the time dropped.
  auto r = parse_publication_date("31-MAR-1987 605:12:19.12");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r->iso(), "1987-03-31");
  EXPECT_FALSE(r->time);
  EXPECT_EQ(P("1-APR-1987 77:01:00.00"), "1987-04-01");
  EXPECT_EQ(P("1-APR-1987 12:75:00.00"), "1987-04-01");
}

TEST(DateParse, NumericOrders) {
  // ambiguous without an order
  EXPECT_EQ(P("07/12/2024").rfind("error: ambiguous date '07/12/2024'", 0), 0u) << P("07/12/2024");
  EXPECT_EQ(P("07/12/2024", DateOrder::kDMY), "2024-12-07");
  EXPECT_EQ(P("07/12/2024", DateOrder::kMDY), "2024-07-12");
  EXPECT_EQ(P("12/07/2024", DateOrder::kMDY), "2024-12-07");
  EXPECT_EQ(P("7.12.2024", DateOrder::kDMY), "2024-12-07");
  EXPECT_EQ(P("7-12-2024", DateOrder::kDMY), "2024-12-07");
  // one valid reading: accepted whatever the order
  EXPECT_EQ(P("13/12/2024"), "2024-12-13");
  EXPECT_EQ(P("12/13/2024"), "2024-12-13");
  EXPECT_EQ(P("12/12/2024"), "2024-12-12");  // both readings agree
  // year first: always year/month/day
  EXPECT_EQ(P("2024/12/07"), "2024-12-07");
  EXPECT_EQ(P("2024/12/07", DateOrder::kMDY), "2024-12-07");
  EXPECT_EQ(P("2024.12.07", DateOrder::kYMD), "2024-12-07");
  // the order says nothing about a year-last form when it is ymd
  EXPECT_EQ(P("07/12/2024", DateOrder::kYMD).rfind("error: ambiguous", 0), 0u);
  // a given order is obeyed even where it makes the value impossible
  EXPECT_EQ(P("13/12/2024", DateOrder::kMDY).rfind("error: unrecognised date '13/12/2024'", 0), 0u);
  EXPECT_EQ(P("07/12/2024 10:15", DateOrder::kDMY), "2024-12-07T10:15:00");
}

TEST(DateParse, FakesMonthFirst) {
  // FA-KES writes M/D/YYYY without padding; the eval passes order = mdy.
  EXPECT_EQ(P("4/5/2017", DateOrder::kMDY), "2017-04-05");
  EXPECT_EQ(P("11/3/2015", DateOrder::kMDY), "2015-11-03");
  EXPECT_EQ(P("2/29/2016", DateOrder::kMDY), "2016-02-29");
  EXPECT_EQ(P("12/31/2013", DateOrder::kMDY), "2013-12-31");
  EXPECT_EQ(P("9/21/2016"), "2016-09-21");  // only one reading
  EXPECT_EQ(P("4/5/2017").rfind("error: ambiguous", 0), 0u);
}

TEST(DateParse, Errors) {
  for (const char* v : {"", "yesterday", "2024-02-30", "2024-13-01", "2024-12-07T25:00:00Z",
                        "2024-12-07T10:15:00+25:00", "2024-12-07 later", "31 February 2024", "December 2024",
                        "7 Smarch 2024", "07/12/24", "7 December", "Sat, 07 Dec 2024 10:15:00 XYZ", "12345",
                        "2024/13/40", "1.2.3", "Dec 7 2024 and more", "7 Dezember 2024", "Février 7, 2024"}) {
    auto r = parse_publication_date(v);
    ASSERT_FALSE(r) << v << " -> " << r->iso();
    EXPECT_EQ(r.status().code(), ErrorCode::kParseError);
    const std::string msg = r.status().message();
    std::string quoted = "'";
    quoted += v;
    quoted += '\'';
    EXPECT_NE(msg.find(quoted), std::string::npos) << msg;
    EXPECT_EQ(msg.rfind("unrecognised date '", 0), 0u) << msg;
  }
  EXPECT_NE(parse_publication_date("2024-02-30").status().message().find("no such day"), std::string::npos);
  const std::string long_value(300, '9');
  EXPECT_FALSE(parse_publication_date(long_value));
}

TEST(DateParse, Weekdays) {
  EXPECT_EQ(weekday(Date{2024, 12, 7}), 5);  // Saturday
  EXPECT_EQ(weekday(Date{1970, 1, 1}), 3);   // Thursday
  EXPECT_EQ(weekday(Date{2024, 12, 9}), 0);  // Monday
  EXPECT_EQ(weekday(Date{1969, 12, 28}), 6);
  EXPECT_EQ(weekday_from_name("Saturday"), 5);
  EXPECT_EQ(weekday_from_name("sat."), 5);
  EXPECT_EQ(weekday_from_name("Tues"), 1);
  EXPECT_EQ(weekday_from_name("Thurs."), 3);
  EXPECT_EQ(weekday_from_name("su"), -1);
  EXPECT_EQ(weekday_from_name("sundays"), -1);
}

}  // namespace
}  // namespace sitrep
