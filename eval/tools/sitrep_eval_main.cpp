// sitrep-eval: measures sitrep's analysis against public corpora with gold annotations.
//   sitrep-eval entities --conll FILE --reuters DIR --fakes CSV [--format json]
//   sitrep-eval relevance [--time DIR] [--cranfield DIR] [--format json]
// Each subcommand is one function below, registered in kSubcommands.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "dates.h"
#include "entities.h"
#include "io.h"
#include "relevance.h"
#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/ner_model.h"
#include "sitrep/tagger.h"
#include "cli.h"

namespace po = boost::program_options;
namespace ev = sitrep::eval;
using nlohmann::json;

namespace {

constexpr const char* kProgram = "sitrep-eval";

// ---- output helpers --------------------------------------------------------------------------

// One row of the text table: a figure, its value and, when it has one, its target.
struct Row {
  std::string figure;
  double value = 0;
  std::optional<double> target;  // the figure must be >= target
};

std::string fixed3(double v) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(3) << v;
  return s.str();
}

void print_table(std::ostream& out, const std::vector<Row>& rows) {
  out << std::left << std::setw(36) << "figure" << std::setw(9) << "value" << std::setw(10) << "target"
      << "result\n";
  for (const auto& r : rows) {
    if (r.figure.empty()) {
      out << "\n";
      continue;
    }
    out << std::left << std::setw(36) << r.figure << std::setw(9) << fixed3(r.value);
    if (r.target)
      out << std::setw(10) << (">= " + fixed3(*r.target).substr(0, 4)) << (r.value >= *r.target ? "PASS" : "BELOW");
    out << "\n";
  }
}

json prf_json(const ev::Prf& p) { return json{{"precision", p.precision}, {"recall", p.recall}, {"f1", p.f1}}; }
json counts_json(const ev::Counts& c) {
  json j = prf_json(c.prf());
  j["tp"] = c.tp;
  j["fp"] = c.fp;
  j["fn"] = c.fn;
  return j;
}
json ner_counts_json(const sitrep::NerScores::Counts& c) {
  return json{{"precision", c.precision()}, {"recall", c.recall()}, {"f1", c.f1()},
              {"tp", c.tp},               {"fp", c.fp},          {"fn", c.fn}};
}
json tally_json(const ev::Tally& t, std::size_t n) {
  json a = json::array();
  for (const auto& [k, v] : t.top(n)) a.push_back(json::array({k, v}));
  return a;
}
void print_tally(std::ostream& out, const std::string& title, const ev::Tally& t, std::size_t n) {
  out << title << ":\n";
  for (const auto& [k, v] : t.top(n)) out << "  " << std::setw(6) << std::right << v << "  " << k << "\n";
}

// The false positives and negatives of one corpus: the n most frequent, in its JSON and in the
// text report ("<what> false positives:").
void report_errors(json& j, std::ostream& report, const std::string& what, const ev::Tally& fp,
                   const ev::Tally& fn, std::size_t n) {
  j["false_positives"] = tally_json(fp, n);
  j["false_negatives"] = tally_json(fn, n);
  print_tally(report, what + " false positives", fp, n);
  print_tally(report, what + " false negatives", fn, n);
}

// A Tagger reading its word lists from the gazetteer's directory, when it can be told one.
template <typename G>
sitrep::Tagger make_tagger(const G& gazetteer, const std::string& data_dir) {
  if constexpr (std::is_constructible_v<sitrep::Tagger, const G&, const std::string&>)
    return sitrep::Tagger(gazetteer, data_dir);
  else
    return sitrep::Tagger(gazetteer);
}

// ---- entities --------------------------------------------------------------------------------

// Item 4 of issue 17: how names are found in each language the gazetteer covers, and what it was
// measured on. The trained tagger is English only (CoNLL-2003); the other languages have no
// annotated data here and keep the gazetteer's names in that language (names-<lang>.tsv), its
// event words (events-<lang>.tsv) and the rules.
struct LanguageRow {
  std::string lang;
  std::size_t entities = 0, names = 0, event_words = 0;
};

// Rows and '|'-separated items of column `col` of a data file (comments and blank lines skipped).
std::pair<std::size_t, std::size_t> count_rows(const std::string& path, std::size_t col) {
  std::ifstream in(path);
  std::size_t rows = 0, items = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    ++rows;
    std::size_t start = 0;
    for (std::size_t c = 0; c < col && start != std::string::npos; ++c) {
      start = line.find('\t', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos) continue;
    const std::string field = line.substr(start, line.find('\t', start) - start);
    if (!field.empty()) items += 1 + static_cast<std::size_t>(std::count(field.begin(), field.end(), '|'));
  }
  return {rows, items};
}

std::vector<LanguageRow> language_rows(const std::string& dir) {
  std::vector<LanguageRow> out;
  for (const char* lang : {"en", "ar", "he", "ru", "uk", "fr"}) {
    LanguageRow r{lang};
    if (r.lang == "en") {
      // The curated lists themselves are English: actors.tsv and persons.tsv (id name aliases).
      for (const char* file : {"actors.tsv", "persons.tsv"}) {
        const auto [rows, aliases] = count_rows(dir + "/" + file, 2);
        r.entities += rows;
        r.names += rows + aliases;
      }
      r.event_words = count_rows(dir + "/events.tsv", 1).second;
    } else {
      std::tie(r.entities, r.names) = count_rows(dir + "/names-" + r.lang + ".tsv", 2);
      r.event_words = count_rows(dir + "/events-" + r.lang + ".tsv", 1).second;
    }
    out.push_back(std::move(r));
  }
  return out;
}

int run_entities(int argc, char** argv) {
  std::string conll, reuters, fakes, format = "text", data_dir, rule_spec, ner_model;
  std::size_t errors = 0;
  po::options_description opts(
      "Usage: sitrep-eval entities [--conll FILE] [--reuters DIR] [--fakes CSV] [--format json]\n\n"
      "Measures the entity tagger against the corpora given (at least one):\n"
      "  CoNLL-2003 (eng.testb): entity-level exact-match P/R/F1 for LOC, PER, ORG, of the rule\n"
      "    tagger and of the trained name tagger (ner-en.model) beside it;\n"
      "  Reuters-21578 (*.sgm): document countries against <PLACES>, micro-averaged P/R/F1;\n"
      "  FA-KES (CSV): tagged places against the gold Syrian location.\n"
      "Prints each figure with its target and PASS/BELOW, or one JSON object.\n\nOptions");
  opts.add_options()("help,h", "show this help")("conll", po::value(&conll), "CoNLL-2003 file (eng.testb)")(
      "reuters", po::value(&reuters), "directory of the Reuters-21578 .sgm files")(
      "fakes", po::value(&fakes), "FA-KES CSV file")("format", po::value(&format), "text (default) or json")(
      "data", po::value(&data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)")(
      "reuters-rule", po::value(&rule_spec),
      "Reuters country salience rule, for tuning: 'every' or a comma list of dateline, title, lead=N, min=N, "
      "fallback, no-demonyms (default: the chosen rule)")("errors", po::value(&errors)->default_value(0),
                                                          "also list the N most frequent errors per corpus")(
      "ner-model", po::value(&ner_model),
      "trained name tagger for --conll (default: ner-en.model in the gazetteer directory when present; "
      "'none': the rule tagger only)");
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-eval entities", argc, argv, opts, vm)) return *exit;
  if (format != "text" && format != "json") {
    std::cerr << kProgram << " entities: --format must be text or json, not '" << format << "'\n";
    return 2;
  }
  if (conll.empty() && reuters.empty() && fakes.empty()) {
    std::cerr << kProgram << " entities: nothing to evaluate: give --conll, --reuters and/or --fakes (see --help)\n";
    return 2;
  }
  ev::SalienceRule rule = ev::chosen_salience_rule();
  if (!rule_spec.empty()) {
    auto r = ev::SalienceRule::parse(rule_spec);
    if (!r) {
      std::cerr << kProgram << " entities: --reuters-rule: " << r.status().message() << "\n";
      return 2;
    }
    rule = r.value();
  }
  auto fail = [](const std::string& option, const sitrep::Status& st) {
    std::cerr << kProgram << " entities: cannot read " << option << ": " << st.message() << "\n";
    return 1;
  };

  // Read every input first, so a bad one is reported before any long computation.
  std::vector<ev::ConllDocument> conll_docs;
  std::vector<ev::ReutersDoc> reuters_docs;
  std::optional<ev::CsvTable> fakes_table;
  ev::PlacesMap places_map;
  if (!conll.empty()) {
    auto bytes = ev::read_file(conll);
    if (!bytes) return fail("--conll " + conll, bytes.status());
    auto docs = ev::parse_conll(bytes.value(), conll);
    if (!docs) return fail("--conll " + conll, docs.status());
    if (docs->empty()) return fail("--conll " + conll, sitrep::Status::parse_error("no token"));
    conll_docs = std::move(docs).value();
  }
  if (!reuters.empty()) {
    auto docs = ev::read_reuters_dir(reuters);
    if (!docs) return fail("--reuters " + reuters, docs.status());
    reuters_docs = std::move(docs).value();
    auto map = ev::parse_places_map(ev::builtin_places_tsv());
    if (!map) return fail("the built-in places map", map.status());
    places_map = std::move(map).value();
  }
  if (!fakes.empty()) {
    auto bytes = ev::read_file(fakes);
    if (!bytes) return fail("--fakes " + fakes, bytes.status());
    auto rows = ev::parse_csv(bytes.value(), fakes);
    if (!rows) return fail("--fakes " + fakes, rows.status());
    auto table = ev::CsvTable::from_rows(std::move(rows).value(), fakes);
    if (!table) return fail("--fakes " + fakes, table.status());
    fakes_table = std::move(table).value();
  }

  sitrep::Analyzer analyzer;
  auto gaz = sitrep::Gazetteer::load(data_dir.empty() ? sitrep::Gazetteer::default_data_dir() : data_dir, analyzer);
  if (!gaz) {
    std::cerr << kProgram << " entities: " << gaz.status().to_string() << "\n";
    return 1;
  }
  const sitrep::Tagger tagger =
      make_tagger(gaz.value(), data_dir.empty() ? sitrep::Gazetteer::default_data_dir() : data_dir);

  json out = json::object();
  std::vector<Row> rows;
  std::ostringstream notes, error_report;

  if (!conll.empty()) {
    const auto r = ev::evaluate_conll(conll_docs, analyzer, tagger);
    json j = json::object();
    const std::pair<const char*, double> targets[] = {{"LOC", 0.80}, {"PER", 0.75}, {"ORG", 0.60}};
    for (const auto& [type, target] : targets) {
      const auto& c = r.types.at(type);
      j[type] = counts_json(c);
      const auto p = c.prf();
      rows.push_back({std::string("CoNLL ") + type + " precision", p.precision, std::nullopt});
      rows.push_back({std::string("CoNLL ") + type + " recall", p.recall, std::nullopt});
      rows.push_back({std::string("CoNLL ") + type + " F1", p.f1, target});
    }
    rows.push_back({});
    j["documents"] = r.documents;
    j["mentions_scored"] = r.mentions;
    j["candidates_scored"] = r.candidates;
    j["mentions_unaligned"] = r.unaligned;
    j["demonyms_ignored"] = r.demonyms;
    notes << "CoNLL: " << r.documents << " documents, " << r.mentions << " mentions scored (" << r.candidates
          << " found by rule), " << r.unaligned << " not aligned to CoNLL tokens, " << r.demonyms
          << " demonyms ignored (MISC)\n";
    if (errors > 0) report_errors(j, error_report, "CoNLL", r.false_positives, r.false_negatives, errors);
    out["conll"] = std::move(j);

    // The trained name tagger beside the rules.
    const std::string dir = data_dir.empty() ? sitrep::Gazetteer::default_data_dir() : data_dir;
    const bool explicit_model = !ner_model.empty() && ner_model != "none";
    const std::string model_path = explicit_model ? ner_model : dir + "/ner-en.model";
    if (ner_model != "none" && (explicit_model || std::ifstream(model_path).good())) {
      auto model = sitrep::NerModel::load(model_path);
      if (!model) return fail("--ner-model " + model_path, model.status());
      const auto m = ev::evaluate_conll_model(conll_docs, analyzer, model.value(), &gaz.value());
      json jm = json::object();
      const std::pair<sitrep::NerType, double> model_targets[] = {
          {sitrep::NerType::kLoc, 0.87}, {sitrep::NerType::kPer, 0.87}, {sitrep::NerType::kOrg, 0.75}};
      for (const auto& [type, target] : model_targets) {
        const auto& c = m.scores.by_type[static_cast<std::size_t>(type)];
        const std::string name = sitrep::to_string(type);
        jm[name] = ner_counts_json(c);
        rows.push_back({"CoNLL model " + name + " precision", c.precision(), std::nullopt});
        rows.push_back({"CoNLL model " + name + " recall", c.recall(), std::nullopt});
        rows.push_back({"CoNLL model " + name + " F1", c.f1(), target});
      }
      const auto& misc = m.scores.by_type[static_cast<std::size_t>(sitrep::NerType::kMisc)];
      rows.push_back({"CoNLL model MISC F1", misc.f1(), std::nullopt});
      rows.push_back({"CoNLL model all-types F1", m.scores.all.f1(), std::nullopt});
      rows.push_back({});
      jm["MISC"] = ner_counts_json(misc);
      jm["all"] = ner_counts_json(m.scores.all);
      jm["sentences"] = m.sentences;
      jm["model"] = model_path;
      jm["command"] = model->info().command;
      jm["epochs"] = model->info().epochs;
      notes << "CoNLL model: " << model_path << " (" << model->info().command << "; epoch "
            << model->info().epochs << " chosen on dev), " << m.sentences << " sentences\n";
      if (errors > 0) report_errors(jm, error_report, "CoNLL model", m.false_positives, m.false_negatives, errors);
      out["conll_model"] = std::move(jm);
    }
  }
  if (!reuters.empty()) {
    auto rr = ev::evaluate_reuters(reuters_docs, places_map, analyzer, tagger, gaz.value(), rule);
    if (!rr) return fail("--reuters " + reuters, rr.status());
    const auto& r = rr.value();
    const auto p = r.all.prf();
    rows.push_back({"Reuters places precision", p.precision, 0.85});
    rows.push_back({"Reuters places recall", p.recall, 0.85});
    rows.push_back({"Reuters places F1", p.f1, std::nullopt});
    rows.push_back({});
    json j = counts_json(r.all);
    j["documents"] = r.documents;
    j["rule"] = r.rule;
    j["train"] = counts_json(r.train);
    j["train"]["documents"] = r.train_documents;
    j["every_country"] = counts_json(r.every_all);
    j["every_country"]["train"] = counts_json(r.every_train);
    const auto ep = r.every_all.prf(), tp = r.train.prf(), etp = r.every_train.prf();
    notes << "Reuters: " << r.documents << " documents with PLACES (" << r.train_documents << " TRAIN); rule '"
          << r.rule << "': TRAIN P " << fixed3(tp.precision) << " R " << fixed3(tp.recall) << " F1 " << fixed3(tp.f1)
          << "; every country tagged: all P " << fixed3(ep.precision) << " R " << fixed3(ep.recall) << " F1 "
          << fixed3(ep.f1) << ", TRAIN F1 " << fixed3(etp.f1) << "\n";
    if (errors > 0) {
      j["false_positives"] = tally_json(r.false_positives, errors);
      j["false_negatives"] = tally_json(r.false_negatives, errors);
      print_tally(error_report, "Reuters false positives (country)", r.false_positives, errors);
      print_tally(error_report, "Reuters false negatives (country)", r.false_negatives, errors);
      print_tally(error_report, "Reuters words naming a false positive country", r.false_positive_names, errors);
      j["false_positive_names"] = tally_json(r.false_positive_names, errors);
    }
    out["reuters_places"] = std::move(j);
    // Facet precision (issue 17, item 5): every tagged country, as the country facet holds it.
    const auto& f = r.facets;
    rows.push_back({"Reuters facet: docs with a false tag", f.share(), std::nullopt});
    rows.push_back({"Reuters facet precision (1 - that)", 1.0 - f.share(), std::nullopt});
    rows.push_back({});
    constexpr std::size_t kTopFalseTags = 20;
    json jf = json::object();
    jf["documents"] = f.documents;
    jf["with_false_tag"] = f.with_false_tag;
    jf["false_tag_share"] = f.share();
    jf["precision"] = 1.0 - f.share();
    jf["false_tags"] = f.false_tags;
    jf["top_false_tags"] = tally_json(f.tags, kTopFalseTags);
    notes << "Reuters facet precision: " << f.with_false_tag << " of " << f.documents
          << " documents have a country facet value that is neither in PLACES nor named in the text ("
          << f.false_tags << " false tags in all)\n";
    print_tally(notes, "Reuters country facet: the " + std::to_string(kTopFalseTags) +
                           " most frequent false tags (the place that tagged it -> country)",
                f.tags, kTopFalseTags);
    out["reuters_facet_precision"] = std::move(jf);
  }
  if (fakes_table) {
    auto fr = ev::evaluate_fakes(*fakes_table, analyzer, tagger, gaz.value());
    if (!fr) return fail("--fakes " + fakes, fr.status());
    const auto& r = fr.value();
    const auto p = r.prf();
    rows.push_back({"FA-KES location precision", p.precision, std::nullopt});
    rows.push_back({"FA-KES location recall", p.recall, 0.90});
    rows.push_back({"FA-KES location F1", p.f1, std::nullopt});
    rows.push_back({});
    json j = prf_json(p);
    j["documents"] = r.documents;
    j["hits"] = r.hits;
    j["with_syrian_place"] = r.with_syrian_place;
    j["all_within_gold_area"] = r.all_within;
    j["gold_unresolved"] = r.unresolved;
    j["area"] = r.area;
    notes << "FA-KES: " << r.documents << " documents, " << r.hits << " hits, " << r.with_syrian_place
          << " with a tagged Syrian place (" << r.all_within << " all in the gold area), gold area by " << r.area
          << (r.unresolved ? ", " + std::to_string(r.unresolved) + " gold names unknown to the gazetteer" : "") << "\n";
    if (errors > 0) {
      j["misses"] = tally_json(r.misses, errors);
      j["strays"] = tally_json(r.strays, errors);
      print_tally(error_report, "FA-KES documents without a hit (gold location)", r.misses, errors);
      print_tally(error_report, "FA-KES tagged Syrian places outside the gold area", r.strays, errors);
    }
    out["fakes_location"] = std::move(j);
  }

  // How each language is tagged, and on what it was measured.
  {
    const std::string dir = data_dir.empty() ? sitrep::Gazetteer::default_data_dir() : data_dir;
    json langs = json::object();
    notes << "Languages (how names are found; measured on):\n";
    for (const auto& l : language_rows(dir)) {
      const bool en = l.lang == "en";
      json j = {{"entities", l.entities},
                {"names", l.names},
                {"event_words", l.event_words},
                {"tagger", en ? "gazetteer and rules; trained model ner-en.model measured beside them"
                              : "gazetteer names in this language and rules (no trained model)"},
                {"annotated_data", en ? json("CoNLL-2003 eng.testb") : json(nullptr)}};
      if (en && out.contains("conll_model")) j["conll_model_f1"] = out["conll_model"]["all"]["f1"];
      notes << "  " << l.lang << ": " << l.entities << " entities (" << l.names << " names), " << l.event_words
            << " event words; "
            << (en ? "gazetteer + rules, the trained model beside them; measured on CoNLL-2003 (above)"
                   : "gazetteer + rules, no trained model; no annotated data here: not measured")
            << "\n";
      langs[l.lang] = std::move(j);
    }
    out["languages"] = std::move(langs);
  }

  if (format == "json") {
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "sitrep-eval entities (gazetteer " << gaz->version() << ")\n\n";
    if (!rows.empty() && rows.back().figure.empty()) rows.pop_back();
    print_table(std::cout, rows);
    std::cout << "\n" << notes.str();
    if (errors > 0) std::cout << "\n" << error_report.str();
  }
  return 0;
}

// ---- subcommands -----------------------------------------------------------------------------

// ---- dates ---------------------------------------------------------------------------------

int run_dates(int argc, char** argv) {
  std::string reuters, fakes, expressions, format = "text";
  std::size_t errors = 20;
  po::options_description opts(
      "Usage: sitrep-eval dates [--reuters DIR] [--fakes CSV] [--expressions FILE] [--format json]\n\n"
      "Share of the Reuters-21578 <DATE> fields and of the FA-KES dates that parse, each failure\n"
      "listed, and the accuracy of event-date extraction on a TSV of\n"
      "publication-date<TAB>sentence<TAB>expected (e.g. tests/data/date-expressions.tsv).\n\nOptions");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("reuters", po::value(&reuters), "directory of the Reuters-21578 .sgm files")
      ("fakes", po::value(&fakes), "FA-KES CSV file")
      ("expressions", po::value(&expressions), "TSV of dated sentences and their expected dates")
      ("format", po::value(&format), "text (default) or json")
      ("errors", po::value(&errors)->default_value(20), "failures listed per input in text output");
  // clang-format on
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-eval dates", argc, argv, opts, vm)) return *exit;
  if (format != "text" && format != "json") {
    std::cerr << kProgram << " dates: --format must be text or json, not '" << format << "'\n";
    return 2;
  }
  if (reuters.empty() && fakes.empty() && expressions.empty()) {
    std::cerr << kProgram << " dates: nothing to evaluate: give --reuters, --fakes and/or --expressions\n";
    return 2;
  }
  auto fail = [](const std::string& option, const sitrep::Status& st) {
    std::cerr << kProgram << " dates: cannot read " << option << ": " << st.message() << "\n";
    return 1;
  };
  json out = json::object();
  std::vector<Row> rows;
  std::vector<std::pair<std::string, std::vector<std::string>>> failure_lists;
  if (!reuters.empty()) {
    auto docs = ev::read_reuters_dir(reuters);
    if (!docs) return fail("--reuters " + reuters, docs.status());
    const auto r = ev::evaluate_reuters_dates(docs.value());
    out["reuters_parsed"] = r.share();
    out["reuters_counts"] = {{"total", r.total}, {"parsed", r.parsed}, {"failures", r.failures}};
    rows.push_back({"Reuters-21578 DATE fields parsed", r.share(), 1.0});
    failure_lists.emplace_back("Reuters-21578", r.failures);
  }
  if (!fakes.empty()) {
    auto bytes = ev::read_file(fakes);
    if (!bytes) return fail("--fakes " + fakes, bytes.status());
    auto csv = ev::parse_csv(bytes.value(), fakes);
    if (!csv) return fail("--fakes " + fakes, csv.status());
    auto table = ev::CsvTable::from_rows(std::move(csv).value(), fakes);
    if (!table) return fail("--fakes " + fakes, table.status());
    auto r = ev::evaluate_fakes_dates(table.value());
    if (!r) return fail("--fakes " + fakes, r.status());
    out["fakes_parsed"] = r->share();
    out["fakes_counts"] = {{"total", r->total}, {"parsed", r->parsed}, {"failures", r->failures}};
    rows.push_back({"FA-KES dates parsed", r->share(), 1.0});
    failure_lists.emplace_back("FA-KES", r->failures);
  }
  if (!expressions.empty()) {
    auto bytes = ev::read_file(expressions);
    if (!bytes) return fail("--expressions " + expressions, bytes.status());
    auto r = ev::evaluate_expressions(bytes.value(), expressions);
    if (!r) return fail("--expressions " + expressions, r.status());
    out["expressions"] = {{"total", r->total}, {"correct", r->correct}, {"accuracy", r->accuracy()}};
    out["expression_failures"] = r->failures;
    rows.push_back({"event-date expressions correct", r->accuracy(), 0.95});
    failure_lists.emplace_back("expressions", r->failures);
  }
  if (format == "json") {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  print_table(std::cout, rows);
  for (const auto& [what, list] : failure_lists) {
    if (list.empty()) continue;
    std::cout << "\n" << what << ": " << list.size() << " failure(s)\n";
    for (std::size_t k = 0; k < list.size() && k < errors; ++k) std::cout << "  " << list[k] << "\n";
  }
  return 0;
}

// ---- relevance -------------------------------------------------------------------------------

// One collection's figures: the three systems, the targets and (optionally) each query.
json relevance_json(const ev::RelevanceReport& r, bool per_query) {
  constexpr double kMargin = 0.02;
  auto scores = [](const ev::SystemScores& s) {
    return json{{"map", s.map}, {"map100", s.map100}, {"p10", s.p10}, {"ndcg10", s.ndcg10}};
  };
  const double target = r.baseline.map + kMargin, target_omega = r.omega.map100 + kMargin;
  json out = {{"collection", r.collection},
              {"sitrep", scores(r.sitrep)},
              {"baseline", scores(r.baseline)},
              {"omega", scores(r.omega)},
              {"queries", r.queries},
              {"documents", r.documents},
              {"malformed_dates", r.malformed_dates},
              {"sitrep_failed_queries", r.sitrep_failed},
              {"sitrep_empty_queries", r.sitrep_empty},
              {"baseline_empty_queries", r.baseline_empty},
              {"omega_empty_queries", r.omega_empty},
              {"target", {{"map_at_least", target}, {"result", r.sitrep.map >= target ? "PASS" : "BELOW"}}},
              {"target_omega",
               {{"map100_at_least", target_omega}, {"result", r.sitrep.map100 >= target_omega ? "PASS" : "BELOW"}}}};
  out["like"] = {{"queries", r.like.queries},
                 {"terms", r.like.terms},
                 {"seed", "the judged relevant document of the lowest number"},
                 {"sitrep", {{"map", r.like.sitrep_map}, {"map100", r.like.sitrep_map100}}},
                 {"xapian_eset", {{"map", r.like.xapian_map}, {"map100", r.like.xapian_map100}}},
                 {"sitrep_failed_queries", r.like.sitrep_failed}};
  if (r.queries_all > 0)
    out["rel_all"] = {{"sitrep", scores(r.sitrep_all)},
                      {"baseline", scores(r.baseline_all)},
                      {"omega", scores(r.omega_all)},
                      {"queries", r.queries_all}};
  if (per_query) {
    json pq = json::array();
    for (const auto& q : r.per_query) {
      pq.push_back({{"query", q.id},
                    {"sitrep_ap", q.sitrep_ap},
                    {"baseline_ap", q.baseline_ap},
                    {"omega_ap", q.omega_ap},
                    {"reading", q.reading}});
      if (q.like_seed >= 0) {
        pq.back()["like_seed"] = q.like_seed;
        pq.back()["like_sitrep_ap"] = q.like_sitrep_ap;
        pq.back()["like_xapian_ap"] = q.like_xapian_ap;
      }
    }
    out["per_query"] = std::move(pq);
  }
  return out;
}

void print_relevance(const ev::RelevanceReport& r, bool per_query) {
  const json j = relevance_json(r, false);
  std::cout << "sitrep-eval relevance: " << r.collection << " collection, " << r.documents << " documents, "
            << r.queries << " judged queries\n\n";
  const bool all = r.queries_all > 0;
  std::cout << std::left << std::setw(12) << "" << std::setw(10) << "sitrep" << std::setw(12) << "baseline"
            << std::setw(10) << "omega";
  if (all) std::cout << "| TIME.REL.ALL (" << r.queries_all << " queries): sitrep  baseline  omega";
  std::cout << "\n";
  const std::pair<const char*, double ev::SystemScores::*> figures[] = {{"MAP@100", &ev::SystemScores::map100},
                                                                       {"MAP", &ev::SystemScores::map},
                                                                       {"P@10", &ev::SystemScores::p10},
                                                                       {"nDCG@10", &ev::SystemScores::ndcg10}};
  for (const auto& [name, field] : figures) {
    std::cout << std::left << std::setw(12) << name << std::setw(10) << fixed3(r.sitrep.*field) << std::setw(12)
              << fixed3(r.baseline.*field) << std::setw(10) << fixed3(r.omega.*field);
    if (all)
      std::cout << "|                               " << std::setw(8) << fixed3(r.sitrep_all.*field) << std::setw(10)
                << fixed3(r.baseline_all.*field) << fixed3(r.omega_all.*field);
    std::cout << "\n";
  }
  if (per_query) {
    std::cout << "\nquery  sitrep AP  baseline AP  omega AP  sitrep's reading\n";
    for (const auto& q : r.per_query)
      std::cout << std::right << std::setw(5) << q.id << "  " << std::left << std::setw(11) << fixed3(q.sitrep_ap)
                << std::setw(13) << fixed3(q.baseline_ap) << std::setw(10) << fixed3(q.omega_ap) << q.reading << "\n";
  }
  std::cout << "\ntarget: sitrep MAP " << fixed3(r.sitrep.map) << " >= baseline MAP + 0.020 = "
            << fixed3(j["target"]["map_at_least"].get<double>()) << ": " << j["target"]["result"].get<std::string>()
            << "\ntarget: sitrep MAP@100 " << fixed3(r.sitrep.map100) << " >= omega MAP@100 + 0.020 = "
            << fixed3(j["target_omega"]["map100_at_least"].get<double>()) << ": "
            << j["target_omega"]["result"].get<std::string>() << "\n";
  std::cout << "\nmore like the first relevant document (" << r.like.queries << " queries with 2+ relevant; seed = the\n"
               "relevant document of the lowest number, left out of rankings and judgments; "
            << r.like.terms << " expansion terms):\n"
            << "  sitrep like:SEED      MAP " << fixed3(r.like.sitrep_map) << "  MAP@100 " << fixed3(r.like.sitrep_map100)
            << "\n  Xapian ESet (Omega)   MAP " << fixed3(r.like.xapian_map) << "  MAP@100 "
            << fixed3(r.like.xapian_map100) << "\n";
  if (r.like.sitrep_failed > 0) std::cout << "  " << r.like.sitrep_failed << " like: search(es) failed\n";
  std::cout << "\nnotes: baseline = BM25 over the Z-stems of sitrep's analyzer (stop words dropped);\n"
               "omega = plain Xapian as Omega runs it (TermGenerator and QueryParser, English stemmer,\n"
               "STEM_SOME, BM25 defaults); queries lower-cased for every system;\n";
  if (r.collection == "TIME")
    std::cout << "judged numbers read as positions in the original 425-document collection (see relevance.h);\n"
              << r.malformed_dates << " malformed header date(s) indexed as 1963-01-01;\n";
  else
    std::cout << "judgments number queries by position in cran.qry; codes 1-4 relevant, the question's\n"
                 "source paper (-1) left out of every ranking;\n";
  std::cout << r.sitrep_failed << " query(ies) refused and " << r.sitrep_empty << " without hits by sitrep, "
            << r.baseline_empty << " without hits by the baseline, " << r.omega_empty << " by omega\n";
}

int run_relevance(int argc, char** argv) {
  std::string time_dir, cranfield_dir, format = "text", data_dir;
  bool per_query = false;
  po::options_description opts(
      "Usage: sitrep-eval relevance [--time DIR] [--cranfield DIR] [--format json] [--per-query]\n\n"
      "Ranked retrieval on the TIME magazine test collection (DIR holds TIME.ALL, TIME.QUE and\n"
      "TIME.REL) and on Cranfield (DIR holds cran.all.1400, cran.qry and cranqrel): the documents are\n"
      "indexed in a temporary directory by sitrep's Indexer and every judged query (lower-cased) is\n"
      "run through sitrep's Searcher (1000 hits), against plain Xapian BM25 over the Z-stems of the\n"
      "same analyzer (the baseline) and plain Xapian as Omega runs it (omega). Prints MAP@100, MAP,\n"
      "P@10 and nDCG@10 of the three systems per collection and the targets sitrep MAP >= baseline\n"
      "MAP + 0.02 and sitrep MAP@100 >= omega MAP@100 + 0.02, or one JSON object (the first\n"
      "collection's figures at the top level, every collection under \"collections\").\n\nOptions");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("time", po::value(&time_dir), "directory of the TIME collection")
      ("cranfield", po::value(&cranfield_dir), "directory of the Cranfield collection")
      ("format", po::value(&format), "text (default) or json")
      ("per-query", po::bool_switch(&per_query), "also each query's average precision (every system) and sitrep's reading")
      ("data", po::value(&data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)");
  // clang-format on
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-eval relevance", argc, argv, opts, vm)) return *exit;
  if (format != "text" && format != "json") {
    std::cerr << kProgram << " relevance: --format must be text or json, not '" << format << "'\n";
    return 2;
  }
  if (time_dir.empty() && cranfield_dir.empty()) {
    std::cerr << kProgram << " relevance: give --time DIR and/or --cranfield DIR (see --help)\n";
    return 2;
  }
  std::vector<std::pair<std::string, ev::RelevanceReport>> reports;
  if (!time_dir.empty()) {
    auto rr = ev::evaluate_time(time_dir, data_dir);
    if (!rr) {
      std::cerr << kProgram << " relevance: --time " << time_dir << ": " << rr.status().to_string() << "\n";
      return 1;
    }
    reports.emplace_back("time", std::move(rr).value());
  }
  if (!cranfield_dir.empty()) {
    auto rr = ev::evaluate_cranfield(cranfield_dir, data_dir);
    if (!rr) {
      std::cerr << kProgram << " relevance: --cranfield " << cranfield_dir << ": " << rr.status().to_string() << "\n";
      return 1;
    }
    reports.emplace_back("cranfield", std::move(rr).value());
  }
  if (format == "json") {
    json out = relevance_json(reports.front().second, per_query);
    json collections = json::object();
    for (const auto& [key, r] : reports) collections[key] = relevance_json(r, per_query);
    out["collections"] = std::move(collections);
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (std::size_t k = 0; k < reports.size(); ++k) {
    if (k > 0) std::cout << "\n";
    print_relevance(reports[k].second, per_query);
  }
  return 0;
}

struct Subcommand {
  std::string_view name;
  std::string_view summary;
  int (*run)(int argc, char** argv);  // argv[0] is the subcommand's name
};

constexpr Subcommand kSubcommands[] = {
    {"entities", "entity tagging against CoNLL-2003, Reuters-21578 places and FA-KES locations", run_entities},
    {"dates", "publication dates of Reuters-21578 and FA-KES, event dates of an expression file", run_dates},
    {"relevance", "ranked retrieval (MAP@100, MAP, P@10, nDCG@10) on TIME and Cranfield, sitrep against BM25 and Omega",
     run_relevance},
};

void usage(std::ostream& out) {
  out << "Usage: sitrep-eval SUBCOMMAND [OPTIONS]   (sitrep-eval SUBCOMMAND --help for its options)\n"
         "       sitrep-eval --version\n\n"
         "Subcommands:\n";
  for (const auto& s : kSubcommands) out << "  " << std::left << std::setw(12) << s.name << s.summary << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(std::cerr);
    return 2;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(std::cout);
    return 0;
  }
  if (name == "--version") {
    std::cout << sitrep::tools::version_line(kProgram) << "\n";
    return 0;
  }
  for (const auto& s : kSubcommands)
    if (s.name == name) return s.run(argc - 1, argv + 1);
  std::cerr << kProgram << ": unknown subcommand '" << name << "'\n";
  usage(std::cerr);
  return 2;
}
