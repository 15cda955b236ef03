// sitrep: more like this (see more_like_this.h).
#include "more_like_this.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/schema.h"
#include "hit_reader.h"

namespace sitrep {
namespace {

// The entities' mention counts weigh half of a word's BM25, as a description's named entities do
// (query_builder.cpp); sharing an event date with the article adds about half a word's weight.
constexpr double kLikeEntityScale = 0.5;
constexpr double kLikeDateBoost = 0.5;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "ED20241127" -> 2024-11-27, "EM202411" -> 2024-11, "EY2011" -> 2011.
std::string event_shown(std::string_view digits) {
  std::string out(digits.substr(0, 4));
  if (digits.size() >= 6) out += "-" + std::string(digits.substr(4, 2));
  if (digits.size() >= 8) out += "-" + std::string(digits.substr(6, 2));
  return out;
}

struct EntityTerm {
  std::string term, kind, id;
  Xapian::termcount mentions = 0;
};

}  // namespace

bool LikeTermDecider::operator()(const std::string& term) const {
  const std::string_view prefix = schema::kStem;
  if (!starts_with(term, prefix) || term.size() == prefix.size()) return false;
  const std::string_view stem = std::string_view(term).substr(prefix.size());
  // Prefixed terms of other kinds start with a capital after the prefix letter; stems do not.
  if (stem.front() >= 'A' && stem.front() <= 'Z') return false;
  if (std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  if (analyzer_.is_stopword(stem)) return false;
  return db_.get_termfreq(term) >= min_articles_;
}

Result<LikeQuery> more_like_this(const Xapian::Database& db, const Gazetteer& gaz, const LikeClause& like,
                                 std::size_t like_terms) {
  const std::string id_term = schema::term(schema::kId, like.id);
  Xapian::PostingIterator p = db.postlist_begin(id_term);
  if (like.id.empty() || p == db.postlist_end(id_term))
    return Status::not_found("no article with id '" + like.id + "'");
  const Xapian::docid seed = *p;
  const Xapian::Document doc = db.get_document(seed);
  LikeQuery out;
  out.shown.id = like.id;
  if (auto a = read_article(doc)) out.shown.title = a->title;

  // Left out: the article, and the articles sharing its near-duplicate key.
  out.excluded = Xapian::Query(id_term);
  out.shown.left_out.push_back(like.id);
  if (const std::string key = doc.get_value(schema::kSlotDuplicate); !key.empty()) {
    const Xapian::Query copies(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDuplicate, key, key);
    out.excluded = Xapian::Query(Xapian::Query::OP_OR, out.excluded, copies);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, copies, Xapian::Query(id_term)));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet mset = enquire.get_mset(0, kMaxLikeCopiesListed);
    for (auto it = mset.begin(); it != mset.end(); ++it)
      if (auto a = read_article(it.get_document())) out.shown.left_out.push_back(a->id);
  }

  // Its most informative words: Xapian's relevance feedback with the article as the relevant set.
  std::vector<Xapian::Query> any;
  {
    Xapian::Enquire enquire(db);
    Xapian::RSet rset;
    rset.add_document(seed);
    const LikeTermDecider decider(db, gaz.analyzer(), static_cast<Xapian::doccount>(out.shown.left_out.size() + 1));
    const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(like_terms), rset,
                                               Xapian::Enquire::INCLUDE_QUERY_TERMS, &decider);
    double top = 0;
    for (auto it = eset.begin(); it != eset.end(); ++it) top = std::max(top, it.get_weight());
    for (auto it = eset.begin(); it != eset.end(); ++it) {
      const std::string term = *it;
      out.shown.terms.push_back({term.substr(std::string_view(schema::kStem).size()), it.get_weight()});
      // Each word weighs as BM25 weighs it, by its share of the best expand weight.
      const double share = top > 0 ? it.get_weight() / top : 1.0;
      any.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), share);
    }
  }

  // Its actors, persons and places (the most mentioned first), and the event dates it names.
  std::vector<EntityTerm> entities;
  std::vector<std::string> events;
  static const std::pair<const char*, EntityKind> kKinds[] = {
      {schema::kActor, EntityKind::kActor}, {schema::kPerson, EntityKind::kPerson}, {schema::kPlace, EntityKind::kPlace}};
  for (auto t = db.termlist_begin(seed); t != db.termlist_end(seed); ++t) {
    const std::string term = *t;
    for (const auto& [prefix, kind] : kKinds)
      if (starts_with(term, prefix) && term.size() > std::string_view(prefix).size()) {
        const std::string eid = term.substr(std::string_view(prefix).size());
        entities.push_back({term, to_string(kind), eid, t.get_wdf()});
      }
    for (const char* prefix : {schema::kEventDay, schema::kEventMonth, schema::kEventYear})
      if (starts_with(term, prefix) && term.size() >= std::string_view(prefix).size() + 4) events.push_back(term);
  }
  std::stable_sort(entities.begin(), entities.end(),
                   [](const EntityTerm& a, const EntityTerm& b) { return a.mentions > b.mentions; });
  if (entities.size() > kMaxLikeEntities) entities.resize(kMaxLikeEntities);
  if (!entities.empty()) {
    std::vector<Xapian::Query> qs;
    for (const auto& e : entities) {
      qs.emplace_back(e.term);
      const EntityKind kind = e.kind == "actor" ? EntityKind::kActor : e.kind == "person" ? EntityKind::kPerson : EntityKind::kPlace;
      out.shown.entities.push_back({e.kind, EntityRef{e.id, gaz.display_name(kind, e.id)}});
    }
    any.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end()),
                     kLikeEntityScale);
  }
  if (any.empty()) {
    out.ranking = Xapian::Query::MatchNothing;  // nothing to go by: no word another article shares
  } else {
    out.ranking = Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  if (events.size() > kMaxLikeEvents) events.resize(kMaxLikeEvents);
  if (!events.empty() && !any.empty()) {
    // Event terms are boolean (no weight of their own): a fixed weight over them.
    for (const auto& e : events) {
      const std::size_t skip = starts_with(e, schema::kEventDay)     ? std::string_view(schema::kEventDay).size()
                               : starts_with(e, schema::kEventMonth) ? std::string_view(schema::kEventMonth).size()
                                                                     : std::string_view(schema::kEventYear).size();
      out.shown.events.push_back(event_shown(std::string_view(e).substr(skip)));
    }
    auto fixed = std::make_unique<Xapian::FixedWeightPostingSource>(kLikeDateBoost);
    const Xapian::Query dates(Xapian::Query::OP_OR, events.begin(), events.end());
    // Xapian takes ownership of a released posting source.
    out.ranking = Xapian::Query(Xapian::Query::OP_AND_MAYBE, out.ranking,
                                Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(fixed.release()->release()), dates));
  }

  return out;
}

}  // namespace sitrep
