// The ranked page (searcher/src/ranking.h): the proximity boost checked over the best candidates
// only (rerank) gives the page the boost over every match gives — the same hits in the same order
// — for each sort, at offsets 0 and 5, with more matches than candidates.
#include "ranking.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine_query.h"
#include "facet_cache.h"
#include "match_counter.h"
#include "query_builder.h"
#include "sitrep/indexer.h"
#include "sitrep/schema.h"
#include "built_query_suite.h"
#include "test_util.h"

namespace sitrep {
namespace {

using Sort = SearchOptions::Sort;

std::vector<Xapian::docid> docids(const Xapian::MSet& m) {
  std::vector<Xapian::docid> out;
  for (auto it = m.begin(); it != m.end(); ++it) out.push_back(*it);
  return out;
}

// The page's hits.
std::vector<Xapian::docid> docids(const Page& p) {
  std::vector<Xapian::docid> out;
  for (const auto& h : p.hits) out.push_back(*h.match);
  return out;
}

class RankingTest : public test::BuiltQuerySuite<RankingTest> {
 protected:
  static void SetUpTestSuite() {
    // 180 reports naming a border and a crossing, more than the rerank's 100 candidates: the two
    // words together, in either order, or apart by a few words; texts of different lengths (their
    // weights differ), dates shared by several.
    const char* fillers[] = {"guards",    "waited", "trucks",   "northern", "night",   "patrol", "road", "closed",
                             "officials", "said",   "shelling", "reopened", "village", "convoy", "hills"};
    unsigned seed = 12345;
    auto next = [&seed](unsigned n) {
      seed = seed * 1103515245u + 12345u;
      return (seed >> 16) % n;
    };
    std::vector<Article> articles;
    for (int k = 0; k < 180; ++k) {
      std::vector<std::string> words;
      const unsigned length = 8 + next(30);
      for (unsigned w = 0; w < length; ++w) words.push_back(fillers[next(15)]);
      const unsigned at = next(length - 4);
      const unsigned gap = k % 4 == 0 ? 1 : 1 + next(4);  // 1: side by side; at + gap < length
      words[at] = k % 3 == 0 ? "crossing" : "border";
      words[at + gap] = k % 3 == 0 ? "border" : "crossing";
      if (k % 5 == 0) words[(at + gap + 1) % length] = "fighters";
      if (k % 7 == 0) words[(at + 5) % length] = "sent";
      std::string text;
      for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
      articles.push_back(test::article("r" + std::to_string(k), Date{2024, 1 + k % 12, 1 + k % 9},
                                       "Report " + std::to_string(k), text + "."));
    }
    // One story three times (near-duplicates collapsed on the page): the words together in the
    // text of each, and in the title of one.
    const std::string story =
        "Guards closed the border crossing near the northern village at night, officials said, while trucks "
        "waited on the road for the convoy to pass through the hills.";
    for (const char* title : {"Trucks wait on the road", "Border crossing closed", "Night in the hills"})
      articles.push_back(test::article(std::string("copy-") + title[0], {2024, 12, 8}, title, story));
    index_suite("ranking", articles);
  }
};

TEST_F(RankingTest, RerankOverTheBestCandidatesGivesThePageOfEveryMatch) {
  Xapian::Database db(dir_);
  const Budget budget(0);
  const FacetCache cache(db, cached_slots(), db.get_revision());
  std::size_t boosted = 0;  // pages the boost changes (else the comparison proves little)
  for (const char* q : {"border crossing", "crossing border", "fighters border crossing", "sent border crossing"}) {
    const Built b = built(db, q);
    ASSERT_FALSE(b.proximity.empty()) << q;
    Xapian::Enquire all(db);
    all.set_query(b.query);
    const Xapian::doccount matches = all.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    ASSERT_GT(matches, kRerankCandidates) << q;  // candidates are a part of the matches
    for (Sort sort : {Sort::kRelevance, Sort::kNewest, Sort::kOldest}) {
      for (std::size_t offset : {0, 5}) {
        for (bool collapse : {true, false}) {
          SCOPED_TRACE(std::string(q) + ", sort " + std::to_string(static_cast<int>(sort)) + ", offset " +
                       std::to_string(offset) + (collapse ? "" : ", every copy"));
          SearchOptions o;
          o.sort = sort;
          o.offset = offset;
          o.limit = 10;
          o.collapse_duplicates = collapse;
          // Xapian's collapse over every match, the boost over every match: the reference.
          const Page everywhere = rank_page(db, b.query, b.proximity, o, budget, false);
          EXPECT_EQ(everywhere.engine_query, with_proximity(b).get_description());
          EXPECT_EQ(everywhere.engine_query.find("DocidSource"), std::string::npos) << everywhere.engine_query;
          EXPECT_GT(everywhere.estimated, 0u);
          // Reranked over the candidates, collapsed by Xapian or by the facet cache's groups (and,
          // reranked, ordered by the cache's dates instead of the value table's).
          for (const FacetCache* with : {static_cast<const FacetCache*>(nullptr), &cache}) {
            SCOPED_TRACE(with ? "the cache's groups and dates" : "Xapian's collapse and values");
            for (bool rerank : {true, false}) {
              const Page page = rank_page(db, b.query, b.proximity, o, budget, rerank, with);
              ASSERT_EQ(page.hits.size(), 10u) << rerank;
              EXPECT_EQ(docids(page), docids(everywhere)) << rerank;
              for (std::size_t k = 0; k < page.hits.size() && k < everywhere.hits.size(); ++k)
                EXPECT_NEAR(page.hits[k].match.get_weight(), everywhere.hits[k].match.get_weight(), 1e-9)
                    << "rank " << k;
              EXPECT_GT(page.estimated, 0u);
              EXPECT_LE(page.estimated, matches);
              EXPECT_EQ(page.engine_query.find("DocidSource") != std::string::npos, rerank) << page.engine_query;
            }
          }
          const Page reranked = rank_page(db, b.query, b.proximity, o, budget, true);
          if (docids(reranked) != docids(rank_page(db, b.query, Xapian::Query(), o, budget, true))) ++boosted;
          if (sort == Sort::kRelevance) {
            // The page is Xapian's own ranking of the query with the boost over every match.
            Xapian::Enquire e(db);
            e.set_query(engine_queries(db, test::gazetteer(), *searcher_->parse(q)).ranked);
            e.set_sort_by_relevance_then_value(schema::kSlotDate, true);
            if (collapse) e.set_collapse_key(schema::kSlotDuplicate);
            EXPECT_EQ(docids(reranked), docids(e.get_mset(static_cast<Xapian::doccount>(offset), 10)));
          }
        }
      }
    }
  }
  EXPECT_GE(boosted, 8u);
}

TEST_F(RankingTest, SortsAndPagesInOrder) {
  Xapian::Database db(dir_);
  const Budget budget(0);
  const Built b = built(db, "border crossing");
  for (Sort sort : {Sort::kRelevance, Sort::kNewest, Sort::kOldest}) {
    SearchOptions first, second;
    first.sort = second.sort = sort;
    first.limit = 10;
    second.offset = 5;
    second.limit = 10;
    const auto p0 = docids(rank_page(db, b.query, b.proximity, first, budget, true));
    const auto p5 = docids(rank_page(db, b.query, b.proximity, second, budget, true));
    ASSERT_EQ(p0.size(), 10u);
    ASSERT_EQ(p5.size(), 10u);
    // Offset 5 starts at the sixth hit of offset 0.
    EXPECT_EQ(std::vector<Xapian::docid>(p0.begin() + 5, p0.end()),
              std::vector<Xapian::docid>(p5.begin(), p5.begin() + 5));
    if (sort == Sort::kRelevance) continue;
    for (std::size_t k = 1; k < p0.size(); ++k) {
      const std::string before = db.get_document(p0[k - 1]).get_value(schema::kSlotDate);
      const std::string after = db.get_document(p0[k]).get_value(schema::kSlotDate);
      if (sort == Sort::kNewest)
        EXPECT_GE(before, after) << k;
      else
        EXPECT_LE(before, after) << k;
    }
  }
}

// The facet cache's dates order the page as the value table does: a query whose matches all weigh
// the same (a filter: the order is the dates' alone), one word (ties among texts of equal length),
// and the reranked two words, in every sort, on several pages.
TEST_F(RankingTest, CachedDatesOrderAsTheValueTable) {
  Xapian::Database db(dir_);
  const Budget budget(0);
  const FacetCache cache(db, cached_slots(), db.get_revision());
  for (const char* q : {"date:2024", "crossing", "border crossing"}) {
    const Built b = built(db, q);
    for (Sort sort : {Sort::kRelevance, Sort::kNewest, Sort::kOldest}) {
      for (std::size_t offset : {0, 10, 40}) {
        SCOPED_TRACE(std::string(q) + ", sort " + std::to_string(static_cast<int>(sort)) + ", offset " +
                     std::to_string(offset));
        SearchOptions o;
        o.sort = sort;
        o.offset = offset;
        o.limit = 10;
        o.collapse_duplicates = false;
        const auto values = docids(rank_page(db, b.query, b.proximity, o, budget, true));
        const auto cached = docids(rank_page(db, b.query, b.proximity, o, budget, true, &cache));
        ASSERT_EQ(values.size(), 10u);
        EXPECT_EQ(cached, values);
      }
    }
  }
}

// A page of filters alone by date: walking the cache's documents by date from either end gives
// what sorting the matches' dates gives, for sets from one match to every document, with and
// without near-duplicate groups, at several depths.
TEST_F(RankingTest, PagesByDateWalkedAsSorted) {
  Xapian::Database db(dir_);
  const FacetCache cache(db, cached_slots(), db.get_revision());
  // The documents by date: every one once, in date order, ties by docid.
  const auto& by = cache.by_date();
  ASSERT_EQ(by.docs.size(), db.get_lastdocid());
  const FacetCache::Slot* dates = cache.slot(schema::kSlotDate);
  ASSERT_NE(dates, nullptr);
  for (std::size_t k = 1; k < by.docs.size(); ++k) {
    const auto a = cache.order_of(*dates, by.docs[k - 1]), b = cache.order_of(*dates, by.docs[k]);
    ASSERT_TRUE(a < b || (a == b && by.docs[k - 1] < by.docs[k])) << k;
  }
  unsigned seed = 777;
  auto next = [&seed](unsigned n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  const DuplicateGroups* groups = &cache.duplicates();
  for (unsigned percent : {0u, 1u, 5u, 30u, 90u, 100u}) {
    Roaring docs;
    for (Xapian::docid d = 1; d <= db.get_lastdocid(); ++d)
      if (next(100) < percent) docs.add(d);
    if (percent == 1) docs.add(db.get_lastdocid());  // at least one
    for (bool newest : {true, false})
      for (const DuplicateGroups* g : {static_cast<const DuplicateGroups*>(nullptr), groups})
        for (std::size_t want : {1, 10, 25, 200}) {
          SCOPED_TRACE(std::to_string(percent) + "%, newest " + std::to_string(newest) + ", groups " +
                       std::to_string(g != nullptr) + ", want " + std::to_string(want));
          const auto sorted = first_by_date(docs, cache, newest, g, want, DateOrderMethod::kSort);
          EXPECT_EQ(first_by_date(docs, cache, newest, g, want, DateOrderMethod::kWalk), sorted);
          EXPECT_EQ(first_by_date(docs, cache, newest, g, want), sorted);
          // The page's end, or with groups its candidates (one group of three copies here).
          EXPECT_EQ(sorted.size(), std::min<std::size_t>(docs.cardinality(), g ? std::max(want * 2, want + 20) : want));
        }
  }
}

TEST_F(RankingTest, WithoutProximityOrTooDeepNoCandidates) {
  Xapian::Database db(dir_);
  const Budget budget(0);
  const Built b = built(db, "border crossing");
  SearchOptions o;
  // No boost: the query as it is.
  Page p = rank_page(db, b.query, Xapian::Query(), o, budget, true);
  EXPECT_EQ(p.engine_query, b.query.get_description());
  EXPECT_EQ(p.hits.size(), 10u);
  EXPECT_GT(p.estimated, 0u);
  // Deeper than kMaxRerank candidates: the boost over every match.
  o.offset = kMaxRerank;
  o.limit = 10;
  p = rank_page(db, b.query, b.proximity, o, budget, true);
  EXPECT_EQ(p.engine_query.find("DocidSource"), std::string::npos) << p.engine_query;
  EXPECT_EQ(p.hits.size(), 0u);  // 183 articles
  EXPECT_GT(p.estimated, 0u);
  // A query matching nothing: an empty page, nothing estimated.
  const Built none = built(db, "nothing-matches-this");
  p = rank_page(db, none.query, none.proximity, SearchOptions{}, budget, true);
  EXPECT_EQ(p.hits.size(), 0u);
  EXPECT_EQ(p.estimated, 0u);
}

}  // namespace
}  // namespace sitrep
