// Tests of the near-duplicate key (indexer/src/duplicate_key.h).
#include "duplicate_key.h"

#include <gtest/gtest.h>

#include "sitrep/analyzer.h"

namespace sitrep {
namespace {

std::string key_of(const std::string& text, std::size_t body_begin = 0) {
  static const Analyzer analyzer;
  return duplicate_key(analyzer.tokenize(text), body_begin);
}

const std::string kStory =
    "Hezbollah fighters were seen moving towards the border near Qusayr on Saturday, witnesses said, "
    "as government forces reinforced positions around Homs and the road to Damascus.";

TEST(DuplicateKey, SixtyFourHexDigits) {
  const std::string k = key_of(kStory);
  ASSERT_EQ(k.size(), 64u);
  EXPECT_EQ(k.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(DuplicateKey, FewerThanFiveWordsHaveNone) {
  EXPECT_EQ(key_of("Four words only here"), "");
  EXPECT_EQ(key_of(""), "");
  EXPECT_NE(key_of("Five words are enough here"), "");
}

TEST(DuplicateKey, SameWordsSameKeyWhateverTheCaseAndPunctuation) {
  std::string shouted = kStory;
  for (auto& c : shouted)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  EXPECT_EQ(key_of(kStory), key_of(shouted));
  EXPECT_EQ(key_of("Troops moved north, then east; officials said."), key_of("troops moved north then east officials said"));
}

TEST(DuplicateKey, OtherWordsOtherKey) {
  EXPECT_NE(key_of(kStory), key_of("A ceasefire was agreed in Geneva on Monday after talks between the parties."));
}

TEST(DuplicateKey, OnlyTheBodyCounts) {
  const std::string title = "Different headline";
  const std::string with_title = title + "\n\n" + kStory;
  EXPECT_EQ(key_of(with_title, title.size() + 2), key_of(kStory));
  // The title's words are not read: a long title over a short body gives no key.
  const std::string long_title = "A long headline of many words here";
  EXPECT_EQ(key_of(long_title + "\n\nShort body.", long_title.size() + 2), "");
  EXPECT_NE(key_of(long_title + "\n\nShort body.", 0), "");
}

TEST(DuplicateKey, OnlyTheFirstTwoHundredWordsCount) {
  std::string body;
  for (int i = 0; i < 200; ++i) body += "word" + std::to_string(i) + " ";
  EXPECT_EQ(key_of(body + "tail one"), key_of(body + "another ending entirely"));
}

}  // namespace
}  // namespace sitrep
