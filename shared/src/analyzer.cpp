#include "sitrep/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace sitrep {
namespace {

// A short English stop list: these words are indexed (phrases need them) but a query does not
// search them on their own.
const std::unordered_set<std::string_view>& stopwords() {
  static const std::unordered_set<std::string_view> kWords = {
      "a",      "about", "after", "against", "all",   "also",    "an",    "and",   "any",   "are",   "as",
      "at",     "be",    "been",  "before",  "being", "between", "both",  "but",   "by",    "can",   "could",
      "did",    "do",    "does",  "during",  "each",  "for",     "from",  "had",   "has",   "have",  "he",
      "her",    "here",  "his",   "how",     "i",     "if",      "in",    "into",  "is",    "it",    "its",
      "me",     "more",  "most",  "my",      "near",  "no",      "nor",   "not",   "now",   "of",    "off",
      "on",     "once",  "only",  "or",      "other", "our",     "out",   "over",  "own",   "same",  "she",
      "should", "since", "so",    "some",    "such",  "than",    "that",  "the",   "their", "them",  "then",
      "there",  "these", "they",  "this",    "those", "through", "to",    "too",   "under", "until", "up",
      "very",   "was",   "we",    "were",    "what",  "when",    "where", "which", "while", "who",   "whom",
      "why",    "will",  "with",  "would",   "you",   "your",    "s"};
  return kWords;
}

bool is_apostrophe(UChar32 c) { return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x02BC; }

std::string to_utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}


// The same folding for pure ASCII words, without ICU: lower case, apostrophes and a final
// possessive 's removed, digit-group commas removed from numbers.
std::string fold_ascii(std::string_view word, bool numeric) {
  if (word.size() > 2 && (word.back() == 's' || word.back() == 'S') && word[word.size() - 2] == '\'')
    word.remove_suffix(2);
  std::string out;
  out.reserve(word.size());
  for (char c : word) {
    if (c == '\'' || (numeric && c == ',')) continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

// Case shape of an ASCII word.
void ascii_case_shape(std::string_view w, bool& capitalized, bool& all_caps) {
  int letters = 0, upper = 0;
  bool first = true;
  for (char c : w) {
    const bool lo = c >= 'a' && c <= 'z', up = c >= 'A' && c <= 'Z';
    if (!lo && !up) continue;
    ++letters;
    upper += up;
    if (first) {
      capitalized = up;
      first = false;
    }
  }
  all_caps = letters >= 2 && upper == letters;
}

// Case shape of any word (ICU character properties).
void set_case_shape(Token& t) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(t.surface.data(), static_cast<int32_t>(t.surface.size())));
  int letters = 0, upper = 0;
  bool first_letter_seen = false;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isalpha(c)) continue;
    ++letters;
    const bool up = u_isupper(c) || u_istitle(c);
    if (up) ++upper;
    if (!first_letter_seen) {
      first_letter_seen = true;
      t.capitalized = up;
    }
  }
  t.all_caps = letters >= 2 && upper == letters;
}

// Sentence start: only spaces, quotes or brackets since the last . ! ? : or a blank line or the
// text start.
bool sentence_start_at(std::string_view text, std::size_t b) {
  std::size_t k = b;
  int newlines = 0;
  while (k > 0 && newlines < 2) {
    const unsigned char c = static_cast<unsigned char>(text[k - 1]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '(' || c == '\'' || c >= 0x80) {
      // Multi-byte quote marks are skipped as a whole (continuation bytes are >= 0x80).
      --k;
      continue;
    }
    if (c == '\n') {
      --k;
      ++newlines;  // a blank line (paragraph or heading break) starts a sentence
      continue;
    }
    return c == '.' || c == '!' || c == '?' || c == ':';
  }
  return true;
}

}  // namespace

struct Analyzer::Impl {
  std::unique_ptr<icu::BreakIterator> words;  // prototype, cloned per call (not thread-safe)
  const icu::Normalizer2* nfkd = nullptr;
  bool stemming = false;

  // Folding: NFKD, drop combining marks, case fold, drop apostrophes and a final possessive 's.
  std::string fold_word(std::string_view word, bool numeric) const {
    if (std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
      return fold_ascii(word, numeric);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString in =
        icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    icu::UnicodeString decomposed = nfkd->normalize(in, status);
    if (U_FAILURE(status)) decomposed = in;
    decomposed.foldCase(U_FOLD_CASE_DEFAULT);
    // Possessive: "hezbollah's" / "hezbollah’s" -> "hezbollah".
    const int32_t n = decomposed.length();
    if (n > 2 && (decomposed.charAt(n - 1) == u's') && is_apostrophe(decomposed.charAt(n - 2)))
      decomposed.truncate(n - 2);
    icu::UnicodeString out;
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      const int8_t type = u_charType(c);
      if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) continue;
      if (is_apostrophe(c)) continue;
      if (numeric && (c == u',' || c == 0x00A0 || c == 0x202F || c == 0x2009)) continue;
      out.append(c);
    }
    return to_utf8(out);
  }
};

Analyzer::Analyzer(AnalyzerOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  UErrorCode status = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !impl_->words)
    throw std::runtime_error(std::string("ICU word break iterator unavailable: ") + u_errorName(status));
  impl_->nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKD normalizer unavailable");
  if (options_.stem_language != "none") {
    Xapian::Stem check(options_.stem_language);  // throws InvalidArgumentError for an unknown language
    impl_->stemming = true;
  }
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::vector<Token> Analyzer::tokenize(std::string_view text) const {
  std::vector<Token> tokens;
  if (text.empty()) return tokens;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return tokens;
  std::unique_ptr<icu::BreakIterator> it(impl_->words->clone());
  it->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return tokens;
  }
  std::uint32_t pos = 0;
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    const int32_t rule = it->getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    const auto b = static_cast<std::size_t>(start), e = static_cast<std::size_t>(end);
    Token t;
    t.surface.assign(text.substr(b, e - b));
    t.begin = b;
    t.end = e;
    t.numeric = rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT;
    t.norm = impl_->fold_word(t.surface, t.numeric);
    if (t.norm.empty() || t.norm.size() > options_.max_term_bytes) continue;
    // Case shape of the surface.
    if (std::all_of(t.surface.begin(), t.surface.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
      ascii_case_shape(t.surface, t.capitalized, t.all_caps);
    } else {
      set_case_shape(t);
    }
    t.sentence_start = sentence_start_at(text, b);
    t.pos = pos++;
    tokens.push_back(std::move(t));
  }
  utext_close(ut);
  return tokens;
}


std::string Analyzer::fold(std::string_view text) const {
  std::string out;
  for (const auto& t : tokenize(text)) {
    if (!out.empty()) out.push_back(' ');
    out += t.norm;
  }
  return out;
}

std::vector<std::string> Analyzer::fold_words(std::string_view text) const {
  std::vector<std::string> out;
  for (auto& t : tokenize(text)) out.push_back(std::move(t.norm));
  return out;
}

std::string Analyzer::stem(std::string_view norm) const {
  if (!impl_->stemming) return std::string(norm);
  // Xapian::Stem is not safe to share between threads: one per thread and language, with a
  // cache of recent words (news text repeats its words; the cache is emptied when full).
  struct PerThread {
    Xapian::Stem stemmer;
    std::unordered_map<std::string, std::string> cache;
  };
  thread_local std::map<std::string, PerThread> per_thread;
  auto it = per_thread.find(options_.stem_language);
  if (it == per_thread.end())
    it = per_thread.emplace(options_.stem_language, PerThread{Xapian::Stem(options_.stem_language), {}}).first;
  PerThread& pt = it->second;
  std::string word(norm);
  if (auto c = pt.cache.find(word); c != pt.cache.end()) return c->second;
  if (pt.cache.size() >= 200000) pt.cache.clear();
  std::string stemmed = pt.stemmer(word);
  pt.cache.emplace(std::move(word), stemmed);
  return stemmed;
}

bool Analyzer::is_stopword(std::string_view norm) const { return stopwords().count(norm) > 0; }

std::string Analyzer::signature() const {
  return "icu-word;nfkd-nomarks-casefold;stem=" + options_.stem_language +
         ";maxterm=" + std::to_string(options_.max_term_bytes);
}

bool is_valid_utf8(std::string_view s, std::size_t* bad_offset) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    if (i + len > n) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) {
        if (bad_offset) *bad_offset = i;
        return false;
      }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

std::size_t line_of_offset(std::string_view s, std::size_t offset) noexcept {
  offset = std::min(offset, s.size());
  return 1 + static_cast<std::size_t>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace sitrep
