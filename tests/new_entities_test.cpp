// New names across the archive (searcher/src/new_entities.h, Searcher::new_entities): candidate
// names (found by rule, in no gazetteer list) in enough articles, with counts, first and latest
// dates, example articles latest first and their most frequent country; filtered by kind, by the
// date they were first seen and by id; names the gazetteer knows now are left out; bad options are
// typed errors. The renderings (text, JSON, CSV) and the extra-actors line of a promotion.
#include "new_entities.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "index_util.h"
#include "sitrep/format.h"
#include "sitrep/searcher.h"
#include "test_util.h"

namespace sitrep {
namespace {

// Articles written for this test: an armed group no list holds (named in four articles, the first
// on 10 January), a spokesman named by a reporting cue in two later ones, a village named once.
std::vector<Article> articles() {
  return {
      test::article("ne-1", Date{2025, 1, 10}, "Checkpoint attacked near Khiam",
                    "Fighters of the Wadi Saluki Brigade attacked a checkpoint near Khiam in southern Lebanon, "
                    "the Wadi Saluki Brigade said in a statement."),
      test::article("ne-2", Date{2025, 2, 3}, "Brigade claims second raid",
                    "The Wadi Saluki Brigade claimed a second raid near Khiam. Hamdoun said more would "
                    "follow."),
      test::article("ne-3", Date{2025, 2, 20}, "Army searches valley",
                    "Lebanese soldiers searched the valley after the Wadi Saluki Brigade fired at a patrol. "
                    "According to Hamdoun, nobody was hurt."),
      test::article("ne-4", Date{2025, 3, 1}, "Statement from the valley",
                    "A new statement of the Wadi Saluki Brigade was read out in Khiam."),
      test::article("ne-5", Date{2025, 3, 2}, "Shelling reported",
                    "Shelling was reported in Khirbet Zaatar on Sunday, residents said."),
  };
}

class NewEntitiesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(test::process_scratch("new-entities").string());
    ASSERT_TRUE(test::index_articles(*dir_, articles()));
    searcher_ = new Searcher(open());  // one gazetteer load for the suite (seconds under ASan)
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }

  static Searcher open(const std::string& data_dir = "") {
    SearcherConfig config;
    config.data_dir = data_dir;
    auto s = Searcher::open(*dir_, config);
    EXPECT_TRUE(s) << s.status().to_string();
    return std::move(s).value();
  }
  static std::vector<NewEntity> list(const NewEntitiesOptions& o) {
    auto r = searcher_->new_entities(o);
    EXPECT_TRUE(r) << r.status().to_string();
    return r ? *r : std::vector<NewEntity>{};
  }
  static std::vector<std::string> ids(const std::vector<NewEntity>& names) {
    std::vector<std::string> out;
    for (const auto& n : names) out.push_back(n.kind + ":" + n.id);
    return out;
  }

  static std::string* dir_;
  static Searcher* searcher_;
};
std::string* NewEntitiesTest::dir_ = nullptr;
Searcher* NewEntitiesTest::searcher_ = nullptr;

TEST_F(NewEntitiesTest, NamesInEnoughArticlesWithTheirCountsDatesAndExamples) {
  const auto names = list({});  // at least 3 articles
  ASSERT_EQ(ids(names), std::vector<std::string>{"actor:wadi-saluki-brigade"});
  const auto& b = names.front();
  EXPECT_EQ(b.name, "Wadi Saluki Brigade");
  EXPECT_EQ(b.articles, 4u);
  EXPECT_EQ(b.mentions, 5u);  // twice in the first article
  EXPECT_EQ(b.first_date, "2025-01-10");
  EXPECT_EQ(b.last_date, "2025-03-01");
  EXPECT_EQ(b.examples, (std::vector<std::string>{"ne-4", "ne-3", "ne-2"}));  // latest first
  EXPECT_EQ(b.country, "lb");

  // Two articles are enough for the commander; most articles first.
  NewEntitiesOptions two;
  two.min_articles = 2;
  two.examples = 1;
  const auto more = list(two);
  ASSERT_EQ(ids(more), (std::vector<std::string>{"actor:wadi-saluki-brigade", "person:hamdoun"}));
  EXPECT_EQ(more[1].name, "Hamdoun");
  EXPECT_EQ(more[1].first_date, "2025-02-03");
  EXPECT_EQ(more[1].examples, std::vector<std::string>{"ne-3"});
  EXPECT_EQ(more[0].examples.size(), 1u);

  // One article: the village too; the limit keeps the most named.
  NewEntitiesOptions one;
  one.min_articles = 1;
  const auto all = list(one);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.back().kind + ":" + all.back().id, "place:khirbet-zaatar");
  one.limit = 2;
  EXPECT_EQ(list(one).size(), 2u);
}

TEST_F(NewEntitiesTest, ByKindByFirstSeenAndById) {
  NewEntitiesOptions o;
  o.min_articles = 1;
  o.kind = "person";
  EXPECT_EQ(ids(list(o)), std::vector<std::string>{"person:hamdoun"});

  // First seen on or after 1 February: the brigade (first seen in January) is not new since then.
  NewEntitiesOptions since;
  since.min_articles = 1;
  since.since = Date{2025, 2, 1};
  EXPECT_EQ(ids(list(since)), (std::vector<std::string>{"person:hamdoun", "place:khirbet-zaatar"}));
  since.since = Date{2025, 3, 3};
  EXPECT_TRUE(list(since).empty());

  NewEntitiesOptions id;
  id.min_articles = 1;
  id.id = "actor:wadi-saluki-brigade";
  EXPECT_EQ(ids(list(id)), std::vector<std::string>{"actor:wadi-saluki-brigade"});
  id.id = "wadi-saluki-brigade";  // any kind
  EXPECT_EQ(ids(list(id)), std::vector<std::string>{"actor:wadi-saluki-brigade"});
  id.id = "person:wadi-saluki-brigade";
  EXPECT_TRUE(list(id).empty());
}

TEST_F(NewEntitiesTest, NamesTheGazetteerKnowsNowAreNotNew) {
  const std::string header = "# id\tname\taliases\tkind\tcountries\tsince";
  const auto data = test::data_dir_with("new-entities-data", "actors.tsv", header,
                                        header + "\nwadi-saluki-brigade\tWadi Saluki Brigade\t\tarmed-group\tlb\t2025");
  auto s = open(data);
  NewEntitiesOptions o;
  o.min_articles = 1;
  auto r = s.new_entities(o);
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(ids(*r), (std::vector<std::string>{"person:hamdoun", "place:khirbet-zaatar"}));
}

TEST_F(NewEntitiesTest, OptionsOutOfBoundsAreTypedErrors) {
  auto bad = [&](NewEntitiesOptions o, const std::string& what) {
    auto r = searcher_->new_entities(o);
    ASSERT_FALSE(r) << what;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << what;
  };
  NewEntitiesOptions o;
  o.min_articles = 0;
  bad(o, "min_articles 0");
  o = {};
  o.limit = 0;
  bad(o, "limit 0");
  o.limit = NewEntitiesOptions::kMaxLimit + 1;
  bad(o, "limit past the most");
  o = {};
  o.examples = NewEntitiesOptions::kMaxExamples + 1;
  bad(o, "examples");
  o = {};
  o.kind = "country";
  bad(o, "kind");
  o = {};
  o.id = "town:x";
  bad(o, "kind of the id");
  o = {};
  o.since = Date{2025, 2, 30};
  bad(o, "since");
}

TEST_F(NewEntitiesTest, RenderingsAndTheExtraActorsLine) {
  NewEntitiesOptions two;
  two.min_articles = 2;
  const auto names = list(two);
  ASSERT_EQ(names.size(), 2u);

  const auto j = nlohmann::json::parse(to_json(names));
  ASSERT_EQ(j["new_entities"].size(), 2u);
  const auto& b = j["new_entities"][0];
  for (const char* key : {"kind", "id", "name", "articles", "mentions", "first_date", "last_date", "examples", "country"})
    EXPECT_TRUE(b.contains(key)) << key;
  EXPECT_EQ(b["articles"], 4);
  EXPECT_EQ(b["examples"][0], "ne-4");

  const std::string csv = to_csv(names);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")), "kind,id,name,articles,mentions,first_date,last_date,country,examples");
  EXPECT_NE(csv.find("actor,wadi-saluki-brigade,Wadi Saluki Brigade,4,5,2025-01-10,2025-03-01,lb,ne-4; ne-3; ne-2\r\n"),
            std::string::npos)
      << csv;

  const std::string text = to_text(names);
  EXPECT_NE(text.find("Wadi Saluki Brigade  [actor:wadi-saluki-brigade]  4 articles, 5 mentions, 2025-01-10"),
            std::string::npos)
      << text;
  EXPECT_NE(to_text(std::vector<NewEntity>{}).find("No new names"), std::string::npos);

  EXPECT_EQ(extra_actor_line(names[0], "armed-group"), "wadi-saluki-brigade\tWadi Saluki Brigade\t\tarmed-group\tlb\t2025\n");
  NewEntity odd = names[0];
  odd.name = "Two\tLines\nName";
  EXPECT_EQ(extra_actor_line(odd, "militia").substr(0, 40), "wadi-saluki-brigade\tTwo Lines Name\t\tmili");
}

}  // namespace
}  // namespace sitrep
