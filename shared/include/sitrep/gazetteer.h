// sitrep: curated entity lists (countries, places, actors, persons, land borders, event vocabulary)
// and the matcher that finds their names in analysed text.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/geo.h"
#include "sitrep/place.h"
#include "sitrep/status.h"

namespace sitrep {

enum class EntityKind { kActor, kPerson, kPlace, kCountry };
const char* to_string(EntityKind kind) noexcept;

struct Country {
  std::string code;  // ISO 3166-1 alpha-2, lower case: the canonical id
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> demonyms;
  double lat = 0, lon = 0;  // centroid
  std::vector<std::string> translations;  // the name in other languages, from ICU locale data
  // Its world region (world-regions.tsv: the UN M49 sub-region, "western-asia" / "Western Asia");
  // empty when the file gives it none.
  std::string world_region, world_region_name;
};

struct Actor {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  std::string kind;  // armed-group, state-force, intergovernmental, ...
  std::vector<std::string> countries;
  // The year it was founded or became active (actors.tsv's optional sixth column); 0 when unknown.
  // An article published long before it names it only by its full name (Tagger).
  int since = 0;
};

struct Person {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
  std::string role;
  std::vector<std::string> countries;
};

// An event concept and the words that express it ("deploy": deploy, send, dispatch, ...).
struct EventConcept {
  std::string id;
  std::vector<std::string> words;  // as written in the file
  // Its words in other languages (events-<lang>.tsv): each word and its language.
  struct Word {
    std::string word;
    std::string lang;
  };
  std::vector<Word> other_words;
};

// A gazetteer name found in a sequence of folded words.
struct NameMatch {
  EntityKind kind;
  std::size_t index = 0;   // into actors(), persons(), places() or countries()
  std::size_t length = 0;  // number of words matched
  bool demonym = false;    // matched a country's demonym ("Lebanese")
  bool any_case = false;   // counts however it is written (lower case in names-<lang>.tsv: "libanaise")
  bool capitals = false;   // the name is written in capitals in its list: an acronym ("FSB", "STC")
  bool alias = false;      // an alias or translation, not the entity's own name ("Sana" for Sanaa)
};

class Gazetteer {
 public:
  // Reads countries.tsv, places.tsv, actors.tsv, persons.tsv, borders.tsv and events.tsv from dir,
  // and when present the generated regions.tsv, geonames-places.tsv and place-regions.tsv and any
  // extra-actors*.tsv (extra actor sources such as UCDP; curated ids and names win), names-*.tsv
  // (the curated entities' names in other languages and scripts) and events-*.tsv (the event
  // vocabulary in other languages). Country names in other languages come from ICU's locale
  // data. Errors name the file and line.
  static Result<Gazetteer> load(const std::string& dir, const Analyzer& analyzer);
  // $SITREP_DATA_DIR; else, for a program of the build tree, the build's data directory; else the
  // installed copy: the nearest PREFIX/share/sitrep above the program (or shared object) that
  // holds this code, else the configured ${datadir}/sitrep.
  static std::string default_data_dir();

  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;
  ~Gazetteer();

  const std::vector<Country>& countries() const noexcept;
  const std::vector<Place>& places() const noexcept;
  const std::vector<Actor>& actors() const noexcept;
  const std::vector<Person>& persons() const noexcept;
  const std::vector<EventConcept>& events() const noexcept;

  const Country* country(std::string_view code) const noexcept;
  const Place* place(std::string_view id) const noexcept;
  const Actor* actor(std::string_view id) const noexcept;
  const Person* person(std::string_view id) const noexcept;
  // The canonical id of the entity a match names.
  std::string id_of(const NameMatch& match) const;
  // Display name of an entity id of any kind, or the id itself when unknown.
  std::string display_name(EntityKind kind, std::string_view id) const;

  // All names that match the folded words starting at words[i]: longest first, then actor,
  // person, country, place (a name that is both a country and a city means the country). Words in
  // other scripts also match in another case (Cyrillic: Analyzer::name_key, "Харкові") and after
  // proclitics (Arabic, Hebrew: Analyzer::without_proclitics, "بالقصير", "ובלבנון").
  std::vector<NameMatch> match_at(const std::vector<std::string>& words, std::size_t i) const;
  // Case-insensitive lookup of one whole name ("hezbollah", "Al-Qusayr", "Lebanese").
  std::vector<NameMatch> lookup(std::string_view name) const;

  // Names spelt like folded text (edit distance 1 for 4-6 letters, 2 for more), compared with
  // every name and alias with their words run together ("dair alzour" is one edit from the alias
  // "Deir al-Zour" of Deir ez-Zor): spelling suggestions ("hezbolah" -> Hezbollah), one per entity,
  // by edit distance plus the entity's rarity (under one edit): at equal distance actors and
  // countries first, then persons, curated places and regions, then GeoNames towns, a larger
  // population first ("raqa" -> Raqqa, not Rama in Nicaragua). Entities the text names exactly
  // are not returned.
  struct Spelling {
    std::string name;  // the folded name
    NameMatch match;
    int distance = 0;
  };
  std::vector<Spelling> similar_names(std::string_view folded_word, std::size_t max_results = 3) const;

  // The geographic questions below are answered by geo.h over the gazetteer's places and borders.
  // Places within km of any land border of a country (on both sides), nearest first.
  std::vector<PlaceDistance> places_near_border(std::string_view country, double km) const;
  // The region of a place (nullptr when unknown); a region is its own region.
  const Place* region_of(const Place& place) const noexcept;

  // Places within km of a point, nearest first (regions excluded).
  std::vector<PlaceDistance> places_near(double lat, double lon, double km) const;
  // "Northern Syria", "south-eastern Ukraine": the places (not regions) inside a country (alpha-2
  // code) or a first-level region (its id) that lie in that part of it. North means the northern
  // 40% of its extent, where the extent runs between the 5th and the 95th percentile of its
  // places' latitudes (longitudes for east and west), so that outlying islands do not stretch it;
  // northeast means north and east. direction: north, south, east, west, northeast, northwest,
  // southeast, southwest. km: the distance from the area's centre. Empty for an unknown area.
  std::vector<PlaceDistance> places_in_part(std::string_view area, std::string_view direction) const;
  // Distance in km from a point to the nearest land border of a country; negative when the
  // gazetteer has no border line for that country.
  double km_to_border(std::string_view country, double lat, double lon) const;
  bool has_borders(std::string_view country) const;
  // The land-border lines of a country (borders.tsv: each line shared with one neighbour, from one
  // end to the other), as the distances above are measured to; empty when it has none.
  const std::vector<GeoLine>& border_lines(std::string_view country) const;

  // Event concept of a stem (the analyzer's stem of any of its words; for its words in a non-Latin
  // script, their stem in their language and the folded word), or nullptr.
  const EventConcept* event_of_stem(std::string_view stem) const;
  // Stems of every word of a concept.
  std::vector<std::string> event_stems(const EventConcept& concept_) const;
  // Stems of the concept's words in other languages, each with its language (Analyzer::stem(word,
  // lang)): the searcher uses those of the languages the index holds.
  std::vector<Analyzer::StemVariant> event_stems_in_other_languages(const EventConcept& concept_) const;
  // Event concepts as index terms (schema::kConcept). The concepts (indexes into events()) whose
  // words include this stem of an article in `lang`, appended to out: a concept's English stems
  // count in every article (as the searcher's synonym of its words takes them), its other
  // languages' stems in articles of that language (primary subtag: "fr" for "fr-ca").
  void concepts_of_stem(std::string_view stem, std::string_view lang, std::vector<std::size_t>& out) const;
  // Fingerprint of the concept table (each concept's id, stems and languages), 16 hex digits:
  // an article records the one it was indexed with (schema::kConceptTable).
  const std::string& concept_table() const noexcept;

  // Content hash of the loaded files, stored in the index.
  const std::string& version() const noexcept;
  const Analyzer& analyzer() const noexcept;

  struct Impl;  // what a loaded gazetteer holds (defined in shared/src/gazetteer_impl.h)

 private:
  Gazetteer();
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep
