// The Gazetteer's queries: lookups by id, the name matcher, spelling suggestions, event concepts,
// and its geographic questions (answered by geo.h over its places and borders). Loading is in
// gazetteer_load.cpp.
#include "sitrep/gazetteer.h"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "gazetteer_impl.h"
#include "sitrep/edit_distance.h"

#ifndef SITREP_BUILD_DATA_DIR
#define SITREP_BUILD_DATA_DIR ""
#endif
#ifndef SITREP_INSTALL_DATA_DIR
#define SITREP_INSTALL_DATA_DIR ""
#endif
#ifndef SITREP_BUILD_DIR
#define SITREP_BUILD_DIR ""
#endif

namespace sitrep {

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

namespace {

namespace fs = std::filesystem;

// The file this code was linked into: the running program, or the shared object that holds it
// (a Python module); empty when unknown.
fs::path code_file() {
  std::error_code ec;
  Dl_info info{};
  // dladdr names the main program by its argv[0], which may be relative: /proc/self/exe then.
  if (dladdr(reinterpret_cast<void*>(&code_file), &info) != 0 && info.dli_fname && info.dli_fname[0] == '/')
    return fs::weakly_canonical(info.dli_fname, ec);
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe;
}

bool is_within(const fs::path& file, const fs::path& dir) {
  if (file.empty() || dir.empty()) return false;
  std::error_code ec;
  const fs::path d = fs::weakly_canonical(dir, ec);
  if (ec) return false;
  return std::mismatch(d.begin(), d.end(), file.begin(), file.end()).first == d.end();
}

bool has_gazetteer(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "countries.tsv", ec);
}

}  // namespace

std::string Gazetteer::default_data_dir() {
  if (const char* env = std::getenv("SITREP_DATA_DIR"); env && *env) return env;
  const fs::path code = code_file();
  // A program of the build tree (build/bin, the tests) reads the build's data directory; an
  // installed one never does, even where the build tree still exists.
  const fs::path build_data = SITREP_BUILD_DATA_DIR;
  if (is_within(code, SITREP_BUILD_DIR) && has_gazetteer(build_data)) return build_data.string();
  // Installed: the nearest PREFIX/share/sitrep above the code's file (/usr/bin/sitrep-serve ->
  // /usr/share/sitrep), so that a package and any install prefix work, then the configured one.
  for (fs::path dir = code.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (has_gazetteer(dir / "share" / "sitrep")) return (dir / "share" / "sitrep").string();
    if (dir == dir.root_path()) break;
  }
  return SITREP_INSTALL_DATA_DIR;
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

const std::vector<GeoLine>& Gazetteer::border_lines(std::string_view country) const {
  static const std::vector<GeoLine> none;
  auto it = impl_->borders.find(std::string(country));
  return it == impl_->borders.end() ? none : it->second;
}

double Gazetteer::km_to_border(std::string_view country, double lat, double lon) const {
  auto it = impl_->borders.find(std::string(country));
  return it == impl_->borders.end() ? -1 : km_to_lines(it->second, {lat, lon});
}

std::vector<PlaceDistance> Gazetteer::places_near_border(std::string_view country, double km) const {
  auto it = impl_->borders.find(std::string(country));
  if (it == impl_->borders.end()) return {};
  auto key = std::make_pair(std::string(country), km);
  {
    std::lock_guard<std::mutex> lock(impl_->near_border_mutex);
    if (auto m = impl_->near_border.find(key); m != impl_->near_border.end()) return m->second;
  }
  auto near = places_near_lines(impl_->places, it->second, km);
  std::lock_guard<std::mutex> lock(impl_->near_border_mutex);
  if (impl_->near_border.size() >= Impl::kMaxNearBorder) impl_->near_border.clear();
  impl_->near_border.emplace(std::move(key), near);
  return near;
}

const Place* Gazetteer::region_of(const Place& p) const noexcept {
  return p.region_id.empty() ? nullptr : place(p.region_id);
}

std::vector<PlaceDistance> Gazetteer::places_near(double lat, double lon, double km) const {
  return places_near_point(impl_->places, {lat, lon}, km);
}

std::vector<PlaceDistance> Gazetteer::places_in_part(std::string_view area, std::string_view direction) const {
  LatLon centre;
  const Country* c = country(area);
  if (c) {
    centre = {c->lat, c->lon};
  } else if (const Place* r = place(area); r && r->kind == "region") {
    centre = {r->lat, r->lon};
  } else {
    return {};
  }
  std::vector<const Place*> inside;
  for (const auto& p : impl_->places)
    if (p.kind != "region" && (c ? p.country == area : p.region_id == area)) inside.push_back(&p);
  return sitrep::places_in_part(inside, centre, direction);
}

const EventConcept* Gazetteer::event_of_stem(std::string_view stem) const {
  auto it = impl_->event_by_stem.find(std::string(stem));
  return it == impl_->event_by_stem.end() ? nullptr : &impl_->events[it->second];
}

namespace {

// The index of a concept of the gazetteer's list, or -1 for another one.
std::ptrdiff_t index_in(const std::vector<EventConcept>& events, const EventConcept& c) {
  if (events.empty() || &c < events.data() || &c >= events.data() + events.size()) return -1;
  return &c - events.data();
}

}  // namespace

std::vector<Analyzer::StemVariant> Gazetteer::event_stems_in_other_languages(const EventConcept& c) const {
  if (const auto i = index_in(impl_->events, c); i >= 0 && static_cast<std::size_t>(i) < impl_->event_other_stems.size())
    return impl_->event_other_stems[static_cast<std::size_t>(i)];
  return impl_->other_stems_of(c);
}

void Gazetteer::concepts_of_stem(std::string_view stem, std::string_view lang, std::vector<std::size_t>& out) const {
  const auto it = impl_->concepts_by_stem.find(std::string(stem));
  if (it == impl_->concepts_by_stem.end()) return;
  const std::string_view primary = lang.substr(0, lang.find('-'));
  for (const auto& c : it->second)
    if ((c.lang.empty() || c.lang == primary) && std::find(out.begin(), out.end(), c.concept_index) == out.end())
      out.push_back(c.concept_index);
}

const std::string& Gazetteer::concept_table() const noexcept { return impl_->concept_table; }

std::vector<std::string> Gazetteer::event_stems(const EventConcept& c) const {
  if (const auto i = index_in(impl_->events, c); i >= 0 && static_cast<std::size_t>(i) < impl_->event_stems.size())
    return impl_->event_stems[static_cast<std::size_t>(i)];
  return impl_->stems_of(c);
}

std::vector<Analyzer::StemVariant> Gazetteer::Impl::other_stems_of(const EventConcept& c) const {
  std::vector<Analyzer::StemVariant> out;
  for (const auto& w : c.other_words)
    for (const auto& folded : analyzer->fold_words(w.word)) {
      Analyzer::StemVariant v{analyzer->stem(folded, w.lang), w.lang};
      if (std::none_of(out.begin(), out.end(), [&](const auto& o) { return o.stem == v.stem && o.lang == v.lang; }))
        out.push_back(std::move(v));
    }
  return out;
}

std::vector<std::string> Gazetteer::Impl::stems_of(const EventConcept& c) const {
  std::vector<std::string> out;
  for (const auto& w : c.words)
    for (const auto& folded : analyzer->fold_words(w)) {
      auto s = analyzer->stem(folded);
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
  return out;
}

}  // namespace sitrep
