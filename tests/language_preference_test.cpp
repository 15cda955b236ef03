// Language preference (searcher/src/language_preference.h): a query written in one language ranks
// the articles in that language first among equally good matches; a clearly better match in
// another language still ranks first; no preference when the words do not tell the language; an
// explicit language overrides detection and "none" turns it off. Over a small index written here.
#include "language_preference.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "sitrep/format.h"
#include "sitrep/indexer.h"
#include "sitrep/option_parse.h"
#include "sitrep/searcher.h"
#include "index_util.h"
#include "test_util.h"

namespace sitrep {
namespace {

using How = LanguagePreference::How;

Article in(std::string id, Date date, std::string text, std::string lang) {
  Article a = test::article(std::move(id), date, "", std::move(text));
  a.lang = std::move(lang);
  return a;
}

class LanguagePreferenceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir() = test::process_scratch("language-preference").string();
    auto ix = Indexer::open(dir());
    ASSERT_TRUE(ix) << ix.status().to_string();
    const std::vector<Article> articles = {
        // The same report in English and in French: the French one is newer, so without a
        // preference it comes first on a tie (the newest first).
        in("convoy-en", Date{2024, 12, 5}, "A convoy of 12 trucks reached the depot at Hermel on Tuesday.", "en"),
        in("convoy-fr", Date{2024, 12, 6}, "Un convoi de 12 camions a atteint le dépôt de Hermel mardi.", "fr"),
        // Drones: the English article names them three times, the French one once.
        in("drones-en", Date{2024, 11, 2},
           "Drones struck the fuel depot at dawn. More drones came at noon, and the drones hit the depot again.",
           "en"),
        in("drones-fr", Date{2024, 11, 3}, "Des drones ont frappé le dépôt de carburant à l'aube.", "fr"),
        // Two French reports of the fuel depot, to make "depot" and "dépôt" common enough.
        in("depot-fr", Date{2024, 10, 1}, "Le dépôt de carburant a brûlé toute la nuit selon les pompiers.", "fr"),
        in("ar-1", Date{2024, 12, 7}, "وصلت قافلة من 12 شاحنة إلى المستودع في الهرمل.", "ar"),
    };
    for (const auto& a : articles) ASSERT_TRUE(ix->add(a)) << a.id;
    ASSERT_TRUE(ix->commit());
  }

  static std::string& dir() {
    static std::string d;
    return d;
  }
  static Searcher open() {
    auto s = Searcher::open(dir());
    EXPECT_TRUE(s) << s.status().to_string();
    return std::move(s).value();
  }
  static SearchResult search(const Searcher& s, const std::string& q, const std::string& prefer = "") {
    SearchOptions o;
    o.prefer_lang = prefer;
    auto r = s.search(q, o);
    EXPECT_TRUE(r) << q << ": " << r.status().to_string();
    return r ? std::move(r).value() : SearchResult{};
  }
  static std::size_t rank_of(const SearchResult& r, const std::string& id) {
    const auto v = test::hit_ids(r);
    return static_cast<std::size_t>(std::find(v.begin(), v.end(), id) - v.begin());
  }
};

// The words a query's language is told from: its text and common words, not its names and fields.
TEST_F(LanguagePreferenceTest, LanguageIsToldFromTheQueryWordsNotItsNamesOrFields) {
  auto s = open();
  auto pref = [&](const std::string& q, const std::string& asked = "") {
    auto pq = s.parse(q);
    EXPECT_TRUE(pq) << q;
    auto p = language_preference(*pq, asked);
    EXPECT_TRUE(p) << q;
    return p ? *p : LanguagePreference{};
  };
  EXPECT_EQ(pref("the convoy at the depot").lang, "en");
  EXPECT_EQ(pref("the convoy at the depot").how, How::kDetected);
  EXPECT_EQ(pref("un convoi vers le dépôt").lang, "fr");
  EXPECT_EQ(pref("الحدود").lang, "ar");
  // Names, numbers, fields and filters alone do not tell it.
  for (const char* q : {"Hermel", "12", "place:Hermel after:2024-11-01", "convoy depot", "", "the dépôt le convoi"}) {
    EXPECT_EQ(pref(q).lang, "") << q;
    EXPECT_EQ(pref(q).how, How::kUndetected) << q;
  }
  // Asked: overrides detection (any case, region subtag dropped); none: off; auto: detection.
  EXPECT_EQ(pref("the convoy at the depot", "fr").lang, "fr");
  EXPECT_EQ(pref("the convoy at the depot", "FR-ca").how, How::kAsked);
  EXPECT_EQ(pref("the convoy at the depot", "none").lang, "");
  EXPECT_EQ(pref("the convoy at the depot", "none").how, How::kOff);
  EXPECT_EQ(pref("the convoy at the depot", "auto").lang, "en");
  // An unknown language is an error naming the parameter.
  auto pq = s.parse("convoy");
  ASSERT_TRUE(pq);
  auto bad = language_preference(*pq, "klingon");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("prefer_lang 'klingon'"), std::string::npos) << bad.status().message();
  SearchOptions o;
  o.prefer_lang = "xx";
  auto searched = s.search("convoy", o);
  ASSERT_FALSE(searched);
  EXPECT_NE(searched.status().message().find("prefer_lang"), std::string::npos);
}

// Equal matches: the preferred language first, whichever it is; without one, the newest first.
TEST_F(LanguagePreferenceTest, TiesAreBrokenByTheLanguage) {
  auto s = open();
  // "12" is in all three convoy reports, once each: a tie (numbers say no language).
  const auto none = search(s, "12");
  EXPECT_EQ(none.prefer_lang.how, How::kUndetected);
  ASSERT_EQ(none.hits.size(), 3u);
  EXPECT_EQ(test::hit_ids(none).front(), "ar-1");  // the newest
  for (const char* lang : {"en", "fr", "ar"}) {
    const auto r = search(s, "12", lang);
    EXPECT_EQ(r.prefer_lang.lang, lang);
    EXPECT_EQ(r.prefer_lang.how, How::kAsked);
    ASSERT_EQ(r.hits.size(), 3u) << lang;  // a preference, not a filter
    const std::string first = std::string(lang) == "ar" ? "ar-1" : std::string("convoy-") + lang;
    EXPECT_EQ(r.hits.front().id, first) << lang;
  }
  // A place filter alone: the same.
  EXPECT_EQ(test::hit_ids(search(s, "place:Hermel", "en")).front(), "convoy-en");
  EXPECT_EQ(test::hit_ids(search(s, "place:Hermel", "fr")).front(), "convoy-fr");
  // none: as without a preference.
  const auto off = search(s, "12", "none");
  EXPECT_EQ(off.prefer_lang.how, How::kOff);
  EXPECT_EQ(test::hit_ids(off), test::hit_ids(none));
}

// The boost is small: the article that matches the word three times ranks first whichever
// language is preferred, and the match set never changes.
TEST_F(LanguagePreferenceTest, AClearlyBetterMatchInAnotherLanguageStillRanksFirst) {
  auto s = open();
  const auto plain = search(s, "drones", "none");
  ASSERT_GE(plain.hits.size(), 2u);
  EXPECT_EQ(plain.hits.front().id, "drones-en");
  const auto fr = search(s, "drones", "fr");
  EXPECT_EQ(fr.hits.front().id, "drones-en");
  EXPECT_EQ(fr.total, plain.total);
  // The French article gained the boost, exactly.
  const auto score = [](const SearchResult& r, const std::string& id) {
    for (const auto& h : r.hits)
      if (h.id == id) return h.score;
    return -1.0;
  };
  EXPECT_NEAR(score(fr, "drones-fr") - score(plain, "drones-fr"), kLanguageBoost, 1e-9);
  EXPECT_NEAR(score(fr, "drones-en"), score(plain, "drones-en"), 1e-9);
}

// Detected: an English query prefers the English report among equal matches, a French one the
// French report; the JSON interpretation and --explain say so.
TEST_F(LanguagePreferenceTest, TheQueryLanguageIsPreferredAndShown) {
  auto s = open();
  // "Hermel" (a place) and "12" are in every convoy report; "the", "and" and "le", "de" are common words.
  const auto en = search(s, "the 12 and Hermel");
  EXPECT_EQ(en.prefer_lang.lang, "en");
  EXPECT_EQ(en.prefer_lang.how, How::kDetected);
  const auto fr = search(s, "12 de le Hermel");
  EXPECT_EQ(fr.prefer_lang.lang, "fr");
  EXPECT_EQ(en.hits.front().id, "convoy-en");
  // Without the preference the shorter Arabic report is a hair ahead (0.62 against 0.61).
  EXPECT_EQ(search(s, "the 12 and Hermel", "none").hits.front().id, "ar-1");
  EXPECT_LT(rank_of(en, "convoy-en"), rank_of(en, "convoy-fr"));
  EXPECT_LT(rank_of(fr, "convoy-fr"), rank_of(fr, "convoy-en"));
  const auto j = nlohmann::json::parse(to_json(fr));
  EXPECT_EQ(j["interpretation"]["prefer_lang"]["lang"], "fr");
  EXPECT_EQ(j["interpretation"]["prefer_lang"]["how"], "detected");
  const auto undetected = nlohmann::json::parse(to_json(search(s, "12")));
  EXPECT_TRUE(undetected["interpretation"]["prefer_lang"]["lang"].is_null());
  EXPECT_EQ(undetected["interpretation"]["prefer_lang"]["how"], "undetected");
  TextFormatOptions t;
  t.explain = true;
  EXPECT_NE(to_text(search(s, "12", "ar"), t).find("preferred language: ar (asked"), std::string::npos);
  EXPECT_NE(to_text(fr, t).find("preferred language: fr (detected"), std::string::npos);
  EXPECT_NE(to_text(search(s, "12", "none"), t).find("preferred language: none (asked)"), std::string::npos);
}

// The option words sitrep-search and sitrep-serve share.
TEST(PreferLangOption, Words) {
  EXPECT_EQ(parse_prefer_lang("auto"), "auto");
  EXPECT_EQ(parse_prefer_lang(""), "auto");
  EXPECT_EQ(parse_prefer_lang("none"), "none");
  EXPECT_EQ(parse_prefer_lang("FR"), "fr");
  EXPECT_EQ(parse_prefer_lang("pt-BR"), "pt");
  EXPECT_EQ(parse_prefer_lang("xx"), std::nullopt);
  EXPECT_EQ(parse_prefer_lang("f r"), std::nullopt);
  EXPECT_NE(prefer_lang_choices().find("none"), std::string::npos);
  EXPECT_NE(prefer_lang_choices().find("he"), std::string::npos);
}

}  // namespace
}  // namespace sitrep
