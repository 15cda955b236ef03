#include "sitrep/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <string_view>
#include <unordered_map>

#include "sitrep/analyzer.h"
#include "sitrep/date.h"
#include "sitrep/edit_distance.h"
#include "sitrep/gazetteer.h"
#include "sitrep/language.h"
#include "sitrep/paths.h"
#include "sitrep/schema.h"
#include "sitrep/tagger.h"
#include "counting.h"
#include "match_set.h"
#include "engine_query.h"
#include "snippet.h"

namespace sitrep {
namespace {

// Counts the values of a multi-valued facet slot ("id\tname" entries joined by '\n') over the
// documents it is given (the collapsed match set; see counting.h).
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document& doc, double) override { add(doc.get_value(slot_)); }
  // One document's value of the slot.
  void add(const std::string& v) {
    std::size_t start = 0;
    while (start < v.size()) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      if (end > start) ++counts_[v.substr(start, end - start)];
      start = end + 1;
    }
  }
  // Xapian's API hands ownership of the clone to the caller as a raw pointer.
  Xapian::MatchSpy* clone() const override { return std::make_unique<FacetSpy>(slot_).release(); }
  std::string name() const override { return "sitrep::FacetSpy"; }
  const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  std::map<std::string, Xapian::doccount> counts_;
};

// Every document's facet values, slot by slot, read once per index revision through Xapian's
// value streams (sequential, fast) and kept as compressed rows: counting facets over a match set
// is then a walk over small integers instead of a value lookup and a parse per match and slot.
class FacetCache {
 public:
  struct Slot {
    std::vector<std::uint32_t> offsets;  // row of docid d: ids[offsets[d] .. offsets[d + 1])
    std::vector<std::uint32_t> ids;      // value numbers
    std::vector<std::string> values;     // value number -> the value as stored ("id\tName")
    std::vector<std::uint32_t> order;    // value numbers in the order of their values
    std::vector<Xapian::doccount> all;   // value number -> how many documents carry it
  };

  FacetCache(const Xapian::Database& db, const std::vector<Xapian::valueno>& slots, Xapian::rev revision)
      : revision_(revision) {
    const Xapian::docid last = db.get_lastdocid();
    for (Xapian::valueno slot : slots) {
      Slot& sl = slots_[slot];
      sl.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
      std::unordered_map<std::string, std::uint32_t> number;
      Xapian::docid next = 1;
      for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        const Xapian::docid d = it.get_docid();
        while (next <= d) sl.offsets[next++] = static_cast<std::uint32_t>(sl.ids.size());
        const std::string v = *it;
        std::size_t start = 0;
        while (start < v.size()) {
          std::size_t end = v.find('\n', start);
          if (end == std::string::npos) end = v.size();
          if (end > start) {
            auto [pos, added] = number.try_emplace(v.substr(start, end - start),
                                                   static_cast<std::uint32_t>(sl.values.size()));
            if (added) sl.values.push_back(pos->first);
            sl.ids.push_back(pos->second);
          }
          start = end + 1;
        }
      }
      while (next <= last + 1) sl.offsets[next++] = static_cast<std::uint32_t>(sl.ids.size());
      sl.all.assign(sl.values.size(), 0);
      for (std::uint32_t v : sl.ids) ++sl.all[v];
      sl.order.resize(sl.values.size());
      for (std::uint32_t k = 0; k < sl.order.size(); ++k) sl.order[k] = k;
      std::sort(sl.order.begin(), sl.order.end(),
                [&](std::uint32_t a, std::uint32_t b) { return sl.values[a] < sl.values[b]; });
    }
    // The duplicate keys are kept only as groups (the keys themselves, 64 hex digits per article,
    // are not needed once the articles sharing one are known).
    if (auto it = slots_.find(schema::kSlotDuplicate); it != slots_.end()) {
      const Slot& sl = it->second;
      std::vector<std::uint32_t> key_of(static_cast<std::size_t>(last) + 1, DuplicateGroups::kAlone);
      for (Xapian::docid d = 1; d <= last; ++d)
        if (sl.offsets[d] < sl.offsets[d + 1]) key_of[d] = sl.ids[sl.offsets[d]];
      duplicates_ = DuplicateGroups(db, key_of, sl.values.size());
      slots_.erase(it);
    }
  }
  Xapian::rev revision() const { return revision_; }
  // The index's near-duplicate groups (see counting.h).
  const DuplicateGroups& duplicates() const { return duplicates_; }
  const Slot* slot(Xapian::valueno s) const {
    auto it = slots_.find(s);
    return it == slots_.end() ? nullptr : &it->second;
  }
  // How many matches in `docids` (ascending) carry each value number. Over more than half of the
  // index the documents *not* in `docids` are counted and taken from the whole index's counts:
  // exact either way, and never more than half of the rows are read.
  std::vector<Xapian::doccount> counts(const Slot& sl, const std::vector<Xapian::docid>& docids) const {
    const std::size_t rows = sl.offsets.size() - 1;  // docids 0 .. last (0 is empty)
    if (docids.size() * 2 <= rows) {
      std::vector<Xapian::doccount> n(sl.values.size(), 0);
      for (Xapian::docid d : docids) {
        if (d + 1 >= sl.offsets.size()) continue;
        for (std::uint32_t k = sl.offsets[d]; k < sl.offsets[d + 1]; ++k) ++n[sl.ids[k]];
      }
      return n;
    }
    std::vector<Xapian::doccount> n = sl.all;
    auto next = docids.begin();
    for (Xapian::docid d = 1; d < rows; ++d) {
      if (next != docids.end() && *next == d) {
        ++next;
        continue;
      }
      for (std::uint32_t k = sl.offsets[d]; k < sl.offsets[d + 1]; ++k) --n[sl.ids[k]];
    }
    return n;
  }
  // The values of the matches in `docids` with their counts, in value order (as a spy's map).
  std::vector<std::pair<std::string_view, Xapian::doccount>> counts_in_order(
      Xapian::valueno s, const std::vector<Xapian::docid>& docids) const {
    std::vector<std::pair<std::string_view, Xapian::doccount>> out;
    const Slot* sl = slot(s);
    if (!sl) return out;
    const auto n = counts(*sl, docids);
    for (std::uint32_t v : sl->order)
      if (n[v]) out.emplace_back(sl->values[v], n[v]);
    return out;
  }
  // The n values most frequent among the matches in `docids` (ties: in value order, as the spies
  // give them), without building a map of every value.
  std::vector<FacetValue> top(Xapian::valueno s, const std::vector<Xapian::docid>& docids, std::size_t n) const;
  // The values of one document in a slot.
  template <typename Fn>
  void each(Xapian::valueno s, Xapian::docid d, Fn&& fn) const {
    const Slot* sl = slot(s);
    if (!sl || d + 1 >= sl->offsets.size()) return;
    for (std::uint32_t k = sl->offsets[d]; k < sl->offsets[d + 1]; ++k) fn(sl->values[sl->ids[k]]);
  }

 private:
  Xapian::rev revision_;
  std::map<Xapian::valueno, Slot> slots_;
  DuplicateGroups duplicates_;
};

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

// A fresh match-all query. Xapian::Query::MatchAll is one shared object whose reference count is
// not atomic: copying it from several threads at once corrupts it.
Xapian::Query match_all() { return Xapian::Query(std::string()); }

Xapian::Query or_of(const std::vector<std::string>& terms, const std::string& prefix) {
  std::vector<Xapian::Query> qs;
  for (const auto& t : terms) qs.emplace_back(prefix + t);
  if (qs.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

// Sources are one whatever their case, spaces, hyphens or punctuation: "Jordan Times",
// "jordantimes" and "Jordan-Times" have the key "jordantimes" (the folded name without ASCII
// characters other than letters and digits). The index holds "XS" + the folded words of the
// source as written, joined by '-' (schema.h); the searcher finds a source's terms by their key,
// so indexes written before keys existed need no re-indexing.
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

// source:VALUE (its folded words joined by '-'): the articles of every form of that source.
Xapian::Query source_query(const Xapian::Database& db, const std::string& value) {
  const auto terms = source_terms(db, source_key(value));
  if (terms.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The source facet with one value per key: the counts of its forms added up, its id the key, its
// name the most frequent form (the first of equals). `all`: every value, most frequent first.
std::vector<FacetValue> merged_sources(const std::vector<FacetValue>& all, std::size_t n) {
  std::vector<FacetValue> out;
  std::unordered_map<std::string, std::size_t> at;
  for (const auto& v : all) {
    const auto [it, fresh] = at.emplace(source_key(v.id), out.size());
    if (fresh)
      out.push_back({it->first, v.name, v.count});
    else
      out[it->second].count += v.count;
  }
  std::stable_sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  if (out.size() > n) out.resize(n);
  return out;
}
constexpr std::size_t kAllValues = std::numeric_limits<std::size_t>::max();

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
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

Xapian::Query text_query(const Xapian::Database& db, const Gazetteer& gaz, const TextClause& c,
                         std::size_t max_wildcard_terms) {
  switch (c.kind) {
    case TextClause::Kind::kWord: {
      const std::string term = all_digits(c.terms[0]) ? c.terms[0] : schema::term(schema::kStem, c.terms[0]);
      // The word's readings in other languages and scripts, as one word.
      std::vector<Xapian::Query> qs{Xapian::Query(term)};
      for (const auto& v : held_variants(db, gaz, c))
        if (v != term) qs.emplace_back(v);
      if (qs.size() == 1) return qs.front();
      return Xapian::Query(Xapian::Query::OP_SYNONYM, qs.begin(), qs.end());
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
      std::vector<Xapian::Query> qs;
      for (const auto& t : c.terms) qs.emplace_back(schema::term(schema::kStem, t));
      for (const auto& v : held_variants(db, gaz, c))  // its words in other languages
        if (std::none_of(c.terms.begin(), c.terms.end(), [&](const std::string& t) { return schema::term(schema::kStem, t) == v; }))
          qs.emplace_back(v);
      return Xapian::Query(Xapian::Query::OP_SYNONYM, qs.begin(), qs.end());
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

struct Built {
  Xapian::Query query;
  // The small boost of neighbouring query words found together (OP_PHRASE with a window, scaled):
  // apart from `query`, so that the search checks positions only for its best candidates (the
  // page's ranking in Searcher::search; with_proximity for every match). Empty when it has none.
  Xapian::Query proximity;
  // Asked when the query finds nothing: the named entities and places rank instead of filter
  // (dates, fields and exclusions still hold). Empty when there is nothing to relax.
  Xapian::Query relaxed;
  // Each condition alone, with its description, to explain an empty answer.
  std::vector<std::pair<std::string, Xapian::Query>> conditions;
};

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
// The proximity boost is checked (positions read) only for this many of the best candidates by
// the rest of the query, or the page's end and 50 more if deeper; beyond kMaxRerank candidates the
// page is ranked without it.
constexpr Xapian::doccount kRerankCandidates = 100;
constexpr Xapian::doccount kMaxRerank = 1000;

// A fixed set of documents (ascending docids of one database), as a boolean filter.
class DocidSource : public Xapian::PostingSource {
 public:
  explicit DocidSource(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {}
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  void init(const Xapian::Database&) override {
    pos_ = 0;
    started_ = false;
  }
  void next(double) override {
    if (started_)
      ++pos_;
    else
      started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    pos_ = static_cast<std::size_t>(std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(pos_), ids_.end(), did) -
                                    ids_.begin());
  }
  bool at_end() const override { return started_ && pos_ >= ids_.size(); }
  Xapian::docid get_docid() const override { return ids_[pos_]; }
  Xapian::PostingSource* clone() const override { return std::make_unique<DocidSource>(ids_).release(); }
  std::string name() const override { return "sitrep::DocidSource"; }
  std::string get_description() const override {
    return "sitrep::DocidSource(" + std::to_string(ids_.size()) + " candidates)";
  }

 private:
  std::vector<Xapian::docid> ids_;
  std::size_t pos_ = 0;
  bool started_ = false;
};

// The query with its proximity boost over every match (an alternative of a group; the searcher's
// page asks for it over its best candidates only).
Built build_query(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq, const QueryLimits& limits);
Xapian::Query with_proximity(const Built& b) {
  return b.proximity.empty() ? b.query : Xapian::Query(Xapian::Query::OP_AND_MAYBE, b.query, b.proximity);
}

Built build_query(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq, const QueryLimits& limits) {
  Built b;
  std::vector<Xapian::Query> filters, excluded, boosts, soft, hard;
  for (const auto& e : pq.entities()) {
    Xapian::Query q = entity_query(gaz, e);
    if (e.boost) {  // a descriptive query: rank, do not filter
      boosts.push_back(q);
      continue;
    }
    (e.negated ? excluded : filters).push_back(q);
    if (!e.negated) {
      boosts.push_back(q);
      // A field (actor:Hezbollah) always holds; a name read from natural words may be relaxed.
      (e.field ? hard : soft).push_back(q);
      b.conditions.emplace_back(std::string(to_string(e.kind)) + " = " + e.name, q);
    }
  }
  for (const auto& g : pq.geo()) {
    std::vector<std::string> ids;
    for (const auto& pd : g.places) ids.push_back(pd.place->id);
    Xapian::Query q = or_of(ids, schema::kPlace);
    if (g.boost) {
      if (!ids.empty()) boosts.push_back(q);
      continue;
    }
    (g.negated ? excluded : filters).push_back(q);
    if (!g.negated) {
      (g.field ? hard : soft).push_back(q);
      b.conditions.emplace_back((g.kind == GeoFilter::Kind::kPartOf ? "in the " + g.direction + " of " : "near ") +
                                    g.target_name + " (\"" + g.written + "\")",
                                q);
    }
  }
  if (const auto& d = pq.date(); d && d->boost) {
    // A descriptive query's date: articles naming events in the range rank higher. Event terms
    // are boolean (no weight of their own), so the boost is a fixed weight over them.
    Xapian::Query q = event_query(db, *d);
    if (!q.empty()) {
      auto fixed = std::make_unique<Xapian::FixedWeightPostingSource>(kDateBoost);
      // Xapian takes ownership of a released posting source.
      boosts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(fixed.release()->release()), q);
    }
  } else if (d) {
    const Xapian::Query q = published_query(db, d->from.value_or(Date{1, 1, 1}), d->to.value_or(Date{9999, 12, 31}));
    filters.push_back(q);
    hard.push_back(q);
    b.conditions.emplace_back("date (\"" + d->written + "\")", q);
  }
  if (const auto& d = pq.event_date()) {
    Xapian::Query q = event_query(db, *d);
    filters.push_back(q);
    hard.push_back(q);
    b.conditions.emplace_back("events (\"" + d->written + "\")", q);
  }
  for (const auto& f : pq.fields()) {
    Xapian::Query q = f.field == "source" ? source_query(db, f.value) : Xapian::Query(schema::term(schema::kLang, f.value));
    (f.negated ? excluded : filters).push_back(q);
    if (!f.negated) {
      hard.push_back(q);
      b.conditions.emplace_back(f.field + " = " + f.value, q);
    }
  }
  std::vector<Xapian::Query> required, optional, negated;
  for (const auto& c : pq.text()) {
    Xapian::Query q = text_query(db, gaz, c, limits.max_wildcard_terms);
    if (c.negated)
      negated.push_back(q);
    else if (c.required)
      required.push_back(q);
    else
      optional.push_back(q);
  }
  // Required clauses all hold, optional ones rank (and, without required ones, one must match).
  auto text_of = [&]() {
    Xapian::Query t;
    if (!required.empty()) {
      t = Xapian::Query(Xapian::Query::OP_AND, required.begin(), required.end());
      if (!optional.empty())
        t = Xapian::Query(Xapian::Query::OP_AND_MAYBE, t,
                          Xapian::Query(Xapian::Query::OP_OR, optional.begin(), optional.end()));
    } else if (!optional.empty()) {
      t = Xapian::Query(Xapian::Query::OP_OR, optional.begin(), optional.end());
    }
    return t;
  };
  // The text condition alone (for the empty answer's note): the words, before the groups join.
  if (Xapian::Query t = text_of(); !t.empty()) b.conditions.emplace_back("text", t);
  // Groups of alternatives (a OR b, parentheses): one more required clause each, ranked by the
  // alternative that matches; an excluded group leaves out what any alternative matches.
  for (const auto& g : pq.any_of()) {
    std::vector<Xapian::Query> alts;
    for (const auto& a : g.alternatives) alts.push_back(with_proximity(build_query(db, gaz, a, limits)));
    Xapian::Query q(Xapian::Query::OP_OR, alts.begin(), alts.end());
    if (g.negated) {
      negated.push_back(q);
    } else {
      required.push_back(q);
      b.conditions.emplace_back("any of " + g.written, q);
    }
  }
  const Xapian::Query text = text_of();

  Xapian::Query q;
  if (!filters.empty()) {
    Xapian::Query f(Xapian::Query::OP_AND, filters.begin(), filters.end());
    q = Xapian::Query(Xapian::Query::OP_FILTER, text.empty() ? match_all() : text, f);
  } else {
    q = text.empty() ? match_all() : text;
  }
  excluded.insert(excluded.end(), negated.begin(), negated.end());
  if (!excluded.empty())
    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                      Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
  // Proximity: articles where neighbouring query words stand together rank higher.
  if (!pq.proximity().empty() && !text.empty()) {
    std::vector<Xapian::Query> near;
    for (const auto& p : pq.proximity()) {
      std::vector<Xapian::Query> words(p.words.begin(), p.words.end());
      near.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), static_cast<Xapian::termcount>(p.window));
    }
    b.proximity = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                Xapian::Query(Xapian::Query::OP_OR, near.begin(), near.end()), kProximityScale);
  }
  // Entity boost: articles that name the wanted actors and persons more often rank higher.
  if (!boosts.empty())
    q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                    Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()), kEntityBoostScale));
  b.query = q;
  if (!soft.empty()) {
    // Any of the natural names, places and words, ranked. What the query states in its own
    // language still holds: fields, +required words, groups, dates, exclusions.
    std::vector<Xapian::Query> any = soft;
    for (const auto& t : optional) any.push_back(t);
    Xapian::Query r(Xapian::Query::OP_OR, any.begin(), any.end());
    if (!required.empty())
      r = Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(Xapian::Query::OP_AND, required.begin(), required.end()), r);
    if (!hard.empty())
      r = Xapian::Query(Xapian::Query::OP_FILTER, r, Xapian::Query(Xapian::Query::OP_AND, hard.begin(), hard.end()));
    if (!excluded.empty())
      r = Xapian::Query(Xapian::Query::OP_AND_NOT, r,
                        Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
    b.relaxed = r;
  }
  return b;
}

// First day of the histogram bucket holding d.
Date bucket_start(const Date& d, SearchOptions::Interval iv) {
  using I = SearchOptions::Interval;
  switch (iv) {
    case I::kWeek:
      return d.add_days(-((d.to_days() + 3) % 7));  // Monday (1970-01-01 was a Thursday)
    case I::kMonth:
      return Date{d.year, d.month, 1};
    case I::kYear:
      return Date{d.year, 1, 1};
    default:
      return d;
  }
}

std::vector<FacetValue> FacetCache::top(Xapian::valueno s, const std::vector<Xapian::docid>& docids,
                                        std::size_t n) const {
  std::vector<FacetValue> out;
  const Slot* sl = slot(s);
  if (!sl || n == 0) return out;
  const std::vector<Xapian::doccount> count = counts(*sl, docids);
  std::vector<std::uint32_t> seen;
  for (std::uint32_t v = 0; v < count.size(); ++v)
    if (count[v]) seen.push_back(v);
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    return count[a] != count[b] ? count[a] > count[b] : sl->values[a] < sl->values[b];
  };
  const std::size_t keep = std::min(n, seen.size());
  std::partial_sort(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(keep), seen.end(), before);
  for (std::size_t k = 0; k < keep; ++k) {
    const std::string& v = sl->values[seen[k]];
    const auto tab = v.find('\t');
    FacetValue f;
    f.id = v.substr(0, tab);
    f.name = tab == std::string::npos ? v : v.substr(tab + 1);
    f.count = count[seen[k]];
    out.push_back(std::move(f));
  }
  return out;
}

// Counts, per bucket of one interval, the matching articles that name an event date in it
// (slot kSlotEvents: "YYYY-MM-DD", "YYYY-MM", "YYYY"; a date coarser than the interval is left
// out). Each article counts once per bucket. Keys are the buckets' first days, "YYYYMMDD".
class EventBucketSpy : public Xapian::MatchSpy {
 public:
  explicit EventBucketSpy(SearchOptions::Interval interval) : interval_(interval) {}
  void operator()(const Xapian::Document& doc, double) override { add_value(doc.get_value(schema::kSlotEvents)); }
  // One article's value of kSlotEvents (its dates joined by '\n').
  void add_value(const std::string& v) {
    std::vector<std::string> dates;
    std::size_t start = 0;
    while (start < v.size()) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      dates.push_back(v.substr(start, end - start));
      start = end + 1;
    }
    add_document(dates);
  }
  // One article's event dates ("YYYY-MM-DD", "YYYY-MM", "YYYY").
  void add_document(const std::vector<std::string>& dates) {
    using I = SearchOptions::Interval;
    std::set<std::string> keys;
    for (const std::string& e : dates) {
      std::optional<Date> d;
      if (e.size() == 10) {
        d = parse_iso_date(e);
      } else if (e.size() == 7 && (interval_ == I::kMonth || interval_ == I::kYear)) {
        if (auto span = parse_iso_span(e)) d = span->first;
      } else if (e.size() == 4 && interval_ == I::kYear) {
        if (auto span = parse_iso_span(e)) d = span->first;
      }
      if (d) keys.insert(bucket_start(*d, interval_).compact());
    }
    for (const auto& k : keys) ++counts_[k];
  }
  Xapian::MatchSpy* clone() const override { return std::make_unique<EventBucketSpy>(interval_).release(); }
  std::string name() const override { return "sitrep::EventBucketSpy"; }
  const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

 private:
  SearchOptions::Interval interval_;
  std::map<std::string, Xapian::doccount> counts_;
};

// An interval asked for explicitly that would need more buckets than SearchOptions::max_buckets
// (thrown by make_histogram, reported by Searcher::search as ErrorCode::kLimitExceeded).
class HistogramTooFine : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string with_thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out.push_back(',');
    out.push_back(digits[k]);
  }
  return out;
}

// Buckets of dates ("YYYYMMDD" values with their counts). kAuto picks the interval from the span
// and coarsens it past max_buckets; an interval asked for (`asked`) comes out as asked, or
// HistogramTooFine is thrown when it needs more than max_buckets buckets.
template <typename Counts>  // (value, count) pairs in value order: a spy's map, or the cache's list
Histogram make_histogram(const Counts& days, SearchOptions::Interval interval, std::size_t max_buckets, bool asked) {
  Histogram h;
  std::vector<std::pair<Date, Xapian::doccount>> counts;
  for (const auto& [value, n] : days) {
    const std::string v(value);
    if (auto d = parse_iso_date(v.size() == 8 ? v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2) : v))
      counts.emplace_back(*d, n);
  }
  if (counts.empty() || interval == SearchOptions::Interval::kNone) return h;
  const Date lo = counts.front().first, hi = counts.back().first;
  using I = SearchOptions::Interval;
  // Start of the bucket holding d, and the start of the next one.
  auto next_start = [](const Date& s, I iv) -> Date {
    switch (iv) {
      case I::kWeek:
        return s.add_days(7);
      case I::kMonth:
        return s.month == 12 ? Date{s.year + 1, 1, 1} : Date{s.year, s.month + 1, 1};
      case I::kYear:
        return Date{s.year + 1, 1, 1};
      default:
        return s.add_days(1);
    }
  };
  auto buckets_for = [&](I iv) {
    std::size_t n = 0;
    for (Date s = bucket_start(lo, iv); s <= hi; s = next_start(s, iv)) ++n;
    return n;
  };
  const std::int64_t span = hi.to_days() - lo.to_days();
  I iv = interval;
  if (iv == I::kAuto) iv = span <= 62 ? I::kDay : span <= 366 ? I::kWeek : span <= 366 * 6 ? I::kMonth : I::kYear;
  auto name = [](I i) { return i == I::kDay ? "day" : i == I::kWeek ? "week" : i == I::kMonth ? "month" : "year"; };
  if (asked) {
    if (const std::size_t n = buckets_for(iv); n > max_buckets) {
      std::string coarser;
      for (I c : {I::kWeek, I::kMonth, I::kYear})
        if (c > iv) coarser += std::string(coarser.empty() ? "" : c == I::kYear ? " or " : ", ") + name(c);
      throw HistogramTooFine(std::string("a ") + name(iv) + " histogram of these matches needs " + with_thousands(n) +
                             " buckets (" + lo.iso() + " to " + hi.iso() + "), more than the limit of " +
                             with_thousands(max_buckets) + ": " +
                             (coarser.empty() ? std::string() : "ask for " + coarser + ", or ") + "narrow the dates");
    }
  }
  while (iv != I::kYear && buckets_for(iv) > max_buckets)
    iv = iv == I::kDay ? I::kWeek : iv == I::kWeek ? I::kMonth : I::kYear;
  h.interval = name(iv);
  std::size_t k = 0;
  for (Date s = bucket_start(lo, iv); s <= hi; s = next_start(s, iv)) {
    const Date e = next_start(s, iv).add_days(-1);
    HistogramBucket b;
    b.first = s.iso();
    b.last = e.iso();
    switch (iv) {
      case I::kWeek: {
        // ISO week: the week's Thursday gives its year.
        const Date thu = s.add_days(3);
        const int week = static_cast<int>((thu.to_days() - Date{thu.year, 1, 1}.to_days()) / 7 + 1);
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-W%02d", thu.year, week);
        b.key = buf;
        break;
      }
      case I::kMonth:
        b.key = b.first.substr(0, 7);
        break;
      case I::kYear:
        b.key = b.first.substr(0, 4);
        break;
      default:
        b.key = b.first;
    }
    for (; k < counts.size() && counts[k].first <= e; ++k) b.count += counts[k].second;
    h.buckets.push_back(std::move(b));
  }
  return h;
}

std::vector<FacetValue> top_values(const FacetSpy& spy, std::size_t n) {
  std::vector<FacetValue> out;
  for (const auto& [key, count] : spy.counts()) {
    const auto tab = key.find('\t');
    FacetValue v;
    v.id = key.substr(0, tab);
    v.name = tab == std::string::npos ? key : key.substr(tab + 1);
    v.count = count;
    out.push_back(std::move(v));
  }
  std::stable_sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  if (out.size() > n) out.resize(n);
  return out;
}

}  // namespace

struct Searcher::Impl {
  Analyzer analyzer;
  std::unique_ptr<Gazetteer> gazetteer;
  QueryLimits limits;
  std::unique_ptr<Tagger> tagger;  // its common-word list guides the query parser
  std::unique_ptr<QueryParser> parser;
  std::unique_ptr<Snippeter> snippeter;
  std::string index_dir;
  // A Xapian::Database is not safe for concurrent use: each search borrows a handle of its own
  // from this pool (opening one when none is free) and gives it back.
  mutable std::mutex pool_mutex;
  // Set once a remote shard refuses sitrep's match spies (xapian-tcpsrv cannot unserialise them).
  mutable std::atomic<bool> count_facets_here{false};
  // Facet values of every document, for the revision it was read at (see FacetCache).
  bool use_facet_cache = true;
  // Posting lists as bitmaps for the revision (match_set.h); null when none are kept.
  std::unique_ptr<PostingCache> postings;
  std::size_t parallel_counting_from = 20000;  // SearcherConfig::parallel_counting_from
  mutable std::mutex cache_mutex;        // guards facet_cache
  mutable std::mutex cache_build_mutex;  // one builder at a time
  mutable std::shared_ptr<const FacetCache> facet_cache;

  // The cache for this handle's revision: the current one, or one built now; null when another
  // thread is building it (this search counts with match spies instead) or the index has no
  // revision to key it on (remote shards).
  class Handle;
  // With build false: the cache only if it is there and current (hits read their facets from it).
  std::shared_ptr<const FacetCache> cache_for(Handle& handle, const std::vector<Xapian::valueno>& slots,
                                              bool build = true) const;
  // A sharded index on this machine (a stub of local databases): its shards, each opened on its
  // own for its revision. Empty for one database, and for a stub naming remote shards.
  std::vector<std::string> shard_paths;
  struct Pooled {
    std::unique_ptr<Xapian::Database> db;
    std::vector<Xapian::Database> shards;
  };
  mutable std::vector<Pooled> pool;

  class Handle {
   public:
    explicit Handle(const Impl& im) : im_(im) {
      {
        std::lock_guard<std::mutex> lock(im_.pool_mutex);
        if (!im_.pool.empty()) {
          p_ = std::move(im_.pool.back());
          im_.pool.pop_back();
        }
      }
      if (p_.db)
        p_.db->reopen();  // see the latest commit
      else
        p_.db = std::make_unique<Xapian::Database>(im_.index_dir);
    }
    ~Handle() {
      if (!p_.db) return;
      std::lock_guard<std::mutex> lock(im_.pool_mutex);
      im_.pool.push_back(std::move(p_));
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Xapian::Database& db() { return *p_.db; }
    // After DatabaseModifiedError: the handle is reopened (or dropped and opened afresh).
    void refresh() {
      if (!p_.db->reopen()) p_.db = std::make_unique<Xapian::Database>(im_.index_dir);
    }
    // The index's revision: the database's own, or for local shards the sum of theirs (a commit
    // raises one shard's, so the sum grows with every commit). The shards are read at their
    // latest commit, then the handle is reopened: what it sees is never older than the revision
    // returned (a cache keyed on it may be newer than its key, and is then rebuilt; never older).
    // Throws Xapian::InvalidOperationError when there is none (remote shards).
    Xapian::rev revision() {
      if (im_.shard_paths.empty()) return p_.db->get_revision();
      if (p_.shards.empty()) {
        for (const auto& path : im_.shard_paths) p_.shards.emplace_back(path);
      } else {
        for (auto& shard : p_.shards) shard.reopen();
      }
      Xapian::rev sum = 0;
      for (const auto& shard : p_.shards) sum += shard.get_revision();
      p_.db->reopen();
      return sum;
    }

   private:
    const Impl& im_;
    Pooled p_;
  };
};

std::shared_ptr<const FacetCache> Searcher::Impl::cache_for(Handle& handle, const std::vector<Xapian::valueno>& slots,
                                                            bool build) const {
  if (!use_facet_cache) return nullptr;
  Xapian::rev rev = 0;
  try {
    rev = handle.revision();
  } catch (const Xapian::InvalidOperationError&) {
    return nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    if (facet_cache && facet_cache->revision() == rev) return facet_cache;
  }
  if (!build) return nullptr;
  std::unique_lock<std::mutex> building(cache_build_mutex, std::try_to_lock);
  if (!building) return nullptr;
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    if (facet_cache && facet_cache->revision() == rev) return facet_cache;
  }
  auto fresh = std::make_shared<const FacetCache>(handle.db(), slots, rev);
  std::lock_guard<std::mutex> lock(cache_mutex);
  if (!facet_cache || facet_cache->revision() < rev) facet_cache = fresh;
  return fresh;
}

namespace {

// Runs fn(db) with a pooled handle; retries on DatabaseModifiedError (a writer committed twice
// while the read was under way).
constexpr int kReadAttempts = 4;

template <typename Fn>
auto with_db(const Searcher::Impl& im, Fn&& fn) -> decltype(fn(std::declval<Xapian::Database&>())) {
  Searcher::Impl::Handle h(im);
  for (int attempt = 1;; ++attempt) {
    try {
      return fn(h.db());
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReadAttempts) throw;
      h.refresh();
    }
  }
}

// A hit's facets, from their value slots ("id\tname" lines, most mentioned first): the document
// data does not repeat them (schema 4).
template <typename Lines>  // lines_of(slot, fn) calls fn(line) for each "id\tname" line of the slot
std::vector<std::pair<std::string, std::vector<EntityRef>>> facets_from(Lines&& lines_of) {
  static constexpr std::pair<const char*, Xapian::valueno> kKinds[] = {{"actor", schema::kSlotActors},
                                                                       {"person", schema::kSlotPersons},
                                                                       {"place", schema::kSlotPlaces},
                                                                       {"region", schema::kSlotRegions},
                                                                       {"country", schema::kSlotCountries}};
  std::vector<std::pair<std::string, std::vector<EntityRef>>> out;
  for (const auto& [kind, slot] : kKinds) {
    std::vector<EntityRef> refs;
    lines_of(slot, [&](std::string_view line) {
      if (line.empty()) return;
      const auto tab = line.find('\t');
      refs.push_back({std::string(line.substr(0, tab)),
                      tab == std::string_view::npos ? std::string() : std::string(line.substr(tab + 1))});
    });
    out.emplace_back(kind, std::move(refs));
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<EntityRef>>> facets_of(const Xapian::Document& doc) {
  return facets_from([&](Xapian::valueno slot, auto&& fn) {
    const std::string v = doc.get_value(slot);
    for (std::size_t start = 0; start < v.size();) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      fn(std::string_view(v.data() + start, end - start));
      start = end + 1;
    }
  });
}

std::vector<std::pair<std::string, std::string>> events_of(const nlohmann::json& data) {
  std::vector<std::pair<std::string, std::string>> out;
  if (auto ev = data.find("events"); ev != data.end())
    for (const auto& e : *ev) out.push_back({e.value("date", ""), e.value("text", "")});
  return out;
}


// A drill-down on an id facet (actor, person, place, region, country, source, lang).
struct DrillId {
  std::string facet;
  std::string prefix;  // the facet's term prefix
  std::string id;
};

// Bounds of the search for the nearest ids of an unknown one: terms of the prefix examined, bytes
// of each compared, ids shown. An id is near within an edit distance of a third of its length (1
// to 6).
constexpr std::size_t kNearestTermsExamined = 200000;
constexpr std::size_t kNearestBytesCompared = 64;
constexpr std::size_t kNearestShown = 5;

// The ids of a facet the index holds that are spelt most like `id` (smallest edit distance first,
// then in term order), at most kNearestShown; empty when none is near.
// Sources are compared by their keys (source_key), `id` being one.
std::vector<std::string> nearest_ids(const Xapian::Database& db, const std::string& prefix, const std::string& id) {
  const bool by_key = prefix == schema::kSource;
  const std::string_view wanted = std::string_view(id).substr(0, kNearestBytesCompared);
  const int limit = std::clamp(static_cast<int>(wanted.size()) / 3, 1, 6);
  std::vector<std::pair<int, std::string>> near;  // (distance, id)
  std::set<std::string> seen;
  std::size_t examined = 0;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && examined < kNearestTermsExamined;
       ++it, ++examined) {
    const std::string term = *it;
    std::string other = term.substr(prefix.size());
    if (by_key && !seen.insert(other = source_key(other)).second) continue;
    const int d = bounded_edit_distance(wanted, std::string_view(other).substr(0, kNearestBytesCompared), limit);
    if (d > limit) continue;
    near.emplace_back(d, std::move(other));
  }
  std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t k = 0; k < near.size() && k < kNearestShown; ++k) out.push_back(std::move(near[k].second));
  return out;
}

// The filters of id-facet drill-downs: the term of each id, which the index must hold. An id no
// article has is an error naming the facet and the nearest ids of it that the index holds (a
// mistyped id would otherwise answer "no article", as if the archive had none).
Result<std::vector<Xapian::Query>> drill_down_filters(const Searcher::Impl& im, const std::vector<DrillId>& wanted) {
  try {
    return with_db(im, [&](Xapian::Database& db) -> Result<std::vector<Xapian::Query>> {
      std::vector<Xapian::Query> out;
      for (const auto& w : wanted) {
        // A source by its key: every form it was written in.
        const std::string key = w.prefix == schema::kSource ? source_key(im.analyzer.fold(w.id)) : std::string();
        if (w.prefix == schema::kSource) {
          const auto terms = source_terms(db, key);
          if (!terms.empty()) {
            out.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
            continue;
          }
        } else if (const std::string term = schema::term(w.prefix, w.id); db.term_exists(term)) {
          out.emplace_back(term);
          continue;
        }
        std::string m = "no article has " + w.facet + " '" + w.id + "'";
        const auto near = nearest_ids(db, w.prefix, key.empty() ? w.id : key);
        std::string list;
        for (const auto& n : near) list += (list.empty() ? "" : ", ") + n;
        m += near.empty() ? " (and none of its " + w.facet + " ids is spelt like it)" : "; nearest: " + list;
        return Status(ErrorCode::kInvalidArgument, std::move(m));
      }
      return out;
    });
  } catch (const Xapian::Error& e) {
    return Status(ErrorCode::kIndexError, "checking the facet values: " + e.get_description());
  }
}

// Query words absent from the index but spelt like a known name (Gazetteer::similar_names, which
// prefers well-known names). Two such words side by side are first tried as one name ("Dair
// Alzour": Deir ez-Zor, by its alias Deir al-Zour), then each alone.
std::vector<Suggestion> spelling_suggestions(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq) {
  std::vector<Suggestion> out;
  const auto& text = pq.text();
  auto unknown = [&](const TextClause& c) {
    if (c.kind != TextClause::Kind::kWord || c.negated || all_digits(c.terms[0])) return false;
    return db.get_termfreq(schema::term(schema::kStem, c.terms[0])) == 0 && held_variants(db, gaz, c).empty();
  };
  auto suggest = [&](const std::string& written) {
    const auto similar = gaz.similar_names(gaz.analyzer().fold(written), 1);
    if (similar.empty()) return false;
    const auto& m = similar.front().match;
    const std::string id = gaz.id_of(m);
    out.push_back({written, gaz.display_name(m.kind, id), to_string(m.kind), id});
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!unknown(text[i])) continue;
    if (i + 1 < text.size() && unknown(text[i + 1])) {
      const std::string both = text[i].written + " " + text[i + 1].written;
      if (pq.original().find(both) != std::string::npos && suggest(both)) {
        ++i;
        continue;
      }
    }
    suggest(text[i].written);
  }
  return out;
}

Status over_budget(double budget_ms) {
  char ms[32];
  std::snprintf(ms, sizeof ms, "%g", budget_ms);
  std::string m = "the search took longer than its time budget of ";
  m += ms;
  m += " ms and was stopped; narrow it (a filter, a date range, rarer words)";
  return Status(ErrorCode::kTimeBudget, std::move(m));
}

// What is left of a search's time budget (SearchOptions::time_budget_ms; 0: none).
class Budget {
 public:
  explicit Budget(double ms) : ms_(ms), start_(std::chrono::steady_clock::now()) {}
  bool over() const { return ms_ > 0 && elapsed_ms() >= ms_; }
  // Xapian's match stops when the budget is spent (the search then fails on over()).
  void limit(Xapian::Enquire& e) const {
    if (ms_ > 0) e.set_time_limit(std::max(ms_ - elapsed_ms(), 0.001) / 1000.0);
  }

 private:
  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }
  double ms_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

Searcher::Searcher() = default;
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

Result<Searcher> Searcher::open(const std::string& index_dir, const SearcherConfig& config) {
  Searcher s;
  s.impl_ = std::make_unique<Impl>();
  Impl& im = *s.impl_;
  im.index_dir = index_dir;
  const std::string data_dir = config.data_dir.empty() ? Gazetteer::default_data_dir() : config.data_dir;
  auto gaz = Gazetteer::load(data_dir, im.analyzer);
  if (!gaz) return gaz.status();
  im.gazetteer = std::make_unique<Gazetteer>(std::move(gaz).value());
  im.limits = config.limits;
  im.use_facet_cache = config.facet_cache;
  im.parallel_counting_from = config.parallel_counting_from;
  if (config.facet_cache && config.posting_cache_bytes > 0)
    im.postings = std::make_unique<PostingCache>(config.posting_cache_bytes);
  im.tagger = std::make_unique<Tagger>(*im.gazetteer, data_dir);
  im.parser = std::make_unique<QueryParser>(*im.gazetteer, config.limits, im.tagger.get());
  im.snippeter = std::make_unique<Snippeter>(*im.gazetteer);
  std::string version;
  try {
    auto db = std::make_unique<Xapian::Database>(index_dir);
    version = db->get_metadata(schema::kVersionKey);
    im.pool.push_back({std::move(db), {}});
  } catch (const Xapian::DatabaseNotFoundError&) {
    return Status(ErrorCode::kNotFound, index_dir + ": no index here (create one with sitrep-index)");
  } catch (const Xapian::Error& e) {
    return Status(ErrorCode::kIndexError, index_dir + ": cannot open the index: " + e.get_description());
  }
  if (!schema::readable_version(version))
    return Status(ErrorCode::kIndexError,
                  index_dir + ": " +
                      (version.empty() ? std::string("not a sitrep index (no schema version)")
                                       : "index schema version " + version +
                                             " is not supported by this searcher (it reads versions " +
                                             std::to_string(schema::kOldestReadable) + " to " +
                                             std::to_string(schema::kVersion) + ")"));
  // A stub of local shards: each is also opened on its own, for the revision that keys the facet cache.
  if (const std::string stub = stub_file_of(index_dir); !stub.empty()) {
    if (auto lines = read_stub(stub)) {
      std::vector<std::string> paths;
      for (const auto& l : lines.value()) paths.push_back(l.target);
      const bool local = std::all_of(lines.value().begin(), lines.value().end(), [](const StubLine& l) { return l.local(); });
      if (local) im.shard_paths = std::move(paths);
    }
  }
  return s;
}

Result<ParsedQuery> Searcher::parse(std::string_view query) const { return impl_->parser->parse(query); }

Result<SearchResult> Searcher::search(std::string_view query, const SearchOptions& options) const {
  const auto start = std::chrono::steady_clock::now();
  auto pq = options.now ? impl_->parser->parse(query, *options.now) : impl_->parser->parse(query);
  if (!pq) return pq.status();
  if (options.time_budget_ms <= 0) return search(*pq, options);
  // The budget covers the parse too: what is left of it goes to the search.
  SearchOptions rest = options;
  rest.time_budget_ms -= std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (rest.time_budget_ms <= 0) return over_budget(options.time_budget_ms);
  auto result = search(*pq, rest);
  if (!result && result.status().code() == ErrorCode::kTimeBudget) return over_budget(options.time_budget_ms);
  return result;
}

std::uint64_t Searcher::document_count() const {
  try {
    return with_db(*impl_, [](Xapian::Database& db) -> std::uint64_t { return db.get_doccount(); });
  } catch (const Xapian::Error&) {
    return 0;
  }
}

std::uint64_t Searcher::revision() const {
  try {
    Impl::Handle h(*impl_);
    return h.revision();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

Result<StoredArticle> Searcher::document(std::string_view id) const {
  if (id.empty() || id.size() > schema::kMaxIdBytes ||
      std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    return Status(ErrorCode::kInvalidArgument, "not an article id: '" + std::string(id.substr(0, 80)) + "'");
  const std::string term = schema::term(schema::kId, std::string(id));
  try {
    return with_db(*impl_, [&](Xapian::Database& db) -> Result<StoredArticle> {
      Xapian::PostingIterator p = db.postlist_begin(term);
      if (p == db.postlist_end(term))
        return Status(ErrorCode::kNotFound, "no article with id '" + std::string(id) + "'");
      const Xapian::Document doc = db.get_document(*p);
      const std::string stored = doc.get_data();
      const auto parts = schema::split_data(stored);
      const auto data = nlohmann::json::parse(parts.header, nullptr, false);
      if (data.is_discarded() || !data.is_object())
        return Status(ErrorCode::kIndexError, "article '" + std::string(id) + "': stored data is not JSON");
      StoredArticle a;
      a.id = data.value("id", "");
      a.date = data.value("date", "");
      a.title = data.value("title", "");
      a.source = data.value("source", "");
      a.url = data.value("url", "");
      a.lang = data.value("lang", "");
      a.text = parts.text_apart ? std::string(parts.text) : data.value("text", "");
      a.events = events_of(data);
      a.facets = facets_of(doc);
      return a;
    });
  } catch (const Xapian::Error& e) {
    return Status(ErrorCode::kIndexError, "reading article '" + std::string(id) + "': " + e.get_description());
  }
}

Result<SearchResult> Searcher::search(const ParsedQuery& pq, const SearchOptions& options) const {
  if (options.limit > options.max_limit)
    return Status(ErrorCode::kLimitExceeded, "page size " + std::to_string(options.limit) + " is over the limit of " +
                                                 std::to_string(options.max_limit));
  if (options.offset > options.max_offset)
    return Status(ErrorCode::kLimitExceeded, "offset " + std::to_string(options.offset) + " is over the limit of " +
                                                 std::to_string(options.max_offset));
  // Drill-down values become filters (checked before the index is locked); the ids of id facets
  // must be held by the index (drill_down_filters).
  std::vector<Xapian::Query> drill;
  std::vector<DrillId> drill_ids;
  for (const auto& [facet, id] : options.drill_down) {
    if (id.empty() || id.size() > schema::kMaxIdBytes)
      return Status(ErrorCode::kInvalidArgument, "facet value for '" + facet + "' is empty or too long");
    if (facet == "actor")
      drill_ids.push_back({facet, schema::kActor, id});
    else if (facet == "person")
      drill_ids.push_back({facet, schema::kPerson, id});
    else if (facet == "place")
      drill_ids.push_back({facet, schema::kPlace, id});
    else if (facet == "region")
      drill_ids.push_back({facet, schema::kRegion, id});
    else if (facet == "country")
      drill_ids.push_back({facet, schema::kCountry, id});
    else if (facet == "source")
      drill_ids.push_back({facet, schema::kSource, id});
    else if (facet == "lang")
      drill_ids.push_back({facet, schema::kLang, id});
    else if (facet == "month") {
      auto span = parse_iso_span(id);
      if (!span || span->precision != DateSpan::Precision::kMonth)
        return Status(ErrorCode::kInvalidArgument, "month facet value '" + id + "' is not YYYY-MM");
      drill.emplace_back(schema::term(schema::kMonth, span->first.compact().substr(0, 6)));
    } else if (facet == "event") {
      auto span = parse_iso_span(id);
      if (!span) return Status(ErrorCode::kInvalidArgument, "event facet value '" + id + "' is not a date");
      const std::string c = span->first.compact();
      drill.emplace_back(span->precision == DateSpan::Precision::kDay ? schema::term(schema::kEventDay, c)
                         : span->precision == DateSpan::Precision::kMonth
                             ? schema::term(schema::kEventMonth, c.substr(0, 6))
                             : schema::term(schema::kEventYear, c.substr(0, 4)));
    } else {
      return Status(ErrorCode::kInvalidArgument, "unknown facet '" + facet +
                                                     "' (use actor, person, place, region, country, source, month, "
                                                     "lang or event)");
    }
  }
  if (!drill_ids.empty()) {
    auto held = drill_down_filters(*impl_, drill_ids);
    if (!held) return held.status();
    drill.insert(drill.end(), held->begin(), held->end());
  }
  // An interval asked for comes out as asked or fails (make_histogram); kAuto chooses one.
  const bool asked_interval = options.histogram != SearchOptions::Interval::kAuto;
  const Budget budget(options.time_budget_ms);
  for (int attempt = 0;; ++attempt) {
    SearchResult result;
    result.query = pq;
    try {
      Impl::Handle handle(*impl_);
      Xapian::Database& db = handle.db();
      Built built = build_query(db, *impl_->gazetteer, pq, impl_->limits);
      if (!drill.empty()) {
        const Xapian::Query d(Xapian::Query::OP_AND, drill.begin(), drill.end());
        built.query = Xapian::Query(Xapian::Query::OP_FILTER, built.query, d);
        if (!built.relaxed.empty()) built.relaxed = Xapian::Query(Xapian::Query::OP_FILTER, built.relaxed, d);
      }
      result.engine_query = built.query.get_description();
      Xapian::Enquire enquire(db);
      enquire.set_query(built.query);
      switch (options.sort) {
        case SearchOptions::Sort::kRelevance:
          enquire.set_sort_by_relevance_then_value(schema::kSlotDate, true);
          break;
        case SearchOptions::Sort::kNewest:
          enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
          break;
        case SearchOptions::Sort::kOldest:
          enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
          break;
      }
      if (options.collapse_duplicates) enquire.set_collapse_key(schema::kSlotDuplicate);
      const std::pair<const char*, Xapian::valueno> facet_slots[] = {
          {"actor", schema::kSlotActors},        {"person", schema::kSlotPersons},    {"place", schema::kSlotPlaces},
          {"region", schema::kSlotRegions},      {"country", schema::kSlotCountries}, {"source", schema::kSlotSource},
          {"lang", schema::kSlotLang},           {"month", schema::kSlotMonth},       {"event", schema::kSlotEvents},
          {"candidate", schema::kSlotCandidates}};
      // Counting (see counting.h): with facets on, the whole match set is listed (match_set.h, from
      // posting-list bitmaps, in docid order), its near-duplicates are collapsed, and the total, the facets, the
      // histogram and the hits' duplicates are all counted over that one collapsed set. The ranked
      // page is Xapian's alone (check_at_least = the page). With facets off, only the page is asked
      // for and the total is Xapian's estimate (total_exact false).
      //
      // Remote shards (xapian-tcpsrv) cannot run sitrep's match spies nor stream values: their
      // matches are fetched, and counted on this side from the fetched documents.
      const bool facets = options.facets;
      const bool count_here = facets && impl_->count_facets_here.load();
      // A long-lived searcher counts from its facet cache (rows of small integers per document).
      std::vector<Xapian::valueno> cached_slots{schema::kSlotDate, schema::kSlotDuplicate};
      for (const auto& fs : facet_slots) cached_slots.push_back(fs.second);
      const auto cache = count_here || !facets ? nullptr : impl_->cache_for(handle, cached_slots);
      // The hits read their facets from the cache when there is a current one (one look-up per
      // hit and slot fewer); a search without facets does not build it.
      const auto hit_cache = cache || facets ? cache : impl_->cache_for(handle, cached_slots, /*build=*/false);
      std::vector<std::unique_ptr<FacetSpy>> spies;
      for (const auto& fs : facet_slots) spies.push_back(std::make_unique<FacetSpy>(fs.second));
      FacetSpy days(schema::kSlotDate);
      // Event dates: by month unless an interval is asked for (the span is not known in advance).
      const auto event_interval =
          options.histogram == SearchOptions::Interval::kAuto ? SearchOptions::Interval::kMonth : options.histogram;
      EventBucketSpy events(event_interval);
      const bool by_event = options.histogram_field == SearchOptions::HistogramField::kEvent;
      const Xapian::doccount all = db.get_doccount();
      const auto page_end = static_cast<Xapian::doccount>(options.offset + options.limit);
      // The whole match set, from the query's posting lists as bitmaps (match_set.h): exactly
      // what Xapian matches, without its matcher's pass. A long-lived searcher over one database
      // keeps the posting lists of its revision.
      auto match_ids = [&](const Xapian::Query& q) {
        PostingCache* postings =
            cache && impl_->shard_paths.empty() && impl_->postings ? impl_->postings.get() : nullptr;
        const Roaring set = match_set(db, q, postings, postings ? db.get_revision() : 0);
        static_assert(std::is_same_v<Xapian::docid, std::uint32_t>, "docids are read as 32-bit bitmaps");
        std::vector<Xapian::docid> ids(set.cardinality());
        set.toUint32Array(ids.data());
        return ids;
      };
      // Remote shards: every match fetched, in docid order.
      Xapian::MSet fetched;
      std::vector<Xapian::docid> matched;
      auto list_matches = [&](const Xapian::Query& q) {
        if (!count_here) {
          matched = match_ids(q);
          return;
        }
        Xapian::Enquire counter(db);
        counter.set_query(q);
        counter.set_weighting_scheme(Xapian::BoolWeight());
        counter.set_docid_order(Xapian::Enquire::ASCENDING);
        budget.limit(counter);
        fetched = counter.get_mset(0, all, all);
        matched.clear();
        matched.reserve(fetched.size());
        // Kept in the MSet's order (docid order): positions in `matched` are ranks in `fetched`.
        for (auto it = fetched.begin(); it != fetched.end(); ++it) matched.push_back(*it);
      };
      // The page's ranking: the proximity boost of neighbouring query words is checked (their
      // positions read) only for the best candidates by the rest of the query, and the second,
      // boosted pass visits those candidates alone (a posting source of their docids filters it):
      // a match outside them ranks below every candidate with or without the boost, so the page
      // is the one the boost over every match gives, for the price of one pass over the matches.
      // Without facets the total is the first pass's estimate (over every match).
      std::optional<Xapian::doccount> estimated;
      if (!built.proximity.empty() && options.limit > 0) {
        const Xapian::doccount want = std::max(kRerankCandidates, page_end + 50);
        Xapian::Query ranked = with_proximity(built);
        // One local database: the candidates' docids are its own (over shards a posting source
        // sees each shard's docids, and a remote one cannot run it: the boost is over every match).
        if (want <= kMaxRerank && impl_->shard_paths.empty() && !impl_->count_facets_here.load()) {
          budget.limit(enquire);
          const Xapian::MSet best = enquire.get_mset(0, want, page_end);
          estimated = best.get_matches_estimated();
          std::vector<Xapian::docid> ids;
          for (auto it = best.begin(); it != best.end(); ++it) ids.push_back(*it);
          std::sort(ids.begin(), ids.end());
          auto candidates = std::make_unique<DocidSource>(std::move(ids));
          // Xapian takes ownership of a released posting source.
          ranked = Xapian::Query(Xapian::Query::OP_FILTER, ranked, Xapian::Query(candidates.release()->release()));
        }
        enquire.set_query(ranked);
        result.engine_query = ranked.get_description();
      }
      budget.limit(enquire);
      Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                           static_cast<Xapian::doccount>(options.limit), page_end);
      if (!estimated) estimated = mset.get_matches_estimated();
      if (facets) list_matches(built.query);
      const bool strict_empty = facets ? matched.empty() : *estimated == 0;
      if (strict_empty && !built.relaxed.empty()) {
        // Nothing matches every condition: show what the relaxed query finds (and count it).
        if (budget.over()) return over_budget(options.time_budget_ms);
        enquire.set_query(built.relaxed);
        budget.limit(enquire);
        mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                static_cast<Xapian::doccount>(options.limit), page_end);
        estimated = mset.get_matches_estimated();
        if (facets) list_matches(built.relaxed);
        result.relaxed = facets ? !matched.empty() : *estimated > 0;
        if (result.relaxed) result.engine_query += " | relaxed: " + built.relaxed.get_description();
      }
      if (budget.over()) return over_budget(options.time_budget_ms);
      result.total = *estimated;
      result.total_exact = facets;
      CollapsedMatches counted;
      if (facets) {
        if (count_here && !matched.empty()) fetched.fetch();
        if (!options.collapse_duplicates)
          counted = CollapsedMatches::all_of(std::move(matched));
        else if (cache)
          counted = CollapsedMatches::through(cache->duplicates(), matched);
        else if (!count_here)
          counted = CollapsedMatches::by_value_stream(db, matched);
        else {
          std::vector<std::pair<std::string, std::uint32_t>> keys;
          std::uint32_t k = 0;
          for (auto it = fetched.begin(); it != fetched.end(); ++it, ++k)
            if (std::string key = it.get_document().get_value(schema::kSlotDuplicate); !key.empty())
              keys.emplace_back(std::move(key), k);
          counted = CollapsedMatches::by_keys(matched, std::move(keys),
                                              [&](std::uint32_t pos) { return article_id(fetched[pos].get_document()); });
        }
        result.total = counted.counted.size();
      }
      const std::vector<Xapian::docid>& ids = counted.counted;
      if (facets && !ids.empty() && cache) {
        if (by_event) {
          std::vector<std::string> dates;
          for (Xapian::docid d : ids) {
            dates.clear();
            cache->each(schema::kSlotEvents, d, [&](const std::string& v) { dates.push_back(v); });
            if (!dates.empty()) events.add_document(dates);
          }
        }
      } else if (facets && !ids.empty() && count_here) {
        // The fetched documents of the counted matches (a subsequence of `fetched`, in its order).
        std::size_t next = 0;
        for (auto it = fetched.begin(); it != fetched.end() && next < ids.size(); ++it) {
          if (*it != ids[next]) continue;
          ++next;
          if ((next & 1023) == 0 && budget.over()) return over_budget(options.time_budget_ms);
          const Xapian::Document doc = it.get_document();
          for (auto& spy : spies) (*spy)(doc, 0);
          if (by_event)
            events(doc, 0);
          else
            days(doc, 0);
        }
      } else if (facets && !ids.empty()) {
        // A local index without the cache: the counted matches' values, slot by slot, through
        // the value streams (sequential reads, as a match spy would do them).
        for (std::size_t k = 0; k < std::size(facet_slots); ++k) {
          if (budget.over()) return over_budget(options.time_budget_ms);
          each_value(db, facet_slots[k].second, ids, [&](Xapian::docid, const std::string& v) { spies[k]->add(v); });
        }
        if (by_event)
          each_value(db, schema::kSlotEvents, ids, [&](Xapian::docid, const std::string& v) { events.add_value(v); });
        else
          each_value(db, schema::kSlotDate, ids, [&](Xapian::docid, const std::string& v) { days.add(v); });
      }
      if (budget.over()) return over_budget(options.time_budget_ms);
      if (facets) {
        // One facet's values; a source once per key, counted over all its forms ("Reuters" and
        // "reuters" are one).
        auto facet_values = [&](std::size_t k) {
          const bool source = facet_slots[k].second == schema::kSlotSource;
          const std::size_t n = source ? kAllValues : options.facet_top;
          auto values = cache ? cache->top(facet_slots[k].second, ids, n) : top_values(*spies[k], n);
          return source ? merged_sources(std::move(values), options.facet_top) : values;
        };
        result.facets.resize(std::size(facet_slots));
        for (std::size_t k = 0; k < std::size(facet_slots); ++k) result.facets[k].name = facet_slots[k].first;
        // Over a large match set the facets are counted on two threads, each taking every other
        // facet (the rows of the facet cache are read-only).
        std::future<void> other;
        const bool split = cache && impl_->parallel_counting_from > 0 && ids.size() >= impl_->parallel_counting_from;
        if (split)
          other = std::async(std::launch::async, [&] {
            for (std::size_t k = 1; k < std::size(facet_slots); k += 2) result.facets[k].values = facet_values(k);
          });
        for (std::size_t k = 0; k < std::size(facet_slots); k += split ? 2 : 1) result.facets[k].values = facet_values(k);
        if (split) other.get();
      }
      if (!facets)
        result.histogram = {};
      else if (cache && !by_event)
        result.histogram = make_histogram(cache->counts_in_order(schema::kSlotDate, ids), options.histogram,
                                          std::max<std::size_t>(1, options.max_buckets), asked_interval);
      else
        result.histogram =
            make_histogram(by_event ? events.counts() : days.counts(), by_event ? event_interval : options.histogram,
                           std::max<std::size_t>(1, options.max_buckets), asked_interval);
      if (by_event) result.histogram.field = "event";

      const auto highlights = impl_->snippeter->highlights_for(pq);
      std::size_t rank = options.offset;
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (budget.over()) return over_budget(options.time_budget_ms);
        Hit h;
        h.rank = ++rank;
        h.score = it.get_weight();
        if (options.collapse_duplicates)  // exact over the match set; without facets, the copies Xapian saw
          h.duplicates = facets ? counted.duplicates_of(*it, it.get_collapse_key()) : it.get_collapse_count();
        const Xapian::Document doc = it.get_document();
        const std::string stored = doc.get_data();
        const auto parts = schema::split_data(stored);
        const auto data = nlohmann::json::parse(parts.header, nullptr, false);
        if (data.is_discarded()) continue;
        h.id = data.value("id", "");
        h.date = data.value("date", "");
        h.title = data.value("title", "");
        h.source = data.value("source", "");
        h.url = data.value("url", "");
        if (options.snippet_words > 0)
          h.snippet = impl_->snippeter->snippet(parts.text_apart ? std::string(parts.text) : data.value("text", ""),
                                                highlights, options.snippet_words);
        h.events = events_of(data);
        h.facets = hit_cache ? facets_from([&](Xapian::valueno slot, auto&& fn) { hit_cache->each(slot, *it, fn); })
                             : facets_of(doc);
        result.hits.push_back(std::move(h));
      }

      // Spelling: query words absent from the index but spelt like a known name.
      result.suggestions = spelling_suggestions(db, *impl_->gazetteer, pq);
      if (!result.suggestions.empty()) {
        std::string q = pq.original();
        for (const auto& s : result.suggestions)
          if (auto at = q.find(s.word); at != std::string::npos) q.replace(at, s.word.size(), s.suggestion);
        result.did_you_mean = q;
      }

      // Nothing matched: say which conditions match on their own.
      if (strict_empty && built.conditions.size() > 1) {
        std::string note = "No article matches every condition. Each condition alone matches:";
        for (const auto& [what, q] : built.conditions) {
          if (budget.over()) return over_budget(options.time_budget_ms);
          Xapian::Enquire e(db);
          e.set_query(q);
          note += " " + what + ": " + std::to_string(e.get_mset(0, 0, all).get_matches_estimated()) + ";";
        }
        note.back() = '.';
        result.note = note;
      }
      return result;
    } catch (const Xapian::UnimplementedError& e) {
      // A remote shard refused the match spies: count facets on this side from now on.
      if (impl_->count_facets_here.exchange(true) || attempt + 1 >= kReadAttempts)
        return Status(ErrorCode::kIndexError, "search failed: " + e.get_description());
      continue;
    } catch (const Xapian::WildcardError&) {
      std::string which;
      for (const auto& c : pq.text())
        if (c.kind == TextClause::Kind::kWildcard) which += (which.empty() ? "" : ", ") + c.written;
      return Status(ErrorCode::kLimitExceeded, "wildcard " + which + " matches more than " +
                                                   std::to_string(impl_->limits.max_wildcard_terms) +
                                                   " words of the index; give a longer prefix");
    } catch (const HistogramTooFine& e) {
      return Status(ErrorCode::kLimitExceeded, e.what());
    } catch (const Xapian::DatabaseModifiedError&) {
      // A writer committed twice during the search: again on a reopened handle.
      if (attempt + 1 < kReadAttempts) continue;
      return Status(ErrorCode::kIndexError, "the index changed during the search; try again");
    } catch (const Xapian::Error& e) {
      return Status(ErrorCode::kIndexError, "search failed: " + e.get_description());
    }
  }
}

}  // namespace sitrep

namespace sitrep {

EngineQueries engine_queries(const Xapian::Database& db, const Gazetteer& gazetteer, const ParsedQuery& query,
                             const QueryLimits& limits) {
  Built b = build_query(db, gazetteer, query, limits);
  return {b.query, b.relaxed, with_proximity(b)};
}

}  // namespace sitrep
