// The name tagger's features and BIO tags (shared/src/ner_features.cpp).
#include "ner_features.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"

namespace sitrep::ner {
namespace {

std::vector<NerWord> words(std::initializer_list<const char*> surfaces) {
  std::vector<std::string> s(surfaces.begin(), surfaces.end());
  return ner_words(s, test::gazetteer().analyzer());
}

bool has(const std::vector<std::string>& v, const std::string& f) { return std::find(v.begin(), v.end(), f) != v.end(); }

TEST(NerFeatures, ShapesAndClasses) {
  EXPECT_EQ(word_shape("Tartus"), "Xxxxxx");
  EXPECT_EQ(word_shape("1996-08-22"), "dddd-dd-dd");
  EXPECT_EQ(word_shape("U.S."), "X.X.");
  EXPECT_EQ(word_shape("Ménaka"), "Xxxxxx");  // é is one x
  EXPECT_EQ(word_shape("Internationalisation").size(), 12u);
  EXPECT_EQ(compress_shape("Xxxxxx"), "Xx");
  EXPECT_EQ(compress_shape("dddd-dd-dd"), "d-d-d");
  EXPECT_EQ(word_class("Tartus"), "Xx");
  EXPECT_EQ(word_class("NATO"), "XX");
  EXPECT_EQ(word_class("A"), "Xx");
  EXPECT_EQ(word_class("ferry"), "x");
  EXPECT_EQ(word_class("1996"), "d");
  EXPECT_EQ(word_class("F16"), "mixed");
  EXPECT_EQ(word_class("McKinley"), "mixed");
  EXPECT_EQ(word_class(","), "p");
}

TEST(NerFeatures, WordAffixesNeighboursAndPosition) {
  const auto w = words({"Rain", "fell", "on", "Jableh", "."});
  const auto f = feature_names(w, 3, nullptr);
  for (const char* expected : {"w=jableh", "s=Jableh", "sh=Xxxxxx", "sc=Xx", "cl=Xx", "p1=j", "p4=jabl", "s4=bleh",
                               "s1=h", "w-1=on", "w-2=fell", "w+1=.", "w+2=</s>", "sc-1=x", "sc+1=.",
                               "w-1w=on|jableh", "ww+1=jableh|.", "cl3=x|Xx|p", "pos=3+|Xx"})
    EXPECT_TRUE(has(f, expected)) << expected;
  EXPECT_FALSE(has(f, "title=Xx"));
  const auto first = feature_names(w, 0, nullptr);
  EXPECT_TRUE(has(first, "w-1=<s>"));
  EXPECT_TRUE(has(first, "pos=0|Xx"));
  EXPECT_TRUE(has(feature_names(w, 4, nullptr), "last=p"));
}

TEST(NerFeatures, AllCapitalSentenceIsATitle) {
  const auto f = feature_names(words({"FERRY", "SERVICE", "RESUMES", "IN", "TARTUS"}), 4, nullptr);
  EXPECT_TRUE(has(f, "title=XX"));
}

TEST(NerFeatures, GazetteerMembership) {
  const auto w = words({"Fighters", "left", "Deir", "ez-Zor", "for", "Lebanon", "with", "Hezbollah", "."});
  const Gazetteer& g = test::gazetteer();
  EXPECT_TRUE(has(feature_names(w, 5, &g), "g=country|B"));
  EXPECT_TRUE(has(feature_names(w, 5, &g), "gc=country|B|Xx"));
  EXPECT_TRUE(has(feature_names(w, 7, &g), "g=actor|B"));
  EXPECT_TRUE(has(feature_names(w, 6, &g), "g+1=actor"));
  EXPECT_TRUE(has(feature_names(w, 4, &g), "g+1=country"));
  // Without a gazetteer: no membership feature, a capitalised word says so.
  EXPECT_FALSE(has(feature_names(w, 5, nullptr), "g=country|B"));
  EXPECT_TRUE(has(feature_names(w, 5, nullptr), "g0=Xx"));
}

TEST(NerFeatures, RowsAreHashedIntoTheTable) {
  const auto w = words({"Omar", "Haddad", "said", "."});
  const auto f = extract_features(w, nullptr, 12);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f.offsets.back(), f.rows.size());
  for (const auto r : f.rows) EXPECT_LT(r, 1u << 12);
  // The same words, the same rows (no address or run dependent hash).
  EXPECT_EQ(extract_features(w, nullptr, 12).rows, f.rows);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cull);
}

TEST(NerTags, BioFromSpansAndBack) {
  const std::vector<NerSpan> names = {{0, 2, NerType::kPer, 1}, {2, 3, NerType::kPer, 1}, {4, 5, NerType::kLoc, 1}};
  const auto tags = tags_of(names, 6);
  EXPECT_EQ(tags, (std::vector<int>{begin_tag(NerType::kPer), inside_tag(NerType::kPer), begin_tag(NerType::kPer),
                                    kOutside, begin_tag(NerType::kLoc), kOutside}));
  EXPECT_EQ(spans_of(tags), names);
  EXPECT_EQ(tag_name(inside_tag(NerType::kMisc)), "I-MISC");
  // An I- tag after O or another type starts a name, as in IOB1.
  EXPECT_EQ(spans_of({inside_tag(NerType::kOrg), inside_tag(NerType::kOrg), inside_tag(NerType::kLoc)}),
            (std::vector<NerSpan>{{0, 2, NerType::kOrg, 1}, {2, 3, NerType::kLoc, 1}}));
  EXPECT_TRUE(allowed(-1, begin_tag(NerType::kLoc)));
  EXPECT_FALSE(allowed(-1, inside_tag(NerType::kLoc)));
  EXPECT_FALSE(allowed(begin_tag(NerType::kPer), inside_tag(NerType::kLoc)));
  EXPECT_TRUE(allowed(begin_tag(NerType::kLoc), inside_tag(NerType::kLoc)));
}

}  // namespace
}  // namespace sitrep::ner
