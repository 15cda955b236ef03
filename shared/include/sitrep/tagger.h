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
  std::vector<EntityTag> places;
  std::vector<EntityTag> countries;  // named directly, by demonym, or as the country of a place
};

class Tagger {
 public:
  explicit Tagger(const Gazetteer& gazetteer) : gaz_(gazetteer) {}
  // Tags of a text already tokenized by the gazetteer's analyzer.
  Tags tag(const std::vector<Token>& tokens) const;
  Tags tag(std::string_view text) const;

 private:
  const Gazetteer& gaz_;
};

}  // namespace sitrep
