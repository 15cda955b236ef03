// sitrep-search: answers a query from a sitrep index.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "sitrep/format.h"
#include "sitrep/option_parse.h"
#include "sitrep/paths.h"
#include "sitrep/searcher.h"
#include "cli.h"

namespace po = boost::program_options;

namespace {

// Buckets of a histogram whose interval is asked for: a command on one's own archive may draw a
// day histogram of a whole century (sitrep-serve keeps the library's 400 for untrusted callers).
constexpr std::size_t kMaxBucketsDefault = 100000, kMaxBucketsCap = 1000000;

// The command line as read.
struct Cli {
  std::string index_dir, data_dir, format = "text", sort = "relevance", histogram = "auto", histogram_by, now;
  std::string explain_tags;
  // --new-entities, --promote ID
  bool new_entities = false;
  std::string since, kind, promote, promote_to, promote_as = "unclassified";
  std::size_t min_articles = 3, examples = 3;
  std::optional<std::string> like;  // --like ID
  std::string prefer_lang = "auto";
  std::vector<std::string> words, drill;
  std::size_t limit = 10, offset = 0, facets = 10;
  std::size_t max_buckets = kMaxBucketsDefault;
  double near_km = 50;
  bool explain = false, no_facets = false;
  double budget_ms = 0;
};

// Usage errors: one line on standard error, exit status 2.
int usage_error(const std::string& what) {
  std::cerr << "sitrep-search: " << what << "\n";
  return 2;
}

// The search options of the command line, or the exit status of a usage error.
std::optional<int> read_search_options(const Cli& cli, sitrep::SearchOptions& options) {
  options.limit = cli.limit;
  options.offset = cli.offset;
  options.facet_top = cli.facets;
  if (cli.max_buckets == 0 || cli.max_buckets > kMaxBucketsCap)
    return usage_error("--max-buckets must be 1 to " + std::to_string(kMaxBucketsCap));
  options.max_buckets = cli.max_buckets;
  options.facets = !cli.no_facets;
  if (!(cli.budget_ms >= 0))
    return usage_error("--time-budget-ms must be 0 (none) or a positive number of milliseconds");
  options.time_budget_ms = cli.budget_ms;
  if (auto l = sitrep::parse_prefer_lang(cli.prefer_lang))
    options.prefer_lang = *l;
  else
    return usage_error("unknown --prefer-lang '" + cli.prefer_lang + "' (use " + sitrep::prefer_lang_choices() + ")");
  if (auto s = sitrep::parse_sort(cli.sort))
    options.sort = *s;
  else
    return usage_error("unknown --sort '" + cli.sort + "' (use " + sitrep::sort_choices() + ")");
  if (!cli.now.empty()) {
    auto d = sitrep::parse_iso_date(cli.now);
    if (!d) return usage_error("invalid --now '" + cli.now + "' (use YYYY-MM-DD)");
    options.now = *d;
  }
  for (const auto& d : cli.drill) {
    auto facet = sitrep::parse_facet(d, '=');
    if (!facet) return usage_error("--facet '" + d + "' must be FACET=ID (e.g. actor=hezbollah)");
    options.drill_down.push_back(std::move(*facet));
  }
  if (auto field = sitrep::parse_histogram_field(cli.histogram_by))
    options.histogram_field = *field;
  else
    return usage_error("unknown --histogram-by '" + cli.histogram_by + "' (use " +
                       sitrep::histogram_field_choices() + ")");
  if (auto interval = sitrep::parse_interval(cli.histogram))
    options.histogram = *interval;
  else
    return usage_error("unknown --histogram '" + cli.histogram + "' (use " + sitrep::interval_choices() + ")");
  return std::nullopt;
}

// The exit status of a failed search or look-up: 3 over the time budget, 2 for a bad query or
// option, 1 otherwise.
int exit_status(const sitrep::Status& status) {
  if (status.code() == sitrep::ErrorCode::kTimeBudget) return 3;
  return status.code() == sitrep::ErrorCode::kInvalidArgument || status.code() == sitrep::ErrorCode::kLimitExceeded
             ? 2
             : 1;
}

// --explain-tags ID: the tagger's decisions on a stored article.
int explain_tags(const sitrep::Searcher& searcher, const Cli& cli) {
  auto e = searcher.explain_tags(cli.explain_tags);
  if (!e) {
    std::cerr << "sitrep-search: " << e.status().message() << "\n";
    return exit_status(e.status());
  }
  std::cout << (cli.format == "json" ? sitrep::to_json(*e) + "\n" : sitrep::to_text(*e));
  return 0;
}

// --new-entities: names found by rule, in no gazetteer list, across the archive.
int new_entities(const sitrep::Searcher& searcher, const Cli& cli, const sitrep::NewEntitiesOptions& options) {
  auto names = searcher.new_entities(options);
  if (!names) {
    std::cerr << "sitrep-search: " << names.status().message() << "\n";
    return exit_status(names.status());
  }
  if (cli.format == "json")
    std::cout << sitrep::to_json(*names) << "\n";
  else if (cli.format == "csv")
    std::cout << sitrep::to_csv(*names);
  else
    std::cout << sitrep::to_text(*names);
  return 0;
}

// --promote ID: the name as a line of an extra-actors*.tsv file (appended; the file is made with
// a header when new), so that the next indexing tags it as an actor.
int promote(const sitrep::Searcher& searcher, const Cli& cli) {
  sitrep::NewEntitiesOptions options;
  options.id = cli.promote;
  options.min_articles = 1;
  options.limit = 1;
  options.examples = 0;
  auto names = searcher.new_entities(options);
  if (!names) {
    std::cerr << "sitrep-search: --promote: " << names.status().message() << "\n";
    return exit_status(names.status());
  }
  if (names->empty()) {
    std::cerr << "sitrep-search: --promote: no new name '" << cli.promote
              << "' in the index (sitrep-search --new-entities lists them; a name the gazetteer knows is not listed)\n";
    return 1;
  }
  const auto& name = names->front();
  if (searcher.gazetteer().actor(name.id)) {
    std::cerr << "sitrep-search: --promote: the gazetteer already has an actor with id '" << name.id << "'\n";
    return 1;
  }
  const std::string path = cli.promote_to.empty()
                               ? (cli.data_dir.empty() ? sitrep::Gazetteer::default_data_dir() : cli.data_dir) +
                                     "/extra-actors-promoted.tsv"
                               : cli.promote_to;
  {
    std::ifstream existing(path);
    for (std::string line; std::getline(existing, line);)
      if (line.substr(0, line.find('\t')) == name.id) {
        std::cerr << "sitrep-search: --promote: " << path << " already lists '" << name.id << "'\n";
        return 1;
      }
  }
  const bool fresh = !std::filesystem::exists(path);
  std::ofstream out(path, std::ios::app);
  if (fresh)
    out << "# id\tname\taliases\tkind\tcountries\tsince\n"
           "# Names promoted from sitrep-search --new-entities (since: the year of the first article).\n";
  out << sitrep::extra_actor_line(name, cli.promote_as);
  out.flush();
  if (!out) {
    std::cerr << "sitrep-search: --promote: cannot write " << path << "\n";
    return 1;
  }
  std::cout << "Promoted " << name.name << " (" << name.kind << ":" << name.id << ", " << name.articles
            << " articles) to an actor in " << path << "; index the articles again to tag it.\n";
  return 0;
}

// The query of the command line: its words, after like:ID when --like is given; nullopt after a
// usage error (reported).
std::optional<std::string> read_query(const Cli& cli) {
  std::string query;
  for (const auto& w : cli.words) query += (query.empty() ? "" : " ") + w;
  if (cli.like) {
    auto field = sitrep::like_field(*cli.like);
    if (!field) {
      usage_error("--like: " + field.status().message());
      return std::nullopt;
    }
    query = *field + (query.empty() ? "" : " " + query);
  }
  return query;
}

int search(const sitrep::Searcher& searcher, const Cli& cli, const sitrep::SearchOptions& options,
           const std::string& query) {
  auto result = searcher.search(query, options);
  if (!result) {
    std::cerr << "sitrep-search: " << result.status().message();
    if (result.status().message().find(" histogram of these matches needs ") != std::string::npos)
      std::cerr << " (or raise --max-buckets, now " << cli.max_buckets << ")";
    std::cerr << "\n";
    return exit_status(result.status());
  }
  if (cli.format == "json") {
    std::cout << sitrep::to_json(*result) << "\n";
  } else if (cli.format == "csv") {
    std::cout << sitrep::to_csv(*result);
  } else if (cli.format == "atom") {
    sitrep::AtomOptions a;
    a.query = query;
    a.drill_down = options.drill_down;
    std::cout << sitrep::to_atom(*result, a);
  } else {
    sitrep::TextFormatOptions t;
    t.explain = cli.explain;
    t.color = isatty(STDOUT_FILENO) != 0;
    std::cout << sitrep::to_text(*result, t);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Cli cli;
  po::options_description opts(
      "Usage: sitrep-search [--index DIR] [--format text|json|csv|atom] [--explain] [--limit N] [--like ID] QUERY...\n"
      "       sitrep-search [--index DIR] [--format text|json] --explain-tags ID\n"
      "       sitrep-search [--index DIR] [--format text|json|csv] --new-entities [--since DATE] [--min-articles N]\n"
      "       sitrep-search [--index DIR] --promote ID [--as KIND] [--promote-to FILE]\n\n"
      "QUERY is explicit (actor:Hezbollah place:Lebanon after:2024-11-27 \"border\") or natural\n"
      "(Hezbollah deployments near Lebanese border after 2024-11-27); see README.md.\n\nOptions");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&cli.index_dir), "index directory (default: $SITREP_INDEX, else ~/.local/share/sitrep/index)")
      ("data", po::value(&cli.data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)")
      ("format,f", po::value(&cli.format)->default_value("text"), "output: text, json, csv or atom (an Atom 1.0 feed, newest first unless --sort is given)")
      ("explain,e", po::bool_switch(&cli.explain), "show how the query was read and the engine query")
      ("prefer-lang", po::value(&cli.prefer_lang)->default_value("auto"), "articles in this language rank first among equally good matches (a small boost, not a filter): a language code (en, fr, ar, ...), auto (the query's language, when its words tell it) or none")
      ("like", po::value<std::string>()->notifier([&cli](const std::string& id) { cli.like = id; }), "more like this: articles like the one with this id (like:ID in the query; QUERY may add filters and words)")
      ("new-entities", po::bool_switch(&cli.new_entities), "instead of searching: list the names found by rule that no gazetteer list holds (candidates), in at least --min-articles articles, most articles first, with their first and latest dates and example articles (text, json or csv; --limit names, default 50)")
      ("since", po::value(&cli.since), "with --new-entities: only names first seen on or after this date (YYYY-MM-DD)")
      ("min-articles", po::value(&cli.min_articles)->default_value(3), "with --new-entities: least number of articles naming a name")
      ("kind", po::value(&cli.kind), "with --new-entities: only actor, person or place names")
      ("examples", po::value(&cli.examples)->default_value(3), "with --new-entities: example article ids per name (at most 10)")
      ("promote", po::value(&cli.promote), "instead of searching: add the new name with this id (or kind:id, as --new-entities lists it) to an extra-actors file as an actor; index again to tag it")
      ("promote-to", po::value(&cli.promote_to), "with --promote: the file (default: extra-actors-promoted.tsv in the gazetteer directory)")
      ("as", po::value(&cli.promote_as)->default_value("unclassified"), "with --promote: the actor's kind (as in actors.tsv: armed-group, militia, state-force, ...)")
      ("explain-tags", po::value(&cli.explain_tags), "instead of searching: re-tag the stored article with this id and show each name found (kind, id, confidence, reason) and each name a veto dropped (text or json)")
      ("no-facets", po::bool_switch(&cli.no_facets), "only the hits: no facets, no histogram, an estimated total (the fastest search)")
      ("limit,n", po::value(&cli.limit)->default_value(10), "number of hits (at most 100)")
      ("offset", po::value(&cli.offset)->default_value(0), "skip this many hits (paging, at most 10000)")
      ("sort", po::value(&cli.sort)->default_value("relevance"), "relevance, newest or oldest")
      ("facets", po::value(&cli.facets)->default_value(10), "values shown per facet")
      ("histogram", po::value(&cli.histogram)->default_value("auto"), "date histogram: auto, day, week, month, year or none; an interval asked for comes out as asked, or the search fails when it needs more than --max-buckets buckets")
      ("max-buckets", po::value(&cli.max_buckets)->default_value(kMaxBucketsDefault), "most buckets of a histogram (at most 1000000); auto picks a coarser interval past it")
      ("facet", po::value(&cli.drill)->composing(), "narrow to a facet value, FACET=ID as the facets list it (repeatable), e.g. region=sy-r-homs")
      ("histogram-by", po::value(&cli.histogram_by)->default_value("published"), "histogram of publication dates (published) or of the event dates named in the text (event)")
      ("near-km", po::value(&cli.near_km)->default_value(50), "radius of \"near X\" and \"X border\" in km")
      ("time-budget-ms", po::value(&cli.budget_ms)->default_value(0), "stop a search that takes longer than this (ms) with an error, exit 3 (0: no budget)")
      ("now", po::value(&cli.now), "reference date of relative dates such as \"last 30 days\" (YYYY-MM-DD; default today)");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("query", po::value(&cli.words)->composing(), "query words");
  po::positional_options_description pos;
  pos.add("query", -1);
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-search", argc, argv, opts, vm, &hidden, &pos)) return *exit;
  if (cli.format != "text" && cli.format != "json" && cli.format != "csv" && cli.format != "atom")
    return usage_error("unknown --format '" + cli.format + "' (use text, json, csv or atom)");
  if (cli.format == "atom" && vm["sort"].defaulted()) cli.sort = "newest";  // a feed is newest first
  const bool tags = vm.count("explain-tags") > 0;
  const bool promoting = vm.count("promote") > 0;
  if (tags + cli.new_entities + promoting > 1)
    return usage_error("--explain-tags, --new-entities and --promote are one at a time");
  if ((cli.new_entities || promoting) && (!cli.words.empty() || cli.like))
    return usage_error(std::string(cli.new_entities ? "--new-entities" : "--promote") + " takes no query");
  if ((cli.new_entities || promoting) && cli.format == "atom")
    return usage_error("--new-entities and --promote show text, json or csv, not atom");
  for (const char* o : {"since", "kind"})
    if (vm.count(o) && !cli.new_entities) return usage_error(std::string("--") + o + " goes with --new-entities");
  for (const char* o : {"promote-to", "as"})
    if (vm.count(o) && !vm[o].defaulted() && !promoting) return usage_error(std::string("--") + o + " goes with --promote");
  sitrep::NewEntitiesOptions new_options;
  if (cli.new_entities) {
    new_options.min_articles = cli.min_articles;
    new_options.examples = cli.examples;
    new_options.kind = cli.kind;
    new_options.limit = vm["limit"].defaulted() ? 50 : cli.limit;
    if (!cli.since.empty()) {
      auto d = sitrep::parse_iso_date(cli.since);
      if (!d) return usage_error("invalid --since '" + cli.since + "' (use YYYY-MM-DD)");
      new_options.since = *d;
    }
  }
  if (tags && (!cli.words.empty() || cli.like)) return usage_error("--explain-tags ID takes no query");
  if (tags && (cli.format == "csv" || cli.format == "atom"))
    return usage_error("--explain-tags shows text or json, not " + cli.format);
  sitrep::SearchOptions options;
  std::optional<std::string> query;
  if (!tags && !cli.new_entities && !promoting) {
    if (auto exit = read_search_options(cli, options)) return *exit;
    if (!(query = read_query(cli))) return 2;
  }
  if (cli.index_dir.empty()) cli.index_dir = sitrep::default_index_dir();

  sitrep::SearcherConfig config;
  config.data_dir = cli.data_dir;
  config.limits.default_near_km = cli.near_km;
  config.facet_cache = false;  // one query: counting over its matches beats reading every article
  auto searcher = sitrep::Searcher::open(cli.index_dir, config);
  if (!searcher) {
    std::cerr << "sitrep-search: " << searcher.status().message() << "\n";
    return 1;
  }
  if (cli.new_entities) return new_entities(*searcher, cli, new_options);
  if (promoting) return promote(*searcher, cli);
  return tags ? explain_tags(*searcher, cli) : search(*searcher, cli, options, *query);
}
