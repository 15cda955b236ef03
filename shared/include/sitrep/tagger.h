// sitrep: finds actors, persons, places and countries in an article.
//
// What goes where:
//   - Gazetteer names (curated lists, GeoNames towns, regions, countries, demonyms) are mentions
//     with candidate = false. An ambiguous name is resolved by its context: capitalisation,
//     sentence-initial position, titles and first names ("Michael Jordan" is a person), the
//     neighbouring place ("Split, Croatia", "Atlanta, Georgia"), the document's other places and
//     countries, then population. Names that are also common English words, months or personal
//     names (shared/data/common-words.tsv) are places only in strong context ("in Nice",
//     "Nice, France").
//   - Persons found by rule, with a title ("Spokesman Karim Haddad"), a first name from
//     shared/data/first-names.tsv ("Ahmed Hassan Nour") or a reporting cue ("Haddad said"), are
//     mentions of kind kPerson with candidate = true. Within a document a later surname alone
//     ("Nour", "Mr Nour") is the same person.
//   - Other unknown names with a cue are candidates (candidate = true) with a kind guess:
//     organisations (kActor: "Damascus University", "Bank of England", "Defence Ministry") and
//     places (kPlace: "in Kfar Kila", "Tiraspol district").
//   - Tags::persons holds curated persons and rule-found persons with a title or first-name cue
//     (candidate = true); Tags::candidates holds every other candidate (persons found only by a
//     reporting cue, organisations, places), each with its kind. Candidates never go into
//     actors, places, regions or countries.
//   - confidence: 1.0 for an unambiguous curated name, lower when context had to decide or a rule
//     found the name (0.4 for the weakest candidates); every value is named in one table
//     (tagging::confidence in shared/src/tagger_internal.h).
//   - reason: every mention says why it was kept (the rule that found it, or how its reading was
//     chosen), and explain() also gives the gazetteer names a veto dropped, with the veto.
#pragma once

#include <memory>
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
  EntityKind kind = EntityKind::kPlace;  // what it is (or is guessed to be, for a candidate)
  double confidence = 1.0;               // highest confidence of its mentions
};

struct Tags {
  std::vector<EntityTag> actors;
  std::vector<EntityTag> persons;    // curated persons and rule-found persons with a title or first name
  std::vector<EntityTag> places;     // towns, villages, crossings, areas (not regions)
  std::vector<EntityTag> regions;    // first-level regions: named, or holding a named place
  std::vector<EntityTag> countries;  // named directly, by demonym, or as the country of a place
  std::vector<EntityTag> candidates;  // other rule-found names: organisations, places, persons by a cue
  // The world regions of the countries (Country::world_region), each with the mentions of its
  // countries, most mentioned first.
  std::vector<EntityTag> world_regions;
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
  double confidence = 1.0;  // 1.0 curated and unambiguous; lower when context decided or a rule found it
  // Why: the rule that found it ("rule: a title before the name"), or how its reading was chosen
  // ("the neighbouring place past a comma"); for a dropped name, the veto. Static text.
  std::string_view reason;
};

class Tagger {
 public:
  // Reads first-names.tsv and common-words.tsv from Gazetteer::default_data_dir().
  explicit Tagger(const Gazetteer& gazetteer);
  // Reads them from data_dir, else from Gazetteer::default_data_dir(); without either the rules
  // that need them are off.
  Tagger(const Gazetteer& gazetteer, const std::string& data_dir);

  // Every name in a text already tokenized by the gazetteer's analyzer, in text order. year: the
  // article's publication year (0 when unknown): an actor that did not exist yet then is named
  // only by its full name (Actor::since).
  std::vector<Mention> mentions(const std::vector<Token>& tokens, int year = 0) const;
  // The document's entities: mentions grouped by id, a place also tagging its country.
  Tags tag(const std::vector<Token>& tokens, int year = 0) const;
  Tags tag(std::string_view text, int year = 0) const;

  // Every decision on a text, for --explain: the mentions (as mentions() gives them, each with its
  // reason), and the gazetteer names the context vetoed ("May be", "the Niger River", a surname):
  // each as its first reading, with confidence 0 and the veto as its reason.
  struct Explanation {
    std::vector<Mention> mentions;
    std::vector<Mention> dropped;
  };
  Explanation explain(const std::vector<Token>& tokens, int year = 0) const;

  // A folded word that is a common English word, a compass or direction word or a month
  // (common-words.tsv): a place of that name needs strong context.
  bool is_common_word(std::string_view folded) const;
  // The sense common-words.tsv gives a folded word ("word", "name", "month", "direction",
  // "function"), or "" when it is not listed.
  std::string_view common_word_sense(std::string_view folded) const;

  struct Lexicon;  // word lists (defined in shared/src/tagger_internal.h)

 private:
  const Gazetteer& gaz_;
  std::shared_ptr<const Lexicon> lex_;
};

}  // namespace sitrep
