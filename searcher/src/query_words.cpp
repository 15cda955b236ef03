// A run of plain words of a query, read left to right (query_reader.h): at each word the readers
// of kRunReaders are asked in their order of precedence, and the first that recognises what starts
// there (a date phrase, a geographic phrase, a name, a concept word, ...) reads it.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

#include "query_reader.h"
#include "sitrep/date_grammar.h"
#include "sitrep/event_dates.h"
#include "sitrep/language.h"
#include "sitrep/schema.h"
#include "sitrep/tagger.h"

namespace sitrep {

// The order of precedence: the first reader that recognises the words at i reads them.
const ConjunctionReader::RunReader ConjunctionReader::kRunReaders[] = {
    &ConjunctionReader::read_date_phrase,   // after|since|before|until|on|in|during|between + a date
    &ConjunctionReader::read_near_phrase,   // near / around / close to / within N km of X (border)
    &ConjunctionReader::read_direction,     // north of X, south-east of X
    &ConjunctionReader::read_part_of_area,  // northern X, in south-eastern X
    &ConjunctionReader::read_in_place,      // in X, at X (or Y)
    &ConjunctionReader::read_name,          // a gazetteer name; X border; X or Y
    &ConjunctionReader::read_bare_year,     // 1987 standing alone
    &ConjunctionReader::read_date_alone,    // a date on its own, or a relative one (yesterday)
    &ConjunctionReader::read_concept,       // an event word (deploy, attack, ...)
    &ConjunctionReader::read_stopword,      // a common word: not used
    &ConjunctionReader::read_word,          // anything else: a word of the text (always reads)
};

void ConjunctionReader::read_run() {
  norms_.clear();
  for (const auto& x : run_) norms_.push_back(x.norm);
  prev_word_.reset();
  step_start_ = 0;
  entities_at_ = pq_.entities_.size();
  geo_at_ = pq_.geo_.size();
  std::size_t i = 0;
  while (i < run_.size()) {
    settle_step(i);
    for (const RunReader reader : kRunReaders)
      if ((this->*reader)(i)) break;
  }
  settle_step(i);
}

std::string ConjunctionReader::written(std::size_t a, std::size_t b) const {
  std::string s;
  for (std::size_t k = a; k < b && k < run_.size(); ++k) s += (s.empty() ? "" : " ") + run_[k].surface;
  return s;
}

bool ConjunctionReader::any_negated(std::size_t a, std::size_t b) const {
  for (std::size_t k = a; k < b && k < run_.size(); ++k)
    if (run_[k].negated) return true;
  return false;
}

std::vector<NameMatch> ConjunctionReader::entity_at(std::size_t k) const {
  auto ms = gaz_.match_at(norms_, k);
  if (ms.empty()) return ms;
  if (ms.front().length == 1 && run_[k].norm.size() <= 3 && !run_[k].upper) return {};
  std::vector<NameMatch> best;
  for (const auto& m : ms)
    if (m.length == ms.front().length) best.push_back(m);
  return best;
}

namespace {

// A year in a query: four digits from 1800 to 2200.
int year_in(const std::vector<RunWord>& run, std::size_t k) {
  if (k >= run.size() || !run[k].numeric || run[k].norm.size() != 4) return 0;
  const int y = std::atoi(run[k].norm.c_str());
  return y >= 1800 && y <= 2200 ? y : 0;
}

// The run's words as the date grammar's readers see them (date_grammar.h): a day 1-31, a month
// name or abbreviation, a year 1800-2200, and no separators (the run keeps words only).
struct RunDateWords {
  const std::vector<RunWord>& run;
  int day(std::size_t k) const {
    if (k >= run.size() || !run[k].numeric || run[k].norm.size() > 2) return 0;
    const int d = std::atoi(run[k].norm.c_str());
    return d >= 1 && d <= 31 ? d : 0;
  }
  int month(std::size_t k, std::size_t& next) const {
    next = k + 1;
    return k < run.size() && !run[k].numeric ? month_from_name(run[k].norm) : 0;
  }
  std::optional<int> year(std::size_t k, DateGap) const {
    if (const int y = year_in(run, k)) return y;
    return std::nullopt;
  }
  std::size_t gap(std::size_t k, DateGap, std::size_t) const { return k; }
};

}  // namespace

int ConjunctionReader::year_of(std::size_t k) const { return year_in(run_, k); }

std::optional<std::pair<DateSpan, std::size_t>> ConjunctionReader::date_at(std::size_t k, bool allow_year) {
  if (k >= run_.size()) return std::nullopt;
  if (run_[k].date) return std::make_pair(*run_[k].date, std::size_t{1});
  DateSpan s;
  const RunDateWords words{run_};
  // 27 November 2024, November 27 2024 (a day the month has), December 2024
  for (const auto& w : {read_day_month_year(words, k), read_month_day_year(words, k)}) {
    if (w && w->has_year && w->day <= days_in_month(w->year, w->month)) {
      s.first = s.last = Date{w->year, w->month, w->day};
      return std::make_pair(s, w->end - k);
    }
  }
  if (const auto w = read_month_year(words, k)) {
    s.first = month_start(w->year, w->month);
    s.last = month_end(w->year, w->month);
    s.precision = DateSpan::Precision::kMonth;
    return std::make_pair(s, w->end - k);
  }
  if (int y = year_of(k); y && allow_year) {
    s.first = Date{y, 1, 1};
    s.last = Date{y, 12, 31};
    s.precision = DateSpan::Precision::kYear;
    return std::make_pair(s, std::size_t{1});
  }
  // Other written and relative forms, read against `now`: "27 November", "December",
  // "yesterday", "last 30 days", "this year". Without a date word before them (allow_year
  // false) they must begin with a relative word, so that numbers and names stay words.
  static const std::unordered_set<std::string_view> kRelative = {"last",      "past",  "this",
                                                                 "yesterday", "today", "previous"};
  if (!allow_year && !kRelative.count(run_[k].norm)) return std::nullopt;
  for (std::size_t n = std::min<std::size_t>(5, run_.size() - k); n >= 1; --n) {
    std::string words;
    for (std::size_t x = k; x < k + n; ++x) words += (words.empty() ? "" : " ") + run_[x].surface;
    if (auto e = parse_date_expression(words, now_)) {
      // Relative to today when the same words read against another day give other dates.
      const auto other = parse_date_expression(words, now_.add_days(-1000));
      if (!other || other->first != e->first || other->last != e->last) date_relative_ = true;
      s.first = e->first;
      s.last = e->last;
      s.precision = e->precision == EventDate::Precision::kYear    ? DateSpan::Precision::kYear
                    : e->precision == EventDate::Precision::kMonth ? DateSpan::Precision::kMonth
                                                                   : DateSpan::Precision::kDay;
      return std::make_pair(s, n);
    }
  }
  return std::nullopt;
}

bool ConjunctionReader::weak_place_at(const std::vector<NameMatch>& ms, std::size_t at) const {
  if (ms.front().kind != EntityKind::kPlace) return false;
  for (std::size_t k = at; k < at + ms.front().length && k < run_.size(); ++k)
    if (run_[k].upper) return false;
  if (ms.front().length == 1 && tagger_ && tagger_->is_common_word(run_[at].norm)) return true;
  return std::none_of(ms.begin(), ms.end(), [&](const NameMatch& m) {
    return m.kind == EntityKind::kPlace && gaz_.places()[m.index].source == Place::Source::kCurated;
  });
}

std::size_t ConjunctionReader::read_names(std::size_t start, std::size_t k, const std::vector<NameMatch>& ms,
                                          bool places_only) {
  std::vector<std::pair<std::vector<NameMatch>, std::size_t>> chain{{ms, k}};
  std::size_t end = k + ms.front().length;
  while (end + 1 < run_.size() && run_[end].norm == "or") {
    auto next = entity_at(end + 1);
    if (next.empty() ||
        (places_only && next.front().kind != EntityKind::kPlace && next.front().kind != EntityKind::kCountry))
      break;
    if (!places_only && weak_place_at(next, end + 1)) break;
    const std::size_t next_end = end + 1 + next.front().length;
    if (next_end < run_.size() && is_border_word(run_[next_end].norm)) break;
    chain.emplace_back(std::move(next), end + 1);
    end = next_end;
  }
  const bool neg = any_negated(start, end);
  const std::size_t before = pq_.entities_.size();
  for (const auto& [m, at] : chain)
    entity_from_matches(m, written(chain.size() == 1 ? start : at, at + m.front().length), neg);
  if (pq_.entities_.size() <= before + 1) {
    if (pq_.entities_.size() == before + 1) pq_.entities_.back().written = written(start, end);
    return end;
  }
  // Several names: one filter when they are of one kind, else a group of alternatives.
  std::vector<EntityFilter> named(std::make_move_iterator(pq_.entities_.begin() + static_cast<std::ptrdiff_t>(before)),
                                  std::make_move_iterator(pq_.entities_.end()));
  pq_.entities_.resize(before);
  while (!natural_entities_.empty() && natural_entities_.back() >= before) natural_entities_.pop_back();
  const bool one_kind =
      std::all_of(named.begin(), named.end(), [&](const EntityFilter& e) { return e.kind == named.front().kind; });
  if (one_kind) {
    EntityFilter f = named.front();
    for (std::size_t n = 1; n < named.size(); ++n) {
      for (const auto& id : named[n].ids)
        if (std::find(f.ids.begin(), f.ids.end(), id) == f.ids.end()) f.ids.push_back(id);
      f.name += " or " + named[n].name;
    }
    f.written = written(start, end);
    natural_entities_.push_back(pq_.entities_.size());
    pq_.entities_.push_back(std::move(f));
  } else {
    AnyOf g;
    g.written = written(start, end);
    g.negated = neg;
    for (auto& e : named) {
      e.negated = false;
      ParsedQuery alt;
      alt.entities_.push_back(std::move(e));
      g.alternatives.push_back(std::move(alt));
    }
    pq_.any_of_.push_back(std::move(g));
  }
  return end;
}

void ConjunctionReader::settle_step(std::size_t i) {
  bool required = false;
  for (std::size_t k = step_start_; k < i && k < run_.size(); ++k) required |= run_[k].required;
  if (required) {
    for (std::size_t k = entities_at_; k < pq_.entities_.size(); ++k) pq_.entities_[k].field = true;
    for (std::size_t k = geo_at_; k < pq_.geo_.size(); ++k) pq_.geo_[k].field = true;
  }
  step_start_ = i;
  entities_at_ = pq_.entities_.size();
  geo_at_ = pq_.geo_.size();
}

bool ConjunctionReader::read_date_phrase(std::size_t& i) {
  const std::string& w = run_[i].norm;
  // Dates.
  if (w == "after" || w == "since" || w == "from" || w == "before" || w == "until" || w == "till" || w == "on" ||
      w == "in" || w == "during" || w == "between") {
    if (auto d = date_at(i + 1, true)) {
      const DateSpan& s = d->first;
      std::size_t end = i + 1 + d->second;
      if (w == "between") {
        std::optional<std::pair<DateSpan, std::size_t>> d2;
        if (end < run_.size() && (run_[end].norm == "and" || run_[end].norm == "to")) d2 = date_at(end + 1, true);
        if (d2) {
          add_natural_date(s.first, d2->first.last, written(i, end + 1 + d2->second));
          i = end + 1 + d2->second;
          return true;
        }
        add_natural_date(s.first, s.last, written(i, end));
      } else if (w == "after") {
        add_natural_date(s.last.add_days(1), std::nullopt, written(i, end));
      } else if (w == "since" || w == "from") {
        add_natural_date(s.first, std::nullopt, written(i, end));
      } else if (w == "before") {
        add_natural_date(std::nullopt, s.first.add_days(-1), written(i, end));
      } else if (w == "until" || w == "till") {
        add_natural_date(std::nullopt, s.last, written(i, end));
      } else {
        add_natural_date(s.first, s.last, written(i, end));
      }
      i = end;
      return true;
    }
  }
  return false;
}

bool ConjunctionReader::read_near_phrase(std::size_t& i) {
  const std::string& w = run_[i].norm;
  // Geography: near / around / close to / within N km of.
  {
    std::size_t j = i;
    bool geo_word = false;
    std::optional<double> km;
    if (w == "near" || w == "around" || w == "nearby" || w == "outside") {
      j = i + 1;
      geo_word = true;
    } else if (w == "close" && i + 1 < run_.size() && run_[i + 1].norm == "to") {
      j = i + 2;
      geo_word = true;
    } else if (w == "within" && i + 1 < run_.size() && run_[i + 1].numeric) {
      const double n = std::atof(run_[i + 1].norm.c_str());
      std::size_t k = i + 2;
      double factor = 0;
      if (k < run_.size() && (run_[k].norm == "km" || run_[k].norm == "kilometres" || run_[k].norm == "kilometers"))
        factor = 1;
      else if (k < run_.size() && (run_[k].norm == "mi" || run_[k].norm == "miles"))
        factor = 1.609344;
      if (factor > 0 && n > 0 && n * factor <= limits_.max_near_km) {
        ++k;
        if (k < run_.size() && run_[k].norm == "of") ++k;
        km = n * factor;
        j = k;
        geo_word = true;
      }
    }
    if (geo_word) {
      if (j < run_.size() && run_[j].norm == "the") ++j;
      // "near the border with X" / "near the border of X"
      std::size_t k = j;
      if (k + 1 < run_.size() && is_border_word(run_[k].norm) &&
          (run_[k + 1].norm == "with" || run_[k + 1].norm == "of"))
        k += 2;
      auto ms = entity_at(k);
      if (!ms.empty() && (ms.front().kind == EntityKind::kCountry || ms.front().kind == EntityKind::kPlace)) {
        std::size_t end = k + ms.front().length;
        const bool border_after = end < run_.size() && is_border_word(run_[end].norm);
        if (border_after) ++end;
        const bool neg = any_negated(i, end);
        make_geo_of(ms.front(), written(i, end), neg);
        if (km) pq_.geo_.back().km = *km;
        i = end;
        return true;
      }
    }
  }
  return false;
}

bool ConjunctionReader::read_direction(std::size_t& i) {
  const std::string& w = run_[i].norm;
  // "north of X", "south-east of X": places in that direction from a place or a country.
  {
    static const std::pair<const char*, double> kDirections[] = {
        {"north", 0},   {"northeast", 45},  {"east", 90},  {"southeast", 135},
        {"south", 180}, {"southwest", 225}, {"west", 270}, {"northwest", 315}};
    std::optional<double> bearing;
    std::string direction;
    std::size_t k = i;
    for (const auto& [name, deg] : kDirections)
      if (w == name) {
        bearing = deg;
        direction = name;
        k = i + 1;
      }
    // "north east of" / "north-east of" (the hyphen splits the word)
    if (bearing && k < run_.size() && (direction == "north" || direction == "south") &&
        (run_[k].norm == "east" || run_[k].norm == "west")) {
      direction += run_[k].norm;
      bearing = direction == "northeast"   ? 45.0
                : direction == "northwest" ? 315.0
                : direction == "southeast" ? 135.0
                                           : 225.0;
      ++k;
    }
    if (bearing && k < run_.size() && run_[k].norm == "of") {
      std::size_t j = k + 1;
      if (j < run_.size() && run_[j].norm == "the") ++j;
      auto ms = entity_at(j);
      if (!ms.empty() && (ms.front().kind == EntityKind::kCountry || ms.front().kind == EntityKind::kPlace)) {
        const std::size_t end = j + ms.front().length;
        make_geo_of(ms.front(), written(i, end), any_negated(i, end));
        pq_.geo_.back().bearing = bearing;
        pq_.geo_.back().direction = direction;
        i = end;
        return true;
      }
    }
  }
  return false;
}

bool ConjunctionReader::read_part_of_area(std::size_t& i) {
  const std::string& w = run_[i].norm;
  // "northern Syria", "south-eastern Ukraine", "in northern Aleppo": the places in that part
  // of a country or region (a town stands for its region). A longer name wins ("Northern
  // Ireland").
  {
    static const std::pair<const char*, const char*> kParts[] = {
        {"northern", "north"},         {"southern", "south"},         {"eastern", "east"},
        {"western", "west"},           {"northeastern", "northeast"}, {"northwestern", "northwest"},
        {"southeastern", "southeast"}, {"southwestern", "southwest"}};
    std::size_t k = i;
    if ((w == "in" || w == "across" || w == "throughout") && k + 1 < run_.size()) ++k;
    if (run_[k].norm == "the" && k + 1 < run_.size()) ++k;
    std::string direction;
    std::size_t j = k;
    for (const auto& [adj, dir] : kParts)
      if (run_[k].norm == adj) direction = dir, j = k + 1;
    // "north-eastern" (the hyphen splits the word), "north eastern"
    if (direction.empty() && k + 1 < run_.size() && (run_[k].norm == "north" || run_[k].norm == "south") &&
        (run_[k + 1].norm == "eastern" || run_[k + 1].norm == "western")) {
      direction = run_[k].norm + run_[k + 1].norm.substr(0, 4);
      j = k + 2;
    }
    if (!direction.empty() && j < run_.size()) {
      const auto longer = entity_at(k);
      auto ms = entity_at(j);
      const bool name_wins = !longer.empty() && k + longer.front().length > j;
      if (!name_wins && !ms.empty() &&
          (ms.front().kind == EntityKind::kCountry || ms.front().kind == EntityKind::kPlace)) {
        std::string area, area_name;
        if (ms.front().kind == EntityKind::kCountry) {
          const Country& c = gaz_.countries()[ms.front().index];
          area = c.code, area_name = c.name;
        } else {
          const Place& p = gaz_.places()[ms.front().index];
          const Place* r = p.kind == "region" ? &p : gaz_.region_of(p);
          if (r) area = r->id, area_name = r->name;
        }
        if (!area.empty()) {
          const std::size_t end = j + ms.front().length;
          make_geo(GeoFilter::Kind::kPartOf, area, area_name, written(i, end), any_negated(i, end));
          pq_.geo_.back().direction = direction;
          i = end;
          return true;
        }
      }
    }
  }
  return false;
}

bool ConjunctionReader::read_in_place(std::size_t& i) {
  const std::string& w = run_[i].norm;
  // "in X" / "at X": a place or country filter.
  if ((w == "in" || w == "at" || w == "inside") && i + 1 < run_.size()) {
    std::size_t k = i + 1;
    if (run_[k].norm == "the" && k + 1 < run_.size()) ++k;
    auto ms = entity_at(k);
    if (!ms.empty() && (ms.front().kind == EntityKind::kCountry || ms.front().kind == EntityKind::kPlace)) {
      const std::size_t end = k + ms.front().length;
      if (!(end < run_.size() && is_border_word(run_[end].norm))) {
        i = read_names(i, k, ms, true);
        return true;
      }
    }
  }
  return false;
}

bool ConjunctionReader::read_name(std::size_t& i) {
  if (auto ms = entity_at(i); !ms.empty() && !weak_place_at(ms, i)) {
    std::size_t end = i + ms.front().length;
    if (ms.front().kind == EntityKind::kCountry && end < run_.size() && is_border_word(run_[end].norm)) {
      make_geo_border(gaz_.countries()[ms.front().index], written(i, end + 1), any_negated(i, end + 1));
      i = end + 1;
      return true;
    }
    if (ms.front().kind == EntityKind::kPlace && end < run_.size() && is_border_word(run_[end].norm)) {
      make_geo_place(gaz_.places()[ms.front().index], written(i, end + 1), any_negated(i, end + 1));
      i = end + 1;
      return true;
    }
    i = read_names(i, i, ms, false);
    return true;
  }
  return false;
}

bool ConjunctionReader::read_bare_year(std::size_t& i) {
  // A bare year from 1900 to next year that stands alone (the whole run, its last word, or
  // before a name: "Gulf tanker attacks 1987", "1987 Gulf war") is the year published; one
  // before a lower-case word is a number ("2000 troops"), and so is one next to a number.
  if (const int y = year_of(i); y >= 1900 && y <= now_.year + 1 && !(i > 0 && run_[i - 1].numeric) &&
                                (i + 1 == run_.size() || (run_[i + 1].upper && !run_[i + 1].numeric))) {
    add_natural_date(Date{y, 1, 1}, Date{y, 12, 31}, written(i, i + 1));
    ++i;
    return true;
  }
  return false;
}

bool ConjunctionReader::read_date_alone(std::size_t& i) {
  // A date on its own: published on that day, month or year.
  if (auto d = date_at(i, false)) {
    add_natural_date(d->first.first, d->first.last, written(i, i + d->second));
    i += d->second;
    return true;
  }
  return false;
}

bool ConjunctionReader::read_concept(std::size_t& i) {
  // Event vocabulary.
  if (!run_[i].numeric) {
    // A word in a non-Latin script names a concept by any of its stems (ливанской: Russian).
    const EventConcept* c = gaz_.event_of_stem(run_[i].stem);
    if (!c && script_of(run_[i].norm) != Script::kLatin)
      for (const auto& v : an_.stem_variants(run_[i].norm))
        if ((c = gaz_.event_of_stem(v.stem))) break;
    if (c) {
      TextClause t;
      t.kind = TextClause::Kind::kConcept;
      t.concept_id = c->id;
      t.terms = gaz_.event_stems(*c);
      // Its words in other languages, where the index holds articles in them.
      for (const auto& v : gaz_.event_stems_in_other_languages(*c))
        t.variants.push_back({schema::term(schema::kStem, v.stem), v.lang});
      t.written = run_[i].surface;
      t.negated = run_[i].negated;
      t.required = run_[i].required;
      add_text(std::move(t));
      ++i;
      return true;
    }
  }
  return false;
}

bool ConjunctionReader::read_stopword(std::size_t& i) {
  const std::string& w = run_[i].norm;
  if (an_.is_stopword(w) && !run_[i].required) {
    pq_.ignored_.push_back({run_[i].surface, "common word"});
    ++i;
    return true;
  }
  return false;
}

bool ConjunctionReader::read_word(std::size_t& i) {
  TextClause t;
  t.kind = TextClause::Kind::kWord;
  t.terms = {run_[i].numeric ? run_[i].norm : run_[i].stem};
  if (!run_[i].numeric) t.variants = word_variants(an_, run_[i].norm, run_[i].upper);
  t.written = run_[i].surface;
  t.negated = run_[i].negated;
  t.required = run_[i].required;
  add_text(std::move(t));
  if (!run_[i].numeric && !run_[i].negated) {
    // Next to the previous plain word, or one common word apart ("vote of confidence").
    if (prev_word_ && (*prev_word_ + 1 == i || (*prev_word_ + 2 == i && an_.is_stopword(run_[i - 1].norm))) &&
        pq_.proximity_.size() < limits_.max_clauses)
      pq_.proximity_.push_back({{run_[*prev_word_].norm, run_[i].norm}, i - *prev_word_ + 1});
    prev_word_ = i;
  }
  ++i;
  return true;
}

}  // namespace sitrep
