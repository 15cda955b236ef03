// Gazetteer::similar_names: spelling suggestions prefer well-known names (issue 20); where the
// gazetteer is looked for (default_data_dir); event concepts as index terms (concepts_of_stem,
// concept_table).
#include "sitrep/gazetteer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_util.h"

namespace sitrep {
namespace {

// The id of the first suggestion for a misspelt name, "" for none.
std::string first_suggestion(std::string_view written) {
  const Gazetteer& g = test::gazetteer();
  const auto s = g.similar_names(g.analyzer().fold(written), 1);
  return s.empty() ? "" : g.id_of(s.front().match);
}

bool has_geonames() {
  const Gazetteer& g = test::gazetteer();
  return g.place("ni-rama") != nullptr;
}

// Among names one edit away, the curated, populous place wins over a small GeoNames town
// (Raqa: Raqqa, not Rama in Nicaragua; Darra: Daraa, not Barra; Hersonn: Kherson, not Herborn).
TEST(GazetteerSpelling, WellKnownPlacesWinOverRareTowns) {
  if (!has_geonames()) GTEST_SKIP() << "the generated GeoNames places are not in the data directory";
  EXPECT_EQ(first_suggestion("Raqa"), "sy-raqqa");
  EXPECT_EQ(first_suggestion("Darra"), "sy-daraa");
  EXPECT_EQ(first_suggestion("Hersonn"), "ua-kherson");
}

// Words are compared with every name and alias run together: "Dair Alzour" is one edit from the
// alias "Deir al-Zour" of Deir ez-Zor (and "Dair" alone is not taken for Čair in Skopje).
TEST(GazetteerSpelling, SeveralWordsMatchANameOrAliasRunTogether) {
  EXPECT_EQ(first_suggestion("Dair Alzour"), "sy-deir-ez-zor");
  EXPECT_EQ(first_suggestion("Dair-Alzour"), "sy-deir-ez-zor");
  EXPECT_EQ(first_suggestion("Hezbolah"), "hezbollah");
}

// One edit nearer still wins over fame; exact names and short words get nothing.
TEST(GazetteerSpelling, DistanceFirstThenFame) {
  const Gazetteer& g = test::gazetteer();
  const auto s = g.similar_names(g.analyzer().fold("Kherzon"), 3);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(g.id_of(s.front().match), "ua-kherson");
  EXPECT_EQ(s.front().distance, 1);
  for (std::size_t k = 1; k < s.size(); ++k) EXPECT_GE(s[k].distance, s[k - 1].distance);
  EXPECT_TRUE(g.similar_names("raq").empty());
  for (const auto& x : g.similar_names("aleppo", 5)) EXPECT_NE(g.id_of(x.match), "sy-aleppo");
}

// Without $SITREP_DATA_DIR, a program of the build tree (this test) reads the build's data
// directory (an installed one reads PREFIX/share/sitrep above itself: tests/package/run.sh).
TEST(GazetteerDataDir, BuildTreeProgramsReadTheBuildData) {
  const char* env = std::getenv("SITREP_DATA_DIR");
  if (!env || !*env) GTEST_SKIP() << "ctest sets SITREP_DATA_DIR to the build's data directory";
  const std::string build_data = env;
  EXPECT_EQ(Gazetteer::default_data_dir(), build_data);
  unsetenv("SITREP_DATA_DIR");
  const std::string found = Gazetteer::default_data_dir();
  setenv("SITREP_DATA_DIR", build_data.c_str(), 1);
  EXPECT_EQ(std::filesystem::weakly_canonical(found), std::filesystem::weakly_canonical(build_data));
}

// The land-border lines of a country, as near-border distances are measured to (a map draws
// them): Lebanon's two (with Syria, with Israel), each point on the border, none for an unknown code.
TEST(GazetteerBorders, BorderLinesAreWhatDistancesAreMeasuredTo) {
  const Gazetteer& g = test::gazetteer();
  const auto& lines = g.border_lines("lb");
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& line : lines) {
    ASSERT_GE(line.size(), 2u);
    for (const auto& p : line) {
      EXPECT_TRUE(p.lat > 32.9 && p.lat < 34.8 && p.lon > 35.0 && p.lon < 36.7) << p.lat << "," << p.lon;
      EXPECT_NEAR(g.km_to_border("lb", p.lat, p.lon), 0.0, 1e-6);
    }
  }
  // Hermel lies within 50 km of one of them, and so is among the places near the border.
  const Place* hermel = g.place("lb-hermel");
  ASSERT_NE(hermel, nullptr);
  EXPECT_LT(km_to_lines(lines, {hermel->lat, hermel->lon}), 50);
  EXPECT_TRUE(g.border_lines("zz").empty());
  EXPECT_TRUE(g.border_lines("").empty());
}

// Event concepts as index terms: which concepts a stem of an article counts for. English stems in
// every article (the searcher's synonym takes them whatever the language), another language's
// stems only in articles of that language.
TEST(GazetteerConcepts, AStemCountsForItsConceptsInTheArticlesLanguage) {
  const Gazetteer& g = test::gazetteer();
  const EventConcept* attack = g.event_of_stem("shell");
  ASSERT_NE(attack, nullptr);
  const auto index = static_cast<std::size_t>(attack - g.events().data());
  const std::vector<std::size_t> just_attack{index};
  for (const char* lang : {"en", "fr", "ru", ""}) {
    std::vector<std::size_t> out;
    g.concepts_of_stem("shell", lang, out);
    EXPECT_EQ(out, just_attack) << lang;
  }
  // Appending twice keeps one entry.
  std::vector<std::size_t> twice;
  g.concepts_of_stem("shell", "en", twice);
  g.concepts_of_stem("bomb", "en", twice);
  EXPECT_EQ(twice, just_attack);
  std::vector<std::size_t> none;
  g.concepts_of_stem("orchard", "en", none);
  EXPECT_TRUE(none.empty());
  // A French stem of the concept that is no English one.
  bool checked = false;
  for (const auto& v : g.event_stems_in_other_languages(*attack)) {
    if (v.lang != "fr") continue;
    std::vector<std::size_t> in_english;
    g.concepts_of_stem(v.stem, "en", in_english);
    if (!in_english.empty()) continue;
    for (const char* lang : {"fr", "fr-ca"}) {
      std::vector<std::size_t> out;
      g.concepts_of_stem(v.stem, lang, out);
      EXPECT_EQ(out, just_attack) << v.stem << " in " << lang;
    }
    checked = true;
  }
  EXPECT_TRUE(checked) << "the attack concept has no French stem of its own";
}

// The fingerprint an article records follows the concept table (events*.tsv) and nothing else.
TEST(GazetteerConcepts, TheTableFingerprintFollowsTheConceptFilesOnly) {
  const Gazetteer& g = test::gazetteer();
  const std::string table = g.concept_table();
  ASSERT_EQ(table.size(), 16u);
  EXPECT_EQ(table.find_first_not_of("0123456789abcdef"), std::string::npos) << table;
  auto load = [](const std::string& dir) {
    auto r = Gazetteer::load(dir, test::analyzer());
    EXPECT_TRUE(r) << r.status().to_string();
    return std::move(r).value();
  };
  const Gazetteer more_words =
      load(test::data_dir_with("concepts-edited", "events.tsv", "attack\tattack|", "attack\tattack|skirmish|"));
  EXPECT_NE(more_words.concept_table(), table);
  std::vector<std::size_t> out;
  more_words.concepts_of_stem("skirmish", "en", out);
  EXPECT_EQ(out.size(), 1u);
  const Gazetteer other_file = load(test::data_dir_with("concepts-same", "persons.tsv", "\n", "\n# a note\n"));
  EXPECT_EQ(other_file.concept_table(), table);
  EXPECT_NE(other_file.version(), g.version());
}

// Issue 17, item 5: what a match says of the name it read, and an actor's active period.
TEST(GazetteerNames, MatchesSayWhetherTheNameIsAnAcronymOrAnAlias) {
  const Gazetteer& g = test::gazetteer();
  auto first_of = [&](std::string_view name, EntityKind kind) {
    for (const auto& m : g.lookup(name))
      if (m.kind == kind) return m;
    return NameMatch{kind, 0, 0};
  };
  const NameMatch fsb = first_of("FSB", EntityKind::kActor);
  ASSERT_EQ(fsb.length, 1u);
  EXPECT_TRUE(fsb.capitals);  // written "FSB" in actors.tsv
  EXPECT_TRUE(fsb.alias);
  const NameMatch hamas = first_of("Hamas", EntityKind::kActor);
  EXPECT_FALSE(hamas.capitals);
  EXPECT_FALSE(hamas.alias);  // its own name
  const NameMatch sana = first_of("Sana", EntityKind::kPlace);
  ASSERT_EQ(sana.length, 1u);
  EXPECT_EQ(g.id_of(sana), "ye-sanaa");
  EXPECT_TRUE(sana.alias);
  EXPECT_FALSE(sana.capitals);
  EXPECT_FALSE(first_of("Sanaa", EntityKind::kPlace).alias);
  // actors.tsv's optional sixth column.
  EXPECT_EQ(g.actor("wagner")->since, 2014);
  EXPECT_EQ(g.actor("hezbollah")->since, 1982);
  EXPECT_EQ(g.actor("who")->since, 0);
}

}  // namespace
}  // namespace sitrep
