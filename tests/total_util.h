// Helpers for the "one exact total" tests (issue 20): a small corpus with near-duplicate wire
// copies, the queries asked of it on every path, and Xapian's own count of a query's matches.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine_query.h"
#include "sitrep/schema.h"
#include "sitrep/searcher.h"
#include "test_util.h"

namespace sitrep::test {

struct WireArticle {
  const char* id;
  const char* date;
  const char* title;
  const char* source;
  const char* text;
};

// One wire story three times (three outlets, two days), another twice, and unrelated articles.
inline const std::vector<WireArticle>& wire_corpus() {
  static const char* kConvoy =
      "Trucks carrying Hezbollah fighters and crates of ammunition rolled north from Baalbek toward Hermel "
      "before dawn on Sunday, two residents said, while artillery fire echoed from the hills above the Qusayr "
      "crossing. A local official said the convoy stopped short of the frontier and that families in nearby "
      "farms had been told to stay indoors.";
  static const char* kAleppo =
      "Government artillery shelled districts on the western edge of Aleppo for a third night, a monitoring "
      "group said, and dozens of families left for villages to the north. Hospitals in the city reported "
      "shortages of fuel and blood supplies as the shelling continued into the morning.";
  static const std::vector<WireArticle> corpus = {
      {"wire-hermel-b", "2024-12-08", "Convoy heads for Hermel", "Cedar Desk", kConvoy},
      {"wire-hermel-a", "2024-12-08", "Hezbollah trucks move north", "Levant Wire", kConvoy},
      {"wire-hermel-c", "2024-12-09", "Night convoy near the Qusayr crossing", "Orontes Daily", kConvoy},
      {"aleppo-shelling-2", "2024-11-30", "Third night of shelling in Aleppo", "Levant Wire", kAleppo},
      {"aleppo-shelling-1", "2024-11-30", "Families leave western Aleppo", "North Syria Monitor", kAleppo},
      {"hermel-market", "2024-12-10", "Hermel market reopens", "Cedar Desk",
       "Shops reopened in the Hermel market after a week of closures, traders said, although Hezbollah "
       "checkpoints remained on the main road."},
      {"arsal-army", "2024-12-12", "Army reinforces Arsal", "Levant Wire",
       "The Lebanese army sent extra troops to Arsal to seal smuggling routes along the mountains, a military "
       "statement said."},
      {"aleppo-aid", "2024-10-05", "Winter kits for the displaced", "Relief Bulletin",
       "Aid agencies delivered winter kits to displaced families in Aleppo and Idlib, according to a relief "
       "coordinator."},
      {"kharkiv-drones", "2023-05-01", "Drones hit Kharkiv", "Kyiv Desk",
       "Drones struck Kharkiv overnight, damaging a power station and two apartment blocks, regional officials "
       "said."},
      {"gao-wagner", "2023-03-15", "Escort near Gao", "Sahel Report",
       "Wagner contractors were seen near Gao escorting a fuel convoy for the Malian army."},
      {"homs-advisers", "2024-06-02", "Advisers sent to Homs", "Orontes Daily",
       "Hezbollah advisers were deployed to Homs province in early summer, a former officer said, to train local "
       "militias."},
  };
  return corpus;
}

// The corpus as plain-text article files in dir (for sitrep-index).
inline void write_wire_corpus(const std::filesystem::path& dir) {
  for (const auto& a : wire_corpus())
    write_file(dir / (std::string(a.id) + ".txt"), std::string("date ") + a.date + "\nid " + a.id + "\ntitle " +
                                                       a.title + "\nsource " + a.source + "\n\n" + a.text + "\n");
}

// An entity, a place that is also a region, a concept word, a place near a border, a date filter,
// a query only its relaxed form answers, one collapsing three copies, everything, and nothing.
inline const std::vector<std::string>& total_queries() {
  static const std::vector<std::string> q = {
      "Hezbollah",
      "Aleppo",
      "shelling",
      "Hezbollah near Lebanese border",
      "Hezbollah after:2024-12-08",
      "actor:Wagner place:Aleppo",
      "fighters Hermel",
      "deployments",
      "",
      "nothing-matches-this",
  };
  return q;
}

// Xapian's own count of the matches of a query's Xapian queries, near-duplicates collapsed on the
// searcher's key: Enquire with the collapse key over every document, mset.size() (of the relaxed
// form when the query matches nothing). With collapse false: the matches without collapsing
// (get_matches_estimated, check_at_least = all).
inline std::uint64_t xapian_total(const Xapian::Database& db, const EngineQueries& q, bool collapse = true) {
  auto count = [&](const Xapian::Query& x) -> std::uint64_t {
    Xapian::Enquire e(db);
    e.set_query(x);
    if (!collapse) return e.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    e.set_collapse_key(schema::kSlotDuplicate);
    return e.get_mset(0, db.get_doccount()).size();
  };
  const std::uint64_t n = count(q.query);
  return n == 0 && !q.relaxed.empty() ? count(q.relaxed) : n;
}

// The same for a query as the searcher reads it, on an index (a directory or a stub).
inline std::uint64_t xapian_total(const std::string& index, const std::string& query, bool collapse = true) {
  SearcherConfig config;
  config.facet_cache = false;
  auto searcher = Searcher::open(index, config);
  if (!searcher) throw std::runtime_error(searcher.status().to_string());
  auto parsed = searcher->parse(query);
  if (!parsed) throw std::runtime_error(parsed.status().to_string());
  Xapian::Database db(index);
  return xapian_total(db, engine_queries(db, gazetteer(), *parsed), collapse);
}

}  // namespace sitrep::test
