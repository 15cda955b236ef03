// The match set as a bitmap (searcher/src/match_set.h): for every operator sitrep's queries use,
// exactly the documents Xapian's own matcher matches; the posting cache per revision.
#include "match_set.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "sitrep/indexer.h"
#include "sitrep/schema.h"
#include "test_util.h"

namespace sitrep {
namespace {

Article article(std::string id, Date date, std::string text) {
  Article a;
  a.id = id;
  a.date = date;
  a.title = id;
  a.text = std::move(text);
  a.source = "Test Wire";
  a.lang = "en";
  a.origin = id;
  return a;
}

class MatchSetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One index per process: ctest runs each test in a process of its own, two at a time.
    dir_ = test::scratch("match-set-" + std::to_string(getpid())).string();
    sharded_ = dir_ + "-shards";
    write(dir_, 0);
    write(sharded_, 3);
  }
  // Sixty short reports in a few patterns, so that every operator has something to tell apart.
  static void write(const std::string& dir, std::size_t shards) {
    IndexerOptions options;
    options.shards = shards;
    auto ix = Indexer::open(dir, options);
    ASSERT_TRUE(ix) << ix.status().to_string();
    const char* towns[] = {"Hermel", "Qusayr", "Aleppo", "Kyiv", "Kharkiv", "Gaza"};
    const char* verbs[] = {"shelled", "deployed fighters to", "sent reinforcements to", "struck"};
    const char* actors[] = {"Hezbollah", "the army", "Russian forces", "Hamas", "rebels"};
    for (int k = 0; k < 60; ++k) {
      std::string text = actors[k % 5];
      text.append(" ").append(verbs[k % 4]).append(" ").append(towns[k % 6]);
      if (k % 7 == 0) text.append(" near the border crossing");
      text.append(" on Monday, officials said.");
      std::string id = "a";
      id.append(std::to_string(k));
      auto r = ix->add(article(id, Date{2024, 1 + k % 12, 1 + k % 28}, text));
      ASSERT_TRUE(r) << r.status().to_string();
    }
    ASSERT_TRUE(ix->commit());
    ASSERT_TRUE(ix->remove("a5"));  // a hole in the docids
    ASSERT_TRUE(ix->commit());
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(dir_);
    std::filesystem::remove_all(sharded_);
  }

  // What Xapian's matcher matches, as a bitmap.
  static Roaring by_xapian(const Xapian::Database& db, const Xapian::Query& q) {
    Xapian::Enquire e(db);
    e.set_query(q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet m = e.get_mset(0, db.get_doccount(), db.get_doccount());
    Roaring out;
    for (auto it = m.begin(); it != m.end(); ++it) out.add(static_cast<std::uint32_t>(*it));
    return out;
  }
  // Every operator sitrep's queries use, alone and nested.
  static std::vector<std::pair<const char*, Xapian::Query>> queries() {
    using Q = Xapian::Query;
    const Q hezbollah(schema::term(schema::kActor, "hezbollah"));
    const Q hermel(schema::term(schema::kPlace, "lb-hermel"));
    const Q aleppo(schema::term(schema::kPlace, "sy-aleppo"));
    const Q shell(schema::term(schema::kStem, "shell"));
    const Q sent(schema::term(schema::kStem, "sent"));
    const Q y2024("Y2024");
    const Q all{std::string()};
    const std::vector<Q> near_words{Q("hezbollah"), Q("hermel")};
    return {
        {"term", hezbollah},
        {"absent term", Q("XAnobody")},
        {"match all", all},
        {"match nothing", Q::MatchNothing},
        {"or", Q(Q::OP_OR, hermel, aleppo)},
        {"and", Q(Q::OP_AND, hezbollah, shell)},
        {"synonym", Q(Q::OP_SYNONYM, shell, sent)},
        {"max", Q(Q::OP_MAX, shell, sent)},
        {"and not", Q(Q::OP_AND_NOT, all, hezbollah)},
        {"filter", Q(Q::OP_FILTER, Q(Q::OP_OR, shell, sent), Q(Q::OP_AND, y2024, hezbollah))},
        {"and maybe", Q(Q::OP_AND_MAYBE, hermel, hezbollah)},
        {"scale weight", Q(Q::OP_SCALE_WEIGHT, aleppo, 0.5)},
        {"xor", Q(Q::OP_XOR, hezbollah, hermel)},
        {"phrase", Q(Q::OP_PHRASE, Q("border"), Q("crossing"))},
        {"near", Q(Q::OP_NEAR, near_words.begin(), near_words.end(), 4)},
        {"wildcard", Q(Q::OP_WILDCARD, "reinforc", 100, Q::WILDCARD_LIMIT_ERROR, Q::OP_SYNONYM)},
        {"posting source", Q(Q::OP_FILTER, Q(std::make_unique<Xapian::FixedWeightPostingSource>(1.0).release()->release()),
                             hermel)},
        {"nested", Q(Q::OP_AND_NOT,
                     Q(Q::OP_FILTER, Q(Q::OP_AND_MAYBE, Q(Q::OP_OR, shell, Q(Q::OP_PHRASE, Q("border"), Q("crossing"))),
                                       Q(Q::OP_SCALE_WEIGHT, hezbollah, 0.5)),
                       Q(Q::OP_OR, Q(Q::OP_OR, hermel, aleppo), Q(Q::OP_AND, y2024, all))),
                     Q(Q::OP_OR, Q("XAhamas"), sent))},
    };
  }
  static inline std::string dir_;
  static inline std::string sharded_;
};

TEST_F(MatchSetTest, EveryOperatorMatchesWhatXapianMatches) {
  Xapian::Database db(dir_);
  using Q = Xapian::Query;
  const Q hezbollah(schema::term(schema::kActor, "hezbollah"));
  const Q all{std::string()};
  PostingCache cache(1 << 20);
  for (const auto& [name, q] : queries()) {
    const Roaring want = by_xapian(db, q);
    MatchSetStats stats;
    EXPECT_EQ(match_set(db, q, nullptr, 0, &stats), want) << name << ": " << q.get_description();
    EXPECT_EQ(match_set(db, q, &cache, db.get_revision()), want) << name << " (cached)";
    EXPECT_EQ(match_set(db, q, &cache, db.get_revision()), want) << name << " (from the cache)";
  }
  // Sanity: the fixture tells the operators apart.
  EXPECT_EQ(match_set(db, all).cardinality(), 59u);
  EXPECT_GT(match_set(db, hezbollah).cardinality(), 0u);
  EXPECT_LT(match_set(db, hezbollah).cardinality(), 59u);
  EXPECT_GT(match_set(db, Q(Q::OP_PHRASE, Q("border"), Q("crossing"))).cardinality(), 0u);
}

// A stub of local shards evaluated shard by shard on threads of their own: the same set as the
// stub evaluated as one database, and as Xapian's matcher over the stub (issue 15: parallel =
// sequential), with and without each shard's posting cache.
TEST_F(MatchSetTest, ShardsInParallelMatchWhatTheStubMatches) {
  Xapian::Database stub(sharded_);
  std::vector<Xapian::Database> shards;
  for (int i = 0; i < 3; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "shard-%02d", i);
    shards.emplace_back(sharded_ + "/" + name);
  }
  std::vector<const Xapian::Database*> parts;
  std::vector<Xapian::rev> revisions;
  for (const auto& s : shards) {
    parts.push_back(&s);
    revisions.push_back(s.get_revision());
  }
  ASSERT_EQ(stub.get_doccount(), 59u);
  PostingCache c0(1 << 20), c1(1 << 20), c2(1 << 20);
  const std::vector<PostingCache*> caches{&c0, &c1, &c2};
  for (const auto& [name, q] : queries()) {
    const Roaring want = by_xapian(stub, q);
    EXPECT_EQ(match_set(stub, q), want) << name;
    EXPECT_EQ(match_set_over_shards(parts, q), want) << name << ": " << q.get_description();
    EXPECT_EQ(match_set_over_shards(parts, q, caches, revisions), want) << name << " (cached)";
    EXPECT_EQ(match_set_over_shards(parts, q, caches, revisions), want) << name << " (from the caches)";
  }
  EXPECT_GT(c0.entries() + c1.entries() + c2.entries(), 0u);
}

TEST_F(MatchSetTest, PostingCacheIsPerRevisionAndBounded) {
  Xapian::Database db(dir_);
  PostingCache cache(1 << 20);
  MatchSetStats stats;
  const Xapian::Query q(Xapian::Query::OP_AND, Xapian::Query("XAhezbollah"), Xapian::Query("Y2024"));
  (void)match_set(db, q, &cache, 7, &stats);
  EXPECT_EQ(stats.terms, 2u);
  EXPECT_EQ(stats.cached, 0u);
  EXPECT_EQ(cache.entries(), 2u);
  MatchSetStats again;
  (void)match_set(db, q, &cache, 7, &again);
  EXPECT_EQ(again.cached, 2u);
  // Another revision starts afresh.
  (void)match_set(db, Xapian::Query("XAhezbollah"), &cache, 8);
  EXPECT_EQ(cache.entries(), 1u);
  // A bound smaller than one bitmap keeps nothing, and answers all the same.
  PostingCache tiny(16);
  EXPECT_EQ(match_set(db, q, &tiny, 7), match_set(db, q));
  EXPECT_EQ(tiny.entries(), 0u);
  EXPECT_EQ(tiny.bytes(), 0u);
}

}  // namespace
}  // namespace sitrep
