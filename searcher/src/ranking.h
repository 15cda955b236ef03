// sitrep: the ranked page of a search. Xapian ranks (BM25 with sitrep's boosts, then the newest
// first on ties, or by date when asked) and collapses near-duplicates on their key; the proximity
// boost of neighbouring query words is checked only for the best candidates (rank_page).
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "sitrep/searcher.h"
#include "budget.h"
#include "counting.h"
#include "facet_cache.h"
#include "filter_bitmap.h"

namespace sitrep {

// The proximity boost is checked (positions read) only for this many of the best candidates by
// the rest of the query, or the page's end and 50 more if deeper; beyond kMaxRerank candidates the
// page is ranked without it.
constexpr Xapian::doccount kRerankCandidates = 100;
constexpr Xapian::doccount kMaxRerank = 1000;

// One hit of the page: a match of the page's MSet, and the copies of it collapsed that the ranking
// saw (a lower bound of its near-duplicates among the matches).
struct Ranked {
  Xapian::MSetIterator match;
  Xapian::doccount copies = 0;
};

struct Page {
  Xapian::MSet mset;               // the ranking the hits are taken from
  std::vector<Ranked> hits;        // the hits asked for (offset, limit), in rank order
  Xapian::doccount estimated = 0;  // Xapian's estimate of every match (exact when small)
  std::string engine_query;        // the query ranked, as Xapian describes it
};

// The matches of a query of filters alone (each of weight 0) in the order Xapian gives them by
// date (newest first for relevance and newest, oldest first for oldest; ties by docid), from the
// facet cache's dates: the first `want` of them, or with `groups` the first that hold `want`
// distinct groups (or every match), in docid order. Sorting the matches' dates or walking the
// cache's documents by date give the same; kAuto walks when the matches are dense enough.
enum class DateOrderMethod { kAuto, kSort, kWalk };
std::vector<Xapian::docid> first_by_date(const Roaring& docs, const FacetCache& cache, bool newest,
                                         const DuplicateGroups* groups, std::size_t want,
                                         DateOrderMethod method = DateOrderMethod::kAuto);

// The page of `query` in the order asked. `proximity` (may be empty) is the boost of neighbouring
// words; with `rerank` (one local database: the candidates' docids are its own) it is checked for
// the best candidates only, else over every match. `cache` (may be null) is a current facet cache
// of db: near-duplicates are collapsed (when asked) by its groups, or else by Xapian on the
// duplicate key; with `rerank` too, the order by date reads each candidate's date from it instead
// of Xapian's value table (the same key: the page is the same). With `rerank` and `sets` too, the
// query's filters and exclusions are evaluated as one bitmap (filter_bitmap.h; the same page).
Page rank_page(Xapian::Database& db, const Xapian::Query& query, const Xapian::Query& proximity,
               const SearchOptions& options, const Budget& budget, bool rerank, const FacetCache* cache = nullptr,
               const FilterSets* sets = nullptr);

}  // namespace sitrep
