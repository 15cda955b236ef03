// sitrep-bench-baselines: the baseline engines of benchmarks/run and its report.
//
//   sitrep-bench-baselines corpus IN.jsonl [--scriptindex-dump OUT] [--json FILE]
//       Counts the articles, the JSON Lines bytes and the raw text (title + text, UTF-8 bytes) and
//       optionally writes the articles in scriptindex's dump format (field=value lines, continued
//       lines start with '=', a blank line between records) for benchmarks/scriptindex.script.
//   sitrep-bench-baselines fts5-load --db FILE [--batch N] [--json FILE] IN.jsonl
//       Loads the articles into a new SQLite FTS5 table (id and date unindexed, title and text
//       indexed with positions, tokenizer 'porter unicode61') in transactions of N rows (1000).
//   sitrep-bench-baselines fts5-optimize --db FILE
//       Merges the FTS5 index b-trees into one ('optimize', FTS5's compaction), then VACUUM.
//   sitrep-bench-baselines fts5-query --db FILE --queries FILE [--repeat N] [--warmup N] [--json FILE]
//       Times each query's plain words (those plain Xapian gets, sitrep's stopwords dropped, each
//       word a quoted FTS5 string, joined by OR) with ORDER BY bm25 LIMIT 10, in-process.
//   sitrep-bench-baselines report --dir WORK [--json FILE]
//       Assembles the figures benchmarks/run left in WORK into the JSON report (schema in
//       benchmarks/README.md) and prints the Markdown tables.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench_common.h"
#include "sitrep/analyzer.h"

namespace {

namespace fs = std::filesystem;
namespace bench = sitrep::bench;
using nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;
constexpr const char* kProg = "sitrep-bench-baselines";

double secs_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int fail(const std::string& msg) {
  std::fprintf(stderr, "%s: %s\n", kProg, msg.c_str());
  return 1;
}

bool write_json(const std::string& path, const ordered_json& j) {
  if (path.empty() || path == "-") {
    std::printf("%s\n", j.dump(2).c_str());
    return true;
  }
  std::ofstream f(path);
  f << j.dump(2) << "\n";
  return static_cast<bool>(f);
}

// Arguments after the subcommand: --name value pairs and positional ones.
struct Args {
  std::map<std::string, std::string> named;
  std::vector<std::string> positional;
  std::string get(const std::string& k, const std::string& fallback = "") const {
    auto it = named.find(k);
    return it == named.end() ? fallback : it->second;
  }
  int get_int(const std::string& k, int fallback) const {
    auto it = named.find(k);
    return it == named.end() ? fallback : std::atoi(it->second.c_str());
  }
};

std::optional<Args> parse_args(int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    const std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      if (i + 1 >= argc) return std::nullopt;
      a.named[s.substr(2)] = argv[++i];
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::string field(const nlohmann::json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ---- corpus: counts and the scriptindex dump -------------------------------------------------

void dump_field(std::string& out, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  out += name;
  out += '=';
  std::size_t s = 0;
  while (true) {
    const std::size_t e = value.find('\n', s);
    out += value.substr(s, e == std::string_view::npos ? std::string_view::npos : e - s);
    out += '\n';
    if (e == std::string_view::npos) break;
    out += '=';  // a continuation line
    s = e + 1;
  }
}

int cmd_corpus(const Args& a) {
  if (a.positional.size() != 1) return fail("corpus: one JSON Lines file expected");
  std::ifstream in(a.positional[0], std::ios::binary);
  if (!in) return fail(a.positional[0] + ": cannot read");
  const std::string dump_path = a.get("scriptindex-dump");
  std::ofstream dump;
  if (!dump_path.empty()) {
    dump.open(dump_path, std::ios::binary);
    if (!dump) return fail(dump_path + ": cannot write");
  }
  std::uint64_t articles = 0, jsonl_bytes = 0, text_bytes = 0, bad = 0;
  std::string rec;
  for (std::string line; std::getline(in, line);) {
    jsonl_bytes += line.size() + 1;
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      ++bad;
      continue;
    }
    const std::string title = field(j, "title"), text = field(j, "text");
    ++articles;
    text_bytes += title.size() + text.size();
    if (dump) {
      rec.clear();
      dump_field(rec, "id", field(j, "id"));
      dump_field(rec, "date", field(j, "date"));
      dump_field(rec, "title", title);
      dump_field(rec, "text", text);
      rec += '\n';
      dump << rec;
    }
  }
  if (dump && !dump.flush()) return fail(dump_path + ": cannot write");
  ordered_json j{{"articles", articles}, {"jsonl_bytes", jsonl_bytes}, {"text_bytes", text_bytes}, {"bad_lines", bad}};
  return write_json(a.get("json"), j) ? 0 : fail(a.get("json") + ": cannot write");
}

// ---- SQLite FTS5 -----------------------------------------------------------------------------

struct DbCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

std::optional<Db> open_db(const std::string& path, std::string& err) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open(path.c_str(), &raw);
  Db db(raw);
  if (rc != SQLITE_OK) {
    err = path + ": " + (raw ? sqlite3_errmsg(raw) : "cannot open");
    return std::nullopt;
  }
  return db;
}

bool exec(sqlite3* db, const char* sql, std::string& err) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) == SQLITE_OK) return true;
  err = std::string(sql) + ": " + (msg ? msg : "error");
  sqlite3_free(msg);
  return false;
}

std::optional<Stmt> prepare(sqlite3* db, const char* sql, std::string& err) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    err = std::string(sql) + ": " + sqlite3_errmsg(db);
    return std::nullopt;
  }
  return Stmt(raw);
}

std::uint64_t file_size(const std::string& path) {
  std::error_code ec;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : n;
}

int cmd_fts5_load(const Args& a) {
  const std::string path = a.get("db");
  if (path.empty() || a.positional.size() != 1) return fail("fts5-load: --db FILE and one JSON Lines file expected");
  const int batch = std::max(1, a.get_int("batch", 1000));
  std::ifstream in(a.positional[0], std::ios::binary);
  if (!in) return fail(a.positional[0] + ": cannot read");
  std::error_code ec;
  fs::remove(path, ec);
  const auto t0 = Clock::now();
  std::string err;
  auto db = open_db(path, err);
  if (!db) return fail(err);
  if (!exec(db->get(),
            "CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, date UNINDEXED, title, text, "
            "tokenize = 'porter unicode61')",
            err))
    return fail(err);
  auto ins = prepare(db->get(), "INSERT INTO articles(id, date, title, text) VALUES (?1, ?2, ?3, ?4)", err);
  if (!ins) return fail(err);
  std::uint64_t articles = 0, text_bytes = 0, in_batch = 0;
  const bool progress = isatty(fileno(stderr));
  if (!exec(db->get(), "BEGIN", err)) return fail(err);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    const std::string id = field(j, "id"), date = field(j, "date"), title = field(j, "title"), text = field(j, "text");
    sqlite3_stmt* s = ins->get();
    sqlite3_bind_text(s, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 2, date.data(), static_cast<int>(date.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 3, title.data(), static_cast<int>(title.size()), SQLITE_STATIC);
    sqlite3_bind_text(s, 4, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) return fail(std::string("insert: ") + sqlite3_errmsg(db->get()));
    sqlite3_reset(s);
    ++articles;
    text_bytes += title.size() + text.size();
    if (++in_batch == static_cast<std::uint64_t>(batch)) {
      if (!exec(db->get(), "COMMIT", err) || !exec(db->get(), "BEGIN", err)) return fail(err);
      in_batch = 0;
      if (progress && articles % 10000 == 0)
        std::fprintf(stderr, "\r%s: %llu articles", kProg, static_cast<unsigned long long>(articles));
    }
  }
  if (!exec(db->get(), "COMMIT", err)) return fail(err);
  ins.reset();
  db.reset();
  const double secs = secs_since(t0);
  if (progress) std::fprintf(stderr, "\r");
  std::fprintf(stderr, "%s: %llu articles, %.1f MB of text loaded into FTS5 in %.1f s (%.2f MB/s)\n", kProg,
               static_cast<unsigned long long>(articles), static_cast<double>(text_bytes) / 1e6, secs,
               static_cast<double>(text_bytes) / 1e6 / std::max(secs, 1e-9));
  ordered_json j{{"articles", articles},
                 {"text_bytes", text_bytes},
                 {"seconds", secs},
                 {"size_bytes", file_size(path)},
                 {"sqlite_version", sqlite3_libversion()},
                 {"tokenizer", "porter unicode61"},
                 {"batch", batch}};
  return write_json(a.get("json"), j) ? 0 : fail(a.get("json") + ": cannot write");
}

int cmd_fts5_optimize(const Args& a) {
  const std::string path = a.get("db");
  if (path.empty()) return fail("fts5-optimize: --db FILE expected");
  std::string err;
  auto db = open_db(path, err);
  if (!db) return fail(err);
  if (!exec(db->get(), "INSERT INTO articles(articles) VALUES('optimize')", err) || !exec(db->get(), "VACUUM", err))
    return fail(err);
  return 0;
}

int cmd_fts5_query(const Args& a) {
  const std::string path = a.get("db"), qpath = a.get("queries");
  if (path.empty() || qpath.empty()) return fail("fts5-query: --db FILE --queries FILE expected");
  const int repeat = std::max(1, a.get_int("repeat", 10)), warmup = std::max(0, a.get_int("warmup", 1));
  std::vector<bench::Query> queries;
  std::vector<std::string> class_order;
  if (!bench::read_queries(qpath, queries, class_order)) return fail(qpath + ": cannot open");
  std::string err;
  auto db = open_db(path, err);
  if (!db) return fail(err);
  auto sel =
      prepare(db->get(), "SELECT id, title FROM articles WHERE articles MATCH ?1 ORDER BY bm25(articles) LIMIT 10", err);
  if (!sel) return fail(err);
  // The FTS5 expression of each query: its plain words minus sitrep's stopwords, quoted, OR.
  const sitrep::Analyzer analyzer;
  std::vector<std::string> exprs;
  for (const auto& q : queries) {
    std::string e;
    std::istringstream words(q.plain);
    for (std::string w; words >> w;) {
      std::string lower = w;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (analyzer.is_stopword(lower)) continue;
      std::string quoted = "\"";
      for (char c : w) {
        if (c == '"') quoted += '"';
        quoted += c;
      }
      quoted += '"';
      if (!e.empty()) e += " OR ";
      e += quoted;
    }
    exprs.push_back(e);
  }
  std::vector<bench::Stats> per(queries.size());
  const auto wall0 = Clock::now();
  std::size_t sink = 0;
  for (int round = 0; round < warmup + repeat; ++round) {
    const bool timed = round >= warmup;
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
      if (exprs[qi].empty()) continue;
      sqlite3_stmt* s = sel->get();
      const auto t0 = Clock::now();
      sqlite3_bind_text(s, 1, exprs[qi].data(), static_cast<int>(exprs[qi].size()), SQLITE_STATIC);
      int rows = 0, rc;
      while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ++rows;
        sink += static_cast<std::size_t>(sqlite3_column_bytes(s, 0) + sqlite3_column_bytes(s, 1));
      }
      sqlite3_reset(s);
      const double ms = secs_since(t0) * 1000;
      if (rc != SQLITE_DONE && round == 0)
        std::fprintf(stderr, "%s: '%s': %s\n", kProg, exprs[qi].c_str(), sqlite3_errmsg(db->get()));
      if (timed) {
        per[qi].add(ms);
        per[qi].total_matches += rows;
        if (rc != SQLITE_DONE) ++per[qi].failures;
      }
    }
  }
  auto summary = [](const bench::Stats& st) {
    const auto s = st.sorted();
    const double runs = static_cast<double>(std::max<std::size_t>(1, s.size()));
    return ordered_json{{"runs", s.size()},
                        {"p50_ms", bench::pct(s, 0.5)},
                        {"p95_ms", bench::pct(s, 0.95)},
                        {"p99_ms", bench::pct(s, 0.99)},
                        {"mean_ms", st.mean()},
                        {"max_ms", s.empty() ? 0.0 : s.back()},
                        {"mean_rows", st.total_matches / runs},
                        {"failures", st.failures}};
  };
  std::map<std::string, bench::Stats> by_class;
  std::map<std::string, std::size_t> class_queries;
  bench::Stats overall;
  std::size_t failures = 0;
  for (std::size_t qi = 0; qi < queries.size(); ++qi) {
    by_class[queries[qi].klass].merge(per[qi]);
    ++class_queries[queries[qi].klass];
    overall.merge(per[qi]);
    failures += per[qi].failures;
  }
  ordered_json out{{"db", path}, {"repeat", repeat}, {"warmup", warmup}, {"seconds", secs_since(wall0)}};
  out["classes"] = ordered_json::array();
  for (const auto& c : class_order) {
    ordered_json j{{"class", c}, {"queries", class_queries[c]}, {"fts5", summary(by_class[c])}};
    out["classes"].push_back(j);
  }
  out["overall"] = ordered_json{{"fts5", summary(overall)}};
  out["queries"] = ordered_json::array();
  for (std::size_t qi = 0; qi < queries.size(); ++qi)
    out["queries"].push_back(ordered_json{
        {"class", queries[qi].klass}, {"query", queries[qi].text}, {"match", exprs[qi]}, {"fts5", summary(per[qi])}});
  std::fprintf(stderr, "%s: %zu FTS5 queries x %d runs, overall p50 %.2f ms, p99 %.2f ms%s\n", kProg, queries.size(),
               repeat, bench::pct(overall.sorted(), 0.5), bench::pct(overall.sorted(), 0.99),
               sink == 0 ? " (no rows)" : "");
  if (!write_json(a.get("json"), out)) return fail(a.get("json") + ": cannot write");
  return failures ? 1 : 0;
}

}  // namespace

int report_main(const std::string& dir, const std::string& json_path);  // bench_report.cpp

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  auto args = parse_args(argc, argv, 2);
  if (cmd.empty() || !args) {
    std::fprintf(stderr,
                 "usage: %s corpus IN.jsonl [--scriptindex-dump OUT] [--json FILE]\n"
                 "       %s fts5-load --db FILE [--batch N] [--json FILE] IN.jsonl\n"
                 "       %s fts5-optimize --db FILE\n"
                 "       %s fts5-query --db FILE --queries FILE [--repeat N] [--warmup N] [--json FILE]\n"
                 "       %s report --dir WORK [--json FILE]\n",
                 kProg, kProg, kProg, kProg, kProg);
    return 2;
  }
  try {
    if (cmd == "corpus") return cmd_corpus(*args);
    if (cmd == "fts5-load") return cmd_fts5_load(*args);
    if (cmd == "fts5-optimize") return cmd_fts5_optimize(*args);
    if (cmd == "fts5-query") return cmd_fts5_query(*args);
    if (cmd == "report") return report_main(args->get("dir"), args->get("json"));
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  return fail(std::string("unknown command '").append(cmd).append("' (corpus, fts5-load, fts5-optimize, fts5-query, report)"));
}
