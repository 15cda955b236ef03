#include "sitrep/date_parse.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <vector>

namespace sitrep {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

int to_int(std::string_view s) noexcept {
  int v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() ? v : -1;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

std::string shown(std::string_view value) {
  constexpr std::size_t kMax = 100;
  if (value.size() <= kMax) return std::string(value);
  return std::string(value.substr(0, kMax)) + "...";
}

Status unrecognised(std::string_view value, std::string_view why = {}) {
  std::string msg = "unrecognised date '" + shown(value) + "'";
  if (!why.empty()) msg += ": " + std::string(why);
  return Status::parse_error(std::move(msg));
}

// Zone abbreviations and their offsets in minutes. Only unambiguous ones: IST (India, Israel,
// Ireland) and AST (Atlantic, Arabia) are left out on purpose.
struct NamedZone {
  const char* name;
  int minutes;
};
constexpr std::array<NamedZone, 24> kZones = {
    {{"z", 0},       {"ut", 0},      {"utc", 0},    {"gmt", 0},    {"est", -300}, {"edt", -240},
     {"cst", -360},  {"cdt", -300},  {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
     {"akst", -540}, {"akdt", -480}, {"hst", -600}, {"wet", 0},    {"west", 60},  {"bst", 60},
     {"cet", 60},    {"cest", 120},  {"eet", 120},  {"eest", 180}, {"msk", 180},  {"zulu", 0}}};

std::optional<int> zone_from_name(std::string_view lowered) noexcept {
  for (const auto& z : kZones)
    if (lowered == z.name) return z.minutes;
  return std::nullopt;
}

// --- tokens of a publication date --------------------------------------------------------------

struct Tok {
  enum Kind { kNum, kChunk, kTime, kWord, kPunct } kind = kPunct;
  std::string text;                // digits, the lower-cased word, or the punctuation character
  std::vector<std::string> parts;  // kChunk: the numbers; kTime: hour, minute[, second]
  char sep = 0;                    // kChunk: the separator ('/', '-', '.')
  std::string frac;                // kTime: digits of the fraction of a second
  bool ordinal = false;            // kNum followed by st, nd, rd, th
  bool dot = false;                // kWord followed by '.' ("Dec.", "a.m.")
};

std::size_t scan_digits(std::string_view s, std::size_t i) noexcept {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

bool digit_at(std::string_view s, std::size_t i) noexcept { return i < s.size() && is_digit(s[i]); }

std::optional<std::vector<Tok>> tokenize(std::string_view s) {
  std::vector<Tok> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Tok t;
    if (is_digit(c)) {
      std::size_t j = scan_digits(s, i);
      const std::string first(s.substr(i, j - i));
      if (j < s.size() && s[j] == ':' && digit_at(s, j + 1)) {
        t.kind = Tok::kTime;
        t.parts.push_back(first);
        while (t.parts.size() < 3 && j < s.size() && s[j] == ':' && digit_at(s, j + 1)) {
          const std::size_t k = scan_digits(s, j + 1);
          t.parts.emplace_back(s.substr(j + 1, k - j - 1));
          j = k;
        }
        if (j < s.size() && (s[j] == '.' || s[j] == ',') && digit_at(s, j + 1)) {
          const std::size_t k = scan_digits(s, j + 1);
          t.frac = std::string(s.substr(j + 1, k - j - 1));
          j = k;
        }
      } else if (j < s.size() && (s[j] == '/' || s[j] == '-' || s[j] == '.') && digit_at(s, j + 1)) {
        t.kind = Tok::kChunk;
        t.sep = s[j];
        t.parts.push_back(first);
        while (j < s.size() && s[j] == t.sep && digit_at(s, j + 1)) {
          const std::size_t k = scan_digits(s, j + 1);
          t.parts.emplace_back(s.substr(j + 1, k - j - 1));
          j = k;
        }
      } else {
        t.kind = Tok::kNum;
        t.text = first;
        if (j + 1 < s.size() && is_alpha(s[j]) && is_alpha(s[j + 1]) && (j + 2 >= s.size() || !is_alpha(s[j + 2]))) {
          const std::string suf{lower(s[j]), lower(s[j + 1])};
          if (is_ordinal_suffix(suf)) {
            t.ordinal = true;
            j += 2;
          }
        }
      }
      i = j;
    } else if (is_alpha(c)) {
      std::size_t j = i;
      while (j < s.size() && is_alpha(s[j])) t.text.push_back(lower(s[j++]));
      t.kind = Tok::kWord;
      if (j < s.size() && s[j] == '.') {
        t.dot = true;
        ++j;
      }
      i = j;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      t.kind = Tok::kPunct;
      t.text = std::string(1, c);
      ++i;
    } else {
      return std::nullopt;  // no non-ASCII characters in the supported forms
    }
    out.push_back(std::move(t));
  }
  return out;
}

// --- pieces ------------------------------------------------------------------------------------

struct TimeParse {
  std::optional<TimeOfDay> time;  // empty when the time was broken (and dropped)
  bool broken = false;
};

// A time token's numbers; broken when they are out of range (the shape was a time).
TimeParse read_time(const std::vector<std::string>& parts, const std::string& frac) {
  TimeParse r;
  TimeOfDay t;
  bool ok = parts.size() >= 2 && parts[0].size() <= 2 && parts[1].size() == 2;
  if (ok) {
    t.hour = to_int(parts[0]);
    t.minute = to_int(parts[1]);
    if (parts.size() > 2) {
      ok = parts[2].size() == 2;
      t.second = to_int(parts[2]);
    }
  }
  if (!frac.empty()) {
    std::string ms = frac.substr(0, 3);
    while (ms.size() < 3) ms.push_back('0');
    t.millisecond = to_int(ms);
    if (parts.size() < 3) ok = false;
  }
  const bool end_of_day = t.hour == 24 && t.minute == 0 && t.second == 0 && t.millisecond == 0;
  if (!ok || (t.hour > 23 && !end_of_day) || t.minute > 59 || t.second > 60) {
    r.broken = true;
    return r;
  }
  r.time = t;
  return r;
}

DateTime make_datetime(Date local, std::optional<TimeOfDay> time, std::optional<int> offset) {
  if (time && time->hour == 24) {  // 24:00:00 is the end of the day: the next day's midnight
    local = local.add_days(1);
    time->hour = 0;
  }
  DateTime dt;
  dt.local_date = local;
  dt.date = local;
  dt.time = time;
  dt.utc_offset_minutes = offset;
  if (time && offset) {
    std::int64_t minutes = time->hour * 60 + time->minute - *offset;
    const std::int64_t shift = floor_div(minutes, 1440);
    minutes -= shift * 1440;
    dt.date = local.add_days(shift);
    dt.time->hour = static_cast<int>(minutes / 60);
    dt.time->minute = static_cast<int>(minutes % 60);
  }
  return dt;
}

// "+hh:mm", "+hhmm", "+hh" after the sign; minutes or nullopt.
std::optional<int> offset_digits(std::string_view hh, std::string_view mm, int sign) {
  if (hh.size() != 2 || (!mm.empty() && mm.size() != 2)) return std::nullopt;
  const int h = to_int(hh), m = mm.empty() ? 0 : to_int(mm);
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return sign * (h * 60 + m);
}

// --- ISO 8601 ----------------------------------------------------------------------------------

Result<DateTime> parse_iso(std::string_view v) {
  auto d = parse_iso_date(v.substr(0, 10));
  if (!d) {
    if (v.size() >= 10 && v[4] == '-' && v[7] == '-' && is_digit(v[5]) && is_digit(v[6]) && is_digit(v[8]) &&
        is_digit(v[9]) && (v.size() == 10 || !is_digit(v[10])))
      return unrecognised(v, "no such day");
    return unrecognised(v);
  }
  std::size_t i = 10;
  if (i == v.size()) return make_datetime(*d, std::nullopt, std::nullopt);
  if (v[i] != 'T' && v[i] != 't' && v[i] != ' ') return unrecognised(v);
  ++i;
  while (i < v.size() && v[i] == ' ') ++i;
  // hh:mm[:ss[.fff]]
  std::vector<std::string> parts;
  std::string frac;
  std::size_t j = scan_digits(v, i);
  if (j == i) return unrecognised(v);
  parts.emplace_back(v.substr(i, j - i));
  while (parts.size() < 3 && j < v.size() && v[j] == ':' && digit_at(v, j + 1)) {
    const std::size_t k = scan_digits(v, j + 1);
    parts.emplace_back(v.substr(j + 1, k - j - 1));
    j = k;
  }
  if (parts.size() < 2) return unrecognised(v);
  if (j < v.size() && (v[j] == '.' || v[j] == ',') && digit_at(v, j + 1)) {
    const std::size_t k = scan_digits(v, j + 1);
    frac = std::string(v.substr(j + 1, k - j - 1));
    j = k;
  }
  const TimeParse tp = read_time(parts, frac);
  if (tp.broken) return unrecognised(v, "bad time of day");
  i = j;
  while (i < v.size() && v[i] == ' ') ++i;
  std::optional<int> offset;
  if (i < v.size()) {
    std::string_view z = v.substr(i);
    if (z == "Z" || z == "z") {
      offset = 0;
    } else if (z[0] == '+' || z[0] == '-') {
      const int sign = z[0] == '-' ? -1 : 1;
      z.remove_prefix(1);
      if (z.size() == 5 && z[2] == ':')
        offset = offset_digits(z.substr(0, 2), z.substr(3, 2), sign);
      else if (z.size() == 4 && scan_digits(z, 0) == 4)
        offset = offset_digits(z.substr(0, 2), z.substr(2, 2), sign);
      else if (z.size() == 2 && scan_digits(z, 0) == 2)
        offset = offset_digits(z, {}, sign);
    } else {
      std::string w;
      for (char c : z) w.push_back(lower(c));
      offset = zone_from_name(w);
    }
    if (!offset) return unrecognised(v, "bad time zone");
  }
  return make_datetime(*d, tp.time, offset);
}

// --- the other forms ---------------------------------------------------------------------------

class FormParser {
 public:
  FormParser(std::string_view value, std::vector<Tok> toks, const DateParseOptions& options)
      : value_(value), t_(std::move(toks)), options_(options) {}

  Result<DateTime> parse() {
    // [Weekday [,]]
    if (word_at(p_) && weekday_from_name(t_[p_].text) >= 0) {
      ++p_;
      if (punct_at(p_, ',')) ++p_;
    }
    std::optional<Date> d;
    if (auto st = date_part(d); !st) return st;
    if (!d) return unrecognised(value_);
    // [,] [at] time [am|pm] [zone]
    if (!time_ && p_ < t_.size()) {
      const std::size_t save = p_;
      if (punct_at(p_, ',')) ++p_;
      if (word_at(p_) && t_[p_].text == "at") ++p_;
      if (p_ < t_.size() && t_[p_].kind == Tok::kTime) {
        time_part();
      } else {
        p_ = save;
      }
    }
    // an RFC 2822 comment: "(UTC)"
    if (punct_at(p_, '(')) {
      while (p_ < t_.size() && !punct_at(p_, ')')) ++p_;
      if (p_ == t_.size()) return unrecognised(value_);
      ++p_;
    }
    if (p_ != t_.size()) return unrecognised(value_);
    if (broken_time_) {
      // Reuters-21578 has one value with a broken time, "31-MAR-1987 605:12:19.12": the date is
      // sound, so it is kept; the time (and any zone after it) is dropped.
      return make_datetime(*d, std::nullopt, std::nullopt);
    }
    return make_datetime(*d, time_, offset_);
  }

 private:
  bool word_at(std::size_t i) const { return i < t_.size() && t_[i].kind == Tok::kWord; }
  bool punct_at(std::size_t i, char c) const {
    return i < t_.size() && t_[i].kind == Tok::kPunct && t_[i].text[0] == c;
  }
  bool num_at(std::size_t i) const { return i < t_.size() && t_[i].kind == Tok::kNum; }
  int month_at(std::size_t i) const { return word_at(i) ? month_from_name(t_[i].text) : 0; }
  // A day number: one or two digits, maybe an ordinal.
  int day_at(std::size_t i) const {
    if (!num_at(i) || t_[i].text.size() > 2) return 0;
    return to_int(t_[i].text);
  }

  Status invalid_day() const { return unrecognised(value_, "no such day"); }

  // The tokens as the date grammar's readers see them (date_grammar.h).
  struct Words {
    const FormParser& p;
    int day(std::size_t i) const { return p.day_at(i); }
    int month(std::size_t i, std::size_t& next) const {
      next = i + 1;
      return p.month_at(i);
    }
    // Four digits; two in the day-month-year form only (RFC 2822 obsolete years: 00-49 -> 20xx).
    std::optional<int> year(std::size_t i, DateGap form) const {
      if (!p.num_at(i) || p.t_[i].ordinal) return std::nullopt;
      const std::string& n = p.t_[i].text;
      if (n.size() == 2 && form == DateGap::kDayMonthYear) {
        const int y = to_int(n);
        return y + (y < 50 ? 2000 : 1900);
      }
      if (n.size() != 4) return std::nullopt;
      return to_int(n);
    }
    std::size_t gap(std::size_t i, DateGap g, std::size_t) const {
      bool skip = false;
      switch (g) {
        case DateGap::kDayMonth:  // 7-Dec, 7/Dec, 7.Dec, 7th of December
          skip = p.punct_at(i, '-') || p.punct_at(i, '/') || p.punct_at(i, '.') ||
                 (p.word_at(i) && p.t_[i].text == "of");
          break;
        case DateGap::kDayMonthYear:  // Dec-2024, Dec/2024, Dec, 2024, Dec. 2024
          skip = p.punct_at(i, '-') || p.punct_at(i, '/') || p.punct_at(i, ',') || p.punct_at(i, '.');
          break;
        case DateGap::kMonthDay:  // Dec. 7
          skip = p.punct_at(i, '.');
          break;
        case DateGap::kMonthDayYear:  // December 7, 2024
          skip = p.punct_at(i, ',');
          break;
        case DateGap::kMonthYear:
          break;
      }
      return skip ? i + 1 : i;
    }
  };

  // Fills d (or leaves it empty when no form matches); an error for ambiguous or impossible days.
  Status date_part(std::optional<Date>& d) {
    const std::size_t start = p_;
    const Words words{*this};
    // Day [sep|of] Month [sep] Year: 7 December 2024, 07-Dec-2024, 26-FEB-1987, 7th of December 2024
    if (const auto w = read_day_month_year(words, p_); w && w->has_year) {
      p_ = w->end;
      return set_day(d, w->year, w->month, w->day);
    }
    // Month [.] Day [,] Year, or asctime's Month Day Time Year
    if (const auto w = read_month_day_year(words, p_)) {
      if (w->has_year) {
        p_ = w->end;
        return set_day(d, w->year, w->month, w->day);
      }
      std::size_t i = w->end;
      if (punct_at(i, ',')) ++i;
      if (i < t_.size() && t_[i].kind == Tok::kTime && num_at(i + 1) && t_[i + 1].text.size() == 4) {
        p_ = i;
        time_part();
        if (num_at(p_) && t_[p_].text.size() == 4) {
          const int year = to_int(t_[p_].text);
          ++p_;
          return set_day(d, year, w->month, w->day);
        }
        p_ = start;
        return Status();
      }
    }
    // Numeric: 07/12/2024, 7.12.2024, 2024/12/07
    if (p_ < t_.size() && t_[p_].kind == Tok::kChunk && t_[p_].parts.size() == 3) {
      const auto& parts = t_[p_].parts;
      ++p_;
      if (parts[0].size() == 4 && parts[1].size() <= 2 && parts[2].size() <= 2)
        return set_day(d, to_int(parts[0]), to_int(parts[1]), to_int(parts[2]));
      if (parts[2].size() != 4 || parts[0].size() > 2 || parts[1].size() > 2) {
        p_ = start;
        return Status();
      }
      const int a = to_int(parts[0]), b = to_int(parts[1]), y = to_int(parts[2]);
      const Date dmy{y, b, a}, mdy{y, a, b};
      switch (options_.order) {
        case DateOrder::kDMY:
          return set_day(d, y, b, a);
        case DateOrder::kMDY:
          return set_day(d, y, a, b);
        case DateOrder::kYMD:
        case DateOrder::kUnspecified:
          break;
      }
      if (dmy.valid() && mdy.valid() && dmy != mdy)
        return Status::parse_error("ambiguous date '" + shown(value_) +
                                   "': day and month can be read either way; give the order "
                                   "(day-month-year or month-day-year)");
      if (dmy.valid()) return set_day(d, y, b, a);
      if (mdy.valid()) return set_day(d, y, a, b);
      return invalid_day();
    }
    return Status();
  }

  Status set_day(std::optional<Date>& d, int year, int month, int day) const {
    const Date x{year, month, day};
    if (!x.valid()) return invalid_day();
    d = x;
    return Status();
  }

  // At a kTime token: the time, then [am|pm], then [zone].
  void time_part() {
    const TimeParse tp = read_time(t_[p_].parts, t_[p_].frac);
    ++p_;
    broken_time_ = tp.broken;
    time_ = tp.time;
    // am / pm / a.m. / p.m.
    std::optional<bool> pm;
    if (word_at(p_) && (t_[p_].text == "am" || t_[p_].text == "pm")) {
      pm = t_[p_].text == "pm";
      ++p_;
    } else if (word_at(p_) && (t_[p_].text == "a" || t_[p_].text == "p") && t_[p_].dot && word_at(p_ + 1) &&
               t_[p_ + 1].text == "m") {
      pm = t_[p_].text == "p";
      p_ += 2;
    }
    if (pm && time_) {
      if (time_->hour < 1 || time_->hour > 12) {
        broken_time_ = true;
      } else {
        time_->hour = time_->hour % 12 + (*pm ? 12 : 0);
      }
    }
    zone_part();
  }

  void zone_part() {
    if (word_at(p_)) {
      if (auto z = zone_from_name(t_[p_].text)) {
        offset_ = z;
        ++p_;
        if ((t_[p_ - 1].text == "gmt" || t_[p_ - 1].text == "utc") && (punct_at(p_, '+') || punct_at(p_, '-'))) {
          const std::size_t save = p_;
          if (auto o = signed_offset(true)) {
            offset_ = o;
          } else {
            p_ = save;
          }
        }
      }
      return;
    }
    if (punct_at(p_, '+') || punct_at(p_, '-')) {
      const std::size_t save = p_;
      if (auto o = signed_offset(false)) {
        offset_ = o;
      } else {
        p_ = save;
      }
    }
  }

  // At '+' or '-': +0200, +02:00, +02, and after GMT/UTC also +2.
  std::optional<int> signed_offset(bool short_hours) {
    const int sign = punct_at(p_, '-') ? -1 : 1;
    ++p_;
    if (num_at(p_)) {
      const std::string& n = t_[p_].text;
      ++p_;
      if (n.size() == 4) return offset_digits(std::string_view(n).substr(0, 2), std::string_view(n).substr(2), sign);
      if (n.size() == 2) return offset_digits(n, {}, sign);
      if (n.size() == 1 && short_hours) return offset_digits("0" + n, {}, sign);
      return std::nullopt;
    }
    if (p_ < t_.size() && t_[p_].kind == Tok::kTime && t_[p_].parts.size() == 2 && t_[p_].frac.empty()) {
      const auto& parts = t_[p_].parts;
      ++p_;
      return offset_digits(parts[0], parts[1], sign);
    }
    return std::nullopt;
  }

  std::string_view value_;
  std::vector<Tok> t_;
  const DateParseOptions& options_;
  std::size_t p_ = 0;
  std::optional<TimeOfDay> time_;
  std::optional<int> offset_;
  bool broken_time_ = false;
};

bool starts_iso(std::string_view v) {
  return v.size() >= 10 && scan_digits(v, 0) == 4 && v[4] == '-' && is_digit(v[5]);
}

}  // namespace

std::string TimeOfDay::iso() const {
  char buf[32];
  if (millisecond)
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%03d", hour, minute, second, millisecond);
  else
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", hour, minute, second);
  return buf;
}

std::string DateTime::iso() const {
  std::string s = date.iso();
  if (time) {
    s += 'T';
    s += time->iso();
    if (zoned()) s += 'Z';
  }
  return s;
}

Result<DateTime> parse_publication_date(std::string_view value, const DateParseOptions& options) {
  std::string_view v = value;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n' || v.front() == '\r'))
    v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' || v.back() == '\r'))
    v.remove_suffix(1);
  if (v.empty() || v.size() > 200) return unrecognised(v);
  if (starts_iso(v)) {
    auto r = parse_iso(v);
    // 2024-12-07 is ISO; anything else beginning with four digits and a dash is not a date.
    return r;
  }
  auto toks = tokenize(v);
  if (!toks || toks->empty()) return unrecognised(v);
  FormParser parser(v, std::move(*toks), options);
  return parser.parse();
}

}  // namespace sitrep
