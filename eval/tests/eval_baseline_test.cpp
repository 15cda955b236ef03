// Runs `sitrep-eval entities --format json` on the public corpora of ../shared/corpora and fails
// when a figure falls more than 0.02 below eval/baseline-entities.json. Skipped when the corpora
// are absent. SITREP_SHARED_DIR overrides ../shared, SITREP_EVAL_BIN the binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <iterator>
#include <string>
#include <unistd.h>

#include "test_process.h"

namespace {

using sitrep::test::env_or;
using sitrep::test::quote;
using sitrep::test::run;

using nlohmann::json;
constexpr double kTolerance = 0.02;

// Every number under the baseline's figure objects (precision, recall, f1), as "a/b/c" paths.
void compare(const json& baseline, const json& measured, const std::string& path) {
  for (const auto& [key, value] : baseline.items()) {
    const std::string p = path.empty() ? key : path + "/" + key;
    if (value.is_object()) {
      ASSERT_TRUE(measured.contains(key) && measured[key].is_object()) << p << " is missing from the output";
      compare(value, measured[key], p);
    } else if (value.is_number() && (key == "precision" || key == "recall" || key == "f1")) {
      ASSERT_TRUE(measured.contains(key) && measured[key].is_number()) << p << " is missing from the output";
      const double now = measured[key].get<double>(), base = value.get<double>();
      EXPECT_GE(now, 0.0) << p;
      EXPECT_LE(now, 1.0) << p;
      EXPECT_GE(now, base - kTolerance) << p << " fell from the baseline " << base << " to " << now;
    }
  }
}

TEST(EntitiesBaseline, NoFigureFallsBelowTheBaseline) {
  const std::filesystem::path corpora = env_or("SITREP_SHARED_DIR", SITREP_EVAL_SHARED_DIR) + "/corpora";
  const auto conll = corpora / "conll2003" / "eng.testb";
  const auto reuters = corpora / "reuters21578";
  const auto fakes = corpora / "fakes" / "FA-KES-Dataset.csv";
  for (const auto& p : {conll, reuters, fakes})
    if (!std::filesystem::exists(p))
      GTEST_SKIP() << p.string()
                   << " is absent: the entity evaluation needs the team's corpora in ../shared/corpora "
                      "(or SITREP_SHARED_DIR)";

  std::ifstream in(SITREP_EVAL_BASELINE);
  ASSERT_TRUE(in) << "cannot read " << SITREP_EVAL_BASELINE;
  const json baseline = json::parse(in);

  const std::string bin = env_or("SITREP_EVAL_BIN", SITREP_EVAL_BIN);
  const auto [status, out] = run(quote(bin) + " entities --format json --conll " + quote(conll.string()) +
                                 " --reuters " + quote(reuters.string()) + " --fakes " + quote(fakes.string()));
  ASSERT_EQ(status, 0) << out;
  const json measured = json::parse(out, nullptr, false);
  ASSERT_FALSE(measured.is_discarded()) << "not JSON:\n" << out;
  for (const char* key : {"conll", "reuters_places", "fakes_location"}) ASSERT_TRUE(measured.contains(key)) << key;
  for (const char* type : {"LOC", "PER", "ORG"}) ASSERT_TRUE(measured["conll"].contains(type)) << type;
  compare(baseline, measured, "");

  // Issue 17, item 5: the country facet's false tags on Reuters-21578 (a tagged country neither in
  // PLACES nor named in the text), their share and the 20 most frequent.
  ASSERT_TRUE(measured.contains("reuters_facet_precision"));
  const json& f = measured["reuters_facet_precision"];
  const auto documents = f["documents"].get<std::size_t>(), with_false = f["with_false_tag"].get<std::size_t>();
  EXPECT_EQ(documents, measured["reuters_places"]["documents"].get<std::size_t>());
  EXPECT_LE(with_false, documents);
  EXPECT_GE(f["false_tags"].get<std::size_t>(), with_false);
  EXPECT_NEAR(f["false_tag_share"].get<double>(), static_cast<double>(with_false) / static_cast<double>(documents),
              1e-9);
  EXPECT_NEAR(f["precision"].get<double>(), 1.0 - f["false_tag_share"].get<double>(), 1e-9);
  ASSERT_TRUE(f["top_false_tags"].is_array());
  EXPECT_LE(f["top_false_tags"].size(), 20u);
  for (const auto& t : f["top_false_tags"]) {
    ASSERT_TRUE(t.is_array() && t.size() == 2u) << t.dump();
    EXPECT_NE(t[0].get<std::string>().find(" -> "), std::string::npos) << t.dump();
  }
}

// Issue 17: the trained name tagger (shared/data/ner-en.model) on CoNLL-2003 eng.testb, beside the
// rule tagger: its targets, PER >= 0.87, LOC >= 0.87, ORG >= 0.75 (F1, exact-match spans).
TEST(EntitiesBaseline, NameTaggerMeetsItsTargetsOnTestb) {
  const std::filesystem::path conll =
      env_or("SITREP_SHARED_DIR", SITREP_EVAL_SHARED_DIR) + "/corpora/conll2003/eng.testb";
  if (!std::filesystem::exists(conll))
    GTEST_SKIP() << conll.string()
                 << " is absent: the name tagger's figures need the team's corpora in ../shared/corpora "
                    "(or SITREP_SHARED_DIR)";
  const std::string bin = env_or("SITREP_EVAL_BIN", SITREP_EVAL_BIN);
  const auto [status, out] = run(quote(bin) + " entities --format json --conll " + quote(conll.string()));
  ASSERT_EQ(status, 0) << out;
  const json j = json::parse(out);
  ASSERT_TRUE(j.contains("conll_model")) << "no model figures: is ner-en.model in the gazetteer directory?";
  EXPECT_GE(j["conll_model"]["PER"]["f1"].get<double>(), 0.87);
  EXPECT_GE(j["conll_model"]["LOC"]["f1"].get<double>(), 0.87);
  EXPECT_GE(j["conll_model"]["ORG"]["f1"].get<double>(), 0.75);
  EXPECT_EQ(j["conll_model"]["sentences"].get<int>(), 3453);
  // The rule tagger's figures are reported as before, under their own key.
  EXPECT_TRUE(j["conll"].contains("PER"));
  // --ner-model none: the rule tagger alone.
  const auto [status2, out2] = run(quote(bin) + " entities --format json --ner-model none --conll " + quote(conll.string()));
  ASSERT_EQ(status2, 0) << out2;
  EXPECT_FALSE(json::parse(out2).contains("conll_model"));
}

// sitrep-train-ner on a hand-written fixture (no corpus needed): the same command writes the same
// bytes twice, and sitrep-eval reads the model it wrote.
TEST(TrainNer, SameCommandSameBytes) {
  const std::string bin = env_or("SITREP_TRAIN_NER_BIN", SITREP_TRAIN_NER_BIN);
  const std::string fixture = SITREP_NER_FIXTURE;
  const auto dir = std::filesystem::temp_directory_path() / ("sitrep-train-ner-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string a = (dir / "a.model").string(), b = (dir / "b.model").string();
  const std::string args = " --conll " + quote(fixture) + " --dev " + quote(fixture) + " --epochs 5 --hash-bits 14 -o ";
  const auto r1 = run(quote(bin) + args + quote(a) + " 2>&1");
  const auto r2 = run(quote(bin) + args + quote(b) + " 2>&1");
  ASSERT_EQ(r1.status, 0) << r1.out;
  ASSERT_EQ(r2.status, 0) << r2.out;
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::string ma = slurp(a), mb = slurp(b);
  ASSERT_FALSE(ma.empty());
  EXPECT_NE(ma.find("command: sitrep-train-ner --conll"), std::string::npos);
  EXPECT_NE(ma.find("\nepochs: "), std::string::npos);
  EXPECT_NE(ma.find("\ndev: all "), std::string::npos);
  // The header names the output file; everything else is identical.
  ma.erase(0, ma.find("\nepochs: "));
  mb.erase(0, mb.find("\nepochs: "));
  EXPECT_EQ(ma, mb);
  EXPECT_EQ(run(quote(bin) + " --conll " + quote(fixture) + " 2>&1").status, 2);  // no -o
  EXPECT_EQ(run(quote(bin) + " --conll /nonexistent.conll -o " + quote(a) + " 2>&1").status, 1);
  std::filesystem::remove_all(dir);
}

// sitrep-eval dates: the written expression file always (it is in the repository), the corpora's
// publication dates when ../shared is present: every value must parse.
TEST(DatesEval, ExpressionsAndCorpusDates) {
  const std::string bin = env_or("SITREP_EVAL_BIN", SITREP_EVAL_BIN);
  const std::string tsv = SITREP_EVAL_EXPRESSIONS;
  {
    const auto [status, out] = run(quote(bin) + " dates --format json --expressions " + quote(tsv));
    ASSERT_EQ(status, 0) << out;
    const json j = json::parse(out);
    EXPECT_GE(j["expressions"]["total"].get<int>(), 150);
    EXPECT_GE(j["expressions"]["accuracy"].get<double>(), 0.95) << j["expression_failures"].dump(2);
  }
  const std::filesystem::path corpora = env_or("SITREP_SHARED_DIR", SITREP_EVAL_SHARED_DIR) + "/corpora";
  const auto reuters = corpora / "reuters21578";
  const auto fakes = corpora / "fakes" / "FA-KES-Dataset.csv";
  if (!std::filesystem::exists(reuters) || !std::filesystem::exists(fakes))
    GTEST_SKIP() << "Reuters-21578 or FA-KES is absent from " << corpora.string()
                 << ": the corpus date figures need the team's corpora (or SITREP_SHARED_DIR)";
  const auto [status, out] = run(quote(bin) + " dates --format json --reuters " + quote(reuters.string()) +
                                 " --fakes " + quote(fakes.string()) + " --expressions " + quote(tsv));
  ASSERT_EQ(status, 0) << out;
  const json j = json::parse(out);
  EXPECT_DOUBLE_EQ(j["reuters_parsed"].get<double>(), 1.0) << j["reuters_counts"]["failures"].dump(2);
  EXPECT_DOUBLE_EQ(j["fakes_parsed"].get<double>(), 1.0) << j["fakes_counts"]["failures"].dump(2);
  EXPECT_EQ(j["reuters_counts"]["total"].get<int>(), 21578);
  EXPECT_EQ(j["fakes_counts"]["total"].get<int>(), 804);
}

TEST(EvalCli, UnreadableInputIsAnErrorNamingIt) {
  const std::string bin = env_or("SITREP_EVAL_BIN", SITREP_EVAL_BIN);
  const auto [status, out] = run(quote(bin) + " entities --conll /nonexistent/eng.testb 2>&1");
  EXPECT_EQ(status, 1);
  EXPECT_NE(out.find("/nonexistent/eng.testb"), std::string::npos) << out;
  const auto [status2, out2] = run(quote(bin) + " entities --reuters /nonexistent/reuters 2>&1");
  EXPECT_EQ(status2, 1);
  EXPECT_NE(out2.find("/nonexistent/reuters"), std::string::npos) << out2;
}

// Issue 17, item 4: every language the gazetteer covers says how its names are found and what it
// was measured on: English has the trained model and CoNLL-2003; Arabic, Hebrew, Russian, Ukrainian
// and French keep the gazetteer's names in that language and the rules, with no annotated data.
// (The hand-written CoNLL fixture stands in for a corpus: no ../shared needed.)
TEST(EvalCli, EveryLanguageSaysHowItsNamesAreFound) {
  const std::string bin = env_or("SITREP_EVAL_BIN", SITREP_EVAL_BIN);
  const auto [status, out] = run(quote(bin) + " entities --format json --conll " + quote(SITREP_NER_FIXTURE));
  ASSERT_EQ(status, 0) << out;
  const json j = json::parse(out);
  ASSERT_TRUE(j.contains("languages")) << out;
  for (const char* lang : {"en", "ar", "he", "ru", "uk", "fr"}) {
    ASSERT_TRUE(j["languages"].contains(lang)) << lang;
    const json& l = j["languages"][lang];
    EXPECT_GT(l["entities"].get<std::size_t>(), 10u) << lang;
    EXPECT_GE(l["names"].get<std::size_t>(), l["entities"].get<std::size_t>()) << lang;
    EXPECT_GT(l["event_words"].get<std::size_t>(), 10u) << lang;
    EXPECT_FALSE(l["tagger"].get<std::string>().empty()) << lang;
    EXPECT_EQ(l["annotated_data"].is_null(), std::string(lang) != "en") << lang;
  }
  const auto [status_text, text] = run(quote(bin) + " entities --conll " + quote(SITREP_NER_FIXTURE));
  ASSERT_EQ(status_text, 0) << text;
  EXPECT_NE(text.find("  fr: "), std::string::npos) << text;
  EXPECT_NE(text.find("no annotated data here: not measured"), std::string::npos) << text;
}

TEST(EvalCli, UsageErrors) {
  const std::string bin = env_or("SITREP_EVAL_BIN", SITREP_EVAL_BIN);
  EXPECT_EQ(run(quote(bin) + " entities 2>&1").status, 2);
  EXPECT_EQ(run(quote(bin) + " entities --conll x --format xml 2>&1").status, 2);
  EXPECT_EQ(run(quote(bin) + " nosuch 2>&1").status, 2);
  EXPECT_EQ(run(quote(bin) + " --help").status, 0);
}

// sitrep-eval relevance on the TIME collection: the JSON shape, every figure in [0, 1], and the
// target of issue 5 as a regression guard: sitrep MAP >= baseline MAP + 0.02 (never below it).
TEST(RelevanceEval, TimeCollectionFiguresAreWellFormed) {
  const std::filesystem::path time = env_or("SITREP_SHARED_DIR", SITREP_EVAL_SHARED_DIR) + "/corpora/time";
  if (!std::filesystem::exists(time / "TIME.ALL"))
    GTEST_SKIP() << (time / "TIME.ALL").string()
                 << " is absent: the relevance evaluation needs the team's corpora in ../shared/corpora "
                    "(or SITREP_SHARED_DIR)";
  const std::string bin = env_or("SITREP_EVAL_BIN", SITREP_EVAL_BIN);
  const auto [status, out] = run(quote(bin) + " relevance --format json --time " + quote(time.string()));
  ASSERT_EQ(status, 0) << out;
  const json j = json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << "not JSON:\n" << out;
  for (const char* system : {"sitrep", "baseline"}) {
    ASSERT_TRUE(j.contains(system) && j[system].is_object()) << system << " is missing:\n" << out;
    for (const char* figure : {"map", "p10", "ndcg10"}) {
      ASSERT_TRUE(j[system].contains(figure) && j[system][figure].is_number()) << system << "/" << figure;
      const double v = j[system][figure].get<double>();
      EXPECT_GE(v, 0.0) << system << "/" << figure;
      EXPECT_LE(v, 1.0) << system << "/" << figure;
    }
  }
  EXPECT_GT(j.value("queries", 0), 0);
  const double sitrep_map = j["sitrep"]["map"].get<double>(), baseline_map = j["baseline"]["map"].get<double>();
  EXPECT_GE(sitrep_map, baseline_map) << "sitrep ranks below plain BM25";
  EXPECT_GE(sitrep_map + 1e-9, baseline_map + 0.02) << "sitrep MAP " << sitrep_map << ", baseline " << baseline_map;
}

// sitrep-eval relevance on Cranfield (and TIME beside it): three systems per collection, every
// figure in [0, 1], no query refused, and the issue-16 guards: sitrep's TIME MAP (0.664 when
// Cranfield came in) does not fall, and sitrep is not below plain Xapian as Omega runs it.
TEST(RelevanceEval, CranfieldAndTimeBesideOmega) {
  const std::string shared = env_or("SITREP_SHARED_DIR", SITREP_EVAL_SHARED_DIR);
  const std::filesystem::path cranfield = shared + "/corpora/cranfield", time = shared + "/corpora/time";
  for (const auto& p : {cranfield / "cran.all.1400", time / "TIME.ALL"})
    if (!std::filesystem::exists(p))
      GTEST_SKIP() << p.string()
                   << " is absent: the relevance evaluation needs the team's corpora in ../shared/corpora "
                      "(or SITREP_SHARED_DIR)";
  const std::string bin = env_or("SITREP_EVAL_BIN", SITREP_EVAL_BIN);
  const auto [status, out] = run(quote(bin) + " relevance --format json --time " + quote(time.string()) +
                                 " --cranfield " + quote(cranfield.string()));
  ASSERT_EQ(status, 0) << out;
  const json j = json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << "not JSON:\n" << out;
  ASSERT_TRUE(j.contains("collections")) << out;
  for (const char* name : {"time", "cranfield"}) {
    ASSERT_TRUE(j["collections"].contains(name)) << name << " is missing:\n" << out;
    const json& c = j["collections"][name];
    for (const char* system : {"sitrep", "baseline", "omega"})
      for (const char* figure : {"map", "map100", "p10", "ndcg10"}) {
        ASSERT_TRUE(c.contains(system) && c[system].contains(figure) && c[system][figure].is_number())
            << name << "/" << system << "/" << figure;
        EXPECT_GE(c[system][figure].get<double>(), 0.0) << name << "/" << system << "/" << figure;
        EXPECT_LE(c[system][figure].get<double>(), 1.0) << name << "/" << system << "/" << figure;
      }
    EXPECT_EQ(c.value("sitrep_failed_queries", -1), 0) << name << ": queries refused";
    // Issue 16's target: at least 0.02 above plain Xapian as Omega runs it, on both collections
    // (TIME 0.664 vs 0.614, Cranfield 0.343 vs 0.314 MAP@100 when it came in).
    EXPECT_GE(c["sitrep"]["map100"].get<double>() + 1e-9, c["omega"]["map100"].get<double>() + 0.02)
        << name << ": sitrep less than 0.02 above plain Xapian (Omega)";
  }
  EXPECT_EQ(j["collections"]["cranfield"].value("queries", 0), 225);
  // TIME was 0.664 until event concepts became index terms: a concept then weighs by its exact
  // document frequency (BM25's idf of the group as one term) instead of Xapian's estimate for a
  // synonym, which moved one query (19: 0.747 -> 0.646, one relevant article a place lower) and
  // left the other 78 as they were: 0.663. Then issue 17's namesake rule read TIME's GENEVA as the
  // Swiss city in its articles, which moved query 13 (0.867 -> 0.806, its entity boost): 0.662.
  EXPECT_GE(j["collections"]["time"]["sitrep"]["map"].get<double>(), 0.662 - 5e-4) << "TIME MAP fell";
  EXPECT_GE(j["collections"]["cranfield"]["sitrep"]["map100"].get<double>(), 0.343 - 5e-4) << "Cranfield MAP@100 fell";
  // The top level is the first collection's (TIME's) figures, as before Cranfield came in.
  EXPECT_EQ(j.value("collection", ""), "TIME");
  // More like the first relevant document (issue 16, item 3): sitrep's like: ranks the other
  // relevant documents above plain Xapian's ESet expansion of the same document, on both
  // collections (TIME 0.479 vs 0.420, Cranfield 0.279 vs 0.248 when it came in).
  for (const char* name : {"time", "cranfield"}) {
    const json& like = j["collections"][name]["like"];
    ASSERT_TRUE(like.is_object()) << name << ": no like figures:\n" << out;
    EXPECT_GT(like.value("queries", 0), 0) << name;
    EXPECT_EQ(like.value("sitrep_failed_queries", -1), 0) << name;
    EXPECT_GE(like["sitrep"]["map"].get<double>(), like["xapian_eset"]["map"].get<double>() + 0.02)
        << name << ": like: not ahead of Xapian's ESet expansion";
  }
  // TIME like: was 0.479; 0.472 since issue 17 item 5, whose tagger reads TIME's capitals PARIS,
  // MOSCOW, GENEVA, ROME as the better-known places rather than US towns of those names (the
  // like: query's entity boosts change with them).
  EXPECT_GE(j["collections"]["time"]["like"]["sitrep"]["map"].get<double>(), 0.472 - 5e-4) << "TIME like: MAP fell";
  EXPECT_GE(j["collections"]["cranfield"]["like"]["sitrep"]["map"].get<double>(), 0.279 - 5e-4)
      << "Cranfield like: MAP fell";
}

}  // namespace
