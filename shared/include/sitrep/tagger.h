// sitrep: finds actors, persons, places and countries in an article.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"

namespace sitrep {

struct EntityTag {
  std::string id;
  std::string name;        // display name
  int mentions = 0;        // how often it was named
  bool candidate = false;  // found by a rule, not in the curated lists (lower confidence)
};

struct Tags {
  std::vector<EntityTag> actors;
  std::vector<EntityTag> persons;
  std::vector<EntityTag> places;     // towns, villages, crossings, areas (not regions)
  std::vector<EntityTag> regions;    // first-level regions: named, or holding a named place
  std::vector<EntityTag> countries;  // named directly, by demonym, or as the country of a place
};

// One name found in a text.
struct Mention {
  EntityKind kind = EntityKind::kPlace;
  std::string id;    // canonical id (a slug of the name for candidates)
  std::string name;  // display name
  std::size_t first_token = 0, end_token = 0;  // token range [first, end)
  std::size_t begin = 0, end = 0;              // byte range in the text
  bool demonym = false;    // a country named by its demonym ("Lebanese")
  bool candidate = false;  // found by a rule, not in the curated lists
};

class Tagger {
 public:
  explicit Tagger(const Gazetteer& gazetteer) : gaz_(gazetteer) {}
  // Every name in a text already tokenized by the gazetteer's analyzer, in text order.
  std::vector<Mention> mentions(const std::vector<Token>& tokens) const;
  // The document's entities: mentions grouped by id, a place also tagging its country.
  Tags tag(const std::vector<Token>& tokens) const;
  Tags tag(std::string_view text) const;

 private:
  const Gazetteer& gaz_;
};

}  // namespace sitrep
