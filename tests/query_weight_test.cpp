// Issue 16: a word written several times weighs more (Xapian's wqf), and long free text — a pasted
// article — is searched, never refused for its length: it keeps its most informative words and
// says which it dropped. The article below is generated from a word list written for this test.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
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
             article("harbour", {2024, 3, 1}, "Harbour closed", "The harbour was closed after shelling; ferries stopped."),
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

}  // namespace
}  // namespace sitrep
