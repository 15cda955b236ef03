// sitrep-gazetteer-build: generates the GeoNames part of the gazetteer at build time.
//
// Reads every populated place of Debian's libgeonames (GeoNames cities15000: places over
// 15,000 inhabitants, with their first-level region and population), the ISO 3166-2
// subdivisions of Debian's iso-codes, and the curated files of shared/data, and writes into
// OUT_DIR:
//   regions.tsv          id name aliases country iso_code lat lon population
//   geonames-places.tsv  the places.tsv format; the region column holds a region id
//   place-regions.tsv    curated place id -> region id
// Curated places win: a GeoNames place with the same name as a curated one of the same country
// within 25 km is not written again.
#include <geonames.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"

namespace {

using sitrep::Analyzer;

struct City {
  std::string name, state, cc;  // cc lower case
  double lat, lon;
  long population;
};

struct Region {
  std::string id, name, cc, iso;
  std::vector<std::string> aliases;
  double wlat = 0, wlon = 0, weight = 0;
  long population = 0;
};

// Words naming the kind of a region; removed to get the region's own name.
const std::unordered_set<std::string>& region_type_words() {
  static const std::unordered_set<std::string> kWords = {
      "governorate", "province", "oblast", "region", "district", "state", "prefecture", "department",
      "departement", "county", "municipality", "territory", "division", "wilayat", "wilaya", "muhafazat",
      "mohafazat", "ostan", "krai", "kray", "okrug", "voivodeship", "canton", "emirate", "autonomous",
      "republic", "of", "the", "provincia", "estado", "region", "governorat", "city", "capital", "metropolitan",
      "special", "administrative", "federal", "national", "gouvernorat", "oblast'", "respublika"};
  return kWords;
}

std::vector<std::string> core_words(const Analyzer& an, const std::string& name) {
  std::vector<std::string> out;
  for (auto& w : an.fold_words(name))
    if (!region_type_words().count(w)) out.push_back(std::move(w));
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// ASCII slug of a folded name: letters and digits, '-' between words.
std::string slug(const Analyzer& an, const std::string& name) {
  std::string s;
  for (const auto& w : an.fold_words(name)) {
    std::string a;
    for (unsigned char c : w)
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) a.push_back(static_cast<char>(c));
    if (a.empty()) continue;
    if (!s.empty()) s.push_back('-');
    s += a;
  }
  return s;
}

std::string clean(std::string s) {
  for (auto& c : s)
    if (c == '\t' || c == '\n' || c == '\r' || c == '|') c = ' ';
  return s;
}

// Generic region names that must not become aliases ("North", "Southern", "Central").
bool generic_name(const std::vector<std::string>& words) {
  static const std::unordered_set<std::string> kGeneric = {"north", "south", "east", "west", "northern", "southern",
                                                           "eastern", "western", "central", "northeast", "northwest",
                                                           "southeast", "southwest", "upper", "lower", "capital"};
  if (words.empty()) return true;
  for (const auto& w : words)
    if (!kGeneric.count(w)) return false;
  return true;
}

// GeoNames places (libgeonames) of the countries the curated gazetteer knows, names cleaned, country
// codes in lower case.
std::vector<City> read_cities(const sitrep::Gazetteer& gaz) {
  std::vector<City> cities;
  const int n = geonames_get_n_cities();
  for (int i = 0; i < n; ++i) {
    GeonamesCity* c = geonames_get_city(i);
    City city{clean(geonames_city_get_name(c)), clean(geonames_city_get_state(c)), geonames_city_get_country_code(c),
              geonames_city_get_latitude(c),    geonames_city_get_longitude(c),    static_cast<long>(geonames_city_get_population(c))};
    geonames_city_free(c);
    for (auto& ch : city.cc) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (city.name.empty() || !gaz.country(city.cc)) continue;
    cities.push_back(std::move(city));
  }
  return cities;
}

// ISO 3166-2 first-level subdivisions, by country, with their folded core names.
struct IsoSubdivisions {
  using CodeWords = std::pair<std::string, std::vector<std::string>>;  // code, core words
  std::map<std::string, std::vector<CodeWords>> by_cc;                 // cc -> its subdivisions
  std::map<std::string, std::string> names;                            // code -> name

  // The code of the subdivision of country `cc` whose core name is `core`, or "".
  std::string match(const std::string& cc, const std::vector<std::string>& core) const {
    const std::string want = join(core, " ");
    if (want.size() < 4) return {};
    const auto it = by_cc.find(cc);
    if (it == by_cc.end()) return {};
    for (const auto& [code, words] : it->second) {
      const std::string have = join(words, " ");
      if (have.size() < 4) continue;
      if (have == want) return code;
      // "donetska" / "donetsk", "kharkivska" / "kharkiv": one a prefix of the other, 5+ letters.
      const auto& shorter = have.size() < want.size() ? have : want;
      const auto& longer = have.size() < want.size() ? want : have;
      if (shorter.size() >= 5 && longer.compare(0, shorter.size(), shorter) == 0 && longer.size() - shorter.size() <= 3)
        return code;
    }
    return {};
  }
};

// The subdivisions of iso-codes' 3166-2 JSON; nothing (the reason said on stderr) when it cannot be read.
std::optional<IsoSubdivisions> read_iso_subdivisions(const Analyzer& an, const std::string& iso_json) {
  std::ifstream in(iso_json);
  if (!in) {
    std::cerr << "sitrep-gazetteer-build: " << iso_json << ": cannot open (install iso-codes)\n";
    return std::nullopt;
  }
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("3166-2")) {
    std::cerr << "sitrep-gazetteer-build: " << iso_json << ": not the iso-codes 3166-2 JSON\n";
    return std::nullopt;
  }
  IsoSubdivisions iso;
  for (const auto& e : j["3166-2"]) {
    if (e.contains("parent")) continue;  // first level only
    const std::string code = e.value("code", "");
    std::string cc = code.substr(0, 2);
    for (auto& ch : cc) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    iso.by_cc[cc].emplace_back(code, core_words(an, e.value("name", "")));
    iso.names[code] = e.value("name", "");
  }
  return iso;
}

using Regions = std::map<std::pair<std::string, std::string>, Region>;  // (cc, state) -> region

// A new region for GeoNames state `state` of country `cc`: a unique id, its ISO 3166-2 code where
// the names agree, and its aliases (the name without its kind, the ISO name).
Region new_region(const Analyzer& an, const IsoSubdivisions& iso, const std::string& cc, const std::string& state,
                  std::set<std::string>& region_ids) {
  Region r;
  const auto core = core_words(an, state);
  std::string base = cc + "-r-" + slug(an, core.empty() ? state : join(core, " "));
  std::string id = base;
  for (int k = 2; region_ids.count(id); ++k) id = base + "-" + std::to_string(k);
  region_ids.insert(id);
  r.id = id;
  r.name = state;
  r.cc = cc;
  r.iso = iso.match(cc, core);
  if (!generic_name(core) && join(core, " ") != join(an.fold_words(state), " ")) {
    // "Homs Governorate" is also "Homs".
    std::string stripped;
    for (const auto& w : an.tokenize(state))
      if (!region_type_words().count(w.norm)) stripped += (stripped.empty() ? "" : " ") + w.surface;
    if (!stripped.empty()) r.aliases.push_back(stripped);
  }
  if (!r.iso.empty()) {
    const std::string& iso_name = iso.names.at(r.iso);
    const auto iso_core = core_words(an, iso_name);
    if (!generic_name(iso_core) && join(iso_core, " ").size() >= 5 && iso_core != core)
      r.aliases.push_back(clean(iso_name));
  }
  return r;
}

// Regions from GeoNames states, placed at the population-weighted centre of their cities.
Regions make_regions(const Analyzer& an, const IsoSubdivisions& iso, const std::vector<City>& cities) {
  Regions regions;
  std::set<std::string> region_ids;
  for (const auto& c : cities) {
    if (c.state.empty()) continue;
    auto [it, inserted] = regions.try_emplace({c.cc, c.state});
    Region& r = it->second;
    if (inserted) r = new_region(an, iso, c.cc, c.state, region_ids);
    const double w = std::max<double>(1.0, static_cast<double>(c.population));
    r.wlat += c.lat * w;
    r.wlon += c.lon * w;
    r.weight += w;
    r.population += c.population;
  }
  return regions;
}

// What writing the GeoNames places found out: how many were written and merged into curated ones,
// and the region of each curated place (that of the nearest GeoNames place within 60 km).
struct PlacesWritten {
  std::size_t written = 0, merged = 0;
  std::map<std::string, std::string> curated_region;  // curated place id -> region id
  bool ok = false;
};

// geonames-places.tsv: the GeoNames places not already curated, with unique ids.
PlacesWritten write_places(const std::filesystem::path& file, const Analyzer& an, const sitrep::Gazetteer& gaz,
                           const std::vector<City>& cities, const Regions& regions) {
  // Curated places by country, for duplicates and their regions.
  std::unordered_map<std::string, std::vector<const sitrep::Place*>> curated_by_cc;
  for (const auto& p : gaz.places()) curated_by_cc[p.country].push_back(&p);
  auto names_of = [&](const sitrep::Place& p) {
    std::set<std::string> out{an.fold(p.name)};
    for (const auto& a : p.aliases) out.insert(an.fold(a));
    return out;
  };

  std::set<std::string> ids;
  for (const auto& p : gaz.places()) ids.insert(p.id);
  PlacesWritten result;
  std::map<std::string, double> curated_region_km;
  std::ofstream places_out(file);
  places_out << "# Generated by sitrep-gazetteer-build from Debian's libgeonames (GeoNames cities15000, CC BY 4.0,\n"
                "# https://www.geonames.org/). id\tname\taliases\tcountry\tregion-id\tlat\tlon\tpopulation\tkind\n";
  for (const auto& c : cities) {
    const auto rit = regions.find({c.cc, c.state});
    const std::string region_id = rit == regions.end() ? "" : rit->second.id;
    const std::string folded = an.fold(c.name);
    bool duplicate = false;
    for (const auto* p : curated_by_cc[c.cc]) {
      const double km = sitrep::haversine_km(c.lat, c.lon, p->lat, p->lon);
      if (km > 60) continue;
      // The nearest GeoNames place lends its region to a curated place.
      if (!region_id.empty() && (!curated_region_km.count(p->id) || km < curated_region_km[p->id])) {
        result.curated_region[p->id] = region_id;
        curated_region_km[p->id] = km;
      }
      if (km <= 25 && names_of(*p).count(folded)) duplicate = true;
    }
    if (duplicate) {
      ++result.merged;
      continue;
    }
    const std::string s = slug(an, c.name);
    std::string base = c.cc + "-" + (s.empty() ? std::string("place") : s);
    std::string id = base;
    for (int k = 2; ids.count(id); ++k) id = base + "-" + std::to_string(k);
    ids.insert(id);
    char coords[64];
    std::snprintf(coords, sizeof coords, "%.4f\t%.4f", c.lat, c.lon);
    places_out << id << '\t' << c.name << "\t\t" << c.cc << '\t' << region_id << '\t' << coords << '\t' << c.population
               << "\tcity\n";
    ++result.written;
  }
  result.ok = static_cast<bool>(places_out);
  return result;
}

// regions.tsv; `with_iso` counts the regions with an ISO 3166-2 code.
bool write_regions(const std::filesystem::path& file, const Regions& regions, std::size_t& with_iso) {
  std::ofstream regions_out(file);
  regions_out << "# Generated by sitrep-gazetteer-build: first-level regions from libgeonames (GeoNames, CC BY 4.0), with\n"
                 "# their ISO 3166-2 code from Debian's iso-codes where the names agree.\n"
                 "# id\tname\taliases\tcountry\tiso_code\tlat\tlon\tpopulation\n";
  with_iso = 0;
  for (const auto& [key, r] : regions) {
    char coords[64];
    std::snprintf(coords, sizeof coords, "%.4f\t%.4f", r.wlat / r.weight, r.wlon / r.weight);
    regions_out << r.id << '\t' << r.name << '\t' << join(r.aliases, "|") << '\t' << r.cc << '\t' << r.iso << '\t'
                << coords << '\t' << r.population << '\n';
    with_iso += !r.iso.empty();
  }
  return static_cast<bool>(regions_out);
}

// place-regions.tsv: curated place id -> region id.
bool write_place_regions(const std::filesystem::path& file, const std::map<std::string, std::string>& curated_region) {
  std::ofstream map_out(file);
  map_out << "# Generated by sitrep-gazetteer-build: the region of each curated place (that of the nearest GeoNames\n"
             "# place of the same country within 60 km).\n# place-id\tregion-id\n";
  for (const auto& [place, region] : curated_region) map_out << place << '\t' << region << '\n';
  return static_cast<bool>(map_out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: sitrep-gazetteer-build CURATED_DATA_DIR ISO_3166_2_JSON OUT_DIR\n";
    return 2;
  }
  const std::string curated_dir = argv[1], iso_json = argv[2], out_dir = argv[3];
  Analyzer an;
  auto gaz = sitrep::Gazetteer::load(curated_dir, an);
  if (!gaz) {
    std::cerr << "sitrep-gazetteer-build: " << gaz.status().message() << "\n";
    return 1;
  }
  const std::vector<City> cities = read_cities(*gaz);
  if (cities.empty()) {
    std::cerr << "sitrep-gazetteer-build: libgeonames has no places\n";
    return 1;
  }
  const auto iso = read_iso_subdivisions(an, iso_json);
  if (!iso) return 1;
  const Regions regions = make_regions(an, *iso, cities);

  const std::filesystem::path out(out_dir);
  std::filesystem::create_directories(out);
  const PlacesWritten places = write_places(out / "geonames-places.tsv", an, *gaz, cities, regions);
  std::size_t with_iso = 0;
  const bool regions_ok = write_regions(out / "regions.tsv", regions, with_iso);
  const bool map_ok = write_place_regions(out / "place-regions.tsv", places.curated_region);

  std::cerr << "sitrep-gazetteer-build: " << places.written << " GeoNames places (" << places.merged
            << " merged into curated ones), " << regions.size() << " regions (" << with_iso
            << " with an ISO 3166-2 code), " << places.curated_region.size() << " of " << gaz->places().size()
            << " curated places placed in a region\n";
  return places.ok && regions_ok && map_ok ? 0 : 1;
}
