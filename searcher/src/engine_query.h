// sitrep: the Xapian queries a search runs for a parsed query (internal header, not installed).
// Tests count their matches with Xapian directly, independently of the searcher's counting.
#pragma once

#include <xapian.h>

#include "sitrep/gazetteer.h"
#include "sitrep/query.h"

namespace sitrep {

struct EngineQueries {
  Xapian::Query query;    // what Searcher::search runs (before drill-down filters)
  Xapian::Query relaxed;  // asked when `query` matches nothing; empty when there is nothing to relax
  // `query` with the proximity boost over every match: the ranking the searcher's page gives (it
  // checks the boost only for its best candidates; tests compare the two).
  Xapian::Query ranked;
};

EngineQueries engine_queries(const Xapian::Database& db, const Gazetteer& gazetteer, const ParsedQuery& query,
                             const QueryLimits& limits = {});

}  // namespace sitrep
