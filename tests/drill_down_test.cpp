// Drill-down filters (searcher/src/drill_down.h): every facet value the index holds becomes a
// filter matching exactly the articles that carry it; an unknown facet, a malformed date and an id
// no article has are errors, the last naming the nearest ids the index holds.
#include "drill_down.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sitrep/indexer.h"
#include "sitrep/schema.h"
#include "test_util.h"
#include "wire_index.h"

namespace sitrep {
namespace {

using Docids = std::set<Xapian::docid>;
using Drill = std::vector<std::pair<std::string, std::string>>;

class DrillDownTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = test::index_wire_corpus("drill-down-" + std::to_string(getpid()));
    // Event dates named at each precision (in 2024's first months: the wire corpus's December and
    // its actors stay as they are).
    auto ix = Indexer::open(dir_);
    ASSERT_TRUE(ix) << ix.status().to_string();
    for (const auto& a :
         {test::article("ev-day", {2024, 1, 10}, "Talks",
                        "Talks were held in Geneva on 27 November 2023, diplomats said.", "Archive Desk"),
          test::article("ev-month", {2024, 2, 1}, "Daraa",
                        "The uprising began in March 2011 in Daraa, residents recalled.", "Archive Desk"),
          test::article("ev-year", {2024, 3, 1}, "Bridge", "The war of 2006 destroyed the old bridge, engineers said.",
                        "Archive Desk")})
      ASSERT_TRUE(ix->add(a)) << a.id;
    ASSERT_TRUE(ix->commit());
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(std::filesystem::path(dir_).parent_path()); }

  Result<std::vector<Xapian::Query>> filters(const Drill& drill) const {
    return drill_down_filters(pool_, test::analyzer(), drill);
  }
  // The articles a query matches.
  Docids matching(const Xapian::Query& q) const {
    Xapian::Enquire e(db_);
    e.set_query(q);
    Docids out;
    const Xapian::MSet m = e.get_mset(0, db_.get_doccount());
    for (auto it = m.begin(); it != m.end(); ++it) out.insert(*it);
    return out;
  }
  // The articles matching every filter of `drill`.
  Docids drilled(const Drill& drill) const {
    auto f = filters(drill);
    EXPECT_TRUE(f) << f.status().to_string();
    if (!f) return {};
    EXPECT_EQ(f->size(), drill.size());
    return matching(Xapian::Query(Xapian::Query::OP_AND, f->begin(), f->end()));
  }
  // The ids (before the tab) in `slot` across the index, each with the articles carrying it.
  std::map<std::string, Docids> held(Xapian::valueno slot) const {
    std::map<std::string, Docids> out;
    for (auto it = db_.valuestream_begin(slot); it != db_.valuestream_end(slot); ++it)
      for (const auto& e : test::slot_entries(*it)) out[e.substr(0, e.find('\t'))].insert(it.get_docid());
    return out;
  }
  std::string error(const Drill& drill) const {
    auto f = filters(drill);
    EXPECT_FALSE(f) << "no error for " << drill.front().first << "=" << drill.front().second;
    if (f) return "";
    EXPECT_EQ(f.status().code(), ErrorCode::kInvalidArgument) << f.status().to_string();
    return f.status().message();
  }

  static inline std::string dir_;
  HandlePool pool_{dir_};
  Xapian::Database db_{dir_};
};

TEST_F(DrillDownTest, EveryHeldIdFiltersExactlyItsArticles) {
  struct Facet {
    const char* name;
    Xapian::valueno slot;
  };
  std::size_t checked = 0;
  for (const Facet& f :
       {Facet{"actor", schema::kSlotActors}, Facet{"person", schema::kSlotPersons}, Facet{"place", schema::kSlotPlaces},
        Facet{"region", schema::kSlotRegions}, Facet{"country", schema::kSlotCountries},
        Facet{"lang", schema::kSlotLang}, Facet{"month", schema::kSlotMonth}}) {
    for (const auto& [id, docs] : held(f.slot)) {
      EXPECT_EQ(drilled({{f.name, id}}), docs) << f.name << " " << id;
      ++checked;
    }
  }
  EXPECT_GE(checked, 15u);
  // The fixture holds what the named checks expect.
  EXPECT_EQ(held(schema::kSlotActors).count("hezbollah"), 1u);
  EXPECT_EQ(drilled({{"actor", "hezbollah"}}).size(), 5u);  // three copies of one story, and two others
  EXPECT_EQ(drilled({{"month", "2024-12"}}).size(), 5u);
  EXPECT_TRUE(drilled({{"month", "2022-01"}}).empty());  // a well-formed month no article has
}

TEST_F(DrillDownTest, SourcesByTheirKeyWhateverTheCase) {
  const auto by_source = held(schema::kSlotSource);
  ASSERT_FALSE(by_source.empty());
  Docids levant;
  for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it)
    if (db_.get_document(*it).get_value(schema::kSlotSource).find("Levant Wire") != std::string::npos)
      levant.insert(*it);
  EXPECT_EQ(levant.size(), 3u);
  for (const char* written : {"Levant Wire", "levant wire", "levant-wire", "LevantWire"})
    EXPECT_EQ(drilled({{"source", written}}), levant) << written;
}

TEST_F(DrillDownTest, SeveralFiltersNarrowTogether) {
  const Docids both = drilled({{"actor", "hezbollah"}, {"month", "2024-12"}});
  const Docids actor = drilled({{"actor", "hezbollah"}}), month = drilled({{"month", "2024-12"}});
  Docids want;
  for (Xapian::docid d : actor)
    if (month.count(d)) want.insert(d);
  EXPECT_EQ(both, want);
  EXPECT_EQ(both.size(), 4u);  // homs-advisers is from June
  EXPECT_TRUE(filters({})->empty());
}

TEST_F(DrillDownTest, EventDatesByTheirPrecision) {
  // Each event date the index holds filters exactly the articles naming it at that precision.
  const auto events = held(schema::kSlotEvents);
  for (const char* named : {"2023-11-27", "2011-03", "2006", "2024-12-08"}) EXPECT_EQ(events.count(named), 1u) << named;
  for (const auto& [date, docs] : events) EXPECT_EQ(drilled({{"event", date}}), docs) << date;
  EXPECT_TRUE(drilled({{"event", "1999-01-01"}}).empty());
  EXPECT_EQ(error({{"event", "last week"}}), "event facet value 'last week' is not a date");
  EXPECT_EQ(error({{"event", "2024-02-30"}}), "event facet value '2024-02-30' is not a date");
}

TEST_F(DrillDownTest, UnknownFacetNamesTheFacets) {
  const std::string m = error({{"colour", "red"}});
  EXPECT_NE(m.find("unknown facet 'colour'"), std::string::npos) << m;
  for (const char* facet : {"actor", "person", "place", "region", "country", "source", "month", "lang", "event"})
    EXPECT_NE(m.find(facet), std::string::npos) << facet << " in " << m;
  // Checked before any id: the unknown facet is the error.
  EXPECT_NE(error({{"actor", "nobody-at-all"}, {"colour", "red"}}).find("unknown facet"), std::string::npos);
}

TEST_F(DrillDownTest, MonthMustBeYearAndMonth) {
  for (const char* bad : {"2024", "2024-12-07", "2024-13", "December 2024", "24-12"}) {
    const std::string m = error({{"month", bad}});
    EXPECT_EQ(m, std::string("month facet value '") + bad + "' is not YYYY-MM") << bad;
  }
  EXPECT_NE(error({{"month", ""}}).find("is empty or too long"), std::string::npos);
  EXPECT_NE(error({{"actor", std::string(schema::kMaxIdBytes + 1, 'a')}}).find("is empty or too long"),
            std::string::npos);
}

TEST_F(DrillDownTest, AnIdNoArticleHasNamesTheNearest) {
  std::string m = error({{"actor", "hezbolah"}});
  EXPECT_EQ(m, "no article has actor 'hezbolah'; nearest: hezbollah");
  m = error({{"place", "sy-alepo"}});
  EXPECT_NE(m.find("no article has place 'sy-alepo'; nearest: "), std::string::npos) << m;
  EXPECT_NE(m.find("sy-aleppo"), std::string::npos) << m;
  m = error({{"source", "Levant Wir"}});
  EXPECT_NE(m.find("no article has source 'Levant Wir'; nearest: levantwire"), std::string::npos) << m;
  m = error({{"actor", "qqqqqqqqqqqq"}});
  EXPECT_EQ(m, "no article has actor 'qqqqqqqqqqqq' (and none of its actor ids is spelt like it)");
  // A held id beside a missing one: the missing one is the error.
  m = error({{"actor", "hezbollah"}, {"person", "nobody-at-all"}});
  EXPECT_NE(m.find("no article has person 'nobody-at-all'"), std::string::npos) << m;
}

}  // namespace
}  // namespace sitrep
