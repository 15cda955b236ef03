// sitrep: language preference, a stage of query building. A query written in one language ranks
// the articles in that language first among equally good matches: a small fixed weight for the
// articles holding the language's term (schema::kLang), added beside the query (OP_AND_MAYBE), so
// that no match is lost and a clearly better match in another language still ranks first. The
// language is SearchOptions::prefer_lang when it names one, else the query's own, told from its
// words (detect_query_language: its text words and the common words it left out, not the names,
// places, dates and fields it filters on).
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "sitrep/query.h"
#include "sitrep/searcher.h"
#include "sitrep/status.h"

namespace sitrep {

struct Built;

// The weight an article in the preferred language gains. Xapian's BM25 (defaults: k1 1, b 0.5)
// gives a query word idf x 2 wdf / (K + wdf) in an article, K = 0.5 + 0.5 length / average length,
// idf about 1 (a word in a third of the articles) to 10 (a rare one): in an article of average
// length, matching one more such word adds 1 to 10, one more occurrence of it a third of that;
// two articles matching the same words as often differ by about 2.4% of those words' weight per
// 10% of length between them. 0.1 decides exact ties (filters or names alone: equal weights) and
// such near ties, and reorders nothing that matches a word more, or a word more often.
constexpr double kLanguageBoost = 0.1;

// The words a query's language is told from: its text clauses as written (not -excluded) and the
// common words it left out, in its groups too; not the names, places, dates and fields it reads.
std::string language_words(const ParsedQuery& pq);

// The preference of a search: `asked` (SearchOptions::prefer_lang) when it names a language,
// none for "none", else the query's language when its words tell it. An unknown value is
// kInvalidArgument naming prefer_lang.
Result<LanguagePreference> language_preference(const ParsedQuery& pq, std::string_view asked);

// Articles in `lang` (its term, and any written with a region: "Lfr", "Lfr-ca") gain
// kLanguageBoost in the query and in its relaxed form; nothing when lang is empty or no article is
// in it. Only the ranking changes: the match set is the same.
void add_language_boost(const Xapian::Database& db, Built& built, const std::string& lang);

}  // namespace sitrep
