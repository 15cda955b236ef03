// The match counters (searcher/src/match_counter.h): over one index with near-duplicate wire copies
// (total_util.h) and the same queries, the cached, streamed and fetched counters count the same
// matches (Xapian's own collapsed count), the same facets and the same histogram, collapsing on
// and off, by publication and by event dates; a spent budget stops each of them.
#include "match_counter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sitrep/schema.h"
#include "test_util.h"
#include "total_util.h"
#include "wire_index.h"

namespace sitrep {
namespace {

using I = SearchOptions::Interval;

// Everything counted, one line per value, bucket and match, for readable differences.
std::vector<std::string> lines(const Counts& c) {
  std::vector<std::string> out;
  for (Xapian::docid d : c.matches.counted) out.push_back("match " + std::to_string(d));
  for (const auto& f : c.facets) {
    out.push_back("facet " + f.name);
    for (const auto& v : f.values) out.push_back("  " + v.id + " | " + v.name + " | " + std::to_string(v.count));
  }
  out.push_back("histogram " + c.histogram.field + " by " + c.histogram.interval);
  for (const auto& b : c.histogram.buckets)
    out.push_back("  " + b.key + " " + b.first + ".." + b.last + " " + std::to_string(b.count));
  return out;
}

class MatchCounterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = test::index_wire_corpus("match-counter-" + std::to_string(getpid()));
    SearcherConfig config;
    config.facet_cache = false;
    auto s = Searcher::open(dir_, config);
    ASSERT_TRUE(s) << s.status().to_string();
    searcher_.emplace(std::move(s).value());
  }
  static void TearDownTestSuite() {
    searcher_.reset();
    std::filesystem::remove_all(std::filesystem::path(dir_).parent_path());
  }

  static EngineQueries queries(const Xapian::Database& db, const std::string& q) {
    auto parsed = searcher_->parse(q);
    EXPECT_TRUE(parsed) << q << ": " << parsed.status().to_string();
    return engine_queries(db, test::gazetteer(), *parsed);
  }

  // The counters of one kind, over one database and budget.
  using Make = std::function<std::unique_ptr<MatchCounter>(const Xapian::Database&, const Budget&)>;
  static std::vector<std::pair<std::string, Make>> kinds(const Xapian::Database& db, PostingCache* postings) {
    auto cache = std::make_shared<const FacetCache>(db, cached_slots(), db.get_revision());
    return {
        {"cached", [cache](const Xapian::Database& d, const Budget& b) { return cached_counter(d, cache, {}, b); }},
        {"cached with postings",
         [cache, postings](const Xapian::Database& d, const Budget& b) {
           MatchSource source;
           source.postings = postings;
           source.revision = d.get_revision();
           return cached_counter(d, cache, source, b);
         }},
        {"streamed", [](const Xapian::Database& d, const Budget& b) { return streamed_counter(d, b); }},
        {"fetched", [](const Xapian::Database& d, const Budget& b) { return fetched_counter(d, b); }},
    };
  }

  // Lists the query's matches (its relaxed form's when it has none, as the searcher does), then
  // counts them.
  static Result<Counts> count(MatchCounter& counter, const EngineQueries& q, const CountOptions& o) {
    if (!counter.list(q.query) && !q.relaxed.empty()) counter.list(q.relaxed);
    return counter.count(o);
  }

  static inline std::string dir_;
  static inline std::optional<Searcher> searcher_;
};

TEST_F(MatchCounterTest, EveryCounterCountsTheSame) {
  Xapian::Database db(dir_);
  PostingCache postings(1 << 20);
  const Budget budget(0);
  const auto counters = kinds(db, &postings);
  std::vector<std::pair<std::string, CountOptions>> options;
  for (bool collapse : {true, false})
    for (bool by_event : {false, true})
      for (I interval : {I::kAuto, I::kDay, I::kWeek, I::kYear}) {
        CountOptions o;
        o.collapse = collapse;
        o.by_event = by_event;
        o.interval = interval;
        o.max_buckets = 1000;  // 2023-03-15 .. 2024-12-12 by day
        o.facet_top = interval == I::kWeek ? 2 : 100;
        o.parallel_from = interval == I::kDay ? 1 : 0;  // the cached counter on two threads
        options.emplace_back(std::string(collapse ? "collapsed" : "every copy") +
                                 (by_event ? ", event" : ", published") + ", interval " +
                                 std::to_string(static_cast<int>(interval)),
                             o);
      }
  std::size_t nonempty = 0;
  for (const auto& q : test::total_queries()) {
    const EngineQueries eq = queries(db, q);
    const std::uint64_t exact[2] = {test::xapian_total(db, eq, false), test::xapian_total(db, eq, true)};
    for (const auto& [what, o] : options) {
      SCOPED_TRACE("'" + q + "', " + what);
      std::optional<std::vector<std::string>> first;
      for (const auto& [kind, make] : counters) {
        auto counter = make(db, budget);
        auto c = count(*counter, eq, o);
        ASSERT_TRUE(c) << kind << ": " << c.status().to_string();
        // The total is Xapian's own count of the (collapsed) matches.
        EXPECT_EQ(c->matches.counted.size(), exact[o.collapse]) << kind;
        EXPECT_TRUE(std::is_sorted(c->matches.counted.begin(), c->matches.counted.end())) << kind;
        EXPECT_EQ(c->facets.size(), counted_facets().size()) << kind;
        EXPECT_EQ(c->histogram.field, o.by_event ? "event" : "published") << kind;
        if (!first) {
          first = lines(*c);
          if (!c->matches.counted.empty() && !o.by_event) {
            ++nonempty;
            EXPECT_FALSE(c->histogram.buckets.empty()) << kind;
          }
        } else {
          EXPECT_EQ(lines(*c), *first) << kind << " against " << counters.front().first;
        }
      }
    }
  }
  EXPECT_GE(nonempty, 8u * 8u);  // most queries match something, under every option
}

// The convoy story is three copies: "Hezbollah" counts it once (as wire-hermel-a, the first id,
// from Levant Wire) collapsed, three times not.
TEST_F(MatchCounterTest, CollapsedCopiesCountAsTheFirstId) {
  Xapian::Database db(dir_);
  const Budget budget(0);
  const EngineQueries eq = queries(db, "Hezbollah");
  auto source_count = [](const Counts& c, const std::string& name) -> std::uint64_t {
    for (const auto& f : c.facets)
      if (f.name == "source")
        for (const auto& v : f.values)
          if (v.name == name) return v.count;
    return 0;
  };
  const Xapian::docid copy = *db.postlist_begin(schema::term(schema::kId, "wire-hermel-a"));
  const std::string key = db.get_document(copy).get_value(schema::kSlotDuplicate);
  ASSERT_FALSE(key.empty());
  for (const auto& [kind, make] : kinds(db, nullptr)) {
    SCOPED_TRACE(kind);
    auto counter = make(db, budget);
    CountOptions collapsed, every;
    every.collapse = false;
    auto c = count(*counter, eq, collapsed);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->matches.counted.size(), 3u);
    EXPECT_EQ(source_count(*c, "Levant Wire"), 1u);
    EXPECT_EQ(source_count(*c, "Cedar Desk"), 1u);
    EXPECT_EQ(source_count(*c, "Orontes Daily"), 1u);
    // wire-hermel-a stands for its copies: two others.
    ASSERT_NE(std::find(c->matches.counted.begin(), c->matches.counted.end(), copy), c->matches.counted.end());
    EXPECT_EQ(c->matches.duplicates_of(copy, key), 2u);
    auto e = count(*counter, eq, every);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->matches.counted.size(), 5u);
    EXPECT_EQ(source_count(*e, "Cedar Desk"), 2u);
    EXPECT_EQ(source_count(*e, "Orontes Daily"), 2u);
    EXPECT_EQ(e->matches.duplicates_of(copy, key), 0u);  // nothing collapsed
  }
}

TEST_F(MatchCounterTest, SpentBudgetFailsTheCount) {
  Xapian::Database db(dir_);
  const Budget spent(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(spent.over());
  const EngineQueries eq = queries(db, "");
  for (const auto& [kind, make] : kinds(db, nullptr)) {
    for (bool by_event : {false, true}) {
      SCOPED_TRACE(kind + (by_event ? " by event" : ""));
      auto counter = make(db, spent);
      CountOptions o;
      o.by_event = by_event;
      auto c = count(*counter, eq, o);
      ASSERT_FALSE(c);
      EXPECT_EQ(c.status().code(), ErrorCode::kTimeBudget);
      EXPECT_NE(c.status().message().find("time budget of 1 ms"), std::string::npos) << c.status().to_string();
    }
  }
}

TEST(CountOptions, OfSearchOptions) {
  SearchOptions s;
  s.collapse_duplicates = false;
  s.facet_top = 7;
  s.histogram_field = SearchOptions::HistogramField::kEvent;
  s.histogram = I::kWeek;
  s.max_buckets = 0;
  const CountOptions o = CountOptions::of(s, 123);
  EXPECT_FALSE(o.collapse);
  EXPECT_EQ(o.facet_top, 7u);
  EXPECT_TRUE(o.by_event);
  EXPECT_EQ(o.interval, I::kWeek);
  EXPECT_EQ(o.max_buckets, 1u);  // at least one
  EXPECT_EQ(o.parallel_from, 123u);
  // The cache keeps every counted facet's slot, the publication date and the duplicate key.
  const auto slots = cached_slots();
  for (const auto& f : counted_facets())
    EXPECT_NE(std::find(slots.begin(), slots.end(), f.slot), slots.end()) << f.name;
  EXPECT_NE(std::find(slots.begin(), slots.end(), schema::kSlotDate), slots.end());
  EXPECT_NE(std::find(slots.begin(), slots.end(), schema::kSlotDuplicate), slots.end());
}

}  // namespace
}  // namespace sitrep
