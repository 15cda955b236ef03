// sitrep: the date histogram of a search (see histogram.h).
#include "histogram.h"

#include <cstdint>
#include <cstdio>

namespace sitrep {
namespace {

std::string with_thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out.push_back(',');
    out.push_back(digits[k]);
  }
  return out;
}

// A day written "YYYYMMDD" (the date slot) or "YYYY-MM-DD", without copying it (a histogram reads
// every distinct day of the matches).
std::optional<Date> day_of(std::string_view v) {
  if (v.size() != 8) return parse_iso_date(v);
  int digits[8];
  for (std::size_t k = 0; k < 8; ++k) {
    if (v[k] < '0' || v[k] > '9') return std::nullopt;
    digits[k] = v[k] - '0';
  }
  const Date d{digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3], digits[4] * 10 + digits[5],
               digits[6] * 10 + digits[7]};
  if (!d.valid()) return std::nullopt;
  return d;
}

}  // namespace

DayCounts in_order(const std::map<std::string, Xapian::doccount>& counts) {
  DayCounts out;
  out.reserve(counts.size());
  for (const auto& [value, n] : counts) out.emplace_back(value, n);
  return out;
}

Date bucket_start(const Date& d, SearchOptions::Interval iv) {
  using I = SearchOptions::Interval;
  switch (iv) {
    case I::kWeek:
      // Monday (1970-01-01 was a Thursday; before it, % gives a negative remainder).
      return d.add_days(-(((d.to_days() + 3) % 7 + 7) % 7));
    case I::kMonth:
      return Date{d.year, d.month, 1};
    case I::kYear:
      return Date{d.year, 1, 1};
    default:
      return d;
  }
}

Histogram make_histogram(const DayCounts& days, SearchOptions::Interval interval, std::size_t max_buckets, bool asked) {
  Histogram h;
  std::vector<std::pair<Date, Xapian::doccount>> counts;
  counts.reserve(days.size());
  for (const auto& [value, n] : days)
    if (auto d = day_of(value)) counts.emplace_back(*d, n);
  if (counts.empty() || interval == SearchOptions::Interval::kNone) return h;
  const Date lo = counts.front().first, hi = counts.back().first;
  using I = SearchOptions::Interval;
  // Start of the bucket holding d, and the start of the next one.
  auto next_start = [](const Date& s, I iv) -> Date {
    switch (iv) {
      case I::kWeek:
        return s.add_days(7);
      case I::kMonth:
        return s.month == 12 ? Date{s.year + 1, 1, 1} : Date{s.year, s.month + 1, 1};
      case I::kYear:
        return Date{s.year + 1, 1, 1};
      default:
        return s.add_days(1);
    }
  };
  auto buckets_for = [&](I iv) {
    std::size_t n = 0;
    for (Date s = bucket_start(lo, iv); s <= hi; s = next_start(s, iv)) ++n;
    return n;
  };
  const std::int64_t span = hi.to_days() - lo.to_days();
  I iv = interval;
  if (iv == I::kAuto) iv = span <= 62 ? I::kDay : span <= 366 ? I::kWeek : span <= 366 * 6 ? I::kMonth : I::kYear;
  auto name = [](I i) { return i == I::kDay ? "day" : i == I::kWeek ? "week" : i == I::kMonth ? "month" : "year"; };
  if (asked) {
    if (const std::size_t n = buckets_for(iv); n > max_buckets) {
      std::string coarser;
      for (I c : {I::kWeek, I::kMonth, I::kYear})
        if (c > iv) coarser += std::string(coarser.empty() ? "" : c == I::kYear ? " or " : ", ") + name(c);
      throw HistogramTooFine(std::string("a ") + name(iv) + " histogram of these matches needs " + with_thousands(n) +
                             " buckets (" + lo.iso() + " to " + hi.iso() + "), more than the limit of " +
                             with_thousands(max_buckets) + ": " +
                             (coarser.empty() ? std::string() : "ask for " + coarser + ", or ") + "narrow the dates");
    }
  }
  while (iv != I::kYear && buckets_for(iv) > max_buckets)
    iv = iv == I::kDay ? I::kWeek : iv == I::kWeek ? I::kMonth : I::kYear;
  h.interval = name(iv);
  std::size_t k = 0;
  for (Date s = bucket_start(lo, iv); s <= hi; s = next_start(s, iv)) {
    const Date e = next_start(s, iv).add_days(-1);
    HistogramBucket b;
    b.first = s.iso();
    b.last = e.iso();
    switch (iv) {
      case I::kWeek: {
        // ISO week: the week's Thursday gives its year.
        const Date thu = s.add_days(3);
        const int week = static_cast<int>((thu.to_days() - Date{thu.year, 1, 1}.to_days()) / 7 + 1);
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-W%02d", thu.year, week);
        b.key = buf;
        break;
      }
      case I::kMonth:
        b.key = b.first.substr(0, 7);
        break;
      case I::kYear:
        b.key = b.first.substr(0, 4);
        break;
      default:
        b.key = b.first;
    }
    for (; k < counts.size() && counts[k].first <= e; ++k) b.count += counts[k].second;
    h.buckets.push_back(std::move(b));
  }
  return h;
}


}  // namespace sitrep
