#include "sitrep/date.h"

#include <gtest/gtest.h>

namespace sitrep {

TEST(Date, DaysRoundTrip) {
  for (Date d : {Date{1970, 1, 1}, Date{2024, 2, 29}, Date{2024, 12, 7}, Date{1900, 3, 1}, Date{2100, 12, 31}}) {
    EXPECT_EQ(Date::from_days(d.to_days()), d) << d.iso();
  }
  EXPECT_EQ(Date({1970, 1, 1}).to_days(), 0);
  EXPECT_EQ(Date({2024, 11, 27}).add_days(1), Date({2024, 11, 28}));
  EXPECT_EQ(Date({2024, 12, 31}).add_days(1), Date({2025, 1, 1}));
  EXPECT_EQ(Date({2024, 3, 1}).add_days(-1), Date({2024, 2, 29}));
}

TEST(Date, Validity) {
  EXPECT_TRUE(Date({2024, 2, 29}).valid());
  EXPECT_FALSE(Date({2023, 2, 29}).valid());
  EXPECT_FALSE(Date({2024, 13, 1}).valid());
  EXPECT_FALSE(Date({2024, 4, 31}).valid());
}

TEST(Date, ParseIso) {
  ASSERT_TRUE(parse_iso_date("2024-12-07"));
  EXPECT_EQ(parse_iso_date("2024-12-07")->compact(), "20241207");
  EXPECT_FALSE(parse_iso_date("2024-02-30"));
  EXPECT_FALSE(parse_iso_date("2024-12-7"));
  EXPECT_FALSE(parse_iso_date("07/12/2024"));
  auto m = parse_iso_span("2024-11");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->first.iso(), "2024-11-01");
  EXPECT_EQ(m->last.iso(), "2024-11-30");
  EXPECT_EQ(m->text(), "2024-11");
  auto y = parse_iso_span("2024");
  ASSERT_TRUE(y);
  EXPECT_EQ(y->last.iso(), "2024-12-31");
  EXPECT_FALSE(parse_iso_span("2024-13"));
}

TEST(Date, MonthNames) {
  EXPECT_EQ(month_from_name("December"), 12);
  EXPECT_EQ(month_from_name("dec."), 12);
  EXPECT_EQ(month_from_name("Sept"), 9);
  EXPECT_EQ(month_from_name("mayday"), 0);
  EXPECT_EQ(month_from_name("ma"), 0);
}

TEST(Date, TodayIsAValidDateAndMatchesTheTimestamp) {
  const Date today = today_utc();
  EXPECT_TRUE(today.valid());
  // utc_timestamp() begins with the same day (unless midnight passed between the two calls).
  const std::string stamp = utc_timestamp();
  EXPECT_TRUE(stamp.rfind(today.iso(), 0) == 0 || stamp.rfind(today.add_days(1).iso(), 0) == 0) << stamp;
}

}  // namespace sitrep
