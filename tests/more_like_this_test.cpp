// More like this (searcher/src/more_like_this.h): like:ID ranks articles like one through Xapian's
// relevance feedback over sitrep's stems, its entities and event dates; the article and its
// near-duplicate copies are left out; an unknown id is a typed error; the expansion is bounded.
#include "more_like_this.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "index_util.h"
#include "sitrep/format.h"
#include "sitrep/indexer.h"
#include "sitrep/schema.h"
#include "sitrep/searcher.h"
#include "test_util.h"

namespace sitrep {
namespace {

// Articles written for this test: a report on a hidden rocket workshop (the seed), a wire copy of
// it, two later and earlier reports on the same kind of workshop, and articles on other subjects.
const char* kSeedText =
    "Hezbollah engineers ran a rocket workshop hidden under an apple orchard outside Hermel, "
    "according to farmers who said lorries carrying launcher frames and welding gear arrived at night. "
    "The orchard workshop assembled launchers from imported tubes, the farmers said, and the army "
    "sealed the orchard on 8 December 2024 after an explosion damaged the welding shed.";

class MoreLikeThisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(test::process_scratch("more-like-this").string());
    const std::vector<Article> articles = {
        test::article("mlt-seed", Date{2024, 12, 9}, "Rocket workshop found under an orchard near Hermel", kSeedText),
        test::article("mlt-seed-copy", Date{2024, 12, 9}, "Rocket workshop found under an orchard near Hermel",
                      kSeedText, "Other Wire"),
        test::article("mlt-later", Date{2024, 12, 14}, "Second orchard workshop near Hermel",
                      "Farmers near Hermel reported a second orchard where Hezbollah engineers had welded "
                      "launcher frames from imported tubes; lorries came at night, and the army sealed the "
                      "workshop after the explosion of 8 December 2024."),
        test::article("mlt-earlier", Date{2024, 11, 2}, "Launcher workshop in Baalbek",
                      "Engineers assembled launcher frames in a welding workshop in Baalbek, residents said; "
                      "lorries with imported tubes arrived at night before the workshop was closed."),
        test::article("mlt-grain", Date{2024, 12, 11}, "Grain ship leaves Odesa",
                      "A bulk carrier loaded with wheat left the port of Odesa on Wednesday, the port "
                      "authority said, the third grain ship this week."),
        test::article("mlt-flood", Date{2024, 12, 12}, "Floods close schools",
                      "Heavy rain flooded low streets and closed schools across the coastal district; "
                      "the weather service expects more rain on Friday."),
    };
    ASSERT_TRUE(test::index_articles(*dir_, articles));
  }
  static void TearDownTestSuite() { delete dir_; }

  static Searcher open(QueryLimits limits = {}) {
    SearcherConfig config;
    config.limits = limits;
    auto s = Searcher::open(*dir_, config);
    EXPECT_TRUE(s) << s.status().to_string();
    return std::move(s).value();
  }
  static bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  static std::string* dir_;
};
std::string* MoreLikeThisTest::dir_ = nullptr;

TEST_F(MoreLikeThisTest, RanksTheSameStoryFirstAndLeavesOutTheArticleAndItsCopies) {
  const Searcher s = open();
  auto r = s.search("like:mlt-seed");
  ASSERT_TRUE(r) << r.status().to_string();
  const auto hits = test::hit_ids(*r);
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0], "mlt-later");
  EXPECT_EQ(hits[1], "mlt-earlier");
  EXPECT_FALSE(has(hits, "mlt-seed"));
  EXPECT_FALSE(has(hits, "mlt-seed-copy"));  // a near-duplicate copy: collapsed with the article, left out
  ASSERT_TRUE(r->like);
  EXPECT_EQ(r->like->id, "mlt-seed");
  EXPECT_EQ(r->like->title, "Rocket workshop found under an orchard near Hermel");
  EXPECT_EQ(r->like->left_out, (std::vector<std::string>{"mlt-seed", "mlt-seed-copy"}));
  EXPECT_EQ(r->query.summary(), "articles like 'mlt-seed'");
}

TEST_F(MoreLikeThisTest, ExpansionTermsAreTheIndexStemsBoundedByTheOption) {
  QueryLimits limits;
  limits.like_terms = 4;
  const Searcher s = open(limits);
  auto r = s.search("like:mlt-seed");
  ASSERT_TRUE(r) << r.status().to_string();
  ASSERT_TRUE(r->like);
  ASSERT_FALSE(r->like->terms.empty());
  EXPECT_LE(r->like->terms.size(), 4u);
  const Analyzer& an = test::analyzer();
  for (std::size_t k = 0; k < r->like->terms.size(); ++k) {
    const auto& t = r->like->terms[k];
    EXPECT_FALSE(an.is_stopword(t.stem)) << t.stem;
    EXPECT_TRUE(std::all_of(t.stem.begin(), t.stem.end(), [](char c) { return !(c >= 'A' && c <= 'Z'); })) << t.stem;
    if (k > 0) {
      EXPECT_GE(r->like->terms[k - 1].weight, t.weight);  // best first
    }
  }
  // Words only the article (and its copy) holds would find nothing else: "apple" is not searched.
  auto all = open().search("like:mlt-seed");
  ASSERT_TRUE(all && all->like);
  std::vector<std::string> stems;
  for (const auto& t : all->like->terms) stems.push_back(t.stem);
  EXPECT_TRUE(has(stems, an.stem("orchard"))) << ::testing::PrintToString(stems);
  EXPECT_TRUE(has(stems, an.stem("launcher"))) << ::testing::PrintToString(stems);
  for (const char* only_here : {"apple", "shed"}) EXPECT_FALSE(has(stems, an.stem(only_here))) << only_here;
}

TEST_F(MoreLikeThisTest, EntitiesAndEventDatesRankWithoutFiltering) {
  auto r = open().search("like:mlt-seed");
  ASSERT_TRUE(r && r->like);
  bool hezbollah = false, hermel = false;
  for (const auto& [kind, e] : r->like->entities) {
    hezbollah |= kind == "actor" && e.id == "hezbollah" && e.name == "Hezbollah";
    hermel |= kind == "place" && e.id == "lb-hermel";
  }
  EXPECT_TRUE(hezbollah);
  EXPECT_TRUE(hermel);
  EXPECT_TRUE(has(r->like->events, "2024-12-08")) << ::testing::PrintToString(r->like->events);
  // Boosts, not filters: the Baalbek report (no Hezbollah, no Hermel, no event date) is found.
  EXPECT_TRUE(has(test::hit_ids(*r), "mlt-earlier"));
}

TEST_F(MoreLikeThisTest, CombinesWithFiltersAndWords) {
  const Searcher s = open();
  auto after = s.search("like:mlt-seed after:2024-12-01");
  ASSERT_TRUE(after) << after.status().to_string();
  for (const auto& h : after->hits) EXPECT_GT(h.date, "2024-12-01") << h.id;
  EXPECT_EQ(test::hit_ids(*after).front(), "mlt-later");
  EXPECT_FALSE(has(test::hit_ids(*after), "mlt-earlier"));
  auto not_hermel = s.search("like:mlt-seed -place:Hermel");
  ASSERT_TRUE(not_hermel) << not_hermel.status().to_string();
  EXPECT_FALSE(has(test::hit_ids(*not_hermel), "mlt-later"));
  EXPECT_EQ(test::hit_ids(*not_hermel).front(), "mlt-earlier");
  // A required word narrows to the articles holding it.
  auto baalbek = s.search("like:mlt-seed +residents");
  ASSERT_TRUE(baalbek);
  EXPECT_EQ(test::hit_ids(*baalbek), std::vector<std::string>{"mlt-earlier"});
}

TEST_F(MoreLikeThisTest, UnknownIdIsNotFound) {
  auto r = open().search("like:no-such-article after:2024-01-01");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(r.status().message(), "no article with id 'no-such-article'");
}

TEST_F(MoreLikeThisTest, TheOptionHasALimit) {
  for (std::size_t bad : {std::size_t{0}, QueryLimits::kMaxLikeTerms + 1}) {
    SearcherConfig config;
    config.limits.like_terms = bad;
    auto s = Searcher::open(*dir_, config);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  }
}

TEST_F(MoreLikeThisTest, ExplainAndJsonShowTheExpansion) {
  auto r = open().search("like:mlt-seed");
  ASSERT_TRUE(r && r->like);
  TextFormatOptions o;
  o.explain = true;
  const std::string text = to_text(*r, o);
  EXPECT_NE(text.find("like 'mlt-seed'"), std::string::npos) << text;
  EXPECT_NE(text.find("expansion term(s): "), std::string::npos) << text;
  EXPECT_NE(text.find("like: entities ranked higher: "), std::string::npos) << text;
  EXPECT_NE(text.find("actor = Hezbollah"), std::string::npos) << text;
  EXPECT_NE(text.find("like: event dates ranked higher: 2024-12-08"), std::string::npos) << text;
  EXPECT_NE(text.find("left out: 2 (the article and its near-duplicate copies: mlt-seed, mlt-seed-copy)"),
            std::string::npos)
      << text;
  const auto j = nlohmann::json::parse(to_json(*r));
  const auto& like = j["interpretation"]["like"];
  EXPECT_EQ(like["id"], "mlt-seed");
  ASSERT_EQ(like["terms"].size(), r->like->terms.size());
  EXPECT_EQ(like["terms"][0]["stem"], r->like->terms[0].stem);
  EXPECT_TRUE(like["terms"][0]["weight"].is_number());
  EXPECT_EQ(like["left_out"], (nlohmann::json{"mlt-seed", "mlt-seed-copy"}));
  EXPECT_EQ(like["events"], (nlohmann::json{"2024-12-08"}));
  bool actor = false;
  for (const auto& e : like["entities"]) actor |= e["kind"] == "actor" && e["id"] == "hezbollah";
  EXPECT_TRUE(actor);
  EXPECT_EQ(j["interpretation"]["summary"], "articles like 'mlt-seed'");
}

TEST_F(MoreLikeThisTest, DeciderTakesSharedStemsOnly) {
  Xapian::Database db(*dir_);
  const LikeTermDecider decider(db, test::analyzer(), 3);  // the article, its copy and one more
  const Analyzer& an = test::analyzer();
  EXPECT_TRUE(decider(schema::term(schema::kStem, an.stem("orchard"))));
  EXPECT_FALSE(decider(an.stem("orchard")));                              // the folded word: not a stem
  EXPECT_FALSE(decider(schema::term(schema::kActor, "hezbollah")));       // entities are clauses of their own
  EXPECT_FALSE(decider(schema::term(schema::kStem, "the")));              // a stop word
  EXPECT_FALSE(decider(schema::term(schema::kStem, an.stem("apple"))));  // the article and its copy alone
  EXPECT_TRUE(LikeTermDecider(db, an, 2)(schema::term(schema::kStem, an.stem("apple"))));
  EXPECT_FALSE(decider(schema::term(schema::kStem, "2024")));
}

}  // namespace
}  // namespace sitrep
