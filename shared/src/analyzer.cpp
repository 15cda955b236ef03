#include "sitrep/analyzer.h"
#include "sitrep/language.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
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

// Common words of the languages of the other scripts (folded: no niqqud, Arabic normalised, ё as
// е, й kept). Only words no English text contains, so English queries read as before.
const std::unordered_set<std::string_view>& other_stopwords() {
  static const std::unordered_set<std::string_view> kWords = {
      // Russian
      "и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она", "так", "его",
      "но", "да", "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее", "мне", "было", "вот", "от",
      "меня", "еще", "нет", "о", "из", "ему", "теперь", "когда", "даже", "ну", "ли", "если", "уже", "или",
      "ни", "быть", "был", "него", "до", "вас", "нибудь", "опять", "уж", "вам", "ведь", "там", "потом",
      "себя", "ничего", "ей", "может", "они", "тут", "где", "есть", "надо", "ней", "для", "мы", "тебя", "их",
      "чем", "была", "сам", "чтоб", "без", "будто", "чего", "раз", "тоже", "себе", "под", "будет", "ж",
      "тогда", "кто", "этот", "того", "потому", "этого", "какой", "совсем", "ним", "здесь", "этом", "один",
      "почти", "мой", "тем", "чтобы", "нее", "были", "куда", "зачем", "всех", "никогда", "можно", "при",
      "наконец", "два", "об", "другой", "хоть", "после", "над", "больше", "тот", "через", "эти", "нас",
      "про", "всего", "них", "какая", "много", "разве", "три", "эту", "моя", "впрочем", "хорошо", "свою",
      "этой", "перед", "иногда", "лучше", "чуть", "том", "нельзя", "такой", "им", "более", "всегда",
      "конечно", "всю", "между", "это", "который", "которые", "которая", "также", "около", "возле",
      // Ukrainian
      "і", "й", "та", "що", "від", "це", "який", "яка", "які", "він", "вона", "вони", "але", "як", "був",
      "була", "були", "її", "також", "після", "біля", "щодо", "між", "під", "про", "із", "зі", "до", "при",
      "для", "у", "з", "ще", "вже", "цей", "ця", "ці", "цього", "там", "де", "коли", "чи", "би", "б",
      // Arabic (normalised)
      "في", "من", "علي", "الي", "عن", "مع", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "ان",
      "او", "ثم", "قد", "لقد", "كان", "كانت", "يكون", "ما", "لا", "لم", "لن", "هو", "هي", "هم", "بعد",
      "قبل", "عند", "حتي", "بين", "كل", "منذ", "و", "ف", "ب", "ل", "اما", "اذا", "غير", "حول", "خلال",
      "فيه", "فيها", "منه", "منها", "به", "بها", "له", "لها", "وقد", "وفي", "وان", "كما", "ايضا",
      // Hebrew (no niqqud)
      "של", "את", "על", "עם", "זה", "זו", "זאת", "הוא", "היא", "הם", "הן", "אשר", "כי", "גם", "לא", "או",
      "אל", "מן", "כל", "אחרי", "לפני", "בין", "היה", "הייתה", "היו", "יש", "אין", "כך", "רק", "עוד",
      "אבל", "כמו", "לאחר", "ליד", "שלא", "אך", "עד", "מאז"};
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
  int letters = 0, upper = 0, cased = 0;
  bool first_letter_seen = false;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isalpha(c)) continue;
    ++letters;
    if (u_hasBinaryProperty(c, UCHAR_CASED)) ++cased;
    const bool up = u_isupper(c) || u_istitle(c);
    if (up) ++upper;
    if (!first_letter_seen) {
      first_letter_seen = true;
      t.capitalized = up;
    }
  }
  t.all_caps = letters >= 2 && upper == letters;
  t.caseless = letters > 0 && cased == 0;
}

// Arabic and Hebrew letters after NFKD and mark removal: one spelling for the letters written in
// several ways, 0 for what is dropped (tatweel, Hebrew geresh and gershayim).
UChar32 normalize_semitic(UChar32 c) {
  switch (c) {
    case 0x0671:  // alef wasla (أ إ آ lose their hamza and madda to NFKD already)
      return 0x0627;
    case 0x0629:  // ta marbuta -> ha
      return 0x0647;
    case 0x0649:  // alef maqsura -> ya
    case 0x06CC:  // Persian ya
      return 0x064A;
    case 0x06A9:  // Persian kaf
      return 0x0643;
    case 0x0640:  // tatweel
    case 0x05F3:  // geresh
    case 0x05F4:  // gershayim
      return 0;
    default:
      break;
  }
  if (c >= 0x0660 && c <= 0x0669) return u'0' + (c - 0x0660);  // Arabic-Indic digits
  if (c >= 0x06F0 && c <= 0x06F9) return u'0' + (c - 0x06F0);  // Eastern Arabic-Indic digits
  return c;
}

// Bytes of the apostrophe at text[at] (' or ’ or ‘ or ʼ), 0 when there is none.
std::size_t apostrophe_bytes(std::string_view text, std::size_t at) {
  if (at < text.size() && text[at] == '\'') return 1;
  const std::string_view rest = text.substr(std::min(at, text.size()));
  for (std::string_view a : {"\u2019", "\u2018", "\u02BC"})
    if (rest.substr(0, a.size()) == a) return a.size();
  return 0;
}

// A French or Italian elision at the start of a word ("l'", "d’", "qu'", "jusqu'", "dell'"): the
// bytes of the elided word before its apostrophe, 0 when there is none (or nothing follows it).
std::size_t elision_end(std::string_view word) {
  static const std::string_view kElided[] = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu",
                                             "puisqu", "quoiqu", "dell", "dall", "nell", "sull", "all", "un"};
  for (std::string_view e : kElided) {
    if (word.size() <= e.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < e.size() && same; ++k) same = (word[k] | 0x20) == e[k];
    if (!same) continue;
    const std::size_t a = apostrophe_bytes(word, e.size());
    if (a > 0 && e.size() + a < word.size()) return e.size();
  }
  return 0;
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

  std::vector<Token> tokenize(std::string_view text, bool split_elisions, const AnalyzerOptions& options) const;

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
      UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      // Cyrillic short i: NFKD made it и + breve; it is a letter of its own (ё stays е).
      if (c == 0x0306 && !out.isEmpty() && out.charAt(out.length() - 1) == 0x0438) {
        out.setCharAt(out.length() - 1, 0x0439);
        continue;
      }
      const int8_t type = u_charType(c);
      if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) continue;
      if (is_apostrophe(c)) continue;
      if (numeric && (c == u',' || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == 0x066C)) continue;
      if (c >= 0x0590 && c <= 0x06FF) {
        c = normalize_semitic(c);
        if (c == 0) continue;
      } else if (c == u'"') {
        continue;  // inside a Hebrew acronym (צה"ל): word breaking keeps it only there
      }
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

std::vector<Token> Analyzer::tokenize(std::string_view text) const { return impl_->tokenize(text, false, options_); }

std::vector<Token> Analyzer::tokenize(std::string_view text, std::string_view lang) const {
  const std::string code = normalize_language(lang);
  return impl_->tokenize(text, code == "fr" || code == "it" || code == "ca", options_);
}

std::vector<Token> Analyzer::Impl::tokenize(std::string_view text, bool split_elisions,
                                            const AnalyzerOptions& options) const {
  std::vector<Token> tokens;
  if (text.empty()) return tokens;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return tokens;
  std::unique_ptr<icu::BreakIterator> it(words->clone());
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
    const bool numeric = rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT;
    auto emit = [&](std::size_t wb, std::size_t we) {
      Token t;
      t.surface.assign(text.substr(wb, we - wb));
      t.begin = wb;
      t.end = we;
      t.numeric = numeric;
      t.norm = fold_word(t.surface, t.numeric);
      if (t.norm.empty() || t.norm.size() > options.max_term_bytes) return;
      // Case shape of the surface.
      if (std::all_of(t.surface.begin(), t.surface.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        ascii_case_shape(t.surface, t.capitalized, t.all_caps);
      } else {
        set_case_shape(t);
      }
      t.sentence_start = sentence_start_at(text, wb);
      t.pos = pos++;
      tokens.push_back(std::move(t));
    };
    // "l'armée" -> "l" + "armée": the elided word and the word it leans on.
    const std::size_t cut = split_elisions && !numeric ? elision_end(text.substr(b, e - b)) : 0;
    if (cut == 0) {
      emit(b, e);
    } else {
      emit(b, b + cut);
      emit(b + cut + apostrophe_bytes(text, b + cut), e);
    }
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

namespace {

// Stem of a word with one of Xapian's Snowball stemmers. Xapian::Stem is not safe to share
// between threads: one per thread and language, with a cache of recent words (news text repeats
// its words; the cache is emptied when full).
std::string snowball(const std::string& language, std::string_view norm) {
  struct PerThread {
    Xapian::Stem stemmer;
    std::unordered_map<std::string, std::string> cache;
  };
  thread_local std::map<std::string, PerThread> per_thread;
  auto it = per_thread.find(language);
  if (it == per_thread.end()) it = per_thread.emplace(language, PerThread{Xapian::Stem(language), {}}).first;
  PerThread& pt = it->second;
  std::string word(norm);
  if (auto c = pt.cache.find(word); c != pt.cache.end()) return c->second;
  if (pt.cache.size() >= 200000) pt.cache.clear();
  std::string stemmed = pt.stemmer(word);
  pt.cache.emplace(std::move(word), stemmed);
  return stemmed;
}

// The code points of a UTF-8 string, and back.
std::u32string to_u32(std::string_view s) {
  std::u32string out;
  const auto n = static_cast<int32_t>(std::min<std::size_t>(s.size(), 0x7fffffff));
  for (int32_t i = 0; i < n;) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, n, c);
    out.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
  }
  return out;
}
std::string from_u32(std::u32string_view s) {
  icu::UnicodeString u;
  for (char32_t c : s) u.append(static_cast<UChar32>(c));
  return to_utf8(u);
}

bool ends_with(std::u32string_view s, std::u32string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

// Case and adjective endings of Russian and Ukrainian nouns and names, longest first (folded: ї
// is і). Not -ов/-ев, which end many place names (Харьков, Ростов, Киев).
const std::vector<std::u32string>& cyrillic_endings() {
  static const std::vector<std::u32string> k = [] {
    std::vector<std::u32string> v = {
        U"ами", U"ями", U"ого", U"его", U"ому", U"ему", U"ыми", U"ими", U"ией", U"ією", U"ього", U"ьому",
        U"ом",  U"ем",  U"ой",  U"ей",  U"ою",  U"ею",  U"ах",  U"ях",  U"ам",  U"ям",  U"оі",
        U"ий",  U"ый",  U"ая",  U"яя",  U"ое",  U"ее",  U"ые",  U"ие",  U"ую",  U"юю",  U"ых",  U"их",
        U"ым",  U"им",  U"ия",  U"ии",  U"ию",  U"ія",  U"ії",  U"ію",  U"ій",  U"ім",  U"іх",  U"ої",
        U"а",   U"я",   U"у",   U"ю",   U"е",   U"і",   U"и",   U"ы",   U"ї",   U"ь",   U"о"};
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return v;
  }();
  return k;
}

// The ICU transliterator to ASCII: one prototype, cloned once per thread (a Transliterator is
// not safe to use from two threads at once).
icu::Transliterator& thread_transliterator() {
  static std::mutex mu;
  static std::unique_ptr<icu::Transliterator> prototype;
  thread_local std::unique_ptr<icu::Transliterator> mine;
  if (!mine) {
    const std::lock_guard<std::mutex> lock(mu);
    if (!prototype) {
      UErrorCode status = U_ZERO_ERROR;
      prototype.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
      if (U_FAILURE(status) || !prototype)
        throw std::runtime_error(std::string("ICU transliterator Any-Latin; Latin-ASCII unavailable: ") +
                                 u_errorName(status));
    }
    mine.reset(prototype->clone());
  }
  return *mine;
}

}  // namespace

std::string Analyzer::stem(std::string_view norm) const {
  if (!impl_->stemming) return std::string(norm);
  return snowball(options_.stem_language, norm);
}

std::string Analyzer::stem(std::string_view norm, std::string_view lang) const {
  // English (or unknown) text with an ASCII word: as stem(norm), without looking anything up.
  if (!norm.empty() && static_cast<unsigned char>(norm[0]) < 0x80 && (lang.empty() || lang == "en"))
    return stem(norm);
  const LanguageInfo* info = language_info(lang);
  switch (script_of(norm)) {
    case Script::kLatin:
      if (info && info->script == Script::kLatin && info->stemmer && options_.stem_language != "none" &&
          info->stemmer != options_.stem_language)
        return snowball(info->stemmer, norm);
      return stem(norm);
    case Script::kCyrillic:
      if (info && info->script == Script::kCyrillic && !info->stemmer) return std::string(norm);
      return snowball("russian", norm);
    case Script::kArabic:
      if (info && info->script == Script::kArabic && !info->stemmer) return std::string(norm);
      return snowball("arabic", norm);
    case Script::kHebrew:
    case Script::kGreek:
      return std::string(norm);
    case Script::kOther:
      break;
  }
  return stem(norm);
}

std::vector<Analyzer::StemVariant> Analyzer::stem_variants(std::string_view norm) const {
  std::vector<StemVariant> out{{stem(norm), ""}};
  // A stem once for every language that gives it (the searcher keeps it when the index holds
  // any of them), never again the first.
  auto add = [&](std::string s, const char* lang) {
    for (const auto& v : out)
      if (v.stem == s && (v.lang.empty() || v.lang == lang)) return;
    out.push_back({std::move(s), lang});
  };
  switch (script_of(norm)) {
    case Script::kLatin:
      if (options_.stem_language == "none") break;
      for (const auto& l : known_languages())
        if (l.script == Script::kLatin && l.stemmer && l.stemmer != options_.stem_language)
          add(snowball(l.stemmer, norm), l.code);
      break;
    case Script::kCyrillic:
      add(std::string(norm), "");
      add(snowball("russian", norm), "");
      break;
    case Script::kArabic:
      add(std::string(norm), "");
      add(snowball("arabic", norm), "");
      break;
    case Script::kHebrew:
      for (auto& v : without_proclitics(norm)) add(std::move(v), "");
      break;
    default:
      break;
  }
  return out;
}

std::vector<std::string> Analyzer::extra_stems(std::string_view norm) const {
  // Hebrew letters are two bytes from 0xD6 0x90 (U+0590) to 0xD7 0xBF (U+05FF).
  if (norm.size() < 2 || (static_cast<unsigned char>(norm[0]) != 0xD6 && static_cast<unsigned char>(norm[0]) != 0xD7) ||
      script_of(norm) != Script::kHebrew)
    return {};
  return without_proclitics(norm);
}

std::string Analyzer::name_key(std::string_view norm) const {
  if (script_of(norm) != Script::kCyrillic) return std::string(norm);
  const std::u32string w = to_u32(norm);
  for (const auto& e : cyrillic_endings())
    if (ends_with(w, e) && w.size() - e.size() >= 4) return from_u32(std::u32string_view(w).substr(0, w.size() - e.size()));
  return std::string(norm);
}

std::vector<std::string> Analyzer::without_proclitics(std::string_view norm) const {
  std::vector<std::string> out;
  const Script script = script_of(norm);
  if (script != Script::kArabic && script != Script::kHebrew) return out;
  const std::u32string w = to_u32(norm);
  auto add = [&](std::u32string_view v) {
    if (v.size() < 2) return;
    std::string s = from_u32(v);
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  };
  if (script == Script::kArabic) {
    // One conjunction or preposition (و ف ب ل ك), then the article ال; ل + ال is written لل.
    std::u32string_view rest(w);
    std::u32string lil;
    const std::u32string_view kOne = U"\u0648\u0641\u0628\u0644\u0643";  // و ف ب ل ك
    if (rest.size() > 3 && kOne.find(rest[0]) != std::u32string_view::npos) {
      if (rest[0] == U'\u0644' && rest[1] == U'\u0644') {  // للقصير -> القصير
        lil = U"\u0627" + std::u32string(rest.substr(1));
      }
      rest.remove_prefix(1);
      if (!lil.empty()) add(lil);
      add(rest);
      // وب, فب, ول, فل, وك: a conjunction before a preposition.
      if ((w[0] == U'\u0648' || w[0] == U'\u0641') && rest.size() > 3 && kOne.substr(2).find(rest[0]) != std::u32string_view::npos) {
        if (rest[0] == U'\u0644' && rest[1] == U'\u0644') add(U"\u0627" + std::u32string(rest.substr(1)));
        add(rest.substr(1));
        if (rest.size() > 4 && rest[1] == U'\u0627' && rest[2] == U'\u0644') add(rest.substr(3));
      }
    }
    // The article: القصير -> قصير (and after a proclitic: بالقصير -> قصير).
    for (std::u32string_view v : {std::u32string_view(w), rest})
      if (v.size() > 4 && v[0] == U'\u0627' && v[1] == U'\u0644') add(v.substr(2));
    if (!lil.empty() && lil.size() > 4) add(std::u32string_view(lil).substr(2));
  } else {
    // Up to three of ו ה ב ל מ ש כ ("וכשהצבא" -> "כשהצבא", "שהצבא", "הצבא"), three letters left.
    const std::u32string_view kPrefixes = U"\u05D5\u05D4\u05D1\u05DC\u05DE\u05E9\u05DB";
    std::u32string_view rest(w);
    for (int k = 0; k < 3 && rest.size() > 3 && kPrefixes.find(rest[0]) != std::u32string_view::npos; ++k) {
      rest.remove_prefix(1);
      add(rest);
    }
  }
  return out;
}

std::string Analyzer::transliterate(std::string_view text) const {
  struct Cache {
    std::unordered_map<std::string, std::string> map;
  };
  thread_local Cache cache;
  std::string key(text);
  if (auto it = cache.map.find(key); it != cache.map.end()) return it->second;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  thread_transliterator().transliterate(u);
  u.toLower(icu::Locale::getRoot());
  std::string out = to_utf8(u);
  if (cache.map.size() >= 100000) cache.map.clear();
  cache.map.emplace(std::move(key), out);
  return out;
}

std::string Analyzer::translit_key(std::string_view norm) const {
  const Script script = script_of(norm);
  // The Arabic article is not part of the name: القصير -> قصير, as "al-Qusayr" -> "al" "qusayr".
  if (script == Script::kArabic && norm.size() > 8 && norm.substr(0, 4) == "\u0627\u0644") norm.remove_prefix(4);
  std::string latin;
  for (char c : (script == Script::kLatin ? std::string(norm) : transliterate(norm)))
    if (c >= 'a' && c <= 'z') latin.push_back(c);
  // Digraphs of the transliteration conventions, then classes of letters that one script writes
  // with one letter and another with several.
  static const std::pair<std::string_view, char> kDigraphs[] = {
      {"shch", 's'}, {"sch", 's'}, {"kh", 'h'}, {"zh", 'z'}, {"sh", 's'}, {"ch", 'c'}, {"ts", 'c'}, {"tz", 'c'},
      {"dz", 'j'},   {"dj", 'j'},  {"ph", 'b'}, {"th", 't'}, {"dh", 'd'}, {"gh", 'g'}, {"ck", 'k'}};
  std::string key;
  for (std::size_t i = 0; i < latin.size();) {
    char c = latin[i];
    std::size_t step = 1;
    for (const auto& [d, r] : kDigraphs)
      if (latin.compare(i, d.size(), d) == 0) {
        c = r;
        step = d.size();
        break;
      }
    i += step;
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w': case 'j':
        continue;  // vowels, semivowels: scripts write them differently or not at all
      case 'p': case 'f': case 'v':
        c = 'b';
        break;
      case 'q':
        c = 'k';
        break;
      case 'x':
        key += 'k';
        c = 's';
        break;
      default:
        break;
    }
    if (key.empty() || key.back() != c) key.push_back(c);
  }
  if (!key.empty() && key.back() == 'h') key.pop_back();  // Hezbollah, Хезболла
  return key.size() >= 3 ? key : std::string();
}

bool Analyzer::is_stopword(std::string_view norm) const {
  if (stopwords().count(norm)) return true;
  return !norm.empty() && static_cast<unsigned char>(norm[0]) >= 0x80 && other_stopwords().count(norm) > 0;
}

std::string Analyzer::signature() const {
  return "icu-word;nfkd-nomarks-casefold;arabic-hebrew-norm;stem=" + options_.stem_language +
         "+per-language;translit;maxterm=" + std::to_string(options_.max_term_bytes);
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
