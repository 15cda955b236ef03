// Tests of the output formats on hand-made answers: the searcher's (searcher/src/format.cpp: CSV,
// JSON, text) and the tagger's decisions of --explain-tags (shared/src/tag_explanation.cpp). The
// formats of real answers are checked in searcher_test and e2e_test.
#include "sitrep/format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sitrep/searcher.h"
#include "sitrep/tag_explanation.h"
#include "test_util.h"

namespace sitrep {
namespace {

TEST(Format, CsvQuotesFieldsAndUnmarksTheSnippet) {
  // The snippet is plain text (no marks); a comma or quote in a field is quoted, quotes doubled.
  SearchResult made;
  Hit h;
  h.rank = 1;
  h.id = "x";
  h.title = "Talks, \"at last\"";
  h.snippet = "a &amp; <mark>b</mark>";
  made.hits.push_back(h);
  EXPECT_NE(to_csv(made).find("1,x,,\"Talks, \"\"at last\"\"\",,,0.000,,,,,,a & b\r\n"), std::string::npos)
      << to_csv(made);
}

TagExplanation explained(const std::string& title, const std::string& text) {
  static const Tagger tagger(test::gazetteer());
  return explain_tags(tagger, test::gazetteer().analyzer(), "a-1", title, text, "");
}

TEST(Format, TagExplanationAsJson) {
  const auto e = explained("Strikes near Hermel", "Hezbollah fighters reached Qusayr. Police said the road was closed.");
  EXPECT_EQ(e.lang, "en");
  const auto j = nlohmann::json::parse(to_json(e));
  EXPECT_EQ(j["id"], "a-1");
  EXPECT_EQ(j["lang"], "en");
  bool hermel = false, hezbollah = false;
  for (const auto& m : j["mentions"]) {
    // Offsets are into the title, a blank line and the text, as the indexer tags them.
    const std::string analysed = analysed_text("Strikes near Hermel", "Hezbollah fighters reached Qusayr. Police said the road was closed.");
    EXPECT_EQ(analysed.substr(m["begin"].get<std::size_t>(), m["end"].get<std::size_t>() - m["begin"].get<std::size_t>()), m["text"]);
    hermel = hermel || (m["id"] == "lb-hermel" && m["kind"] == "place");
    if (m["id"] == "hezbollah") {
      hezbollah = true;
      EXPECT_EQ(m["kind"], "actor");
      EXPECT_EQ(m["confidence"], 1.0);
      EXPECT_EQ(m["reason"], "a curated actor, person or demonym");
      EXPECT_FALSE(m["candidate"].get<bool>());
    }
  }
  EXPECT_TRUE(hermel);
  EXPECT_TRUE(hezbollah);
  ASSERT_FALSE(j["vetoed"].empty());
  bool police = false;
  for (const auto& v : j["vetoed"])
    if (v["text"] == "Police") {
      police = true;
      EXPECT_EQ(v["veto"], "veto: a common word or name, with no place context");
      EXPECT_FALSE(v.contains("reason"));
    }
  EXPECT_TRUE(police);
}

TEST(Format, TagExplanationAsText) {
  const auto e = explained("", "Hezbollah fighters reached Qusayr. Police said the road was closed.");
  const std::string t = to_text(e);
  EXPECT_EQ(t.rfind("a-1 (en): " + std::to_string(e.decisions.mentions.size()) + " mentions, " +
                        std::to_string(e.decisions.dropped.size()) + (e.decisions.dropped.size() == 1 ? " name" : " names") +
                        " vetoed\n",
                    0),
            0u)
      << t;
  EXPECT_NE(t.find("\n  Hezbollah               actor   hezbollah                   1.00  a curated actor, person or demonym\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("vetoed (as written, first reading, veto):\n  Police "), std::string::npos) << t;
  // An article without names says so in its first line alone.
  EXPECT_EQ(to_text(explained("", "nothing here.")), "a-1 (en): 0 mentions, 0 names vetoed\n");
}

}  // namespace
}  // namespace sitrep
