// sitrep: query understanding. A query string, explicit or natural, becomes an immutable
// ParsedQuery: filters (entities, geography, dates, fields) and text clauses, each remembering the
// words it was read from, so that --explain can show the reading and no word is dropped silently.
//
// Explicit syntax: words, "phrases", +required, -excluded, NOT word, AND, OR, ( ), a NEAR/n b,
// prefix* wildcards, and the fields
//   actor: org: person: place: country: near: within:<N>km source: lang: title:
//   after: before: on: date:A..B   (dates YYYY, YYYY-MM or YYYY-MM-DD, or relative: yesterday,
//                                   last-30-days, this-year, last-week)
//   event: event-after: event-before:  (event dates found in the text, same values)
//   like:ID   more like this: articles like the one with this id (its most informative words, its
//             actors, places and event dates rank; the article and its near-duplicate copies are
//             left out); one per query, combinable with filters and words, not inside OR
// OR and parentheses: `a b OR c` is (a AND b) OR c, as in Xapian's QueryParser (the implicit AND
// between neighbours binds tighter than OR); `(actor:Hezbollah OR actor:Hamas) place:Lebanon`;
// -( ... ) or NOT ( ... ) excludes a group. A natural "Hezbollah or Hamas" reads as either name.
// Field values may be the ids the facets show (place:ch-geneva) or a name with its country or
// region (place:"Geneva, Switzerland", Geneva (Switzerland)).
// Natural phrases: "<actor>", "<place>", "in <place>", "near <place>", "near [the] <country or
// demonym> border", "<country or demonym> border", "within <N> km of <place>", "after|since|
// before|until|on|in <date>", "between <date> and <date>", event words (deploy, attack, ...).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/date.h"
#include "sitrep/gazetteer.h"
#include "sitrep/status.h"

namespace sitrep {

struct QueryLimits {
  std::size_t max_query_bytes = 32768;  // longer queries are refused (a pasted article fits)
  // Filters, fields, wildcards, phrases, +required and -excluded words, groups: not plain words,
  // which any number of may be written (a pasted article).
  std::size_t max_clauses = 64;
  // Distinct plain words (and concepts) a long text keeps: the most informative by the index (the
  // rarest; see ParsedQuery::keep_plain_words); the others are dropped and said so.
  std::size_t max_plain_words = 64;
  double default_near_km = 50;         // radius of "near X" and "X border"
  double max_near_km = 500;
  // A natural query with at least this many free words besides its names and dates is a
  // description ("efforts of the ambassador to get Diem to change his policies"): the entities,
  // places and dates it names rank higher instead of filtering, and their words are searched too.
  // Fields (actor:, place:, after:, ...) always filter. 0: never.
  std::size_t descriptive_words = 3;
  // Wildcards (deploy*): the shortest prefix, and how many index words one may expand to (more is
  // an error asking for a longer prefix).
  std::size_t min_wildcard_prefix = 2;
  std::size_t max_wildcard_terms = 200;
  std::size_t max_near_window = 100;  // NEAR/n
  std::size_t max_group_depth = 8;    // parentheses nested deeper are refused
  // like:ID: the article's most informative words searched (Xapian's relevance feedback, ESet), at
  // most kMaxLikeTerms (Searcher::open refuses more).
  std::size_t like_terms = 60;
  static constexpr std::size_t kMaxLikeTerms = 200;
};

class Tagger;

// An actor, person, place or country the query names.
struct EntityFilter {
  EntityKind kind = EntityKind::kActor;
  std::vector<std::string> ids;  // several when a name is ambiguous (Tripoli): any of them
  std::string name;              // display name
  std::string written;           // the words it was read from
  bool negated = false;
  bool boost = false;  // ranks matching articles higher instead of filtering (a descriptive query)
  // Written as a field (actor:, place:, country:, person:): it always filters, also when nothing
  // matches every condition (the relaxed query keeps it). A name read from natural words does not.
  bool field = false;
};

// Places within a distance of a place, or of a country's land borders, or in one part of a
// country or region ("northern Syria": kPartOf, with a direction).
struct GeoFilter {
  enum class Kind { kNearPlace, kNearBorder, kPartOf };
  Kind kind = Kind::kNearPlace;
  std::string target;       // place id or country code (kPartOf: country code or region id)
  std::string target_name;  // display name
  double km = 50;
  std::vector<PlaceDistance> places;  // the places it covers, nearest first
  // kNearBorder: the land-border lines of the target its places were measured to (a map draws them).
  std::vector<GeoLine> border;
  std::string written;
  bool negated = false;
  // "north of X": only places in that direction from the target (bearing ± 45°); the radius of
  // a direction is twice the default unless within: gives one.
  std::string direction;         // north, south, east, west, northeast, ...; empty: any
  std::optional<double> bearing;  // degrees clockwise from north
  bool boost = false;             // ranks instead of filtering (a descriptive query)
  bool field = false;             // written as near: (always filters; see EntityFilter::field)
};

// Publication date range, inclusive bounds; an open end is nullopt.
struct DateFilter {
  std::optional<Date> from;
  std::optional<Date> to;
  std::string written;
  // A descriptive query's date ranks articles naming events in the range higher instead of
  // filtering the publication date.
  bool boost = false;
};

// source:, lang:.
struct FieldFilter {
  std::string field;
  std::string value;  // folded
  std::string written;
  bool negated = false;
};

struct TextClause {
  enum class Kind { kWord, kPhrase, kConcept, kTitleWord, kNear, kWildcard };
  Kind kind = Kind::kWord;
  // word: {stem}; phrase: folded words; concept: stems; title: folded word; near: folded words;
  // wildcard: {folded prefix}
  std::vector<std::string> terms;
  // kWord: the other terms the word can have in the index, searched as synonyms of terms[0] where
  // the index holds them: its stems in the other languages it could be written in (a Latin word's
  // French stem, a Cyrillic word's Russian stem, an Arabic word's Arabic stem) and, for a name,
  // the key of its transliteration ("T" term) and its transliteration's English stem.
  struct Variant {
    std::string term;  // the whole term, prefix included
    std::string lang;  // used only when the index holds articles in this language; "" always
  };
  std::vector<Variant> variants;
  std::size_t window = 0;          // kNear: the words lie within this many positions, in any order
  std::string concept_id;          // for kConcept
  std::string written;
  bool required = false;
  bool negated = false;
  // Times the query writes the clause (a word, a concept in any of its words and languages): it
  // weighs as Xapian weighs a term of that query frequency (wqf).
  std::size_t wqf = 1;
};

// Neighbouring free words of the query ("prime minister", "vote of confidence"): articles where
// they stand as near each other, in order, rank higher (the set of matches does not change).
struct Proximity {
  std::vector<std::string> words;  // folded, unstemmed
  std::size_t window = 2;          // positions the words may span
};

// A word the query did not use, and why.
struct IgnoredWord {
  std::string word;
  std::string reason;
};

// like:ID (more like this): the article whose likes are wanted.
struct LikeClause {
  std::string id;       // as written (ids are case-sensitive)
  std::string written;  // the field as written
};

class ParsedQuery;

// Alternatives: articles match when they match any of them ("a OR b", "(actor:Hezbollah OR
// actor:Hamas)", a natural "Hezbollah or Hamas" naming different kinds). Each alternative is a
// query of its own whose conditions all hold. A group is explicit query language: the relaxed
// query keeps it.
struct AnyOf {
  std::vector<ParsedQuery> alternatives;
  std::string written;
  bool negated = false;  // -( ... ), NOT ( ... ): articles matching any alternative are left out
};

class ParsedQuery {
 public:
  const std::string& original() const noexcept { return original_; }
  const std::vector<EntityFilter>& entities() const noexcept { return entities_; }
  const std::vector<GeoFilter>& geo() const noexcept { return geo_; }
  const std::optional<DateFilter>& date() const noexcept { return date_; }
  // Event dates (event:, event-after:, event-before:): the days the articles say things happened.
  const std::optional<DateFilter>& event_date() const noexcept { return event_date_; }
  const std::vector<FieldFilter>& fields() const noexcept { return fields_; }
  const std::vector<TextClause>& text() const noexcept { return text_; }
  const std::vector<IgnoredWord>& ignored() const noexcept { return ignored_; }
  const std::vector<Proximity>& proximity() const noexcept { return proximity_; }
  // Groups of alternatives; each group is one more condition ANDed with the rest.
  const std::vector<AnyOf>& any_of() const noexcept { return any_of_; }
  // like:ID: rank articles like that one (the searcher expands it; see Searcher::search).
  const std::optional<LikeClause>& like() const noexcept { return like_; }
  bool empty() const noexcept;
  bool has_filters() const noexcept;
  // Read as a description: its natural names, places and dates rank instead of filtering.
  bool descriptive() const noexcept { return descriptive_; }
  // One line in words: "actor = Hezbollah AND within 50 km of Lebanon's border (...) AND ...".
  std::string summary() const;
  // The conditions alone, as an alternative of a group shows them ("actor = Hamas AND text: raid").
  std::string conditions() const;
  // Filters, text clauses and groups, alternatives included (the clause limit counts these);
  // plain words and the names and places read from them are not counted, except inside a group.
  std::size_t clause_count() const noexcept;
  // A plain word of free text: a word or concept neither +required nor -excluded.
  static bool plain(const TextClause& c) noexcept;
  // The plain words a long text left out as the least informative (keep_plain_words), as written.
  const std::vector<std::string>& dropped_words() const noexcept { return dropped_words_; }
  // Keeps the `keep` plain words that weigh most by `weight` (ties: the first written) and drops
  // the others, recording them in dropped_words(); nothing changes with `keep` or fewer.
  void keep_plain_words(std::size_t keep, const std::function<double(const TextClause&)>& weight);

 private:
  friend class QueryParser;
  friend class QueryReader;
  friend class ConjunctionReader;
  std::size_t count_clauses(bool plain_words) const noexcept;
  std::string original_;
  std::vector<EntityFilter> entities_;
  std::vector<GeoFilter> geo_;
  std::optional<DateFilter> date_;
  std::optional<DateFilter> event_date_;
  std::vector<FieldFilter> fields_;
  std::vector<TextClause> text_;
  std::vector<IgnoredWord> ignored_;
  std::vector<Proximity> proximity_;
  std::vector<AnyOf> any_of_;
  std::vector<std::string> dropped_words_;
  std::optional<LikeClause> like_;
  bool descriptive_ = false;
};

class QueryParser {
 public:
  // With a tagger, gazetteer names that are also common words (Split, Most, Union: tagger's
  // common-words.tsv) are read as places only when capitalised or after "in", "near", ...
  QueryParser(const Gazetteer& gazetteer, QueryLimits limits = {}, const Tagger* tagger = nullptr)
      : gaz_(gazetteer), limits_(limits), tagger_(tagger) {}
  // Relative dates ("yesterday", "last 30 days", "on 27 November") are read against `now`;
  // without it, against today's date (UTC).
  Result<ParsedQuery> parse(std::string_view query) const;
  Result<ParsedQuery> parse(std::string_view query, const Date& now) const;

 private:
  const Gazetteer& gaz_;
  QueryLimits limits_;
  const Tagger* tagger_;
};

}  // namespace sitrep
