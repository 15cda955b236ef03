// Gazetteer::load: one loader per data file, over the TSV reader (tsv.h), then the name matcher
// built from what they read.
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unordered_set>

#include "gazetteer_impl.h"
#include "sitrep/language.h"
#include "tsv.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using tsv::split;
using tsv::split_list;
using tsv::trim;

// A country's name in the languages of the conflict areas sitrep serves and the main European
// ones, from ICU's locale data ("Liban", "Libanon", "Ливан", "لبنان", "לבנון").
std::vector<std::string> country_translations(const std::string& code) {
  static const char* const kLanguages[] = {"fr", "de", "es", "it", "pt", "nl", "pl", "ru",
                                           "uk", "ar", "he", "fa", "tr"};
  std::string upper = code;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const icu::Locale region("", upper.c_str());
  std::vector<std::string> out;
  for (const char* lang : kLanguages) {
    icu::UnicodeString name;
    region.getDisplayCountry(icu::Locale(lang), name);
    std::string utf8;
    name.toUTF8String(utf8);
    if (utf8.empty() || utf8 == upper) continue;  // ICU does not know it
    if (std::find(out.begin(), out.end(), utf8) == out.end()) out.push_back(std::move(utf8));
  }
  return out;
}

// True when a name has an upper-case (or title-case) letter.
bool has_upper_case(std::string_view s) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isupper(c) || u_istitle(c)) return true;
  }
  return false;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// A latitude and longitude from two fields, checked for range.
Result<LatLon> lat_lon(const tsv::Row& r, const std::string& lat_text, const std::string& lon_text) {
  auto lat = r.number(lat_text, "latitude");
  if (!lat) return lat.status();
  auto lon = r.number(lon_text, "longitude");
  if (!lon) return lon.status();
  if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) return r.error("coordinates out of range");
  return LatLon{*lat, *lon};
}

// What the loaders share: the gazetteer being filled, its directory, and the bytes read so far
// (the content hash).
struct Loading {
  Gazetteer::Impl& im;
  const Analyzer& analyzer;
  fs::path base;
  std::string bytes;

  Status read(const fs::path& path, std::size_t columns, const std::function<Status(const tsv::Row&)>& each_row,
              std::size_t optional = 0) {
    return tsv::read(path, columns, bytes, each_row, optional);
  }
  bool has(const char* name) const {
    std::error_code ec;
    return fs::exists(base / name, ec);
  }
  // The <prefix>*.tsv files of the directory, sorted.
  std::vector<fs::path> files_starting(std::string_view prefix) const {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string fname = it->path().filename().string();
      if (fname.rfind(prefix, 0) == 0 && it->path().extension() == ".tsv") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
  }
};

// countries.tsv: code name aliases demonyms lat lon
Status load_countries(Loading& ld) {
  auto& im = ld.im;
  return ld.read(ld.base / "countries.tsv", 6, [&](const tsv::Row& f) -> Status {
    auto ll = lat_lon(f, f[4], f[5]);
    if (!ll) return ll.status();
    if (f[0].size() != 2) return f.error("country code must have two letters");
    im.country_index[f[0]] = im.countries.size();
    im.countries.push_back({f[0], f[1], split_list(f[2]), split_list(f[3]), ll->lat, ll->lon, {}, {}, {}});
    return Status::ok();
  });
}

// world-regions.tsv: country, world region id, its name, its M49 code. One name per id.
Status load_world_regions(Loading& ld) {
  auto& im = ld.im;
  std::unordered_map<std::string, std::string> names;
  return ld.read(ld.base / "world-regions.tsv", 4, [&](const tsv::Row& f) -> Status {
    const auto c = im.country_index.find(f[0]);
    if (c == im.country_index.end()) return f.error("unknown country '" + f[0] + "'");
    if (f[1].empty() || f[2].empty()) return f.error("a world region needs an id and a name");
    if (const auto [n, added] = names.try_emplace(f[1], f[2]); !added && n->second != f[2])
      return f.error("world region '" + f[1] + "' is named '" + n->second + "' on an earlier line");
    auto& country = im.countries[c->second];
    country.world_region = f[1];
    country.world_region_name = f[2];
    return Status::ok();
  });
}

// A new place's country must be known and its id new.
Status check_new_place(const Gazetteer::Impl& im, const tsv::Row& f, const std::string& id,
                       const std::string& country) {
  if (!im.country_index.count(country)) return f.error("unknown country '" + country + "'");
  if (im.place_index.count(id)) return f.error("duplicate place id '" + id + "'");
  return Status::ok();
}

// regions.tsv (generated): id name aliases country iso_code lat lon population
Status load_regions(Loading& ld) {
  auto& im = ld.im;
  return ld.read(ld.base / "regions.tsv", 8, [&](const tsv::Row& f) -> Status {
    auto ll = lat_lon(f, f[5], f[6]);
    if (!ll) return ll.status();
    if (Status s = check_new_place(im, f, f[0], f[3]); !s) return s;
    im.place_index[f[0]] = im.places.size();
    im.places.push_back({f[0], f[1], split_list(f[2]), f[3], f[1], ll->lat, ll->lon, std::atol(f[7].c_str()),
                         "region", f[0], f[4], Place::Source::kGeneratedRegion});
    return Status::ok();
  });
}

// places.tsv (curated) and geonames-places.tsv (generated; its region column holds a region id):
// id name aliases country region lat lon population kind
Status load_places(Loading& ld, const char* name, Place::Source source) {
  auto& im = ld.im;
  return ld.read(ld.base / name, 9, [&](const tsv::Row& f) -> Status {
    auto ll = lat_lon(f, f[5], f[6]);
    if (!ll) return ll.status();
    if (Status s = check_new_place(im, f, f[0], f[3]); !s) return s;
    std::string region_id, region_name = f[4];
    if (auto it = im.place_index.find(f[4]); it != im.place_index.end() && im.places[it->second].kind == "region") {
      region_id = f[4];
      region_name = im.places[it->second].name;
    }
    if (f[8] == "region") region_id = f[0];  // a curated region is its own region
    im.place_index[f[0]] = im.places.size();
    im.places.push_back({f[0], f[1], split_list(f[2]), f[3], region_name, ll->lat, ll->lon, std::atol(f[7].c_str()),
                         f[8], region_id, "", source});
    return Status::ok();
  });
}

// place-regions.tsv (generated): the region of each curated place.
Status load_place_regions(Loading& ld) {
  auto& im = ld.im;
  return ld.read(ld.base / "place-regions.tsv", 2, [&](const tsv::Row& f) -> Status {
    auto p = im.place_index.find(f[0]);
    auto reg = im.place_index.find(f[1]);
    if (p == im.place_index.end() || reg == im.place_index.end()) return Status::ok();  // curated file changed since
    if (im.places[p->second].region_id.empty()) im.places[p->second].region_id = f[1];
    return Status::ok();
  });
}

// actors.tsv (curated), extra-actors*.tsv (other sources) and persons.tsv: id name aliases
// kind-or-role countries. A curated file may not repeat an id; an extra source never replaces an
// entity already known.
template <typename Entity>
Status load_entities(Loading& ld, const fs::path& path, const char* what, bool curated,
                     std::unordered_map<std::string, std::size_t>& index, std::vector<Entity>& entities) {
  return ld.read(path, 5, [&](const tsv::Row& f) -> Status {
    if (index.count(f[0]))
      return curated ? f.error(std::string("duplicate ") + what + " id '" + f[0] + "'") : Status::ok();
    index[f[0]] = entities.size();
    entities.push_back({f[0], f[1], split_list(f[2]), f[3], split_list(f[4])});
    return Status::ok();
  });
}

// actors.tsv and extra-actors*.tsv: id name aliases kind countries [since], since the year the
// actor was founded or first active (empty: unknown).
Status load_actors(Loading& ld, const fs::path& path, bool curated) {
  auto& im = ld.im;
  return ld.read(
      path, 5,
      [&](const tsv::Row& f) -> Status {
        if (im.actor_index.count(f[0]))
          return curated ? f.error("duplicate actor id '" + f[0] + "'") : Status::ok();
        int since = 0;
        if (!f[5].empty()) {
          const bool digits = f[5].size() == 4 && std::all_of(f[5].begin(), f[5].end(), [](unsigned char c) {
                                return std::isdigit(c) != 0;
                              });
          if (!digits) return f.error("invalid year '" + f[5] + "' (the sixth column, since, is a year: 2014)");
          since = std::stoi(f[5]);
        }
        im.actor_index[f[0]] = im.actors.size();
        im.actors.push_back({f[0], f[1], split_list(f[2]), f[3], split_list(f[4]), since});
        return Status::ok();
      },
      1);
}

Status load_persons(Loading& ld) {
  return load_entities(ld, ld.base / "persons.tsv", "person", true, ld.im.person_index, ld.im.persons);
}

// borders.tsv: a b "lat,lon;lat,lon;..."
Status load_borders(Loading& ld) {
  auto& im = ld.im;
  return ld.read(ld.base / "borders.tsv", 3, [&](const tsv::Row& f) -> Status {
    GeoLine line;
    for (auto& pt : split(f[2], ';')) {
      auto ll = split(trim(pt), ',');
      if (ll.size() != 2) return f.error("bad point '" + pt + "'");
      auto pos = lat_lon(f, trim(ll[0]), trim(ll[1]));
      if (!pos) return pos.status();
      line.push_back(*pos);
    }
    for (const auto* code : {&f[0], &f[1]}) {
      if (!im.country_index.count(*code)) return f.error("unknown country '" + *code + "'");
      im.borders[*code].push_back(line);
    }
    return Status::ok();
  });
}

// events.tsv: concept words
Status load_events(Loading& ld) {
  auto& im = ld.im;
  return ld.read(ld.base / "events.tsv", 2, [&](const tsv::Row& f) -> Status {
    EventConcept c{f[0], split_list(f[1]), {}};
    const std::size_t idx = im.events.size();
    for (const auto& w : c.words)
      for (const auto& folded : ld.analyzer.fold_words(w)) im.event_by_stem.emplace(ld.analyzer.stem(folded), idx);
    im.events.push_back(std::move(c));
    return Status::ok();
  });
}

// events-<lang>.tsv: the concepts' words in other languages (concept words), stemmed in their
// language. Words in a non-Latin script also name the concept in a query.
Status load_event_words(Loading& ld, const fs::path& path) {
  auto& im = ld.im;
  const std::string lang = path.stem().string().substr(7);
  return ld.read(path, 2, [&](const tsv::Row& f) -> Status {
    auto concept_ =
        std::find_if(im.events.begin(), im.events.end(), [&](const EventConcept& e) { return e.id == f[0]; });
    if (concept_ == im.events.end()) return f.error("unknown event concept '" + f[0] + "' (not in events.tsv)");
    const auto idx = static_cast<std::size_t>(concept_ - im.events.begin());
    for (auto& w : split_list(f[1])) {
      for (const auto& folded : ld.analyzer.fold_words(w))
        if (script_of(folded) != Script::kLatin) {
          im.event_by_stem.emplace(ld.analyzer.stem(folded, lang), idx);
          im.event_by_stem.emplace(folded, idx);
        }
      concept_->other_words.push_back({std::move(w), lang});
    }
    return Status::ok();
  });
}

// names-<lang>.tsv: the curated entities' names in other languages and scripts (kind id names):
// kind is actor, person, place, country or demonym (a country's demonym); names are
// '|'-separated, inflected forms included where a name changes beyond its ending. A name written
// all in lower case there is matched however the text writes it (a demonym or a common noun:
// "libanaise", "ливанской", "хуситы").
Status load_names(Loading& ld, const fs::path& path) {
  auto& im = ld.im;
  return ld.read(path, 3, [&](const tsv::Row& f) -> Status {
    const std::unordered_map<std::string, std::size_t>* index = nullptr;
    EntityKind kind = EntityKind::kPlace;
    if (f[0] == "actor") index = &im.actor_index, kind = EntityKind::kActor;
    else if (f[0] == "person") index = &im.person_index, kind = EntityKind::kPerson;
    else if (f[0] == "place") index = &im.place_index, kind = EntityKind::kPlace;
    else if (f[0] == "country" || f[0] == "demonym") index = &im.country_index, kind = EntityKind::kCountry;
    else
      return f.error("unknown kind '" + f[0] + "' (use actor, person, place, country or demonym)");
    auto it = index->find(f[1]);
    if (it == index->end()) return f.error("unknown " + f[0] + " id '" + f[1] + "'");
    for (auto& name : split_list(f[2])) {
      const bool lower = !has_upper_case(name);
      im.extra_names.push_back({kind, it->second, std::move(name), f[0] == "demonym", lower});
    }
    return Status::ok();
  });
}

// Every data file, in this order: later files refer to the ids of earlier ones, and the content
// hash reads their bytes in it.
Status load_files(Loading& ld) {
  if (Status s = load_countries(ld); !s) return s;
  if (ld.has("world-regions.tsv"))
    if (Status s = load_world_regions(ld); !s) return s;
  if (ld.has("regions.tsv"))
    if (Status s = load_regions(ld); !s) return s;
  if (Status s = load_places(ld, "places.tsv", Place::Source::kCurated); !s) return s;
  if (ld.has("geonames-places.tsv"))
    if (Status s = load_places(ld, "geonames-places.tsv", Place::Source::kGeoNames); !s) return s;
  if (ld.has("place-regions.tsv"))
    if (Status s = load_place_regions(ld); !s) return s;
  if (Status s = load_actors(ld, ld.base / "actors.tsv", true); !s) return s;
  for (const auto& path : ld.files_starting("extra-actors"))
    if (Status s = load_actors(ld, path, false); !s) return s;
  if (Status s = load_persons(ld); !s) return s;
  if (Status s = load_borders(ld); !s) return s;
  if (Status s = load_events(ld); !s) return s;
  for (const auto& path : ld.files_starting("events-"))
    if (Status s = load_event_words(ld, path); !s) return s;
  for (const auto& path : ld.files_starting("names-"))
    if (Status s = load_names(ld, path); !s) return s;
  return Status::ok();
}

// Place names in the order a name is read: curated places first, then GeoNames towns by
// population, then generated regions ("Homs" names the city; its region follows from it).
void add_place_names(Gazetteer::Impl& im) {
  std::vector<std::size_t> order(im.places.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Place& pa = im.places[a];
    const Place& pb = im.places[b];
    if (pa.source != pb.source) return pa.source < pb.source;
    return pa.population > pb.population;
  });
  static const std::unordered_set<std::string> kGeneric = {
      "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
      "northwest", "southeast", "southwest", "upper", "lower", "capital", "coast", "islands", "centre", "center"};
  for (std::size_t i : order) {
    const Place& p = im.places[i];
    for (std::size_t k = 0; k <= p.aliases.size(); ++k) {
      const std::string& name = k == 0 ? p.name : p.aliases[k - 1];
      if (p.source == Place::Source::kGeneratedRegion) {
        // "Western", "Central": a region name made only of generic words names nothing.
        const auto words = im.analyzer->fold_words(name);
        if (std::all_of(words.begin(), words.end(), [](const std::string& w) { return kGeneric.count(w) > 0; })) continue;
      }
      im.add_name(name, EntityKind::kPlace, i, false, false, k > 0);
    }
  }
}

// Names, in one matcher for every kind: countries (with ICU's translations), places, actors,
// persons, then the names of names-<lang>.tsv; longest first within each first word.
void add_names(Gazetteer::Impl& im) {
  for (std::size_t i = 0; i < im.countries.size(); ++i) {
    auto& c = im.countries[i];
    c.translations = country_translations(c.code);
    im.add_name(c.name, EntityKind::kCountry, i, false);
    for (const auto& a : c.aliases) im.add_name(a, EntityKind::kCountry, i, false, false, true);
    for (const auto& d : c.demonyms) im.add_name(d, EntityKind::kCountry, i, true);
    for (const auto& t : c.translations) im.add_name(t, EntityKind::kCountry, i, false, false, true);
  }
  add_place_names(im);
  for (std::size_t i = 0; i < im.actors.size(); ++i) {
    im.add_name(im.actors[i].name, EntityKind::kActor, i, false);
    for (const auto& a : im.actors[i].aliases) im.add_name(a, EntityKind::kActor, i, false, false, true);
  }
  for (std::size_t i = 0; i < im.persons.size(); ++i) {
    im.add_name(im.persons[i].name, EntityKind::kPerson, i, false);
    for (const auto& a : im.persons[i].aliases) im.add_name(a, EntityKind::kPerson, i, false, false, true);
  }
  for (const auto& e : im.extra_names) im.add_name(e.text, e.kind, e.index, e.demonym, e.any_case, true);
  for (auto& [first, bucket] : im.names)
    std::stable_sort(bucket.begin(), bucket.end(),
                     [](const Gazetteer::Impl::Name& a, const Gazetteer::Impl::Name& b) {
                       return a.words.size() > b.words.size();
                     });
}

// Every name's compact form, for spelling suggestions, in a stable order (the map's is not):
// suggestions of equal score come out the same every run.
void add_compact_names(Gazetteer::Impl& im) {
  for (const auto& [first, bucket] : im.names)
    for (const auto& n : bucket) {
      Gazetteer::Impl::Compact c;
      for (const auto& w : n.words) {
        c.compact += w;
        c.folded += (c.folded.empty() ? "" : " ") + w;
      }
      c.match = n.match;
      im.compact_names.push_back(std::move(c));
    }
  std::sort(im.compact_names.begin(), im.compact_names.end(),
            [](const Gazetteer::Impl::Compact& a, const Gazetteer::Impl::Compact& b) {
              return a.compact != b.compact ? a.compact < b.compact : a.folded < b.folded;
            });
}

}  // namespace

void Gazetteer::Impl::add_name(std::string_view text, EntityKind kind, std::size_t index, bool demonym, bool any_case,
                               bool alias) {
  auto words = analyzer->fold_words(text);
  if (words.empty()) return;
  // Written in capitals in its list ("FSB", "U.S."): an acronym, read as one in capitals.
  std::size_t letters = 0, upper = 0;
  for (unsigned char c : text) {
    if (std::isalpha(c)) ++letters;
    if (std::isupper(c)) ++upper;
  }
  const bool capitals = letters >= 2 && upper == letters;
  std::vector<std::string> keys;
  if (std::any_of(words.begin(), words.end(), [](const std::string& w) {
        return std::any_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
      }))
    for (const auto& w : words) keys.push_back(analyzer->name_key(w));
  auto& bucket = names[keys.empty() ? words.front() : keys.front()];
  for (auto& n : bucket)  // the same name twice for one entity adds nothing (but may widen its case)
    if (n.words == words && n.match.kind == kind && n.match.index == index) {
      n.match.any_case = n.match.any_case || any_case;
      n.match.capitals = n.match.capitals || capitals;
      n.match.alias = n.match.alias && alias;
      return;
    }
  bucket.push_back({words, std::move(keys), NameMatch{kind, index, words.size(), demonym, any_case, capitals, alias}});
}

// The concepts' stems as index terms (Gazetteer::concepts_of_stem) and the fingerprint of that
// table: what an article's concept terms depend on, and nothing else of the files.
static void index_concepts(Gazetteer::Impl& im) {
  std::string table;
  auto add = [&](const std::string& stem, std::size_t i, const std::string& lang) {
    auto& list = im.concepts_by_stem[stem];
    if (std::none_of(list.begin(), list.end(), [&](const auto& c) { return c.concept_index == i && c.lang == lang; }))
      list.push_back({i, lang});
  };
  for (std::size_t i = 0; i < im.events.size(); ++i) {
    table += im.events[i].id;
    for (const auto& s : im.event_stems[i]) {
      add(s, i, "");
      table += "\t" + s;
    }
    for (const auto& v : im.event_other_stems[i]) {
      add(v.stem, i, v.lang);
      table += "\t" + v.lang + ":" + v.stem;
    }
    table += '\n';
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(table)));
  im.concept_table = hex;
}

Result<Gazetteer> Gazetteer::load(const std::string& dir, const Analyzer& analyzer) {
  Gazetteer g;
  Impl& im = *g.impl_;
  im.analyzer = &analyzer;
  Loading ld{im, analyzer, fs::path(dir), {}};
  if (Status s = load_files(ld); !s) return s;
  add_names(im);
  add_compact_names(im);
  for (const auto& c : im.events) {
    im.event_stems.push_back(im.stems_of(c));
    im.event_other_stems.push_back(im.other_stems_of(c));
  }
  index_concepts(im);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(ld.bytes)));
  im.version = hex;
  return g;
}

}  // namespace sitrep
