#include <algorithm>
#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "sitrep/analyzer.h"
#include "sitrep/event_dates.h"
#include "sitrep/language.h"
#include "sitrep/query.h"
#include "sitrep/schema.h"
#include "sitrep/tagger.h"

namespace sitrep {
namespace {

struct Item {
  enum class Type { kWord, kPhrase, kField, kOp, kOpen, kClose };
  Type type = Type::kWord;
  std::string text;   // word, phrase, operator; or the field's whole "name:value"
  std::string field;  // lower case
  std::string value;
  bool negated = false;
  bool required = false;
  // A field made from natural words ("Geneva (Switzerland)"): read as the words would be, not as
  // a stated field (the relaxed query may relax it).
  bool natural = false;
};

const std::unordered_set<std::string_view> kFields = {
    "actor", "org",   "person", "place", "country", "near",  "within",      "source",      "lang",
    "title", "after", "before", "on",    "date",    "event", "event-after", "event-before"};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<Item> lex(std::string_view q) {
  std::vector<Item> items;
  std::size_t i = 0;
  while (i < q.size()) {
    if (is_space(q[i])) {
      ++i;
      continue;
    }
    Item it;
    if ((q[i] == '-' || q[i] == '+') && i + 1 < q.size() && !is_space(q[i + 1])) {
      (q[i] == '-' ? it.negated : it.required) = true;
      ++i;
    }
    if (q[i] == '(' || q[i] == ')') {
      // Grouping (QueryReader): "-(" excludes the group, "+(" is a group as any other.
      it.type = q[i] == '(' ? Item::Type::kOpen : Item::Type::kClose;
      it.text = std::string(1, q[i]);
      if (it.type == Item::Type::kClose) it.negated = it.required = false;
      ++i;
      items.push_back(std::move(it));
      continue;
    }
    if (q[i] == '"') {
      const std::size_t close = q.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? q.size() : close;
      it.type = Item::Type::kPhrase;
      it.text = std::string(q.substr(i + 1, end - i - 1));
      i = close == std::string_view::npos ? q.size() : close + 1;
      items.push_back(std::move(it));
      continue;
    }
    std::size_t end = i;
    while (end < q.size() && !is_space(q[end]) && q[end] != '(' && q[end] != ')') ++end;
    std::string chunk(q.substr(i, end - i));
    const std::size_t colon = chunk.find(':');
    if (colon != std::string::npos && colon > 0 && kFields.count(lower_ascii(chunk.substr(0, colon)))) {
      it.type = Item::Type::kField;
      it.field = lower_ascii(chunk.substr(0, colon));
      if (it.field == "org") it.field = "actor";
      std::size_t vstart = i + colon + 1;
      if (vstart < q.size() && q[vstart] == '"') {
        const std::size_t close = q.find('"', vstart + 1);
        const std::size_t vend = close == std::string_view::npos ? q.size() : close;
        it.value = std::string(q.substr(vstart + 1, vend - vstart - 1));
        end = close == std::string_view::npos ? q.size() : close + 1;
      } else {
        it.value = chunk.substr(colon + 1);
      }
      it.text = std::string(q.substr(i, end - i));
    } else if (!it.negated && !it.required && (chunk == "AND" || chunk == "OR" || chunk == "NOT")) {
      it.type = Item::Type::kOp;
      it.text = chunk;
    } else if (!it.negated && !it.required && (chunk == "NEAR" || chunk.rfind("NEAR/", 0) == 0)) {
      // NEAR (10 words) or NEAR/n; a malformed n is reported when the query is read.
      it.type = Item::Type::kOp;
      it.text = "NEAR";
      it.value = chunk.size() > 5 ? chunk.substr(5) : "10";
    } else {
      it.type = Item::Type::kWord;
      it.text = chunk;
    }
    i = end;
    items.push_back(std::move(it));
  }
  return items;
}

// One word of a natural-language run.
struct Unit {
  std::string surface;
  std::string norm;
  std::string stem;
  std::optional<DateSpan> date;  // an ISO date written as one chunk
  bool numeric = false;
  bool upper = false;  // first letter upper case or all caps as written, or a script without case
  bool negated = false;
  bool required = false;
};

// The other terms a query word can have in the index (TextClause::variants): its stems in the
// other languages it could be written in and, for a name (capitalised, or in a script without
// case), the key of its transliteration; a name in a non-Latin script also its transliteration's
// English stem ("Комаренко" finds "Komarenko").
std::vector<TextClause::Variant> word_variants(const Analyzer& an, const std::string& norm, bool name) {
  std::vector<TextClause::Variant> out;
  const auto stems = an.stem_variants(norm);
  for (std::size_t k = 1; k < stems.size(); ++k) out.push_back({schema::term(schema::kStem, stems[k].stem), stems[k].lang});
  if (!name) return out;
  if (auto key = an.translit_key(norm); !key.empty()) out.push_back({schema::term(schema::kTranslit, key), ""});
  if (script_of(norm) != Script::kLatin) {
    const auto latin = an.fold_words(an.transliterate(norm));
    if (latin.size() == 1 && latin[0] != norm) out.push_back({schema::term(schema::kStem, an.stem(latin[0])), ""});
  }
  return out;
}

bool is_border_word(std::string_view w) {
  return w == "border" || w == "borders" || w == "frontier" || w == "boundary" || w == "borderlands";
}

// Initial great-circle bearing from one point to another, degrees clockwise from north.
double initial_bearing(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double p1 = lat1 * kRad, p2 = lat2 * kRad, dl = (lon2 - lon1) * kRad;
  const double y = std::sin(dl) * std::cos(p2);
  const double x = std::cos(p1) * std::sin(p2) - std::sin(p1) * std::cos(p2) * std::cos(dl);
  const double deg = std::atan2(y, x) / kRad;
  return deg < 0 ? deg + 360 : deg;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string fmt_km(double km) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", km);
  return buf;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

// Today's date in UTC.
Date today_utc() {
  const auto now = std::chrono::system_clock::now();
  return Date::from_days(std::chrono::duration_cast<std::chrono::days>(now.time_since_epoch()).count());
}

bool ParsedQuery::empty() const noexcept { return !has_filters() && text_.empty(); }

bool ParsedQuery::has_filters() const noexcept {
  return !entities_.empty() || !geo_.empty() || date_.has_value() || event_date_.has_value() || !fields_.empty() ||
         !any_of_.empty();
}

std::size_t ParsedQuery::clause_count() const noexcept {
  std::size_t n = entities_.size() + geo_.size() + fields_.size() + text_.size() + (date_ ? 1 : 0) +
                  (event_date_ ? 1 : 0);
  for (const auto& g : any_of_)
    for (const auto& a : g.alternatives) n += 1 + a.clause_count();
  return n;
}

namespace {

// "(actor = Hezbollah OR actor = Hamas)"; "NOT (...)" for an excluded group.
std::string group_summary(const AnyOf& g) {
  std::vector<std::string> alts;
  for (const auto& a : g.alternatives) {
    std::string c = a.conditions();
    if (g.alternatives.size() > 1 && c.find(" AND ") != std::string::npos) c = "(" + c + ")";
    alts.push_back(std::move(c));
  }
  return std::string(g.negated ? "NOT " : "") + "(" + join(alts, " OR ") + ")";
}

}  // namespace

std::string ParsedQuery::conditions() const {
  std::string s = summary();
  // summary() without "all articles" and with the text as one more condition.
  std::vector<std::string> parts;
  const auto text_at = s.find("; text: ");
  std::string head = text_at == std::string::npos ? s : s.substr(0, text_at);
  if (head != "all articles") parts.push_back(head);
  if (text_at != std::string::npos) parts.push_back("text: " + s.substr(text_at + 8));
  return parts.empty() ? "all articles" : join(parts, " AND ");
}

std::string ParsedQuery::summary() const {
  std::vector<std::string> parts, boosts;
  for (const auto& e : entities_) {
    std::string s = std::string(e.negated ? "NOT " : "") + to_string(e.kind) + " = " + e.name;
    if (e.ids.size() > 1) s += " (any of " + join(e.ids, ", ") + ")";
    (e.boost ? boosts : parts).push_back(s);
  }
  for (const auto& g : geo_) {
    std::string s = g.negated ? "NOT " : "";
    const std::string dir = g.direction.empty() ? "" : " " + g.direction;
    if (g.kind == GeoFilter::Kind::kNearBorder)
      s += "place within " + fmt_km(g.km) + " km" + dir + " of the border of " + g.target_name;
    else if (g.kind == GeoFilter::Kind::kPartOf)
      s += "place in the " + g.direction + " of " + g.target_name;
    else
      s += "place within " + fmt_km(g.km) + " km" + dir + " of " + g.target_name;
    std::vector<std::string> nearest;
    for (std::size_t k = 0; k < g.places.size() && k < 5; ++k)
      nearest.push_back(g.places[k].place->name + " " + fmt_km(g.places[k].km) + " km");
    s += " (" + std::to_string(g.places.size()) + " places" + (nearest.empty() ? "" : ": " + join(nearest, ", ")) +
         (g.places.size() > nearest.size() ? ", ..." : "") + ")";
    (g.boost ? boosts : parts).push_back(s);
  }
  auto range = [](const DateFilter& d) {
    if (d.from && d.to) return "from " + d.from->iso() + " to " + d.to->iso();
    if (d.from) return "on or after " + d.from->iso();
    if (d.to) return "on or before " + d.to->iso();
    return std::string("any time");
  };
  if (date_) {
    if (date_->boost)
      boosts.push_back("events " + range(*date_));
    else
      parts.push_back("published " + range(*date_));
  }
  if (event_date_) parts.push_back("events " + range(*event_date_));
  for (const auto& f : fields_) parts.push_back(std::string(f.negated ? "NOT " : "") + f.field + " = " + f.value);
  for (const auto& g : any_of_) parts.push_back(group_summary(g));
  std::string out = parts.empty() ? "all articles" : join(parts, " AND ");
  if (!boosts.empty()) out += "; ranked higher: " + join(boosts, ", ");
  std::vector<std::string> words;
  for (const auto& t : text_) {
    std::string s = t.negated ? "-" : (t.required ? "+" : "");
    switch (t.kind) {
      case TextClause::Kind::kWord:
        s += t.written;
        break;
      case TextClause::Kind::kTitleWord:
        s += "title:" + t.written;
        break;
      case TextClause::Kind::kPhrase:
        s += "\"" + join(t.terms, " ") + "\"";
        break;
      case TextClause::Kind::kConcept:
        s += t.written + " ~ " + join(t.terms, "|");
        break;
      case TextClause::Kind::kNear:
        s += "(" + join(t.terms, " ") + " within " + std::to_string(t.window) + " words)";
        break;
      case TextClause::Kind::kWildcard:
        s += t.terms[0] + "*";
        break;
    }
    words.push_back(s);
  }
  if (!words.empty()) out += "; text: " + join(words, ", ");
  return out;
}

Result<ParsedQuery> QueryParser::parse(std::string_view query) const { return parse(query, today_utc()); }

// Reads a query in two layers: the expression (OR between conjunctions, parentheses) over the
// lexed items, and each conjunction (fields, phrases and natural runs of words) by conjunction().
class QueryReader {
 public:
  QueryReader(const Gazetteer& gazetteer, const QueryLimits& limits, const Tagger* tagger, const Date& now)
      : gaz_(gazetteer), limits_(limits), tagger_(tagger), now_(now) {}

  Result<ParsedQuery> read(std::string_view query);

 private:
  // a b OR c d OR ...: the alternatives up to a closing parenthesis or the end.
  Result<ParsedQuery> any_of(const std::vector<Item>& items, std::size_t& pos, std::size_t depth);
  // Neighbouring items and groups, all of which must hold.
  Result<ParsedQuery> all_of(const std::vector<Item>& items, std::size_t& pos, std::size_t depth);
  // "Geneva (Switzerland)": the name before the parenthesis at items[pos] qualified by the words
  // inside it, as one place item (the words taken off `flat`); false when it is not one.
  bool read_qualified_place(const std::vector<Item>& items, std::size_t& pos, std::vector<Item>& flat) const;
  Result<ParsedQuery> conjunction(std::vector<Item> items) const;
  // The places among `ms` that lie in the country or first-level region `qualifier` names.
  std::vector<NameMatch> in_area(const std::vector<NameMatch>& ms, std::string_view qualifier) const;

  const Gazetteer& gaz_;
  const QueryLimits& limits_;
  const Tagger* tagger_;
  Date now_;
  std::vector<IgnoredWord> ignored_;  // operators and parentheses not used
};

namespace {

bool is_op(const Item& it, std::string_view op) { return it.type == Item::Type::kOp && it.text == op; }

std::string written_of(const std::vector<Item>& items, std::size_t a, std::size_t b) {
  std::string s;
  for (std::size_t k = a; k < b && k < items.size(); ++k) {
    const Item& it = items[k];
    std::string w = it.type == Item::Type::kPhrase ? "\"" + it.text + "\"" : it.text;
    if (it.type != Item::Type::kClose && it.type != Item::Type::kField) w = (it.negated ? "-" : it.required ? "+" : "") + w;
    if (!s.empty() && s.back() != '(' && it.type != Item::Type::kClose) s += ' ';
    s += w;
  }
  return s;
}

// The words ignored inside alternatives, gathered into the query's list.
void gather_ignored(ParsedQuery& top, const std::vector<AnyOf>& groups, std::vector<IgnoredWord>& out) {
  for (const auto& g : groups)
    for (const auto& a : g.alternatives) {
      out.insert(out.end(), a.ignored().begin(), a.ignored().end());
      gather_ignored(top, a.any_of(), out);
    }
}

}  // namespace

Result<ParsedQuery> QueryParser::parse(std::string_view query, const Date& now) const {
  QueryReader reader(gaz_, limits_, tagger_, now);
  return reader.read(query);
}

Result<ParsedQuery> QueryReader::read(std::string_view query) {
  if (query.size() > limits_.max_query_bytes)
    return Status(ErrorCode::kLimitExceeded, "query of " + std::to_string(query.size()) +
                                                 " bytes is longer than the limit of " +
                                                 std::to_string(limits_.max_query_bytes));
  if (!is_valid_utf8(query)) return Status(ErrorCode::kInvalidArgument, "query is not valid UTF-8");
  const std::vector<Item> items = lex(query);
  std::size_t pos = 0;
  auto pq = any_of(items, pos, 0);
  if (!pq) return pq;
  pq->original_ = std::string(query);
  std::vector<IgnoredWord> nested;
  gather_ignored(*pq, pq->any_of_, nested);
  pq->ignored_.insert(pq->ignored_.end(), nested.begin(), nested.end());
  pq->ignored_.insert(pq->ignored_.end(), ignored_.begin(), ignored_.end());
  const std::size_t clauses = pq->clause_count();
  if (clauses > limits_.max_clauses)
    return Status(ErrorCode::kLimitExceeded, "query has " + std::to_string(clauses) + " clauses; the limit is " +
                                                 std::to_string(limits_.max_clauses));
  return pq;
}

Result<ParsedQuery> QueryReader::any_of(const std::vector<Item>& items, std::size_t& pos, std::size_t depth) {
  std::vector<ParsedQuery> alternatives;
  const std::size_t start = pos;
  for (;;) {
    const std::size_t from = pos;
    auto a = all_of(items, pos, depth);
    if (!a) return a;
    if (a->empty()) {
      if (pos < items.size() && is_op(items[pos], "OR"))
        ignored_.push_back({"OR", "OR needs something on each side"});
      else if (from > start)
        ignored_.push_back({"OR", "OR needs something on each side"});
    } else {
      alternatives.push_back(std::move(*a));
    }
    if (pos < items.size() && is_op(items[pos], "OR")) {
      ++pos;
      continue;
    }
    break;
  }
  if (alternatives.size() == 1) return std::move(alternatives.front());
  ParsedQuery pq;
  if (alternatives.empty()) return pq;
  AnyOf g;
  g.alternatives = std::move(alternatives);
  g.written = written_of(items, start, pos);
  pq.any_of_.push_back(std::move(g));
  return pq;
}

Result<ParsedQuery> QueryReader::all_of(const std::vector<Item>& items, std::size_t& pos, std::size_t depth) {
  std::vector<Item> flat;
  std::vector<AnyOf> groups;
  while (pos < items.size()) {
    const Item& it = items[pos];
    if (is_op(it, "OR")) break;
    if (it.type == Item::Type::kClose) {
      if (depth > 0) break;
      ignored_.push_back({")", "no opening parenthesis"});
      ++pos;
      continue;
    }
    if (it.type != Item::Type::kOpen) {
      flat.push_back(it);
      ++pos;
      continue;
    }
    bool negated = it.negated;
    if (!flat.empty() && is_op(flat.back(), "NOT")) {
      negated = true;
      flat.pop_back();
    }
    if (!negated && read_qualified_place(items, pos, flat)) continue;
    if (depth + 1 > limits_.max_group_depth)
      return Status(ErrorCode::kLimitExceeded, "parentheses nested more than " +
                                                   std::to_string(limits_.max_group_depth) + " deep");
    const std::size_t open = pos++;
    auto sub = any_of(items, pos, depth + 1);
    if (!sub) return sub;
    if (pos < items.size() && items[pos].type == Item::Type::kClose)
      ++pos;
    else
      ignored_.push_back({"(", "no closing parenthesis: the group runs to the end of the query"});
    if (sub->empty()) {
      ignored_.push_back({written_of(items, open, pos), "empty group"});
      continue;
    }
    AnyOf g;
    const bool only_group = sub->any_of().size() == 1 && sub->entities().empty() && sub->geo().empty() &&
                            !sub->date() && !sub->event_date() && sub->fields().empty() && sub->text().empty();
    if (only_group && !sub->any_of().front().negated)
      g = std::move(sub->any_of_.front());  // (a OR b): the group itself
    else
      g.alternatives.push_back(std::move(*sub));  // (a b): one alternative, all of it
    g.negated = negated;
    g.written = (negated ? "-" : "") + written_of(items, open + 1, pos);
    if (g.written.size() > 1 && g.written[negated ? 1 : 0] != '(') g.written.insert(negated ? 1 : 0, "(");
    groups.push_back(std::move(g));
  }
  auto pq = conjunction(flat);
  if (!pq) return pq;
  for (auto& g : groups) pq->any_of_.push_back(std::move(g));
  return pq;
}

std::vector<NameMatch> QueryReader::in_area(const std::vector<NameMatch>& ms, std::string_view qualifier) const {
  std::vector<std::string> countries, regions;
  const std::string q = lower_ascii(qualifier);
  if (gaz_.country(q)) countries.push_back(q);
  if (const Place* r = gaz_.place(q); r && r->kind == "region") regions.push_back(r->id);
  for (const auto& m : gaz_.lookup(qualifier)) {
    if (m.kind == EntityKind::kCountry)
      countries.push_back(gaz_.countries()[m.index].code);
    else if (m.kind == EntityKind::kPlace && gaz_.places()[m.index].kind == "region")
      regions.push_back(gaz_.places()[m.index].id);
  }
  std::vector<NameMatch> out;
  for (const auto& m : ms) {
    if (m.kind != EntityKind::kPlace) continue;
    const Place& p = gaz_.places()[m.index];
    if (std::find(countries.begin(), countries.end(), p.country) != countries.end() ||
        std::find(regions.begin(), regions.end(), p.region_id) != regions.end())
      out.push_back(m);
  }
  return out;
}

bool QueryReader::read_qualified_place(const std::vector<Item>& items, std::size_t& pos,
                                       std::vector<Item>& flat) const {
  // ( word... ) right after plain words.
  std::size_t close = pos + 1;
  while (close < items.size() && items[close].type == Item::Type::kWord && !items[close].negated &&
         !items[close].required)
    ++close;
  if (close == pos + 1 || close >= items.size() || items[close].type != Item::Type::kClose || close - pos > 4)
    return false;
  std::string qualifier;
  for (std::size_t k = pos + 1; k < close; ++k) qualifier += (qualifier.empty() ? "" : " ") + items[k].text;
  std::size_t trailing = 0;
  while (trailing < flat.size() && trailing < 4 && flat[flat.size() - 1 - trailing].type == Item::Type::kWord)
    ++trailing;
  for (std::size_t n = trailing; n >= 1; --n) {
    std::string name;
    for (std::size_t k = flat.size() - n; k < flat.size(); ++k) name += (name.empty() ? "" : " ") + flat[k].text;
    if (in_area(gaz_.lookup(name), qualifier).empty()) continue;
    Item place;
    place.type = Item::Type::kField;
    place.field = "place";
    place.value = name + ", " + qualifier;
    place.text = name + " (" + qualifier + ")";
    place.negated = flat[flat.size() - n].negated;
    place.natural = true;
    flat.resize(flat.size() - n);
    // "in Geneva (Switzerland)", "near Geneva (Switzerland)": the word before says how.
    if (!flat.empty() && flat.back().type == Item::Type::kWord) {
      const std::string before = lower_ascii(flat.back().text);
      if (before == "in" || before == "at" || before == "near" || before == "around") {
        if (before == "near" || before == "around") place.field = "near";
        place.text = flat.back().text + " " + place.text;
        flat.pop_back();
      }
    }
    flat.push_back(std::move(place));
    pos = close + 1;
    return true;
  }
  return false;
}

Result<ParsedQuery> QueryReader::conjunction(std::vector<Item> items) const {
  const Analyzer& an = gaz_.analyzer();
  const Date& now = now_;
  ParsedQuery pq;
  double radius = limits_.default_near_km;
  bool radius_given = false;
  // "Geneva (Switzerland)": a place with its country, as a field picked it.
  auto place_label = [&](const Place& p) {
    return p.name + " (" + (p.kind == "region" ? "region of " : "") + gaz_.display_name(EntityKind::kCountry, p.country) + ")";
  };
  // Which filters were read from natural words (a descriptive query turns those into boosts).
  bool natural_run = false;
  std::vector<std::size_t> natural_entities, natural_geo;
  bool date_natural = false, date_field = false;

  auto add_date_to = [&](std::optional<DateFilter>& filter, std::optional<Date> from, std::optional<Date> to,
                         const std::string& written) {
    if (!filter) filter = DateFilter{};
    auto& d = *filter;
    if (from && (!d.from || *from > *d.from)) d.from = from;
    if (to && (!d.to || *to < *d.to)) d.to = to;
    d.written += (d.written.empty() ? "" : "; ") + written;
  };
  // Dates read from natural words wait until the whole conjunction is read (resolve_natural_dates):
  // one relative to today ("on Tuesday", "yesterday") gives way to a date the query names itself,
  // and one that conflicts with the dates before it is not used; neither is an error.
  struct NaturalDate {
    std::optional<Date> from, to;
    std::string written;
    bool relative = false;
  };
  std::vector<NaturalDate> natural_dates;
  bool date_relative = false;  // set by date_at when the date it read depends on `now`
  auto add_date = [&](std::optional<Date> from, std::optional<Date> to, const std::string& written) {
    natural_dates.push_back({from, to, written, date_relative});
    date_relative = false;
  };
  auto resolve_natural_dates = [&]() {
    std::string stated = pq.date_ ? pq.date_->written : "";  // the first date not relative to today
    for (const auto& d : natural_dates)
      if (!d.relative && stated.empty()) stated = d.written;
    for (const auto& d : natural_dates) {
      std::optional<Date> from = d.from, to = d.to;
      if (pq.date_) {
        if (pq.date_->from && (!from || *pq.date_->from > *from)) from = pq.date_->from;
        if (pq.date_->to && (!to || *pq.date_->to < *to)) to = pq.date_->to;
      }
      const bool conflict = from && to && *from > *to;
      if (conflict) {
        pq.ignored_.push_back({d.written, "conflicts with " + pq.date_->written});
        continue;
      }
      if (d.relative && !stated.empty()) {
        pq.ignored_.push_back({d.written, "relative to today, and the query names its own date (" + stated + ")"});
        continue;
      }
      add_date_to(pq.date_, d.from, d.to, d.written);
      date_natural = true;
    }
  };
  // km < 0: the within: radius, else the default (set once the whole query is read).
  auto make_geo = [&](GeoFilter::Kind kind, std::string target, std::string name, const std::string& written,
                      bool neg) {
    GeoFilter g;
    g.kind = kind;
    g.target = std::move(target);
    g.target_name = std::move(name);
    g.km = -1;
    g.written = written;
    g.negated = neg;
    if (natural_run) natural_geo.push_back(pq.geo_.size());
    pq.geo_.push_back(std::move(g));
  };
  auto make_geo_border = [&](const Country& c, const std::string& written, bool neg) {
    make_geo(GeoFilter::Kind::kNearBorder, c.code, c.name, written, neg);
  };
  auto make_geo_place = [&](const Place& p, const std::string& written, bool neg) {
    make_geo(GeoFilter::Kind::kNearPlace, p.id, p.name, written, neg);
  };
  // `ms` is ranked as Gazetteer::match_at ranks it.
  auto entity_from_matches = [&](const std::vector<NameMatch>& ms, const std::string& written, bool neg) {
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
      if (where.size() > 1) f.name += " (" + join(where, " or ") + ")";
      else if (town && region) f.name += " (town or region)";
    }
    // Two readings of the same entity add nothing.
    for (const auto& e : pq.entities_)
      if (e.kind == f.kind && e.ids == f.ids && e.negated == f.negated) return;
    if (natural_run) natural_entities.push_back(pq.entities_.size());
    pq.entities_.push_back(std::move(f));
  };
  auto add_text = [&](TextClause c) {
    for (const auto& t : pq.text_)
      if (t.kind == c.kind && t.terms == c.terms && t.negated == c.negated) return;
    pq.text_.push_back(std::move(c));
  };

  // ---- fields ----
  auto handle_field = [&](const Item& it) -> Status {
    const std::string& f = it.field;
    const std::string& v = it.value;
    if (v.empty()) return Status(ErrorCode::kInvalidArgument, "field '" + f + ":' needs a value");
    if (f == "after" || f == "before" || f == "on" || f == "date" || f == "event" || f == "event-after" ||
        f == "event-before") {
      const bool event = f.rfind("event", 0) == 0;
      auto& filter = event ? pq.event_date_ : pq.date_;
      if (!event) date_field = true;
      // YYYY, YYYY-MM, YYYY-MM-DD, or a relative expression with hyphens for spaces
      // (yesterday, last-30-days, this-year, last-week).
      auto span_of = [&](std::string_view s) -> Result<DateSpan> {
        if (auto d = parse_iso_span(s)) return *d;
        std::string words(s);
        for (auto& c : words)
          if (c == '-' || c == '_') c = ' ';
        if (auto e = parse_date_expression(words, now)) {
          DateSpan span;
          span.first = e->first;
          span.last = e->last;
          return span;
        }
        return Status(ErrorCode::kInvalidArgument, "invalid date '" + std::string(s) + "' in '" + it.text +
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
          return Status(ErrorCode::kInvalidArgument, "empty date range '" + it.text + "': the start is after the end");
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
    if (f == "within") {
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
        return Status(ErrorCode::kInvalidArgument, "invalid distance '" + v + "' in '" + it.text +
                                                       "': use e.g. within:50km (at most " +
                                                       fmt_km(limits_.max_near_km) + " km)");
      radius = km;
      radius_given = true;
      return Status::ok();
    }
    if (f == "source" || f == "lang") {
      std::string folded = join(an.fold_words(v), "-");
      if (folded.empty()) return Status(ErrorCode::kInvalidArgument, "field '" + f + ":' needs a value");
      pq.fields_.push_back({f, folded, it.text, it.negated});
      return Status::ok();
    }
    if (f == "title") {
      auto words = an.fold_words(v);
      if (words.empty()) return Status(ErrorCode::kInvalidArgument, "field 'title:' needs a word");
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
    // Entity fields: an id as the facets show it (place:ch-geneva, actor:hezbollah), a name, or a
    // name with the country or region it lies in (place:"Geneva, Switzerland", "Geneva (Switzerland)").
    const bool place_field = f == "place" || f == "near";
    if (place_field) {
      if (const Place* p = gaz_.place(v)) {
        if (f == "near") {
          make_geo_place(*p, it.text, it.negated);
        } else {
          EntityFilter e{EntityKind::kPlace, {p->id}, place_label(*p), it.text, it.negated};
          pq.entities_.push_back(std::move(e));
        }
        return Status::ok();
      }
    }
    if (f == "actor")
      if (const Actor* a = gaz_.actor(v)) {
        pq.entities_.push_back(EntityFilter{EntityKind::kActor, {a->id}, a->name, it.text, it.negated});
        return Status::ok();
      }
    if (f == "person")
      if (const Person* a = gaz_.person(v)) {
        pq.entities_.push_back(EntityFilter{EntityKind::kPerson, {a->id}, a->name, it.text, it.negated});
        return Status::ok();
      }
    auto ms = gaz_.lookup(v);
    std::string qualifier;
    if (place_field && std::none_of(ms.begin(), ms.end(), [](const NameMatch& m) {
          return m.kind == EntityKind::kPlace || m.kind == EntityKind::kCountry;
        })) {
      // "Geneva, Switzerland" or "Geneva (Switzerland)": the name, then where it is.
      std::string name;
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
          pq.entities_.push_back(std::move(e));
          return Status::ok();
        }
    }
    if (f == "person" && wanted.empty()) {
      // A person outside the curated list is indexed under the slug of their name.
      const auto words = an.fold_words(v);
      if (words.size() < 2) return Status(ErrorCode::kInvalidArgument, "unknown person '" + v + "': give a full name");
      EntityFilter e{EntityKind::kPerson, {join(words, "-")}, v, it.text, it.negated};
      pq.entities_.push_back(std::move(e));
      return Status::ok();
    }
    if (!qualifier.empty() && !wanted.empty()) {
      auto in = in_area(wanted, qualifier);
      if (in.empty()) {
        std::string where;
        for (const auto& m : wanted)
          if (m.kind == EntityKind::kPlace && where.size() < 300) {
            const Place& p = gaz_.places()[m.index];
            where += (where.empty() ? "" : ", ") + place_label(p) + " = " + p.id;
          }
        return Status(ErrorCode::kInvalidArgument, "no place '" + v + "' in '" + it.text + "': the gazetteer knows " +
                                                       (where.empty() ? std::string("none in that country or region")
                                                                      : where));
      }
      wanted = std::move(in);
      if (f != "near") {
        EntityFilter e{EntityKind::kPlace, {}, "", it.text, it.negated};
        for (const auto& m : wanted) e.ids.push_back(gaz_.places()[m.index].id);
        e.name = place_label(gaz_.places()[wanted.front().index]);
        pq.entities_.push_back(std::move(e));
        return Status::ok();
      }
    }
    if (wanted.empty()) {
      const char* what = f == "near" ? "place" : f.c_str();
      std::string hint;
      for (const auto& s : gaz_.similar_names(an.fold(v), 1))
        hint = " (did you mean " + gaz_.display_name(s.match.kind, gaz_.id_of(s.match)) + "?)";
      return Status(ErrorCode::kInvalidArgument,
                    std::string("unknown ") + what + " '" + v + "' in '" + it.text + "'" + hint);
    }
    if (f == "near") {
      if (wanted.front().kind == EntityKind::kCountry)
        make_geo_border(gaz_.countries()[wanted.front().index], it.text, it.negated);
      else
        make_geo_place(gaz_.places()[wanted.front().index], it.text, it.negated);
      return Status::ok();
    }
    entity_from_matches(wanted, it.text, it.negated);
    return Status::ok();
  };

  // ---- natural-language runs of words ----
  auto parse_run = [&](std::vector<Unit>& u) {
    std::vector<std::string> norms;
    for (const auto& x : u) norms.push_back(x.norm);
    auto written = [&](std::size_t a, std::size_t b) {
      std::string s;
      for (std::size_t k = a; k < b && k < u.size(); ++k) s += (s.empty() ? "" : " ") + u[k].surface;
      return s;
    };
    auto any_negated = [&](std::size_t a, std::size_t b) {
      for (std::size_t k = a; k < b && k < u.size(); ++k)
        if (u[k].negated) return true;
      return false;
    };
    // Best gazetteer match at k (longest; actor before person before country before place).
    // Short all-lower-case words ("us", "un") are not read as names.
    auto entity_at = [&](std::size_t k) -> std::vector<NameMatch> {
      auto ms = gaz_.match_at(norms, k);
      if (ms.empty()) return ms;
      if (ms.front().length == 1 && u[k].norm.size() <= 3 && !u[k].upper) return {};
      std::vector<NameMatch> best;
      for (const auto& m : ms)
        if (m.length == ms.front().length) best.push_back(m);
      return best;
    };
    auto year_of = [&](std::size_t k) -> int {
      if (k >= u.size() || !u[k].numeric || u[k].norm.size() != 4) return 0;
      const int y = std::atoi(u[k].norm.c_str());
      return y >= 1800 && y <= 2200 ? y : 0;
    };
    auto day_of = [&](std::size_t k) -> int {
      if (k >= u.size() || !u[k].numeric || u[k].norm.size() > 2) return 0;
      const int d = std::atoi(u[k].norm.c_str());
      return d >= 1 && d <= 31 ? d : 0;
    };
    auto month_of = [&](std::size_t k) -> int {
      return k < u.size() && !u[k].numeric ? month_from_name(u[k].norm) : 0;
    };
    // A date written at k: ISO chunk, "27 November 2024", "November 27 2024", "November 2024",
    // or (allow_year) a bare year. Returns the span and the number of words.
    auto date_at = [&](std::size_t k, bool allow_year) -> std::optional<std::pair<DateSpan, std::size_t>> {
      if (k >= u.size()) return std::nullopt;
      if (u[k].date) return std::make_pair(*u[k].date, std::size_t{1});
      DateSpan s;
      if (int d = day_of(k), m = month_of(k + 1), y = year_of(k + 2); d && m && y && d <= days_in_month(y, m)) {
        s.first = s.last = Date{y, m, d};
        return std::make_pair(s, std::size_t{3});
      }
      if (int m = month_of(k), d = day_of(k + 1), y = year_of(k + 2); m && d && y && d <= days_in_month(y, m)) {
        s.first = s.last = Date{y, m, d};
        return std::make_pair(s, std::size_t{3});
      }
      if (int m = month_of(k), y = year_of(k + 1); m && y) {
        s.first = Date{y, m, 1};
        s.last = Date{y, m, days_in_month(y, m)};
        s.precision = DateSpan::Precision::kMonth;
        return std::make_pair(s, std::size_t{2});
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
      static const std::unordered_set<std::string_view> kRelative = {"last", "past", "this", "yesterday", "today",
                                                                     "previous"};
      if (!allow_year && !kRelative.count(u[k].norm)) return std::nullopt;
      for (std::size_t n = std::min<std::size_t>(5, u.size() - k); n >= 1; --n) {
        std::string words;
        for (std::size_t x = k; x < k + n; ++x) words += (words.empty() ? "" : " ") + u[x].surface;
        if (auto e = parse_date_expression(words, now)) {
          // Relative to today when the same words read against another day give other dates.
          const auto other = parse_date_expression(words, now.add_days(-1000));
          if (!other || other->first != e->first || other->last != e->last) date_relative = true;
          s.first = e->first;
          s.last = e->last;
          s.precision = e->precision == EventDate::Precision::kYear    ? DateSpan::Precision::kYear
                        : e->precision == EventDate::Precision::kMonth ? DateSpan::Precision::kMonth
                                                                       : DateSpan::Precision::kDay;
          return std::make_pair(s, n);
        }
      }
      return std::nullopt;
    };

    // The last plain word (for proximity pairs): its index in the run.
    std::optional<std::size_t> prev_word;
    std::size_t i = 0;
    // A name or place read from +required words ("+Kyiv", "AND Hezbollah") is stated, as a field
    // is: the relaxed query keeps it. Each step of the loop reads the words [step_start, i).
    std::size_t step_start = 0, entities_at = pq.entities_.size(), geo_at = pq.geo_.size();
    auto settle_step = [&]() {
      bool required = false;
      for (std::size_t k = step_start; k < i && k < u.size(); ++k) required |= u[k].required;
      if (required) {
        for (std::size_t k = entities_at; k < pq.entities_.size(); ++k) pq.entities_[k].field = true;
        for (std::size_t k = geo_at; k < pq.geo_.size(); ++k) pq.geo_[k].field = true;
      }
      step_start = i;
      entities_at = pq.entities_.size();
      geo_at = pq.geo_.size();
    };
    while (i < u.size()) {
      settle_step();
      const std::string& w = u[i].norm;
      // Dates.
      if (w == "after" || w == "since" || w == "from" || w == "before" || w == "until" || w == "till" || w == "on" ||
          w == "in" || w == "during" || w == "between") {
        if (auto d = date_at(i + 1, true)) {
          const DateSpan& s = d->first;
          std::size_t end = i + 1 + d->second;
          if (w == "between") {
            std::optional<std::pair<DateSpan, std::size_t>> d2;
            if (end < u.size() && (u[end].norm == "and" || u[end].norm == "to")) d2 = date_at(end + 1, true);
            if (d2) {
              add_date(s.first, d2->first.last, written(i, end + 1 + d2->second));
              i = end + 1 + d2->second;
              continue;
            }
            add_date(s.first, s.last, written(i, end));
          } else if (w == "after") {
            add_date(s.last.add_days(1), std::nullopt, written(i, end));
          } else if (w == "since" || w == "from") {
            add_date(s.first, std::nullopt, written(i, end));
          } else if (w == "before") {
            add_date(std::nullopt, s.first.add_days(-1), written(i, end));
          } else if (w == "until" || w == "till") {
            add_date(std::nullopt, s.last, written(i, end));
          } else {
            add_date(s.first, s.last, written(i, end));
          }
          i = end;
          continue;
        }
      }
      // Geography: near / around / close to / within N km of.
      {
        std::size_t j = i;
        bool geo_word = false;
        std::optional<double> km;
        if (w == "near" || w == "around" || w == "nearby" || w == "outside") {
          j = i + 1;
          geo_word = true;
        } else if (w == "close" && i + 1 < u.size() && u[i + 1].norm == "to") {
          j = i + 2;
          geo_word = true;
        } else if (w == "within" && i + 1 < u.size() && u[i + 1].numeric) {
          const double n = std::atof(u[i + 1].norm.c_str());
          std::size_t k = i + 2;
          double factor = 0;
          if (k < u.size() && (u[k].norm == "km" || u[k].norm == "kilometres" || u[k].norm == "kilometers"))
            factor = 1;
          else if (k < u.size() && (u[k].norm == "mi" || u[k].norm == "miles"))
            factor = 1.609344;
          if (factor > 0 && n > 0 && n * factor <= limits_.max_near_km) {
            ++k;
            if (k < u.size() && u[k].norm == "of") ++k;
            km = n * factor;
            j = k;
            geo_word = true;
          }
        }
        if (geo_word) {
          if (j < u.size() && u[j].norm == "the") ++j;
          // "near the border with X" / "near the border of X"
          std::size_t k = j;
          if (k + 1 < u.size() && is_border_word(u[k].norm) && (u[k + 1].norm == "with" || u[k + 1].norm == "of"))
            k += 2;
          auto ms = entity_at(k);
          if (!ms.empty() && (ms.front().kind == EntityKind::kCountry || ms.front().kind == EntityKind::kPlace)) {
            std::size_t end = k + ms.front().length;
            const bool border_after = end < u.size() && is_border_word(u[end].norm);
            if (border_after) ++end;
            const bool neg = any_negated(i, end);
            if (ms.front().kind == EntityKind::kCountry) {
              make_geo_border(gaz_.countries()[ms.front().index], written(i, end), neg);
            } else {
              make_geo_place(gaz_.places()[ms.front().index], written(i, end), neg);
            }
            if (km) pq.geo_.back().km = *km;
            i = end;
            continue;
          }
        }
      }
      // "north of X", "south-east of X": places in that direction from a place or a country.
      {
        static const std::pair<const char*, double> kDirections[] = {
            {"north", 0},       {"northeast", 45},  {"east", 90}, {"southeast", 135}, {"south", 180},
            {"southwest", 225}, {"west", 270},      {"northwest", 315}};
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
        if (bearing && k < u.size() && (direction == "north" || direction == "south") &&
            (u[k].norm == "east" || u[k].norm == "west")) {
          direction += u[k].norm;
          bearing = direction == "northeast" ? 45.0 : direction == "northwest" ? 315.0 : direction == "southeast" ? 135.0 : 225.0;
          ++k;
        }
        if (bearing && k < u.size() && u[k].norm == "of") {
          std::size_t j = k + 1;
          if (j < u.size() && u[j].norm == "the") ++j;
          auto ms = entity_at(j);
          if (!ms.empty() && (ms.front().kind == EntityKind::kCountry || ms.front().kind == EntityKind::kPlace)) {
            const std::size_t end = j + ms.front().length;
            if (ms.front().kind == EntityKind::kCountry)
              make_geo_border(gaz_.countries()[ms.front().index], written(i, end), any_negated(i, end));
            else
              make_geo_place(gaz_.places()[ms.front().index], written(i, end), any_negated(i, end));
            pq.geo_.back().bearing = bearing;
            pq.geo_.back().direction = direction;
            i = end;
            continue;
          }
        }
      }
      // "northern Syria", "south-eastern Ukraine", "in northern Aleppo": the places in that part
      // of a country or region (a town stands for its region). A longer name wins ("Northern
      // Ireland").
      {
        static const std::pair<const char*, const char*> kParts[] = {
            {"northern", "north"}, {"southern", "south"}, {"eastern", "east"}, {"western", "west"},
            {"northeastern", "northeast"}, {"northwestern", "northwest"}, {"southeastern", "southeast"},
            {"southwestern", "southwest"}};
        std::size_t k = i;
        if ((w == "in" || w == "across" || w == "throughout") && k + 1 < u.size()) ++k;
        if (u[k].norm == "the" && k + 1 < u.size()) ++k;
        std::string direction;
        std::size_t j = k;
        for (const auto& [adj, dir] : kParts)
          if (u[k].norm == adj) direction = dir, j = k + 1;
        // "north-eastern" (the hyphen splits the word), "north eastern"
        if (direction.empty() && k + 1 < u.size() && (u[k].norm == "north" || u[k].norm == "south") &&
            (u[k + 1].norm == "eastern" || u[k + 1].norm == "western")) {
          direction = u[k].norm + u[k + 1].norm.substr(0, 4);
          j = k + 2;
        }
        if (!direction.empty() && j < u.size()) {
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
              pq.geo_.back().direction = direction;
              i = end;
              continue;
            }
          }
        }
      }
      // Names. A place written in lower case that is also a common word ("most", "union",
      // "split") or only a GeoNames town ("cabot", "the valley") needs a capital or one of the
      // geographic readings above ("in", "near", ...).
      auto weak_place_at = [&](const std::vector<NameMatch>& ms, std::size_t at) {
        if (ms.front().kind != EntityKind::kPlace) return false;
        for (std::size_t k = at; k < at + ms.front().length && k < u.size(); ++k)
          if (u[k].upper) return false;
        if (ms.front().length == 1 && tagger_ && tagger_->is_common_word(u[at].norm)) return true;
        return std::none_of(ms.begin(), ms.end(), [&](const NameMatch& m) {
          return m.kind == EntityKind::kPlace && gaz_.places()[m.index].source == Place::Source::kCurated;
        });
      };
      auto weak_place = [&](const std::vector<NameMatch>& ms) { return weak_place_at(ms, i); };
      // The name `ms` at k, read from `start` ("in" before it), and the names joined to it by "or"
      // ("Hezbollah or Hamas", "in Aleppo or Homs"): either of them. Returns where they end.
      auto read_names = [&](std::size_t start, std::size_t k, const std::vector<NameMatch>& ms, bool places_only) {
        std::vector<std::pair<std::vector<NameMatch>, std::size_t>> chain{{ms, k}};
        std::size_t end = k + ms.front().length;
        while (end + 1 < u.size() && u[end].norm == "or") {
          auto next = entity_at(end + 1);
          if (next.empty() || (places_only && next.front().kind != EntityKind::kPlace &&
                               next.front().kind != EntityKind::kCountry))
            break;
          if (!places_only && weak_place_at(next, end + 1)) break;
          const std::size_t next_end = end + 1 + next.front().length;
          if (next_end < u.size() && is_border_word(u[next_end].norm)) break;
          chain.emplace_back(std::move(next), end + 1);
          end = next_end;
        }
        const bool neg = any_negated(start, end);
        const std::size_t before = pq.entities_.size();
        for (const auto& [m, at] : chain)
          entity_from_matches(m, written(chain.size() == 1 ? start : at, at + m.front().length), neg);
        if (pq.entities_.size() <= before + 1) {
          if (pq.entities_.size() == before + 1) pq.entities_.back().written = written(start, end);
          return end;
        }
        // Several names: one filter when they are of one kind, else a group of alternatives.
        std::vector<EntityFilter> named(std::make_move_iterator(pq.entities_.begin() + static_cast<std::ptrdiff_t>(before)),
                                        std::make_move_iterator(pq.entities_.end()));
        pq.entities_.resize(before);
        while (!natural_entities.empty() && natural_entities.back() >= before) natural_entities.pop_back();
        const bool one_kind = std::all_of(named.begin(), named.end(),
                                          [&](const EntityFilter& e) { return e.kind == named.front().kind; });
        if (one_kind) {
          EntityFilter f = named.front();
          for (std::size_t n = 1; n < named.size(); ++n) {
            for (const auto& id : named[n].ids)
              if (std::find(f.ids.begin(), f.ids.end(), id) == f.ids.end()) f.ids.push_back(id);
            f.name += " or " + named[n].name;
          }
          f.written = written(start, end);
          natural_entities.push_back(pq.entities_.size());
          pq.entities_.push_back(std::move(f));
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
          pq.any_of_.push_back(std::move(g));
        }
        return end;
      };
      // "in X" / "at X": a place or country filter.
      if ((w == "in" || w == "at" || w == "inside") && i + 1 < u.size()) {
        std::size_t k = i + 1;
        if (u[k].norm == "the" && k + 1 < u.size()) ++k;
        auto ms = entity_at(k);
        if (!ms.empty() && (ms.front().kind == EntityKind::kCountry || ms.front().kind == EntityKind::kPlace)) {
          const std::size_t end = k + ms.front().length;
          if (!(end < u.size() && is_border_word(u[end].norm))) {
            i = read_names(i, k, ms, true);
            continue;
          }
        }
      }
      if (auto ms = entity_at(i); !ms.empty() && !weak_place(ms)) {
        std::size_t end = i + ms.front().length;
        if (ms.front().kind == EntityKind::kCountry && end < u.size() && is_border_word(u[end].norm)) {
          make_geo_border(gaz_.countries()[ms.front().index], written(i, end + 1), any_negated(i, end + 1));
          i = end + 1;
          continue;
        }
        if (ms.front().kind == EntityKind::kPlace && end < u.size() && is_border_word(u[end].norm)) {
          make_geo_place(gaz_.places()[ms.front().index], written(i, end + 1), any_negated(i, end + 1));
          i = end + 1;
          continue;
        }
        i = read_names(i, i, ms, false);
        continue;
      }
      // A bare year from 1900 to next year that stands alone (the whole run, its last word, or
      // before a name: "Gulf tanker attacks 1987", "1987 Gulf war") is the year published; one
      // before a lower-case word is a number ("2000 troops"), and so is one next to a number.
      if (const int y = year_of(i); y >= 1900 && y <= now.year + 1 && !(i > 0 && u[i - 1].numeric) &&
                                    (i + 1 == u.size() || (u[i + 1].upper && !u[i + 1].numeric))) {
        add_date(Date{y, 1, 1}, Date{y, 12, 31}, written(i, i + 1));
        ++i;
        continue;
      }
      // A date on its own: published on that day, month or year.
      if (auto d = date_at(i, false)) {
        add_date(d->first.first, d->first.last, written(i, i + d->second));
        i += d->second;
        continue;
      }
      // Event vocabulary.
      if (!u[i].numeric) {
        // A word in a non-Latin script names a concept by any of its stems (ливанской: Russian).
        const EventConcept* c = gaz_.event_of_stem(u[i].stem);
        if (!c && script_of(u[i].norm) != Script::kLatin)
          for (const auto& v : an.stem_variants(u[i].norm))
            if ((c = gaz_.event_of_stem(v.stem))) break;
        if (c) {
          TextClause t;
          t.kind = TextClause::Kind::kConcept;
          t.concept_id = c->id;
          t.terms = gaz_.event_stems(*c);
          // Its words in other languages, where the index holds articles in them.
          for (const auto& v : gaz_.event_stems_in_other_languages(*c))
            t.variants.push_back({schema::term(schema::kStem, v.stem), v.lang});
          t.written = u[i].surface;
          t.negated = u[i].negated;
          t.required = u[i].required;
          add_text(std::move(t));
          ++i;
          continue;
        }
      }
      if (an.is_stopword(w) && !u[i].required) {
        pq.ignored_.push_back({u[i].surface, "common word"});
        ++i;
        continue;
      }
      TextClause t;
      t.kind = TextClause::Kind::kWord;
      t.terms = {u[i].numeric ? u[i].norm : u[i].stem};
      if (!u[i].numeric) t.variants = word_variants(an, u[i].norm, u[i].upper);
      t.written = u[i].surface;
      t.negated = u[i].negated;
      t.required = u[i].required;
      add_text(std::move(t));
      if (!u[i].numeric && !u[i].negated) {
        // Next to the previous plain word, or one common word apart ("vote of confidence").
        if (prev_word && (*prev_word + 1 == i || (*prev_word + 2 == i && an.is_stopword(u[i - 1].norm))) &&
            pq.proximity_.size() < limits_.max_clauses)
          pq.proximity_.push_back({{u[*prev_word].norm, u[i].norm}, i - *prev_word + 1});
        prev_word = i;
      }
      ++i;
    }
    settle_step();
  };

  // ---- walk the items ----
  std::vector<Unit> run;
  bool pending_not = false, pending_and = false;
  auto flush = [&]() {
    natural_run = true;
    if (!run.empty()) parse_run(run);
    natural_run = false;
    run.clear();
  };
  // "a NEAR/n b [NEAR/m c]": the clause being built, and whether the next word closes it.
  std::optional<TextClause> near;
  bool near_wants_word = false;
  // A NEAR without its right-hand word: its words are searched as plain words.
  auto abandon_near = [&]() {
    pq.ignored_.push_back({near->written, "NEAR needs a word on each side; its words are searched alone"});
    for (const auto& w : near->terms) {
      TextClause c;
      c.kind = TextClause::Kind::kWord;
      c.terms = {an.stem(w)};
      c.written = w;
      c.negated = near->negated;
      c.required = near->required;
      add_text(std::move(c));
    }
    near.reset();
    near_wants_word = false;
  };
  auto close_near = [&]() {
    if (near && !near_wants_word && near->terms.size() >= 2) {
      // At most n words between neighbours: the words lie within n + terms positions.
      near->window += near->terms.size();
      add_text(std::move(*near));
    }
    near.reset();
    near_wants_word = false;
  };
  for (std::size_t n = 0; n < items.size(); ++n) {
    Item& it = items[n];
    if (it.type == Item::Type::kOp && it.text == "NEAR") {
      std::size_t gap = 0;
      const bool number = !it.value.empty() && it.value.size() <= 4 && all_digits(it.value);
      if (number) gap = static_cast<std::size_t>(std::stoul(it.value));
      if (!number || gap == 0 || gap > limits_.max_near_window)
        return Status(ErrorCode::kInvalidArgument, "'NEAR/" + it.value + "': give a distance from 1 to " +
                                                       std::to_string(limits_.max_near_window) + " words");
      if (near && !near_wants_word) {
        // Chained: the clause's last word is the left side.
      } else {
        // The left side: the last word read so far.
        if (run.empty() || run.back().numeric || run.back().date) {
          pq.ignored_.push_back({"NEAR/" + it.value, "NEAR needs a word on each side"});
          continue;
        }
        near = TextClause{};
        near->kind = TextClause::Kind::kNear;
        near->terms = {run.back().norm};
        near->written = run.back().surface;
        near->negated = run.back().negated;
        near->required = run.back().required;
        run.pop_back();
      }
      near->window = std::max(near->window, gap);
      near->written += " NEAR/" + it.value;
      near_wants_word = true;
      continue;
    }
    if (near && !near_wants_word) close_near();  // a word after the clause: it is complete
    if (near && near_wants_word) {
      const auto words = it.type == Item::Type::kWord ? an.tokenize(it.text) : std::vector<Token>{};
      if (words.empty() || words.front().numeric) {
        abandon_near();
      } else {
        near->terms.push_back(words.front().norm);
        near->written += " " + words.front().surface;
        near_wants_word = false;
        if (words.size() == 1) continue;  // the word is taken; the clause may go on (NEAR c)
        close_near();
        it.text = it.text.substr(words[1].begin);  // more words go on below
      }
    }
    if (it.type == Item::Type::kOp) {
      if (it.text == "NOT")
        pending_not = true;
      else if (it.text == "AND") {
        pending_and = true;
        // The clause before AND becomes required too.
        if (!run.empty())
          run.back().required = true;
        else if (!pq.text_.empty())
          pq.text_.back().required = true;
      }
      // OR is the default between words.
      continue;
    }
    if (pending_not) it.negated = true;
    if (pending_and) it.required = true;
    pending_not = pending_and = false;
    if (it.type == Item::Type::kField) {
      flush();
      const std::size_t entities_before = pq.entities_.size(), geo_before = pq.geo_.size();
      if (auto st = handle_field(it); !st) return st;
      for (std::size_t k = entities_before; k < pq.entities_.size(); ++k) {
        pq.entities_[k].field = !it.natural;
        if (it.natural) natural_entities.push_back(k);
      }
      for (std::size_t k = geo_before; k < pq.geo_.size(); ++k) pq.geo_[k].field = !it.natural;
      continue;
    }
    if (it.type == Item::Type::kPhrase) {
      flush();
      auto words = an.fold_words(it.text);
      if (words.empty()) {
        pq.ignored_.push_back({"\"" + it.text + "\"", "empty phrase"});
        continue;
      }
      TextClause c;
      c.kind = words.size() == 1 ? TextClause::Kind::kWord : TextClause::Kind::kPhrase;
      c.terms = words.size() == 1 ? std::vector<std::string>{an.stem(words[0])} : words;
      if (words.size() == 1) c.variants = word_variants(an, words[0], false);
      c.written = it.text;
      c.negated = it.negated;
      c.required = it.required;
      add_text(std::move(c));
      continue;
    }
    // prefix*: words of the index beginning with the prefix (expansion bounded when searched).
    if (it.text.size() > 1 && it.text.back() == '*') {
      const auto words = an.fold_words(std::string_view(it.text).substr(0, it.text.size() - 1));
      if (words.size() != 1 || words[0].size() < limits_.min_wildcard_prefix)
        return Status(ErrorCode::kInvalidArgument, "wildcard '" + it.text + "': give one word of at least " +
                                                       std::to_string(limits_.min_wildcard_prefix) +
                                                       " letters before the *");
      flush();
      TextClause c;
      c.kind = TextClause::Kind::kWildcard;
      c.terms = {words[0]};
      c.written = it.text;
      c.negated = it.negated;
      c.required = it.required;
      add_text(std::move(c));
      continue;
    }
    // A plain chunk: an ISO date stays whole, anything else is split into words.
    if (auto d = parse_iso_span(it.text); d && it.text.find('-') != std::string::npos) {
      Unit x;
      x.surface = x.norm = x.stem = it.text;
      x.date = d;
      x.negated = it.negated;
      x.required = it.required;
      run.push_back(std::move(x));
      continue;
    }
    const auto tokens = an.tokenize(it.text);
    if (tokens.empty()) {
      pq.ignored_.push_back({it.text, "no words"});
      continue;
    }
    for (const auto& t : tokens) {
      Unit x;
      x.surface = t.surface;
      x.norm = t.norm;
      x.stem = an.stem(t.norm);
      x.numeric = t.numeric;
      x.upper = t.capitalized || t.all_caps || t.caseless;
      x.negated = it.negated;
      x.required = it.required;
      run.push_back(std::move(x));
    }
  }
  if (near && near_wants_word) abandon_near();
  close_near();
  flush();
  // Stated dates (fields) that leave no day are an error; natural ones give way (above).
  for (const auto* d : {&pq.date_, &pq.event_date_})
    if (*d && (*d)->from && (*d)->to && *(*d)->from > *(*d)->to)
      return Status(ErrorCode::kInvalidArgument, "the date conditions (" + (*d)->written + ") leave no possible date");
  resolve_natural_dates();

  // A description: many free words besides the names and dates. Its natural names, places and
  // dates rank instead of filtering, and the names' own words are searched as text too.
  {
    std::size_t free_words = 0;
    for (const auto& t : pq.text_)
      if (!t.negated && !(t.kind == TextClause::Kind::kWord && all_digits(t.terms[0]))) ++free_words;
    const bool any_natural = !natural_entities.empty() || !natural_geo.empty() || (date_natural && !date_field);
    if (limits_.descriptive_words > 0 && free_words >= limits_.descriptive_words && any_natural) {
      pq.descriptive_ = true;
      std::vector<std::string> name_words;
      for (std::size_t k : natural_entities)
        if (!pq.entities_[k].negated) {
          pq.entities_[k].boost = true;
          name_words.push_back(pq.entities_[k].written);
        }
      for (std::size_t k : natural_geo)
        if (!pq.geo_[k].negated) pq.geo_[k].boost = true;
      if (pq.date_ && date_natural && !date_field) pq.date_->boost = true;
      for (const auto& written : name_words)
        for (const auto& t : an.tokenize(written)) {
          if (t.numeric || an.is_stopword(t.norm)) continue;
          TextClause c;
          c.kind = TextClause::Kind::kWord;
          c.terms = {an.stem(t.norm)};
          c.written = t.surface;
          add_text(std::move(c));
        }
    }
  }

  // Radius (within:) and the places each geographic filter covers.
  for (auto& g : pq.geo_) {
    // No radius of its own: within:, else the default (twice it for a direction).
    if (g.km < 0) g.km = radius_given ? radius : g.bearing ? 2 * radius : radius;
    double lat = 0, lon = 0;
    if (g.kind == GeoFilter::Kind::kPartOf) {
      g.km = 0;
      g.places = gaz_.places_in_part(g.target, g.direction);
      continue;
    }
    if (g.kind == GeoFilter::Kind::kNearBorder) {
      g.places = gaz_.places_near_border(g.target, g.km);
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
  return pq;
}

}  // namespace sitrep
