// sitrep: counting a search's matches, the stage after query building. One interface, one
// implementation per way an index is read:
//
//  - cached:   a local index (one database, or a stub of local shards) with a current facet cache
//              (facet_cache.h): the match set from the query's posting lists as bitmaps
//              (match_set.h), collapsed through the cache's duplicate groups, facets counted from
//              the cache's rows (on two threads over a large set), dates from its date rows;
//  - streamed: a local index without a cache (being built by another search, or turned off): the
//              same match set, collapsed and counted through Xapian's value streams;
//  - fetched:  remote shards (xapian-tcpsrv), which cannot run sitrep's posting sources or stream
//              values: every match fetched, collapsed and counted from the documents.
//
// Every implementation counts the same set (counting.h): the matches with near-duplicates
// collapsed. The total, the facets, the histogram and the hits' `duplicates` come from it.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "sitrep/searcher.h"
#include "sitrep/status.h"
#include "budget.h"
#include "counting.h"
#include "facet_cache.h"
#include "match_set.h"

namespace sitrep {

// A facet the searcher counts: its name in answers and its value slot.
struct FacetSlot {
  const char* name;
  Xapian::valueno slot;
};
// The facets counted, in the order answers show them: the registry's (sitrep/facets.h).
const std::vector<FacetSlot>& counted_facets();
// The slots a facet cache keeps: the facets', the publication date and the duplicate key.
std::vector<Xapian::valueno> cached_slots();

// What to count over the collapsed matches.
struct CountOptions {
  bool collapse = true;         // near-duplicates count once
  std::size_t facet_top = 10;   // values per facet
  bool by_event = false;        // the histogram counts event dates instead of publication dates
  SearchOptions::Interval interval = SearchOptions::Interval::kAuto;
  std::size_t max_buckets = 1;  // at least 1
  // Facets are counted over docid ranges on threads of their own (up to the cores) from this many
  // rows to walk per thread (0: on one thread).
  std::size_t parallel_from = 0;

  static CountOptions of(const SearchOptions& o, std::size_t parallel_from);
};

// What a search counted.
struct Counts {
  CollapsedMatches matches;  // matches.counted.size() is the exact total
  std::vector<Facet> facets;
  Histogram histogram;
};

class MatchCounter {
 public:
  virtual ~MatchCounter() = default;
  // Lists every match of `query`, replacing what was listed before; false when nothing matches.
  virtual bool list(const Xapian::Query& query) = 0;
  // Collapses the listed matches and counts them; the list is taken (list() again before another
  // count()). Fails when the search's budget is spent; throws HistogramTooFine (histogram.h) when
  // the interval asked for needs too many buckets.
  virtual Result<Counts> count(const CountOptions& options) = 0;
};

// Where a cached counter reads its match sets: one local database (with the posting lists kept
// for its revision, or none), or the shards of a stub of local databases, evaluated in parallel
// (match_set_over_shards; each shard's posting lists kept for its revision when caches are given).
struct MatchSource {
  PostingCache* postings = nullptr;
  Xapian::rev revision = 0;
  std::vector<const Xapian::Database*> shards;
  std::vector<PostingCache*> shard_postings;
  std::vector<Xapian::rev> shard_revisions;
};
std::unique_ptr<MatchCounter> cached_counter(const Xapian::Database& db, std::shared_ptr<const FacetCache> cache,
                                             MatchSource source, const Budget& budget);
std::unique_ptr<MatchCounter> streamed_counter(const Xapian::Database& db, const Budget& budget);
std::unique_ptr<MatchCounter> fetched_counter(const Xapian::Database& db, const Budget& budget);

}  // namespace sitrep
