// The facet cache (searcher/src/facet_cache.h): its counts, top values and counts in value order
// equal a direct count of the documents' values, for match sets below and above half of the index
// (counted from the complement), before and after documents are deleted (docids with empty rows).
#include "facet_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "match_counter.h"
#include "sitrep/indexer.h"
#include "sitrep/schema.h"
#include "test_util.h"

namespace sitrep {
namespace {

using Counted = std::map<std::string, Xapian::doccount>;

// The values of a slot over the documents `ids`, read from the documents themselves.
Counted direct(const Xapian::Database& db, Xapian::valueno slot, const std::vector<Xapian::docid>& ids) {
  Counted out;
  for (Xapian::docid d : ids)
    for (const auto& e : test::slot_entries(db.get_document(d).get_value(slot))) ++out[e];
  return out;
}

// The n most frequent of `counted`, most frequent first, equals in value order.
std::vector<FacetValue> direct_top(const Counted& counted, std::size_t n) {
  std::vector<std::pair<std::string, Xapian::doccount>> all(counted.begin(), counted.end());
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<FacetValue> out;
  for (std::size_t k = 0; k < all.size() && k < n; ++k) {
    const auto tab = all[k].first.find('\t');
    out.push_back({all[k].first.substr(0, tab), tab == std::string::npos ? all[k].first : all[k].first.substr(tab + 1),
                   all[k].second});
  }
  return out;
}

std::vector<Xapian::docid> every_doc(const Xapian::Database& db) {
  std::vector<Xapian::docid> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) out.push_back(*it);
  return out;
}

// Match sets of several sizes (ascending docids of `live`), named.
std::vector<std::pair<std::string, std::vector<Xapian::docid>>> match_sets(const Xapian::Database& db,
                                                                           const std::vector<Xapian::docid>& live) {
  std::vector<std::pair<std::string, std::vector<Xapian::docid>>> sets;
  auto pick = [&](const std::string& name, auto&& keep) {
    std::vector<Xapian::docid> s;
    for (std::size_t k = 0; k < live.size(); ++k)
      if (keep(k)) s.push_back(live[k]);
    sets.emplace_back(name, std::move(s));
  };
  pick("none", [](std::size_t) { return false; });
  pick("every", [](std::size_t) { return true; });
  pick("one", [](std::size_t k) { return k == 3; });
  pick("every third", [](std::size_t k) { return k % 3 == 0; });
  pick("all but every fourth", [](std::size_t k) { return k % 4 != 1; });
  pick("all but the first", [](std::size_t k) { return k > 0; });
  pick("all but the last", [&](std::size_t k) { return k + 1 < live.size(); });
  // Around half of the rows (docids 0 .. last): the two ways of counting meet there.
  const std::size_t rows = db.get_lastdocid() + 1;
  for (std::size_t n : {rows / 2 - 1, rows / 2, rows / 2 + 1, (rows + 1) / 2})
    pick("first " + std::to_string(n), [&, n](std::size_t k) { return k < n; });
  std::vector<Xapian::docid> hezbollah;
  for (auto it = db.postlist_begin(schema::term(schema::kActor, "hezbollah"));
       it != db.postlist_end(schema::term(schema::kActor, "hezbollah")); ++it)
    hezbollah.push_back(*it);
  sets.emplace_back("actor hezbollah", std::move(hezbollah));
  return sets;
}

// Every way the cache counts equals the direct count, for every cached slot and match set.
void expect_counts_as_the_documents(const Xapian::Database& db) {
  const FacetCache cache(db, cached_slots(), db.get_revision());
  EXPECT_EQ(cache.revision(), db.get_revision());
  const std::vector<Xapian::docid> live = every_doc(db);
  bool below = false, above = false;
  for (const auto& [name, ids] : match_sets(db, live)) {
    const bool complement = ids.size() * 2 > db.get_lastdocid() + 1;
    (complement ? above : below) = true;
    for (Xapian::valueno s : cached_slots()) {
      if (s == schema::kSlotDuplicate) continue;  // kept as groups only
      SCOPED_TRACE(name + " (" + std::to_string(ids.size()) + " of " + std::to_string(live.size()) + "), slot " +
                   std::to_string(s));
      const FacetCache::Slot* sl = cache.slot(s);
      ASSERT_NE(sl, nullptr);
      const Counted want = direct(db, s, ids);
      // counts(): every value number, zeros included.
      const auto n = cache.counts(*sl, ids);
      ASSERT_EQ(n.size(), sl->values.size());
      Counted got;
      for (std::uint32_t v = 0; v < n.size(); ++v)
        if (n[v]) got[sl->values[v]] = n[v];
      EXPECT_EQ(got, want);
      // counts_in_order(): the non-zero ones in value order.
      const auto ordered = cache.counts_in_order(s, ids);
      std::vector<std::pair<std::string, Xapian::doccount>> ordered_copy(ordered.begin(), ordered.end());
      EXPECT_EQ(ordered_copy, (std::vector<std::pair<std::string, Xapian::doccount>>(want.begin(), want.end())));
      // top(): most frequent first, equals in value order.
      for (std::size_t top_n : {std::size_t{1}, std::size_t{3}, std::size_t{1000}}) {
        const auto top = cache.top(s, ids, top_n);
        const auto expected = direct_top(want, top_n);
        ASSERT_EQ(top.size(), expected.size()) << "top " << top_n;
        for (std::size_t k = 0; k < top.size(); ++k) {
          EXPECT_EQ(top[k].id, expected[k].id) << "top " << top_n << " #" << k;
          EXPECT_EQ(top[k].name, expected[k].name) << "top " << top_n << " #" << k;
          EXPECT_EQ(top[k].count, expected[k].count) << "top " << top_n << " #" << k;
        }
      }
    }
  }
  EXPECT_TRUE(below && above) << "both ways of counting are exercised";
  // Every value's count over the whole index, and each document's row.
  for (Xapian::valueno s : cached_slots()) {
    if (s == schema::kSlotDuplicate) continue;
    const FacetCache::Slot* sl = cache.slot(s);
    ASSERT_NE(sl, nullptr);
    const Counted whole = direct(db, s, live);
    Counted all;
    for (std::uint32_t v = 0; v < sl->all.size(); ++v) all[sl->values[v]] = sl->all[v];
    EXPECT_EQ(all, whole) << "slot " << s;
    for (Xapian::docid d = 1; d <= db.get_lastdocid(); ++d) {
      Counted row;
      cache.each(s, d, [&](const std::string& v) { ++row[v]; });
      const bool held = std::binary_search(live.begin(), live.end(), d);
      EXPECT_EQ(row, held ? direct(db, s, {d}) : Counted{}) << "slot " << s << " docid " << d;
    }
  }
}

class FacetCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::process_scratch("facet-cache").string();
    auto ix = Indexer::open(dir_);
    ASSERT_TRUE(ix) << ix.status().to_string();
    // Reports in a few patterns (actors, places, sources, months, event dates), and one wire story
    // twice: a near-duplicate group.
    const char* towns[] = {"Hermel", "Qusayr", "Aleppo", "Kyiv", "Kharkiv", "Gaza", "Homs"};
    const char* actors[] = {"Hezbollah", "the Lebanese army", "Russian forces", "Hamas", "Wagner"};
    const char* sources[] = {"Levant Wire", "Cedar Desk", "Kyiv Desk"};
    for (int k = 0; k < 40; ++k) {
      std::string text = std::string(actors[k % 5]) + " were reported in " + towns[k % 7] + " on " +
                         std::to_string(1 + k % 27) + " November 2024, report number " + std::to_string(k) + ".";
      if (k % 6 == 0) text += std::string(" Fighting also reached ") + towns[(k + 3) % 7] + ".";
      auto r = ix->add(test::article("r" + std::to_string(k), Date{2024, 1 + k % 12, 1 + k % 28},
                                     "Report " + std::to_string(k), text, sources[k % 3]));
      ASSERT_TRUE(r) << r.status().to_string();
    }
    const std::string story =
        "Trucks carrying Hezbollah fighters rolled north from Baalbek toward Hermel before dawn on Sunday, two "
        "residents said, while artillery fire echoed from the hills above the Qusayr crossing.";
    ASSERT_TRUE(ix->add(test::article("copy-b", {2024, 12, 8}, "Convoy heads for Hermel", story, "Cedar Desk")));
    ASSERT_TRUE(ix->add(test::article("copy-a", {2024, 12, 9}, "Hezbollah trucks move north", story, "Levant Wire")));
    ASSERT_TRUE(ix->commit());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(FacetCacheTest, CountsAsTheDocumentsBelowAndAboveHalf) {
  Xapian::Database db(dir_);
  ASSERT_EQ(db.get_doccount(), 42u);
  // Sanity: the fixture has facets to count.
  EXPECT_GE(direct(db, schema::kSlotActors, every_doc(db)).size(), 4u);
  EXPECT_GE(direct(db, schema::kSlotPlaces, every_doc(db)).size(), 5u);
  EXPECT_EQ(direct(db, schema::kSlotSource, every_doc(db)).size(), 3u);
  expect_counts_as_the_documents(db);
}

TEST_F(FacetCacheTest, CountsAsTheDocumentsAfterDeletions) {
  std::vector<std::string> gone = {"r0", "r7", "r20", "r21", "r22", "copy-a"};
  {
    auto ix = Indexer::open(dir_);
    ASSERT_TRUE(ix) << ix.status().to_string();
    for (const auto& id : gone) ASSERT_TRUE(ix->remove(id)) << id;
    ASSERT_TRUE(ix->commit());
  }
  Xapian::Database db(dir_);
  ASSERT_EQ(db.get_doccount(), 36u);
  ASSERT_LT(db.get_doccount(), db.get_lastdocid());  // holes in the docids, the last one among them
  expect_counts_as_the_documents(db);
  // The last docid deleted too: its row is empty, and the rows still reach it.
  {
    auto ix = Indexer::open(dir_);
    ASSERT_TRUE(ix);
    ASSERT_TRUE(ix->remove("copy-b"));
    ASSERT_TRUE(ix->add(test::article("late", {2025, 1, 2}, "Late", "Hamas fighters returned to Gaza.", "Kyiv Desk")));
    ASSERT_TRUE(ix->remove("late"));
    ASSERT_TRUE(ix->commit());
  }
  db.reopen();
  ASSERT_EQ(db.get_doccount(), 35u);
  expect_counts_as_the_documents(db);
}

TEST_F(FacetCacheTest, NearDuplicatesKeptAsGroups) {
  Xapian::Database db(dir_);
  const FacetCache cache(db, cached_slots(), db.get_revision());
  EXPECT_EQ(cache.slot(schema::kSlotDuplicate), nullptr);  // the keys themselves are not kept
  auto docid = [&](const std::string& id) {
    auto it = db.postlist_begin(schema::term(schema::kId, id));
    return it == db.postlist_end(schema::term(schema::kId, id)) ? Xapian::docid(0) : *it;
  };
  const DuplicateGroups& g = cache.duplicates();
  EXPECT_EQ(g.groups(), 1u);
  const std::uint32_t a = g.member(docid("copy-a")), b = g.member(docid("copy-b"));
  ASSERT_NE(a, DuplicateGroups::kAlone);
  ASSERT_NE(b, DuplicateGroups::kAlone);
  EXPECT_EQ(g.group_of(a), g.group_of(b));
  EXPECT_LT(a, b);  // members in the order of their article ids
  EXPECT_EQ(g.member(docid("r1")), DuplicateGroups::kAlone);
  EXPECT_EQ(g.member(db.get_lastdocid() + 10), DuplicateGroups::kAlone);
}

}  // namespace
}  // namespace sitrep
