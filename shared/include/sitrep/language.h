// sitrep: languages and writing systems. Which script a word is written in, which language an
// article is in (its `lang` field, else detected from its script and common words), and what the
// analyzer does for each language (Xapian's Snowball stemmer where there is one).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

enum class Script : std::uint8_t { kOther, kLatin, kCyrillic, kArabic, kHebrew, kGreek };

// The script of a word: that of its first letter (digits, marks and punctuation are skipped);
// kOther when it has no letter or its letters belong to another script.
Script script_of(std::string_view word) noexcept;
const char* to_string(Script script) noexcept;

// What sitrep knows of a language.
struct LanguageInfo {
  const char* code;     // ISO 639-1
  Script script;        // its usual script
  const char* stemmer;  // Xapian's Snowball stemmer, or nullptr: words are indexed folded, unstemmed
};

// The languages with their own analysis (en, fr, de, es, it, pt, nl, tr, ru, uk, ar, fa, he, el).
const std::vector<LanguageInfo>& known_languages() noexcept;
// The entry of a language code ("fr", "FR", "fr-CA"), or nullptr when unknown.
const LanguageInfo* language_info(std::string_view code) noexcept;
// Lower case, primary subtag only: "fr-CA" -> "fr", "EN_us" -> "en".
std::string normalize_language(std::string_view code);

// The language of a text, from the first 20,000 bytes: the script most of its letters are written
// in, then common words. Arabic script: "ar" ("fa" when Persian letters are frequent); Hebrew:
// "he"; Greek: "el"; Cyrillic: "uk" when the Ukrainian letters і ї є ґ or common Ukrainian words
// outweigh the Russian-only letters ы э ъ ё and common Russian words, else "ru"; Latin: the language
// whose common words are most frequent ("fr", "de", "es"; at least three hits and more than
// English), else "en". A text without letters is "en".
std::string detect_language(std::string_view text);

// The language of a few words such as a query's, or "" when the words do not tell it. Stricter
// than detect_language, which always answers: no letters (numbers), letters of more than one
// script, Cyrillic without Ukrainian or Russian letters or common words outweighing the other's, or
// Latin without more common words of one language than of any other (names and keywords alone,
// "Aleppo airstrikes", say nothing) all give "". Arabic script: "ar" ("fa" with a Persian letter);
// Hebrew: "he"; Greek: "el"; Latin: "en", "fr", "de" or "es" by their common words ("the", "of";
// "le", "des"; "der", "und"; "el", "los").
std::string detect_query_language(std::string_view text);

}  // namespace sitrep
