#include "sitrep/event_dates.h"

#include "sitrep/date_grammar.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>

namespace sitrep {
namespace {

using Precision = EventDate::Precision;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
char lower(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

int to_int(std::string_view s) noexcept {
  int v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() ? v : -1;
}

template <std::size_t N>
bool one_of(std::string_view w, const std::array<std::string_view, N>& list) noexcept {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// --- tokens of a text --------------------------------------------------------------------------

struct Tk {
  enum Kind { kWord, kNum, kPunct, kOther } kind = kOther;
  std::size_t begin = 0, end = 0;
  std::string lower;  // kWord: ASCII-lower-cased; kNum: the digits; kPunct: the character
  bool cap = false;   // kWord: first letter upper case
  bool all_caps = false;
  bool ascii = true;  // kWord made of ASCII letters only
  bool sentence_start = false;
  // kNum
  enum Shape { kInt, kGrouped, kIso, kNumericDate, kDayRange, kYearMonth, kOtherNum } shape = kOtherNum;
  int value = -1;  // kInt (up to 9 digits)
  int digits = 0;  // kInt
  bool ordinal = false;
  Date date;        // kIso, kNumericDate; kYearMonth (day 1)
  int range_a = 0;  // kDayRange
  int range_b = 0;
};

// A few non-ASCII characters count as punctuation or space; other non-ASCII letters are word
// characters (so "Mayé" is not "May").
enum class Special { kNone, kSpace, kDash, kApostrophe, kQuote, kEllipsis };

Special special_at(std::string_view s, std::size_t i, std::size_t& len) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  len = 1;
  if (b(i) == 0xC2 && i + 1 < s.size() && b(i + 1) == 0xA0) {
    len = 2;
    return Special::kSpace;
  }
  if (b(i) == 0xE2 && i + 2 < s.size() && b(i + 1) == 0x80) {
    len = 3;
    const unsigned char c = b(i + 2);
    if (c >= 0x90 && c <= 0x95) return Special::kDash;
    if (c == 0x98 || c == 0x99) return Special::kApostrophe;
    if (c == 0x9C || c == 0x9D) return Special::kQuote;
    if (c == 0xA6) return Special::kEllipsis;
    if (c == 0x89 || c == 0x8B || c == 0xAF || c == 0x8A) return Special::kSpace;
  }
  len = 1;
  return Special::kNone;
}

std::size_t utf8_len(unsigned char c) noexcept {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

std::size_t scan_digits(std::string_view s, std::size_t i) noexcept {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}
bool digit_at(std::string_view s, std::size_t i) noexcept { return i < s.size() && is_digit(s[i]); }

void classify_number(Tk& t, std::string_view chunk, char sep, std::size_t nparts, const EventDateOptions& options) {
  if (sep == 0) {
    t.shape = Tk::kInt;
    t.digits = static_cast<int>(chunk.size());
    t.value = chunk.size() <= 9 ? to_int(chunk) : -1;
    return;
  }
  if (sep == ',') {
    t.shape = Tk::kGrouped;
    return;
  }
  if (sep == '-' && nparts == 3 && chunk.size() == 10 && chunk[4] == '-') {
    if (auto d = parse_iso_date(chunk)) {
      t.shape = Tk::kIso;
      t.date = *d;
    }
    return;
  }
  if (nparts == 3 && (sep == '/' || sep == '.' || sep == '-')) {
    DateParseOptions po;
    po.order = options.order;
    auto r = parse_publication_date(chunk, po);
    if (r && !r->time) {
      t.shape = Tk::kNumericDate;
      t.date = r->date;
    }
    return;
  }
  if (nparts == 2 && sep == '-') {
    const std::size_t dash = chunk.find('-');
    const std::string_view a = chunk.substr(0, dash), b = chunk.substr(dash + 1);
    if (a.size() <= 2 && b.size() <= 2) {
      t.shape = Tk::kDayRange;
      t.range_a = to_int(a);
      t.range_b = to_int(b);
    } else if (auto ym = parse_iso_span(chunk); ym && ym->precision == DateSpan::Precision::kMonth) {
      t.shape = Tk::kYearMonth;  // 2024-11
      t.date = ym->first;
    }
  }
}

std::vector<Tk> tokenize(std::string_view s, const EventDateOptions& options) {
  std::vector<Tk> out;
  bool new_sentence = true;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    std::size_t len = 1;
    const Special sp = static_cast<unsigned char>(c) >= 0x80 ? special_at(s, i, len) : Special::kNone;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' || sp == Special::kSpace) {
      // A blank line ends a sentence (headlines have no full stop).
      if (c == '\n' && i + 1 < s.size() &&
          (s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < s.size() && s[i + 2] == '\n')))
        new_sentence = true;
      i += len;
      continue;
    }
    Tk t;
    t.begin = i;
    if (sp != Special::kNone) {
      t.kind = Tk::kPunct;
      const char ch = sp == Special::kDash         ? '-'
                      : sp == Special::kApostrophe ? '\''
                      : sp == Special::kQuote      ? '"'
                                                   : '.';
      t.lower.assign(1, ch);
      i += len;
    } else if (is_digit(c)) {
      std::size_t j = scan_digits(s, i);
      char sep = 0;
      std::size_t nparts = 1;
      if (j < s.size() && s[j] == ':' && digit_at(s, j + 1)) {
        // a time of day (10:15, 10:15:00.5): not a date
        while (j < s.size() && (s[j] == ':' || s[j] == '.') && digit_at(s, j + 1)) j = scan_digits(s, j + 1);
        sep = ':';
      } else if (j + 3 < s.size() && s[j] == ',' && scan_digits(s, j + 1) == j + 4) {
        sep = ',';
        while (j + 3 < s.size() && s[j] == ',' && scan_digits(s, j + 1) == j + 4) j += 4;
        if (j < s.size() && s[j] == '.' && digit_at(s, j + 1)) j = scan_digits(s, j + 1);
      } else if (j < s.size() && (s[j] == '/' || s[j] == '-' || s[j] == '.') && digit_at(s, j + 1)) {
        sep = s[j];
        while (j < s.size() && s[j] == sep && digit_at(s, j + 1)) {
          j = scan_digits(s, j + 1);
          ++nparts;
        }
      }
      t.kind = Tk::kNum;
      t.lower = std::string(s.substr(i, j - i));
      classify_number(t, t.lower, sep, nparts, options);
      if (sep == ':') t.shape = Tk::kOtherNum;
      // letters right after the number: an ordinal (27th) or something else (1970s, 5km)
      if (j < s.size() && is_alpha(s[j])) {
        std::size_t k = j;
        while (k < s.size() && is_alpha(s[k])) ++k;
        std::string suf;
        for (std::size_t m = j; m < k; ++m) suf.push_back(lower(s[m]));
        if (t.shape == Tk::kInt && is_ordinal_suffix(suf)) {
          t.ordinal = true;
        } else {
          t.shape = Tk::kOtherNum;
        }
        j = k;
      }
      i = j;
    } else if (is_alpha(c) || static_cast<unsigned char>(c) >= 0x80) {
      t.kind = Tk::kWord;
      t.cap = is_upper(c);
      std::size_t j = i;
      int letters = 0, upper = 0;
      while (j < s.size()) {
        const unsigned char u = static_cast<unsigned char>(s[j]);
        if (u >= 0x80) {
          std::size_t l = 1;
          if (special_at(s, j, l) != Special::kNone) break;
          const std::size_t n = std::min(utf8_len(u), s.size() - j);
          t.lower.append(s.substr(j, n));
          t.ascii = false;
          j += n;
          continue;
        }
        if (!is_alpha(s[j])) break;
        ++letters;
        if (is_upper(s[j])) ++upper;
        t.lower.push_back(lower(s[j]));
        ++j;
      }
      t.all_caps = letters >= 2 && upper == letters;
      i = j;
    } else {
      t.kind = Tk::kPunct;
      t.lower = std::string(1, c);
      ++i;
    }
    t.end = i;
    t.sentence_start = new_sentence;
    new_sentence = t.kind == Tk::kPunct && (t.lower == "." || t.lower == "!" || t.lower == "?");
    out.push_back(std::move(t));
  }
  return out;
}

// --- vocabularies ------------------------------------------------------------------------------

// Words after which a capitalised month or weekday is still a date (not part of a name).
constexpr std::array<std::string_view, 30> kDateWords = {
    "on",   "in",   "since", "during", "by",      "until",   "till",       "from",  "before", "after",
    "and",  "or",   "to",    "of",     "between", "through", "throughout", "early", "late",   "mid",
    "last", "next", "this",  "every",  "each",    "around",  "about",      "dated", "beyond", "circa"};

// Cues before a month name standing alone ("in March") or before a year ("in 2011").
constexpr std::array<std::string_view, 20> kCues = {
    "in",      "on",         "during",  "since", "by",    "until", "till", "from", "before", "after",
    "through", "throughout", "between", "of",    "early", "late",  "mid",  "year", "around", "circa"};

// Words that continue a list of dates: "in 2011 and 2012", "October and November".
constexpr std::array<std::string_view, 8> kListWords = {"and", "or", "to", "through", "until", ",", "-", "till"};

// A year-like number followed by one of these counts things: "in 1500 homes".
constexpr std::array<std::string_view, 52> kCountWords = {
    "people",   "persons",    "cases",     "fighters", "troops",   "soldiers",   "civilians",  "deaths",
    "dead",     "casualties", "refugees",  "homes",    "houses",   "families",   "children",   "men",
    "women",    "incidents",  "attacks",   "rockets",  "missiles", "drones",     "shells",     "strikes",
    "villages", "residents",  "prisoners", "hostages", "km",       "kilometres", "kilometers", "miles",
    "metres",   "meters",     "tonnes",    "tons",     "dollars",  "euros",      "pounds",     "units",
    "rounds",   "militants",  "members",   "votes",    "tanks",    "vehicles",   "buildings",  "killed",
    "wounded",  "injured",    "displaced", "arrests"};

// Words before "of" that make the number after it a quantity: "a total of 1980".
constexpr std::array<std::string_view, 22> kQuantityBeforeOf = {
    "total",   "number",    "toll",   "deaths",   "lives",     "out",      "some",    "all",
    "many",    "most",      "tens",   "hundreds", "thousands", "millions", "maximum", "minimum",
    "average", "estimated", "excess", "sum",      "upwards",   "group"};

// Earlier in the sentence, these make an unqualified date point forward ("would" as in reported
// speech: "said the talks would resume on Monday"; "may" and "might" only in lower case).
constexpr std::array<std::string_view, 13> kFutureCues = {"will",    "shall",     "ll",      "would", "may",
                                                          "might",   "scheduled", "plans",   "plan",  "expect",
                                                          "expects", "expected",  "upcoming"};

// "due to <verb>" is future ("due to meet on 9 January"), "due to <noun>" is a cause.
constexpr std::array<std::string_view, 24> kDueVerbs = {"take",   "begin",  "start",   "meet",     "end",     "arrive",
                                                        "expire", "hold",   "be",      "vote",     "resume",  "return",
                                                        "visit",  "come",   "open",    "close",    "enter",   "leave",
                                                        "sign",   "travel", "convene", "announce", "deliver", "finish"};

// Words before "last" that make it a verb ("meant to last six weeks").
constexpr std::array<std::string_view, 13> kBeforeVerbLast = {"to",     "will", "would", "could", "can", "may", "might",
                                                              "should", "must", "ll",    "not",   "did", "does"};

constexpr std::array<std::string_view, 21> kNumberWords = {
    "zero",     "one",     "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};

int number_word(std::string_view w) noexcept {
  for (std::size_t i = 1; i < kNumberWords.size(); ++i)
    if (w == kNumberWords[i]) return static_cast<int>(i);
  if (w == "thirty") return 30;
  if (w == "forty") return 40;
  if (w == "fifty") return 50;
  if (w == "sixty") return 60;
  if (w == "ninety") return 90;
  if (w == "hundred") return 100;
  return 0;
}

// --- the extractor -----------------------------------------------------------------------------

struct Match {
  std::size_t first_tok = 0, end_tok = 0;  // tokens [first_tok, end_tok)
  Date first, last;
  Precision precision = Precision::kDay;
  bool future = false;  // resolved forward or pointing after the reference
};

class Extractor {
 public:
  Extractor(std::string_view text, const Date& ref, const EventDateOptions& options, bool expression)
      : text_(text), ref_(ref), options_(options), expr_(expression), t_(tokenize(text, options)) {}

  std::vector<EventDate> all() {
    std::vector<EventDate> out;
    std::size_t i = 0;
    while (i < t_.size()) {
      if (auto m = match_at(i)) {
        i = m->end_tok;
        last_end_ = m->end_tok;
        if (m->future && options_.future == FutureDates::kSkip) continue;
        if (!m->first.valid() || !m->last.valid() || m->last < m->first) continue;
        out.push_back(to_event(*m));
      } else {
        ++i;
      }
    }
    return out;
  }

  std::optional<EventDate> whole() {
    std::size_t n = t_.size();
    while (n > 0 && t_[n - 1].kind == Tk::kPunct && (t_[n - 1].lower == "." || t_[n - 1].lower == ",")) --n;
    if (n == 0) return std::nullopt;
    std::size_t i = 0;
    // a plain preposition may lead ("in 2011", "on 27 November"); "since" is part of the meaning
    if (n > 1 && t_[0].kind == Tk::kWord &&
        (t_[0].lower == "in" || t_[0].lower == "on" || t_[0].lower == "during" || t_[0].lower == "of"))
      i = 1;
    auto m = match_at(i);
    if (!m || m->end_tok != n) return std::nullopt;
    if (m->future && options_.future == FutureDates::kSkip) return std::nullopt;
    if (!m->first.valid() || !m->last.valid() || m->last < m->first) return std::nullopt;
    return to_event(*m);
  }

 private:
  // --- token tests ---
  bool word(std::size_t i) const { return i < t_.size() && t_[i].kind == Tk::kWord; }
  bool word(std::size_t i, std::string_view w) const { return word(i) && t_[i].lower == w; }
  bool punct(std::size_t i, std::string_view p) const {
    return i < t_.size() && t_[i].kind == Tk::kPunct && t_[i].lower == p;
  }
  bool dash(std::size_t i) const { return punct(i, "-"); }
  const std::string& lw(std::size_t i) const {
    static const std::string empty;
    return i < t_.size() ? t_[i].lower : empty;
  }
  bool capitalised(std::size_t i) const { return expr_ || t_[i].cap; }
  bool is_int(std::size_t i) const { return i < t_.size() && t_[i].kind == Tk::kNum && t_[i].shape == Tk::kInt; }
  // A day number: 1..31, one or two digits, maybe an ordinal.
  int day_at(std::size_t i) const {
    if (!is_int(i) || t_[i].digits > 2) return 0;
    const int v = t_[i].value;
    return v >= 1 && v <= 31 ? v : 0;
  }
  // "BC", "BCE", "B.C.", "B.C.E." at i: the year before it is not of this era, and no date.
  bool before_christ(std::size_t i) const {
    if (word(i, "bc") || word(i, "bce")) return true;
    return word(i, "b") && punct(i + 1, ".") && word(i + 2, "c");
  }
  // A year in a full date.
  int year_at(std::size_t i) const {
    if (!is_int(i) || t_[i].digits != 4 || t_[i].ordinal || before_christ(i + 1)) return 0;
    const int v = t_[i].value;
    return v >= 1000 && v <= 2999 ? v : 0;
  }

  // The tokens as the date grammar's readers see them (date_grammar.h): abbreviated months count,
  // with their dot; a year alone after a month only from 1700 to 2199.
  struct Words {
    const Extractor& x;
    int day(std::size_t i) const { return x.day_at(i); }
    int month(std::size_t i, std::size_t& next) const { return x.month_at(i, true, next); }
    std::optional<int> year(std::size_t i, DateGap form) const {
      const int y = x.year_at(i);
      if (!y || (form == DateGap::kMonthYear && (y < 1700 || y > 2199))) return std::nullopt;
      return y;
    }
    std::size_t gap(std::size_t i, DateGap g, std::size_t start) const {
      // 27-Nov-2024: a dash right after the day, and then a dash before the year
      const bool hyphen = x.dash(start + 1) && x.t_[start + 1].begin == x.t_[start].end;
      bool skip = false;
      switch (g) {
        case DateGap::kDayMonth:  // 27th of November, 27/11, 27-Nov
          skip = x.word(i, "of") || x.punct(i, "/") || (i == start + 1 && hyphen);
          break;
        case DateGap::kDayMonthYear:
          skip = x.punct(i, ",") || x.punct(i, "/") || (hyphen && x.dash(i));
          break;
        case DateGap::kMonthDay:  // the dot of "Nov." goes with the name
          break;
        case DateGap::kMonthDayYear:
        case DateGap::kMonthYear:
          skip = x.punct(i, ",");
          break;
      }
      return skip ? i + 1 : i;
    }
  };

  // The capitalised word before i makes token i part of a name ("Theresa May", "Bloody Sunday",
  // "The March 8 alliance").
  bool name_before(std::size_t i) const {
    if (expr_ || i == 0) return false;
    const Tk& p = t_[i - 1];
    if (p.kind != Tk::kWord || !p.cap || p.all_caps) return false;
    if (one_of(p.lower, kDateWords)) return false;
    if (month_from_name(p.lower) && is_full_month_name(p.lower, month_from_name(p.lower))) return false;
    if (weekday_from_name(p.lower) >= 0) return false;
    return true;
  }

  // A month name at i: its number and the token after it (after "Dec."), or 0. Abbreviations only
  // when allow_abbrev.
  int month_at(std::size_t i, bool allow_abbrev, std::size_t& next) const {
    if (!word(i) || !t_[i].ascii) return 0;
    const int m = month_from_name(t_[i].lower);
    if (!m || !capitalised(i)) return 0;
    const bool full = is_full_month_name(t_[i].lower, m);
    if (!full && !allow_abbrev && !expr_) return 0;
    next = i + 1;
    if (!full && punct(next, ".") && t_[next].begin == t_[i].end) ++next;
    return m;
  }

  int weekday_at(std::size_t i) const {
    if (!word(i) || !t_[i].ascii || !capitalised(i)) return -1;
    const std::string& w = t_[i].lower;
    // full names only in running text ("Sat" and "Sun" are words too)
    if (const int d = weekday_from_full_name(w); d >= 0) return d;
    return expr_ ? weekday_from_name(w) : -1;
  }

  // A future cue earlier in the sentence (at most 8 words back) or "next" right before.
  bool future_context(std::size_t i) const {
    if (expr_) return false;
    int words = 0;
    for (std::size_t k = i; k-- > 0 && words < 8;) {
      const Tk& t = t_[k];
      if (t.kind == Tk::kPunct && (t.lower == "." || t.lower == "!" || t.lower == "?" || t.lower == ";")) break;
      if (t.kind == Tk::kWord) {
        ++words;
        if (one_of(t.lower, kFutureCues) && !t.cap && !word(k + 1, "have")) {
          if (t.lower != "ll" || (k > 0 && punct(k - 1, "'"))) return true;
        }
        if (t.lower == "due" && (!word(k + 1, "to") || (word(k + 2) && one_of(t_[k + 2].lower, kDueVerbs))))
          return true;
        if (t.lower == "t" && k >= 2 && punct(k - 1, "'") && word(k - 2, "won")) return true;
      }
      if (t.sentence_start) break;
    }
    return false;
  }

  // Is the date starting at token i introduced by a cue ("in", "since", "early", ...) or listed
  // after a date just found ("in 2011 and 2012")?
  bool cued(std::size_t i, bool for_year) const {
    if (expr_) return true;
    std::size_t k = i;
    // skip "the", "-" (mid-2023); early/late/mid are cues themselves
    while (k > 0 && (word(k - 1, "the") || word(k - 1, "very") || dash(k - 1))) {
      if (dash(k - 1) && k >= 2 && !(word(k - 2, "mid") || word(k - 2, "early") || word(k - 2, "late"))) break;
      --k;
    }
    if (k == 0) return false;
    const Tk& p = t_[k - 1];
    if ((p.kind == Tk::kWord || p.kind == Tk::kPunct) && one_of(p.lower, kListWords) && last_end_ == k - 1 &&
        last_end_ > 0)
      return true;
    if (p.kind != Tk::kWord || !one_of(p.lower, kCues)) return false;
    if (for_year && p.lower == "of") {
      if (k >= 2 && word(k - 2) && one_of(t_[k - 2].lower, kQuantityBeforeOf)) return false;
    }
    return true;
  }

  // --- resolution (date_grammar.h) ---
  Date day_without_year(int month, int day, bool forward) const {
    return sitrep::day_without_year(month, day, forward, ref_);
  }
  std::pair<int, int> month_without_year(int month, bool forward) const {
    return sitrep::month_without_year(month, forward, ref_);
  }

  static Match day_match(std::size_t a, std::size_t b, Date d) {
    Match m;
    m.first_tok = a;
    m.end_tok = b;
    m.first = m.last = d;
    m.precision = Precision::kDay;
    return m;
  }
  static Match month_match(std::size_t a, std::size_t b, int y, int mo) {
    Match m;
    m.first_tok = a;
    m.end_tok = b;
    m.first = month_start(y, mo);
    m.last = month_end(y, mo);
    m.precision = Precision::kMonth;
    return m;
  }
  static Match year_match(std::size_t a, std::size_t b, int y) {
    Match m;
    m.first_tok = a;
    m.end_tok = b;
    m.first = Date{y, 1, 1};
    m.last = Date{y, 12, 31};
    m.precision = Precision::kYear;
    return m;
  }
  static Match span_match(std::size_t a, std::size_t b, Date first, Date last, Precision p) {
    Match m;
    m.first_tok = a;
    m.end_tok = b;
    m.first = first;
    m.last = last;
    m.precision = p;
    return m;
  }

  // --- matchers ---
  std::optional<Match> match_at(std::size_t i) {
    if (word(i, "since")) {
      std::size_t j = i + 1;
      // since early 2023, since mid-March, since the end of 2023: from the date's first day
      if (word(j, "the") &&
          (word(j + 1, "end") || word(j + 1, "beginning") || word(j + 1, "start") || word(j + 1, "middle")) &&
          word(j + 2, "of"))
        j += 3;
      while (word(j, "early") || word(j, "late") || word(j, "mid") || (dash(j) && j > i + 1)) ++j;
      if (auto m = core_at(j)) {
        if (m->first <= ref_) {
          m->first_tok = i;
          m->last = ref_;
          m->precision = Precision::kRange;
          m->future = false;
        }
        return m;
      }
      return std::nullopt;
    }
    return core_at(i);
  }

  std::optional<Match> core_at(std::size_t i) {
    if (i >= t_.size()) return std::nullopt;
    if (auto m = relative_at(i)) return m;
    if (auto m = weekday_led(i)) return m;
    if (auto m = month_led(i)) return m;
    if (auto m = number_led(i)) return m;
    return std::nullopt;
  }

  // A count: 3, three, a, an, a couple of.
  std::optional<std::pair<int, std::size_t>> count_at(std::size_t i) const {
    if (is_int(i) && !t_[i].ordinal && t_[i].value > 0 && t_[i].value <= 10000) return std::pair{t_[i].value, i + 1};
    if (!word(i)) return std::nullopt;
    if (const int n = number_word(t_[i].lower)) return std::pair{n, i + 1};
    if (t_[i].lower == "a" || t_[i].lower == "an") {
      if (word(i + 1, "couple") && word(i + 2, "of")) return std::pair{2, i + 3};
      return std::pair{1, i + 1};
    }
    return std::nullopt;
  }

  std::optional<Match> relative_at(std::size_t i) {
    if (!word(i)) {
      if (is_int(i)) return ago_at(i);
      return std::nullopt;
    }
    const std::string& w = t_[i].lower;
    if (w == "yesterday") return span(i, i + 1, relative_unit(DateUnit::kDay, -1, ref_));
    if (w == "today" || w == "tonight") {
      if (name_before(i)) return std::nullopt;  // USA Today
      return span(i, i + 1, relative_unit(DateUnit::kDay, 0, ref_));
    }
    if (w == "tomorrow") {
      Match m = span(i, i + 1, relative_unit(DateUnit::kDay, 1, ref_));
      m.future = true;
      return m;
    }
    if (w == "the" && word(i + 1, "day") && word(i + 2, "before") && word(i + 3, "yesterday"))
      return day_match(i, i + 4, ref_.add_days(-2));
    if (w == "last" && word(i + 1, "night")) return day_match(i, i + 2, ref_.add_days(-1));
    if (w == "this" && (word(i + 1, "morning") || word(i + 1, "afternoon") || word(i + 1, "evening")))
      return day_match(i, i + 2, ref_);
    if ((w == "earlier" || w == "later") && word(i + 1, "this")) {
      const bool earlier = w == "earlier";
      bool plural = false;
      const DateUnit unit = date_unit_from_word(lw(i + 2), plural);
      if (unit == DateUnit::kNone || unit == DateUnit::kDay || plural) return std::nullopt;
      const DaySpan whole = relative_unit(unit, 0, ref_);
      Match m = earlier ? span_match(i, i + 3, whole.first, ref_, Precision::kRange)
                        : span_match(i, i + 3, ref_, whole.last, Precision::kRange);
      m.future = !earlier;
      return m;
    }
    // rolling spans: (the) past [N] unit, the last [N] unit, last N units
    // "meant to last six weeks", "will last until March": a verb; "to last week's talks" is not
    if (w == "last" && i > 0 && word(i - 1) && one_of(t_[i - 1].lower, kBeforeVerbLast)) {
      bool plural = false;
      std::size_t unused = 0;
      const bool date_next = (word(i + 1) && date_unit_from_word(t_[i + 1].lower, plural) != DateUnit::kNone && !plural) ||
                             weekday_at(i + 1) >= 0 || month_at(i + 1, false, unused) || word(i + 1, "night") ||
                             word(i + 1, "weekend");
      if (!date_next) return std::nullopt;
    }
    if (w == "past" || w == "last") {
      const bool the = i > 0 && word(i - 1, "the");
      std::size_t j = i + 1;
      int n = 1;
      bool counted = false;
      if (auto c = count_at(j); c && !word(j, "a") && !word(j, "an")) {
        n = c->first;
        j = c->second;
        counted = true;
      }
      bool plural = false;
      const DateUnit unit = word(j) ? date_unit_from_word(t_[j].lower, plural) : DateUnit::kNone;
      // "the past weeks" (no number) is too vague; "last week" (no "the", no number) is a calendar week
      if (unit != DateUnit::kNone && (counted || !plural) && (w == "past" || the || counted))
        return span(i, j + 1, past_units(unit, n, ref_));
    }
    if (w == "last" || w == "this" || w == "next") {
      const int dir = w == "last" ? -1 : w == "next" ? 1 : 0;
      const std::string& u = lw(i + 1);
      if (u == "week") return with_future(span(i, i + 2, relative_unit(DateUnit::kWeek, dir, ref_)), dir > 0);
      if (u == "weekend") {
        const Date sat = monday_of(ref_).add_days(7 * dir + 5);
        return with_future(span_match(i, i + 2, sat, sat.add_days(1), Precision::kRange), dir > 0);
      }
      if (u == "month") return with_future(span(i, i + 2, relative_unit(DateUnit::kMonth, dir, ref_)), dir > 0);
      if (u == "year") return with_future(span(i, i + 2, relative_unit(DateUnit::kYear, dir, ref_)), dir > 0);
      if (const int wd = weekday_at(i + 1); wd >= 0) {
        const Date d = relative_weekday(wd, dir, ref_);
        return with_future(day_match(i, i + 2, d), dir > 0 || ref_ < d);
      }
      std::size_t after = 0;
      if (const int mo = month_at(i + 1, false, after)) {
        const auto [y, m] = relative_month(mo, dir, ref_);
        return with_future(month_match(i, after, y, m), dir > 0);
      }
      return std::nullopt;
    }
    return ago_at(i);
  }

  static std::optional<Match> with_future(Match m, bool future) {
    m.future = future;
    return m;
  }

  // A span of the date grammar as a match of tokens [a, b).
  static Match span(std::size_t a, std::size_t b, const DaySpan& d) {
    const Precision p = d.unit == DateUnit::kDay     ? Precision::kDay
                        : d.unit == DateUnit::kWeek  ? Precision::kWeek
                        : d.unit == DateUnit::kMonth ? Precision::kMonth
                        : d.unit == DateUnit::kYear  ? Precision::kYear
                                                     : Precision::kRange;
    return span_match(a, b, d.first, d.last, p);
  }

  // N days/weeks/months/years ago
  std::optional<Match> ago_at(std::size_t i) {
    auto c = count_at(i);
    if (!c) return std::nullopt;
    const std::size_t j = c->second;
    bool plural = false;
    const DateUnit unit = word(j) ? date_unit_from_word(t_[j].lower, plural) : DateUnit::kNone;
    if (unit == DateUnit::kNone || !word(j + 1, "ago")) return std::nullopt;
    return span(i, j + 2, units_ago(unit, c->first, ref_));
  }

  // Saturday, December 7, 2024 · Saturday · Monday next
  std::optional<Match> weekday_led(std::size_t i) {
    const int wd = weekday_at(i);
    if (wd < 0 || name_before(i)) return std::nullopt;
    if (i > 0 && (word(i - 1, "every") || word(i - 1, "each"))) return std::nullopt;
    // "the Sunday Times"
    if (i > 0 && word(i - 1, "the") && word(i + 1) && t_[i + 1].cap && !month_from_name(t_[i + 1].lower))
      return std::nullopt;
    // a full date after the weekday
    std::size_t j = i + 1;
    if (punct(j, ",")) ++j;
    if (auto m = month_led(j, true)) {
      m->first_tok = i;
      return m;
    }
    if (auto m = day_led(j)) {
      m->first_tok = i;
      return m;
    }
    if (word(i + 1, "next")) return with_future(day_match(i, i + 2, relative_weekday(wd, 1, ref_)), true);
    if (future_context(i)) {
      const Date d = nearest_weekday(wd, true, ref_);
      return with_future(day_match(i, i + 1, d), ref_ < d);
    }
    return day_match(i, i + 1, nearest_weekday(wd, false, ref_));
  }

  // November 27, 2024 · Nov. 27 · November 27-28 · December 2024 · in March
  std::optional<Match> month_led(std::size_t i, bool after_weekday = false) {
    std::size_t j = 0;
    const int mo = month_at(i, true, j);
    if (!mo) return std::nullopt;
    if (!after_weekday && name_before(i)) return std::nullopt;
    const bool full = is_full_month_name(t_[i].lower, mo);
    // Month Day [,] Year
    if (const auto d = read_month_day_year(Words{*this}, i)) {
      if (d->has_year) return day_match(i, d->end, Date{d->year, mo, d->day});
      return inferred_day(i, d->end, mo, d->day);
    }
    // Month DayRange [Year]
    if (j < t_.size() && t_[j].kind == Tk::kNum && t_[j].shape == Tk::kDayRange)
      return day_range(i, j + 1, mo, t_[j].range_a, t_[j].range_b);
    if (after_weekday) return std::nullopt;
    // Month [,] Year
    if (const auto d = read_month_year(Words{*this}, i)) return month_match(i, d->end, d->year, mo);
    // a month alone, after a cue
    if ((full || expr_) && cued(i, false)) {
      if (const auto given = year_after(j)) return month_match(i, given->second, given->first, mo);
      const bool forward = future_context(i);
      const auto [y, m] = month_without_year(mo, forward);
      return with_future(month_match(i, j, y, m), ref_ < month_start(y, m));
    }
    return std::nullopt;
  }

  // The year of a date written without one, when the words after it give it: "May 30 next year",
  // "in March last year" (absorbed: the second is the token after them), or a later date of the
  // same list that has one: "between April and June 1995", "March 31 and May 31, 1996" (not
  // absorbed).
  std::optional<std::pair<int, std::size_t>> year_after(std::size_t j) const {
    if (punct(j, ",") && (word(j + 1, "last") || word(j + 1, "this") || word(j + 1, "next")) && word(j + 2, "year"))
      ++j;
    if ((word(j, "last") || word(j, "this") || word(j, "next")) && word(j + 1, "year")) {
      const int dir = word(j, "last") ? -1 : word(j, "next") ? 1 : 0;
      return std::pair{ref_.year + dir, j + 2};
    }
    if (!(word(j, "and") || word(j, "to") || word(j, "through") || word(j, "until") || word(j, "or") || dash(j)))
      return std::nullopt;
    std::size_t k = j + 1, next = 0;
    if (day_at(k)) ++k;
    if (!month_at(k, true, next)) return std::nullopt;
    k = next;
    if (day_at(k)) ++k;
    if (punct(k, ",")) ++k;
    if (const int y = year_at(k)) return std::pair{y, j};
    return std::nullopt;
  }

  std::optional<Match> inferred_day(std::size_t a, std::size_t b, int month, int day) const {
    if (const auto given = year_after(b)) {
      const Date d{given->first, month, day};
      if (!d.valid()) return std::nullopt;
      return with_future(day_match(a, given->second, d), ref_ < d);
    }
    const bool forward = future_context(a);
    const Date d = day_without_year(month, day, forward);
    if (!d.valid()) return std::nullopt;
    return with_future(day_match(a, b, d), ref_ < d);
  }

  // 27-28 November [2024], November 27-28 [, 2024]
  std::optional<Match> day_range(std::size_t a, std::size_t b, int month, int d1, int d2) const {
    if (d1 < 1 || d2 > 31 || d1 >= d2) return std::nullopt;
    std::size_t k = b;
    if (punct(k, ",")) ++k;
    int y = year_at(k);
    if (y) {
      b = k + 1;
    } else {
      const Date first = day_without_year(month, d1, future_context(a));
      if (!first.valid()) return std::nullopt;
      y = first.year;
    }
    const Date first{y, month, d1}, last{y, month, d2};
    if (!first.valid() || !last.valid()) return std::nullopt;
    Match m = span_match(a, b, first, last, Precision::kRange);
    m.future = ref_ < first;
    return m;
  }

  // 27 November 2024 · 27th of November · 07-Dec-2024 · 27-28 November
  std::optional<Match> day_led(std::size_t i) {
    if (i >= t_.size() || t_[i].kind != Tk::kNum) return std::nullopt;
    if (t_[i].shape == Tk::kDayRange) {
      std::size_t j = 0;
      if (const int mo = month_at(i + 1, true, j)) return day_range(i, j, mo, t_[i].range_a, t_[i].range_b);
      return std::nullopt;
    }
    const int day = day_at(i);
    if (!day) return std::nullopt;
    // 27 – 28 November (a spaced dash)
    if (dash(i + 1) && day_at(i + 2)) {
      std::size_t j = 0;
      if (const int mo = month_at(i + 3, true, j)) return day_range(i, j, mo, day, day_at(i + 2));
    }
    const auto d = read_day_month_year(Words{*this}, i);
    if (!d) return std::nullopt;
    if (d->has_year) return day_match(i, d->end, Date{d->year, d->month, day});
    return inferred_day(i, d->end, d->month, day);
  }

  // Dates that start with a number: day-month forms, ISO and numeric dates, cued years.
  std::optional<Match> number_led(std::size_t i) {
    if (i >= t_.size() || t_[i].kind != Tk::kNum) return std::nullopt;
    const Tk& t = t_[i];
    if (t.shape == Tk::kIso || t.shape == Tk::kNumericDate) return day_match(i, i + 1, t.date);
    if (t.shape == Tk::kYearMonth && expr_) return month_match(i, i + 1, t.date.year, t.date.month);
    if (auto m = day_led(i)) return m;
    if (t.shape != Tk::kInt || t.digits != 4 || t.ordinal) return std::nullopt;
    if (before_christ(i + 1)) return std::nullopt;  // "since 1750 BC" is not 1750
    const int y = t.value;
    if (expr_) return year_match(i, i + 1, y);
    if (y < 1700 || y > 2199 || !cued(i, true)) return std::nullopt;
    // "in 1500 homes", "by 2000 fighters", "in 2011%": quantities
    if (word(i + 1) && one_of(t_[i + 1].lower, kCountWords)) return std::nullopt;
    if (punct(i + 1, "%")) return std::nullopt;
    return year_match(i, i + 1, y);
  }

  EventDate to_event(const Match& m) const {
    EventDate e;
    e.first = m.first;
    e.last = m.last;
    e.precision = m.precision;
    e.begin = t_[m.first_tok].begin;
    e.end = t_[m.end_tok - 1].end;
    e.text = std::string(text_.substr(e.begin, e.end - e.begin));
    return e;
  }

  std::string_view text_;
  Date ref_;
  const EventDateOptions& options_;
  bool expr_;
  std::vector<Tk> t_;
  std::size_t last_end_ = 0;  // token after the last date found (lists: "in 2011 and 2012")
};

}  // namespace

std::string EventDate::iso() const {
  char buf[16];
  switch (precision) {
    case Precision::kDay:
      if (first == last) return first.iso();
      break;
    case Precision::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", first.year, first.month);
      return buf;
    case Precision::kYear:
      std::snprintf(buf, sizeof buf, "%04d", first.year);
      return buf;
    case Precision::kWeek:
    case Precision::kRange:
      break;
  }
  return first.iso() + ".." + last.iso();
}

std::vector<EventDate> extract_event_dates(std::string_view text, const Date& published,
                                           const EventDateOptions& options) {
  if (!published.valid()) return {};
  Extractor x(text, published, options, false);
  return x.all();
}

std::optional<EventDate> parse_date_expression(std::string_view words, const Date& reference,
                                               const EventDateOptions& options) {
  if (!reference.valid()) return std::nullopt;
  Extractor x(words, reference, options, true);
  return x.whole();
}

}  // namespace sitrep
