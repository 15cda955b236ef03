// sitrep-bench-queries: query latency of sitrep against plain Xapian on the same index.
//
//   sitrep-bench-queries --index DIR --queries FILE [--repeat N] [--warmup N] [--json FILE]
//                        [--per-query] [--breakdown] [--no-xapian | --xapian-only] [--data DIR]
//                        [--no-concept-terms]
//   sitrep-bench-queries INDEX QUERIES_FILE [REPEAT]          (the first form: sitrep only, one line)
//
// Queries file: one query a line, '#' comments; `class<TAB>query` gives the query a class (free,
// faceted, date, geo, natural, ...), a line without a tab has the class "query".
//
// Each query is answered, in turn, by
//   sitrep  Searcher::search(query) with the default SearchOptions: the query read (entities,
//           places, dates, geography, concepts), top 10 with snippets, facet counts and the date
//           histogram over the whole match set, near-duplicates collapsed;
//   sitrep_hits_only  the same query with SearchOptions::facets false and no snippets: the page
//           of 10 hits only (query read, ranked, collapsed), the work plain Xapian does below;
//   xapian  the query's plain words (field names, signs, operators, quotes and date/number-valued
//           fields dropped: `actor:Hezbollah after:2024-11-27 ceasefire` -> `Hezbollah ceasefire`)
//           through Xapian::QueryParser (OR, stemmer "en", STEM_SOME: `Z` stems for lower-case
//           words, unstemmed terms for capitalised ones, as sitrep indexes both; sitrep's stopwords)
//           and Enquire::get_mset(0, 10) with BM25: no facets, no snippets, no understanding.
// --xapian-only times the xapian path alone, on any Xapian database (benchmarks/run gives it the
// index scriptindex built, so plain Xapian is timed in-process on Xapian's own indexing).
// The first --warmup rounds (default 1) are not timed. Percentiles are nearest-rank.
//
// --breakdown adds, per class, where sitrep's time goes, measured through public interfaces
// only: Searcher::parse, search(parsed) with limit 0 (no hits, so no snippets), with duplicates
// not collapsed, and plain Xapian asked to count every match (check_at_least = all documents)
// with and without eleven match spies that count '\n'-separated slot values as sitrep's do.
//
// --no-concept-terms: sitrep reads event concepts as the synonym of their words even where the
// index holds the concepts' own terms (SearcherConfig::concept_terms), to measure those terms in
// one run on one index.
#include <xapian.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/facets.h"
#include "sitrep/schema.h"
#include "sitrep/searcher.h"
#include "bench_common.h"

namespace {

namespace bench = sitrep::bench;
constexpr const char* kProg = "sitrep-bench-queries";
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

using bench::pct;
using bench::Query;
using bench::Stats;

// ---- plain Xapian ----------------------------------------------------------------------------

class AnalyzerStopper : public Xapian::Stopper {
 public:
  explicit AnalyzerStopper(const sitrep::Analyzer& a) : analyzer_(a) {}
  bool operator()(const std::string& term) const override { return analyzer_.is_stopword(term); }

 private:
  const sitrep::Analyzer& analyzer_;
};

// Counts '\n'-separated values of a slot over the match set, as sitrep's facet spies do.
class ListSpy : public Xapian::MatchSpy {
 public:
  explicit ListSpy(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document& doc, double) override {
    const std::string v = doc.get_value(slot_);
    std::size_t start = 0;
    while (start < v.size()) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      if (end > start) ++counts_[v.substr(start, end - start)];
      start = end + 1;
    }
  }
  Xapian::MatchSpy* clone() const override { return std::make_unique<ListSpy>(slot_).release(); }
  std::string name() const override { return "bench::ListSpy"; }

 private:
  Xapian::valueno slot_;
  std::map<std::string, Xapian::doccount> counts_;
};

class PlainXapian {
 public:
  explicit PlainXapian(const std::string& dir) : db_(dir), stopper_(analyzer_) {
    parser_.set_stemmer(Xapian::Stem("en"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_stopper(&stopper_);
    parser_.set_default_op(Xapian::Query::OP_OR);
  }
  enum class Mode { kTop10, kCountAll, kCountAllSpies };
  // Matches (estimated for kTop10, exact otherwise).
  Xapian::doccount run(const std::string& words, Mode mode) {
    const Xapian::Query q = parser_.parse_query(words, Xapian::QueryParser::FLAG_DEFAULT);
    Xapian::Enquire enquire(db_);
    enquire.set_query(q);
    std::vector<std::unique_ptr<ListSpy>> spies;
    if (mode == Mode::kCountAllSpies) {
      // Every facet's slot (the registry's), then the publication date.
      std::vector<Xapian::valueno> slots;
      for (const auto& f : sitrep::facets::all()) slots.push_back(f.slot);
      slots.push_back(sitrep::schema::kSlotDate);
      for (Xapian::valueno slot : slots) {
        spies.push_back(std::make_unique<ListSpy>(slot));
        enquire.add_matchspy(spies.back().get());
      }
    }
    const Xapian::MSet mset = enquire.get_mset(0, 10, mode == Mode::kTop10 ? 0 : db_.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) sink_ += it.get_weight() + *it;  // the hits, as a caller reads them
    return mset.get_matches_estimated();
  }
  Xapian::doccount doccount() const { return db_.get_doccount(); }

 private:
  Xapian::Database db_;
  sitrep::Analyzer analyzer_;
  AnalyzerStopper stopper_;
  Xapian::QueryParser parser_;
  double sink_ = 0;
};

// ---- options ---------------------------------------------------------------------------------

struct Options {
  std::string index, queries, json_path, data_dir;
  int repeat = 20;
  int warmup = 1;
  bool legacy = false;
  bool per_query = false;
  bool breakdown = false;
  bool xapian = true;
  bool sitrep = true;  // false: --xapian-only
  bool concept_terms = true;  // false: --no-concept-terms
};

void usage(std::FILE* to) {
  std::fprintf(to,
               "usage: %s --index DIR --queries FILE [--repeat N] [--warmup N] [--json FILE] [--per-query]\n"
               "                            [--breakdown] [--no-xapian | --xapian-only] [--data DIR] [--no-concept-terms]\n"
               "       %s INDEX QUERIES_FILE [REPEAT]\n"
               "--xapian-only: plain Xapian alone on any Xapian database (e.g. one built by scriptindex).\n"
               "Queries: one a line, 'class<TAB>query' (free, faceted, date, geo, natural, ...); '#' comments.\n",
               kProg, kProg);
}

bool parse_options(int argc, char** argv, Options& o) {
  if (argc >= 3 && argv[1][0] != '-') {  // the first form: INDEX QUERIES [REPEAT]
    o.legacy = true;
    o.index = argv[1];
    o.queries = argv[2];
    if (argc > 3) o.repeat = std::max(1, std::atoi(argv[3]));
    o.xapian = false;
    return argc <= 4;
  }
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--index") {
      if (!value(o.index)) return false;
    } else if (a == "--queries") {
      if (!value(o.queries)) return false;
    } else if (a == "--json") {
      if (!value(o.json_path)) return false;
    } else if (a == "--data") {
      if (!value(o.data_dir)) return false;
    } else if (a == "--repeat") {
      if (!value(v)) return false;
      o.repeat = std::max(1, std::atoi(v.c_str()));
    } else if (a == "--warmup") {
      if (!value(v)) return false;
      o.warmup = std::max(0, std::atoi(v.c_str()));
    } else if (a == "--per-query") {
      o.per_query = true;
    } else if (a == "--breakdown") {
      o.breakdown = true;
    } else if (a == "--no-xapian") {
      o.xapian = false;
    } else if (a == "--xapian-only") {
      o.sitrep = false;
    } else if (a == "--no-concept-terms") {
      o.concept_terms = false;
    } else {
      return false;
    }
  }
  if (!o.sitrep && (!o.xapian || o.breakdown)) return false;
  return !o.index.empty() && !o.queries.empty();
}

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  return b;
}

std::string ratio(double a, double b) { return b > 0 ? fmt(a / b) + "x" : "-"; }

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse_options(argc, argv, opt)) {
    usage(stderr);
    return 2;
  }
  sitrep::SearcherConfig config;
  config.data_dir = opt.data_dir;
  config.concept_terms = opt.concept_terms;
  std::optional<sitrep::Searcher> opened;  // none with --xapian-only
  if (opt.sitrep) {
    auto r = sitrep::Searcher::open(opt.index, config);
    if (!r) {
      std::fprintf(stderr, "%s: %s\n", kProg, r.status().message().c_str());
      return 1;
    }
    opened.emplace(std::move(r).value());
  }
  sitrep::Searcher* const searcher = opened ? &*opened : nullptr;
  std::vector<Query> queries;
  std::vector<std::string> class_order;
  if (!bench::read_queries(opt.queries, queries, class_order)) {
    std::fprintf(stderr, "%s: %s: cannot open\n", kProg, opt.queries.c_str());
    return 1;
  }
  if (queries.empty()) {
    std::fprintf(stderr, "%s: no queries\n", kProg);
    return 1;
  }

  std::unique_ptr<PlainXapian> xapian;
  if (opt.xapian || opt.breakdown) {
    try {
      xapian = std::make_unique<PlainXapian>(opt.index);
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "%s: %s: %s\n", kProg, opt.index.c_str(), e.get_description().c_str());
      return 1;
    }
  }

  // Measures, per query.
  enum M { kSitrep, kXapian, kParse, kParsed, kNoHits, kNoCollapse, kXCount, kXSpies, kHitsOnly, kMeasures };
  static const char* const kNames[kMeasures] = {"sitrep",        "xapian",         "sitrep_parse",
                                               "sitrep_search_parsed", "sitrep_no_hits", "sitrep_no_collapse",
                                               "xapian_count_all", "xapian_count_all_spies", "sitrep_hits_only"};
  std::vector<std::array<Stats, kMeasures>> per(queries.size());
  sitrep::SearchOptions defaults;
  sitrep::SearchOptions no_hits;
  no_hits.limit = 0;
  sitrep::SearchOptions no_collapse;
  no_collapse.collapse_duplicates = false;
  sitrep::SearchOptions hits_only;
  hits_only.facets = false;
  hits_only.snippet_words = 0;

  const auto wall0 = Clock::now();
  for (int round = 0; round < opt.warmup + opt.repeat; ++round) {
    const bool timed = round >= opt.warmup;
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
      const Query& q = queries[qi];
      auto& st = per[qi];
      if (opt.sitrep) {
        // One timed sitrep search into measure m; a failure is reported once (first round).
        auto timed_search = [&](const sitrep::SearchOptions& options, M m) {
          const auto t0 = Clock::now();
          auto res = searcher->search(q.text, options);
          const double ms = ms_since(t0);
          if (timed) {
            st[m].add(ms);
            if (res)
              st[m].total_matches += static_cast<double>(res->total);
            else
              ++st[m].failures;
          }
          if (!res && round == 0)
            std::fprintf(stderr, "%s: '%s': %s\n", kProg, q.text.c_str(), res.status().message().c_str());
        };
        timed_search(defaults, kSitrep);
        timed_search(hits_only, kHitsOnly);
      }
      if (opt.xapian) {
        const auto t0 = Clock::now();
        Xapian::doccount n = 0;
        try {
          n = xapian->run(q.plain, PlainXapian::Mode::kTop10);
        } catch (const Xapian::Error&) {
          if (timed) ++st[kXapian].failures;
        }
        const double ms = ms_since(t0);
        if (timed) {
          st[kXapian].add(ms);
          st[kXapian].total_matches += n;
        }
      }
      if (opt.breakdown) {
        auto t0 = Clock::now();
        auto parsed = searcher->parse(q.text);
        double ms = ms_since(t0);
        if (timed) st[kParse].add(ms);
        if (parsed) {
          t0 = Clock::now();
          searcher->search(parsed.value(), defaults);
          ms = ms_since(t0);
          if (timed) st[kParsed].add(ms);
          t0 = Clock::now();
          searcher->search(parsed.value(), no_hits);
          ms = ms_since(t0);
          if (timed) st[kNoHits].add(ms);
          t0 = Clock::now();
          searcher->search(parsed.value(), no_collapse);
          ms = ms_since(t0);
          if (timed) st[kNoCollapse].add(ms);
        }
        try {
          t0 = Clock::now();
          const auto n = xapian->run(q.plain, PlainXapian::Mode::kCountAll);
          ms = ms_since(t0);
          if (timed) {
            st[kXCount].add(ms);
            st[kXCount].total_matches += n;
          }
          t0 = Clock::now();
          xapian->run(q.plain, PlainXapian::Mode::kCountAllSpies);
          ms = ms_since(t0);
          if (timed) st[kXSpies].add(ms);
        } catch (const Xapian::Error&) {
        }
      }
    }
  }
  const double wall_s = ms_since(wall0) / 1000.0;

  // Per class and overall.
  std::map<std::string, std::array<Stats, kMeasures>> by_class;
  std::array<Stats, kMeasures> overall;
  std::map<std::string, std::size_t> class_queries;
  std::size_t failures = 0;
  for (std::size_t qi = 0; qi < queries.size(); ++qi) {
    ++class_queries[queries[qi].klass];
    for (int m = 0; m < kMeasures; ++m) {
      by_class[queries[qi].klass][m].merge(per[qi][m]);
      overall[m].merge(per[qi][m]);
    }
    failures += per[qi][opt.sitrep ? kSitrep : kXapian].failures;
  }

  if (opt.legacy) {
    const auto s = overall[kSitrep].sorted();
    std::printf("queries=%zu runs=%zu failures=%zu p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", queries.size(),
                s.size(), failures, pct(s, 0.50), pct(s, 0.95), pct(s, 0.99), s.back());
    return failures ? 1 : 0;
  }

  const std::uint64_t docs = searcher ? searcher->document_count() : xapian->doccount();
  std::printf("%s: %s, %llu documents, %zu queries x %d runs (+%d warm-up), %.1f s\n\n", kProg, opt.index.c_str(),
              static_cast<unsigned long long>(docs), queries.size(), opt.repeat, opt.warmup, wall_s);
  auto row = [&](const std::string& name, std::size_t nq, const std::array<Stats, kMeasures>& st) {
    const auto s = st[kSitrep].sorted();
    const auto x = st[kXapian].sorted();
    const double runs = static_cast<double>(std::max<std::size_t>(1, s.size()));
    std::printf("| %s | %zu | %s | %s | %s | %s | %s | %s | %s | %.0f | %s |\n", name.c_str(), nq, fmt(pct(s, 0.5)).c_str(),
                fmt(pct(s, 0.99)).c_str(), opt.xapian ? fmt(pct(x, 0.5)).c_str() : "-",
                opt.xapian ? fmt(pct(x, 0.99)).c_str() : "-", opt.xapian ? ratio(pct(s, 0.5), pct(x, 0.5)).c_str() : "-",
                opt.xapian ? ratio(pct(s, 0.99), pct(x, 0.99)).c_str() : "-", fmt(pct(s, 0.95)).c_str(),
                st[kSitrep].total_matches / runs,
                opt.xapian ? fmt(st[kXapian].total_matches / static_cast<double>(std::max<std::size_t>(1, x.size()))).c_str()
                           : "-");
  };
  auto xrow = [&](const std::string& name, std::size_t nq, const std::array<Stats, kMeasures>& st) {
    const auto x = st[kXapian].sorted();
    std::printf("| %s | %zu | %s | %s | %s | %s |\n", name.c_str(), nq, fmt(pct(x, 0.5)).c_str(), fmt(pct(x, 0.95)).c_str(),
                fmt(pct(x, 0.99)).c_str(),
                fmt(st[kXapian].total_matches / static_cast<double>(std::max<std::size_t>(1, x.size()))).c_str());
  };
  if (opt.sitrep) {
    std::printf("| class | queries | sitrep p50 ms | sitrep p99 ms | xapian p50 ms | xapian p99 ms | p50 ratio | p99 ratio "
                "| sitrep p95 ms | sitrep matches | xapian matches (est.) |\n");
    std::printf("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (const auto& c : class_order) row(c, class_queries[c], by_class[c]);
    row("**overall**", queries.size(), overall);
    const auto so = overall[kSitrep].sorted();
    std::printf("\nsitrep overall: p50 %.2f ms (target < 5), p99 %.2f ms (target < 50), max %.2f ms; %zu failures\n",
                pct(so, 0.5), pct(so, 0.99), so.back(), failures);
  } else {
    std::printf("| class | queries | xapian p50 ms | xapian p95 ms | xapian p99 ms | xapian matches (est.) |\n");
    std::printf("|---|--:|--:|--:|--:|--:|\n");
    for (const auto& c : class_order) xrow(c, class_queries[c], by_class[c]);
    xrow("**overall**", queries.size(), overall);
  }

  if (opt.breakdown) {
    std::printf("\nWhere sitrep's time goes (p50 ms per class; 'count all' = check_at_least every document):\n\n");
    std::printf("| class | sitrep | parse | search(parsed) | no hits (limit 0) | no collapse | xapian top-10 | xapian count "
                "all | xapian count all + 11 spies |\n");
    std::printf("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    auto brow = [&](const std::string& name, const std::array<Stats, kMeasures>& st) {
      std::printf("| %s |", name.c_str());
      for (int m : {kSitrep, kParse, kParsed, kNoHits, kNoCollapse, kXapian, kXCount, kXSpies})
        std::printf(" %s |", st[m].ms.empty() ? "-" : fmt(pct(st[m].sorted(), 0.5)).c_str());
      std::printf("\n");
    };
    for (const auto& c : class_order) brow(c, by_class[c]);
    brow("**overall**", overall);
  }

  if (opt.per_query) {
    std::printf("\n| class | query | sitrep p50 ms | sitrep max ms | xapian p50 ms | sitrep matches | xapian matches (est.) "
                "|%s\n",
                opt.breakdown ? " parse | no hits | no collapse | xapian count all + spies |" : "");
    std::printf("|---|---|--:|--:|--:|--:|--:|%s\n", opt.breakdown ? "--:|--:|--:|--:|" : "");
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
      const auto& st = per[qi];
      const auto s = st[kSitrep].sorted();
      const double runs = static_cast<double>(std::max<std::size_t>(1, s.size()));
      std::string q = queries[qi].text;
      for (auto& c : q)
        if (c == '|') c = '/';
      std::printf("| %s | %s | %s | %s | %s | %.0f | %.0f |", queries[qi].klass.c_str(), q.c_str(), fmt(pct(s, 0.5)).c_str(),
                  fmt(s.empty() ? 0 : s.back()).c_str(), st[kXapian].ms.empty() ? "-" : fmt(pct(st[kXapian].sorted(), 0.5)).c_str(),
                  st[kSitrep].total_matches / runs, st[kXapian].total_matches / runs);
      if (opt.breakdown)
        for (int m : {kParse, kNoHits, kNoCollapse, kXSpies})
          std::printf(" %s |", st[m].ms.empty() ? "-" : fmt(pct(st[m].sorted(), 0.5)).c_str());
      std::printf("\n");
    }
  }

  if (!opt.json_path.empty()) {
    using nlohmann::ordered_json;
    auto summary = [&](const Stats& st) {
      const auto s = st.sorted();
      const double runs = static_cast<double>(std::max<std::size_t>(1, s.size()));
      return ordered_json{{"runs", s.size()},
                          {"p50_ms", pct(s, 0.5)},
                          {"p95_ms", pct(s, 0.95)},
                          {"p99_ms", pct(s, 0.99)},
                          {"mean_ms", st.mean()},
                          {"max_ms", s.empty() ? 0.0 : s.back()},
                          {"mean_matches", st.total_matches / runs},
                          {"failures", st.failures}};
    };
    auto measures = [&](const std::array<Stats, kMeasures>& st) {
      ordered_json j;
      for (int m = 0; m < kMeasures; ++m)
        if (!st[m].ms.empty()) j[kNames[m]] = summary(st[m]);
      return j;
    };
    ordered_json out;
    out["index"] = opt.index;
    out["documents"] = docs;
    out["repeat"] = opt.repeat;
    out["warmup"] = opt.warmup;
    out["classes"] = ordered_json::array();
    for (const auto& c : class_order) {
      ordered_json j = measures(by_class[c]);
      j["class"] = c;
      j["queries"] = class_queries[c];
      out["classes"].push_back(j);
    }
    out["overall"] = measures(overall);
    out["queries"] = ordered_json::array();
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
      ordered_json j = measures(per[qi]);
      j["class"] = queries[qi].klass;
      j["query"] = queries[qi].text;
      j["plain"] = queries[qi].plain;
      out["queries"].push_back(j);
    }
    std::ofstream f(opt.json_path);
    f << out.dump(2) << "\n";
    if (!f) {
      std::fprintf(stderr, "%s: %s: cannot write\n", kProg, opt.json_path.c_str());
      return 1;
    }
  }
  return failures ? 1 : 0;
}
