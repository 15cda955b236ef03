// Shared by the benchmark programs (sitrep-bench-queries, sitrep-bench-baselines): the query
// file, the plain words a baseline engine gets for a sitrep query, nearest-rank percentiles.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <numeric>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::bench {

struct Query {
  std::string klass;
  std::string text;   // as sitrep reads it
  std::string plain;  // the words a plain engine gets
};

// Nearest-rank percentile of sorted values.
inline double pct(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

struct Stats {
  std::vector<double> ms;
  double total_matches = 0;  // summed over the runs
  std::size_t failures = 0;
  void add(double v) { ms.push_back(v); }
  std::vector<double> sorted() const {
    auto s = ms;
    std::sort(s.begin(), s.end());
    return s;
  }
  double mean() const {
    return ms.empty() ? 0 : std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  }
  void merge(const Stats& o) {
    ms.insert(ms.end(), o.ms.begin(), o.ms.end());
    total_matches += o.total_matches;
    failures += o.failures;
  }
};

// ---- the plain words of a query --------------------------------------------------------------
// Field names, signs, operators, quotes and date/number-valued fields dropped:
// `actor:Hezbollah after:2024-11-27 ceasefire` -> `Hezbollah ceasefire`; natural sentences whole.

inline bool is_field_with_words(std::string_view f) {
  static const std::set<std::string_view> k = {"actor", "org", "person", "place", "country", "near", "source", "title"};
  return k.contains(f);
}
inline bool is_known_field(std::string_view f) {
  static const std::set<std::string_view> k = {"within", "after", "before", "on", "date", "event", "event-after",
                                               "event-before", "lang", "since", "until"};
  return is_field_with_words(f) || k.contains(f);
}

inline std::string plain_words(std::string_view q) {
  std::string out;
  std::size_t i = 0;
  auto emit = [&](std::string_view w) {
    std::string clean;
    for (char c : w)
      if (c != '"' && c != '(' && c != ')') clean.push_back(c);
    if (clean.empty() || clean == "AND" || clean == "OR" || clean == "NOT") return;
    if (!out.empty()) out.push_back(' ');
    out += clean;
  };
  while (i < q.size()) {
    while (i < q.size() && q[i] == ' ') ++i;
    if (i >= q.size()) break;
    // A token: up to a space outside quotes.
    const std::size_t b = i;
    bool quoted = false;
    while (i < q.size() && (quoted || q[i] != ' ')) {
      if (q[i] == '"') quoted = !quoted;
      ++i;
    }
    std::string_view tok = q.substr(b, i - b);
    while (!tok.empty() && (tok.front() == '+' || tok.front() == '-')) tok.remove_prefix(1);
    if (const auto colon = tok.find(':'); colon != std::string_view::npos && tok.front() != '"') {
      const std::string_view field = tok.substr(0, colon);
      if (is_known_field(field)) {
        if (is_field_with_words(field)) {
          std::string_view value = tok.substr(colon + 1);
          // person:"Bashar al-Assad" -> its words
          std::size_t s = 0;
          while (s < value.size()) {
            const std::size_t e = std::min(value.find(' ', s), value.size());
            emit(value.substr(s, e - s));
            s = e + 1;
          }
        }
        continue;
      }
    }
    std::size_t s = 0;
    while (s < tok.size()) {
      const std::size_t e = std::min(tok.find(' ', s), tok.size());
      emit(tok.substr(s, e - s));
      s = e + 1;
    }
  }
  return out;
}

// Reads one query a line, `class<TAB>query` (a line without a tab has the class "query"), '#'
// comments. Returns false when the file cannot be read; class_order lists the classes as met.
inline bool read_queries(const std::string& path, std::vector<Query>& queries, std::vector<std::string>& class_order) {
  std::ifstream in(path);
  if (!in) return false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    Query q;
    if (const auto tab = line.find('\t'); tab != std::string::npos) {
      q.klass = line.substr(0, tab);
      q.text = line.substr(tab + 1);
    } else {
      q.klass = "query";
      q.text = line;
    }
    if (q.text.empty()) continue;
    q.plain = plain_words(q.text);
    if (std::find(class_order.begin(), class_order.end(), q.klass) == class_order.end())
      class_order.push_back(q.klass);
    queries.push_back(std::move(q));
  }
  return true;
}

}  // namespace sitrep::bench
