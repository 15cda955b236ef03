#include "sitrep/analyzer.h"

#include <gtest/gtest.h>

namespace sitrep {
namespace {

std::vector<std::string> norms(const Analyzer& a, std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : a.tokenize(text)) out.push_back(t.norm);
  return out;
}

TEST(Analyzer, WordsFoldedAndPunctuationDropped) {
  Analyzer a;
  EXPECT_EQ(norms(a, "Lebanon's Hezbollah has sent 2,000 fighters."),
            (std::vector<std::string>{"lebanon", "hezbollah", "has", "sent", "2000", "fighters"}));
}

TEST(Analyzer, AccentsAndCaseFoldAway) {
  Analyzer a;
  EXPECT_EQ(a.fold("Ménaka"), "menaka");
  EXPECT_EQ(a.fold("TILLABÉRI"), "tillaberi");
  EXPECT_EQ(a.fold("Straße"), "strasse");         // full case folding
  EXPECT_EQ(a.fold("Hezbollah’s"), "hezbollah");  // typographic apostrophe
}

TEST(Analyzer, HyphensSplitNamesConsistently) {
  Analyzer a;
  EXPECT_EQ(a.fold_words("al-Qusayr"), (std::vector<std::string>{"al", "qusayr"}));
  EXPECT_EQ(a.fold_words("Al Qusayr"), a.fold_words("al-Qusayr"));
}

TEST(Analyzer, PositionsAndOffsets) {
  Analyzer a;
  const std::string text = "Rebels advanced on Homs. Hezbollah sent advisers.";
  auto toks = a.tokenize(text);
  ASSERT_EQ(toks.size(), 7u);  // Rebels advanced on Homs Hezbollah sent advisers
  for (std::size_t i = 0; i < toks.size(); ++i) {
    EXPECT_EQ(toks[i].pos, i);
    EXPECT_EQ(text.substr(toks[i].begin, toks[i].end - toks[i].begin), toks[i].surface);
  }
  EXPECT_TRUE(toks[0].sentence_start);
  EXPECT_TRUE(toks[3].capitalized);
  EXPECT_FALSE(toks[3].sentence_start);
  EXPECT_TRUE(toks[4].sentence_start);
  EXPECT_FALSE(toks[5].capitalized);
}

TEST(Analyzer, CaseShape) {
  Analyzer a;
  auto toks = a.tokenize("HTS and UNIFIL met iPhone users");
  EXPECT_TRUE(toks[0].all_caps);
  EXPECT_FALSE(toks[1].all_caps);
  EXPECT_TRUE(toks[2].all_caps);
  EXPECT_FALSE(toks[4].capitalized);
}

TEST(Analyzer, EnglishStemming) {
  Analyzer a;
  EXPECT_EQ(a.stem("deployments"), "deploy");
  EXPECT_EQ(a.stem("deployed"), "deploy");
  EXPECT_EQ(a.stem("fighters"), "fighter");
  EXPECT_EQ(a.stem(a.fold("Dispatched")), a.stem("dispatch"));
}

TEST(Analyzer, NonLatinScriptsAreWords) {
  Analyzer a;
  EXPECT_EQ(norms(a, "حزب الله").size(), 2u);
  EXPECT_EQ(a.fold("Харків"), "харків");
}

TEST(Analyzer, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("Ménaka حزب"));
  std::size_t bad = 0;
  EXPECT_FALSE(is_valid_utf8("ok\n\xC3\x28", &bad));
  EXPECT_EQ(bad, 3u);
  EXPECT_EQ(line_of_offset("ok\n\xC3\x28", bad), 2u);
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));  // truncated
}

TEST(Analyzer, InvalidUtf8DoesNotCrash) {
  Analyzer a;
  auto toks = a.tokenize("bad \xFF\xFE bytes");
  EXPECT_GE(toks.size(), 2u);
}

}  // namespace
}  // namespace sitrep
