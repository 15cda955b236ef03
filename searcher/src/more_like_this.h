// sitrep: more like this (like:ID). The article's most informative words through Xapian's relevance
// feedback (an RSet of the article -> Enquire::get_eset over the stems sitrep's analyzer indexed,
// "Z" terms), its actors, persons and places and the event dates it names as weighted clauses
// (they rank, they do not filter), and what to leave out: the article itself and its near-duplicate
// copies (the articles sharing its duplicate key, schema::kSlotDuplicate). The query builder joins
// the expansion to the rest of the query (filters, words) as one more optional text clause.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <cstddef>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/query.h"
#include "sitrep/searcher.h"
#include "sitrep/status.h"

namespace sitrep {

// Bounds of the entity and event-date clauses of an expansion.
constexpr std::size_t kMaxLikeEntities = 12;  // the most mentioned first
constexpr std::size_t kMaxLikeEvents = 20;
constexpr std::size_t kMaxLikeCopiesListed = 50;  // copies left out are all left out; this many are named

struct LikeQuery {
  // The expansion: its words (each weighted by its share of the best expand weight) OR its
  // entities (scaled), with the event-date boost on top. Its match set is that of the words and
  // entities.
  Xapian::Query ranking;
  Xapian::Query excluded;  // the article and its near-duplicate copies
  MoreLike shown;          // what --explain and the JSON interpretation show
};

// Which index terms an expansion may use: stems of sitrep's analyzer ("Z"), not a stop word, not
// a number, held by at least `min_articles` articles (the article's near-duplicate group and one
// more: a word of the article and its copies alone finds nothing).
class LikeTermDecider : public Xapian::ExpandDecider {
 public:
  LikeTermDecider(const Xapian::Database& db, const Analyzer& analyzer, Xapian::doccount min_articles = 2)
      : db_(db), analyzer_(analyzer), min_articles_(min_articles) {}
  bool operator()(const std::string& term) const override;

 private:
  const Xapian::Database& db_;
  const Analyzer& analyzer_;
  Xapian::doccount min_articles_;
};

// The expansion of like:ID in this index; kNotFound "no article with id 'ID'" when it has none.
// like_terms (at most QueryLimits::kMaxLikeTerms) bounds the words searched.
Result<LikeQuery> more_like_this(const Xapian::Database& db, const Gazetteer& gaz, const LikeClause& like,
                                 std::size_t like_terms);

}  // namespace sitrep
