// sitrep: the one text analyzer used by the indexer and the searcher alike.
//
// Unicode word breaking (ICU, UAX #29), NFKD + removal of combining marks (accent folding),
// full case folding, possessive stripping ("Hezbollah's" -> "hezbollah"), apostrophe removal
// inside words, digit-group separators dropped ("2,000" -> "2000"), English stemming (Snowball).
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
  // The folded form of one word or phrase (same folding as Token::norm; spaces kept).
  std::string fold(std::string_view text) const;
  // Stem of a folded word.
  std::string stem(std::string_view norm) const;
  // Folded words of a name, e.g. "al-Assad" -> {"al", "assad"}.
  std::vector<std::string> fold_words(std::string_view text) const;
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
