// The query lexer and the small helpers of the query reader (query_reader.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "query_reader.h"
#include "sitrep/language.h"
#include "sitrep/schema.h"

namespace sitrep {

namespace {

const std::unordered_set<std::string_view> kFields = {
    "actor", "org",   "person", "place", "country", "near",  "within",      "source",      "lang",
    "title", "after", "before", "on",    "date",    "event", "event-after", "event-before", "like"};

}  // namespace

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<QueryItem> lex_query(std::string_view q) {
  std::vector<QueryItem> items;
  std::size_t i = 0;
  while (i < q.size()) {
    if (is_space(q[i])) {
      ++i;
      continue;
    }
    QueryItem it;
    if ((q[i] == '-' || q[i] == '+') && i + 1 < q.size() && !is_space(q[i + 1])) {
      (q[i] == '-' ? it.negated : it.required) = true;
      ++i;
    }
    if (q[i] == '(' || q[i] == ')') {
      // Grouping (QueryReader): "-(" excludes the group, "+(" is a group as any other.
      it.type = q[i] == '(' ? QueryItem::Type::kOpen : QueryItem::Type::kClose;
      it.text = std::string(1, q[i]);
      if (it.type == QueryItem::Type::kClose) it.negated = it.required = false;
      ++i;
      items.push_back(std::move(it));
      continue;
    }
    if (q[i] == '"') {
      const std::size_t close = q.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? q.size() : close;
      it.type = QueryItem::Type::kPhrase;
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
      it.type = QueryItem::Type::kField;
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
      it.type = QueryItem::Type::kOp;
      it.text = chunk;
    } else if (!it.negated && !it.required && (chunk == "NEAR" || chunk.rfind("NEAR/", 0) == 0)) {
      // NEAR (10 words) or NEAR/n; a malformed n is reported when the query is read.
      it.type = QueryItem::Type::kOp;
      it.text = "NEAR";
      it.value = chunk.size() > 5 ? chunk.substr(5) : "10";
    } else {
      it.type = QueryItem::Type::kWord;
      it.text = chunk;
    }
    i = end;
    items.push_back(std::move(it));
  }
  return items;
}

// The other terms a query word can have in the index (TextClause::variants): its stems in the
// other languages it could be written in and, for a name (capitalised, or in a script without
// case), the key of its transliteration; a name in a non-Latin script also its transliteration's
// English stem ("Комаренко" finds "Komarenko").
std::vector<TextClause::Variant> word_variants(const Analyzer& an, const std::string& norm, bool name) {
  std::vector<TextClause::Variant> out;
  const auto stems = an.stem_variants(norm);
  for (std::size_t k = 1; k < stems.size(); ++k)
    out.push_back({schema::term(schema::kStem, stems[k].stem), stems[k].lang});
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

std::vector<NameMatch> places_in_area(const Gazetteer& gaz, const std::vector<NameMatch>& ms,
                                      std::string_view qualifier) {
  std::vector<std::string> countries, regions;
  const std::string q = lower_ascii(qualifier);
  if (gaz.country(q)) countries.push_back(q);
  if (const Place* r = gaz.place(q); r && r->kind == "region") regions.push_back(r->id);
  for (const auto& m : gaz.lookup(qualifier)) {
    if (m.kind == EntityKind::kCountry)
      countries.push_back(gaz.countries()[m.index].code);
    else if (m.kind == EntityKind::kPlace && gaz.places()[m.index].kind == "region")
      regions.push_back(gaz.places()[m.index].id);
  }
  std::vector<NameMatch> out;
  for (const auto& m : ms) {
    if (m.kind != EntityKind::kPlace) continue;
    const Place& p = gaz.places()[m.index];
    if (std::find(countries.begin(), countries.end(), p.country) != countries.end() ||
        std::find(regions.begin(), regions.end(), p.region_id) != regions.end())
      out.push_back(m);
  }
  return out;
}

}  // namespace sitrep
