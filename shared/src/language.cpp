#include "sitrep/language.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <unordered_set>
#include <utility>

namespace sitrep {
namespace {

Script script_of_char(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_LATIN:
      return Script::kLatin;
    case USCRIPT_CYRILLIC:
      return Script::kCyrillic;
    case USCRIPT_ARABIC:
      return Script::kArabic;
    case USCRIPT_HEBREW:
      return Script::kHebrew;
    case USCRIPT_GREEK:
      return Script::kGreek;
    default:
      return Script::kOther;
  }
}

// Decodes one UTF-8 code point at s[i] (the input is valid UTF-8 or replaced by U+FFFD).
UChar32 next_code_point(std::string_view s, std::size_t& i) {
  UChar32 c = 0;
  const auto length = static_cast<int32_t>(std::min<std::size_t>(s.size(), 0x7fffffff));
  auto k = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), k, length, c);
  i = static_cast<std::size_t>(k);
  return c < 0 ? 0xFFFD : c;
}

using WordSet = std::unordered_set<std::string_view>;

// Common words of the Latin-script languages detection tells apart from English (lower case).
struct CommonWords {
  const char* code;
  WordSet words;
};
const std::vector<CommonWords>& latin_common_words() {
  static const std::vector<CommonWords> k = {
      {"en", {"the", "of", "and", "to", "in", "is", "was", "for", "on", "that", "with", "as", "by", "at",
              "from", "his", "her", "said", "have", "has", "it", "are", "were", "this", "which", "after", "they",
              "their", "been", "who", "would", "will", "an", "but", "not"}},
      {"fr", {"le", "la", "les", "des", "du", "et", "un", "une", "est", "dans", "pour", "qui", "que", "sur", "au",
              "aux", "par", "pas", "avec", "ont", "été", "sont", "selon", "cette", "il", "elle", "ils", "ces",
              "leur", "leurs", "depuis", "vers", "près", "après", "entre", "mais", "où", "à"}},
      {"de", {"der", "die", "das", "und", "nicht", "ist", "mit", "den", "dem", "ein", "eine", "von", "zu",
              "auf", "sich", "auch", "wurde", "nach", "im", "des", "bei", "aus", "wie", "sind", "hat", "dass"}},
      {"es", {"el", "los", "las", "del", "que", "y", "en", "un", "una", "por", "con", "para", "es", "se", "al",
              "lo", "como", "más", "su", "sus", "fue", "según", "pero", "entre", "desde", "sobre"}},
  };
  return k;
}

const WordSet& ukrainian_words() {
  static const WordSet k = {"і", "та", "що", "від", "це", "який", "яка", "які", "він", "вона", "але", "як",
                            "був", "була", "були", "його", "її", "також", "після", "біля", "через", "щодо",
                            "між", "під", "україни", "україна", "кордону"};
  return k;
}
const WordSet& russian_words() {
  static const WordSet k = {"и", "что", "от", "это", "который", "которая", "которые", "он", "она", "но", "как",
                            "был", "была", "были", "его", "ее", "её", "также", "после", "около", "через", "между",
                            "под", "россии", "россия", "границы", "года"};
  return k;
}

}  // namespace

Script script_of(std::string_view word) noexcept {
  for (std::size_t i = 0; i < word.size();) {
    const UChar32 c = next_code_point(word, i);
    if (!u_isalpha(c)) continue;
    return script_of_char(c);
  }
  return Script::kOther;
}

const char* to_string(Script script) noexcept {
  switch (script) {
    case Script::kLatin:
      return "latin";
    case Script::kCyrillic:
      return "cyrillic";
    case Script::kArabic:
      return "arabic";
    case Script::kHebrew:
      return "hebrew";
    case Script::kGreek:
      return "greek";
    case Script::kOther:
      break;
  }
  return "other";
}

const std::vector<LanguageInfo>& known_languages() noexcept {
  static const std::vector<LanguageInfo> k = {
      {"en", Script::kLatin, "english"},    {"fr", Script::kLatin, "french"},   {"de", Script::kLatin, "german"},
      {"es", Script::kLatin, "spanish"},    {"it", Script::kLatin, "italian"},  {"pt", Script::kLatin, "portuguese"},
      {"nl", Script::kLatin, "dutch"},      {"tr", Script::kLatin, "turkish"},  {"ru", Script::kCyrillic, "russian"},
      {"uk", Script::kCyrillic, nullptr},   {"ar", Script::kArabic, "arabic"},  {"fa", Script::kArabic, nullptr},
      {"he", Script::kHebrew, nullptr},     {"el", Script::kGreek, nullptr},
  };
  return k;
}

std::string normalize_language(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == '_') break;
    if (c == ' ' || c == '\t') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

const LanguageInfo* language_info(std::string_view code) noexcept {
  const std::string norm = normalize_language(code);
  for (const auto& l : known_languages())
    if (norm == l.code) return &l;
  return nullptr;
}

namespace {

// What a text's letters and words say of its language.
struct Evidence {
  std::array<std::size_t, 6> letters{};  // per Script
  std::size_t ukrainian_letters = 0, russian_letters = 0, persian_letters = 0;
  std::vector<std::string> words;  // lower case

  Script main_script() const {
    std::size_t best = static_cast<std::size_t>(Script::kLatin);
    for (std::size_t s = 1; s < letters.size(); ++s)
      if (letters[s] > letters[best]) best = s;
    return static_cast<Script>(best);
  }
  // Ukrainian and Russian scores of a Cyrillic text: their own letters, and three per common word.
  std::pair<std::size_t, std::size_t> cyrillic_scores() const {
    std::size_t uk = ukrainian_letters, ru = russian_letters;
    for (const auto& w : words) {
      uk += 3 * ukrainian_words().count(w);
      ru += 3 * russian_words().count(w);
    }
    return {uk, ru};
  }
  // Common words of each Latin-script language (latin_common_words' order: English first).
  std::vector<std::size_t> latin_hits() const {
    const auto& lists = latin_common_words();
    std::vector<std::size_t> hits(lists.size(), 0);
    for (const auto& w : words)
      for (std::size_t k = 0; k < lists.size(); ++k) hits[k] += lists[k].words.count(w);
    return hits;
  }
};

Evidence scan(std::string_view text) {
  Evidence ev;
  icu::UnicodeString word;
  auto end_word = [&]() {
    if (word.isEmpty()) return;
    word.toLower(icu::Locale::getRoot());
    std::string utf8;
    word.toUTF8String(utf8);
    ev.words.push_back(std::move(utf8));
    word.remove();
  };
  for (std::size_t i = 0; i < text.size();) {
    const UChar32 c = next_code_point(text, i);
    if (!u_isalpha(c)) {
      if (u_charType(c) != U_NON_SPACING_MARK) end_word();
      continue;
    }
    word.append(c);
    ++ev.letters[static_cast<std::size_t>(script_of_char(c))];
    switch (c) {
      case 0x0456: case 0x0406: case 0x0457: case 0x0407:  // і І ї Ї
      case 0x0454: case 0x0404: case 0x0491: case 0x0490:  // є Є ґ Ґ
        ++ev.ukrainian_letters;
        break;
      case 0x044B: case 0x042B: case 0x044D: case 0x042D:  // ы Ы э Э
      case 0x044A: case 0x042A: case 0x0451: case 0x0401:  // ъ Ъ ё Ё
        ++ev.russian_letters;
        break;
      case 0x067E: case 0x0686: case 0x0698: case 0x06AF:  // پ چ ژ گ
        ++ev.persian_letters;
        break;
      default:
        break;
    }
  }
  end_word();
  return ev;
}

}  // namespace

namespace {

// The language of a text by its script: Arabic ("fa" by its Persian letters), Hebrew, Greek,
// Cyrillic (Ukrainian or Russian by their letters and words); "" for Latin or no letters. A query
// (`strict`) is Persian with one Persian letter, and neither Ukrainian nor Russian on a tie.
std::string by_script(const Evidence& ev, Script script, bool strict) {
  switch (script) {
    case Script::kArabic: {
      const std::size_t p = ev.persian_letters, letters = ev.letters[static_cast<std::size_t>(script)];
      return (strict ? p > 0 : p >= 3 && p * 100 >= letters) ? "fa" : "ar";
    }
    case Script::kHebrew:
      return "he";
    case Script::kGreek:
      return "el";
    case Script::kCyrillic: {
      const auto [uk, ru] = ev.cyrillic_scores();
      return uk > ru ? "uk" : strict && uk == ru ? "" : "ru";
    }
    case Script::kLatin:
    case Script::kOther:
      break;
  }
  return "";
}

}  // namespace

std::string detect_language(std::string_view text) {
  if (text.size() > 20000) {
    std::size_t cut = 20000;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a whole code point
    text = text.substr(0, cut);
  }
  const Evidence ev = scan(text);
  const Script script = ev.main_script();
  if (script != Script::kLatin) return by_script(ev, script, false);
  // Latin (or no letters): the language whose common words are most frequent.
  const auto& lists = latin_common_words();
  const auto hits = ev.latin_hits();
  std::size_t chosen = 0;  // English
  for (std::size_t k = 1; k < lists.size(); ++k)
    if (hits[k] >= 3 && hits[k] > hits[0] && hits[k] > hits[chosen]) chosen = k;
  return lists[chosen].code;
}

std::string detect_query_language(std::string_view text) {
  const Evidence ev = scan(text);
  const Script script = ev.main_script();
  std::size_t all = 0;
  for (std::size_t n : ev.letters) all += n;
  const std::size_t main_letters = ev.letters[static_cast<std::size_t>(script)];
  if (main_letters == 0 || main_letters != all) return "";  // no letters, or several scripts
  if (script != Script::kLatin) return by_script(ev, script, true);
  // Latin: more common words of one language than of any other.
  const auto& lists = latin_common_words();
  const auto hits = ev.latin_hits();
  std::size_t chosen = 0;
  for (std::size_t k = 1; k < lists.size(); ++k)
    if (hits[k] > hits[chosen]) chosen = k;
  for (std::size_t k = 0; k < lists.size(); ++k)
    if (k != chosen && hits[k] >= hits[chosen]) return "";  // none, or a tie
  return lists[chosen].code;
}

}  // namespace sitrep
