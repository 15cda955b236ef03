// The name tagger's reading of a tokenized text (shared/src/ner_text.cpp) and NerModel::mentions.
#include <gtest/gtest.h>

#include "sitrep/ner_model.h"
#include "test_util.h"

namespace sitrep {
namespace {

std::vector<std::string> surfaces(const NerTextSentence& s) {
  std::vector<std::string> out;
  for (const auto& w : s.words) out.push_back(w.surface);
  return out;
}

TEST(NerText, PunctuationHyphensAbbreviationsAndPossessives) {
  const Analyzer& a = test::gazetteer().analyzer();
  const std::string text = "Officials in the U.S. said Hezbollah's al-Assad (a rival) left, again.";
  const auto tokens = a.tokenize(text);
  const auto s = ner_text_sentences(text, tokens);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(surfaces(s[0]), (std::vector<std::string>{"Officials", "in", "the", "U.S.", "said", "Hezbollah", "'s",
                                                      "al-Assad", "(", "a", "rival", ")", "left", ",", "again", "."}));
  // Each word knows its tokens and bytes; punctuation covers no token.
  const std::size_t assad = 7;
  EXPECT_EQ(text.substr(s[0].begin[assad], s[0].end[assad] - s[0].begin[assad]), "al-Assad");
  EXPECT_EQ(s[0].end_token[assad] - s[0].first_token[assad], 2u);  // "al", "assad"
  EXPECT_EQ(s[0].first_token[8], s[0].end_token[8]);               // "("
  EXPECT_EQ(s[0].words[5].norm, "hezbollah");
}

TEST(NerText, SentencesEndAtSentenceStartsAndLineBreaks) {
  const Analyzer& a = test::gazetteer().analyzer();
  const std::string text = "FERRY RESUMES IN TARTUS\nThe ship left. It returned";
  const auto s = ner_text_sentences(text, a.tokenize(text));
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(surfaces(s[0]), (std::vector<std::string>{"FERRY", "RESUMES", "IN", "TARTUS"}));
  EXPECT_EQ(surfaces(s[1]), (std::vector<std::string>{"The", "ship", "left", "."}));
  EXPECT_EQ(surfaces(s[2]), (std::vector<std::string>{"It", "returned"}));
  EXPECT_TRUE(ner_text_sentences("", {}).empty());
}

TEST(NerText, MentionsOfTheCommittedModel) {
  auto model = NerModel::load(Gazetteer::default_data_dir() + "/ner-en.model");
  ASSERT_TRUE(model.is_ok()) << model.status().to_string();
  const Gazetteer& g = test::gazetteer();
  const std::string text = "Jordanian police arrested Karim Mansour in Amman on Tuesday, the Interior Ministry said.";
  const auto tokens = g.analyzer().tokenize(text);
  const auto m = model->mentions(text, tokens, &g);
  auto find = [&](std::string_view name) -> const NerMention* {
    for (const auto& x : m)
      if (text.substr(x.begin, x.end - x.begin) == name) return &x;
    return nullptr;
  };
  const auto* person = find("Karim Mansour");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->type, NerType::kPer);
  EXPECT_EQ(person->end_token - person->first_token, 2u);
  EXPECT_GT(person->confidence, 0.5);
  ASSERT_NE(find("Amman"), nullptr);
  EXPECT_EQ(find("Amman")->type, NerType::kLoc);
  EXPECT_EQ(tokens[find("Amman")->first_token].surface, "Amman");
}

}  // namespace
}  // namespace sitrep
