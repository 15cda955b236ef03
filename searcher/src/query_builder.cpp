// sitrep: query building (see query_builder.h).
#include "query_builder.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sitrep/date.h"
#include "sitrep/language.h"
#include "sitrep/schema.h"
#include "engine_query.h"
#include "more_like_this.h"
#include "query_reader.h"  // all_digits

namespace sitrep {
namespace {

const char* prefix_of(EntityKind k) {
  switch (k) {
    case EntityKind::kActor:
      return schema::kActor;
    case EntityKind::kPerson:
      return schema::kPerson;
    case EntityKind::kPlace:
      return schema::kPlace;
    case EntityKind::kCountry:
      return schema::kCountry;
  }
  return "";
}

// The term of an entity id: regions have their own prefix (a region term is on every article
// naming the region or a place inside it).
std::string entity_term(const Gazetteer& gaz, EntityKind k, const std::string& id) {
  if (k == EntityKind::kPlace)
    if (const Place* p = gaz.place(id); p && p->kind == "region") return schema::term(schema::kRegion, id);
  return schema::term(prefix_of(k), id);
}

Xapian::Query entity_query(const Gazetteer& gaz, const EntityFilter& e) {
  std::vector<Xapian::Query> qs;
  for (const auto& id : e.ids) qs.emplace_back(entity_term(gaz, e.kind, id));
  return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}


Xapian::Query or_of(const std::vector<std::string>& terms, const std::string& prefix) {
  std::vector<Xapian::Query> qs;
  for (const auto& t : terms) qs.emplace_back(prefix + t);
  if (qs.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

// A clause the query writes n times weighs as BM25 weighs a term of query frequency n (Xapian's
// BM25Weight with its default k3 = 1: a factor (k3 + 1) n / (k3 + n), 1.5 for three times). A
// synonym group has no wqf of its own in Xapian, so its weight is scaled by that factor.
constexpr double kBm25K3 = 1.0;
Xapian::Query with_wqf(Xapian::Query q, std::size_t wqf) {
  if (wqf <= 1) return q;
  const double n = static_cast<double>(wqf);
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, (kBm25K3 + 1) * n / (kBm25K3 + n));
}

Xapian::Query text_query(const Xapian::Database& db, const Gazetteer& gaz, const TextClause& c,
                         std::size_t max_wildcard_terms, bool concept_terms) {
  switch (c.kind) {
    case TextClause::Kind::kWord: {
      const std::string term = all_digits(c.terms[0]) ? c.terms[0] : schema::term(schema::kStem, c.terms[0]);
      const auto wqf = static_cast<Xapian::termcount>(c.wqf);
      // The word's readings in other languages and scripts, as one word.
      std::vector<Xapian::Query> qs{Xapian::Query(term, wqf)};
      for (const auto& v : held_variants(db, gaz, c))
        if (v != term) qs.emplace_back(v);
      if (qs.size() == 1) return qs.front();
      return with_wqf(Xapian::Query(Xapian::Query::OP_SYNONYM, qs.begin(), qs.end()), c.wqf);
    }
    case TextClause::Kind::kTitleWord:
      return Xapian::Query(schema::term(schema::kTitle, c.terms[0]));
    case TextClause::Kind::kPhrase: {
      const std::string prefix = c.concept_id == "title" ? schema::kTitle : "";
      std::vector<Xapian::Query> qs;
      for (const auto& t : c.terms) qs.emplace_back(prefix + t);
      return Xapian::Query(Xapian::Query::OP_PHRASE, qs.begin(), qs.end());
    }
    case TextClause::Kind::kConcept: {
      // One posting list where every article carries this table's concept terms; else its words.
      if (concept_terms)
        return Xapian::Query(schema::term(schema::kConcept, c.concept_id), static_cast<Xapian::termcount>(c.wqf));
      std::vector<Xapian::Query> qs;
      for (const auto& t : c.terms) qs.emplace_back(schema::term(schema::kStem, t));
      for (const auto& v : held_variants(db, gaz, c))  // its words in other languages
        if (std::none_of(c.terms.begin(), c.terms.end(), [&](const std::string& t) { return schema::term(schema::kStem, t) == v; }))
          qs.emplace_back(v);
      return with_wqf(Xapian::Query(Xapian::Query::OP_SYNONYM, qs.begin(), qs.end()), c.wqf);
    }
    case TextClause::Kind::kNear: {
      std::vector<Xapian::Query> qs(c.terms.begin(), c.terms.end());
      return Xapian::Query(Xapian::Query::OP_NEAR, qs.begin(), qs.end(), static_cast<Xapian::termcount>(c.window));
    }
    case TextClause::Kind::kWildcard:
      // Unprefixed terms are the folded words; expanding past the limit is an error
      // (Xapian::WildcardError, reported as a limit).
      return Xapian::Query(Xapian::Query::OP_WILDCARD, c.terms[0], static_cast<Xapian::termcount>(max_wildcard_terms),
                           Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_SYNONYM);
  }
  return Xapian::Query::MatchNothing;
}

// Articles that say something happened within [from, to]: their event-day terms in the range, and
// month and year terms wholly inside it (the index is asked which of those terms exist).
// Calls fn(suffix) for the terms of `prefix` in order, from prefix + start, while fn returns true.
template <typename Fn>
void each_term(const Xapian::Database& db, const std::string& prefix, const std::string& start, Fn&& fn) {
  auto it = db.allterms_begin(prefix);
  it.skip_to(prefix + start);
  for (; it != db.allterms_end(prefix); ++it)
    if (!fn((*it).substr(prefix.size()))) return;
}

// Publication dates in [lo, hi] through the boolean terms every article carries (Y year, M month,
// D day): the years wholly inside, then the whole months of the years the range cuts, then the days
// of the months it cuts; only terms the index holds. A few posting lists ORed are a filter Xapian
// skips through, where a value range checks the date of every candidate (a one-day filter on a
// broad text query read the date of each of its half a million matches).
Xapian::Query published_query(const Xapian::Database& db, const Date& lo, const Date& hi) {
  const std::string from = lo.compact(), to = hi.compact();
  std::vector<Xapian::Query> qs;
  each_term(db, schema::kYear, from.substr(0, 4), [&](const std::string& y) {
    if (y.size() != 4 || y > to.substr(0, 4)) return y.size() == 4 ? false : true;
    if (y + "0101" >= from && y + "1231" <= to) {
      qs.emplace_back(schema::term(schema::kYear, y));
      return true;
    }
    const std::string first_month = y == from.substr(0, 4) ? from.substr(4, 2) : std::string();
    each_term(db, schema::kMonth + y, first_month, [&](const std::string& mm) {
      const std::string ym = y + mm;
      if (mm.size() != 2 || ym > to.substr(0, 6)) return mm.size() == 2 ? false : true;
      const int days = days_in_month(std::stoi(y), std::stoi(mm));
      if (ym + "01" >= from && ym + std::to_string(days) <= to) {
        qs.emplace_back(schema::term(schema::kMonth, ym));
        return true;
      }
      const std::string first_day = ym == from.substr(0, 6) ? from.substr(6, 2) : std::string();
      each_term(db, schema::kDay + ym, first_day, [&](const std::string& dd) {
        if (dd.size() != 2 || ym + dd > to) return dd.size() == 2 ? false : true;
        qs.emplace_back(schema::term(schema::kDay, ym + dd));
        return true;
      });
      return true;
    });
    return true;
  });
  if (qs.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

Xapian::Query event_query(const Xapian::Database& db, const DateFilter& d) {
  const Date lo = d.from.value_or(Date{1, 1, 1});
  const Date hi = d.to.value_or(Date{9999, 12, 31});
  std::vector<Xapian::Query> qs;
  auto scan = [&](const char* prefix, const std::string& start, auto&& inside) {
    each_term(db, prefix, start, [&](const std::string& v) {
      const int r = inside(v);
      if (r == 0) qs.emplace_back(schema::term(prefix, v));
      return r <= 0;  // r > 0: past the range
    });
  };
  // inside(): -1 before or not wholly inside, 0 inside, 1 past the end.
  scan(schema::kEventDay, lo.compact(), [&](const std::string& v) { return v > hi.compact() ? 1 : 0; });
  scan(schema::kEventMonth, lo.compact().substr(0, 6), [&](const std::string& v) {
    if (v.size() != 6) return -1;
    const int y = std::stoi(v.substr(0, 4)), m = std::stoi(v.substr(4, 2));
    const Date first{y, m, 1}, last{y, m, days_in_month(y, m)};
    if (first > hi) return 1;
    return first >= lo && last <= hi ? 0 : -1;
  });
  scan(schema::kEventYear, lo.compact().substr(0, 4), [&](const std::string& v) {
    if (v.size() != 4) return -1;
    const int y = std::stoi(v);
    if (Date{y, 1, 1} > hi) return 1;
    return Date{y, 1, 1} >= lo && Date{y, 12, 31} <= hi ? 0 : -1;
  });
  if (qs.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

// The weight a descriptive query's date adds to articles naming events in its range (about one
// query word's BM25 weight).
constexpr double kDateBoost = 1.0;
// The scale of the entity boost: the wanted entities' mention counts weigh half of a word's BM25.
constexpr double kEntityBoostScale = 0.5;
// The weight of neighbouring query words found together, as a share of their phrase's weight (a
// tie-breaker that does not change the match set).
constexpr double kProximityScale = 0.05;

// source:VALUE (its folded words joined by '-'): the articles of every form of that source.
Xapian::Query source_query(const Xapian::Database& db, const std::string& value) {
  const auto terms = source_terms(db, source_key(value));
  if (terms.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

Xapian::Query match_all() { return Xapian::Query(std::string()); }

std::string source_key(std::string_view folded) {
  std::string key;
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z'))
      key.push_back(c);
    else if (u >= 'A' && u <= 'Z')
      key.push_back(static_cast<char>(u - 'A' + 'a'));
  }
  return key;
}


// Source terms examined for one key (sources number in the hundreds; the bound is for archives of
// any number of feeds).
constexpr std::size_t kSourceTermsExamined = 200000;

// The source terms of the index with this key (every way the source was written); their folded
// words start with the key's first byte.
std::vector<std::string> source_terms(const Xapian::Database& db, const std::string& key) {
  std::vector<std::string> out;
  if (key.empty()) return out;
  const std::string prefix = schema::term(schema::kSource, key.substr(0, 1));
  const std::size_t skip = std::string_view(schema::kSource).size();
  std::size_t examined = 0;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && examined < kSourceTermsExamined;
       ++it, ++examined) {
    const std::string term = *it;
    if (source_key(std::string_view(term).substr(skip)) == key) out.push_back(term);
  }
  return out;
}


// The variants of a word the index holds (the term exists and, for a language's stem, the index
// has articles in that language): a query on an archive without them reads as before. A Latin
// word spelt like a known name with the same transliteration key ("Hezbolah": Hezbollah, hzbl) is
// a misspelling of that name, whose other scripts the gazetteer knows, not a name to look for by
// transliteration.
std::vector<std::string> held_variants(const Xapian::Database& db, const Gazetteer& gaz, const TextClause& c) {
  std::vector<std::string> out;
  for (const auto& v : c.variants) {
    if (!db.term_exists(v.term)) continue;
    if (v.term.rfind(schema::kTranslit, 0) == 0 && script_of(c.written) == Script::kLatin) {
      const auto key = std::string_view(v.term).substr(std::string_view(schema::kTranslit).size());
      const auto similar = gaz.similar_names(gaz.analyzer().fold(c.written), 3);
      if (std::any_of(similar.begin(), similar.end(),
                      [&](const Gazetteer::Spelling& n) { return gaz.analyzer().translit_key(n.name) == key; }))
        continue;
    }
    if (!v.lang.empty()) {
      const std::string lang = schema::term(schema::kLang, v.lang);
      auto it = db.allterms_begin(lang);  // "Lfr", and "Lfr-ca" written as given
      if (it == db.allterms_end(lang)) continue;
    }
    if (std::find(out.begin(), out.end(), v.term) == out.end()) out.push_back(v.term);
  }
  return out;
}


double informativeness(const Xapian::Database& db, const TextClause& c) {
  Xapian::doccount tf = 0;
  for (const auto& t : c.terms) {
    const std::string term = c.kind == TextClause::Kind::kWord && all_digits(t) ? t : schema::term(schema::kStem, t);
    tf += db.get_termfreq(term);
  }
  const double n = static_cast<double>(db.get_doccount());
  if (tf == 0 || n == 0) return 0;
  const double wqf = static_cast<double>(c.wqf);
  return std::log(1 + n / static_cast<double>(tf)) * (kBm25K3 + 1) * wqf / (kBm25K3 + wqf);
}

Xapian::Query with_proximity(const Built& b) {
  return b.proximity.empty() ? b.query : Xapian::Query(Xapian::Query::OP_AND_MAYBE, b.query, b.proximity);
}

namespace {

// The conditions of a query other than its text, as they are read: what must hold, what must not,
// what ranks higher, and which of the filters the relaxed query relaxes.
struct Filters {
  std::vector<Xapian::Query> filters;   // all hold
  std::vector<Xapian::Query> excluded;  // none holds
  std::vector<Xapian::Query> boosts;    // rank higher (the entity boost)
  std::vector<Xapian::Query> soft;      // read from natural words: ranked by the relaxed query
  std::vector<Xapian::Query> hard;      // stated: they hold in the relaxed query too
};

// The text clauses: required ones all hold, optional ones rank, negated ones are left out.
struct TextClauses {
  std::vector<Xapian::Query> required, optional, negated;
};

void add_entity_filters(const Gazetteer& gaz, const ParsedQuery& pq, Filters& f, Built& b) {
  for (const auto& e : pq.entities()) {
    Xapian::Query q = entity_query(gaz, e);
    if (e.boost) {  // a descriptive query: rank, do not filter
      f.boosts.push_back(q);
      continue;
    }
    (e.negated ? f.excluded : f.filters).push_back(q);
    if (!e.negated) {
      f.boosts.push_back(q);
      // A field (actor:Hezbollah) always holds; a name read from natural words may be relaxed.
      (e.field ? f.hard : f.soft).push_back(q);
      b.conditions.emplace_back(std::string(to_string(e.kind)) + " = " + e.name, q);
    }
  }
}

void add_geo_filters(const ParsedQuery& pq, Filters& f, Built& b) {
  for (const auto& g : pq.geo()) {
    std::vector<std::string> ids;
    for (const auto& pd : g.places) ids.push_back(pd.place->id);
    Xapian::Query q = or_of(ids, schema::kPlace);
    if (g.boost) {
      if (!ids.empty()) f.boosts.push_back(q);
      continue;
    }
    (g.negated ? f.excluded : f.filters).push_back(q);
    if (!g.negated) {
      (g.field ? f.hard : f.soft).push_back(q);
      b.conditions.emplace_back((g.kind == GeoFilter::Kind::kPartOf ? "in the " + g.direction + " of " : "near ") +
                                    g.target_name + " (\"" + g.written + "\")",
                                q);
    }
  }
}

void add_date_filters(const Xapian::Database& db, const ParsedQuery& pq, Filters& f, Built& b) {
  if (const auto& d = pq.date(); d && d->boost) {
    // A descriptive query's date: articles naming events in the range rank higher. Event terms
    // are boolean (no weight of their own), so the boost is a fixed weight over them.
    Xapian::Query q = event_query(db, *d);
    if (!q.empty()) {
      auto fixed = std::make_unique<Xapian::FixedWeightPostingSource>(kDateBoost);
      // Xapian takes ownership of a released posting source.
      f.boosts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(fixed.release()->release()), q);
    }
  } else if (d) {
    const Xapian::Query q = published_query(db, d->from.value_or(Date{1, 1, 1}), d->to.value_or(Date{9999, 12, 31}));
    f.filters.push_back(q);
    f.hard.push_back(q);
    b.conditions.emplace_back("date (\"" + d->written + "\")", q);
  }
  if (const auto& d = pq.event_date()) {
    Xapian::Query q = event_query(db, *d);
    f.filters.push_back(q);
    f.hard.push_back(q);
    b.conditions.emplace_back("events (\"" + d->written + "\")", q);
  }
}

void add_field_filters(const Xapian::Database& db, const ParsedQuery& pq, Filters& f, Built& b) {
  for (const auto& ff : pq.fields()) {
    Xapian::Query q =
        ff.field == "source" ? source_query(db, ff.value) : Xapian::Query(schema::term(schema::kLang, ff.value));
    (ff.negated ? f.excluded : f.filters).push_back(q);
    if (!ff.negated) {
      f.hard.push_back(q);
      b.conditions.emplace_back(ff.field + " = " + ff.value, q);
    }
  }
}

// The entities, places, dates and fields of the query, each condition alone in b.conditions.
Filters collect_filters(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq, Built& b) {
  Filters f;
  add_entity_filters(gaz, pq, f, b);
  add_geo_filters(pq, f, b);
  add_date_filters(db, pq, f, b);
  add_field_filters(db, pq, f, b);
  return f;
}

// The words, phrases, wildcards and NEAR clauses of the query; like:ID's expansion is one more
// optional clause, and what it leaves out is excluded.
TextClauses collect_text(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq,
                         const QueryLimits& limits, const LikeQuery* like, bool concept_terms, Filters& f) {
  TextClauses t;
  for (const auto& c : pq.text()) {
    Xapian::Query q = text_query(db, gaz, c, limits.max_wildcard_terms, concept_terms);
    if (c.negated)
      t.negated.push_back(q);
    else if (c.required)
      t.required.push_back(q);
    else
      t.optional.push_back(q);
  }
  if (like) {  // like:ID: its expansion ranks with the words; the article and its copies are left out
    t.optional.push_back(like->ranking);
    f.excluded.push_back(like->excluded);
  }
  return t;
}

// Required clauses all hold, optional ones rank (and, without required ones, one must match).
Xapian::Query text_of(const TextClauses& tc) {
  Xapian::Query t;
  if (!tc.required.empty()) {
    t = Xapian::Query(Xapian::Query::OP_AND, tc.required.begin(), tc.required.end());
    if (!tc.optional.empty())
      t = Xapian::Query(Xapian::Query::OP_AND_MAYBE, t,
                        Xapian::Query(Xapian::Query::OP_OR, tc.optional.begin(), tc.optional.end()));
  } else if (!tc.optional.empty()) {
    t = Xapian::Query(Xapian::Query::OP_OR, tc.optional.begin(), tc.optional.end());
  }
  return t;
}

// Groups of alternatives (a OR b, parentheses): one more required clause each, ranked by the
// alternative that matches; an excluded group leaves out what any alternative matches.
void add_groups(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq, const QueryLimits& limits,
                bool concept_terms, TextClauses& t, Built& b) {
  for (const auto& g : pq.any_of()) {
    std::vector<Xapian::Query> alts;
    for (const auto& a : g.alternatives)
      alts.push_back(with_proximity(build_query(db, gaz, a, limits, nullptr, concept_terms)));
    Xapian::Query q(Xapian::Query::OP_OR, alts.begin(), alts.end());
    if (g.negated) {
      t.negated.push_back(q);
    } else {
      t.required.push_back(q);
      b.conditions.emplace_back("any of " + g.written, q);
    }
  }
}

// Proximity: articles where neighbouring query words stand together rank higher.
Xapian::Query proximity_boost(const ParsedQuery& pq) {
  std::vector<Xapian::Query> near;
  for (const auto& p : pq.proximity()) {
    std::vector<Xapian::Query> words(p.words.begin(), p.words.end());
    near.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), static_cast<Xapian::termcount>(p.window));
  }
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, near.begin(), near.end()),
                       kProximityScale);
}

// Asked when nothing matches: any of the natural names, places and words, ranked. What the query
// states in its own language still holds: fields, +required words, groups, dates, exclusions.
Xapian::Query relaxed_query(const Filters& f, const TextClauses& t) {
  std::vector<Xapian::Query> any = f.soft;
  for (const auto& o : t.optional) any.push_back(o);
  Xapian::Query r(Xapian::Query::OP_OR, any.begin(), any.end());
  if (!t.required.empty())
    r = Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                      Xapian::Query(Xapian::Query::OP_AND, t.required.begin(), t.required.end()), r);
  if (!f.hard.empty())
    r = Xapian::Query(Xapian::Query::OP_FILTER, r, Xapian::Query(Xapian::Query::OP_AND, f.hard.begin(), f.hard.end()));
  if (!f.excluded.empty())
    r = Xapian::Query(Xapian::Query::OP_AND_NOT, r,
                      Xapian::Query(Xapian::Query::OP_OR, f.excluded.begin(), f.excluded.end()));
  return r;
}

// The query: the text filtered by the filters, without what is excluded, with the entity boost;
// its proximity boost and relaxed query beside it.
void assemble(const ParsedQuery& pq, Filters& f, const TextClauses& t, Built& b) {
  const Xapian::Query text = text_of(t);
  Xapian::Query q;
  if (!f.filters.empty()) {
    Xapian::Query all(Xapian::Query::OP_AND, f.filters.begin(), f.filters.end());
    q = Xapian::Query(Xapian::Query::OP_FILTER, text.empty() ? match_all() : text, all);
  } else {
    q = text.empty() ? match_all() : text;
  }
  f.excluded.insert(f.excluded.end(), t.negated.begin(), t.negated.end());
  if (!f.excluded.empty())
    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                      Xapian::Query(Xapian::Query::OP_OR, f.excluded.begin(), f.excluded.end()));
  if (!pq.proximity().empty() && !text.empty()) b.proximity = proximity_boost(pq);
  // Entity boost: articles that name the wanted actors and persons more often rank higher.
  if (!f.boosts.empty())
    q = Xapian::Query(
        Xapian::Query::OP_AND_MAYBE, q,
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                      Xapian::Query(Xapian::Query::OP_OR, f.boosts.begin(), f.boosts.end()), kEntityBoostScale));
  b.query = q;
  if (!f.soft.empty()) b.relaxed = relaxed_query(f, t);
}

}  // namespace

bool concept_terms_usable(const Xapian::Database& db, const Gazetteer& gaz) {
  return db.get_termfreq(schema::term(schema::kConceptTable, gaz.concept_table())) == db.get_doccount();
}

Built build_query(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq, const QueryLimits& limits,
                  const LikeQuery* like, bool concept_terms) {
  Built b;
  const bool concepts = concept_terms && concept_terms_usable(db, gaz);
  Filters f = collect_filters(db, gaz, pq, b);
  TextClauses t = collect_text(db, gaz, pq, limits, like, concepts, f);
  // The text condition alone (for the empty answer's note): the words, before the groups join.
  if (Xapian::Query text = text_of(t); !text.empty()) b.conditions.emplace_back("text", text);
  add_groups(db, gaz, pq, limits, concepts, t, b);
  assemble(pq, f, t, b);
  return b;
}

EngineQueries engine_queries(const Xapian::Database& db, const Gazetteer& gazetteer, const ParsedQuery& query,
                             const QueryLimits& limits) {
  Built b = build_query(db, gazetteer, query, limits);
  return {b.query, b.relaxed, with_proximity(b)};
}

}  // namespace sitrep
