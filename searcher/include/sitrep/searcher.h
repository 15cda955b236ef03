// sitrep: the searcher library. Opens an index read-only and answers queries with hits,
// snippets, facet counts and the reading of the query.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/query.h"
#include "sitrep/status.h"
#include "sitrep/tag_explanation.h"

namespace sitrep {

struct SearcherConfig {
  std::string data_dir;  // gazetteer; empty: Gazetteer::default_data_dir()
  QueryLimits limits;
  // Keep every article's facet values in memory (read once per index revision, at the first
  // search after a commit: about 10 MB and a second per 100,000 articles), so that facets over a
  // large match set cost microseconds per match instead of a value lookup per match and facet.
  // Worth it for a long-lived searcher (a server); a one-query command turns it off. Over a stub of
  // local shards it is keyed on the sum of their revisions.
  bool facet_cache = true;
  // With the facet cache, the posting lists a search reads to list its whole match set are kept
  // as compressed bitmaps for the index revision (a single database), least recently used out
  // past this many bytes: the filters popular queries share (a country, a year, an actor) then
  // cost a bitmap intersection. 0: none kept.
  std::size_t posting_cache_bytes = std::size_t{128} << 20;
  // With the facet cache, facets are counted over docid ranges on threads of their own (up to the
  // cores, at least two) once each thread has this many rows to walk (the matches, or over half
  // of the index the others); the answer is the same. 0: always on one thread.
  std::size_t parallel_counting_from = 20000;
  // With the facet cache on a machine of more than one core, a search counts its matches and
  // facets on a thread (and a database handle) of its own while it ranks the page, as long as the
  // searches under way leave a core free for it: the answer is the same, sooner by the shorter of
  // the two. false: one after the other.
  bool count_beside_ranking = true;
  // An event concept of a query ("shelling": attack, strike, bombing, ...) reads the index's one
  // term per concept, written by the indexer, where every article of the index was indexed with
  // this gazetteer's concept table (events*.tsv); otherwise, or when false, the synonym of its words
  // (a dozen posting lists). The same articles match either way.
  bool concept_terms = true;
};

struct SearchOptions {
  enum class Sort { kRelevance, kNewest, kOldest };
  std::size_t offset = 0;
  std::optional<Date> now;  // the reference of relative dates ("last 30 days"); default: today (UTC)
  // Facet drill-down: (facet, id) pairs as the facets report them, e.g. {"actor", "hezbollah"},
  // {"region", "sy-r-homs"}, {"month", "2024-12"}, {"source", "levant-wire"}; each narrows the
  // answer. Facets: the drill-down ones of the registry (sitrep/facets.h): actor, person, place,
  // region, country, source, lang, month, event.
  std::vector<std::pair<std::string, std::string>> drill_down;
  std::size_t limit = 10;
  Sort sort = Sort::kRelevance;
  // Near-duplicate wire copies of one story collapse into their best hit, with a count.
  bool collapse_duplicates = true;
  std::size_t facet_top = 10;  // values per facet
  // Date histogram of the whole match set: its bucket size, kAuto picking one from the span.
  enum class Interval { kNone, kAuto, kDay, kWeek, kMonth, kYear };
  Interval histogram = Interval::kAuto;
  // Which date the histogram counts: publication, or the event dates the articles name.
  enum class HistogramField { kPublished, kEvent };
  HistogramField histogram_field = HistogramField::kPublished;
  std::size_t max_buckets = 400;  // a finer interval with more buckets is coarsened
  std::size_t snippet_words = 40;  // 0: no snippets
  // false: only the page of hits (no facets, no histogram, no pass over the whole match set), and
  // `total` is Xapian's estimate (SearchResult::total_exact false): the cost of a plain top-k.
  bool facets = true;
  // Bounds for untrusted callers.
  std::size_t max_limit = 100;
  std::size_t max_offset = 10000;
  // Time budget of one search in milliseconds (parsing, matching, counting, snippets); 0: none.
  // Xapian's match stops at the budget, and a search over it fails with ErrorCode::kTimeBudget
  // instead of answering with a partial count.
  double time_budget_ms = 0;
  // Language preference: articles in this language rank first among equally good matches (a small
  // fixed weight, never a filter: every match stays). Empty or "auto": the query's language when
  // its words tell it (detect_query_language, sitrep/language.h), else none; a language code
  // sitrep knows (ISO 639-1: en, fr, ...; case and region subtag do not matter): that language;
  // "none": no preference. Another value is kInvalidArgument naming prefer_lang.
  std::string prefer_lang;
};

struct EntityRef {
  std::string id;
  std::string name;
};

struct FacetValue {
  std::string id;
  std::string name;
  std::uint64_t count = 0;
};

struct Facet {
  std::string name;  // a registry facet (sitrep/facets.h): actor, person, ..., event, candidate
  std::vector<FacetValue> values;
};

struct Hit {
  std::size_t rank = 0;  // 1-based
  std::string id;
  std::string date;   // YYYY-MM-DD
  std::string title;  // the article's title, or its first words
  std::string source;
  std::string url;
  std::string snippet;  // HTML-escaped text with the matched words in <mark>...</mark>
  double score = 0;
  // Near-duplicate copies collapsed into this hit: the other matches sharing its key (with
  // SearchOptions::facets off, those Xapian saw: a lower bound).
  std::size_t duplicates = 0;
  // Event dates the article names: (YYYY-MM-DD, YYYY-MM, YYYY or FIRST..LAST, as written).
  std::vector<std::pair<std::string, std::string>> events;
  std::vector<std::pair<std::string, std::vector<EntityRef>>> facets;  // actor, person, place, country
};

struct HistogramBucket {
  std::string key;    // 2024-12-07 (day), 2024-W49 (ISO week), 2024-12 (month), 2024 (year)
  std::string first;  // first and last day covered, YYYY-MM-DD
  std::string last;
  std::uint64_t count = 0;
};

struct Histogram {
  std::string field = "published";       // the date counted
  std::string interval;                  // day, week, month, year; empty when there is none
  std::vector<HistogramBucket> buckets;  // consecutive, empty buckets included
};

// A query word the index does not hold that is spelt like a known name.
struct Suggestion {
  std::string word;        // as written in the query
  std::string suggestion;  // the name's display form
  std::string kind;        // actor, person, place, country
  std::string id;
};

// How a like:ID query was expanded (more like this), for --explain and the JSON interpretation.
struct MoreLike {
  std::string id;     // the article
  std::string title;
  struct Term {
    std::string stem;  // as the index stores it (sitrep's analyzer), without its prefix
    double weight = 0;  // Xapian's expand weight (ESet)
  };
  std::vector<Term> terms;  // its most informative words, searched (at most QueryLimits::like_terms)
  // Its actors, persons and places ranked higher: ("actor" | "person" | "place", the entity).
  std::vector<std::pair<std::string, EntityRef>> entities;
  std::vector<std::string> events;  // the event dates it names, ranked higher (YYYY-MM-DD, YYYY-MM, YYYY)
  // Left out of the results: the article and its near-duplicate copies (their ids).
  std::vector<std::string> left_out;
};

// The language a search preferred (SearchOptions::prefer_lang), as --explain and the JSON
// interpretation show it.
struct LanguagePreference {
  enum class How {
    kDetected,    // told from the query's words
    kAsked,       // SearchOptions::prefer_lang gave it
    kUndetected,  // the words do not tell it (numbers, names only, several scripts): no preference
    kOff,         // prefer_lang "none": no preference
  };
  std::string lang;  // ISO 639-1; empty: no preference
  How how = How::kUndetected;
};

struct SearchResult {
  // Matching articles, near-duplicate copies counted once (a group of matches sharing a duplicate
  // key counts as its copy with the first article id); the facets, the histogram and the hits'
  // duplicates count the same set. Exact, the same on every path (cache or not, any offset,
  // shards local or remote).
  std::uint64_t total = 0;
  bool total_exact = true;  // false with SearchOptions::facets off: total is Xapian's estimate
  std::vector<Hit> hits;
  std::vector<Facet> facets;
  Histogram histogram;
  ParsedQuery query;         // how the query was read
  std::string engine_query;  // the Xapian query, for --explain
  std::string note;          // e.g. why nothing matched
  // Nothing matched every condition, so the hits, facets and total are those of the relaxed
  // query: named entities and places rank instead of filtering (dates and fields still hold).
  bool relaxed = false;
  std::vector<Suggestion> suggestions;
  std::string did_you_mean;  // the query with the suggestions applied; empty without any
  std::optional<MoreLike> like;  // like:ID: the expansion searched
  LanguagePreference prefer_lang;  // the language whose articles ranked first among equals
};

// One stored article, for a document view (sitrep-serve's /doc/{id}).
struct StoredArticle {
  std::string id;
  std::string date;  // YYYY-MM-DD
  std::string title;
  bool title_from_text = false;  // the article had no title: `title` is the first words of its text
  std::string source;
  std::string url;
  std::string lang;
  std::string text;                                                    // the body as indexed (plain text, not escaped)
  std::vector<std::pair<std::string, std::string>> events;             // as in Hit
  std::vector<std::pair<std::string, std::vector<EntityRef>>> facets;  // actor, person, place, region, country
};

// Names found by rule that no gazetteer list holds (the candidate facet), across the archive:
// what an analyst watching an archive reads to notice an emerging actor, commander or front-line
// village (sitrep-search --new-entities). Names the gazetteer knows now (promoted since they were
// indexed) are left out.
struct NewEntitiesOptions {
  static constexpr std::size_t kMaxLimit = 1000, kMaxExamples = 10;
  std::size_t min_articles = 3;  // a name in fewer articles is left out (at least 1)
  std::optional<Date> since;     // only names first seen on or after this date
  std::size_t limit = 50;        // at most this many names, most articles first (1 to kMaxLimit)
  std::size_t examples = 3;      // example article ids per name, latest first (0 to kMaxExamples)
  std::string kind;              // only this kind (actor, person or place); empty: all
  std::string id;                // only this name: its id, or kind:id as the candidate facet lists it
};

struct NewEntity {
  std::string kind;  // actor, person or place: the rule's guess
  std::string id;    // the candidate's id (the candidate facet's "kind:id" without the kind)
  std::string name;  // as its latest article writes it
  std::size_t articles = 0;  // articles naming it
  std::size_t mentions = 0;  // its mentions in them
  std::string first_date, last_date;  // YYYY-MM-DD of its first and latest article
  std::vector<std::string> examples;  // article ids, latest first
  // The country its articles are most often tagged with (lower-case ISO code, empty when none):
  // the countries column a promotion into extra-actors*.tsv starts from.
  std::string country;
};

class Searcher {
 public:
  // Opens the index read-only. Fails with a clear message when it does not exist or was written
  // with another schema version (and, kInvalidArgument, for limits out of bounds: like_terms).
  static Result<Searcher> open(const std::string& index_dir, const SearcherConfig& config = {});

  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  Result<ParsedQuery> parse(std::string_view query) const;
  // Safe to call from several threads at once: each call takes a database handle of its own
  // from a pool, reopened to the latest commit, so searches run in parallel.
  Result<SearchResult> search(std::string_view query, const SearchOptions& options = {}) const;
  // like:ID (more like this): kNotFound "no article with id 'ID'" when the index has none.
  Result<SearchResult> search(const ParsedQuery& query, const SearchOptions& options = {}) const;

  // The article with this id; kNotFound when the index has none, kInvalidArgument for an id
  // that cannot be one (empty, too long, control characters).
  Result<StoredArticle> document(std::string_view id) const;
  // The tagger's decisions on the article with this id, re-tagged from its stored title and text
  // as the indexer tagged it (with the gazetteer loaded now): each mention with its reason, each
  // vetoed name with its veto. Fails as document() does.
  Result<TagExplanation> explain_tags(std::string_view id) const;
  // Candidate names in at least options.min_articles articles, most articles first (then the
  // latest first). kInvalidArgument for options out of bounds.
  Result<std::vector<NewEntity>> new_entities(const NewEntitiesOptions& options = {}) const;

  // Articles in the index, and its revision (it grows with every commit a reader can see).
  std::uint64_t document_count() const;
  std::uint64_t revision() const;
  // The gazetteer the queries are read with (places and their coordinates, for a map).
  const Gazetteer& gazetteer() const noexcept;

  struct Impl;  // opaque

 private:
  Searcher();
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep
