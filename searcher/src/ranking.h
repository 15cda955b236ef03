// sitrep: the ranked page of a search. Xapian ranks (BM25 with sitrep's boosts, then the newest
// first on ties, or by date when asked) and collapses near-duplicates on their key; the proximity
// boost of neighbouring query words is checked only for the best candidates (rank_page).
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <string>

#include "sitrep/searcher.h"
#include "budget.h"

namespace sitrep {

// The proximity boost is checked (positions read) only for this many of the best candidates by
// the rest of the query, or the page's end and 50 more if deeper; beyond kMaxRerank candidates the
// page is ranked without it.
constexpr Xapian::doccount kRerankCandidates = 100;
constexpr Xapian::doccount kMaxRerank = 1000;

struct Page {
  Xapian::MSet mset;               // the hits asked for (offset, limit)
  Xapian::doccount estimated = 0;  // Xapian's estimate of every match (exact when small)
  std::string engine_query;        // the query ranked, as Xapian describes it
};

// The page of `query` in the order asked. `proximity` (may be empty) is the boost of neighbouring
// words; with `rerank` (one local database: the candidates' docids are its own) it is checked for
// the best candidates only, else over every match.
Page rank_page(Xapian::Database& db, const Xapian::Query& query, const Xapian::Query& proximity,
               const SearchOptions& options, const Budget& budget, bool rerank);

}  // namespace sitrep
