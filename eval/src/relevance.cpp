// sitrep-eval: ranked retrieval on the TIME test collection (see relevance.h).
#include "relevance.h"

#include <stdlib.h>  // mkdtemp
#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>

#include "io.h"
#include "sitrep/analyzer.h"
#include "sitrep/article.h"
#include "sitrep/indexer.h"
#include "sitrep/schema.h"
#include "sitrep/searcher.h"

namespace sitrep::eval {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool to_int(std::string_view s, int& v) {
  if (s.empty()) return false;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

// Lines of a text (without '\n'), with their 1-based numbers.
template <typename F>
void for_each_line(std::string_view bytes, F&& f) {
  std::size_t line = 0, pos = 0;
  while (pos < bytes.size()) {
    std::size_t e = bytes.find('\n', pos);
    if (e == std::string_view::npos) e = bytes.size();
    f(++line, bytes.substr(pos, e - pos));
    pos = e + 1;
  }
}

Status parse_error(const std::string& origin, std::size_t line, const std::string& what) {
  return Status::parse_error(origin + ":" + std::to_string(line) + ": " + what);
}

// "MM/DD/YY" of 1900+YY; nullopt when malformed.
std::optional<Date> time_date(std::string_view s) {
  if (s.size() != 8 || s[2] != '/' || s[5] != '/') return std::nullopt;
  int m = 0, d = 0, y = 0;
  if (!to_int(s.substr(0, 2), m) || !to_int(s.substr(3, 2), d) || !to_int(s.substr(6, 2), y)) return std::nullopt;
  Date date{1900 + y, m, d};
  if (!date.valid()) return std::nullopt;
  return date;
}

// A temporary directory removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sitrep-eval-relevance-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int doc_number(std::string_view id) {
  int n = -1;
  return to_int(id, n) ? n : -1;
}

void add_scores(SystemScores& sum, const std::vector<int>& ranking, const std::set<int>& relevant) {
  sum.map += average_precision(ranking, relevant);
  sum.map100 += average_precision(ranking, relevant, 100);
  sum.p10 += precision_at(ranking, relevant, 10);
  sum.ndcg10 += ndcg_at(ranking, relevant, 10);
}

void divide(SystemScores& s, std::size_t n) {
  if (n == 0) return;
  const double d = static_cast<double>(n);
  s.map /= d;
  s.map100 /= d;
  s.p10 /= d;
  s.ndcg10 /= d;
}

constexpr std::size_t kDepth = 1000;

}  // namespace

// ---- readers ---------------------------------------------------------------------------------

Result<std::vector<TimeDoc>> parse_time_docs(std::string_view bytes, const std::string& origin) {
  std::vector<TimeDoc> docs;
  Status error;
  for_each_line(bytes, [&](std::size_t line, std::string_view raw) {
    if (!error) return;
    const std::string_view l = trim(raw);
    if (l.empty()) return;
    if (l.starts_with("*TEXT")) {
      const auto f = split_ws(l);
      int n = 0;
      if (f.size() < 2 || f[0] != "*TEXT" || !to_int(f[1], n)) {
        error = parse_error(origin, line, "bad *TEXT header");
        return;
      }
      TimeDoc d;
      d.id = std::string(f[1]);
      const auto date = f.size() >= 3 ? time_date(f[2]) : std::nullopt;
      d.date = date ? *date : Date{1963, 1, 1};
      d.date_malformed = !date;
      docs.push_back(std::move(d));
      return;
    }
    if (docs.empty()) {
      error = parse_error(origin, line, "text before the first *TEXT header");
      return;
    }
    auto& text = docs.back().text;
    if (!text.empty()) text += '\n';
    text += l;
  });
  if (!error) return error;
  if (docs.empty()) return Status::parse_error(origin + ": no *TEXT document");
  return docs;
}

Result<std::vector<TimeQuery>> parse_time_queries(std::string_view bytes, const std::string& origin) {
  std::vector<TimeQuery> queries;
  Status error;
  for_each_line(bytes, [&](std::size_t line, std::string_view raw) {
    if (!error) return;
    const std::string_view l = trim(raw);
    if (l.empty()) return;
    if (l.starts_with("*FIND")) {
      const auto f = split_ws(l);
      TimeQuery q;
      if (f.size() != 2 || f[0] != "*FIND" || !to_int(f[1], q.id)) {
        error = parse_error(origin, line, "bad *FIND header");
        return;
      }
      queries.push_back(std::move(q));
      return;
    }
    if (l == "*STOP") return;
    if (queries.empty()) {
      error = parse_error(origin, line, "text before the first *FIND header");
      return;
    }
    auto& text = queries.back().text;
    if (!text.empty()) text += ' ';
    text += l;
  });
  if (!error) return error;
  if (queries.empty()) return Status::parse_error(origin + ": no *FIND query");
  return queries;
}

Result<std::map<int, std::set<int>>> parse_time_judgments(std::string_view bytes, const std::string& origin) {
  std::map<int, std::set<int>> rel;
  Status error;
  for_each_line(bytes, [&](std::size_t line, std::string_view raw) {
    if (!error) return;
    const auto f = split_ws(raw);
    if (f.empty()) return;
    int q = 0;
    if (!to_int(f[0], q)) {
      error = parse_error(origin, line, "bad query id '" + std::string(f[0]) + "'");
      return;
    }
    auto& docs = rel[q];
    for (std::size_t k = 1; k < f.size(); ++k) {
      int d = 0;
      if (!to_int(f[k], d)) {
        error = parse_error(origin, line, "bad doc id '" + std::string(f[k]) + "'");
        return;
      }
      docs.insert(d);
    }
    if (docs.empty()) rel.erase(q);
  });
  if (!error) return error;
  if (rel.empty()) return Status::parse_error(origin + ": no judgment");
  return rel;
}

std::map<int, std::set<int>> judged_text_ids(const std::map<int, std::set<int>>& positions,
                                             const std::vector<std::string>& texts) {
  constexpr int kLastBeforeGap = 370, kFirstAfterGap = 378, kMissing = 2;
  std::map<int, std::set<int>> out;
  for (const auto& [q, ns] : positions) {
    auto& ids = out[q];
    for (int n : ns) {
      int index = -1;  // 0-based in texts
      if (n >= 1 && n <= kLastBeforeGap) index = n - 1;
      if (n >= kFirstAfterGap) index = n - 1 - kMissing;
      ids.insert(index >= 0 && static_cast<std::size_t>(index) < texts.size() ? doc_number(texts[static_cast<std::size_t>(index)])
                                                                               : -1);
    }
  }
  return out;
}

Result<std::vector<CranfieldDoc>> parse_cranfield_docs(std::string_view bytes, const std::string& origin) {
  std::vector<CranfieldDoc> docs;
  Status error;
  char field = 0;
  for_each_line(bytes, [&](std::size_t line, std::string_view raw) {
    if (!error) return;
    const std::string_view l = trim(raw);
    if (l.size() >= 2 && l[0] == '.' && (l.size() == 2 || l[2] == ' ') && std::string_view("ITABW").find(l[1]) != std::string_view::npos) {
      field = l[1];
      if (field != 'I') return;
      CranfieldDoc d;
      if (!to_int(trim(l.substr(2)), d.number)) {
        error = parse_error(origin, line, "bad .I header");
        return;
      }
      docs.push_back(std::move(d));
      return;
    }
    if (l.empty()) return;
    if (docs.empty()) {
      error = parse_error(origin, line, "text before the first .I header");
      return;
    }
    if (field == 'T' || field == 'W') {
      auto& text = field == 'T' ? docs.back().title : docs.back().text;
      if (!text.empty()) text += field == 'T' ? ' ' : '\n';
      text += l;
    }
  });
  if (!error) return error;
  if (docs.empty()) return Status::parse_error(origin + ": no .I document");
  return docs;
}

Result<std::vector<TimeQuery>> parse_cranfield_queries(std::string_view bytes, const std::string& origin) {
  std::vector<TimeQuery> queries;
  Status error;
  for_each_line(bytes, [&](std::size_t line, std::string_view raw) {
    if (!error) return;
    const std::string_view l = trim(raw);
    if (l.starts_with(".I")) {
      int n = 0;
      if (!to_int(trim(l.substr(2)), n)) {
        error = parse_error(origin, line, "bad .I header");
        return;
      }
      TimeQuery q;
      q.id = static_cast<int>(queries.size()) + 1;  // the judgments' number: the position
      queries.push_back(std::move(q));
      return;
    }
    if (l.empty() || l == ".W") return;
    if (queries.empty()) {
      error = parse_error(origin, line, "text before the first .I header");
      return;
    }
    auto& text = queries.back().text;
    if (!text.empty()) text += ' ';
    text += l;
  });
  if (!error) return error;
  if (queries.empty()) return Status::parse_error(origin + ": no .I query");
  return queries;
}

Result<CranfieldJudgments> parse_cranfield_judgments(std::string_view bytes, const std::string& origin) {
  CranfieldJudgments j;
  Status error;
  for_each_line(bytes, [&](std::size_t line, std::string_view raw) {
    if (!error) return;
    const auto f = split_ws(raw);
    if (f.empty()) return;
    int q = 0, d = 0, code = 0;
    if (f.size() != 3 || !to_int(f[0], q) || !to_int(f[1], d) || !to_int(f[2], code) || code == 0 || code < -1 ||
        code > 5) {
      error = parse_error(origin, line, "expected 'query doc code' (code -1 or 1..5)");
      return;
    }
    if (code == -1) j.source[q].insert(d);
    else if (code <= 4) j.relevant[q].insert(d);
  });
  if (!error) return error;
  if (j.relevant.empty()) return Status::parse_error(origin + ": no judgment");
  // A document judged relevant is never left out, even if also marked as the source.
  for (auto& [q, ds] : j.source)
    if (const auto r = j.relevant.find(q); r != j.relevant.end())
      for (int d : r->second) ds.erase(d);
  return j;
}

// ---- metrics ---------------------------------------------------------------------------------

double average_precision(const std::vector<int>& ranking, const std::set<int>& relevant, std::size_t depth) {
  if (relevant.empty()) return 0;
  std::set<int> seen;
  std::size_t found = 0;
  double sum = 0;
  const std::size_t n = depth > 0 ? std::min(depth, ranking.size()) : ranking.size();
  for (std::size_t r = 0; r < n; ++r) {
    if (!relevant.contains(ranking[r]) || !seen.insert(ranking[r]).second) continue;
    ++found;
    sum += static_cast<double>(found) / static_cast<double>(r + 1);
  }
  return sum / static_cast<double>(relevant.size());
}

double precision_at(const std::vector<int>& ranking, const std::set<int>& relevant, std::size_t k) {
  if (k == 0) return 0;
  std::size_t hits = 0;
  for (std::size_t r = 0; r < ranking.size() && r < k; ++r) hits += relevant.contains(ranking[r]) ? 1 : 0;
  return static_cast<double>(hits) / static_cast<double>(k);
}

double ndcg_at(const std::vector<int>& ranking, const std::set<int>& relevant, std::size_t k) {
  double dcg = 0, ideal = 0;
  for (std::size_t r = 0; r < ranking.size() && r < k; ++r)
    if (relevant.contains(ranking[r])) dcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
  for (std::size_t r = 0; r < relevant.size() && r < k; ++r) ideal += 1.0 / std::log2(static_cast<double>(r) + 2.0);
  return ideal == 0 ? 0 : dcg / ideal;
}

// ---- the evaluation --------------------------------------------------------------------------

namespace {

// A collection ready to evaluate: documents numbered as the judgments number them.
struct Collection {
  std::string name, source, origin;
  Date now;
  struct Doc {
    int number = 0;
    Date date;
    std::string text;
  };
  std::vector<Doc> docs;
  std::vector<TimeQuery> queries;
  std::map<int, std::set<int>> rel, rel_all;
  std::map<int, std::set<int>> left_out;  // per query: documents removed from every ranking
};

// Plain Xapian as Omega runs it: QueryParser with the English stemmer, STEM_SOME, the default
// operator OR and Omega's default flags; a query it cannot parse is parsed again without flags.
Xapian::Query omega_query(Xapian::QueryParser& qp, const std::string& text) {
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_DEFAULT;
  try {
    return qp.parse_query(text, flags);
  } catch (const Xapian::QueryParserError&) {
    return qp.parse_query(text, 0);
  }
}

// Omega's "similar" terms: unprefixed words only (a term starting with a capital is a prefixed one).
class OmegaExpandDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
  }
};

Result<RelevanceReport> evaluate(const Collection& c, const std::string& data_dir) {
  TempDir tmp;
  if (tmp.path().empty()) return Status::io_error("cannot create a temporary directory");
  const std::string sitrep_dir = tmp.path() + "/sitrep", bm25_dir = tmp.path() + "/bm25",
                    omega_dir = tmp.path() + "/omega";

  RelevanceReport report;
  report.collection = c.name;
  report.documents = c.docs.size();
  const Analyzer analyzer;

  // sitrep's index.
  {
    IndexerOptions options;
    options.data_dir = data_dir;
    auto indexer = Indexer::open(sitrep_dir, options);
    if (!indexer) return indexer.status();
    for (const auto& d : c.docs) {
      Article a;
      a.id = std::to_string(d.number);
      a.date = d.date;
      a.text = d.text;
      a.source = c.source;
      a.lang = "en";
      a.origin = c.origin + " " + a.id;
      if (auto r = indexer->add(a); !r) return r.status();
    }
    if (auto st = indexer->commit(); !st) return st;
  }

  // The stem-only baseline: the Z-stems of the same analyzer, BM25 with Xapian's defaults; and
  // Omega's: TermGenerator with the English stemmer (STEM_SOME: words and Z-stems).
  try {
    Xapian::WritableDatabase db(bm25_dir, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::WritableDatabase odb(omega_dir, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    for (const auto& d : c.docs) {
      Xapian::Document doc;
      for (const auto& t : analyzer.tokenize(d.text))
        if (!t.numeric) doc.add_term(schema::term(schema::kStem, analyzer.stem(t.norm)));
      doc.set_data(std::to_string(d.number));
      db.add_document(doc);
      Xapian::Document odoc;
      tg.set_document(odoc);
      tg.index_text(d.text);
      odoc.set_data(std::to_string(d.number));
      odb.add_document(odoc);
    }
    db.commit();
    odb.commit();
  } catch (const Xapian::Error& e) {
    return Status::index_error("baseline index: " + e.get_description());
  }

  SearcherConfig config;
  config.data_dir = data_dir;
  auto searcher = Searcher::open(sitrep_dir, config);
  if (!searcher) return searcher.status();
  SearchOptions options;
  options.limit = kDepth;
  options.max_limit = kDepth;
  options.histogram = SearchOptions::Interval::kNone;
  options.now = c.now;
  options.facets = false;  // ranking only
  options.snippet_words = 0;

  try {
    Xapian::Database bm25(bm25_dir);
    Xapian::Enquire enquire(bm25);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    Xapian::Database omega(omega_dir);
    Xapian::Enquire omega_enquire(omega);
    omega_enquire.set_weighting_scheme(Xapian::BM25Weight());
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_database(omega);
    qp.set_default_op(Xapian::Query::OP_OR);
    std::map<int, Xapian::docid> omega_docid;  // document number -> docid in the Omega-style index
    for (std::size_t k = 0; k < c.docs.size(); ++k) omega_docid[c.docs[k].number] = static_cast<Xapian::docid>(k + 1);
    const QueryLimits like_limits;
    report.like.terms = like_limits.like_terms;
    const OmegaExpandDecider omega_decider;
    for (const auto& q : c.queries) {
      const auto judged = c.rel.find(q.id);
      const auto judged_all = c.rel_all.find(q.id);
      if (judged == c.rel.end() && judged_all == c.rel_all.end()) continue;
      if (judged != c.rel.end()) ++report.queries;
      if (judged_all != c.rel_all.end()) ++report.queries_all;
      const auto left_out = c.left_out.find(q.id);
      auto keep = [&](int doc) { return left_out == c.left_out.end() || !left_out->second.contains(doc); };
      // Scores a ranking against both judgment sets.
      auto score = [&](const std::vector<int>& ranking, SystemScores& sum, SystemScores& sum_all) {
        if (judged != c.rel.end()) add_scores(sum, ranking, judged->second);
        if (judged_all != c.rel_all.end()) add_scores(sum_all, ranking, judged_all->second);
      };
      auto ap = [&](const std::vector<int>& ranking) {
        return judged != c.rel.end() ? average_precision(ranking, judged->second) : 0.0;
      };
      auto mset_ranking = [&](Xapian::Enquire& e, const Xapian::Query& query) {
        std::vector<int> out;
        e.set_query(query);
        const Xapian::MSet mset = e.get_mset(0, kDepth);
        for (auto it = mset.begin(); it != mset.end(); ++it)
          if (const int n = doc_number(it.get_document().get_data()); keep(n)) out.push_back(n);
        return out;
      };

      std::vector<int> ranking;
      QueryScore qs;
      qs.id = q.id;
      auto r = searcher->search(lower_ascii(q.text), options);
      if (!r) {
        ++report.sitrep_failed;
        qs.reading = "refused: " + r.status().message();
      } else {
        qs.reading = r->query.summary();
        if (r->relaxed) qs.reading += " [relaxed]";
        for (const auto& h : r->hits)
          if (const int n = doc_number(h.id); keep(n)) ranking.push_back(n);
        if (ranking.empty()) ++report.sitrep_empty;
      }
      score(ranking, report.sitrep, report.sitrep_all);
      qs.sitrep_ap = ap(ranking);

      std::vector<std::string> terms;
      for (const auto& t : analyzer.tokenize(q.text))
        if (!t.numeric && !analyzer.is_stopword(t.norm)) terms.push_back(schema::term(schema::kStem, analyzer.stem(t.norm)));
      ranking.clear();
      if (!terms.empty()) ranking = mset_ranking(enquire, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
      if (ranking.empty()) ++report.baseline_empty;
      score(ranking, report.baseline, report.baseline_all);
      qs.baseline_ap = ap(ranking);

      ranking = mset_ranking(omega_enquire, omega_query(qp, lower_ascii(q.text)));
      if (ranking.empty()) ++report.omega_empty;
      score(ranking, report.omega, report.omega_all);
      qs.omega_ap = ap(ranking);

      // More like the first relevant document (the lowest number), against TIME.REL / cranqrel.
      if (judged != c.rel.end()) {
        std::set<int> others;
        for (int d : judged->second)
          if (d >= 0 && omega_docid.contains(d)) others.insert(d);
        if (others.size() >= 2) {
          const int seed = *others.begin();
          others.erase(others.begin());
          qs.like_seed = seed;
          ++report.like.queries;
          auto kept = [&](int n) { return n != seed && keep(n); };
          ranking.clear();
          if (auto lr = searcher->search("like:" + std::to_string(seed), options); lr) {
            for (const auto& h : lr->hits)
              if (const int n = doc_number(h.id); kept(n)) ranking.push_back(n);
          } else {
            ++report.like.sitrep_failed;
          }
          qs.like_sitrep_ap = average_precision(ranking, others);
          report.like.sitrep_map += qs.like_sitrep_ap;
          report.like.sitrep_map100 += average_precision(ranking, others, 100);
          Xapian::RSet rset;
          rset.add_document(omega_docid.at(seed));
          const Xapian::ESet eset = omega_enquire.get_eset(static_cast<Xapian::termcount>(like_limits.like_terms), rset,
                                                           Xapian::Enquire::INCLUDE_QUERY_TERMS, &omega_decider);
          ranking.clear();
          if (!eset.empty()) {
            const Xapian::Query eq(Xapian::Query::OP_OR, eset.begin(), eset.end());
            omega_enquire.set_query(eq);
            const Xapian::MSet mset = omega_enquire.get_mset(0, kDepth + 1);
            for (auto it = mset.begin(); it != mset.end(); ++it)
              if (const int n = doc_number(it.get_document().get_data()); kept(n)) ranking.push_back(n);
          }
          qs.like_xapian_ap = average_precision(ranking, others);
          report.like.xapian_map += qs.like_xapian_ap;
          report.like.xapian_map100 += average_precision(ranking, others, 100);
        }
      }
      if (judged != c.rel.end()) report.per_query.push_back(std::move(qs));
    }
  } catch (const Xapian::Error& e) {
    return Status::index_error("baseline search: " + e.get_description());
  }
  for (auto* s : {&report.sitrep, &report.baseline, &report.omega}) divide(*s, report.queries);
  for (auto* s : {&report.sitrep_all, &report.baseline_all, &report.omega_all}) divide(*s, report.queries_all);
  if (report.like.queries > 0)
    for (double* v : {&report.like.sitrep_map, &report.like.xapian_map, &report.like.sitrep_map100, &report.like.xapian_map100})
      *v /= static_cast<double>(report.like.queries);
  return report;
}

}  // namespace

Result<RelevanceReport> evaluate_time(const std::string& dir, const std::string& data_dir) {
  const auto path = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
  auto all = read_file(path("TIME.ALL"));
  if (!all) return all.status();
  auto docs = parse_time_docs(all.value(), path("TIME.ALL"));
  if (!docs) return docs.status();
  auto que = read_file(path("TIME.QUE"));
  if (!que) return que.status();
  auto queries = parse_time_queries(que.value(), path("TIME.QUE"));
  if (!queries) return queries.status();
  auto rel_bytes = read_file(path("TIME.REL"));
  if (!rel_bytes) return rel_bytes.status();
  auto rel_positions = parse_time_judgments(rel_bytes.value(), path("TIME.REL"));
  if (!rel_positions) return rel_positions.status();
  std::map<int, std::set<int>> rel_all_positions;
  if (std::filesystem::exists(path("TIME.REL.ALL"))) {
    auto bytes = read_file(path("TIME.REL.ALL"));
    if (!bytes) return bytes.status();
    auto r = parse_time_judgments(bytes.value(), path("TIME.REL.ALL"));
    if (!r) return r.status();
    rel_all_positions = std::move(r).value();
  }
  std::vector<std::string> texts;
  for (const auto& d : docs.value()) texts.push_back(d.id);

  Collection c;
  c.name = "TIME";
  c.source = "TIME";
  c.origin = path("TIME.ALL") + " *TEXT";
  c.now = Date{1963, 12, 31};
  c.rel = judged_text_ids(rel_positions.value(), texts);
  c.rel_all = judged_text_ids(rel_all_positions, texts);
  c.queries = std::move(queries).value();
  std::size_t malformed = 0;
  for (const auto& d : docs.value()) {
    if (d.date_malformed) ++malformed;
    c.docs.push_back({doc_number(d.id), d.date, d.text});
  }
  auto report = evaluate(c, data_dir);
  if (report) report->malformed_dates = malformed;
  return report;
}

Result<RelevanceReport> evaluate_cranfield(const std::string& dir, const std::string& data_dir) {
  const auto path = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
  auto all = read_file(path("cran.all.1400"));
  if (!all) return all.status();
  auto docs = parse_cranfield_docs(all.value(), path("cran.all.1400"));
  if (!docs) return docs.status();
  auto qry = read_file(path("cran.qry"));
  if (!qry) return qry.status();
  auto queries = parse_cranfield_queries(qry.value(), path("cran.qry"));
  if (!queries) return queries.status();
  auto rel_bytes = read_file(path("cranqrel"));
  if (!rel_bytes) return rel_bytes.status();
  auto judgments = parse_cranfield_judgments(rel_bytes.value(), path("cranqrel"));
  if (!judgments) return judgments.status();

  Collection c;
  c.name = "Cranfield";
  c.source = "Cranfield";
  c.origin = path("cran.all.1400") + " .I";
  c.now = Date{1960, 12, 31};
  c.queries = std::move(queries).value();
  c.rel = std::move(judgments->relevant);
  c.left_out = std::move(judgments->source);
  for (const auto& d : docs.value()) c.docs.push_back({d.number, Date{1960, 1, 1}, d.text.empty() ? d.title : d.text});
  return evaluate(c, data_dir);
}

}  // namespace sitrep::eval
