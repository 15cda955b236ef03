// sitrep (internal): the tagger's parts, shared by its units:
//   tagger_words.cpp    the word lists: cue words (grammar) and the lexicon files, one bit set per word
//   tagger_rules.cpp    segmentation: persons, organisations, teams and places found by rule
//   tagger_resolve.cpp  name resolution: the reading of each gazetteer name, veto → choose
//   tagger.cpp          the document pass, mentions and tags (the public Tagger)
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sitrep/tagger.h"

namespace sitrep {

// What a common word is, from common-words.tsv.
enum class Sense : std::uint8_t { kNone, kMonth, kDirection, kName, kWord, kFunction };

// What the tagger knows of a folded word, as bits: its Sense (low three bits), whether it is a
// first name, and the cue lists it belongs to. One hash lookup per word.
enum WordBit : std::uint32_t {
  kSenseMask = 7,
  kFirst = 1u << 3,
  kFirstAmbiguous = 1u << 4,
  kTitle = 1u << 5,
  kHonorific = 1u << 6,
  kPersonal = 1u << 7,
  kParticle = 1u << 8,
  kOrg = 1u << 9,
  kTeamSuffix = 1u << 10,
  kTeamPrefix = 1u << 11,
  kAgency = 1u << 12,
  kNotOrgAcronym = 1u << 13,
  kInstitution = 1u << 14,
  kFeature = 1u << 15,
  kRegionWord = 1u << 16,
  kThing = 1u << 17,
  kSaid = 1u << 18,
  kPlacePrep = 1u << 19,
  kCandidatePrep = 1u << 20,
  kMonthWord = 1u << 21,
  kVerbFollower = 1u << 22,
  kAbbreviation = 1u << 23,
  kContinent = 1u << 24,
};

struct Tagger::Lexicon {
  std::unordered_map<std::string, std::uint32_t> words;        // folded word -> WordBit set
  std::unordered_map<std::string, std::string> abbreviations;  // folded abbreviation -> region id
};

namespace tagging {

// The lexicon of a data directory (first-names.tsv, common-words.tsv, region-abbreviations.tsv
// from dir, else from Gazetteer::default_data_dir(); without them only the cue words), loaded
// once per directory.
std::shared_ptr<const Tagger::Lexicon> load_lexicon(const std::string& dir, const Analyzer& analyzer);

// Every confidence the tagger gives (Mention::confidence), in one table. 1.0 is a curated name
// that no context had to decide; rule-found names start at 0.4.
namespace confidence {
// Gazetteer names.
inline constexpr double kCurated = 1.0;             // one reading, or an actor, person or demonym
inline constexpr double kCountryInTitle = 1.0;      // "King Abdullah of Jordan": the country of a curated title
inline constexpr double kNeighbour = 0.95;          // a neighbouring place past a comma decided ("Split, Croatia")
inline constexpr double kCountryOverPlaces = 0.9;   // a country kept over places of the same name ("Georgia")
inline constexpr double kCommonWordAsPlace = 0.85;  // a common word or name read as a place, in place context
inline constexpr double kPlaceByDocument = 0.85;    // towns in several countries: the document's countries chose
inline constexpr double kPlaceOverCountry = 0.8;    // a place of a region the document names, over the country
inline constexpr double kPlaceByGazetteerOrder = 0.7;  // towns in several countries: the gazetteer's order chose
inline constexpr double kBetterKnownPlace = 0.7;    // a much better-known namesake, over a town whose region is not named
inline constexpr double kStateAbbreviation = 0.9;   // "Reading, Pa.": a state abbreviation after a town
// Persons.
inline constexpr double kTitleAndNames = 0.8;       // "Spokesman Karim Haddad": a title and two or more words
inline constexpr double kFirstNameAndSurname = 0.75;  // "Ahmed Hassan Nour"
inline constexpr double kHonorificAndName = 0.7;    // "Mr Nour": an honorific and one word
inline constexpr double kInitialAndSurname = 0.7;   // "G. Thorpe"
inline constexpr double kCuedNames = 0.6;           // two or more words before "said", after "according to", ...
inline constexpr double kCuedName = 0.5;            // one word with a reporting cue ("Haddad said")
inline constexpr double kCuedPersonAtMost = kCuedNames;  // Tags: a person this sure is a candidate, not a person
inline constexpr double kSurnameOfCurated = 0.9;    // a curated person's surname alone ("Qassem said")
inline constexpr double kPluralOfCurated = 0.9;     // a curated person's name with an s ("the Assads")
inline constexpr double kSurnameAtMost = 0.9;       // a rule-found person's surname alone: at most this ...
inline constexpr double kSurnameFactor = 0.95;      // ... and this much of the full name's confidence
inline constexpr double kKnownUnset = 0.5;          // a person known by surname before its confidence is set
// Organisations and places found by rule.
inline constexpr double kNewsAgency = 0.8;          // "Reuters", "Itar-Tass"
inline constexpr double kOrganisation = 0.6;        // a run of capitalised words with a head word ("Damascus University")
inline constexpr double kPlaceBeforeRegionWord = 0.6;  // "Tiraspol district"
inline constexpr double kInstitution = 0.5;         // "the Senate"
inline constexpr double kPlaceAfterPreposition = 0.5;  // "in Kfar Kila"
inline constexpr double kTeam = 0.5;                // a town's name that a score shows to be a team ("Leeds 2")
inline constexpr double kAcronym = 0.4;             // "PKK" in mixed-case text
inline constexpr double kTeamByScore = 0.4;         // an unknown name before a score ("Feyenoord 3")
// Tagger::explain.
inline constexpr double kDropped = 0.0;             // a gazetteer name a veto dropped
}  // namespace confidence

// Evidence the tagger asks of weaker readings (issue 17, item 5).
namespace evidence {
// A town whose namesake elsewhere has at least this many times its population is read as the
// namesake unless the article names the town's region (or writes "Town, Region").
inline constexpr long kBetterKnownRatio = 5;
// A word in capitals up to this many letters is an acronym ("SANA", "FSB"): it reads a name of the
// lists only when the list writes that name in capitals, or it is the entity's own name ("ROME").
inline constexpr std::size_t kAcronymLetters = 4;
// An actor named in an article published more than this many years before it existed is
// named by its full name, not an alias ("Wagner" in 1987 is not the Wagner Group).
inline constexpr int kYearsBeforeActive = 1;
// A GeoNames town of fewer inhabitants than this ("Harper", Liberia) needs evidence: its country or
// region named by another name of the article, a place context or a dateline.
inline constexpr long kSmallTown = 100000;
}  // namespace evidence

// A word of a script without case (Arabic, Hebrew, ...): capitalisation says nothing there, so
// its gazetteer names count as written. (Not a lower-case word of a cased script such as Russian
// "того", which is not Togo.)
inline bool caseless(const Token& t) { return t.caseless; }
inline bool name_like(const Token& t) { return !t.numeric && (t.capitalized || t.all_caps || caseless(t)); }

enum class SpanType : std::uint8_t { kGaz, kPerson, kOrg, kPlace };

// A run of words segment() found to be one name: a gazetteer name with its readings, or a name
// found by rule.
struct Span {
  SpanType type = SpanType::kGaz;
  std::size_t first = 0, end = 0;
  std::vector<NameMatch> alts;  // kGaz: the readings of the name (same length)
  double confidence = 1.0;
  bool in_persons = false;  // rule persons: with a title or first-name cue
  bool honorific = false;   // a one-word person after an honorific ("Mr Nour")
  bool strong = false;      // a place by construction (a state abbreviation after a town)
  std::string_view reason;  // why it is a name, or (kGaz, after resolve) why this reading (static text)

  // A name found by rule (or a span turned into one).
  void set(SpanType t, std::size_t f, std::size_t e, double c, std::string_view why) {
    type = t;
    first = f;
    end = e;
    confidence = c;
    reason = why;
  }
};

// One pass over one document's tokens.
class Document {
 public:
  // explain: also keep the gazetteer names resolve() drops, with the reason (dropped()).
  // year: the article's publication year, 0 when unknown.
  Document(const Gazetteer& gaz, const Tagger::Lexicon& lex, const std::vector<Token>& tokens, bool explain = false,
           int year = 0)
      : gaz_(gaz), lex_(lex), t_(tokens), n_(tokens.size()), explain_(explain), year_(year) {}

  std::vector<Mention> run();
  // The gazetteer names the document's context vetoed (with explain only), in text order.
  std::vector<Mention> take_dropped() { return std::move(dropped_); }

 private:
  // -- per-token facts
  bool is(std::size_t k, std::uint32_t bit) const { return k < n_ && (f_[k] & bit) != 0; }
  Sense sense(std::size_t k) const { return static_cast<Sense>(f_[k] & kSenseMask); }
  bool first_name(std::size_t k) const { return is(k, kFirst); }
  bool cap(std::size_t k) const { return name_like(t_[k]); }
  // Word k follows word k-1 in the same sentence with only a space or a hyphen between them.
  bool adjacent(std::size_t k) const {
    return k > 0 && k < n_ && !t_[k].sentence_start && t_[k].begin <= t_[k - 1].end + 1;
  }
  // Word k follows word k-1 past punctuation (a comma, a bracket) in the same sentence.
  bool after_comma(std::size_t k) const {
    return k > 0 && k < n_ && !t_[k].sentence_start && t_[k].begin >= t_[k - 1].end + 2 &&
           t_[k].begin <= t_[k - 1].end + 4;
  }
  // Word k is one capital letter: an initial ("G. Thorpe", "George W. Bush").
  bool initial(std::size_t k) const {
    return k < n_ && t_[k].surface.size() == 1 && t_[k].surface[0] >= 'A' && t_[k].surface[0] <= 'Z';
  }
  // Word k follows an initial and its full stop ("W. Bush").
  bool after_initial(std::size_t k) const {
    return k > 0 && k < n_ && initial(k - 1) && t_[k].begin == t_[k - 1].end + 2 && t_[k].capitalized;
  }
  // Word k sits among all-caps words (a headline): case says nothing there.
  bool all_caps_context(std::size_t k) const {
    const bool before = k > 0 && t_[k - 1].all_caps && !t_[k].sentence_start;
    const bool after = k + 1 < n_ && t_[k + 1].all_caps && !t_[k + 1].sentence_start;
    return t_[k].all_caps && (before || after);
  }
  bool has_kind(std::size_t k, EntityKind kind) const {
    for (const auto& m : gm_[k])
      if (m.kind == kind) return true;
    return false;
  }
  bool gaz_at(std::size_t k) const { return !gm_[k].empty(); }
  bool demonym_at(std::size_t k) const {
    for (const auto& m : gm_[k])
      if (m.demonym) return true;
    return false;
  }
  // A month used as a date or a verb: "March 3", "3 March", "March 2024", "May be".
  bool month_as_date(std::size_t k) const {
    if (!is(k, kMonthWord)) return false;
    if (k + 1 < n_ && t_[k + 1].numeric) return true;
    if (k > 0 && t_[k - 1].numeric) return true;
    if (k + 1 < n_ && is(k + 1, kVerbFollower) && !t_[k + 1].capitalized) return true;
    return false;
  }

  // -- rules (tagger_rules.cpp)
  bool name_word(std::size_t k, bool allow_gaz, bool allow_word = false) const;
  // before: name words already read before s (a first name), for the title look-ahead.
  std::size_t person_end(std::size_t s, bool allow_gaz, bool allow_word = false, std::size_t before = 0) const;
  std::size_t org_end(std::size_t i) const;
  bool title_rule(std::size_t i, Span& out) const;
  bool first_name_rule(std::size_t i, Span& out) const;
  bool cue_rules(std::size_t i, Span& out) const;
  bool cued_person(std::size_t i, Span& out) const;
  bool score_after(std::size_t e) const;
  std::string key(std::size_t first, std::size_t end) const;
  void segment();
  void find_teams();
  void persons_named_as_organisations();

  // -- resolution (tagger_resolve.cpp)
  // What resolve() knows of a gazetteer name before it decides.
  struct Context {
    const Span& span;
    std::size_t index;  // in spans_
    std::size_t len;
    Sense sense;                   // of a one-word name; kNone for longer ones
    std::vector<NameMatch> held;   // readings a place past a comma holds ("Split, Croatia")
    std::vector<NameMatch> holding;  // readings holding the place before the comma ("Atlanta, Georgia")
    bool neighbour = false;        // held or holding is not empty
    bool place_context = false;    // strong_place_context()
  };
  // A reading of the name and why (Span::reason).
  struct Choice {
    NameMatch match;
    double confidence;
    std::string_view reason;
  };
  // A veto: when it applies, the words are not a name here.
  struct Veto {
    bool (Document::*applies)(const Context&) const;
    std::string_view reason;
  };
  static const Veto kVetoes[];
  void gather_support();
  void resolve(Span& s, std::size_t index);
  Context context_of(const Span& s, std::size_t index) const;
  bool country_before_feature(const Context& c) const;
  bool month_as_date_or_verb(const Context& c) const;
  bool common_word_without_place(const Context& c) const;
  bool lower_case_elsewhere(const Context& c) const;
  bool surname_of_a_person(const Context& c) const;
  bool continent_name(const Context& c) const;
  bool town_inside_a_longer_name(const Context& c) const;
  bool small_town_without_evidence(const Context& c) const;
  static const Veto kActorVetoes[];
  bool acronym_without_context(const Context& c) const;
  bool before_the_actor_existed(const Context& c) const;
  Choice better_known_namesake(const std::vector<NameMatch>& pool, Choice choice) const;
  Choice choose(const Context& c) const;
  Choice choose_among_countries(const std::vector<NameMatch>& pool, double confidence) const;
  int support(const std::unordered_map<std::string, int>& counts, const std::string& key) const;
  bool strong_place_context(const Span& s) const;
  bool contains(const NameMatch& outer, const NameMatch& inner) const;
  std::string country_of(const NameMatch& m) const;
  std::string region_of(const NameMatch& m) const;
  std::string region_key(const NameMatch& m) const;

  // -- mentions (tagger.cpp)
  void read_words();
  void read_plural_persons();
  void remember_surnames();
  void emit_rule(const Span& s, std::vector<Mention>& out);
  bool plural_of_curated(const Span& s, std::vector<Mention>& out) const;
  void emit_resolved(const Span& s, std::vector<Mention>& out) const;
  void add_lone_surnames(const std::vector<bool>& covered, std::vector<Mention>& out) const;
  void emit_gaz(const Span& s, const NameMatch& m, double confidence, std::vector<Mention>& out) const;
  void add(std::vector<Mention>& out, EntityKind kind, std::string id, std::string name, std::size_t first,
           std::size_t end, bool demonym, bool candidate, double confidence, std::string_view reason) const;
  void drop(const Span& s, std::string_view reason);

  const Gazetteer& gaz_;
  const Tagger::Lexicon& lex_;
  const std::vector<Token>& t_;
  std::size_t n_;
  bool explain_ = false;
  int year_ = 0;
  std::vector<std::string> words_;
  std::vector<std::uint32_t> f_;  // WordBit set of each word
  std::vector<std::vector<NameMatch>> gm_;  // gazetteer matches written as names, longest first
  std::unordered_set<std::string_view> lower_seen_;  // gazetteer names also written in lower case
  std::unordered_set<std::size_t> plural_person_at_;  // first words of "Bashar al-Assads" (a person with an s)
  std::vector<Span> spans_;
  std::unordered_map<std::string, int> country_support_, region_support_;
  struct Known {
    std::string id, name;
    bool in_persons = false;
    double confidence = confidence::kKnownUnset;
    std::size_t words = 0;
    bool curated = false;
  };
  // A person named again by surname alone.
  void add_known(std::vector<Mention>& out, const Known& k, std::size_t first, std::size_t end, double confidence) const;
  std::unordered_map<std::string, Known> surnames_;  // folded last name -> person
  std::vector<Mention> dropped_;  // with explain_: the vetoed gazetteer names
};

}  // namespace tagging
}  // namespace sitrep
