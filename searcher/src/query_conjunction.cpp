// One conjunction of a query (query_reader.h): its items one by one (fields, phrases, wildcards,
// NEAR clauses, runs of plain words), then what the whole conjunction settles: natural dates, a
// description's boosts, the places each geographic filter covers.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <tuple>
#include <utility>

#include "query_reader.h"
#include "sitrep/event_dates.h"
#include "sitrep/language.h"
#include "sitrep/schema.h"

namespace sitrep {

Result<ParsedQuery> ConjunctionReader::read(std::vector<QueryItem> items) {
  for (auto& it : items) {
    auto near_taken = read_near(it);
    if (!near_taken) return near_taken.status();
    if (*near_taken) continue;
    if (auto st = read_item(it); !st) return st;
  }
  if (near_ && near_wants_word_) abandon_near();
  close_near();
  flush_run();
  // Stated dates (fields) that leave no day are an error; natural ones give way.
  for (const auto* d : {&pq_.date_, &pq_.event_date_})
    if (*d && (*d)->from && (*d)->to && *(*d)->from > *(*d)->to)
      return Status::invalid_argument("the date conditions (" + (*d)->written + ") leave no possible date");
  resolve_natural_dates();
  apply_description();
  place_geo_filters();
  return std::move(pq_);
}

// ---- the reading being built

void ConjunctionReader::add_date_to(std::optional<DateFilter>& filter, std::optional<Date> from, std::optional<Date> to,
                                    const std::string& written) {
  if (!filter) filter = DateFilter{};
  auto& d = *filter;
  if (from && (!d.from || *from > *d.from)) d.from = from;
  if (to && (!d.to || *to < *d.to)) d.to = to;
  d.written += (d.written.empty() ? "" : "; ") + written;
}

void ConjunctionReader::add_natural_date(std::optional<Date> from, std::optional<Date> to, const std::string& written) {
  natural_dates_.push_back({from, to, written, date_relative_});
  date_relative_ = false;
}

void ConjunctionReader::resolve_natural_dates() {
  std::string stated = pq_.date_ ? pq_.date_->written : "";  // the first date not relative to today
  for (const auto& d : natural_dates_)
    if (!d.relative && stated.empty()) stated = d.written;
  for (const auto& d : natural_dates_) {
    std::optional<Date> from = d.from, to = d.to;
    if (pq_.date_) {
      if (pq_.date_->from && (!from || *pq_.date_->from > *from)) from = pq_.date_->from;
      if (pq_.date_->to && (!to || *pq_.date_->to < *to)) to = pq_.date_->to;
    }
    if (d.from && d.to && *d.from > *d.to) {  // "between 1 May 2224 and June 2024": reversed by itself
      pq_.ignored_.push_back({d.written, "the range ends before it starts"});
      continue;
    }
    if (from && to && *from > *to) {  // only a stated date can narrow the range to nothing
      pq_.ignored_.push_back({d.written, "conflicts with " + (pq_.date_ ? pq_.date_->written : std::string("the query's date"))});
      continue;
    }
    if (d.relative && !stated.empty()) {
      pq_.ignored_.push_back({d.written, "relative to today, and the query names its own date (" + stated + ")"});
      continue;
    }
    add_date_to(pq_.date_, d.from, d.to, d.written);
    date_natural_ = true;
  }
}

void ConjunctionReader::make_geo(GeoFilter::Kind kind, std::string target, std::string name, const std::string& written,
                                 bool neg) {
  GeoFilter g;
  g.kind = kind;
  g.target = std::move(target);
  g.target_name = std::move(name);
  g.km = -1;
  g.written = written;
  g.negated = neg;
  if (natural_run_) natural_geo_.push_back(pq_.geo_.size());
  pq_.geo_.push_back(std::move(g));
}

void ConjunctionReader::make_geo_border(const Country& c, const std::string& written, bool neg) {
  make_geo(GeoFilter::Kind::kNearBorder, c.code, c.name, written, neg);
}

void ConjunctionReader::make_geo_place(const Place& p, const std::string& written, bool neg) {
  make_geo(GeoFilter::Kind::kNearPlace, p.id, p.name, written, neg);
}

void ConjunctionReader::make_geo_of(const NameMatch& m, const std::string& written, bool neg) {
  if (m.kind == EntityKind::kCountry)
    make_geo_border(gaz_.countries()[m.index], written, neg);
  else
    make_geo_place(gaz_.places()[m.index], written, neg);
}

void ConjunctionReader::entity_from_matches(const std::vector<NameMatch>& ms, const std::string& written, bool neg) {
  EntityFilter f;
  f.kind = ms.front().kind;
  f.written = written;
  f.negated = neg;
  for (const auto& m : ms) {
    if (m.kind != f.kind || m.length != ms.front().length) continue;
    const std::string id = gaz_.id_of(m);
    if (std::find(f.ids.begin(), f.ids.end(), id) == f.ids.end()) f.ids.push_back(id);
  }
  f.name = gaz_.display_name(f.kind, f.ids.front());
  if (f.ids.size() > 1 && f.kind == EntityKind::kPlace) {
    // "Tripoli (Lebanon or Libya)"; "Kharkiv (town or region)" when one country holds both.
    std::vector<std::string> where;
    bool town = false, region = false;
    for (const auto& id : f.ids)
      if (const auto* p = gaz_.place(id)) {
        (p->kind == "region" ? region : town) = true;
        auto c = gaz_.display_name(EntityKind::kCountry, p->country);
        if (std::find(where.begin(), where.end(), c) == where.end()) where.push_back(std::move(c));
      }
    if (where.size() > 1)
      f.name += " (" + join(where, " or ") + ")";
    else if (town && region)
      f.name += " (town or region)";
  }
  // Two readings of the same entity add nothing.
  for (const auto& e : pq_.entities_)
    if (e.kind == f.kind && e.ids == f.ids && e.negated == f.negated) return;
  if (natural_run_) natural_entities_.push_back(pq_.entities_.size());
  pq_.entities_.push_back(std::move(f));
}

void ConjunctionReader::add_text(TextClause c) {
  for (auto& t : pq_.text_)
    if (t.kind == c.kind && t.terms == c.terms && t.negated == c.negated) {
      t.wqf += c.wqf;  // written again: it weighs more
      return;
    }
  pq_.text_.push_back(std::move(c));
}

std::string ConjunctionReader::place_label(const Place& p) const {
  return p.name + " (" + (p.kind == "region" ? "region of " : "") + gaz_.display_name(EntityKind::kCountry, p.country) +
         ")";
}

// ---- items

Result<bool> ConjunctionReader::read_near(QueryItem& it) {
  if (it.type == QueryItem::Type::kOp && it.text == "NEAR") {
    std::size_t gap = 0;
    const bool number = !it.value.empty() && it.value.size() <= 4 && all_digits(it.value);
    if (number) gap = static_cast<std::size_t>(std::stoul(it.value));
    if (!number || gap == 0 || gap > limits_.max_near_window)
      return Status::invalid_argument("'NEAR/" + it.value + "': give a distance from 1 to " +
                                      std::to_string(limits_.max_near_window) + " words");
    if (near_ && !near_wants_word_) {
      // Chained: the clause's last word is the left side.
    } else {
      // The left side: the last word read so far.
      if (run_.empty() || run_.back().numeric || run_.back().date) {
        pq_.ignored_.push_back({"NEAR/" + it.value, "NEAR needs a word on each side"});
        return true;
      }
      near_ = TextClause{};
      near_->kind = TextClause::Kind::kNear;
      near_->terms = {run_.back().norm};
      near_->written = run_.back().surface;
      near_->negated = run_.back().negated;
      near_->required = run_.back().required;
      run_.pop_back();
    }
    near_->window = std::max(near_->window, gap);
    near_->written += " NEAR/" + it.value;
    near_wants_word_ = true;
    return true;
  }
  if (near_ && !near_wants_word_) close_near();  // a word after the clause: it is complete
  if (near_ && near_wants_word_) {
    const auto words = it.type == QueryItem::Type::kWord ? an_.tokenize(it.text) : std::vector<Token>{};
    if (words.empty() || words.front().numeric) {
      abandon_near();
    } else {
      near_->terms.push_back(words.front().norm);
      near_->written += " " + words.front().surface;
      near_wants_word_ = false;
      if (words.size() == 1) return true;  // the word is taken; the clause may go on (NEAR c)
      close_near();
      it.text = it.text.substr(words[1].begin);  // more words go on as an item of their own
    }
  }
  return false;
}

void ConjunctionReader::abandon_near() {
  pq_.ignored_.push_back({near_->written, "NEAR needs a word on each side; its words are searched alone"});
  for (const auto& w : near_->terms) {
    TextClause c;
    c.kind = TextClause::Kind::kWord;
    c.terms = {an_.stem(w)};
    c.written = w;
    c.negated = near_->negated;
    c.required = near_->required;
    add_text(std::move(c));
  }
  near_.reset();
  near_wants_word_ = false;
}

void ConjunctionReader::close_near() {
  if (near_ && !near_wants_word_ && near_->terms.size() >= 2) {
    // At most n words between neighbours: the words lie within n + terms positions.
    near_->window += near_->terms.size();
    add_text(std::move(*near_));
  }
  near_.reset();
  near_wants_word_ = false;
}

void ConjunctionReader::flush_run() {
  natural_run_ = true;
  if (!run_.empty()) read_run();
  natural_run_ = false;
  run_.clear();
}

Status ConjunctionReader::read_item(QueryItem& it) {
  if (it.type == QueryItem::Type::kOp) {
    if (it.text == "NOT") {
      pending_not_ = true;
    } else if (it.text == "AND") {
      pending_and_ = true;
      // The clause before AND becomes required too.
      if (!run_.empty())
        run_.back().required = true;
      else if (!pq_.text_.empty())
        pq_.text_.back().required = true;
    }
    // OR between words of one conjunction cannot be here (QueryReader splits at it).
    return Status::ok();
  }
  if (pending_not_) it.negated = true;
  if (pending_and_) it.required = true;
  pending_not_ = pending_and_ = false;
  if (it.type == QueryItem::Type::kField) {
    flush_run();
    const std::size_t entities_before = pq_.entities_.size(), geo_before = pq_.geo_.size();
    if (auto st = read_field(it); !st) return st;
    for (std::size_t k = entities_before; k < pq_.entities_.size(); ++k) {
      pq_.entities_[k].field = !it.natural;
      if (it.natural) natural_entities_.push_back(k);
    }
    for (std::size_t k = geo_before; k < pq_.geo_.size(); ++k) pq_.geo_[k].field = !it.natural;
    return Status::ok();
  }
  if (it.type == QueryItem::Type::kPhrase) {
    flush_run();
    read_phrase(it);
    return Status::ok();
  }
  // prefix*: words of the index beginning with the prefix (expansion bounded when searched).
  if (it.text.size() > 1 && it.text.back() == '*') return read_wildcard(it);
  add_chunk(it);
  return Status::ok();
}

void ConjunctionReader::read_phrase(const QueryItem& it) {
  auto words = an_.fold_words(it.text);
  if (words.empty()) {
    pq_.ignored_.push_back({"\"" + it.text + "\"", "empty phrase"});
    return;
  }
  TextClause c;
  c.kind = words.size() == 1 ? TextClause::Kind::kWord : TextClause::Kind::kPhrase;
  c.terms = words.size() == 1 ? std::vector<std::string>{an_.stem(words[0])} : words;
  if (words.size() == 1) c.variants = word_variants(an_, words[0], false);
  c.written = it.text;
  c.negated = it.negated;
  c.required = it.required;
  add_text(std::move(c));
}

Status ConjunctionReader::read_wildcard(const QueryItem& it) {
  const auto words = an_.fold_words(std::string_view(it.text).substr(0, it.text.size() - 1));
  if (words.size() != 1 || words[0].size() < limits_.min_wildcard_prefix)
    return Status::invalid_argument("wildcard '" + it.text + "': give one word of at least " +
                                    std::to_string(limits_.min_wildcard_prefix) + " letters before the *");
  flush_run();
  TextClause c;
  c.kind = TextClause::Kind::kWildcard;
  c.terms = {words[0]};
  c.written = it.text;
  c.negated = it.negated;
  c.required = it.required;
  add_text(std::move(c));
  return Status::ok();
}

// A plain chunk joins the run of words: an ISO date stays whole, anything else is split into words.
void ConjunctionReader::add_chunk(const QueryItem& it) {
  if (auto d = parse_iso_span(it.text); d && it.text.find('-') != std::string::npos) {
    RunWord x;
    x.surface = x.norm = x.stem = it.text;
    x.date = d;
    x.negated = it.negated;
    x.required = it.required;
    run_.push_back(std::move(x));
    return;
  }
  const auto tokens = an_.tokenize(it.text);
  if (tokens.empty()) {
    pq_.ignored_.push_back({it.text, "no words"});
    return;
  }
  for (const auto& t : tokens) {
    RunWord x;
    x.surface = t.surface;
    x.norm = t.norm;
    x.stem = an_.stem(t.norm);
    x.numeric = t.numeric;
    x.upper = t.capitalized || t.all_caps || t.caseless;
    x.negated = it.negated;
    x.required = it.required;
    run_.push_back(std::move(x));
  }
}

Status ConjunctionReader::read_field(const QueryItem& it) {
  const std::string& f = it.field;
  const std::string& v = it.value;
  if (v.empty()) return Status::invalid_argument("field '" + f + ":' needs a value");
  if (f == "after" || f == "before" || f == "on" || f == "date" || f == "event" || f == "event-after" ||
      f == "event-before")
    return read_date_field(it);
  if (f == "within") return read_within(it);
  if (f == "like") return read_like(it);
  if (f == "source" || f == "lang") {
    std::string folded = join(an_.fold_words(v), "-");
    if (folded.empty()) return Status::invalid_argument("field '" + f + ":' needs a value");
    pq_.fields_.push_back({f, folded, it.text, it.negated});
    return Status::ok();
  }
  if (f == "title") {
    auto words = an_.fold_words(v);
    if (words.empty()) return Status::invalid_argument("field 'title:' needs a word");
    TextClause c;
    c.kind = words.size() == 1 ? TextClause::Kind::kTitleWord : TextClause::Kind::kPhrase;
    c.terms = words;
    c.written = v;
    c.required = true;  // a field is a condition
    c.negated = it.negated;
    if (c.kind == TextClause::Kind::kPhrase) c.concept_id = "title";
    add_text(std::move(c));
    return Status::ok();
  }
  return read_entity_field(it);
}

// like:ID: one per query, ranking (it cannot be excluded); the id as an article id may be.
Status ConjunctionReader::read_like(const QueryItem& it) {
  const std::string& id = it.value;
  if (it.negated)
    return Status::invalid_argument("'" + it.text + "': like: ranks articles like one, it cannot exclude");
  if (id.size() > schema::kMaxIdBytes ||
      std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    return Status::invalid_argument("'" + it.text.substr(0, 80) + "': not an article id");
  if (pq_.like_ && pq_.like_->id != id)
    return Status::invalid_argument("one like: per query ('" + pq_.like_->written + "' and '" + it.text + "')");
  pq_.like_ = LikeClause{id, it.text};
  return Status::ok();
}

// after:, before:, on:, date:A..B and the event: forms (read_field has checked there is a value).
Status ConjunctionReader::read_date_field(const QueryItem& it) {
  const std::string& f = it.field;
  const std::string& v = it.value;
  const bool event = f.rfind("event", 0) == 0;
  auto& filter = event ? pq_.event_date_ : pq_.date_;
  if (!event) date_field_ = true;
  // YYYY, YYYY-MM, YYYY-MM-DD, or a relative expression with hyphens for spaces
  // (yesterday, last-30-days, this-year, last-week).
  auto span_of = [&](std::string_view s) -> Result<DateSpan> {
    if (auto d = parse_iso_span(s)) return *d;
    std::string words(s);
    for (auto& c : words)
      if (c == '-' || c == '_') c = ' ';
    if (auto e = parse_date_expression(words, now_)) {
      DateSpan span;
      span.first = e->first;
      span.last = e->last;
      return span;
    }
    return Status::invalid_argument("invalid date '" + std::string(s) + "' in '" + it.text +
                                    "': use YYYY, YYYY-MM, YYYY-MM-DD or e.g. last-30-days");
  };
  const std::string_view sv(v);
  const auto dots = sv.find("..");
  if ((f == "date" || f == "event") && dots != std::string_view::npos) {
    std::optional<Date> from, to;
    if (dots > 0) {
      auto a = span_of(sv.substr(0, dots));
      if (!a) return a.status();
      from = a->first;
    }
    if (dots + 2 < sv.size()) {
      auto b = span_of(sv.substr(dots + 2));
      if (!b) return b.status();
      to = b->last;
    }
    if (from && to && *from > *to)
      return Status::invalid_argument("empty date range '" + it.text + "': the start is after the end");
    add_date_to(filter, from, to, it.text);
    return Status::ok();
  }
  auto d = span_of(sv);
  if (!d) return d.status();
  if (f == "after" || f == "event-after")
    add_date_to(filter, d->last.add_days(1), std::nullopt, it.text);
  else if (f == "before" || f == "event-before")
    add_date_to(filter, std::nullopt, d->first.add_days(-1), it.text);
  else
    add_date_to(filter, d->first, d->last, it.text);
  return Status::ok();
}

Status ConjunctionReader::read_within(const QueryItem& it) {
  const std::string& v = it.value;
  std::string num = lower_ascii(v);
  double factor = 1;
  if (num.size() > 2 && num.compare(num.size() - 2, 2, "km") == 0)
    num.resize(num.size() - 2);
  else if (num.size() > 2 && num.compare(num.size() - 2, 2, "mi") == 0) {
    num.resize(num.size() - 2);
    factor = 1.609344;
  }
  char* end = nullptr;
  const double km = std::strtod(num.c_str(), &end) * factor;
  if (num.empty() || *end != '\0' || !(km > 0) || km > limits_.max_near_km)
    return Status::invalid_argument("invalid distance '" + v + "' in '" + it.text +
                                    "': use e.g. within:50km (at most " + fmt_km(limits_.max_near_km) + " km)");
  radius_ = km;
  radius_given_ = true;
  return Status::ok();
}

namespace {

// "Geneva, Switzerland" or "Geneva (Switzerland)": the name, then where it is (both trimmed);
// empty strings when the value has no such form.
std::pair<std::string, std::string> split_qualified_name(const std::string& v) {
  std::string name, qualifier;
  if (const auto open = v.rfind('('); open != std::string::npos && open > 0 && v.back() == ')') {
    name = v.substr(0, open);
    qualifier = v.substr(open + 1, v.size() - open - 2);
  } else if (const auto comma = v.rfind(','); comma != std::string::npos && comma > 0) {
    name = v.substr(0, comma);
    qualifier = v.substr(comma + 1);
  }
  auto trim = [](std::string& x) {
    while (!x.empty() && is_space(x.back())) x.pop_back();
    x.erase(0, std::min(x.size(), x.find_first_not_of(" \t")));
  };
  trim(name);
  trim(qualifier);
  return {name, qualifier};
}

}  // namespace

// place:ch-geneva, near:ch-geneva, actor:hezbollah, person:ID: true when the value is an id.
bool ConjunctionReader::read_entity_id(const QueryItem& it) {
  const std::string& f = it.field;
  const std::string& v = it.value;
  if (f == "place" || f == "near") {
    if (const Place* p = gaz_.place(v)) {
      if (f == "near") {
        make_geo_place(*p, it.text, it.negated);
      } else {
        EntityFilter e{EntityKind::kPlace, {p->id}, place_label(*p), it.text, it.negated};
        pq_.entities_.push_back(std::move(e));
      }
      return true;
    }
  }
  if (f == "actor")
    if (const Actor* a = gaz_.actor(v)) {
      pq_.entities_.push_back(EntityFilter{EntityKind::kActor, {a->id}, a->name, it.text, it.negated});
      return true;
    }
  if (f == "person")
    if (const Person* a = gaz_.person(v)) {
      pq_.entities_.push_back(EntityFilter{EntityKind::kPerson, {a->id}, a->name, it.text, it.negated});
      return true;
    }
  return false;
}

Status ConjunctionReader::read_entity_field(const QueryItem& it) {
  const std::string& f = it.field;
  const std::string& v = it.value;
  // An id as the facets show it (place:ch-geneva, actor:hezbollah), a name, or a name with the
  // country or region it lies in (place:"Geneva, Switzerland", "Geneva (Switzerland)").
  if (read_entity_id(it)) return Status::ok();
  const bool place_field = f == "place" || f == "near";
  auto ms = gaz_.lookup(v);
  std::string qualifier;
  if (place_field && std::none_of(ms.begin(), ms.end(), [](const NameMatch& m) {
        return m.kind == EntityKind::kPlace || m.kind == EntityKind::kCountry;
      })) {
    std::string name;
    std::tie(name, qualifier) = split_qualified_name(v);
    if (name.empty() || qualifier.empty())
      qualifier.clear();
    else
      ms = gaz_.lookup(name);
  }
  std::vector<NameMatch> wanted;
  for (const auto& m : ms) {
    const bool ok =
        (f == "actor" && m.kind == EntityKind::kActor) || (f == "person" && m.kind == EntityKind::kPerson) ||
        ((f == "place" || f == "near") && (m.kind == EntityKind::kPlace || m.kind == EntityKind::kCountry)) ||
        (f == "country" && m.kind == EntityKind::kCountry);
    if (ok) wanted.push_back(m);
  }
  if (f == "country" && wanted.empty() && v.size() == 2) {
    // An ISO 3166-1 alpha-2 code: country:ml, country:UA.
    const std::string code = lower_ascii(v);
    for (std::size_t k = 0; k < gaz_.countries().size(); ++k)
      if (gaz_.countries()[k].code == code) {
        EntityFilter e{EntityKind::kCountry, {code}, gaz_.countries()[k].name, it.text, it.negated};
        pq_.entities_.push_back(std::move(e));
        return Status::ok();
      }
  }
  if (f == "person" && wanted.empty()) {
    // A person outside the curated list is indexed under the slug of their name.
    const auto words = an_.fold_words(v);
    if (words.size() < 2) return Status::invalid_argument("unknown person '" + v + "': give a full name");
    EntityFilter e{EntityKind::kPerson, {join(words, "-")}, v, it.text, it.negated};
    pq_.entities_.push_back(std::move(e));
    return Status::ok();
  }
  if (!qualifier.empty() && !wanted.empty()) {
    auto in = places_in_area(gaz_, wanted, qualifier);
    if (in.empty()) {
      std::string where;
      for (const auto& m : wanted)
        if (m.kind == EntityKind::kPlace && where.size() < 300) {
          const Place& p = gaz_.places()[m.index];
          where += (where.empty() ? "" : ", ") + place_label(p) + " = " + p.id;
        }
      return Status::invalid_argument("no place '" + v + "' in '" + it.text + "': the gazetteer knows " +
                                      (where.empty() ? std::string("none in that country or region") : where));
    }
    wanted = std::move(in);
    if (f != "near") {
      EntityFilter e{EntityKind::kPlace, {}, "", it.text, it.negated};
      for (const auto& m : wanted) e.ids.push_back(gaz_.places()[m.index].id);
      e.name = place_label(gaz_.places()[wanted.front().index]);
      pq_.entities_.push_back(std::move(e));
      return Status::ok();
    }
  }
  if (wanted.empty()) {
    const char* what = f == "near" ? "place" : f.c_str();
    std::string hint;
    for (const auto& s : gaz_.similar_names(an_.fold(v), 1))
      hint = " (did you mean " + gaz_.display_name(s.match.kind, gaz_.id_of(s.match)) + "?)";
    return Status::invalid_argument(std::string("unknown ") + what + " '" + v + "' in '" + it.text + "'" + hint);
  }
  if (f == "near") {
    make_geo_of(wanted.front(), it.text, it.negated);
    return Status::ok();
  }
  entity_from_matches(wanted, it.text, it.negated);
  return Status::ok();
}

// ---- settling the conjunction

// A description: many free words besides the names and dates. Its natural names, places and
// dates rank instead of filtering, and the names' own words are searched as text too.
void ConjunctionReader::apply_description() {
  // A description: many free words besides the names and dates. Its natural names, places and
  // dates rank instead of filtering, and the names' own words are searched as text too.
  {
    std::size_t free_words = 0;
    for (const auto& t : pq_.text_)
      if (!t.negated && !(t.kind == TextClause::Kind::kWord && all_digits(t.terms[0]))) ++free_words;
    const bool any_natural = !natural_entities_.empty() || !natural_geo_.empty() || (date_natural_ && !date_field_);
    if (limits_.descriptive_words > 0 && free_words >= limits_.descriptive_words && any_natural) {
      pq_.descriptive_ = true;
      std::vector<std::string> name_words;
      for (std::size_t k : natural_entities_)
        if (!pq_.entities_[k].negated) {
          pq_.entities_[k].boost = true;
          name_words.push_back(pq_.entities_[k].written);
        }
      for (std::size_t k : natural_geo_)
        if (!pq_.geo_[k].negated) pq_.geo_[k].boost = true;
      if (pq_.date_ && date_natural_ && !date_field_) pq_.date_->boost = true;
      for (const auto& written : name_words)
        for (const auto& t : an_.tokenize(written)) {
          if (t.numeric || an_.is_stopword(t.norm)) continue;
          TextClause c;
          c.kind = TextClause::Kind::kWord;
          c.terms = {an_.stem(t.norm)};
          c.written = t.surface;
          add_text(std::move(c));
        }
    }
  }
}

// Radius (within:) and the places each geographic filter covers.
void ConjunctionReader::place_geo_filters() {
  // Radius (within:) and the places each geographic filter covers.
  for (auto& g : pq_.geo_) {
    // No radius of its own: within:, else the default (twice it for a direction).
    if (g.km < 0) g.km = radius_given_ ? radius_ : g.bearing ? 2 * radius_ : radius_;
    double lat = 0, lon = 0;
    if (g.kind == GeoFilter::Kind::kPartOf) {
      g.km = 0;
      g.places = gaz_.places_in_part(g.target, g.direction);
      continue;
    }
    if (g.kind == GeoFilter::Kind::kNearBorder) {
      g.places = gaz_.places_near_border(g.target, g.km);
      g.border = gaz_.border_lines(g.target);
      if (const auto* c = gaz_.country(g.target)) lat = c->lat, lon = c->lon;
    } else if (const auto* p = gaz_.place(g.target)) {
      g.places = gaz_.places_near(p->lat, p->lon, g.km);
      lat = p->lat, lon = p->lon;
    }
    if (g.bearing) {
      // Keep the places whose bearing from the target (a country: its centre) is within 45°.
      std::vector<PlaceDistance> kept;
      for (const auto& pd : g.places) {
        if (pd.place->id == g.target) continue;
        if (g.kind == GeoFilter::Kind::kNearBorder && pd.place->country == g.target) continue;
        const double b = initial_bearing(lat, lon, pd.place->lat, pd.place->lon);
        double diff = std::fabs(b - *g.bearing);
        if (diff > 180) diff = 360 - diff;
        if (diff <= 45) kept.push_back(pd);
      }
      g.places = std::move(kept);
    }
  }
}

}  // namespace sitrep
