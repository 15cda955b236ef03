// Query building (searcher/src/query_builder.h): the Xapian queries a parsed query becomes — the
// query, its proximity boost, the relaxed query and each condition alone — are those of
// tests/golden/query_builder.txt, recorded from build_query before it was split along its seams
// (filters, text, groups, assembly; issue 19). A broad list of queries: fields, natural names,
// places and dates, geography, groups, negations, wildcards, phrases, NEAR and like:ID.
//
// The golden file is rewritten with SITREP_UPDATE_GOLDEN=1 (only for a change meant to change the
// queries; say so in its commit).
#include "query_builder.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine_query.h"
#include "index_util.h"
#include "more_like_this.h"
#include "sitrep/query.h"
#include "test_util.h"

namespace sitrep {
namespace {

const char* kQueries[] = {
    // Fields.
    "actor:Hezbollah",
    "actor:Hezbollah after:2024-11-27",
    "-actor:Hamas shelling",
    "person:\"Naim Qassem\"",
    "place:Homs",
    "place:Syria",
    "country:lb",
    "near:Hermel",
    "near:Kyiv within:120km",
    "Hezbollah near:Hermel",
    "source:Reuters grain",
    "Grain -source:REUTERS",
    "source:\"Jordan Times\"",
    "lang:fr",
    "-lang:en convoy",
    "title:workshop",
    "title:\"rocket workshop\"",
    // Dates.
    "after:2024-12-01",
    "before:2024-12",
    "date:2024-11..2024-12-10",
    "on:2024-12-09",
    "event:2024-12-08",
    "event:2024-11",
    "event:2024",
    "event-after:2024-11-27 event-before:2024-12-07",
    "shelling on 27 November",
    "strikes in the last 30 days",
    "Hezbollah after 2024-11-27",
    "grain convoy talks resumed in the port city in December 2024",
    // Natural names, places and geography.
    "Hezbollah",
    "Hezbolah Hizbulah",
    "Hezbollah near Kyiv",
    "Hezbollah near Lebanese border after 2024-11-27",
    "Hezbollah advisers in northern Syria",
    "shelling in Dair Alzour",
    "advisers in Lebanon",
    "officials said advisers were sent to help the army in Lebanon",
    "Kharkov",
    "Комаренко",
    "границы",
    "الحدود",
    // Words, phrases, repetition, required and excluded words, wildcards, NEAR.
    "orchard workshop",
    "harbour harbour harbour bridge",
    "\"rocket workshop\"",
    "+orchard -apple lorries",
    "-flood",
    "reinforce*",
    "weld* +launcher",
    "Hezbollah NEAR/3 Hermel",
    "Hermel NEAR/2 Hezbollah NEAR/4 orchard",
    // Groups.
    "(actor:Hezbollah OR actor:Hamas) place:Lebanon",
    "a OR b OR c OR d",
    "grain OR wheat",
    "orchard (launcher OR rocket) -(flood OR rain)",
    "(Hermel OR Baalbek) workshop after:2024-11-01",
    "((Hezbollah OR Hamas) NEAR/3 orchard) OR grain",
    // More like this.
    "like:mlt-seed",
    "like:mlt-seed Hermel",
    "like:mlt-seed actor:Hezbollah after:2024-12-01",
    "like:mlt-seed -grain",
    // Nothing but a filter, and nothing at all.
    "",
};

const Date kNow{2024, 12, 15};

// The article like:mlt-seed expands, and its copy from another source.
const char* kSeedText =
    "Hezbollah engineers ran a rocket workshop hidden under an apple orchard outside Hermel, according to farmers "
    "who said lorries carrying launcher frames arrived at night. The army sealed the orchard on 8 December 2024 "
    "after an explosion damaged the welding shed.";

std::string golden_path() { return test::source_dir() + "/tests/golden/query_builder.txt"; }

class QueryBuilderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(test::process_scratch("query-builder").string());
    auto in = [](Article a, std::string lang) {
      a.lang = std::move(lang);
      return a;
    };
    const std::vector<Article> articles = {
        test::article("mlt-seed", Date{2024, 12, 9}, "Rocket workshop found under an orchard near Hermel", kSeedText,
                      "Reuters"),
        test::article("mlt-copy", Date{2024, 12, 9}, "Rocket workshop found under an orchard near Hermel", kSeedText,
                      "Jordan Times"),
        test::article("mlt-later", Date{2024, 12, 14}, "Second orchard workshop near Hermel",
                      "Farmers near Hermel reported a second orchard where Hezbollah engineers had welded launcher "
                      "frames; lorries came at night, and the army sealed the workshop after the explosion of "
                      "8 December 2024.",
                      "Jordan-Times"),
        test::article("kyiv", Date{2024, 11, 27}, "Shelling near Kyiv",
                      "Shelling hit villages near Kyiv and Kharkiv on 27 November 2024; Hamas and Hezbollah "
                      "statements were read on television. Reinforcements reached the border."),
        test::article("grain", Date{2024, 12, 11}, "Grain ship leaves Odesa",
                      "A bulk carrier loaded with wheat left the port of Odesa on Wednesday; grain convoy talks "
                      "resumed in the port city, the port authority said.",
                      "REUTERS"),
        test::article("syria", Date{2024, 12, 1}, "Advisers in northern Syria",
                      "Hezbollah advisers were sent to Homs and Aleppo in northern Syria, officials in Lebanon said; "
                      "shelling was reported in Deir ez-Zor."),
        in(test::article("fr", Date{2024, 12, 2}, "Convoi à Homs",
                         "Un convoi humanitaire est arrivé à Homs; la frontière libanaise reste fermée. Le Hezbollah "
                         "a renforcé ses positions près de la frontière."),
           "fr"),
        in(test::article("ru", Date{2024, 12, 3}, "Обстрел у границы",
                         "Обстрел у границы: Комаренко сообщил, что Хезболла усилила позиции у Харькова."),
           "ru"),
        in(test::article("ar", Date{2024, 12, 4}, "قصف على الحدود",
                         "قصف على الحدود اللبنانية. حزب الله عزز مواقعه قرب الحدود في الهرمل."),
           "ar"),
    };
    ASSERT_TRUE(test::index_articles(*dir_, articles));
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string* dir_;
};
std::string* QueryBuilderTest::dir_ = nullptr;

// Every query build_query makes for `text`, one per line.
std::string describe(const Xapian::Database& db, const std::string& text) {
  const Gazetteer& gaz = test::gazetteer();
  const QueryLimits limits;
  auto pq = QueryParser(gaz, limits).parse(text, kNow);
  if (!pq) return "error: " + pq.status().to_string() + "\n";
  std::optional<LikeQuery> like;
  if (const auto& l = pq->like()) {
    auto expanded = more_like_this(db, gaz, *l, limits.like_terms);
    if (!expanded) return "error: " + expanded.status().to_string() + "\n";
    like = std::move(expanded).value();
  }
  const Built b = build_query(db, gaz, *pq, limits, like ? &*like : nullptr);
  std::ostringstream out;
  out << "query: " << b.query.get_description() << "\n";
  out << "proximity: " << b.proximity.get_description() << "\n";
  out << "relaxed: " << b.relaxed.get_description() << "\n";
  for (const auto& [name, q] : b.conditions) out << "condition " << name << ": " << q.get_description() << "\n";
  const EngineQueries e = engine_queries(db, gaz, *pq, limits);
  out << "engine: " << e.query.get_description() << " | " << e.relaxed.get_description() << " | "
      << e.ranked.get_description() << "\n";
  return out.str();
}

// The golden file: "== QUERY" lines, each followed by its description.
std::map<std::string, std::string> read_golden() {
  std::map<std::string, std::string> out;
  std::ifstream in(golden_path());
  std::string line, query;
  bool have = false;
  while (std::getline(in, line)) {
    if (line.rfind("== ", 0) == 0) {
      query = line.substr(3);
      have = true;
      out[query];
    } else if (have) {
      out[query] += line + "\n";
    }
  }
  return out;
}

TEST_F(QueryBuilderTest, EveryQueryIsBuiltAsRecorded) {
  const Xapian::Database db(*dir_);
  if (std::getenv("SITREP_UPDATE_GOLDEN")) {
    std::ofstream out(golden_path(), std::ios::binary);
    for (const char* q : kQueries) out << "== " << q << "\n" << describe(db, q);
    GTEST_SKIP() << "wrote " << golden_path();
  }
  const auto golden = read_golden();
  ASSERT_FALSE(golden.empty()) << "missing " << golden_path();
  EXPECT_EQ(golden.size(), std::size(kQueries));
  for (const char* q : kQueries) {
    const auto it = golden.find(q);
    ASSERT_NE(it, golden.end()) << "no golden description for '" << q << "'";
    EXPECT_EQ(describe(db, q), it->second) << "query '" << q << "'";
  }
}

// The docids a query matches, in docid order.
std::vector<Xapian::docid> matches(const Xapian::Database& db, const Xapian::Query& q) {
  Xapian::Enquire e(db);
  e.set_query(q);
  std::vector<Xapian::docid> out;
  const Xapian::MSet m = e.get_mset(0, db.get_doccount());
  for (auto it = m.begin(); it != m.end(); ++it) out.push_back(*it);
  std::sort(out.begin(), out.end());
  return out;
}

// An event concept reads the concept's one term where every article carries the concept table
// (the fixture's index, written now), and matches what the synonym of its words matches, in every
// language of the fixture and inside groups and negations.
TEST_F(QueryBuilderTest, ConceptsReadTheirOneTermAndMatchAsTheirWords) {
  const Xapian::Database db(*dir_);
  const Gazetteer& gaz = test::gazetteer();
  ASSERT_TRUE(concept_terms_usable(db, gaz));
  const QueryLimits limits;
  std::size_t matched = 0;
  for (const char* text : {"shelling", "reinforcements near the border", "Обстрел", "قصف", "convoy OR shelling",
                           "-shelling Hezbollah", "strikes after:2024-12-01", "(convoy OR shelling) Hezbollah"}) {
    SCOPED_TRACE(text);
    auto pq = QueryParser(gaz, limits).parse(text, kNow);
    ASSERT_TRUE(pq) << pq.status().to_string();
    const Built terms = build_query(db, gaz, *pq, limits, nullptr, true);
    const Built words = build_query(db, gaz, *pq, limits, nullptr, false);
    EXPECT_NE(terms.query.get_description().find("XE"), std::string::npos) << terms.query.get_description();
    EXPECT_EQ(terms.query.get_description().find("SYNONYM"), std::string::npos) << terms.query.get_description();
    EXPECT_EQ(words.query.get_description().find("XE"), std::string::npos) << words.query.get_description();
    EXPECT_NE(words.query.get_description().find("SYNONYM"), std::string::npos) << words.query.get_description();
    const auto found = matches(db, terms.query);
    EXPECT_EQ(found, matches(db, words.query));
    matched += found.size();
  }
  EXPECT_GT(matched, 8u);  // the queries find articles, in several languages
}

// The list covers every kind of condition: a change that drops one would go unseen.
TEST_F(QueryBuilderTest, TheListCoversEveryPartOfAQuery) {
  const auto golden = read_golden();
  std::string all;
  for (const auto& [q, d] : golden) all += d;
  // Xapian's words for OP_FILTER, OP_AND_NOT, OP_AND_MAYBE, OP_SYNONYM, OP_WILDCARD, OP_PHRASE,
  // OP_NEAR, the entity boost and the proximity boost (OP_SCALE_WEIGHT), the date boost.
  for (const char* part : {" FILTER ", " AND_NOT ", " AND_MAYBE ", " SYNONYM ", "WILDCARD", " PHRASE ", " NEAR ",
                           "0.5 * ", "proximity: Query(0.05", "PostingSource", "condition any of", "condition events",
                           "condition date", "condition text", "relaxed: Query((", "XS"})
    EXPECT_NE(all.find(part), std::string::npos) << part;
}

}  // namespace
}  // namespace sitrep
