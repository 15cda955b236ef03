#include "sitrep/format.h"
#include "sitrep/result_json.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sitrep/date.h"
#include "sitrep/facets.h"

namespace sitrep {
namespace {

using nlohmann::json;

std::string fmt(double v, const char* f = "%.1f") {
  char buf[32];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// The filters, text clauses and groups of one query (a group's alternatives are read the same way).
json conditions_json(const ParsedQuery& q) {
  json filters = json::array();
  for (const auto& e : q.entities()) {
    filters.push_back(
        {{"type", to_string(e.kind)}, {"ids", e.ids}, {"name", e.name}, {"from", e.written}, {"negated", e.negated},
         {"boost", e.boost}, {"explicit", e.field}});
  }
  for (const auto& g : q.geo()) {
    json places = json::array();
    for (const auto& pd : g.places)
      places.push_back({{"id", pd.place->id},
                        {"name", pd.place->name},
                        {"country", pd.place->country},
                        {"km", std::round(pd.km * 10) / 10}});
    filters.push_back({{"type", g.kind == GeoFilter::Kind::kNearBorder ? "near-border"
                                : g.kind == GeoFilter::Kind::kPartOf   ? "part-of"
                                                                       : "near-place"},
                       {"target", g.target},
                       {"name", g.target_name},
                       {"km", g.km},
                       {"from", g.written},
                       {"negated", g.negated},
                       {"boost", g.boost},
                       {"explicit", g.field},
                       {"places", places}});
    if (!g.direction.empty()) filters.back()["direction"] = g.direction;
    if (g.kind == GeoFilter::Kind::kNearBorder) {
      // The border lines the distances were measured to, each [[lat, lon], ...] (for a map).
      json lines = json::array();
      for (const auto& line : g.border) {
        json points = json::array();
        for (const auto& p : line) points.push_back({std::round(p.lat * 1e4) / 1e4, std::round(p.lon * 1e4) / 1e4});
        lines.push_back(std::move(points));
      }
      filters.back()["border"] = std::move(lines);
    }
  }
  if (const auto& d = q.date()) {
    // A descriptive query's date ranks articles naming events then (field "event", boost).
    json o = {{"type", "date"}, {"field", d->boost ? "event" : "published"}, {"from", d->written}, {"boost", d->boost}};
    o["after_or_on"] = d->from ? json(d->from->iso()) : json(nullptr);
    o["before_or_on"] = d->to ? json(d->to->iso()) : json(nullptr);
    filters.push_back(std::move(o));
  }
  if (const auto& d = q.event_date()) {
    json o = {{"type", "date"}, {"field", "event"}, {"from", d->written}};
    o["after_or_on"] = d->from ? json(d->from->iso()) : json(nullptr);
    o["before_or_on"] = d->to ? json(d->to->iso()) : json(nullptr);
    filters.push_back(std::move(o));
  }
  for (const auto& f : q.fields())
    filters.push_back({{"type", f.field}, {"value", f.value}, {"from", f.written}, {"negated", f.negated}});
  json text = json::array();
  for (const auto& c : q.text()) {
    const char* kind = "word";
    switch (c.kind) {
      case TextClause::Kind::kWord:
        kind = "word";
        break;
      case TextClause::Kind::kPhrase:
        kind = "phrase";
        break;
      case TextClause::Kind::kConcept:
        kind = "concept";
        break;
      case TextClause::Kind::kTitleWord:
        kind = "title";
        break;
      case TextClause::Kind::kNear:
        kind = "near";
        break;
      case TextClause::Kind::kWildcard:
        kind = "wildcard";
        break;
    }
    json o = {
        {"type", kind}, {"from", c.written}, {"terms", c.terms}, {"required", c.required}, {"negated", c.negated}};
    if (c.kind == TextClause::Kind::kConcept) o["concept"] = c.concept_id;
    if (c.kind == TextClause::Kind::kNear) o["window"] = c.window;
    if (c.wqf > 1) o["wqf"] = c.wqf;  // written several times
    text.push_back(std::move(o));
  }
  // Groups of alternatives: {"from", "negated", "alternatives": [{"summary", "filters", "text", "any_of"}]}.
  json groups = json::array();
  for (const auto& g : q.any_of()) {
    json alts = json::array();
    for (const auto& a : g.alternatives) {
      json c = conditions_json(a);
      c["summary"] = a.conditions();
      alts.push_back(std::move(c));
    }
    groups.push_back({{"from", g.written}, {"negated", g.negated}, {"alternatives", alts}});
  }
  return {{"filters", filters}, {"text", text}, {"any_of", groups}};
}

// like:ID: the article and how it was expanded (its words, entities and event dates searched).
json like_json(const SearchResult& r) {
  json out = {{"id", r.query.like()->id}};
  if (!r.like) return out;
  json terms = json::array(), entities = json::array();
  for (const auto& t : r.like->terms) terms.push_back({{"stem", t.stem}, {"weight", std::round(t.weight * 1000) / 1000}});
  for (const auto& [kind, e] : r.like->entities) entities.push_back({{"kind", kind}, {"id", e.id}, {"name", e.name}});
  out["title"] = r.like->title;
  out["terms"] = std::move(terms);
  out["entities"] = std::move(entities);
  out["events"] = r.like->events;
  out["left_out"] = r.like->left_out;
  return out;
}

const char* how_of(LanguagePreference::How how) {
  switch (how) {
    case LanguagePreference::How::kDetected:
      return "detected";
    case LanguagePreference::How::kAsked:
      return "asked";
    case LanguagePreference::How::kUndetected:
      return "undetected";
    case LanguagePreference::How::kOff:
      return "off";
  }
  return "";
}

// The preferred language in words, for --explain.
std::string preference_text(const LanguagePreference& p) {
  switch (p.how) {
    case LanguagePreference::How::kDetected:
      return p.lang + " (detected from the query's words; articles in it rank first among equally good matches)";
    case LanguagePreference::How::kAsked:
      return p.lang + " (asked; articles in it rank first among equally good matches)";
    case LanguagePreference::How::kUndetected:
      return "none (the query's words do not tell its language)";
    case LanguagePreference::How::kOff:
      return "none (asked)";
  }
  return "";
}

json interpretation_json(const SearchResult& r) {
  const ParsedQuery& q = r.query;
  json out = conditions_json(q);
  json ignored = json::array();
  for (const auto& w : q.ignored()) ignored.push_back({{"word", w.word}, {"reason", w.reason}});
  out["query"] = q.original();
  out["summary"] = q.summary();
  out["descriptive"] = q.descriptive();
  out["ignored"] = ignored;
  out["dropped_words"] = q.dropped_words();  // a long text's least informative words
  out["engine_query"] = r.engine_query;
  if (r.query.like()) out["like"] = like_json(r);
  // The language whose articles rank first among equally good matches (null: none), and how it
  // was chosen: detected, asked, undetected, off.
  out["prefer_lang"] = {{"lang", r.prefer_lang.lang.empty() ? json(nullptr) : json(r.prefer_lang.lang)},
                        {"how", how_of(r.prefer_lang.how)}};
  return out;
}

}  // namespace

json histogram_json(const Histogram& histogram) {
  json buckets = json::array();
  for (const auto& b : histogram.buckets)
    buckets.push_back({{"key", b.key}, {"from", b.first}, {"to", b.last}, {"count", b.count}});
  return {{"field", histogram.field}, {"interval", histogram.interval}, {"buckets", buckets}};
}

json result_json(const SearchResult& r) {
  json hits = json::array();
  for (const auto& h : r.hits) {
    json facets = json::object();
    for (const auto& [kind, refs] : h.facets) {
      json arr = json::array();
      for (const auto& e : refs) arr.push_back({{"id", e.id}, {"name", e.name}});
      facets[kind] = std::move(arr);
    }
    json events = json::array();
    for (const auto& [date, text] : h.events) events.push_back({{"date", date}, {"text", text}});
    hits.push_back({{"duplicates", h.duplicates},
                    {"events", events},
                    {"rank", h.rank},
                    {"id", h.id},
                    {"date", h.date},
                    {"title", h.title},
                    {"source", h.source},
                    {"url", h.url},
                    {"score", std::round(h.score * 1000) / 1000},
                    {"snippet", h.snippet},
                    {"facets", facets}});
  }
  json facets = json::object();
  for (const auto& f : r.facets) {
    json arr = json::array();
    for (const auto& v : f.values) arr.push_back({{"id", v.id}, {"name", v.name}, {"count", v.count}});
    facets[f.name] = std::move(arr);
  }
  json out = {{"total", r.total},
              {"total_exact", r.total_exact},
              {"hits", hits},
              {"facets", facets},
              {"histogram", histogram_json(r.histogram)},
              {"interpretation", interpretation_json(r)}};
  if (!r.note.empty()) out["note"] = r.note;
  out["relaxed"] = r.relaxed;
  if (!r.suggestions.empty()) {
    json sugg = json::array();
    for (const auto& s : r.suggestions)
      sugg.push_back({{"word", s.word}, {"suggestion", s.suggestion}, {"kind", s.kind}, {"id", s.id}});
    out["suggestions"] = sugg;
    out["did_you_mean"] = r.did_you_mean;
  }
  return out;
}

std::string to_json(const SearchResult& r, bool pretty) {
  return result_json(r).dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

json article_json(const StoredArticle& a) {
  json events = json::array();
  for (const auto& [date, text] : a.events) events.push_back({{"date", date}, {"text", text}});
  json facets = json::object();
  for (const auto& f : facets::all())
    if (f.on_hits) facets[f.name] = json::array();
  for (const auto& [kind, refs] : a.facets) {
    json arr = json::array();
    for (const auto& e : refs) arr.push_back({{"id", e.id}, {"name", e.name}});
    facets[kind] = std::move(arr);
  }
  return {{"id", a.id},     {"date", a.date}, {"title", a.title}, {"source", a.source}, {"url", a.url},
          {"lang", a.lang}, {"text", a.text}, {"events", events}, {"facets", facets}};
}

namespace {

// <mark>x</mark> -> open x close; HTML entities back to characters.
std::string render_snippet(const std::string& html, const char* open, const char* close) {
  std::string out;
  for (std::size_t i = 0; i < html.size();) {
    auto starts = [&](const char* s) { return html.compare(i, std::strlen(s), s) == 0; };
    if (starts("<mark>")) {
      out += open;
      i += 6;
    } else if (starts("</mark>")) {
      out += close;
      i += 7;
    } else if (starts("&amp;")) {
      out += '&';
      i += 5;
    } else if (starts("&lt;")) {
      out += '<';
      i += 4;
    } else if (starts("&gt;")) {
      out += '>';
      i += 4;
    } else if (starts("&quot;")) {
      out += '"';
      i += 6;
    } else if (starts("&#39;")) {
      out += '\'';
      i += 5;
    } else {
      out += html[i++];
    }
  }
  return out;
}

std::string names(const std::vector<EntityRef>& refs, std::size_t max = 6) {
  std::string s;
  for (std::size_t k = 0; k < refs.size() && k < max; ++k) s += (k ? ", " : "") + refs[k].name;
  if (refs.size() > max) s += ", …";
  return s;
}

}  // namespace

namespace {

std::string csv_field(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string q = "\"";
  for (char c : v) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

}  // namespace

std::string to_csv(const SearchResult& r) {
  std::ostringstream out;
  // A relaxed answer says so before the header: these rows do not match every condition.
  if (r.relaxed)
    out << "# relaxed: no article matches every condition of \"" << r.query.summary()
        << "\"; these match the conditions the query states explicitly and some of its natural names\r\n";
  // An estimated total (facets off) is said on a comment line before the header; an exact one
  // leaves the file as it always was.
  if (!r.total_exact) out << "# total: about " << r.total << "\r\n";
  // A column per facet shown on hits (facets.h), named by its heading in lower case ("actors").
  out << "rank,id,date,title,source,url,score,";
  for (const auto& f : facets::all()) {
    if (!f.on_hits) continue;
    for (const char* c = f.heading; *c; ++c) out << static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
    out << ',';
  }
  out << "snippet\r\n";
  for (const auto& h : r.hits) {
    auto list = [&](std::string_view kind) {
      std::string s;
      for (const auto& [k, refs] : h.facets)
        if (k == kind)
          for (const auto& e : refs) s += (s.empty() ? "" : "; ") + e.name;
      return s;
    };
    out << h.rank << ',' << csv_field(h.id) << ',' << h.date << ',' << csv_field(h.title) << ','
        << csv_field(h.source) << ',' << csv_field(h.url) << ',' << fmt(h.score, "%.3f") << ',';
    for (const auto& f : facets::all())
      if (f.on_hits) out << csv_field(list(f.name)) << ',';
    out << csv_field(render_snippet(h.snippet, "", "")) << "\r\n";
  }
  return out.str();
}

namespace {

// Text for XML 1.0 (attribute values and content alike): & < > " ' escaped, the characters XML
// forbids (controls other than tab, newline and CR; U+FFFE, U+FFFF; surrogates) dropped, and a
// byte that does not start a well-formed UTF-8 sequence read as U+FFFD.
std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
      }
      continue;
    }
    const std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    char32_t cp = n == 4 ? c & 0x07 : n == 3 ? c & 0x0F : c & 0x1F;
    bool ok = n > 0 && n <= 4 && c < 0xF5 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      ok = (d & 0xC0) == 0x80;
      cp = (cp << 6) | (d & 0x3F);
    }
    ok = ok && !(n == 3 && cp < 0x800) && !(n == 4 && (cp < 0x10000 || cp > 0x10FFFF));
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (!(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF) out.append(s, i, n);
    i += n;
  }
  return out;
}

// A publication date YYYY-MM-DD as an RFC 3339 time; empty when it is not one.
std::string rfc3339(std::string_view date) {
  return parse_iso_date(date) ? std::string(date) + "T00:00:00Z" : std::string();
}

}  // namespace

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string to_atom(const SearchResult& r, const AtomOptions& o) {
  std::string id = "tag:sitrep,2024:search?q=" + percent_encode(o.query);
  for (const auto& [name, value] : o.drill_down) id += "&facet=" + percent_encode(name + ":" + value);
  std::string updated;
  for (const auto& h : r.hits) updated = std::max(updated, rfc3339(h.date));
  if (updated.empty()) updated = o.now.empty() ? utc_timestamp() : o.now;

  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
      << "  <id>" << xml_text(id) << "</id>\n"
      << "  <title>" << xml_text(o.query.empty() ? "All articles" : o.query) << "</title>\n"
      << "  <updated>" << updated << "</updated>\n"
      << "  <author><name>sitrep</name></author>\n"
      << "  <generator>sitrep</generator>\n";
  if (!o.self.empty())
    out << "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" << xml_text(o.self) << "\"/>\n";
  for (const auto& h : r.hits) {
    const std::string date = rfc3339(h.date);
    out << "  <entry>\n"
        << "    <id>tag:sitrep,2024:article:" << xml_text(percent_encode(h.id)) << "</id>\n"
        << "    <title>" << xml_text(h.title.empty() ? h.id : h.title) << "</title>\n"
        << "    <updated>" << (date.empty() ? updated : date) << "</updated>\n";
    if (!date.empty()) out << "    <published>" << date << "</published>\n";
    if (!h.url.empty()) out << "    <link rel=\"alternate\" href=\"" << xml_text(h.url) << "\"/>\n";
    for (const auto& [kind, refs] : h.facets) {
      if (kind != "actor" && kind != "place") continue;
      for (const auto& e : refs)
        out << "    <category scheme=\"tag:sitrep,2024:" << kind << "\" term=\"" << xml_text(e.id) << "\" label=\""
            << xml_text(e.name) << "\"/>\n";
    }
    const std::string summary = xml_text(render_snippet(h.snippet, "", ""));
    out << "    <summary type=\"text\">" << summary << "</summary>\n";
    // RFC 4287 4.1.2: an entry without an alternate link has content.
    if (h.url.empty()) out << "    <content type=\"text\">" << summary << "</content>\n";
    out << "  </entry>\n";
  }
  out << "</feed>\n";
  return out.str();
}

std::string to_text(const SearchResult& r, const TextFormatOptions& o) {
  std::ostringstream out;
  out << "Query read as: " << r.query.summary() << "\n";
  if (o.explain) {
    for (const auto& w : r.query.ignored()) out << "  not used: \"" << w.word << "\" (" << w.reason << ")\n";
    if (const auto& d = r.query.dropped_words(); !d.empty()) {
      out << "  dropped " << d.size() << " least informative word(s) of a long text:";
      for (std::size_t k = 0; k < d.size(); ++k) out << (k ? ", " : " ") << d[k];
      out << "\n";
    }
    if (const auto& l = r.like) {
      out << "  like '" << l->id << "'" << (l->title.empty() ? "" : " (" + l->title + ")") << ": " << l->terms.size()
          << " expansion term(s):";
      for (std::size_t k = 0; k < l->terms.size(); ++k)
        out << (k ? ", " : " ") << l->terms[k].stem << " " << fmt(l->terms[k].weight, "%.2f");
      out << "\n";
      if (!l->entities.empty()) {
        out << "  like: entities ranked higher:";
        for (std::size_t k = 0; k < l->entities.size(); ++k)
          out << (k ? ", " : " ") << l->entities[k].first << " = " << l->entities[k].second.name;
        out << "\n";
      }
      if (!l->events.empty()) {
        out << "  like: event dates ranked higher:";
        for (std::size_t k = 0; k < l->events.size(); ++k) out << (k ? ", " : " ") << l->events[k];
        out << "\n";
      }
      out << "  like: left out: " << l->left_out.size() << " (the article";
      if (l->left_out.size() > 1) out << " and its near-duplicate copies";
      for (std::size_t k = 0; k < l->left_out.size(); ++k) out << (k ? ", " : ": ") << l->left_out[k];
      out << ")\n";
    }
    out << "  preferred language: " << preference_text(r.prefer_lang) << "\n";
    for (const auto& g : r.query.geo()) {
      // A part of an area ("northern Syria") has no radius: its places lie in that part of it,
      // and their distances are from the area's centre.
      const bool part = g.kind == GeoFilter::Kind::kPartOf;
      out << "  \"" << g.written << "\" covers " << g.places.size() << " places "
          << (part ? "in the " + g.direction + " of " + g.target_name : "within " + fmt(g.km, "%.0f") + " km") << ":";
      for (std::size_t k = 0; k < g.places.size() && k < 15; ++k)
        out << (k ? "," : "") << " " << g.places[k].place->name << " (" << g.places[k].place->country << ", "
            << fmt(g.places[k].km, "%.0f") << (part ? " km from its centre)" : " km)");
      if (g.places.size() > 15) out << ", …";
      out << "\n";
    }
    out << "Engine query: " << r.engine_query << "\n";
  }
  out << (r.total_exact ? "" : "about ") << r.total << (r.total == 1 ? " article matches" : " articles match") << "\n";
  if (!r.note.empty()) out << r.note << "\n";
  if (r.relaxed) out << "Showing the relaxed query instead: the named entities and places rank, they do not filter.\n";
  if (!r.did_you_mean.empty()) out << "Did you mean: " << r.did_you_mean << "\n";
  for (const auto& h : r.hits) {
    out << "\n" << (h.rank < 10 ? " " : "") << h.rank << ". " << h.date << "  " << h.title << "\n";
    out << "    " << h.id;
    if (!h.source.empty()) out << " · " << h.source;
    out << " · score " << fmt(h.score, "%.2f");
    if (h.duplicates > 0) out << " · " << h.duplicates << (h.duplicates == 1 ? " near-duplicate copy" : " near-duplicate copies");
    out << "\n";
    out << "    " << render_snippet(h.snippet, o.color ? "\033[1m" : "[", o.color ? "\033[0m" : "]") << "\n";
    for (const auto& [kind, refs] : h.facets)
      if (!refs.empty()) out << "    " << kind << ": " << names(refs) << "\n";
  }
  bool any = false;
  for (const auto& f : r.facets) {
    if (f.values.empty()) continue;
    if (!any) out << "\nFacets over all " << r.total << " matches\n";
    any = true;
    out << "  " << f.name << ":";
    for (std::size_t k = 0; k < f.values.size(); ++k)
      out << (k ? "," : "") << " " << f.values[k].name << " (" << f.values[k].count << ")";
    out << "\n";
  }
  if (!r.histogram.buckets.empty()) {
    std::uint64_t peak = 1;
    for (const auto& b : r.histogram.buckets) peak = std::max(peak, b.count);
    out << "\n" << (r.histogram.field == "event" ? "Events named per " : "Published per ") << r.histogram.interval
        << "\n";
    // Long runs of empty buckets are folded into one line.
    const auto& bs = r.histogram.buckets;
    for (std::size_t k = 0; k < bs.size(); ++k) {
      std::size_t run = k;
      while (run + 1 < bs.size() && bs[run].count == 0 && bs[run + 1].count == 0) ++run;
      if (run > k + 1) {
        out << "  " << bs[k].key << " … " << bs[run].key << "  (none)\n";
        k = run;
        continue;
      }
      const auto width = static_cast<std::size_t>((bs[k].count * 40 + peak - 1) / peak);
      std::string bar;
      for (std::size_t w = 0; w < width; ++w) bar += "█";
      out << "  " << bs[k].key << "  " << bar << (bar.empty() ? "" : " ") << bs[k].count << "\n";
    }
  }
  return out.str();
}

std::string to_json(const std::vector<NewEntity>& names, bool pretty) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& n : names)
    list.push_back({{"kind", n.kind},
                    {"id", n.id},
                    {"name", n.name},
                    {"articles", n.articles},
                    {"mentions", n.mentions},
                    {"first_date", n.first_date},
                    {"last_date", n.last_date},
                    {"examples", n.examples},
                    {"country", n.country}});
  const nlohmann::json j = {{"new_entities", std::move(list)}};
  return pretty ? j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string to_text(const std::vector<NewEntity>& names) {
  std::ostringstream out;
  if (names.empty()) {
    out << "No new names (names found by rule that no gazetteer list holds) in enough articles.\n";
    return out.str();
  }
  out << names.size() << " new name" << (names.size() == 1 ? "" : "s")
      << " (found by rule, not in the gazetteer), most articles first:\n";
  for (const auto& n : names) {
    out << "  " << n.name << "  [" << n.kind << ":" << n.id << "]  " << n.articles << " article"
        << (n.articles == 1 ? "" : "s") << ", " << n.mentions << " mention" << (n.mentions == 1 ? "" : "s");
    if (!n.first_date.empty()) out << ", " << n.first_date << " … " << n.last_date;
    if (!n.country.empty()) out << ", mostly " << n.country;
    out << "\n";
    if (!n.examples.empty()) {
      out << "      e.g.";
      for (const auto& e : n.examples) out << " " << e;
      out << "\n";
    }
  }
  return out.str();
}

std::string to_csv(const std::vector<NewEntity>& names) {
  std::ostringstream out;
  out << "kind,id,name,articles,mentions,first_date,last_date,country,examples\r\n";
  for (const auto& n : names) {
    std::string examples;
    for (const auto& e : n.examples) examples += (examples.empty() ? "" : "; ") + e;
    out << n.kind << ',' << csv_field(n.id) << ',' << csv_field(n.name) << ',' << n.articles << ',' << n.mentions
        << ',' << n.first_date << ',' << n.last_date << ',' << n.country << ',' << csv_field(examples) << "\r\n";
  }
  return out.str();
}

std::string extra_actor_line(const NewEntity& n, std::string_view kind) {
  auto clean = [](std::string s) {
    for (char& c : s)
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
  };
  const std::string since = n.first_date.size() >= 4 ? n.first_date.substr(0, 4) : "";
  return clean(n.id) + "\t" + clean(n.name) + "\t\t" + clean(std::string(kind)) + "\t" + n.country + "\t" + since + "\n";
}

}  // namespace sitrep
