// sitrep-search: answers a query from a sitrep index.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "sitrep/format.h"
#include "sitrep/option_parse.h"
#include "sitrep/paths.h"
#include "sitrep/searcher.h"
#include "cli.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  std::string index_dir, data_dir, format = "text", sort = "relevance", histogram = "auto", histogram_by, now, like,
      prefer_lang = "auto";
  std::vector<std::string> words, drill;
  std::size_t limit = 10, offset = 0, facets = 10;
  // Buckets of a histogram whose interval is asked for: a command on one's own archive may draw a
  // day histogram of a whole century (sitrep-serve keeps the library's 400 for untrusted callers).
  constexpr std::size_t kMaxBucketsDefault = 100000, kMaxBucketsCap = 1000000;
  std::size_t max_buckets = kMaxBucketsDefault;
  double near_km = 50;
  bool explain = false, no_facets = false;
  double budget_ms = 0;
  po::options_description opts(
      "Usage: sitrep-search [--index DIR] [--format text|json] [--explain] [--limit N] [--like ID] QUERY...\n\n"
      "QUERY is explicit (actor:Hezbollah place:Lebanon after:2024-11-27 \"border\") or natural\n"
      "(Hezbollah deployments near Lebanese border after 2024-11-27); see README.md.\n\nOptions");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir), "index directory (default: $SITREP_INDEX, else ~/.local/share/sitrep/index)")
      ("data", po::value(&data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)")
      ("format,f", po::value(&format)->default_value("text"), "output: text, json or csv")
      ("explain,e", po::bool_switch(&explain), "show how the query was read and the engine query")
      ("like", po::value(&like), "more like this: articles like the one with this id (like:ID in the query; QUERY may add filters and words)")
      ("prefer-lang", po::value(&prefer_lang)->default_value("auto"), "articles in this language rank first among equally good matches (a small boost, not a filter): a language code (en, fr, ar, ...), auto (the query's language, when its words tell it) or none")
      ("no-facets", po::bool_switch(&no_facets), "only the hits: no facets, no histogram, an estimated total (the fastest search)")
      ("limit,n", po::value(&limit)->default_value(10), "number of hits (at most 100)")
      ("offset", po::value(&offset)->default_value(0), "skip this many hits (paging, at most 10000)")
      ("sort", po::value(&sort)->default_value("relevance"), "relevance, newest or oldest")
      ("facets", po::value(&facets)->default_value(10), "values shown per facet")
      ("histogram", po::value(&histogram)->default_value("auto"), "date histogram: auto, day, week, month, year or none; an interval asked for comes out as asked, or the search fails when it needs more than --max-buckets buckets")
      ("max-buckets", po::value(&max_buckets)->default_value(kMaxBucketsDefault), "most buckets of a histogram (at most 1000000); auto picks a coarser interval past it")
      ("facet", po::value(&drill)->composing(), "narrow to a facet value, FACET=ID as the facets list it (repeatable), e.g. region=sy-r-homs")
      ("histogram-by", po::value(&histogram_by)->default_value("published"), "histogram of publication dates (published) or of the event dates named in the text (event)")
      ("near-km", po::value(&near_km)->default_value(50), "radius of \"near X\" and \"X border\" in km")
      ("time-budget-ms", po::value(&budget_ms)->default_value(0), "stop a search that takes longer than this (ms) with an error, exit 3 (0: no budget)")
      ("now", po::value(&now), "reference date of relative dates such as \"last 30 days\" (YYYY-MM-DD; default today)");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("query", po::value(&words)->composing(), "query words");
  po::positional_options_description pos;
  pos.add("query", -1);
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-search", argc, argv, opts, vm, &hidden, &pos)) return *exit;
  if (format != "text" && format != "json" && format != "csv") {
    std::cerr << "sitrep-search: unknown --format '" << format << "' (use text, json or csv)\n";
    return 2;
  }
  sitrep::SearchOptions options;
  options.limit = limit;
  options.offset = offset;
  options.facet_top = facets;
  if (max_buckets == 0 || max_buckets > kMaxBucketsCap) {
    std::cerr << "sitrep-search: --max-buckets must be 1 to " << kMaxBucketsCap << "\n";
    return 2;
  }
  options.max_buckets = max_buckets;
  options.facets = !no_facets;
  if (!(budget_ms >= 0)) {
    std::cerr << "sitrep-search: --time-budget-ms must be 0 (none) or a positive number of milliseconds\n";
    return 2;
  }
  options.time_budget_ms = budget_ms;
  if (auto s = sitrep::parse_sort(sort)) {
    options.sort = *s;
  } else {
    std::cerr << "sitrep-search: unknown --sort '" << sort << "' (use " << sitrep::sort_choices() << ")\n";
    return 2;
  }
  if (auto l = sitrep::parse_prefer_lang(prefer_lang)) {
    options.prefer_lang = *l;
  } else {
    std::cerr << "sitrep-search: unknown --prefer-lang '" << prefer_lang << "' (use " << sitrep::prefer_lang_choices()
              << ")\n";
    return 2;
  }
  if (!now.empty()) {
    auto d = sitrep::parse_iso_date(now);
    if (!d) {
      std::cerr << "sitrep-search: invalid --now '" << now << "' (use YYYY-MM-DD)\n";
      return 2;
    }
    options.now = *d;
  }
  for (const auto& d : drill) {
    auto facet = sitrep::parse_facet(d, '=');
    if (!facet) {
      std::cerr << "sitrep-search: --facet '" << d << "' must be FACET=ID (e.g. actor=hezbollah)\n";
      return 2;
    }
    options.drill_down.push_back(std::move(*facet));
  }
  if (auto field = sitrep::parse_histogram_field(histogram_by)) {
    options.histogram_field = *field;
  } else {
    std::cerr << "sitrep-search: unknown --histogram-by '" << histogram_by << "' (use "
              << sitrep::histogram_field_choices() << ")\n";
    return 2;
  }
  if (auto interval = sitrep::parse_interval(histogram)) {
    options.histogram = *interval;
  } else {
    std::cerr << "sitrep-search: unknown --histogram '" << histogram << "' (use " << sitrep::interval_choices()
              << ")\n";
    return 2;
  }
  std::string query;
  for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
  if (vm.count("like")) {
    auto field = sitrep::like_field(like);
    if (!field) {
      std::cerr << "sitrep-search: --like: " << field.status().message() << "\n";
      return 2;
    }
    query = *field + (query.empty() ? "" : " " + query);
  }
  if (index_dir.empty()) index_dir = sitrep::default_index_dir();

  sitrep::SearcherConfig config;
  config.data_dir = data_dir;
  config.limits.default_near_km = near_km;
  config.facet_cache = false;  // one query: counting over its matches beats reading every article
  auto searcher = sitrep::Searcher::open(index_dir, config);
  if (!searcher) {
    std::cerr << "sitrep-search: " << searcher.status().message() << "\n";
    return 1;
  }
  auto result = searcher->search(query, options);
  if (!result) {
    std::cerr << "sitrep-search: " << result.status().message();
    if (result.status().message().find(" histogram of these matches needs ") != std::string::npos)
      std::cerr << " (or raise --max-buckets, now " << max_buckets << ")";
    std::cerr << "\n";
    if (result.status().code() == sitrep::ErrorCode::kTimeBudget) return 3;
    return result.status().code() == sitrep::ErrorCode::kInvalidArgument ||
                   result.status().code() == sitrep::ErrorCode::kLimitExceeded
               ? 2
               : 1;
  }
  if (format == "json") {
    std::cout << sitrep::to_json(*result) << "\n";
  } else if (format == "csv") {
    std::cout << sitrep::to_csv(*result);
  } else {
    sitrep::TextFormatOptions t;
    t.explain = explain;
    t.color = isatty(STDOUT_FILENO) != 0;
    std::cout << sitrep::to_text(*result, t);
  }
  return 0;
}
