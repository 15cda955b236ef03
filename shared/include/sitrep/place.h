// sitrep: a place of the gazetteer as a plain record, and a place at a distance.
#pragma once

#include <string>
#include <vector>

namespace sitrep {

struct Place {
  std::string id;  // "<country>-<slug>", e.g. sy-qusayr; regions "<country>-r-<slug>"
  std::string name;
  std::vector<std::string> aliases;
  std::string country;  // alpha-2
  std::string region;   // first-level region name, as written in the source
  double lat = 0, lon = 0;
  long population = 0;
  std::string kind;       // city, town, village, crossing, area; "region" for first-level regions
  std::string region_id;  // the first-level region holding the place (a region: itself); may be empty
  std::string iso_code;   // regions: ISO 3166-2 code when known
  enum class Source { kCurated, kGeoNames, kGeneratedRegion };
  Source source = Source::kCurated;
};

struct PlaceDistance {
  const Place* place = nullptr;
  double km = 0;
};

}  // namespace sitrep
