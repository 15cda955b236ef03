// sitrep-eval: measures the Tagger against public corpora with gold entities.
//   CoNLL-2003       entity-level exact match, LOC / PER / ORG
//   Reuters-21578    document-level countries against <PLACES>
//   FA-KES           the article's tagged places against its gold Syrian location
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "conll.h"
#include "csv.h"
#include "metrics.h"
#include "reuters.h"
#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/ner_model.h"
#include "sitrep/status.h"
#include "sitrep/tagger.h"

namespace sitrep::eval {

// How often each error string occurred, for the error report.
class Tally {
 public:
  void add(const std::string& key, std::size_t n = 1) { counts_[key] += n; }
  // The n most frequent, most frequent first (ties by key).
  std::vector<std::pair<std::string, std::size_t>> top(std::size_t n) const;

 private:
  std::map<std::string, std::size_t> counts_;
};

// ---- CoNLL-2003 ------------------------------------------------------------------------------

struct ConllEval {
  std::map<std::string, Counts> types;  // "LOC", "PER", "ORG"
  std::size_t documents = 0;
  std::size_t mentions = 0;                // mentions scored (aligned, not demonyms)
  std::size_t candidates = 0;              // ... of which found by a rule (Mention::candidate)
  std::size_t unaligned = 0;               // mentions whose byte range cuts a CoNLL token: not scored
  std::size_t demonyms = 0;                // demonym mentions: not scored (CoNLL labels them MISC)
  Tally false_positives, false_negatives;  // "LOC Surface words"
};

// Each document is rebuilt as text (document_text), tokenized and tagged as a whole; a mention
// is scored when its byte range covers whole CoNLL tokens (punctuation that the analyzer leaves
// out of a word, as the last "." of "U.S.", may stay outside). person -> PER, actor -> ORG,
// place or country -> LOC (candidates found by a rule included); demonyms are skipped. MISC gold
// entities are ignored.
ConllEval evaluate_conll(const std::vector<ConllDocument>& docs, const Analyzer& analyzer, const Tagger& tagger);

// The trained name tagger (ner_model.h) on the same documents, sentence by sentence (CoNLL's
// own words; conlleval's exact-match spans): PER, ORG, LOC and MISC.
struct ConllModelEval {
  NerScores scores;
  std::size_t sentences = 0;
  Tally false_positives, false_negatives;  // "ORG Surface words"
};
ConllModelEval evaluate_conll_model(const std::vector<ConllDocument>& docs, const Analyzer& analyzer,
                                    const NerModel& model, const Gazetteer* gazetteer);

// ---- Reuters-21578 ---------------------------------------------------------------------------

// Reuters place code -> ISO 3166-1 alpha-2 (lower case); "" for codes with no country ("-").
using PlacesMap = std::map<std::string, std::string>;
// "code<TAB>iso2" lines; '#' starts a comment line; blank lines skipped.
Result<PlacesMap> parse_places_map(std::string_view tsv, std::string_view name = "reuters-places.tsv");
// eval/data/reuters-places.tsv, compiled into the binary.
std::string_view builtin_places_tsv();

// Which tagged countries a document is about.
struct SalienceRule {
  enum class Dateline {
    kIgnore,  // the dateline's place is not used (with `direct`); counts as any mention otherwise
    kVote,    // it counts as one mention of its country
    kSelect,  // its country is always selected
  };
  bool every = false;  // every tagged country (the starting point); the rest is then unused
  // The dateline's place: "LONDON, March 3 -" -> the part before the first comma.
  Dateline dateline = Dateline::kIgnore;
  bool title = false;     // countries named in the title
  std::size_t lead = 0;   // countries named in the first `lead` sentences of the body
  int min_mentions = 0;   // countries named at least this often (0: off)
  bool direct = false;    // only a country's own name or demonym counts, not its places (the
                          // dateline's place aside, see `dateline`)
  bool fallback = false;  // nothing selected: take the most mentioned country
  bool demonyms = true;   // a demonym ("Japanese") names its country
  // "every", or a comma list of direct, dateline (select), dateline-vote, title, lead=N, min=N,
  // fallback, no-demonyms.
  static Result<SalienceRule> parse(std::string_view spec);
  std::string to_string() const;
};
// The rule sitrep-eval reports with (see entities.cpp for why).
SalienceRule chosen_salience_rule();

// Where the parts of a document's text end (byte offsets into the tokenized text):
// [0, title_end) title, [title_end, dateline_end) dateline, the rest body; the dateline's place
// is [title_end, dateline_place_end).
struct DocZones {
  std::size_t title_end = 0, dateline_place_end = 0, dateline_end = 0;
};

// The text sitrep-eval tags for a Reuters document: title, dateline and body, one per line.
std::string reuters_text(const ReutersDoc& doc, DocZones* zones);

// The document-level countries (ISO alpha-2) predicted for a document, most mentioned first.
std::vector<std::string> predicted_countries(const Tags& tags, const std::vector<Mention>& mentions,
                                             const std::vector<Token>& tokens, const DocZones& zones,
                                             const Gazetteer& gazetteer, const SalienceRule& rule);

// The share of documents whose country facet holds a false tag, and the false tags themselves.
struct FacetPrecision {
  std::size_t documents = 0;        // documents with a country in PLACES
  std::size_t with_false_tag = 0;   // ... whose country facet holds a false tag
  std::size_t false_tags = 0;       // (document, country) false tags in all
  double share() const { return ratio(with_false_tag, documents); }
  Tally tags;  // "Place name (place-id) -> iso2": the place that put a false country on a document
};

// The false tags of one document: the tagged countries neither in gold nor named in the text,
// each with the places that tagged it ("Paris (us-...)"), in the order of tags.countries.
std::vector<std::pair<std::string, std::vector<std::string>>> false_country_tags(
    const Tags& tags, const std::vector<Mention>& mentions, const std::set<std::string>& gold,
    const Gazetteer& gazetteer);

struct ReutersEval {
  Counts all, train;              // the rule given, micro-averaged over (document, country)
  Counts every_all, every_train;  // every country tagged, for comparison
  std::size_t documents = 0;      // documents with PLACES (and a country among them)
  std::size_t train_documents = 0;
  std::size_t no_country = 0;  // documents whose PLACES codes all map to "-"
  std::string rule;
  Tally false_positives, false_negatives;  // "iso2 (Country)"
  Tally false_positive_names;              // "Surface -> iso2": the words that named a wrong country
  // Facet precision (issue 17, item 5): the country facet as the indexer writes it (every country
  // tagged, directly or through a place), not the salience rule above. A false tag is a tagged
  // country that is not in the document's gold PLACES and is not named in its text (no mention
  // of the country itself or its demonym: only a place put it there).
  FacetPrecision facets;
};
// Fails when a PLACES code is missing from the map.
Result<ReutersEval> evaluate_reuters(const std::vector<ReutersDoc>& docs, const PlacesMap& map,
                                     const Analyzer& analyzer, const Tagger& tagger, const Gazetteer& gazetteer,
                                     const SalienceRule& rule);

// ---- FA-KES ----------------------------------------------------------------------------------

struct FakesEval {
  std::size_t documents = 0;
  std::size_t hits = 0;               // a tagged place is the gold location or lies in its area
  std::size_t with_syrian_place = 0;  // documents with at least one tagged place in Syria
  std::size_t all_within = 0;         // ... all of them in the gold area
  std::size_t unresolved = 0;         // gold names the gazetteer does not know (counted as misses)
  std::string area;                   // how the gold area was decided: "region" or "60 km"
  Prf prf() const { return make_prf(ratio(all_within, with_syrian_place), ratio(hits, documents)); }
  Tally misses;  // gold location of documents without a hit
  Tally strays;  // "Tagged place (gold location)" for Syrian places outside the gold area
};
// The table needs the columns article_title, article_content and location.
Result<FakesEval> evaluate_fakes(const CsvTable& table, const Analyzer& analyzer, const Tagger& tagger,
                                 const Gazetteer& gazetteer);

}  // namespace sitrep::eval
