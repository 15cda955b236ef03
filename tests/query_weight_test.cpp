// Issue 16: a word written several times weighs more (Xapian's wqf), and long free text — a pasted
// article — is searched, never refused for its length: it keeps its most informative words and
// says which it dropped. The article below is generated from a word list written for this test.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sitrep/format.h"
#include "sitrep/indexer.h"
#include "sitrep/query.h"
#include "sitrep/searcher.h"
#include "test_util.h"

namespace sitrep {
namespace {

using test::article;

const TextClause* clause(const ParsedQuery& q, const std::string& stem) {
  for (const auto& t : q.text())
    if (!t.terms.empty() && t.terms[0] == stem) return &t;
  return nullptr;
}

TEST(QueryWeight, ARepeatedWordCountsItsTimes) {
  QueryParser p(test::gazetteer());
  auto q = p.parse("medlars retrieval: how does medlars operate, and the applications of medlars");
  ASSERT_TRUE(q) << q.status().to_string();
  const TextClause* m = clause(*q, "medlar");
  ASSERT_NE(m, nullptr) << q->summary();
  EXPECT_EQ(m->wqf, 3u);
  const TextClause* r = clause(*q, "retriev");
  ASSERT_NE(r, nullptr) << q->summary();
  EXPECT_EQ(r->wqf, 1u);
  EXPECT_NE(q->summary().find("×3"), std::string::npos) << q->summary();
  // "cost and determination of cost": one clause, twice.
  auto c = p.parse("cost and determination of cost");
  ASSERT_TRUE(c);
  ASSERT_NE(clause(*c, "cost"), nullptr);
  EXPECT_EQ(clause(*c, "cost")->wqf, 2u);
}

class QueryWeightSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::scratch("query-weight-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    auto ix = Indexer::open(dir_);
    ASSERT_TRUE(ix) << ix.status().to_string();
    for (const auto& a : {
             // "harbour" and "bridge" alike but for their words (no event concept, whose term would
             // make one article a term longer).
             article("harbour", {2024, 3, 1}, "Harbour closed", "The harbour was closed after storms; ferries stopped."),
             article("bridge", {2024, 3, 2}, "Bridge repaired", "Engineers repaired the bridge over the river at night."),
             article("both", {2024, 3, 3}, "Harbour and bridge", "Shelling hit the bridge; the harbour stayed open."),
             article("grain", {2024, 3, 4}, "Grain convoy", "A grain convoy crossed the bridge toward the harbour."),
         }) {
      auto r = ix->add(a);
      ASSERT_TRUE(r) << r.status().to_string();
    }
    ASSERT_TRUE(ix->commit());
  }
  std::string dir_;
};

TEST_F(QueryWeightSearch, RepetitionDecidesBetweenTwoWords) {
  auto s = Searcher::open(dir_);
  ASSERT_TRUE(s) << s.status().to_string();
  SearchOptions o;
  o.facets = false;
  // "harbour" and "bridge" are equally rare; the word written three times ranks its article first.
  auto h = s->search("harbour harbour harbour bridge repaired closed", o);
  ASSERT_TRUE(h) << h.status().to_string();
  ASSERT_FALSE(h->hits.empty());
  auto b = s->search("bridge bridge bridge harbour repaired closed", o);
  ASSERT_TRUE(b) << b.status().to_string();
  ASSERT_FALSE(b->hits.empty());
  EXPECT_EQ(h->hits.front().id, "harbour");
  EXPECT_EQ(b->hits.front().id, "bridge");
  TextFormatOptions t;
  t.explain = true;
  EXPECT_NE(to_text(*h, t).find("harbour ×3"), std::string::npos) << to_text(*h, t);
  const auto j = nlohmann::json::parse(to_json(*h));
  bool found = false;
  for (const auto& c : j["interpretation"]["text"])
    if (c["from"] == "harbour") found = c.value("wqf", 0) == 3;
  EXPECT_TRUE(found) << j["interpretation"]["text"].dump();
}

// A 2,000-word article pasted as a query: searched within the time budget, its most informative
// words kept, the others named in --explain and in JSON (interpretation.dropped_words).
TEST_F(QueryWeightSearch, APastedArticleIsSearchedNotRefused) {
  // 150 invented words, each used a few times, and the collection's words once each, near the end.
  const std::vector<std::string> syllables = {"ka", "lo", "mi", "ten", "sar", "vu", "dor", "pel", "qui", "zan",
                                              "bre", "fo", "gat", "hin", "jur"};
  std::vector<std::string> invented;
  for (const auto& a : syllables)
    for (const auto& b : {"vek", "mor", "tash", "lin", "drup", "sol", "nem", "fark", "gil", "pos"})
      invented.push_back(a + std::string(b));
  std::string text;
  std::size_t words = 0;
  for (std::size_t k = 0; words < 1990; ++k, ++words) text += invented[(k * 7) % invented.size()] + " ";
  text += "harbour shelling ferries stopped closed grain convoy bridge river engineers";
  words += 10;
  ASSERT_GE(words, 2000u);
  ASSERT_GT(text.size(), 2048u);  // longer than the old byte limit

  auto s = Searcher::open(dir_);
  ASSERT_TRUE(s) << s.status().to_string();
  SearchOptions o;
  o.facets = false;
  o.time_budget_ms = 5000;
  auto r = s->search(text, o);  // within its time budget, or it fails with kTimeBudget
  ASSERT_TRUE(r) << r.status().to_string();
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(r->hits.front().id, "harbour");  // ferries, stopped, closed: the most informative words
  // The invented words are in no article: they are the least informative and were dropped.
  const auto& dropped = r->query.dropped_words();
  EXPECT_EQ(r->query.text().size(), QueryLimits{}.max_plain_words);
  EXPECT_EQ(dropped.size(), invented.size() + 10 - QueryLimits{}.max_plain_words);
  for (const auto& w : dropped) EXPECT_EQ(std::find(invented.begin(), invented.end(), w) == invented.end(), false) << w;
  TextFormatOptions t;
  t.explain = true;
  EXPECT_NE(to_text(*r, t).find("least informative"), std::string::npos);
  const auto j = nlohmann::json::parse(to_json(*r));
  ASSERT_TRUE(j["interpretation"].contains("dropped_words"));
  EXPECT_EQ(j["interpretation"]["dropped_words"].size(), dropped.size());
  EXPECT_TRUE(j["interpretation"].contains("ignored"));  // existing keys unchanged
}

// Operators, fields and wildcards still count towards the clause limit; plain words do not.
TEST(QueryWeight, TheClauseLimitCountsOperatorsNotPlainWords) {
  QueryLimits small;
  small.max_clauses = 3;
  QueryParser p(test::gazetteer(), small);
  EXPECT_TRUE(p.parse("one two three four five six seven eight"));
  EXPECT_FALSE(p.parse("+one +two +three +four"));
  EXPECT_FALSE(p.parse("\"one two\" \"three four\" \"five six\" \"seven eight\""));
  EXPECT_FALSE(p.parse("a OR b OR c OR d"));
}

}  // namespace
}  // namespace sitrep
