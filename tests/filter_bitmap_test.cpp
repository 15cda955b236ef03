// The filters and exclusions of a query as one bitmap (searcher/src/filter_bitmap.h): the posting
// source walks the set as a posting list does (next, skip_to, check), and the query rewritten
// ranks as the query built: the same matches, the same weights, the same order, for each sort and
// page, with places, near-border sets, dates, exclusions and drill-down filters.
#include "filter_bitmap.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "facet_cache.h"
#include "match_counter.h"
#include "query_builder.h"
#include "ranking.h"
#include "sitrep/indexer.h"
#include "sitrep/searcher.h"
#include "built_query_suite.h"
#include "test_util.h"

namespace sitrep {
namespace {

std::shared_ptr<const Roaring> bitmap(std::initializer_list<std::uint32_t> ids) {
  auto r = std::make_shared<Roaring>();
  for (auto id : ids) r->add(id);
  return r;
}

TEST(BitmapSourceTest, WalksTheSetAsAPostingList) {
  BitmapSource s(bitmap({2, 3, 5, 8, 13, 100, 1000}));
  Xapian::Database none;
  s.init(none);
  EXPECT_EQ(s.get_termfreq_est(), 7u);
  EXPECT_EQ(s.get_maxweight(), 0.0);  // a filter: no weight
  s.next(0);
  ASSERT_FALSE(s.at_end());
  EXPECT_EQ(s.get_docid(), 2u);
  s.next(0);
  EXPECT_EQ(s.get_docid(), 3u);
  s.skip_to(4, 0);
  EXPECT_EQ(s.get_docid(), 5u);
  s.skip_to(3, 0);  // never backwards
  EXPECT_EQ(s.get_docid(), 5u);
  EXPECT_TRUE(s.check(8, 0));
  EXPECT_EQ(s.get_docid(), 8u);
  EXPECT_FALSE(s.check(9, 0));  // not there: next moves past it
  s.next(0);
  EXPECT_EQ(s.get_docid(), 13u);
  EXPECT_FALSE(s.check(50, 0));
  s.skip_to(20, 0);  // a skip to before the docid checked goes past it too
  EXPECT_EQ(s.get_docid(), 100u);
  EXPECT_TRUE(s.check(60, 0));  // already past: stays, as skip_to would
  EXPECT_EQ(s.get_docid(), 100u);
  s.next(0);
  EXPECT_EQ(s.get_docid(), 1000u);
  s.next(0);
  EXPECT_TRUE(s.at_end());

  // A clone walks from the start; an empty set is at its end after the first step.
  std::unique_ptr<Xapian::PostingSource> c(s.clone());
  c->init(none);
  c->skip_to(1001, 0);
  EXPECT_TRUE(c->at_end());
  BitmapSource empty(bitmap({}));
  empty.init(none);
  empty.next(0);
  EXPECT_TRUE(empty.at_end());
}

std::vector<std::pair<Xapian::docid, double>> ranking(const Page& p) {
  std::vector<std::pair<Xapian::docid, double>> out;
  for (const auto& h : p.hits) out.emplace_back(*h.match, h.match.get_weight());
  return out;
}

// How many documents a query matches, by Xapian.
Xapian::doccount every_match(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire e(db);
  e.set_query(q);
  return e.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

class FilterBitmapTest : public test::BuiltQuerySuite<FilterBitmapTest> {
 protected:
  static void SetUpTestSuite() {
    // 240 reports: shelling, a convoy or talks, in a Syrian or Lebanese town (some by the border),
    // over two years; texts of different lengths, so weights differ.
    const char* places[] = {"Aleppo", "Homs", "Idlib", "Beirut", "Tyre", "Naqoura", "Qusayr", "Damascus"};
    const char* words[] = {"shelling", "convoy", "talks", "border", "crossing", "night", "village", "officials",
                           "said", "trucks", "fighters", "reported", "hills", "road"};
    unsigned seed = 777;
    auto next = [&seed](unsigned n) {
      seed = seed * 1103515245u + 12345u;
      return (seed >> 16) % n;
    };
    std::vector<Article> articles;
    for (int k = 0; k < 240; ++k) {
      std::string text = std::string("Reports from ") + places[next(8)] + " said";
      const unsigned length = 6 + next(25);
      for (unsigned w = 0; w < length; ++w) text += std::string(" ") + words[next(14)];
      text += std::string(", and in ") + places[next(8)] + ".";
      articles.push_back(test::article("f" + std::to_string(k), Date{2023 + k % 2, 1 + k % 12, 1 + k % 27},
                                       "Report " + std::to_string(k), text));
    }
    // One story six times, on the newest dates (near-duplicates: the page collapses them).
    for (int k = 0; k < 6; ++k)
      articles.push_back(test::article("copy-" + std::to_string(k), Date{2024, 12, 20 + k % 3}, "Copy",
                                       "Shelling near Naqoura and Tyre by the border crossing was reported at night "
                                       "by officials in the village."));
    index_suite("filter-bitmap", articles);
  }
};

TEST_F(FilterBitmapTest, RanksAsTheQueryBuilt) {
  Xapian::Database db(dir_);
  const Budget budget(0);
  const FacetCache cache(db, cached_slots(), db.get_revision());
  PostingCache postings(std::size_t{8} << 20);
  const FilterSets sets{&postings, db.get_revision()};
  std::size_t rewritten = 0;
  for (const char* q : {"place:Aleppo shelling", "shelling near:Aleppo within:50km", "near:Lebanon",
                        "convoy -place:Homs", "talks after:2024-03-01", "shelling date:2023-02..2023-09 -convoy",
                        "country:Syria", "country:Lebanon border crossing", "shelling", "\"border crossing\" talks",
                        "date:2023-02..2023-09", "near:Lebanon -place:Tyre", "source:\"Test Wire\""}) {
    Built b = built(db, q);
    // A drill-down filter on top, as the searcher adds one.
    for (bool drill : {false, true}) {
      Xapian::Query query = b.query;
      if (drill) query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query("Y2024"));
      const Xapian::Query bitmaps = with_filter_bitmaps(db, query, sets);
      const bool has_filter = query.get_description().find("FILTER") != std::string::npos ||
                              query.get_description().find("AND_NOT") != std::string::npos;
      EXPECT_EQ(bitmaps.get_description().find("BitmapSource") != std::string::npos, has_filter)
          << q << ": " << bitmaps.get_description();
      rewritten += has_filter;
      for (auto sort : {SearchOptions::Sort::kRelevance, SearchOptions::Sort::kNewest, SearchOptions::Sort::kOldest}) {
        for (std::size_t offset : {0, 7}) {
          SCOPED_TRACE(std::string(q) + (drill ? " (drill-down)" : "") + ", sort " +
                       std::to_string(static_cast<int>(sort)) + ", offset " + std::to_string(offset));
          for (bool collapse : {true, false}) {
            SearchOptions o;
            o.sort = sort;
            o.offset = offset;
            o.limit = 20;
            o.collapse_duplicates = collapse;
            const Page plain = rank_page(db, query, b.proximity, o, budget, true, &cache);
            const Page fast = rank_page(db, query, b.proximity, o, budget, true, &cache, &sets);
            EXPECT_EQ(fast.engine_query.find("BitmapSource"), std::string::npos) << "shown as built";
            ASSERT_EQ(fast.hits.size(), plain.hits.size()) << collapse;
            const auto a = ranking(plain), f = ranking(fast);
            for (std::size_t k = 0; k < a.size(); ++k) {
              EXPECT_EQ(f[k].first, a[k].first) << "rank " << k << (collapse ? "" : ", every copy");
              EXPECT_NEAR(f[k].second, a[k].second, 1e-9) << "rank " << k;
            }
            // A query of filters alone is counted exactly (from its set).
            if (filter_bitmaps(db, query, sets).only_filters) {
              EXPECT_EQ(fast.estimated, every_match(db, query));
            }
          }
        }
      }
      // Every match, in order (not only a page).
      Xapian::Enquire e1(db), e2(db);
      e1.set_query(query);
      e2.set_query(bitmaps);
      const auto m1 = e1.get_mset(0, db.get_doccount()), m2 = e2.get_mset(0, db.get_doccount());
      ASSERT_EQ(m1.size(), m2.size()) << q;
      if (!drill) {
        EXPECT_GT(m1.size(), 0u) << q;
      }
      for (auto i1 = m1.begin(), i2 = m2.begin(); i1 != m1.end(); ++i1, ++i2) {
        EXPECT_EQ(*i1, *i2) << q;
        EXPECT_NEAR(i1.get_weight(), i2.get_weight(), 1e-9) << q;
      }
    }
  }
  EXPECT_GE(rewritten, 12u);  // most of the queries had filters to turn into bitmaps
}

// Which queries are their filters alone (ranked by date from the cache's dates).
TEST_F(FilterBitmapTest, QueriesOfFiltersAloneAreKnown) {
  Xapian::Database db(dir_);
  PostingCache postings(std::size_t{8} << 20);
  const FilterSets sets{&postings, db.get_revision()};
  for (const char* q : {"near:Lebanon", "date:2023-02..2023-09", "near:Lebanon -place:Tyre"}) {
    const auto f = filter_bitmaps(db, built(db, q).query, sets);
    ASSERT_NE(f.only_filters, nullptr) << q << ": " << built(db, q).query.get_description();
    EXPECT_EQ(f.only_filters->cardinality(), every_match(db, built(db, q).query)) << q;
    EXPECT_GT(f.only_filters->cardinality(), 0u) << q;
  }
  for (const char* q : {"shelling", "place:Aleppo shelling", "talks after:2024-03-01"})
    EXPECT_EQ(filter_bitmaps(db, built(db, q).query, sets).only_filters, nullptr) << q;
}

}  // namespace
}  // namespace sitrep
