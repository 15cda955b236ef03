// sitrep (internal): what a loaded Gazetteer holds, shared by its loader (gazetteer_load.cpp)
// and its queries (gazetteer.cpp).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/gazetteer.h"
#include "sitrep/geo.h"

namespace sitrep {

struct Gazetteer::Impl {
  const Analyzer* analyzer = nullptr;
  std::vector<Country> countries;
  std::vector<Place> places;
  std::vector<Actor> actors;
  std::vector<Person> persons;
  std::vector<EventConcept> events;
  std::unordered_map<std::string, std::size_t> country_index, place_index, actor_index, person_index;

  struct Name {
    std::vector<std::string> words;
    // Analyzer::name_key of each word (Cyrillic inflection); empty when every word is ASCII (its
    // own key).
    std::vector<std::string> keys;
    NameMatch match;
  };
  // By the key of the first folded word (the word itself unless it is Cyrillic).
  std::unordered_map<std::string, std::vector<Name>> names;
  // Names of names-<lang>.tsv, added after the curated lists' own.
  struct ExtraName {
    EntityKind kind;
    std::size_t index;
    std::string text;
    bool demonym;
    bool any_case;  // written all in lower case in the file
  };
  std::vector<ExtraName> extra_names;
  std::unordered_map<std::string, std::vector<GeoLine>> borders;  // country -> lines
  std::unordered_map<std::string, std::size_t> event_by_stem;
  std::string version;
  // Every name and alias in its compact form (folded words without separators: "deir al-zour" ->
  // deiralzour), for spelling suggestions; built once loading is done.
  struct Compact {
    std::string compact;
    std::string folded;  // the folded words joined by spaces
    NameMatch match;
  };
  std::vector<Compact> compact_names;
  // Each concept's stems (Gazetteer::event_stems) and its other languages' stems, by its index in
  // events: computed once loading is done (a query asks for them for every concept word).
  std::vector<std::vector<std::string>> event_stems;
  std::vector<std::vector<Analyzer::StemVariant>> event_other_stems;
  // Stem -> the concepts it counts for as an index term (Gazetteer::concepts_of_stem), each with
  // the language it counts in ("" for every article); and the table's fingerprint.
  struct ConceptOfStem {
    std::size_t concept_index;
    std::string lang;
  };
  std::unordered_map<std::string, std::vector<ConceptOfStem>> concepts_by_stem;
  std::string concept_table;
  // The places near a border (country, km), kept once computed: a query naming a border asks for
  // them again, and each is a distance to every segment of the border's lines. Bounded.
  static constexpr std::size_t kMaxNearBorder = 512;
  mutable std::mutex near_border_mutex;
  mutable std::map<std::pair<std::string, double>, std::vector<PlaceDistance>> near_border;

  double rarity(const NameMatch& m) const;
  // A concept's stems in English and in its other languages (computed; see event_stems).
  std::vector<std::string> stems_of(const EventConcept& c) const;
  std::vector<Analyzer::StemVariant> other_stems_of(const EventConcept& c) const;

  // Adds a name (or an alias, demonym, translation) of an entity to the matcher.
  // alias: not the entity's own name (an alias, a translation, a name in another language).
  void add_name(std::string_view text, EntityKind kind, std::size_t index, bool demonym, bool any_case = false,
                bool alias = false);
};

}  // namespace sitrep
