#include "gen_corpus.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "corpus_readers.h"
#include "reuters.h"
#include "sitrep/date.h"
#include "sitrep/gazetteer.h"

namespace sitrep::corpora {
namespace {

namespace fs = std::filesystem;

// ---- randomness: SplitMix64, the same on every platform and standard library ------------------

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return mix64(state_ += 0x9E3779B97F4A7C15ULL); }
  // Uniform in [0, n) (n > 0; the modulo bias is below 2^-40 for the sizes used here).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  template <typename V>
  const auto& pick(const V& v) {
    return v[below(v.size())];
  }

 private:
  std::uint64_t state_;
};

// ---- text helpers ------------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Latin script only (ASCII and U+0080..U+024F): the corpora are English, other scripts never match.
bool latin(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 && !(c >= 0x80 && c <= 0xBF) && !(c >= 0xC2 && c <= 0xC9)) return false;
  return true;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  while (true) {
    const std::size_t e = s.find(sep, b);
    out.push_back(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  return out;
}

// The data lines of a TSV file ('#' comments and blank lines skipped), each split at tabs.
Result<std::vector<std::vector<std::string>>> read_tsv(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path.string() + ": cannot open");
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> row;
    for (auto f : split(line, '\t')) row.emplace_back(f);
    rows.push_back(std::move(row));
  }
  if (in.bad()) return Status::io_error(path.string() + ": read error");
  return rows;
}

bool abbreviation(std::string_view word) {
  static const std::unordered_set<std::string_view> kAbbrev = {
      "Mr",  "Mrs", "Ms",  "Dr",  "Prof", "Gen", "Lt",   "Col", "Maj", "Capt", "Sgt", "Cpl", "Adm", "Gov",
      "Sen", "Rep", "Rev", "St",  "Sr",   "Jr",  "Inc",  "Corp", "Co", "Ltd",  "Bros", "No", "Nos", "vs",
      "Jan", "Feb", "Mar", "Apr", "Jun",  "Jul", "Aug",  "Sep", "Sept", "Oct", "Nov", "Dec", "Mt",  "Ft",
      "approx", "Dept", "Gov", "Messrs", "Pres", "Ave", "fig", "Fig", "pct"};
  while (!word.empty() && (word.front() == '"' || word.front() == '(' || word.front() == '\'')) word.remove_prefix(1);
  if (word.find('.') != std::string_view::npos) return true;  // U.S., a.m., S.A.
  if (word.size() == 1 && is_upper(word[0])) return true;     // initials: J. Smith
  return kAbbrev.contains(word);
}

// Copies s into out with every run of white space made one space.
std::string squeeze(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// A sentence worth reusing: prose of a reasonable length, not a table, not upper case.
bool good_sentence(std::string_view s) {
  if (s.size() < 30 || s.size() > 500) return false;
  if (!(is_upper(s[0]) || (s[0] == '"' && s.size() > 1 && is_upper(s[1])))) return false;
  const char last = s.back();
  const char before = s[s.size() - 2];
  if (!(last == '.' || last == '?' || last == '!' || (last == '"' && (before == '.' || before == '?' || before == '!'))))
    return false;
  if (s.find(" vs ") != std::string_view::npos || s.find("NOTE") != std::string_view::npos) return false;
  std::size_t words = 1, letters = 0, upper = 0, visible = 0, numeric_words = 0;
  bool digit_in_word = false;
  for (char c : s) {
    if (c == ' ') {
      ++words;
      numeric_words += digit_in_word;
      digit_in_word = false;
      continue;
    }
    ++visible;
    if (is_upper(c) || is_lower(c)) ++letters;
    if (is_upper(c)) ++upper;
    if (is_digit(c)) digit_in_word = true;
  }
  numeric_words += digit_in_word;
  if (words < 6 || words > 80) return false;
  if (numeric_words * 4 > words) return false;  // results tables, prices
  if (letters * 10 < visible * 7) return false;  // figures, tables
  if (upper * 10 > letters * 3) return false;    // upper-case wire copy
  return true;
}

// ---- the pool of sentences -------------------------------------------------------------------

enum Kind : std::uint8_t { kCountry, kDemonym, kPlace, kActor };

struct Slot {
  std::uint32_t begin, end;  // bytes within the sentence
  Kind kind;
};

struct Sentence {
  std::uint32_t offset, length;          // in the arena
  std::uint32_t slot_begin, slot_count;  // in the slot list
};

struct Corpus {
  std::vector<Sentence> sentences;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> docs;  // [first, end) sentence of each document
};

struct SvHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Country {
  std::string code, name;
  std::vector<std::string> aliases;
  std::string demonym;
  std::vector<std::uint32_t> places, actors;
};

struct Place {
  std::string name;
  std::vector<std::string> aliases;
};

struct Actor {
  std::string name;
  std::vector<std::string> aliases;
};

// Aliases worth writing in an article: Latin script, no parentheses, at least three bytes.
std::vector<std::string> usable_aliases(std::string_view list) {
  std::vector<std::string> out;
  if (list.empty()) return out;
  for (auto a : split(list, '|'))
    if (a.size() >= 3 && latin(a) && a.find('(') == std::string_view::npos) out.emplace_back(a);
  return out;
}

constexpr std::array<const char*, 12> kSources = {
    "Frontier Dispatch", "Crossroads Wire",  "Ridge Line Report", "Borderland Herald",
    "Desert Courier",    "Highland Gazette", "Delta Bulletin",    "Plains Observer",
    "Harbour Chronicle", "Valley Telegraph", "Northern Star Wire", "Riverside Monitor"};

constexpr std::array<const char*, 12> kMonthAbbrev = {"Jan", "Feb", "March", "April", "May",  "June",
                                                      "July", "Aug", "Sept", "Oct",  "Nov", "Dec"};

// Clauses added to a sentence before its final full stop ({A} actor, {P} place, {C} country,
// {D} demonym), and headlines. Written for sitrep.
constexpr std::array<const char*, 10> kClauses = {
    ", officials in {P} said",
    ", according to residents of {P}",
    ", a {D} security source said",
    ", witnesses in {P} said",
    ", the {C} government said",
    ", a local official in {P} told reporters",
    ", {A} said in a statement",
    ", as {A} fighters were reported near {P}",
    ", a spokesman for {A} told reporters",
    ", days after {A} moved reinforcements towards {P}"};

constexpr std::array<const char*, 16> kHeadlines = {
    "{A} fighters clash with troops near {P}",
    "{A} deploys reinforcements around {P}",
    "Shelling reported in {P} as tensions rise in {C}",
    "{C} signals ceasefire talks after fighting near {P}",
    "Civilians flee {P} after airstrikes",
    "{A} withdraws from positions outside {P}",
    "{D} forces capture villages near {P}",
    "Protests in {P} over security crackdown",
    "Aid convoy reaches {P} as fighting eases",
    "{A} accused of attack on checkpoint near {P}",
    "Drone strike hits {P}, {D} officials say",
    "{C} and {C2} trade blame over border incident",
    "Hostages freed near {P} after talks with {A}",
    "{D} army sends troops to {P}",
    "Displaced families return to {P}",
    "Talks on {P} truce stall as {A} holds ground"};

struct Theme {
  std::uint32_t primary = 0, secondary = 0;
  std::vector<std::uint32_t> places;  // place indices
  std::vector<std::uint32_t> actors;  // actor indices
};

}  // namespace

struct CorpusGenerator::Impl {
  GeneratorStats stats;
  std::string arena;
  std::vector<Slot> slots;
  Corpus reuters, fakes;
  std::vector<Sentence> titles;
  std::vector<Country> countries;
  std::vector<Place> places;
  std::vector<Actor> actors;
  std::vector<std::uint32_t> conflict_countries;  // with at least five curated places
  std::unordered_map<std::string, Kind, SvHash, std::equal_to<>> names;
  std::size_t max_name_words = 1;

  Status load_gazetteer(const fs::path& dir);
  void add_name(std::string_view name, Kind kind, const std::unordered_set<std::string>& common);
  // Appends a sentence (already squeezed) with its name slots to the arena.
  Sentence add_sentence(std::string_view s);
  void add_document(Corpus& corpus, const std::vector<std::string>& sentences, std::size_t skip_first);

  // Names written into one article.
  std::string country_name(const Theme& t, Rng& rng, bool secondary) const;
  std::string place_name(const Theme& t, Rng& rng) const;
  std::string actor_name(const Theme& t, Rng& rng) const;
  std::string demonym(const Theme& t) const;
  std::string fill(std::string_view pattern, const Theme& t, Rng& rng) const;
  void render(std::string& out, const Sentence& s, const Theme& t, Rng& rng) const;
  Theme theme(Rng& rng) const;
};

CorpusGenerator::CorpusGenerator() : impl_(std::make_unique<Impl>()) {}
CorpusGenerator::CorpusGenerator(CorpusGenerator&&) noexcept = default;
CorpusGenerator& CorpusGenerator::operator=(CorpusGenerator&&) noexcept = default;
CorpusGenerator::~CorpusGenerator() = default;

const GeneratorStats& CorpusGenerator::stats() const noexcept { return impl_->stats; }

void CorpusGenerator::Impl::add_name(std::string_view name, Kind kind, const std::unordered_set<std::string>& common) {
  if (name.size() < 3 || !latin(name)) return;
  if (!(is_upper(name[0]) || name.starts_with("al-"))) return;
  if (common.contains(lower_ascii(name))) return;  // Nice, Reading, March: words before names
  if (names.find(name) != names.end()) return;     // the first kind wins: actor, country, demonym, place
  names.emplace(std::string(name), kind);
  const auto words = static_cast<std::size_t>(std::count(name.begin(), name.end(), ' ')) + 1;
  max_name_words = std::max(max_name_words, std::min<std::size_t>(words, 6));
}

Status CorpusGenerator::Impl::load_gazetteer(const fs::path& dir) {
  std::unordered_set<std::string> common;
  if (auto rows = read_tsv(dir / "common-words.tsv"); rows)
    for (const auto& r : rows.value())
      if (!r.empty()) common.insert(lower_ascii(r[0]));

  auto country_rows = read_tsv(dir / "countries.tsv");  // code name aliases demonyms lat lon
  if (!country_rows) return country_rows.status();
  std::unordered_map<std::string, std::uint32_t> by_code;
  for (const auto& r : country_rows.value()) {
    if (r.size() < 4 || r[0].empty() || r[1].empty()) continue;
    Country c;
    c.code = r[0];
    c.name = r[1];
    c.aliases = usable_aliases(r[2]);
    const auto dem = usable_aliases(r[3]);
    if (!dem.empty()) c.demonym = dem.front();
    by_code.emplace(c.code, static_cast<std::uint32_t>(countries.size()));
    countries.push_back(std::move(c));
  }
  auto place_rows = read_tsv(dir / "places.tsv");  // id name aliases country region lat lon population kind
  if (!place_rows) return place_rows.status();
  for (const auto& r : place_rows.value()) {
    if (r.size() < 4 || r[1].empty() || !latin(r[1])) continue;
    auto c = by_code.find(r[3]);
    if (c == by_code.end()) continue;
    countries[c->second].places.push_back(static_cast<std::uint32_t>(places.size()));
    places.push_back({r[1], usable_aliases(r[2])});
  }
  auto actor_rows = read_tsv(dir / "actors.tsv");  // id name aliases kind countries
  if (!actor_rows) return actor_rows.status();
  for (const auto& r : actor_rows.value()) {
    if (r.size() < 2 || r[1].empty() || !latin(r[1])) continue;
    const auto index = static_cast<std::uint32_t>(actors.size());
    actors.push_back({r[1], r.size() > 2 ? usable_aliases(r[2]) : std::vector<std::string>{}});
    if (r.size() > 4 && !r[4].empty())
      for (auto code : split(r[4], '|'))
        if (auto c = by_code.find(std::string(code)); c != by_code.end()) countries[c->second].actors.push_back(index);
  }
  if (countries.empty() || places.empty() || actors.empty())
    return Status::parse_error(dir.string() + ": countries.tsv, places.tsv or actors.tsv holds no entry");
  for (std::uint32_t i = 0; i < countries.size(); ++i)
    if (countries[i].places.size() >= 5) conflict_countries.push_back(i);

  // Names to find in the sentences; the first kind wins.
  for (const auto& a : actors) {
    add_name(a.name, kActor, common);
    for (const auto& al : a.aliases) add_name(al, kActor, common);
  }
  for (std::size_t i = 0; i < countries.size(); ++i) {
    const auto& c = countries[i];
    add_name(c.name, kCountry, common);
    for (const auto& al : c.aliases) add_name(al, kCountry, common);
  }
  for (const auto& r : country_rows.value())
    if (r.size() >= 4)
      for (const auto& d : usable_aliases(r[3])) add_name(d, kDemonym, common);
  for (const auto& p : places) {
    add_name(p.name, kPlace, common);
    for (const auto& al : p.aliases) add_name(al, kPlace, common);
  }
  stats.countries = countries.size();
  stats.places = places.size();
  stats.actors = actors.size();
  return Status::ok();
}

Sentence CorpusGenerator::Impl::add_sentence(std::string_view s) {
  Sentence out{static_cast<std::uint32_t>(arena.size()), static_cast<std::uint32_t>(s.size()),
               static_cast<std::uint32_t>(slots.size()), 0};
  arena.append(s);
  // Words: runs of non-space bytes.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> words;
  for (std::size_t i = 0; i < s.size();) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) words.emplace_back(static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(i));
  }
  auto lead = [](char c) { return c == '"' || c == '(' || c == '\''; };
  auto trail = [](char c) {
    return c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"' || c == ')' || c == '\'';
  };
  for (std::size_t w = 0; w < words.size(); ++w) {
    std::size_t b0 = words[w].first;
    while (b0 < words[w].second && lead(s[b0])) ++b0;
    if (b0 >= words[w].second || !(is_upper(s[b0]) || s.substr(b0, 3) == "al-")) continue;
    const std::size_t longest = std::min(max_name_words, words.size() - w);
    for (std::size_t n = longest; n >= 1; --n) {
      std::size_t e0 = words[w + n - 1].second;
      while (e0 > b0 && trail(s[e0 - 1])) --e0;
      if (e0 >= b0 + 2 && s.substr(e0 - 2, 2) == "'s") e0 -= 2;  // possessive
      std::size_t found_end = 0;
      if (e0 > b0 && names.find(s.substr(b0, e0 - b0)) != names.end()) {
        found_end = e0;
      } else if (e0 > b0 + 1 && s[e0 - 1] == '.' && names.find(s.substr(b0, e0 - 1 - b0)) != names.end()) {
        found_end = e0 - 1;  // "Syria." at the end of a sentence
      }
      if (found_end) {
        slots.push_back({static_cast<std::uint32_t>(b0), static_cast<std::uint32_t>(found_end),
                         names.find(s.substr(b0, found_end - b0))->second});
        ++out.slot_count;
        w += n - 1;
        break;
      }
    }
  }
  stats.slots += out.slot_count;
  return out;
}

void CorpusGenerator::Impl::add_document(Corpus& corpus, const std::vector<std::string>& sentences,
                                         std::size_t skip_first) {
  const auto first = static_cast<std::uint32_t>(corpus.sentences.size());
  for (std::size_t i = skip_first; i < sentences.size(); ++i)
    if (good_sentence(sentences[i])) corpus.sentences.push_back(add_sentence(sentences[i]));
  const auto end = static_cast<std::uint32_t>(corpus.sentences.size());
  if (end > first) corpus.docs.emplace_back(first, end);
}

std::string CorpusGenerator::Impl::country_name(const Theme& t, Rng& rng, bool secondary) const {
  const Country& c = countries[secondary ? t.secondary : t.primary];
  if (!c.aliases.empty() && rng.chance(0.1)) return rng.pick(c.aliases);
  return c.name;
}

std::string CorpusGenerator::Impl::place_name(const Theme& t, Rng& rng) const {
  if (t.places.empty()) return countries[t.primary].name;
  const Place& p = places[rng.pick(t.places)];
  if (!p.aliases.empty() && rng.chance(0.12)) return rng.pick(p.aliases);
  return p.name;
}

std::string CorpusGenerator::Impl::actor_name(const Theme& t, Rng& rng) const {
  if (t.actors.empty()) return {};
  const Actor& a = actors[rng.pick(t.actors)];
  if (!a.aliases.empty() && rng.chance(0.12)) return rng.pick(a.aliases);
  return a.name;
}

std::string CorpusGenerator::Impl::demonym(const Theme& t) const {
  const Country& c = countries[t.primary];
  return c.demonym.empty() ? c.name : c.demonym;
}

std::string CorpusGenerator::Impl::fill(std::string_view pattern, const Theme& t, Rng& rng) const {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i++]);
      continue;
    }
    const std::size_t close = pattern.find('}', i);
    const std::string_view key = pattern.substr(i + 1, close - i - 1);
    if (key == "A")
      out += actor_name(t, rng);
    else if (key == "P")
      out += place_name(t, rng);
    else if (key == "C")
      out += country_name(t, rng, false);
    else if (key == "C2")
      out += country_name(t, rng, true);
    else if (key == "D")
      out += demonym(t);
    i = close + 1;
  }
  return out;
}

void CorpusGenerator::Impl::render(std::string& out, const Sentence& s, const Theme& t, Rng& rng) const {
  const std::string_view text(arena.data() + s.offset, s.length);
  std::size_t at = 0;
  for (std::uint32_t k = 0; k < s.slot_count; ++k) {
    const Slot& slot = slots[s.slot_begin + k];
    out.append(text.substr(at, slot.begin - at));
    at = slot.begin;
    std::string name;
    switch (slot.kind) {
      case kCountry:
        if (rng.chance(0.6)) name = country_name(t, rng, rng.chance(0.3));
        break;
      case kDemonym:
        if (rng.chance(0.9)) name = demonym(t);
        break;
      case kPlace:
        if (rng.chance(0.9)) name = place_name(t, rng);
        break;
      case kActor:
        if (rng.chance(0.9)) name = actor_name(t, rng);
        break;
    }
    if (!name.empty()) {
      out += name;
      at = slot.end;
    }
  }
  out.append(text.substr(at));
}

Theme CorpusGenerator::Impl::theme(Rng& rng) const {
  Theme t;
  const bool conflict = !conflict_countries.empty();
  t.primary = conflict && rng.chance(0.85) ? rng.pick(conflict_countries)
                                           : static_cast<std::uint32_t>(rng.below(countries.size()));
  t.secondary = conflict && rng.chance(0.6) ? rng.pick(conflict_countries)
                                            : static_cast<std::uint32_t>(rng.below(countries.size()));
  const Country& c = countries[t.primary];
  const auto& place_pool = !c.places.empty() ? c.places : countries[t.secondary].places;
  if (!place_pool.empty())
    for (std::size_t k = 1 + rng.below(4); k > 0; --k) t.places.push_back(rng.pick(place_pool));
  if (!c.actors.empty()) {
    for (std::size_t k = 1 + rng.below(2); k > 0; --k) t.actors.push_back(rng.pick(c.actors));
  } else if (rng.chance(0.4)) {
    t.actors.push_back(static_cast<std::uint32_t>(rng.below(actors.size())));
  }
  return t;
}

Result<CorpusGenerator> CorpusGenerator::create(const GeneratorOptions& options) {
  std::error_code ec;
  fs::path base = fs::path(options.shared_dir) / "corpora";
  if (!fs::is_directory(base / "reuters21578", ec) && fs::is_directory(fs::path(options.shared_dir) / "reuters21578", ec))
    base = options.shared_dir;
  const fs::path reuters_dir = base / "reuters21578";
  const fs::path fakes_file = base / "fakes" / "FA-KES-Dataset.csv";
  if (!fs::is_directory(reuters_dir, ec))
    return Status::not_found(reuters_dir.string() + ": no such directory (--shared names the folder holding corpora/)");
  if (!fs::exists(fakes_file, ec)) return Status::not_found(fakes_file.string() + ": no such file");

  CorpusGenerator g;
  Impl& im = *g.impl_;
  const std::string data_dir = options.data_dir.empty() ? Gazetteer::default_data_dir() : options.data_dir;
  if (auto st = im.load_gazetteer(data_dir); !st) return st;

  auto reuters = eval::read_reuters_dir(reuters_dir.string());
  if (!reuters) return reuters.status();
  for (const auto& d : reuters.value()) {
    if (d.body.empty()) continue;
    im.add_document(im.reuters, split_sentences(reuters_body(d.body)), 0);
  }
  im.stats.reuters_documents = im.reuters.docs.size();
  im.stats.reuters_sentences = im.reuters.sentences.size();

  auto fakes = load_fakes(fakes_file.string(), nullptr);
  if (!fakes) return fakes.status();
  for (const auto& a : fakes.value()) {
    // The first sentence repeats the date and the headline ("Wed 05 Apr 2017 Syria attack ...").
    im.add_document(im.fakes, split_sentences(a.text), 1);
    const std::string title = squeeze(a.title);
    if (title.size() >= 20 && latin(title)) im.titles.push_back(im.add_sentence(title));
  }
  im.stats.fakes_documents = im.fakes.docs.size();
  im.stats.fakes_sentences = im.fakes.sentences.size();
  im.stats.titles = im.titles.size();
  if (im.reuters.docs.empty() && im.fakes.docs.empty())
    return Status::parse_error(base.string() + ": no usable sentence in the corpora");
  std::string(im.arena).swap(im.arena);  // shrink
  return g;
}

void CorpusGenerator::append_article(std::string& out, std::uint64_t seed, std::uint64_t index,
                                     std::size_t bytes_per_article) const {
  const Impl& im = *impl_;
  Rng rng(mix64(seed ^ 0x5DEECE66DULL) ^ mix64(index + 0x2545F4914F6CDD1DULL));
  const Theme t = im.theme(rng);

  // Date, source, id, url.
  static const std::int64_t kFirst = Date{2000, 1, 1}.to_days();
  static const std::int64_t kLast = Date{2025, 12, 31}.to_days();
  const Date date = Date::from_days(kFirst + static_cast<std::int64_t>(rng.below(static_cast<std::size_t>(kLast - kFirst + 1))));
  const std::string source = kSources[rng.below(kSources.size())];
  std::string slug;
  for (char c : source) slug.push_back(c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::string number = std::to_string(index + 1);
  if (number.size() < 7) number.insert(0, 7 - number.size(), '0');
  const std::string id = "gen-" + std::to_string(seed) + "-" + number;
  char ymd[16];
  std::snprintf(ymd, sizeof ymd, "%04d/%02d/%02d", date.year, date.month, date.day);
  const std::string url = "https://example.org/" + slug + "/" + ymd + "/" + id;

  // Body: an optional dateline, then runs of consecutive sentences from one source article.
  std::string text;
  if (rng.chance(0.7)) {
    text = im.place_name(t, rng) + ", " + kMonthAbbrev[static_cast<std::size_t>(date.month - 1)] + " " +
           std::to_string(date.day) + " (" + source + ") - ";
  }
  const std::size_t body_start = text.size();

  // Title (a headline template of ours, an FA-KES headline, or the lead's first words).
  std::string title;
  const double title_kind = rng.unit();
  if (title_kind < 0.35 && !im.titles.empty()) {
    im.render(title, rng.pick(im.titles), t, rng);
  } else if (title_kind < 0.75) {
    std::string_view pattern = rng.pick(kHeadlines);
    while (t.actors.empty() && pattern.find("{A}") != std::string_view::npos) pattern = rng.pick(kHeadlines);
    title = im.fill(pattern, t, rng);
  }  // else: from the lead, below

  // The record's size is drawn first; the text gets what the other fields leave.
  const auto record_target =
      static_cast<std::size_t>(static_cast<double>(bytes_per_article) * (0.5 + rng.unit()));
  const std::size_t overhead = 90 + id.size() + url.size() + source.size() + title.size() + 12 /*date*/;
  const std::size_t target = record_target > overhead + 200 ? record_target - overhead : 200;

  std::size_t escaped = 0;  // bytes JSON escaping adds (line feeds, quotes)
  std::size_t in_paragraph = 0, paragraph_length = 2 + rng.below(3);
  std::string sentence;
  bool full = false;
  while (!full) {
    const bool from_fakes = !im.fakes.docs.empty() && (im.reuters.docs.empty() || rng.chance(0.4));
    const Corpus& c = from_fakes ? im.fakes : im.reuters;
    const auto [first, end] = c.docs[rng.below(c.docs.size())];
    const std::uint32_t start = first + static_cast<std::uint32_t>(rng.below(end - first));
    const std::uint32_t stop = std::min<std::uint32_t>(end, start + 1 + static_cast<std::uint32_t>(rng.below(5)));
    for (std::uint32_t k = start; k < stop; ++k) {
      sentence.clear();
      im.render(sentence, c.sentences[k], t, rng);
      // Now and then a clause naming the theme's places and actors.
      if (sentence.size() > 1 && sentence.back() == '.' && rng.chance(0.15)) {
        std::string_view clause = rng.pick(kClauses);
        while (t.actors.empty() && clause.find("{A}") != std::string_view::npos) clause = rng.pick(kClauses);
        sentence.insert(sentence.size() - 1, im.fill(clause, t, rng));
      }
      const std::size_t have = text.size() + escaped;
      if (text.size() > body_start && have + sentence.size() / 2 > target) {
        full = true;
        break;
      }
      if (text.size() > body_start) {
        if (++in_paragraph >= paragraph_length) {
          text += "\n\n";
          escaped += 2;
          in_paragraph = 0;
          paragraph_length = 2 + rng.below(3);
        } else {
          text += ' ';
        }
      }
      text += sentence;
      escaped += static_cast<std::size_t>(std::count(sentence.begin(), sentence.end(), '"'));
      if (text.size() + escaped >= target) {
        full = true;
        break;
      }
    }
  }

  if (title.empty()) {
    // The lead's first six to eleven words, without the dateline or a trailing comma.
    std::string_view lead = std::string_view(text).substr(body_start);
    std::size_t words = 6 + rng.below(6), i = 0;
    for (; i < lead.size(); ++i)
      if (lead[i] == ' ' && --words == 0) break;
    lead = lead.substr(0, i);
    while (!lead.empty() && std::string_view(",;:.\"-").find(lead.back()) != std::string_view::npos)
      lead.remove_suffix(1);
    title = std::string(lead);
  }

  nlohmann::ordered_json j;
  j["id"] = id;
  j["date"] = date.iso();
  j["title"] = title;
  j["source"] = source;
  j["url"] = url;
  j["lang"] = "en";
  j["text"] = text;
  out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.push_back('\n');
}

std::vector<std::string> split_sentences(std::string_view raw) {
  const std::string text = squeeze(raw);
  std::vector<std::string> out;
  std::size_t start = 0;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (c != '.' && c != '?' && c != '!') continue;
    std::size_t j = i + 1;
    while (j < n && (text[j] == '"' || text[j] == '\'' || text[j] == ')')) ++j;
    if (j < n && text[j] != ' ') continue;  // 3.5, U.S.A
    std::size_t k = j;
    while (k < n && text[k] == ' ') ++k;
    if (k < n) {
      const char next = text[k];
      if (!(is_upper(next) || is_digit(next) || next == '"' || next == '(')) continue;
      if (c == '.') {
        std::size_t w = i;
        while (w > start && text[w - 1] != ' ') --w;
        if (abbreviation(std::string_view(text).substr(w, i - w))) continue;
      }
    }
    out.emplace_back(text.substr(start, j - start));
    start = k;
    i = k > 0 ? k - 1 : k;
  }
  if (start < n) out.emplace_back(text.substr(start));
  return out;
}

}  // namespace sitrep::corpora
