#include "sitrep/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "sitrep/language.h"

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

// ---- Languages ---------------------------------------------------------------------------------

TEST(Language, ScriptOfAWord) {
  EXPECT_EQ(script_of("Hezbollah"), Script::kLatin);
  EXPECT_EQ(script_of("«Хезболла»"), Script::kCyrillic);
  EXPECT_EQ(script_of("2024 حزب"), Script::kArabic);  // digits are skipped
  EXPECT_EQ(script_of("חיזבאללה"), Script::kHebrew);
  EXPECT_EQ(script_of("123"), Script::kOther);
}

TEST(Language, DetectedFromScriptAndCommonWords) {
  EXPECT_EQ(detect_language("Hezbollah has moved fighters to the border, residents said."), "en");
  EXPECT_EQ(detect_language("Le Hezbollah a envoyé des combattants vers la frontière, selon des habitants."), "fr");
  EXPECT_EQ(detect_language("Die Hisbollah hat Kämpfer an die Grenze geschickt, sagten die Bewohner."), "de");
  EXPECT_EQ(detect_language("حزب الله يرسل مقاتلين إلى الحدود"), "ar");
  EXPECT_EQ(detect_language("חיזבאללה שלח לוחמים לגבול"), "he");
  EXPECT_EQ(detect_language("«Хезболла» перебросила бойцов к границе, сообщили жители."), "ru");
  // Ukrainian by its letters (і ї є ґ) and its common words.
  EXPECT_EQ(detect_language("«Хезболла» перекинула бійців до кордону, повідомили мешканці."), "uk");
  EXPECT_EQ(detect_language("Бойцы и техника: что известно о переброске"), "ru");
  EXPECT_EQ(detect_language("Київ"), "uk");
  EXPECT_EQ(detect_language("سپاه پاسداران گفت که پهپادها را به چند پایگاه فرستاده است"), "fa");
  EXPECT_EQ(detect_language(""), "en");
  EXPECT_EQ(detect_language("2024-12-07"), "en");
  EXPECT_EQ(normalize_language("FR-ca"), "fr");
  ASSERT_NE(language_info("ru"), nullptr);
  EXPECT_STREQ(language_info("ru")->stemmer, "russian");
  EXPECT_EQ(language_info("uk")->stemmer, nullptr);
  EXPECT_EQ(language_info("xx"), nullptr);
}

// A query's language, only when its words tell it (language preference, issue 16 item 5).
TEST(Language, QueryLanguageOnlyWhenTheWordsTellIt) {
  // Latin script: more common words of one language than of any other.
  EXPECT_EQ(detect_query_language("shelling of the city"), "en");
  EXPECT_EQ(detect_query_language("frappes sur le Liban"), "fr");
  EXPECT_EQ(detect_query_language("Angriffe auf die Stadt und den Hafen"), "de");
  EXPECT_EQ(detect_query_language("ataques contra los puertos"), "es");
  // Other scripts by their letters; Cyrillic by its Ukrainian or Russian letters and words.
  EXPECT_EQ(detect_query_language("الحدود"), "ar");
  EXPECT_EQ(detect_query_language("پهپاد"), "fa");
  EXPECT_EQ(detect_query_language("הגבול"), "he");
  EXPECT_EQ(detect_query_language("обстріл Києва"), "uk");
  EXPECT_EQ(detect_query_language("обстрел и бои"), "ru");
  // Nothing to tell it by: no letters, names and keywords alone, a tie, several scripts.
  EXPECT_EQ(detect_query_language(""), "");
  EXPECT_EQ(detect_query_language("2024 155"), "");
  EXPECT_EQ(detect_query_language("Aleppo airstrikes"), "");
  EXPECT_EQ(detect_query_language("the le"), "");
  EXPECT_EQ(detect_query_language("Хезболла"), "");  // Russian or Ukrainian
  EXPECT_EQ(detect_query_language("the border Хезболла"), "");
  // The article detector is unchanged: it always answers.
  EXPECT_EQ(detect_language("Aleppo airstrikes"), "en");
}

TEST(Language, ArabicNormalisation) {
  Analyzer a;
  // Alef forms, ta marbuta, alef maqsura, tatweel and harakat.
  EXPECT_EQ(a.fold("أحمد"), a.fold("احمد"));
  EXPECT_EQ(a.fold("إسرائيل"), "اسراييل");  // hamza seats go too
  EXPECT_EQ(a.fold("آخر"), "اخر");
  EXPECT_EQ(a.fold("ٱلله"), "الله");
  EXPECT_EQ(a.fold("غزة"), "غزه");
  EXPECT_EQ(a.fold("على"), "علي");
  EXPECT_EQ(a.fold("حـــزب"), "حزب");
  EXPECT_EQ(a.fold("حِزْبُ اللَّهِ"), "حزب الله");
  EXPECT_EQ(a.fold("٢٠٢٤"), "2024");
  auto toks = a.tokenize("حزبُ الله");
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_TRUE(toks[0].caseless);
  EXPECT_FALSE(toks[0].capitalized);
}

TEST(Language, HebrewNiqqudAndCantillationRemoved) {
  Analyzer a;
  EXPECT_EQ(a.fold("הַצָּבָא"), "הצבא");
  EXPECT_EQ(a.fold("בְּרֵאשִׁ֖ית"), "בראשית");  // a cantillation mark too
  // The acronym's gershayim, typographic or ASCII, inside one word.
  EXPECT_EQ(norms(a, "צה״ל"), std::vector<std::string>{"צהל"});
  EXPECT_EQ(norms(a, "צה\"ל"), std::vector<std::string>{"צהל"});
  EXPECT_TRUE(a.tokenize("חיזבאללה")[0].caseless);
}

TEST(Language, CyrillicFolding) {
  Analyzer a;
  EXPECT_EQ(a.fold("Ёлкин"), "елкин");          // ё -> е
  EXPECT_EQ(a.fold("ливанский"), "ливанский");  // й stays a letter of its own
  EXPECT_EQ(a.fold("ЙЕМЕН"), "йемен");
  auto toks = a.tokenize("Хезболла и ЦАХАЛ");
  EXPECT_TRUE(toks[0].capitalized);
  EXPECT_FALSE(toks[0].caseless);
  EXPECT_TRUE(toks[2].all_caps);
}

TEST(Language, FrenchElisionsSplitWhenTheLanguageIsKnown) {
  Analyzer a;
  std::vector<std::string> fr;
  for (const auto& t : a.tokenize("L'armée d’Israël jusqu'à Qousseir", "fr")) fr.push_back(t.norm);
  EXPECT_EQ(fr, (std::vector<std::string>{"l", "armee", "d", "israel", "jusqu", "a", "qousseir"}));
  auto toks = a.tokenize("d’Israël", "fr");
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[1].surface, "Israël");
  EXPECT_TRUE(toks[1].capitalized);
  // English text, and text of unknown language, as before.
  EXPECT_EQ(norms(a, "O'Brien's d'Estaing"), (std::vector<std::string>{"obrien", "destaing"}));
  std::vector<std::string> en;
  for (const auto& t : a.tokenize("O'Brien's d'Estaing", "en")) en.push_back(t.norm);
  EXPECT_EQ(en, (std::vector<std::string>{"obrien", "destaing"}));
}

TEST(Language, StemsFollowTheLanguageAndTheScript) {
  Analyzer a;
  // English articles and English words in any article: the English stemmer, as stem().
  EXPECT_EQ(a.stem("deployments", "en"), "deploy");
  EXPECT_EQ(a.stem("deployments", "ar"), "deploy");
  EXPECT_EQ(a.stem("deployments", ""), "deploy");
  EXPECT_EQ(a.stem("frontiere", "fr"), "frontier");
  EXPECT_EQ(a.stem("libanaise", "fr"), "libanais");
  // Russian: stemmed; Ukrainian: no stemmer, the folded word.
  EXPECT_EQ(a.stem("границе", "ru"), "границ");
  EXPECT_EQ(a.stem("границы", "ru"), "границ");
  EXPECT_EQ(a.stem("кордону", "uk"), "кордону");
  // Arabic stems; Hebrew has no stemmer.
  EXPECT_EQ(a.stem(a.fold("الحدود"), "ar"), "حدود");
  EXPECT_EQ(a.stem("הגבול", "he"), "הגבול");
  EXPECT_EQ(a.stem("2024", "ru"), "2024");
}

TEST(Language, AQueryWordHasTheStemsOfEveryLanguageItCouldBeIn) {
  Analyzer a;
  auto v = a.stem_variants("deployments");
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0].stem, "deploy");
  EXPECT_EQ(v[0].lang, "");
  bool french = false;
  for (const auto& x : v) french = french || (x.lang == "fr" && x.stem == "deployment");
  EXPECT_TRUE(french);
  auto ru = a.stem_variants("границе");
  ASSERT_EQ(ru.size(), 2u);  // itself (Ukrainian, unstemmed) and the Russian stem
  EXPECT_EQ(ru[0].stem, "границе");
  EXPECT_EQ(ru[1].stem, "границ");
  auto ar = a.stem_variants(a.fold("الحدود"));
  ASSERT_EQ(ar.size(), 2u);
  EXPECT_EQ(ar[1].stem, "حدود");
  auto he = a.stem_variants("הגבול");
  ASSERT_EQ(he.size(), 2u);  // itself and without the article
  EXPECT_EQ(he[1].stem, "גבול");
  EXPECT_EQ(a.extra_stems("והעבירו").front(), "העבירו");
  EXPECT_TRUE(a.extra_stems("deployed").empty());
}

TEST(Language, NameKeysIgnoreCyrillicCaseEndings) {
  Analyzer a;
  EXPECT_EQ(a.name_key("харкова"), "харков");
  EXPECT_EQ(a.name_key("харкові"), "харков");
  EXPECT_EQ(a.name_key("харьковом"), "харьков");
  EXPECT_EQ(a.name_key("харькове"), a.name_key("харьков"));  // -ов ends the name, not a plural
  EXPECT_EQ(a.name_key("хезболлы"), a.name_key("хезболла"));
  EXPECT_EQ(a.name_key("ливанской"), a.name_key("ливанский"));
  EXPECT_EQ(a.name_key("сирией"), a.name_key("сирия"));
  EXPECT_EQ(a.name_key("газа"), "газа");  // at least four letters stay: "газ" is gas
  EXPECT_EQ(a.name_key("hermel"), "hermel");
}

TEST(Language, ArabicAndHebrewProclitics) {
  Analyzer a;
  auto has = [](const std::vector<std::string>& v, const std::string& w) {
    return std::find(v.begin(), v.end(), w) != v.end();
  };
  const auto qusayr = a.fold("القصير");
  EXPECT_TRUE(has(a.without_proclitics(a.fold("والقصير")), qusayr));
  EXPECT_TRUE(has(a.without_proclitics(a.fold("بالقصير")), qusayr));
  EXPECT_TRUE(has(a.without_proclitics(a.fold("للقصير")), qusayr));
  EXPECT_TRUE(has(a.without_proclitics(a.fold("بلبنان")), a.fold("لبنان")));
  EXPECT_TRUE(has(a.without_proclitics("ובלבנון"), "לבנון"));
  EXPECT_TRUE(has(a.without_proclitics("שחיזבאללה"), "חיזבאללה"));
  EXPECT_TRUE(a.without_proclitics("hezbollah").empty());
}

TEST(Language, TransliterationKeysMatchNamesAcrossScripts) {
  Analyzer a;
  EXPECT_EQ(a.transliterate("Харків"), "harkiv");
  const std::string kharkiv = a.translit_key("kharkiv");
  EXPECT_EQ(kharkiv, "hrkb");
  EXPECT_EQ(a.translit_key(a.fold("Харків")), kharkiv);
  EXPECT_EQ(a.translit_key(a.fold("Харьков")), kharkiv);
  EXPECT_EQ(a.translit_key(a.fold("خاركيف")), kharkiv);
  EXPECT_EQ(a.translit_key(a.fold("Комаренко")), a.translit_key("komarenko"));
  EXPECT_EQ(a.translit_key(a.fold("كومارينكو")), a.translit_key("komarenko"));
  EXPECT_EQ(a.translit_key("חיזבאללה"), a.translit_key("hezbollah"));
  EXPECT_EQ(a.translit_key(a.fold("أحمد")), a.translit_key("ahmed"));
  EXPECT_EQ(a.translit_key(a.fold("القصير")), a.translit_key("qusayr"));  // without the article
  EXPECT_EQ(a.translit_key("ab"), "");                                    // too short to tell
}

TEST(Language, TransliterationFromManyThreads) {
  Analyzer a;
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int k = 0; k < 8; ++k)
    threads.emplace_back([&, k] {
      for (int n = 0; n < 200; ++n) ok[static_cast<std::size_t>(k)] += a.transliterate("Харків") == "harkiv";
    });
  for (auto& t : threads) t.join();
  for (int v : ok) EXPECT_EQ(v, 200);
}

TEST(Language, CommonWordsOfOtherScriptsAreStopwords) {
  Analyzer a;
  EXPECT_TRUE(a.is_stopword("the"));
  EXPECT_TRUE(a.is_stopword("что"));
  EXPECT_TRUE(a.is_stopword(a.fold("على")));
  EXPECT_TRUE(a.is_stopword("של"));
  EXPECT_FALSE(a.is_stopword("хезболла"));
  EXPECT_FALSE(a.is_stopword("la"));  // French words are searched: English queries read as before
}

}  // namespace
}  // namespace sitrep
