// sitrep: spelling suggestions ("did you mean"): query words the index does not hold that are
// spelt like a name the gazetteer knows.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <vector>

#include "sitrep/gazetteer.h"
#include "sitrep/query.h"
#include "sitrep/searcher.h"

namespace sitrep {

// Query words absent from the index but spelt like a known name (Gazetteer::similar_names, which
// prefers well-known names). Two such words side by side are first tried as one name ("Dair
// Alzour": Deir ez-Zor, by its alias Deir al-Zour), then each alone.
std::vector<Suggestion> spelling_suggestions(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq);

}  // namespace sitrep
