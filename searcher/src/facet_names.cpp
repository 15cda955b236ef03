// sitrep: facet values as shown (see facet_names.h).
#include "facet_names.h"

#include <string>
#include <unordered_map>

namespace sitrep {
namespace {

// What tells a place apart from another of its name: its country, or (the same country) its region.
std::string where(const Place& p, const Place* other, const Gazetteer& gaz) {
  if (other && other->country == p.country) {
    if (const Place* r = gaz.region_of(p)) return r->name;
    return p.region.empty() ? p.id : p.region;
  }
  if (const Country* c = gaz.country(p.country)) return c->name;
  return p.country;
}

}  // namespace

void tell_apart(std::string_view facet, std::vector<FacetValue>& values, const Gazetteer& gaz) {
  std::unordered_map<std::string, std::vector<std::size_t>> by_name;
  for (std::size_t k = 0; k < values.size(); ++k) by_name[values[k].name].push_back(k);
  const bool places = facet == "place" || facet == "region";
  for (auto& [name, same] : by_name) {
    if (same.size() < 2) continue;
    for (std::size_t k : same) {
      FacetValue& v = values[k];
      const Place* p = places ? gaz.place(v.id) : nullptr;
      if (!p) {
        v.name += " (" + v.id + ")";
        continue;
      }
      // Another place of the name with the same country: regions tell them apart.
      const Place* twin = nullptr;
      for (std::size_t j : same)
        if (j != k)
          if (const Place* o = gaz.place(values[j].id); o && o->country == p->country) twin = o;
      v.name += " (" + where(*p, twin, gaz) + ")";
    }
  }
}

void tell_apart(std::vector<Facet>& facets, const Gazetteer& gaz) {
  for (auto& f : facets) tell_apart(f.name, f.values, gaz);
}

}  // namespace sitrep
