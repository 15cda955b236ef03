// sitrep: a bounded Levenshtein distance, for spelling suggestions (Gazetteer::similar_names) and
// the nearest ids of an unknown facet value (the searcher's drill-down check).
#pragma once

#include <string_view>

namespace sitrep {

// The Levenshtein distance of a and b (bytes) when it is at most `limit`, else limit + 1. Only the
// band of `limit` cells around the diagonal is computed, and it stops as soon as a whole row
// exceeds the limit: at most |a| * (2 * limit + 1) cells.
int bounded_edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace sitrep
