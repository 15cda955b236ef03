// sitrep: query building, the first stage of a search. A parsed query (query.h) becomes the Xapian
// queries the search runs: the query itself (filters, text, boosts), the proximity boost kept
// apart for the page's ranking, the relaxed query asked when nothing matches, and each condition
// alone for the empty answer's note. Term names come from schema.h; the index is asked which date
// and source terms it holds.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/gazetteer.h"
#include "sitrep/query.h"

namespace sitrep {

struct Built {
  Xapian::Query query;
  // The small boost of neighbouring query words found together (OP_PHRASE with a window, scaled):
  // apart from `query`, so that the search checks positions only for its best candidates (the
  // page's ranking, ranking.h; with_proximity for every match). Empty when it has none.
  Xapian::Query proximity;
  // Asked when the query finds nothing: the named entities and places rank instead of filter
  // (dates, fields and exclusions still hold). Empty when there is nothing to relax.
  Xapian::Query relaxed;
  // Each condition alone, with its description, to explain an empty answer.
  std::vector<std::pair<std::string, Xapian::Query>> conditions;
};

struct LikeQuery;
// `like` (the expansion of pq's like:ID, more_like_this.h) ranks as one more optional text clause
// and leaves out what it excludes.
// An event concept of the query (TextClause::Kind::kConcept) reads the index's one term of that
// concept (schema::kConcept) when `concept_terms` is true and the index allows it
// (concept_terms_usable), else the synonym of its words.
Built build_query(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq, const QueryLimits& limits,
                  const LikeQuery* like = nullptr, bool concept_terms = true);

// Whether every article of the index carries the concept terms of this gazetteer's concept table
// (schema::kConceptTable): not an index written before they existed, nor one that mixes tables
// (events.tsv edited between two runs of the indexer), whose articles would be found unevenly.
bool concept_terms_usable(const Xapian::Database& db, const Gazetteer& gaz);

// The query with its proximity boost over every match (an alternative of a group; the searcher's
// page asks for it over its best candidates only).
Xapian::Query with_proximity(const Built& b);

// A fresh match-all query. Xapian::Query::MatchAll is one shared object whose reference count is
// not atomic: copying it from several threads at once corrupts it.
Xapian::Query match_all();

// Sources are one whatever their case, spaces, hyphens or punctuation: "Jordan Times",
// "jordantimes" and "Jordan-Times" have the key "jordantimes" (the folded name without ASCII
// characters other than letters and digits). The index holds "XS" + the folded words of the
// source as written, joined by '-' (schema.h); the searcher finds a source's terms by their key,
// so indexes written before keys existed need no re-indexing.
std::string source_key(std::string_view folded);
// The source terms of the index with this key (every way the source was written).
std::vector<std::string> source_terms(const Xapian::Database& db, const std::string& key);

// How informative a plain word (or concept) of the query is in this index: its inverse document
// frequency, log(1 + N / termfreq), times its query-frequency factor; 0 for a word no article
// holds. A long text keeps its most informative words (ParsedQuery::keep_plain_words).
double informativeness(const Xapian::Database& db, const TextClause& c);

// The variants of a word the index holds (see query_builder.cpp).
std::vector<std::string> held_variants(const Xapian::Database& db, const Gazetteer& gaz, const TextClause& c);

}  // namespace sitrep
