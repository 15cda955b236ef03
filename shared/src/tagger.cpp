#include "sitrep/tagger.h"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace sitrep {
namespace {

// Words that introduce a person's name ("President Bashar al-Assad", "spokesman Avichay Adraee").
const std::unordered_set<std::string_view>& person_titles() {
  static const std::unordered_set<std::string_view> kTitles = {
      "president",  "general",   "gen",      "minister",   "spokesman", "spokeswoman", "spokesperson",
      "commander",  "colonel",   "col",      "lieutenant", "lt",        "major",       "maj",
      "sheikh",     "emir",      "king",     "prince",     "premier",   "chancellor",  "envoy",
      "ambassador", "secretary", "governor", "mayor",      "senator",   "admiral",     "brigadier",
      "sergeant",   "captain",   "mr",       "mrs",        "ms",        "dr",          "cleric"};
  return kTitles;
}

// Lower-case particles allowed inside a name ("Abu Mohammed al-Jolani").
bool is_name_particle(std::string_view w) {
  static const std::unordered_set<std::string_view> kParticles = {
      "al", "el", "bin", "ibn", "bint", "abu", "ad", "as", "ash", "at", "az", "de", "van", "von", "da", "ould", "ag"};
  return kParticles.count(w) > 0;
}

bool looks_like_name_word(const Token& t) {
  if (t.numeric) return false;
  return t.capitalized || t.all_caps;
}

// A gazetteer name found in running text counts when written like a name: at least one of its
// words is capitalized or in a script without case; never an all-lower-case Latin word.
bool written_as_name(const std::vector<Token>& tokens, std::size_t i, std::size_t len) {
  for (std::size_t k = i; k < i + len; ++k) {
    const Token& t = tokens[k];
    if (t.capitalized || t.all_caps) return true;
    // Scripts without case (Arabic, Hebrew, ...): the folded form equals the surface and
    // the first byte is not ASCII.
    if (!t.surface.empty() && static_cast<unsigned char>(t.surface[0]) >= 0x80 && t.norm == t.surface) return true;
  }
  return false;
}

std::string slug(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) {
    if (!s.empty()) s.push_back('-');
    s += w;
  }
  return s;
}

class Collector {
 public:
  void add(const std::string& id, const std::string& name, bool candidate = false) {
    auto [it, inserted] = tags_.try_emplace(id, EntityTag{id, name, 0, candidate});
    ++it->second.mentions;
    if (inserted) order_.push_back(id);
  }
  std::vector<EntityTag> take() {
    std::vector<EntityTag> out;
    for (const auto& id : order_) out.push_back(tags_.at(id));
    // Most mentioned first; first mention breaks ties (stable).
    std::stable_sort(out.begin(), out.end(),
                     [](const EntityTag& a, const EntityTag& b) { return a.mentions > b.mentions; });
    return out;
  }

 private:
  std::map<std::string, EntityTag> tags_;
  std::vector<std::string> order_;
};

}  // namespace

Tags Tagger::tag(std::string_view text) const { return tag(gaz_.analyzer().tokenize(text)); }

std::vector<Mention> Tagger::mentions(const std::vector<Token>& tokens) const {
  std::vector<std::string> words;
  words.reserve(tokens.size());
  for (const auto& t : tokens) words.push_back(t.norm);

  std::vector<Mention> out;
  auto add = [&](EntityKind kind, std::string id, std::string name, std::size_t first, std::size_t end, bool demonym,
                 bool candidate) {
    Mention m;
    m.kind = kind;
    m.id = std::move(id);
    m.name = std::move(name);
    m.first_token = first;
    m.end_token = end;
    m.begin = tokens[first].begin;
    m.end = tokens[end - 1].end;
    m.demonym = demonym;
    m.candidate = candidate;
    out.push_back(std::move(m));
  };
  for (std::size_t i = 0; i < tokens.size();) {
    bool taken = false;
    for (const auto& m : gaz_.match_at(words, i)) {
      if (!written_as_name(tokens, i, m.length)) continue;
      switch (m.kind) {
        case EntityKind::kActor: {
          const auto& a = gaz_.actors()[m.index];
          add(m.kind, a.id, a.name, i, i + m.length, false, false);
          break;
        }
        case EntityKind::kPerson: {
          const auto& p = gaz_.persons()[m.index];
          add(m.kind, p.id, p.name, i, i + m.length, false, false);
          break;
        }
        case EntityKind::kPlace: {
          const auto& p = gaz_.places()[m.index];
          add(m.kind, p.id, p.name, i, i + m.length, false, false);
          break;
        }
        case EntityKind::kCountry: {
          const auto& c = gaz_.countries()[m.index];
          add(m.kind, c.code, c.name, i, i + m.length, m.demonym, false);
          break;
        }
      }
      i += m.length;
      taken = true;
      break;
    }
    if (taken) continue;

    // A title followed by a capitalized name not in the lists: a candidate person.
    if (person_titles().count(words[i])) {
      // "Brigadier General X", "Prime Minister X": the name starts after the last title word.
      std::size_t first = i + 1;
      while (first < tokens.size() && person_titles().count(words[first])) ++first;
      if (first < tokens.size() && looks_like_name_word(tokens[first]) && gaz_.match_at(words, first).empty()) {
        std::size_t k = first;
        std::vector<std::string> name_words;
        std::string display;
        while (k < tokens.size() && name_words.size() < 4 &&
               (looks_like_name_word(tokens[k]) ||
                (is_name_particle(words[k]) && k + 1 < tokens.size() && looks_like_name_word(tokens[k + 1])))) {
          if (k > first && tokens[k].sentence_start) break;
          // Words must be adjacent (a space or a hyphen between them).
          if (k > first && tokens[k].begin > tokens[k - 1].end + 1) break;
          name_words.push_back(words[k]);
          if (!display.empty()) display += " ";
          display += tokens[k].surface;
          ++k;
        }
        // A single capitalized word after a title is too weak ("President Assad" is in the
        // curated list; "General Assembly" is not a person).
        if (name_words.size() >= 2) {
          add(EntityKind::kPerson, slug(name_words), display, first, k, false, true);
          i = k;
          continue;
        }
      }
    }
    ++i;
  }
  return out;
}

Tags Tagger::tag(const std::vector<Token>& tokens) const {
  Collector actors, persons, places, regions, countries;
  for (const auto& m : mentions(tokens)) {
    switch (m.kind) {
      case EntityKind::kActor:
        actors.add(m.id, m.name, m.candidate);
        break;
      case EntityKind::kPerson:
        persons.add(m.id, m.name, m.candidate);
        break;
      case EntityKind::kPlace: {
        const Place* p = gaz_.place(m.id);
        if (!p) break;
        // The hierarchy: a place tags its region and its country.
        if (p->kind != "region") places.add(m.id, m.name, m.candidate);
        if (const Place* r = gaz_.region_of(*p)) regions.add(r->id, r->name);
        if (const auto* c = gaz_.country(p->country)) countries.add(c->code, c->name);
        break;
      }
      case EntityKind::kCountry:
        countries.add(m.id, m.name, m.candidate);
        break;
    }
  }
  return Tags{actors.take(), persons.take(), places.take(), regions.take(), countries.take()};
}

}  // namespace sitrep
