// The report of benchmarks/run (sitrep-bench-baselines report): reads the figures the script
// left in its work directory, writes the JSON report and prints Markdown tables.
//
// Work directory (written by benchmarks/run):
//   run.env                      key=value lines: machine facts, versions, settings, engine commands
//   size-N/corpus.json           sitrep-bench-baselines corpus (articles, jsonl_bytes, text_bytes)
//   size-N/gen.exec.json         sitrep-bench-exec of the generator
//   size-N/E.index.exec.json     sitrep-bench-exec of engine E's indexing run
//   size-N/E.index.bytes         the index's size on disk in bytes (du -sb)
//   size-N/E.compact.exec.json   the compaction run;   size-N/E.compact.bytes  its size
//   size-N/E.queries.json        query latency (sitrep-bench-queries --json or fts5-query --json)
//   size-N/E.queries.exec.json   sitrep-bench-exec of that query benchmark (its wall time and peak RSS)
// for E in sitrep, sitrep-sharded, scriptindex, fts5; any file may be missing (engine skipped).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// sitrep-old: the same runs as sitrep with another build's binaries (benchmarks/run --old-build), so
// that a change is measured as a ratio in one run.
constexpr const char* kEngines[] = {"sitrep", "sitrep-old", "sitrep-sharded", "scriptindex", "fts5"};
constexpr const char* kEngineTitles[] = {"sitrep", "sitrep, old build", "sitrep, 2 shards", "scriptindex",
                                         "SQLite FTS5"};
constexpr const char* kClasses[] = {"free", "faceted", "date", "geo", "natural", "overall"};

std::optional<ordered_json> read_json(const fs::path& p) {
  std::ifstream f(p);
  if (!f) return std::nullopt;
  auto j = ordered_json::parse(f, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::optional<double> read_number(const fs::path& p) {
  std::ifstream f(p);
  double v = 0;
  if (f >> v) return v;
  return std::nullopt;
}

std::map<std::string, std::string> read_env(const fs::path& p) {
  std::map<std::string, std::string> m;
  std::ifstream f(p);
  for (std::string line; std::getline(f, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return m;
}

double num(const ordered_json& j, const char* k, double fallback = 0) {
  auto it = j.find(k);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  return b;
}

std::string thousands(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s.push_back(',');
    s.push_back(digits[i]);
  }
  return s;
}

// The figures of one engine at one size.
ordered_json engine_figures(const fs::path& dir, const std::string& e, double articles, double text_bytes,
                            const std::map<std::string, std::string>& env) {
  ordered_json out;
  auto ix = read_json(dir / (e + ".index.exec.json"));
  if (!ix) return out;
  std::string key = "command_";
  key += e;
  auto it = env.find(key);
  if (it != env.end()) out["command"] = it->second;
  const double wall = std::max(num(*ix, "wall_s"), 1e-9);
  ordered_json index{{"wall_s", num(*ix, "wall_s")},
                     {"user_s", num(*ix, "user_s")},
                     {"sys_s", num(*ix, "sys_s")},
                     {"cpu_per_wall", (num(*ix, "user_s") + num(*ix, "sys_s")) / wall},
                     {"max_rss_mb", num(*ix, "max_rss_kb") / 1024.0},
                     {"exit_status", num(*ix, "exit_status")},
                     {"docs_per_s", articles / wall},
                     {"mb_per_s", text_bytes / 1e6 / wall},
                     {"mb_per_cpu_s", text_bytes / 1e6 / std::max(num(*ix, "user_s") + num(*ix, "sys_s"), 1e-9)}};
  if (std::ifstream lf(dir / (e + ".load")); lf) {
    std::string load;
    std::getline(lf, load);
    index["load_average_before"] = load;
  }
  if (auto b = read_number(dir / (e + ".index.bytes"))) {
    index["size_bytes"] = *b;
    index["size_ratio"] = text_bytes > 0 ? *b / text_bytes : 0.0;
  }
  out["index"] = index;
  if (auto cx = read_json(dir / (e + ".compact.exec.json"))) {
    ordered_json compact{{"wall_s", num(*cx, "wall_s")},
                         {"max_rss_mb", num(*cx, "max_rss_kb") / 1024.0},
                         {"exit_status", num(*cx, "exit_status")}};
    if (auto b = read_number(dir / (e + ".compact.bytes"))) {
      compact["size_bytes"] = *b;
      compact["size_ratio"] = text_bytes > 0 ? *b / text_bytes : 0.0;
    }
    out["compact"] = compact;
  }
  if (auto q = read_json(dir / (e + ".queries.json"))) {
    // sitrep-bench-queries: measures "sitrep" and "xapian" (plain Xapian on the same index);
    // --xapian-only on scriptindex's index: "xapian"; fts5-query: "fts5".
    const char* own = e == "fts5" ? "fts5" : e == "scriptindex" ? "xapian" : "sitrep";
    ordered_json queries, plain, hits_only;
    auto pick = [](const ordered_json& m) {
      return ordered_json{{"p50_ms", num(m, "p50_ms")},
                          {"p95_ms", num(m, "p95_ms")},
                          {"p99_ms", num(m, "p99_ms")},
                          {"runs", num(m, "runs")},
                          {"failures", num(m, "failures")}};
    };
    auto take = [&](const std::string& klass, const ordered_json& c) {
      if (c.contains(own)) queries[klass] = pick(c[own]);
      if (e == "sitrep" && c.contains("xapian")) plain[klass] = pick(c["xapian"]);
      if ((e == "sitrep" || e == "sitrep-old") && c.contains("sitrep_hits_only"))
        hits_only[klass] = pick(c["sitrep_hits_only"]);
    };
    if (q->contains("classes"))
      for (const auto& c : (*q)["classes"]) take(c.value("class", std::string("query")), c);
    if (q->contains("overall")) take("overall", (*q)["overall"]);
    out["queries"] = queries;
    if (!plain.empty()) out["queries_plain_xapian_same_index"] = plain;
    if (!hits_only.empty()) out["queries_hits_only"] = hits_only;
  }
  if (auto qx = read_json(dir / (e + ".queries.exec.json")))
    out["queries_process"] = ordered_json{{"wall_s", num(*qx, "wall_s")}, {"max_rss_mb", num(*qx, "max_rss_kb") / 1024.0}};
  return out;
}

const ordered_json* find_path(const ordered_json& j, std::initializer_list<const char*> keys) {
  const ordered_json* cur = &j;
  for (const char* k : keys) {
    if (!cur->is_object() || !cur->contains(k)) return nullptr;
    cur = &(*cur)[k];
  }
  return cur;
}

std::optional<double> get(const ordered_json& j, std::initializer_list<const char*> keys) {
  const ordered_json* v = find_path(j, keys);
  if (!v || !v->is_number()) return std::nullopt;
  return v->get<double>();
}

ordered_json target(const char* name, const char* goal, std::optional<double> value, std::optional<bool> met,
                    const std::string& note) {
  ordered_json t{{"name", name}, {"target", goal}};
  t["value"] = value ? ordered_json(*value) : ordered_json(nullptr);
  t["met"] = met ? ordered_json(*met) : ordered_json(nullptr);
  t["note"] = note;
  return t;
}

ordered_json size_report(const fs::path& dir, const std::map<std::string, std::string>& env) {
  ordered_json s;
  auto corpus = read_json(dir / "corpus.json");
  if (!corpus) return s;
  const double articles = num(*corpus, "articles"), text_bytes = num(*corpus, "text_bytes");
  s["articles"] = articles;
  s["jsonl_bytes"] = num(*corpus, "jsonl_bytes");
  s["text_bytes"] = text_bytes;
  if (auto g = read_json(dir / "gen.exec.json")) s["generate"] = *g;
  ordered_json engines = ordered_json::object();
  for (const char* e : kEngines) {
    auto f = engine_figures(dir, e, articles, text_bytes, env);
    if (!f.empty()) engines[e] = f;
  }
  s["engines"] = engines;

  // Ratios.
  ordered_json r;
  auto mbs = [&](const char* e) { return get(engines, {e, "index", "mb_per_s"}); };
  auto div = [](std::optional<double> a, std::optional<double> b) -> std::optional<double> {
    if (!a || !b || *b <= 0) return std::nullopt;
    return *a / *b;
  };
  auto put = [&](ordered_json& j, const char* k, std::optional<double> v) {
    if (v) j[k] = *v;
  };
  put(r, "sitrep_mb_per_s_vs_scriptindex", div(mbs("sitrep"), mbs("scriptindex")));
  put(r, "sitrep_sharded_mb_per_s_vs_scriptindex", div(mbs("sitrep-sharded"), mbs("scriptindex")));
  put(r, "sitrep_mb_per_s_vs_fts5", div(mbs("sitrep"), mbs("fts5")));
  put(r, "sitrep_mb_per_cpu_s_vs_scriptindex",
      div(get(engines, {"sitrep", "index", "mb_per_cpu_s"}), get(engines, {"scriptindex", "index", "mb_per_cpu_s"})));
  put(r, "sitrep_sharded_mb_per_s_vs_fts5", div(mbs("sitrep-sharded"), mbs("fts5")));
  ordered_json size_ratio, compact_ratio;
  for (const char* e : kEngines) {
    put(size_ratio, e, get(engines, {e, "index", "size_ratio"}));
    put(compact_ratio, e, get(engines, {e, "compact", "size_ratio"}));
  }
  r["index_size_vs_raw"] = size_ratio;
  r["compacted_size_vs_raw"] = compact_ratio;
  put(r, "sitrep_mb_per_s_vs_old_build", div(mbs("sitrep"), mbs("sitrep-old")));
  ordered_json p50_x, p50_same, p50_fts5, p50_bare, p50_old, p99_old, bare_old;
  for (const char* c : kClasses) {
    const auto sp = get(engines, {"sitrep", "queries", c, "p50_ms"});
    put(p50_old, c, div(sp, get(engines, {"sitrep-old", "queries", c, "p50_ms"})));
    put(p99_old, c,
        div(get(engines, {"sitrep", "queries", c, "p99_ms"}), get(engines, {"sitrep-old", "queries", c, "p99_ms"})));
    put(bare_old, c, div(get(engines, {"sitrep", "queries_hits_only", c, "p50_ms"}),
                         get(engines, {"sitrep-old", "queries_hits_only", c, "p50_ms"})));
    put(p50_x, c, div(sp, get(engines, {"scriptindex", "queries", c, "p50_ms"})));
    put(p50_bare, c,
        div(get(engines, {"sitrep", "queries_hits_only", c, "p50_ms"}), get(engines, {"scriptindex", "queries", c, "p50_ms"})));
    put(p50_same, c, div(sp, get(engines, {"sitrep", "queries_plain_xapian_same_index", c, "p50_ms"})));
    put(p50_fts5, c, div(sp, get(engines, {"fts5", "queries", c, "p50_ms"})));
  }
  r["sitrep_p50_vs_plain_xapian"] = p50_x;
  r["sitrep_p50_vs_plain_xapian_same_index"] = p50_same;
  r["sitrep_p50_vs_fts5"] = p50_fts5;
  r["sitrep_hits_only_p50_vs_plain_xapian"] = p50_bare;
  r["sitrep_p50_vs_old_build"] = p50_old;
  r["sitrep_p99_vs_old_build"] = p99_old;
  r["sitrep_hits_only_p50_vs_old_build"] = bare_old;
  s["ratios"] = r;

  // Targets of issue 7.
  ordered_json t = ordered_json::array();
  {
    const auto a = div(mbs("sitrep"), mbs("scriptindex")), b = div(mbs("sitrep-sharded"), mbs("scriptindex"));
    std::optional<double> best = a;
    std::string which = "sitrep --threads 2";
    if (b && (!best || *b > *best)) {
      best = b;
      which = "sitrep --threads 2 --shards 2 (merge not included)";
    }
    t.push_back(target("indexing_speed", "sitrep MB/s >= 3x scriptindex MB/s (both cores used)", best,
                       best ? std::optional<bool>(*best >= 3.0) : std::nullopt, std::string("best variant: ").append(which)));
  }
  {
    std::optional<double> v = get(engines, {"sitrep", "compact", "size_ratio"});
    t.push_back(target("compacted_size", "sitrep compacted index <= 2.0x raw text (positions kept)", v,
                       v ? std::optional<bool>(*v <= 2.0) : std::nullopt, "raw text = title + text bytes"));
  }
  // Query p50 against plain Xapian, worst class: the full search (facets and histogram over the
  // whole match set, snippets), and the same query asked for its page of hits only.
  auto worst_p50 = [&](const ordered_json& ratios, const char* id, const char* what) {
    std::optional<double> worst;
    std::string cls;
    for (const char* c : kClasses) {
      if (std::string(c) == "overall") continue;
      auto v = ratios.contains(c) ? std::optional<double>(ratios[c].get<double>()) : std::nullopt;
      if (v && (!worst || *v > *worst)) {
        worst = v;
        cls = c;
      }
    }
    t.push_back(target(id, what, worst, worst ? std::optional<bool>(*worst <= 1.0) : std::nullopt,
                       worst ? std::string("value: the worst class's ratio (").append(cls).append(")")
                             : std::string("no query figures")));
  };
  worst_p50(p50_x, "query_p50_vs_xapian",
            "sitrep p50 no slower than plain Xapian (scriptindex's index, in-process) in every class");
  worst_p50(p50_bare, "query_p50_hits_only_vs_xapian",
            "sitrep p50, hits only (no facets, no snippets), no slower than plain Xapian in every class");
  {
    const auto v = get(engines, {"sitrep", "queries", "faceted", "p99_ms"});
    const bool at_1m = articles >= 1000000;
    t.push_back(target("faceted_p99_at_1m", "sitrep faceted p99 <= 100 ms at 1,000,000 articles", v,
                       v && at_1m ? std::optional<bool>(*v <= 100.0) : std::nullopt,
                       at_1m ? "" : "judged at 1,000,000 articles only; value shown for this size"));
  }
  {
    std::optional<double> peak;
    for (const char* e : {"sitrep", "sitrep-sharded"})
      if (auto v = get(engines, {e, "index", "max_rss_mb"}); v && (!peak || *v > *peak)) peak = v;
    t.push_back(target("peak_rss", "sitrep peak RSS <= 2 GB (2048 MB) while indexing", peak,
                       peak ? std::optional<bool>(*peak <= 2048.0) : std::nullopt, "MB = 2^20 bytes"));
  }
  s["targets"] = t;
  return s;
}

// ---- Markdown --------------------------------------------------------------------------------

std::string cell(const ordered_json& engines, const char* e, std::initializer_list<const char*> keys,
                 double scale = 1) {
  if (!engines.contains(e)) return "-";
  auto v = get(engines[e], keys);
  return v ? fmt(*v * scale) : "-";
}

void print_markdown(const ordered_json& report) {
  const auto& m = report["machine"];
  std::printf("# sitrep benchmark, %s\n\n", report.value("created", std::string()).c_str());
  std::printf("%s: %s, %s cores, %s MB memory; load average %s at start, %s at end. %s\n\n",
              m.value("host", std::string("?")).c_str(), m.value("cpu", std::string("?")).c_str(),
              m.value("cores", std::string("?")).c_str(), m.value("memory_mb", std::string("?")).c_str(),
              m.value("load_start", std::string("?")).c_str(), m.value("load_end", std::string("?")).c_str(),
              report["versions"].dump().c_str());
  std::printf("Raw text = title + text of the articles (UTF-8 bytes); MB = 10^6 bytes for text and sizes, 2^20 "
              "for RSS. Queries timed in-process (%s).\n",
              report["settings"].value("query_timing", std::string()).c_str());
  for (const auto& s : report["sizes"]) {
    const auto& en = s["engines"];
    std::printf("\n## %s articles: %.1f MB of raw text (%.1f MB of JSON Lines)\n\n",
                thousands(static_cast<std::uint64_t>(num(s, "articles"))).c_str(), num(s, "text_bytes") / 1e6,
                num(s, "jsonl_bytes") / 1e6);
    std::printf("| figure |");
    // The old build's column only when the run measured one (benchmarks/run --old-build).
    std::vector<const char*> shown;
    for (std::size_t k = 0; k < std::size(kEngines); ++k)
      if (std::string_view(kEngines[k]) != "sitrep-old" || en.contains("sitrep-old")) shown.push_back(kEngines[k]);
    for (std::size_t k = 0; k < std::size(kEngines); ++k)
      if (std::find(shown.begin(), shown.end(), kEngines[k]) != shown.end()) std::printf(" %s |", kEngineTitles[k]);
    std::printf(" plain Xapian on sitrep's index |\n|---|");
    for (std::size_t k = 0; k <= shown.size(); ++k) std::printf("--:|");
    std::printf("\n");
    auto row = [&](const char* name, std::initializer_list<const char*> keys, double scale = 1) {
      std::printf("| %s |", name);
      for (const char* e : shown) std::printf(" %s |", cell(en, e, keys, scale).c_str());
      std::printf(" - |\n");
    };
    row("indexing s", {"index", "wall_s"});
    row("docs/s", {"index", "docs_per_s"});
    row("MB/s of raw text", {"index", "mb_per_s"});
    row("CPU use (user+sys / wall)", {"index", "cpu_per_wall"});
    row("MB of raw text per CPU-second", {"index", "mb_per_cpu_s"});
    row("peak RSS MB", {"index", "max_rss_mb"});
    row("index size MB", {"index", "size_bytes"}, 1e-6);
    row("index size / raw text", {"index", "size_ratio"});
    row("compaction s", {"compact", "wall_s"});
    row("compacted size MB", {"compact", "size_bytes"}, 1e-6);
    row("compacted size / raw text", {"compact", "size_ratio"});
    row("query benchmark peak RSS MB", {"queries_process", "max_rss_mb"});
    for (const char* c : kClasses) {
      std::printf("| %s p50 / p95 / p99 ms |", c);
      auto q = [&](const char* e, const char* which) -> std::string {
        if (!en.contains(e)) return "-";
        auto a = get(en[e], {which, c, "p50_ms"}), b = get(en[e], {which, c, "p95_ms"}), d = get(en[e], {which, c, "p99_ms"});
        if (!a) return "-";
        return fmt(*a) + " / " + fmt(b.value_or(0)) + " / " + fmt(d.value_or(0));
      };
      for (const char* e : shown) std::printf(" %s |", q(e, "queries").c_str());
      std::printf(" %s |\n", q("sitrep", "queries_plain_xapian_same_index").c_str());
      if (const std::string bare = q("sitrep", "queries_hits_only"); bare != "-") {
        std::printf("| %s, hits only (no facets, no snippets) |", c);
        for (const char* e : shown) std::printf(" %s |", q(e, "queries_hits_only").c_str());
        std::printf(" - |\n");
      }
    }
    const auto& r = s["ratios"];
    std::printf("\n| ratio | value |\n|---|--:|\n");
    auto rrow = [&](const char* name, std::initializer_list<const char*> keys) {
      auto v = get(r, keys);
      std::printf("| %s | %s |\n", name, v ? (fmt(*v) + "x").c_str() : "-");
    };
    rrow("sitrep MB/s / scriptindex MB/s", {"sitrep_mb_per_s_vs_scriptindex"});
    rrow("sitrep (2 shards) MB/s / scriptindex MB/s", {"sitrep_sharded_mb_per_s_vs_scriptindex"});
    rrow("sitrep MB/s / FTS5 MB/s", {"sitrep_mb_per_s_vs_fts5"});
    if (en.contains("sitrep-old")) {  // benchmarks/run --old-build: the change as a ratio in one run
      rrow("sitrep MB/s / old build MB/s", {"sitrep_mb_per_s_vs_old_build"});
      for (const char* c : kClasses) {
        std::string name = std::string("sitrep p50 / old build p50 (same run), ") + c;
        rrow(name.c_str(), {"sitrep_p50_vs_old_build", c});
        name = std::string("sitrep p99 / old build p99 (same run), ") + c;
        rrow(name.c_str(), {"sitrep_p99_vs_old_build", c});
        name = std::string("sitrep hits-only p50 / old build hits-only p50 (same run), ") + c;
        rrow(name.c_str(), {"sitrep_hits_only_p50_vs_old_build", c});
      }
    }
    rrow("sitrep MB per CPU-s / scriptindex MB per CPU-s", {"sitrep_mb_per_cpu_s_vs_scriptindex"});
    for (const char* e : shown) {
      std::string name = std::string(e) + " compacted size / raw text";
      rrow(name.c_str(), {"compacted_size_vs_raw", e});
    }
    for (const char* c : kClasses) {
      std::string name = std::string("sitrep p50 / plain Xapian p50 (scriptindex's index), ") + c;
      rrow(name.c_str(), {"sitrep_p50_vs_plain_xapian", c});
    }
    for (const char* c : kClasses) {
      std::string name = std::string("sitrep hits-only p50 / plain Xapian p50 (scriptindex's index), ") + c;
      rrow(name.c_str(), {"sitrep_hits_only_p50_vs_plain_xapian", c});
    }
    rrow("sitrep p50 / plain Xapian p50 on sitrep's index, overall", {"sitrep_p50_vs_plain_xapian_same_index", "overall"});
    rrow("sitrep p50 / FTS5 p50, overall", {"sitrep_p50_vs_fts5", "overall"});
    std::printf("\n| target (issue 7) | value | met |\n|---|--:|---|\n");
    for (const auto& t : s["targets"]) {
      std::string value = t["value"].is_number() ? fmt(t["value"].get<double>()) : "-";
      std::string met = t["met"].is_boolean() ? (t["met"].get<bool>() ? "met" : "**not met**") : "n/a";
      std::string note = t.value("note", std::string());
      std::string suffix;
      if (!note.empty()) suffix.append(" (").append(note).append(")");
      std::printf("| %s | %s | %s%s |\n", t.value("target", std::string()).c_str(), value.c_str(), met.c_str(),
                  suffix.c_str());
    }
  }
}

}  // namespace

int report_main(const std::string& dir, const std::string& json_path) {
  if (dir.empty() || !fs::is_directory(dir)) {
    std::fprintf(stderr, "sitrep-bench-baselines: report: --dir WORK expected\n");
    return 2;
  }
  const auto env = read_env(fs::path(dir) / "run.env");
  auto e = [&](const char* k) {
    auto it = env.find(k);
    return it == env.end() ? std::string() : it->second;
  };
  ordered_json report;
  report["schema"] = "sitrep-bench/1";
  report["created"] = e("created");
  report["machine"] = ordered_json{{"host", e("host")},         {"cpu", e("cpu")},
                                   {"cores", e("cores")},       {"memory_mb", e("memory_mb")},
                                   {"kernel", e("kernel")},     {"load_start", e("load_start")},
                                   {"load_end", e("load_end")}, {"disk_free_start_gb", e("disk_free_gb")}};
  report["versions"] = ordered_json{{"sitrep", e("sitrep_version")},
                                    {"xapian", e("xapian_version")},
                                    {"omega", e("omega_version")},
                                    {"sqlite", e("sqlite_version")},
                                    {"compiler", e("compiler")}};
  report["settings"] = ordered_json{{"seed", e("seed")},
                                    {"bytes_per_article", e("bytes_per_article")},
                                    {"repeat", e("repeat")},
                                    {"warmup", e("warmup")},
                                    {"queries", e("queries")},
                                    {"query_timing", e("query_timing")},
                                    {"elapsed_s", e("elapsed_s")}};
  std::vector<std::pair<std::uint64_t, fs::path>> sizes;
  for (const auto& d : fs::directory_iterator(dir)) {
    const std::string name = d.path().filename().string();
    if (d.is_directory() && name.rfind("size-", 0) == 0) sizes.emplace_back(std::stoull(name.substr(5)), d.path());
  }
  std::sort(sizes.begin(), sizes.end());
  report["sizes"] = ordered_json::array();
  for (const auto& [n, p] : sizes) {
    auto s = size_report(p, env);
    if (!s.empty()) report["sizes"].push_back(s);
  }
  print_markdown(report);
  if (!json_path.empty()) {
    std::ofstream f(json_path);
    f << report.dump(2) << "\n";
    if (!f) {
      std::fprintf(stderr, "sitrep-bench-baselines: %s: cannot write\n", json_path.c_str());
      return 1;
    }
  }
  return 0;
}
