#include "snippet.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/schema.h"

namespace sitrep {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

Highlights Snippeter::highlights_for(const ParsedQuery& q) const {
  Highlights h;
  for (const auto& c : q.text()) {
    if (c.negated) continue;
    switch (c.kind) {
      case TextClause::Kind::kWord:
      case TextClause::Kind::kConcept:
        for (const auto& t : c.terms) {
          h.stems.insert(t);
          h.norms.insert(t);  // numbers are kept unstemmed
        }
        // Stems in other languages, transliteration keys.
        for (const auto& v : c.variants) {
          if (v.term.rfind(schema::kStem, 0) == 0) h.other_stems.insert(v.term.substr(1));
          if (v.term.rfind(schema::kTranslit, 0) == 0) h.translit.insert(v.term.substr(1));
        }
        break;
      case TextClause::Kind::kPhrase:
      case TextClause::Kind::kTitleWord:
      case TextClause::Kind::kNear:
        for (const auto& t : c.terms) h.norms.insert(t);
        break;
      case TextClause::Kind::kWildcard:
        h.prefixes.push_back(c.terms[0]);
        break;
    }
  }
  for (const auto& e : q.entities()) {
    if (e.negated) continue;
    for (const auto& id : e.ids) h.entities.insert(std::string(to_string(e.kind)) + ":" + id);
  }
  for (const auto& g : q.geo()) {
    if (g.negated) continue;
    for (const auto& pd : g.places) h.entities.insert("place:" + pd.place->id);
    if (g.kind == GeoFilter::Kind::kNearBorder) h.entities.insert("country:" + g.target);
  }
  return h;
}

namespace {

// A long text is analysed only around its likeliest passage: the stretch of about kWindowBytes
// holding the most byte matches of the query's words (ASCII case-insensitive; stems and wildcard
// prefixes match the words they begin), or its beginning when none is found. Word breaking,
// stemming and name matching over a whole 3 KB article cost about a millisecond per hit; a
// snippet of 40 words is about 250 bytes, so 1000 bytes around the best passage leave it room.
constexpr std::size_t kWindowBytes = 1000;

std::pair<std::size_t, std::size_t> likely_passage(const std::string& text, const Highlights& h) {
  if (text.size() <= kWindowBytes + kWindowBytes / 2) return {0, text.size()};
  std::string lower(text);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::size_t> at;
  auto find_all = [&](const std::string& w) {
    if (w.size() < 2 || std::any_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
      return;
    std::size_t n = 0;
    for (std::size_t p = lower.find(w); p != std::string::npos && n < 64; p = lower.find(w, p + 1), ++n) at.push_back(p);
  };
  for (const auto& w : h.norms) find_all(w);
  for (const auto& w : h.stems) find_all(w);
  for (const auto& w : h.prefixes) find_all(w);
  std::size_t from = 0;
  if (!at.empty()) {
    std::sort(at.begin(), at.end());
    std::size_t best = 0;
    for (std::size_t i = 0, j = 0; i < at.size(); ++i) {
      while (j < at.size() && at[j] < at[i] + kWindowBytes / 2) ++j;
      if (j - i > best) best = j - i, from = at[i];
    }
    from = from > kWindowBytes / 4 ? from - kWindowBytes / 4 : 0;
  }
  std::size_t to = std::min(text.size(), from + kWindowBytes);
  // Whole words: start after a space, end before one (never inside a UTF-8 sequence).
  auto cont = [&](std::size_t p) { return p < text.size() && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80; };
  if (from > 0) {
    const std::size_t sp = text.find(' ', from);
    from = sp == std::string::npos || sp >= to ? from : sp + 1;
    while (cont(from)) ++from;
  }
  if (to < text.size()) {
    const std::size_t sp = text.rfind(' ', to);
    to = sp == std::string::npos || sp <= from ? to : sp;
    while (cont(to)) --to;
  }
  return {from, to};
}

}  // namespace

std::string Snippeter::snippet(const std::string& full_text, const Highlights& h, std::size_t words) const {
  const auto [from, to] = likely_passage(full_text, h);
  if (from > 0 || to < full_text.size()) {
    std::string out = snippet(full_text.substr(from, to - from), h, words);
    if (from > 0 && out.rfind("…", 0) != 0) out = "… " + out;
    if (to < full_text.size() && (out.size() < 3 || out.compare(out.size() - 3, 3, "…") != 0)) out += " …";
    return out;
  }
  const std::string& text = full_text;
  const Analyzer& an = gaz_.analyzer();
  const auto tokens = an.tokenize(text);
  if (tokens.empty()) return html_escape(text.substr(0, 200));
  if (words == 0) words = 40;

  // Marked spans, as token ranges, with a weight: query words 2, entities 1.
  struct Span {
    std::size_t first, last;  // tokens, inclusive
    int weight;
    std::string key;  // what matched: repeated matches of one key count once per window
  };
  std::vector<Span> spans;
  std::vector<std::string> norms;
  norms.reserve(tokens.size());
  for (const auto& t : tokens) norms.push_back(t.norm);
  for (std::size_t i = 0; i < tokens.size();) {
    bool matched = false;
    if (!h.entities.empty()) {
      for (const auto& m : gaz_.match_at(norms, i)) {
        const std::string key = std::string(to_string(m.kind)) + ":" + gaz_.id_of(m);
        if (h.entities.count(key)) {
          spans.push_back({i, i + m.length - 1, 1, key});
          i += m.length;
          matched = true;
          break;
        }
      }
    }
    if (matched) continue;
    const auto& norm = tokens[i].norm;
    if (h.norms.count(norm) ||
        std::any_of(h.prefixes.begin(), h.prefixes.end(), [&](const std::string& p) { return norm.rfind(p, 0) == 0; })) {
      spans.push_back({i, i, 2, norm});
    } else if (!tokens[i].numeric) {
      // Stemming every word of the passage is a good part of a snippet's cost: only when asked.
      if (std::string st = h.stems.empty() ? std::string() : an.stem(norm); !st.empty() && h.stems.count(st)) {
        spans.push_back({i, i, 2, st});
      } else if (std::any_of(tokens[i].surface.begin(), tokens[i].surface.end(),
                             [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        // A word in another language or script: its stems there, or its transliteration.
        bool marked = false;
        if (!h.other_stems.empty())
          for (const auto& v : an.stem_variants(norm))
            if (h.other_stems.count(v.stem)) {
              spans.push_back({i, i, 2, v.stem});
              marked = true;
              break;
            }
        if (!marked && !h.translit.empty())
          if (auto key = an.translit_key(norm); !key.empty() && h.translit.count(key)) spans.push_back({i, i, 2, key});
      }
    }
    ++i;
  }

  // The window of `words` tokens whose distinct marked words weigh most (earliest on ties).
  std::size_t best_start = 0;
  int best = -1;
  std::map<std::string, int> in_window;
  int sum = 0;
  auto enter = [&](const Span& sp) {
    if (in_window[sp.key]++ == 0) sum += sp.weight;
  };
  auto leave = [&](const Span& sp) {
    if (--in_window[sp.key] == 0) sum -= sp.weight;
  };
  for (std::size_t s = 0, k = 0, lo = 0; s < tokens.size(); ++s) {
    while (k < spans.size() && spans[k].first < s + words) enter(spans[k++]);
    while (lo < k && spans[lo].first < s) leave(spans[lo++]);
    if (sum > best) {
      best = sum;
      best_start = s;
    }
    if (k == spans.size() && (spans.empty() || spans.back().first < s)) break;
  }
  std::size_t end_tok = std::min(tokens.size(), best_start + words) - 1;
  // Start at the beginning of the sentence when it is close (the end stays where it was).
  {
    std::size_t s = best_start;
    for (std::size_t back = 0; back < 12 && s > 0 && !tokens[s].sentence_start; ++back) --s;
    if (tokens[s].sentence_start) best_start = s;
  }

  std::string out;
  std::size_t cursor = tokens[best_start].begin;
  if (best_start > 0) out += "… ";
  for (const auto& sp : spans) {
    if (sp.first < best_start || sp.last > end_tok) continue;
    out += html_escape(std::string_view(text).substr(cursor, tokens[sp.first].begin - cursor));
    out += "<mark>";
    out += html_escape(
        std::string_view(text).substr(tokens[sp.first].begin, tokens[sp.last].end - tokens[sp.first].begin));
    out += "</mark>";
    cursor = tokens[sp.last].end;
  }
  std::size_t stop = tokens[end_tok].end;
  // Keep a sentence-final punctuation mark.
  if (stop < text.size() && (text[stop] == '.' || text[stop] == '!' || text[stop] == '?')) ++stop;
  out += html_escape(std::string_view(text).substr(cursor, stop - cursor));
  if (end_tok + 1 < tokens.size()) out += " …";
  for (auto& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}

}  // namespace sitrep
