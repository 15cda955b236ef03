// sitrep: the one text analyzer used by the indexer and the searcher alike.
//
// Unicode word breaking (ICU, UAX #29), NFKD + removal of combining marks (accent folding),
// full case folding, possessive stripping ("Hezbollah's" -> "hezbollah"), apostrophe removal
// inside words, digit-group separators dropped ("2,000" -> "2000"), English stemming (Snowball).
//
// Other languages (sitrep/language.h): Arabic letters are normalised (alef forms أ إ آ ٱ -> ا, ta
// marbuta ة -> ه, alef maqsura ى -> ي, Persian ی ک -> ي ك, Arabic-Indic digits -> 0-9; tatweel
// and harakat removed), Hebrew niqqud and cantillation removed (and the geresh/gershayim inside
// acronyms: צה״ל -> צהל), Cyrillic й kept (ё -> е). French and Italian elisions are split when the
// text's language is given ("l'armée" -> "l", "armee"). Stems follow the language of the article
// and the script of the word (stem(norm, lang)); a query word gets the stems of every language it
// could be in (stem_variants). Names are matched across inflection and proclitics (name_key,
// without_proclitics) and across scripts through a transliteration key (translit_key).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

struct Token {
  std::string surface;    // as written
  std::string norm;       // folded form: the unstemmed term
  std::size_t begin = 0;  // byte offsets of the surface in the analysed text
  std::size_t end = 0;
  std::uint32_t pos = 0;        // word position (0-based), for phrase and proximity queries
  bool capitalized = false;     // first letter upper case (or title case)
  bool all_caps = false;        // every letter upper case, at least two letters
  bool numeric = false;         // a number ("2000", "27")
  bool sentence_start = false;  // first word of a sentence
  bool caseless = false;        // written in a script without case (Arabic, Hebrew, ...)
};

struct AnalyzerOptions {
  std::string stem_language = "english";  // Snowball stemmer; "none" disables stemming
  std::size_t max_term_bytes = 64;        // longer words are not indexed
};

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  // Words of a UTF-8 text (punctuation and spaces dropped). Invalid UTF-8 is replaced by U+FFFD.
  std::vector<Token> tokenize(std::string_view text) const;
  // The same for a text in a known language (ISO 639-1): French, Italian and Catalan elisions are
  // split ("l'armée" -> "l", "armee"; "d’Israël" -> "d", "israel"). Other languages: as above.
  std::vector<Token> tokenize(std::string_view text, std::string_view lang) const;
  // The folded form of one word or phrase (same folding as Token::norm; spaces kept).
  std::string fold(std::string_view text) const;
  // Stem of a folded word (the options' stemmer: English by default).
  std::string stem(std::string_view norm) const;
  // Stem of a folded word in a text of language `lang`: the stemmer of the word's script in that
  // language. Latin: the language's own (fr, de, es, ...), else English, as stem(norm); Cyrillic:
  // Russian, except in a Cyrillic language without a stemmer (uk): the word itself; Arabic script:
  // Arabic, except in fa; Hebrew, Greek: the word itself; other scripts: as stem(norm).
  std::string stem(std::string_view norm, std::string_view lang) const;
  // The stems a query word can have in the index, for each language it could be written in: first
  // stem(norm), then the others, each with the language whose articles hold it ("" any article).
  // A Latin word: its English stem, then its stems in the other Latin-script languages with a
  // stemmer (lang "fr", "de", ...); a Cyrillic word: itself (Ukrainian) and its Russian stem; an
  // Arabic word: itself and its Arabic stem; a Hebrew word: itself and its forms without proclitics.
  struct StemVariant {
    std::string stem;
    std::string lang;
  };
  std::vector<StemVariant> stem_variants(std::string_view norm) const;
  // More stems of a word of an article, indexed beside stem(norm, lang): a Hebrew word (no
  // stemmer) without its proclitics ("ובלבנון" -> "בלבנון", "לבנון"), so that "והעבירו" is found by
  // "העבירו". Empty for other words.
  std::vector<std::string> extra_stems(std::string_view norm) const;
  // Key of a folded word for matching names across inflection: Cyrillic words lose a case or
  // adjective ending when at least four letters remain ("харкова", "харкові" -> "харков";
  // "ливанской" -> "ливанск"); other words are their own key.
  std::string name_key(std::string_view norm) const;
  // The forms of a folded Arabic or Hebrew word without its proclitics, longest first: Arabic و ف
  // ب ل ك and the article ال ("والقصير" -> "القصير", "قصير"; "للقصير" -> "القصير"), Hebrew ו ה ב ל
  // מ ש כ, up to three ("ובלבנון" -> "בלבנון", "לבנון"). At least two letters remain. Empty for
  // other words.
  std::vector<std::string> without_proclitics(std::string_view norm) const;
  // ASCII transliteration of a text (ICU "Any-Latin; Latin-ASCII"), lower case: "Харків" ->
  // "harkiv", "أحمد" -> "ahmd". Thread-safe (one transliterator per thread, cloned from one).
  std::string transliterate(std::string_view text) const;
  // Key for matching a name across scripts: the consonant skeleton of its transliteration (kh ->
  // h, sh -> s, b p f v -> b, q -> k, vowels and a final h dropped, doubles merged): "Kharkiv",
  // "Харків", "Харьков", "خاركيف" -> "hrkb". Empty when shorter than three letters.
  std::string translit_key(std::string_view norm) const;
  // Folded words of a name, e.g. "al-Assad" -> {"al", "assad"}.
  std::vector<std::string> fold_words(std::string_view text) const;
  // A common word a query does not search alone: English, and the common words of the other
  // scripts' languages (Russian, Ukrainian, Arabic, Hebrew).
  bool is_stopword(std::string_view norm) const;

  const AnalyzerOptions& options() const noexcept { return options_; }
  // One line describing the settings; stored in the index so a mismatch can be detected.
  std::string signature() const;

 private:
  AnalyzerOptions options_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True when the bytes are well-formed UTF-8; otherwise *bad_offset (if given) is the first bad byte.
bool is_valid_utf8(std::string_view s, std::size_t* bad_offset = nullptr) noexcept;
// 1-based line number of a byte offset.
std::size_t line_of_offset(std::string_view s, std::size_t offset) noexcept;

}  // namespace sitrep
