#include "sitrep/gazetteer.h"

#include "sitrep/edit_distance.h"
#include "sitrep/language.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#ifndef SITREP_BUILD_DATA_DIR
#define SITREP_BUILD_DATA_DIR ""
#endif
#ifndef SITREP_INSTALL_DATA_DIR
#define SITREP_INSTALL_DATA_DIR ""
#endif

namespace sitrep {
namespace {

namespace fs = std::filesystem;
constexpr double kPi = 3.14159265358979323846;

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (auto& part : split(s, '|')) {
    auto t = trim(part);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

struct Row {
  std::size_t line;
  std::vector<std::string> fields;
};

// Reads a TSV file with '#' comments; every row must have `columns` fields.
Result<std::vector<Row>> read_tsv(const std::filesystem::path& path, std::size_t columns, std::string& all_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(ErrorCode::kNotFound, path.string() + ": cannot open gazetteer file");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string content = ss.str();
  all_bytes += content;
  if (!is_valid_utf8(content)) return Status(ErrorCode::kParseError, path.string() + ": not valid UTF-8");
  std::vector<Row> rows;
  std::size_t line_no = 0;
  std::istringstream lines(content);
  std::string line;
  while (std::getline(lines, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto fields = split(line, '\t');
    if (fields.size() != columns)
      return Status(ErrorCode::kParseError, path.string() + ":" + std::to_string(line_no) + ": expected " +
                                                std::to_string(columns) + " tab-separated fields, found " +
                                                std::to_string(fields.size()));
    for (auto& f : fields) f = trim(f);
    rows.push_back({line_no, std::move(fields)});
  }
  return rows;
}

Result<double> to_double(const std::string& s, const std::filesystem::path& path, std::size_t line, const char* what) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end == s.c_str() || *end != '\0' || !std::isfinite(v))
    return Status(ErrorCode::kParseError,
                  path.string() + ":" + std::to_string(line) + ": invalid " + what + " '" + s + "'");
  return v;
}

// A latitude and longitude from two fields, checked for range.
Result<std::pair<double, double>> to_lat_lon(const std::string& lat_text, const std::string& lon_text,
                                             const std::filesystem::path& path, std::size_t line) {
  auto lat = to_double(lat_text, path, line, "latitude");
  if (!lat) return lat.status();
  auto lon = to_double(lon_text, path, line, "longitude");
  if (!lon) return lon.status();
  if (*lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
    return Status(ErrorCode::kParseError, path.string() + ":" + std::to_string(line) + ": coordinates out of range");
  return std::make_pair(*lat, *lon);
}

struct LatLon {
  double lat, lon;
};

// Distance from p to segment ab in km, on a local equirectangular projection around p.
double point_segment_km(const LatLon& p, const LatLon& a, const LatLon& b) {
  const double kx = 111.320 * std::cos(p.lat * kPi / 180.0), ky = 110.574;
  const double ax = (a.lon - p.lon) * kx, ay = (a.lat - p.lat) * ky;
  const double bx = (b.lon - p.lon) * kx, by = (b.lat - p.lat) * ky;
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double x = ax + t * dx, y = ay + t * dy;
  return std::sqrt(x * x + y * y);
}

// A country's name in the languages of the conflict areas sitrep serves and the main European
// ones, from ICU's locale data ("Liban", "Libanon", "Ливан", "لبنان", "לבנון").
std::vector<std::string> country_translations(const std::string& code) {
  static const char* const kLanguages[] = {"fr", "de", "es", "it", "pt", "nl", "pl", "ru",
                                           "uk", "ar", "he", "fa", "tr"};
  std::string upper = code;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const icu::Locale region("", upper.c_str());
  std::vector<std::string> out;
  for (const char* lang : kLanguages) {
    icu::UnicodeString name;
    region.getDisplayCountry(icu::Locale(lang), name);
    std::string utf8;
    name.toUTF8String(utf8);
    if (utf8.empty() || utf8 == upper) continue;  // ICU does not know it
    if (std::find(out.begin(), out.end(), utf8) == out.end()) out.push_back(std::move(utf8));
  }
  return out;
}

// True when a name has an upper-case (or title-case) letter.
bool has_upper_case(std::string_view s) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isupper(c) || u_istitle(c)) return true;
  }
  return false;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

const char* to_string(EntityKind kind) noexcept {
  switch (kind) {
    case EntityKind::kActor:
      return "actor";
    case EntityKind::kPerson:
      return "person";
    case EntityKind::kPlace:
      return "place";
    case EntityKind::kCountry:
      return "country";
  }
  return "entity";
}

double haversine_km(double lat1, double lon1, double lat2, double lon2) noexcept {
  const double r = 6371.0088;
  const double p1 = lat1 * kPi / 180, p2 = lat2 * kPi / 180;
  const double dp = (lat2 - lat1) * kPi / 180, dl = (lon2 - lon1) * kPi / 180;
  const double a =
      std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * r * std::asin(std::min(1.0, std::sqrt(a)));
}

struct Gazetteer::Impl {
  const Analyzer* analyzer = nullptr;
  std::vector<Country> countries;
  std::vector<Place> places;
  std::vector<Actor> actors;
  std::vector<Person> persons;
  std::vector<EventConcept> events;
  std::unordered_map<std::string, std::size_t> country_index, place_index, actor_index, person_index;

  struct Name {
    std::vector<std::string> words;
    // Analyzer::name_key of each word (Cyrillic inflection); empty when every word is ASCII (its
    // own key).
    std::vector<std::string> keys;
    NameMatch match;
  };
  // By the key of the first folded word (the word itself unless it is Cyrillic).
  std::unordered_map<std::string, std::vector<Name>> names;
  // Names of names-<lang>.tsv, added after the curated lists' own.
  struct ExtraName {
    EntityKind kind;
    std::size_t index;
    std::string text;
    bool demonym;
    bool any_case;  // written all in lower case in the file
  };
  std::vector<ExtraName> extra_names;
  std::unordered_map<std::string, std::vector<std::vector<LatLon>>> borders;  // country -> lines
  std::unordered_map<std::string, std::size_t> event_by_stem;
  std::string version;
  // Every name and alias in its compact form (folded words without separators: "deir al-zour" ->
  // deiralzour), for spelling suggestions; built once loading is done.
  struct Compact {
    std::string compact;
    std::string folded;  // the folded words joined by spaces
    NameMatch match;
  };
  std::vector<Compact> compact_names;

  double rarity(const NameMatch& m) const;

  void add_name(std::string_view text, EntityKind kind, std::size_t index, bool demonym, bool any_case = false) {
    auto words = analyzer->fold_words(text);
    if (words.empty()) return;
    std::vector<std::string> keys;
    if (std::any_of(words.begin(), words.end(), [](const std::string& w) {
          return std::any_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        }))
      for (const auto& w : words) keys.push_back(analyzer->name_key(w));
    auto& bucket = names[keys.empty() ? words.front() : keys.front()];
    for (auto& n : bucket)  // the same name twice for one entity adds nothing (but may widen its case)
      if (n.words == words && n.match.kind == kind && n.match.index == index) {
        n.match.any_case = n.match.any_case || any_case;
        return;
      }
    bucket.push_back({words, std::move(keys), NameMatch{kind, index, words.size(), demonym, any_case}});
  }
};

// How rare an entity is, in [0, 1): what a spelling suggestion adds to its edit distance, so that
// among names spelt alike the well-known one wins (never over a name one edit nearer). Actors and
// countries are curated and well known (0), then persons, then curated places and regions, then
// the GeoNames towns (the 23,500 worldwide towns over 15,000 inhabitants, most of them unknown to
// a reader of conflict news); a larger population makes a place less rare.
double Gazetteer::Impl::rarity(const NameMatch& m) const {
  switch (m.kind) {
    case EntityKind::kActor:
    case EntityKind::kCountry:
      return 0.0;
    case EntityKind::kPerson:
      return 0.1;
    case EntityKind::kPlace:
      break;
  }
  const Place& p = places[m.index];
  // 0 for no known population, 1 from ten million.
  const double size = p.population > 0 ? std::min(1.0, std::log10(static_cast<double>(p.population)) / 7.0) : 0.0;
  switch (p.source) {
    case Place::Source::kCurated:
      return 0.2 + 0.2 * (1.0 - size);
    case Place::Source::kGeneratedRegion:
      return 0.3;
    case Place::Source::kGeoNames:
      break;
  }
  return 0.6 + 0.3 * (1.0 - size);
}

std::vector<Gazetteer::Spelling> Gazetteer::similar_names(std::string_view text, std::size_t max_results) const {
  std::vector<Spelling> out;
  // The words of the text run together, as the names' compact forms: "dair alzour" is spelt like
  // "Deir al-Zour" (one of the aliases of Deir ez-Zor).
  std::string word;
  for (char c : text)
    if (c != ' ' && c != '-') word.push_back(c);
  if (word.size() < 4) return out;
  const int limit = word.size() <= 6 ? 1 : 2;
  struct Scored {
    Spelling spelling;
    double score;
  };
  std::vector<Scored> scored;
  std::unordered_map<std::string, std::size_t> best;  // entity -> index in scored
  std::unordered_set<std::string> exact;               // entities the text names exactly
  for (const auto& n : impl_->compact_names) {
    const std::size_t len = n.compact.size();
    if ((len > word.size() ? len - word.size() : word.size() - len) > static_cast<std::size_t>(limit)) continue;
    const int d = bounded_edit_distance(word, n.compact, limit);
    if (d > limit) continue;
    const std::string entity = std::to_string(static_cast<int>(n.match.kind)) + ":" + std::to_string(n.match.index);
    if (d == 0) {
      exact.insert(entity);
      continue;
    }
    const double score = d + impl_->rarity(n.match);
    const auto [it, fresh] = best.emplace(entity, scored.size());
    if (fresh)
      scored.push_back({{n.folded, n.match, d}, score});
    else if (score < scored[it->second].score || (score == scored[it->second].score && n.folded < scored[it->second].spelling.name))
      scored[it->second] = {{n.folded, n.match, d}, score};
  }
  for (const auto& e : exact)
    if (const auto it = best.find(e); it != best.end()) scored[it->second].score = -1;  // dropped below
  scored.erase(std::remove_if(scored.begin(), scored.end(), [](const Scored& x) { return x.score < 0; }), scored.end());
  auto rank = [](EntityKind k) { return k == EntityKind::kActor ? 0 : k == EntityKind::kPerson ? 1 : k == EntityKind::kCountry ? 2 : 3; };
  std::sort(scored.begin(), scored.end(), [&](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score < b.score;
    if (rank(a.spelling.match.kind) != rank(b.spelling.match.kind)) return rank(a.spelling.match.kind) < rank(b.spelling.match.kind);
    return a.spelling.name < b.spelling.name;
  });
  for (std::size_t k = 0; k < scored.size() && k < max_results; ++k) out.push_back(std::move(scored[k].spelling));
  return out;
}

Gazetteer::Gazetteer() : impl_(std::make_unique<Impl>()) {}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

std::string Gazetteer::default_data_dir() {
  if (const char* env = std::getenv("SITREP_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  const std::string source = SITREP_BUILD_DATA_DIR;
  if (!source.empty() && std::filesystem::exists(std::filesystem::path(source) / "countries.tsv", ec)) return source;
  return SITREP_INSTALL_DATA_DIR;
}

Result<Gazetteer> Gazetteer::load(const std::string& dir, const Analyzer& analyzer) {
  Gazetteer g;
  Impl& im = *g.impl_;
  im.analyzer = &analyzer;
  const fs::path base(dir);
  std::string bytes;

  // countries.tsv: code name aliases demonyms lat lon
  {
    const auto path = base / "countries.tsv";
    auto rows = read_tsv(path, 6, bytes);
    if (!rows) return rows.status();
    for (auto& r : *rows) {
      auto& f = r.fields;
      auto ll = to_lat_lon(f[4], f[5], path, r.line);
      if (!ll) return ll.status();
      const double lat = ll->first, lon = ll->second;
      if (f[0].size() != 2)
        return Status(ErrorCode::kParseError,
                      path.string() + ":" + std::to_string(r.line) + ": country code must have two letters");
      im.country_index[f[0]] = im.countries.size();
      im.countries.push_back({f[0], f[1], split_list(f[2]), split_list(f[3]), lat, lon, {}});
    }
  }
  auto line_error = [](const fs::path& path, std::size_t line, const std::string& msg) {
    return Status(ErrorCode::kParseError, path.string() + ":" + std::to_string(line) + ": " + msg);
  };
  auto optional_file = [&](const char* name) {
    std::error_code ec;
    return fs::exists(base / name, ec);
  };
  // regions.tsv (generated): id name aliases country iso_code lat lon population
  if (optional_file("regions.tsv")) {
    const auto path = base / "regions.tsv";
    auto rows = read_tsv(path, 8, bytes);
    if (!rows) return rows.status();
    for (auto& r : *rows) {
      auto& f = r.fields;
      auto ll = to_lat_lon(f[5], f[6], path, r.line);
      if (!ll) return ll.status();
      const double lat = ll->first, lon = ll->second;
      if (!im.country_index.count(f[3])) return line_error(path, r.line, "unknown country '" + f[3] + "'");
      if (im.place_index.count(f[0])) return line_error(path, r.line, "duplicate place id '" + f[0] + "'");
      im.place_index[f[0]] = im.places.size();
      im.places.push_back({f[0], f[1], split_list(f[2]), f[3], f[1], lat, lon, std::atol(f[7].c_str()), "region",
                           f[0], f[4], Place::Source::kGeneratedRegion});
    }
  }
  // places.tsv (curated) and geonames-places.tsv (generated; its region column holds a region id):
  // id name aliases country region lat lon population kind
  for (const char* name : {"places.tsv", "geonames-places.tsv"}) {
    if (std::string(name) != "places.tsv" && !optional_file(name)) continue;
    const auto path = base / name;
    auto rows = read_tsv(path, 9, bytes);
    if (!rows) return rows.status();
    for (auto& r : *rows) {
      auto& f = r.fields;
      auto ll = to_lat_lon(f[5], f[6], path, r.line);
      if (!ll) return ll.status();
      const double lat = ll->first, lon = ll->second;
      if (!im.country_index.count(f[3])) return line_error(path, r.line, "unknown country '" + f[3] + "'");
      if (im.place_index.count(f[0])) return line_error(path, r.line, "duplicate place id '" + f[0] + "'");
      std::string region_id, region_name = f[4];
      if (auto it = im.place_index.find(f[4]); it != im.place_index.end() && im.places[it->second].kind == "region") {
        region_id = f[4];
        region_name = im.places[it->second].name;
      }
      const bool curated = std::string(name) == "places.tsv";
      if (f[8] == "region") region_id = f[0];  // a curated region is its own region
      im.place_index[f[0]] = im.places.size();
      im.places.push_back({f[0], f[1], split_list(f[2]), f[3], region_name, lat, lon, std::atol(f[7].c_str()), f[8],
                           region_id, "", curated ? Place::Source::kCurated : Place::Source::kGeoNames});
    }
  }
  // place-regions.tsv (generated): the region of each curated place.
  if (optional_file("place-regions.tsv")) {
    const auto path = base / "place-regions.tsv";
    auto rows = read_tsv(path, 2, bytes);
    if (!rows) return rows.status();
    for (auto& r : *rows) {
      auto p = im.place_index.find(r.fields[0]);
      auto reg = im.place_index.find(r.fields[1]);
      if (p == im.place_index.end() || reg == im.place_index.end()) continue;  // curated file changed since
      if (im.places[p->second].region_id.empty()) im.places[p->second].region_id = r.fields[1];
    }
  }
  // actors.tsv (curated), then extra-actors*.tsv (other sources): id name aliases kind countries.
  {
    std::vector<fs::path> actor_files{base / "actors.tsv"};
    std::vector<fs::path> extra;
    std::error_code ec;
    for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string fname = it->path().filename().string();
      if (fname.rfind("extra-actors", 0) == 0 && it->path().extension() == ".tsv") extra.push_back(it->path());
    }
    std::sort(extra.begin(), extra.end());
    actor_files.insert(actor_files.end(), extra.begin(), extra.end());
    for (std::size_t k = 0; k < actor_files.size(); ++k) {
      const auto& path = actor_files[k];
      auto rows = read_tsv(path, 5, bytes);
      if (!rows) return rows.status();
      for (auto& r : *rows) {
        auto& f = r.fields;
        if (im.actor_index.count(f[0])) {
          if (k == 0) return line_error(path, r.line, "duplicate actor id '" + f[0] + "'");
          continue;  // an extra source never replaces an actor already known
        }
        im.actor_index[f[0]] = im.actors.size();
        im.actors.push_back({f[0], f[1], split_list(f[2]), f[3], split_list(f[4])});
      }
    }
  }
  // persons.tsv: id name aliases role countries
  {
    const auto path = base / "persons.tsv";
    auto rows = read_tsv(path, 5, bytes);
    if (!rows) return rows.status();
    for (auto& r : *rows) {
      auto& f = r.fields;
      if (im.person_index.count(f[0]))
        return Status(ErrorCode::kParseError,
                      path.string() + ":" + std::to_string(r.line) + ": duplicate person id '" + f[0] + "'");
      im.person_index[f[0]] = im.persons.size();
      im.persons.push_back({f[0], f[1], split_list(f[2]), f[3], split_list(f[4])});
    }
  }
  // borders.tsv: a b "lat,lon;lat,lon;..."
  {
    const auto path = base / "borders.tsv";
    auto rows = read_tsv(path, 3, bytes);
    if (!rows) return rows.status();
    for (auto& r : *rows) {
      auto& f = r.fields;
      std::vector<LatLon> line;
      for (auto& pt : split(f[2], ';')) {
        auto ll = split(trim(pt), ',');
        if (ll.size() != 2)
          return Status(ErrorCode::kParseError,
                        path.string() + ":" + std::to_string(r.line) + ": bad point '" + pt + "'");
        auto pos = to_lat_lon(trim(ll[0]), trim(ll[1]), path, r.line);
        if (!pos) return pos.status();
        line.push_back({pos->first, pos->second});
      }
      for (const auto* code : {&f[0], &f[1]}) {
        if (!im.country_index.count(*code))
          return Status(ErrorCode::kParseError,
                        path.string() + ":" + std::to_string(r.line) + ": unknown country '" + *code + "'");
        im.borders[*code].push_back(line);
      }
    }
  }
  // events.tsv: concept words
  {
    const auto path = base / "events.tsv";
    auto rows = read_tsv(path, 2, bytes);
    if (!rows) return rows.status();
    for (auto& r : *rows) {
      EventConcept c{r.fields[0], split_list(r.fields[1]), {}};
      const std::size_t idx = im.events.size();
      for (const auto& w : c.words)
        for (const auto& folded : analyzer.fold_words(w)) im.event_by_stem.emplace(analyzer.stem(folded), idx);
      im.events.push_back(std::move(c));
    }
  }
  // events-<lang>.tsv: the concepts' words in other languages (concept words), stemmed in their
  // language. Words in a non-Latin script also name the concept in a query.
  {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string fname = it->path().filename().string();
      if (fname.rfind("events-", 0) == 0 && it->path().extension() == ".tsv") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      const std::string lang = path.stem().string().substr(7);
      auto rows = read_tsv(path, 2, bytes);
      if (!rows) return rows.status();
      for (auto& r : *rows) {
        auto concept_ = std::find_if(im.events.begin(), im.events.end(),
                                     [&](const EventConcept& e) { return e.id == r.fields[0]; });
        if (concept_ == im.events.end())
          return line_error(path, r.line, "unknown event concept '" + r.fields[0] + "' (not in events.tsv)");
        const auto idx = static_cast<std::size_t>(concept_ - im.events.begin());
        for (auto& w : split_list(r.fields[1])) {
          for (const auto& folded : analyzer.fold_words(w))
            if (script_of(folded) != Script::kLatin) {
              im.event_by_stem.emplace(analyzer.stem(folded, lang), idx);
              im.event_by_stem.emplace(folded, idx);
            }
          concept_->other_words.push_back({std::move(w), lang});
        }
      }
    }
  }

  // names-<lang>.tsv: the curated entities' names in other languages and scripts (kind id names):
  // kind is actor, person, place, country or demonym (a country's demonym); names are
  // '|'-separated, inflected forms included where a name changes beyond its ending. A name written
  // all in lower case there is matched however the text writes it (a demonym or a common noun:
  // "libanaise", "ливанской", "хуситы").
  {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string fname = it->path().filename().string();
      if (fname.rfind("names-", 0) == 0 && it->path().extension() == ".tsv") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      auto rows = read_tsv(path, 3, bytes);
      if (!rows) return rows.status();
      for (auto& r : *rows) {
        auto& f = r.fields;
        const std::unordered_map<std::string, std::size_t>* index = nullptr;
        EntityKind kind = EntityKind::kPlace;
        if (f[0] == "actor") index = &im.actor_index, kind = EntityKind::kActor;
        else if (f[0] == "person") index = &im.person_index, kind = EntityKind::kPerson;
        else if (f[0] == "place") index = &im.place_index, kind = EntityKind::kPlace;
        else if (f[0] == "country" || f[0] == "demonym") index = &im.country_index, kind = EntityKind::kCountry;
        else
          return line_error(path, r.line, "unknown kind '" + f[0] + "' (use actor, person, place, country or demonym)");
        auto it = index->find(f[1]);
        if (it == index->end()) return line_error(path, r.line, "unknown " + f[0] + " id '" + f[1] + "'");
        for (auto& name : split_list(f[2])) {
          const bool lower = !has_upper_case(name);
          im.extra_names.push_back({kind, it->second, std::move(name), f[0] == "demonym", lower});
        }
      }
    }
  }

  // Names, in one matcher for every kind.
  for (std::size_t i = 0; i < im.countries.size(); ++i) {
    auto& c = im.countries[i];
    c.translations = country_translations(c.code);
    im.add_name(c.name, EntityKind::kCountry, i, false);
    for (const auto& a : c.aliases) im.add_name(a, EntityKind::kCountry, i, false);
    for (const auto& d : c.demonyms) im.add_name(d, EntityKind::kCountry, i, true);
    for (const auto& t : c.translations) im.add_name(t, EntityKind::kCountry, i, false);
  }
  // Place names in the order a name is read: curated places first, then GeoNames towns by
  // population, then generated regions ("Homs" names the city; its region follows from it).
  {
    std::vector<std::size_t> order(im.places.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Place& pa = im.places[a];
      const Place& pb = im.places[b];
      if (pa.source != pb.source) return pa.source < pb.source;
      return pa.population > pb.population;
    });
    static const std::unordered_set<std::string> kGeneric = {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
        "northwest", "southeast", "southwest", "upper", "lower", "capital", "coast", "islands", "centre", "center"};
    for (std::size_t i : order) {
      const Place& p = im.places[i];
      for (std::size_t k = 0; k <= p.aliases.size(); ++k) {
        const std::string& name = k == 0 ? p.name : p.aliases[k - 1];
        if (p.source == Place::Source::kGeneratedRegion) {
          // "Western", "Central": a region name made only of generic words names nothing.
          const auto words = analyzer.fold_words(name);
          if (std::all_of(words.begin(), words.end(), [](const std::string& w) { return kGeneric.count(w) > 0; })) continue;
        }
        im.add_name(name, EntityKind::kPlace, i, false);
      }
    }
  }
  for (std::size_t i = 0; i < im.actors.size(); ++i) {
    im.add_name(im.actors[i].name, EntityKind::kActor, i, false);
    for (const auto& a : im.actors[i].aliases) im.add_name(a, EntityKind::kActor, i, false);
  }
  for (std::size_t i = 0; i < im.persons.size(); ++i) {
    im.add_name(im.persons[i].name, EntityKind::kPerson, i, false);
    for (const auto& a : im.persons[i].aliases) im.add_name(a, EntityKind::kPerson, i, false);
  }
  for (const auto& e : im.extra_names) im.add_name(e.text, e.kind, e.index, e.demonym, e.any_case);
  for (auto& [first, bucket] : im.names)
    std::stable_sort(bucket.begin(), bucket.end(),
                     [](const Impl::Name& a, const Impl::Name& b) { return a.words.size() > b.words.size(); });
  for (const auto& [first, bucket] : im.names)
    for (const auto& n : bucket) {
      Impl::Compact c;
      for (const auto& w : n.words) {
        c.compact += w;
        c.folded += (c.folded.empty() ? "" : " ") + w;
      }
      c.match = n.match;
      im.compact_names.push_back(std::move(c));
    }
  // A stable order (the map's is not): suggestions of equal score come out the same every run.
  std::sort(im.compact_names.begin(), im.compact_names.end(), [](const Impl::Compact& a, const Impl::Compact& b) {
    return a.compact != b.compact ? a.compact < b.compact : a.folded < b.folded;
  });

  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(bytes)));
  im.version = hex;
  return g;
}

const std::vector<Country>& Gazetteer::countries() const noexcept { return impl_->countries; }
const std::vector<Place>& Gazetteer::places() const noexcept { return impl_->places; }
const std::vector<Actor>& Gazetteer::actors() const noexcept { return impl_->actors; }
const std::vector<Person>& Gazetteer::persons() const noexcept { return impl_->persons; }
const std::vector<EventConcept>& Gazetteer::events() const noexcept { return impl_->events; }
const std::string& Gazetteer::version() const noexcept { return impl_->version; }
const Analyzer& Gazetteer::analyzer() const noexcept { return *impl_->analyzer; }

namespace {
template <typename T>
const T* find_in(const std::unordered_map<std::string, std::size_t>& index, const std::vector<T>& items,
                 std::string_view id) {
  auto it = index.find(std::string(id));
  return it == index.end() ? nullptr : &items[it->second];
}
}  // namespace

const Country* Gazetteer::country(std::string_view code) const noexcept {
  return find_in(impl_->country_index, impl_->countries, code);
}
const Place* Gazetteer::place(std::string_view id) const noexcept {
  return find_in(impl_->place_index, impl_->places, id);
}
const Actor* Gazetteer::actor(std::string_view id) const noexcept {
  return find_in(impl_->actor_index, impl_->actors, id);
}
const Person* Gazetteer::person(std::string_view id) const noexcept {
  return find_in(impl_->person_index, impl_->persons, id);
}

std::string Gazetteer::id_of(const NameMatch& m) const {
  switch (m.kind) {
    case EntityKind::kActor:
      return impl_->actors[m.index].id;
    case EntityKind::kPerson:
      return impl_->persons[m.index].id;
    case EntityKind::kPlace:
      return impl_->places[m.index].id;
    case EntityKind::kCountry:
      return impl_->countries[m.index].code;
  }
  return {};
}

std::string Gazetteer::display_name(EntityKind kind, std::string_view id) const {
  switch (kind) {
    case EntityKind::kActor:
      if (auto* a = actor(id)) return a->name;
      break;
    case EntityKind::kPerson:
      if (auto* p = person(id)) return p->name;
      break;
    case EntityKind::kPlace:
      if (auto* p = place(id)) return p->name;
      break;
    case EntityKind::kCountry:
      if (auto* c = country(id)) return c->name;
      break;
  }
  return std::string(id);
}

std::vector<NameMatch> Gazetteer::match_at(const std::vector<std::string>& words, std::size_t i) const {
  std::vector<NameMatch> out;
  if (i >= words.size()) return out;
  const Analyzer& an = *impl_->analyzer;
  auto non_latin = [](const std::string& w) { return !w.empty() && static_cast<unsigned char>(w[0]) >= 0x80; };
  // The name's later words: the same folded word, or (not in Latin script) the same name key
  // ("Харкова" for "Харків"'s second form, "ливанской" for "ливанская").
  auto rest_matches = [&](const Impl::Name& name) {
    if (i + name.words.size() > words.size()) return false;
    for (std::size_t k = 1; k < name.words.size(); ++k) {
      const std::string& w = words[i + k];
      if (w == name.words[k]) continue;
      if (!non_latin(w) || name.keys.empty() || an.name_key(w) != name.keys[k]) return false;
    }
    return true;
  };
  auto add = [&](const NameMatch& m) {
    for (const auto& o : out)
      if (o.kind == m.kind && o.index == m.index && o.length == m.length) return;
    out.push_back(m);
  };
  auto it = impl_->names.find(words[i]);
  if (!non_latin(words[i])) {
    // ASCII and Latin words: the exact folded words.
    if (it != impl_->names.end())
      for (const auto& name : it->second) {
        if (i + name.words.size() > words.size()) continue;
        if (std::equal(name.words.begin(), name.words.end(), words.begin() + static_cast<std::ptrdiff_t>(i)))
          out.push_back(name.match);
      }
  } else {
    if (it != impl_->names.end())
      for (const auto& name : it->second)
        if (rest_matches(name)) add(name.match);
    // Inflected Cyrillic names by their key; Arabic and Hebrew names after proclitics
    // ("بالقصير", "ובלבנון").
    std::vector<std::string> firsts;
    if (std::string key = an.name_key(words[i]); key != words[i]) firsts.push_back(std::move(key));
    for (auto& v : an.without_proclitics(words[i])) firsts.push_back(std::move(v));
    for (const auto& first : firsts)
      if (auto found = impl_->names.find(first); found != impl_->names.end())
        for (const auto& name : found->second)
          if (rest_matches(name)) add(name.match);
  }
  if (out.size() < 2) return out;
  auto rank = [](EntityKind k) {
    switch (k) {
      case EntityKind::kActor:
        return 0;
      case EntityKind::kPerson:
        return 1;
      case EntityKind::kCountry:
        return 2;
      case EntityKind::kPlace:
        return 3;
    }
    return 4;
  };
  std::stable_sort(out.begin(), out.end(), [&](const NameMatch& a, const NameMatch& b) {
    if (a.length != b.length) return a.length > b.length;
    return rank(a.kind) < rank(b.kind);
  });
  return out;
}

std::vector<NameMatch> Gazetteer::lookup(std::string_view name) const {
  const auto words = impl_->analyzer->fold_words(name);
  std::vector<NameMatch> out;
  for (const auto& m : match_at(words, 0))
    if (m.length == words.size()) out.push_back(m);
  return out;
}

bool Gazetteer::has_borders(std::string_view country) const { return impl_->borders.count(std::string(country)) > 0; }

double Gazetteer::km_to_border(std::string_view country, double lat, double lon) const {
  auto it = impl_->borders.find(std::string(country));
  if (it == impl_->borders.end()) return -1;
  double best = 1e18;
  const LatLon p{lat, lon};
  for (const auto& line : it->second) {
    if (line.size() == 1) best = std::min(best, haversine_km(lat, lon, line[0].lat, line[0].lon));
    for (std::size_t k = 1; k < line.size(); ++k) best = std::min(best, point_segment_km(p, line[k - 1], line[k]));
  }
  return best;
}

std::vector<PlaceDistance> Gazetteer::places_near_border(std::string_view country, double km) const {
  std::vector<PlaceDistance> out;
  auto it = impl_->borders.find(std::string(country));
  if (it == impl_->borders.end()) return out;
  // Only places inside the borders' bounding box widened by km are measured.
  double lat_lo = 90, lat_hi = -90, lon_lo = 180, lon_hi = -180;
  for (const auto& line : it->second)
    for (const auto& pt : line) {
      lat_lo = std::min(lat_lo, pt.lat);
      lat_hi = std::max(lat_hi, pt.lat);
      lon_lo = std::min(lon_lo, pt.lon);
      lon_hi = std::max(lon_hi, pt.lon);
    }
  const double dlat = km / 110.0;
  const double cos_lat = std::max(0.05, std::cos(std::max(std::abs(lat_lo), std::abs(lat_hi)) * kPi / 180.0));
  const double dlon = km / (111.0 * cos_lat);
  for (const auto& p : impl_->places) {
    if (p.kind == "region") continue;  // a region's centre says little about its extent
    if (p.lat < lat_lo - dlat || p.lat > lat_hi + dlat || p.lon < lon_lo - dlon || p.lon > lon_hi + dlon) continue;
    const double d = km_to_border(country, p.lat, p.lon);
    if (d >= 0 && d <= km) out.push_back({&p, d});
  }
  std::sort(out.begin(), out.end(), [](const PlaceDistance& a, const PlaceDistance& b) { return a.km < b.km; });
  return out;
}

const Place* Gazetteer::region_of(const Place& p) const noexcept {
  return p.region_id.empty() ? nullptr : place(p.region_id);
}

std::vector<PlaceDistance> Gazetteer::places_near(double lat, double lon, double km) const {
  std::vector<PlaceDistance> out;
  for (const auto& p : impl_->places) {
    if (p.kind == "region") continue;
    const double d = haversine_km(lat, lon, p.lat, p.lon);
    if (d <= km) out.push_back({&p, d});
  }
  std::sort(out.begin(), out.end(), [](const PlaceDistance& a, const PlaceDistance& b) { return a.km < b.km; });
  return out;
}

std::vector<PlaceDistance> Gazetteer::places_in_part(std::string_view area, std::string_view direction) const {
  std::vector<PlaceDistance> out;
  double clat = 0, clon = 0;
  const bool is_country = country(area) != nullptr;
  if (is_country) {
    clat = country(area)->lat, clon = country(area)->lon;
  } else if (const Place* r = place(area); r && r->kind == "region") {
    clat = r->lat, clon = r->lon;
  } else {
    return out;
  }
  std::vector<const Place*> inside;
  for (const auto& p : impl_->places)
    if (p.kind != "region" && (is_country ? p.country == area : p.region_id == area)) inside.push_back(&p);
  if (inside.empty()) return out;
  // The 5th and 95th percentiles of a coordinate, and the cut 60% of the way from one to the other.
  auto cut = [&](double Place::*coord, bool high) {
    std::vector<double> v;
    for (const Place* p : inside) v.push_back(p->*coord);
    std::sort(v.begin(), v.end());
    const double lo = v[static_cast<std::size_t>(0.05 * static_cast<double>(v.size() - 1))];
    const double hi = v[static_cast<std::size_t>(0.95 * static_cast<double>(v.size() - 1))];
    return high ? lo + 0.6 * (hi - lo) : hi - 0.6 * (hi - lo);
  };
  const bool north = direction.find("north") != std::string_view::npos;
  const bool south = direction.find("south") != std::string_view::npos;
  const bool east = direction.find("east") != std::string_view::npos;
  const bool west = direction.find("west") != std::string_view::npos;
  if (!north && !south && !east && !west) return out;
  const double lat_cut = north ? cut(&Place::lat, true) : south ? cut(&Place::lat, false) : 0;
  const double lon_cut = east ? cut(&Place::lon, true) : west ? cut(&Place::lon, false) : 0;
  for (const Place* p : inside) {
    if ((north && p->lat < lat_cut) || (south && p->lat > lat_cut)) continue;
    if ((east && p->lon < lon_cut) || (west && p->lon > lon_cut)) continue;
    out.push_back({p, haversine_km(clat, clon, p->lat, p->lon)});
  }
  std::sort(out.begin(), out.end(), [](const PlaceDistance& a, const PlaceDistance& b) { return a.km < b.km; });
  return out;
}

const EventConcept* Gazetteer::event_of_stem(std::string_view stem) const {
  auto it = impl_->event_by_stem.find(std::string(stem));
  return it == impl_->event_by_stem.end() ? nullptr : &impl_->events[it->second];
}

std::vector<Analyzer::StemVariant> Gazetteer::event_stems_in_other_languages(const EventConcept& c) const {
  std::vector<Analyzer::StemVariant> out;
  for (const auto& w : c.other_words)
    for (const auto& folded : impl_->analyzer->fold_words(w.word)) {
      Analyzer::StemVariant v{impl_->analyzer->stem(folded, w.lang), w.lang};
      if (std::none_of(out.begin(), out.end(), [&](const auto& o) { return o.stem == v.stem && o.lang == v.lang; }))
        out.push_back(std::move(v));
    }
  return out;
}

std::vector<std::string> Gazetteer::event_stems(const EventConcept& c) const {
  std::vector<std::string> out;
  for (const auto& w : c.words)
    for (const auto& folded : impl_->analyzer->fold_words(w)) {
      auto s = impl_->analyzer->stem(folded);
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
  return out;
}

}  // namespace sitrep
