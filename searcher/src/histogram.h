// sitrep: the date histogram of a search. Dates are counted per day (publication dates, slot
// kSlotDate "YYYYMMDD") or per bucket (event dates, EventBucketSpy), then made into buckets of
// the interval asked for, or one chosen from their span (make_histogram).
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/date.h"
#include "sitrep/schema.h"
#include "sitrep/searcher.h"

namespace sitrep {

// (value, count) pairs in value order: dates "YYYYMMDD" (or "YYYY-MM-DD") with their counts.
using DayCounts = std::vector<std::pair<std::string_view, Xapian::doccount>>;
// A counting map's pairs as DayCounts (views into the map).
DayCounts in_order(const std::map<std::string, Xapian::doccount>& counts);

// First day of the histogram bucket holding d.
Date bucket_start(const Date& d, SearchOptions::Interval iv);

// Counts, per bucket of one interval, the matching articles that name an event date in it
// (slot kSlotEvents: "YYYY-MM-DD", "YYYY-MM", "YYYY"; a date coarser than the interval is left
// out). Each article counts once per bucket. Keys are the buckets' first days, "YYYYMMDD".
class EventBucketSpy : public Xapian::MatchSpy {
 public:
  explicit EventBucketSpy(SearchOptions::Interval interval) : interval_(interval) {}
  void operator()(const Xapian::Document& doc, double) override { add_value(doc.get_value(schema::kSlotEvents)); }
  // One article's value of kSlotEvents (its dates joined by '\n').
  void add_value(const std::string& v) {
    std::vector<std::string> dates;
    std::size_t start = 0;
    while (start < v.size()) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      dates.push_back(v.substr(start, end - start));
      start = end + 1;
    }
    add_document(dates);
  }
  // One article's event dates ("YYYY-MM-DD", "YYYY-MM", "YYYY").
  void add_document(const std::vector<std::string>& dates) {
    using I = SearchOptions::Interval;
    std::set<std::string> keys;
    for (const std::string& e : dates) {
      std::optional<Date> d;
      if (e.size() == 10) {
        d = parse_iso_date(e);
      } else if (e.size() == 7 && (interval_ == I::kMonth || interval_ == I::kYear)) {
        if (auto span = parse_iso_span(e)) d = span->first;
      } else if (e.size() == 4 && interval_ == I::kYear) {
        if (auto span = parse_iso_span(e)) d = span->first;
      }
      if (d) keys.insert(bucket_start(*d, interval_).compact());
    }
    for (const auto& k : keys) ++counts_[k];
  }
  Xapian::MatchSpy* clone() const override { return std::make_unique<EventBucketSpy>(interval_).release(); }
  std::string name() const override { return "sitrep::EventBucketSpy"; }
  const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

 private:
  SearchOptions::Interval interval_;
  std::map<std::string, Xapian::doccount> counts_;
};

// An interval asked for explicitly that would need more buckets than SearchOptions::max_buckets
// (thrown by make_histogram, reported by Searcher::search as ErrorCode::kLimitExceeded).
class HistogramTooFine : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Buckets of dates. kAuto picks the interval from the span and coarsens it past max_buckets; an
// interval asked for (`asked`) comes out as asked, or HistogramTooFine is thrown when it needs more
// than max_buckets buckets.
Histogram make_histogram(const DayCounts& days, SearchOptions::Interval interval, std::size_t max_buckets, bool asked);

}  // namespace sitrep
