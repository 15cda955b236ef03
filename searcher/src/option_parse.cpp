// sitrep: search options written as words (see option_parse.h).
#include "sitrep/option_parse.h"

#include <algorithm>

#include "sitrep/language.h"
#include "sitrep/schema.h"

namespace sitrep {
namespace {

template <typename T>
struct Choice {
  std::string_view word;
  T value;
};

using Sort = SearchOptions::Sort;
using Interval = SearchOptions::Interval;
using Field = SearchOptions::HistogramField;

constexpr Choice<Sort> kSorts[] = {{"relevance", Sort::kRelevance}, {"newest", Sort::kNewest}, {"oldest", Sort::kOldest}};
constexpr Choice<Interval> kIntervals[] = {{"auto", Interval::kAuto},   {"day", Interval::kDay},
                                           {"week", Interval::kWeek},   {"month", Interval::kMonth},
                                           {"year", Interval::kYear},   {"none", Interval::kNone}};
constexpr Choice<Field> kFields[] = {{"published", Field::kPublished}, {"event", Field::kEvent}};

template <typename T, std::size_t N>
std::optional<T> parse(const Choice<T> (&choices)[N], std::string_view word) {
  for (const auto& c : choices)
    if (c.word == word) return c.value;
  return std::nullopt;
}

// "a, b or c"
template <typename T, std::size_t N>
std::string listed(const Choice<T> (&choices)[N]) {
  std::string out;
  for (std::size_t k = 0; k < N; ++k) {
    if (k > 0) out += k + 1 == N ? " or " : ", ";
    out += choices[k].word;
  }
  return out;
}

}  // namespace

std::optional<SearchOptions::Sort> parse_sort(std::string_view word) { return parse(kSorts, word); }
std::string sort_choices() { return listed(kSorts); }
std::optional<SearchOptions::Interval> parse_interval(std::string_view word) { return parse(kIntervals, word); }
std::string interval_choices() { return listed(kIntervals); }
std::optional<SearchOptions::HistogramField> parse_histogram_field(std::string_view word) {
  return parse(kFields, word);
}
std::string histogram_field_choices() { return listed(kFields); }

std::optional<std::string> parse_prefer_lang(std::string_view word) {
  if (word.empty() || word == "auto") return std::string("auto");
  if (word == "none") return std::string("none");
  if (const LanguageInfo* l = language_info(word); l && word.find_first_of(" \t") == std::string_view::npos)
    return std::string(l->code);
  return std::nullopt;
}

std::string prefer_lang_choices() {
  std::string out = "auto, none or a language code:";
  for (const auto& l : known_languages()) out += std::string(out.back() == ':' ? " " : ", ") + l.code;
  return out;
}

std::optional<std::pair<std::string, std::string>> parse_facet(std::string_view arg, char sep) {
  const auto at = arg.find(sep);
  if (at == std::string_view::npos || at == 0 || at + 1 == arg.size()) return std::nullopt;
  return std::pair<std::string, std::string>(arg.substr(0, at), arg.substr(at + 1));
}

Result<std::string> like_field(std::string_view id) {
  if (id.empty()) return Status::invalid_argument("give the id of an article");
  if (id.size() > schema::kMaxIdBytes ||
      std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '"'; }))
    return Status::invalid_argument("not an article id: '" + std::string(id.substr(0, 80)) + "'");
  return "like:\"" + std::string(id) + "\"";
}

}  // namespace sitrep
