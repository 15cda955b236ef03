// sitrep: facet values as shown. Two values of one facet with the same name are two entities
// (Damascus in Syria and Damascus in Maryland, two people of one name): each is shown with what
// tells it apart — a place's country, or its first-level region when the country is the same too;
// another entity's id. The ids, which drill-downs use, never change.
//
// Internal header: not installed.
#pragma once

#include <string_view>
#include <vector>

#include "sitrep/gazetteer.h"
#include "sitrep/searcher.h"

namespace sitrep {

// The values of one facet (`facet`: its registry name, e.g. "place").
void tell_apart(std::string_view facet, std::vector<FacetValue>& values, const Gazetteer& gaz);

// Every facet of an answer.
void tell_apart(std::vector<Facet>& facets, const Gazetteer& gaz);

}  // namespace sitrep
