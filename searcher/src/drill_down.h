// sitrep: drill-down filters (SearchOptions::drill_down). A facet value chosen by the user
// becomes a filter on the query: an id facet's term (actor, person, place, region, country,
// source, lang), which the index must hold, or a month's or an event date's term.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/status.h"
#include "handle_pool.h"

namespace sitrep {

// The filters of the (facet, value) pairs; an unknown facet, a malformed date or an id no article
// has (named with the nearest ids the index holds) is an error.
Result<std::vector<Xapian::Query>> drill_down_filters(const HandlePool& pool, const Analyzer& analyzer,
                                                      const std::vector<std::pair<std::string, std::string>>& drill);

}  // namespace sitrep
