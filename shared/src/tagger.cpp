#include "sitrep/tagger.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "tagger_internal.h"

namespace sitrep {
namespace tagging {
namespace {

// A gazetteer name found in running text counts when written like a name: at least one of its
// words is capitalized or in a script without case; never an all-lower-case Latin word.
bool written_as_name(const std::vector<Token>& tokens, std::size_t i, std::size_t len) {
  for (std::size_t k = i; k < i + len; ++k)
    if (tokens[k].capitalized || tokens[k].all_caps || caseless(tokens[k])) return true;
  return false;
}

std::string slug(const std::vector<Token>& tokens, std::size_t first, std::size_t end) {
  std::string s;
  for (std::size_t k = first; k < end; ++k) {
    if (!s.empty()) s.push_back('-');
    s += tokens[k].norm;
  }
  return s;
}

// A word without its possessive: "Reagan's", "Reagan’s" -> "Reagan".
std::string_view without_possessive(std::string_view w) {
  for (std::string_view ending : {"'s", "'S", "\u2019s", "\u2019S"})
    if (w.size() > ending.size() && w.substr(w.size() - ending.size()) == ending) return w.substr(0, w.size() - ending.size());
  return w;
}

// Display text of tokens [first, end): the words with a space between them, or a hyphen where
// the text had one word-adjacent separator byte that the next word's position shows; the last
// word without its possessive (the name is the same in "Reagan's").
// The tokens hold no separator, so a short lower-case particle one byte before the next word
// ("al Assad" or "al-Assad", "ez-Zor") is joined by a hyphen; English function words never are
// ("Bank of England", "Securities and Exchange Commission").
bool english_joiner(std::string_view norm) {
  for (std::string_view w : {"and", "of", "the", "for", "in", "on", "to", "by", "or", "at", "a"})
    if (norm == w) return true;
  return false;
}

std::string display(const std::vector<Token>& tokens, std::size_t first, std::size_t end) {
  std::string s;
  for (std::size_t k = first; k < end; ++k) {
    if (k > first) s += (tokens[k].begin == tokens[k - 1].end + 1 && tokens[k - 1].norm.size() <= 3 &&
                         !tokens[k - 1].capitalized && !english_joiner(tokens[k - 1].norm))
                            ? "-"
                            : " ";
    s += k + 1 == end ? without_possessive(tokens[k].surface) : std::string_view(tokens[k].surface);
  }
  return s;
}

}  // namespace

void Document::add(std::vector<Mention>& out, EntityKind kind, std::string id, std::string name, std::size_t first,
                   std::size_t end, bool demonym, bool candidate, double confidence, std::string_view reason) const {
  // A lower-case "the" before a name is not part of it ("the Netherlands").
  while (end - first > 1 && t_[first].norm == "the" && !t_[first].capitalized) ++first;
  Mention m;
  m.kind = kind;
  m.id = std::move(id);
  m.name = std::move(name);
  m.first_token = first;
  m.end_token = end;
  m.begin = t_[first].begin;
  m.end = t_[end - 1].end;
  m.demonym = demonym;
  m.candidate = candidate;
  m.confidence = confidence;
  m.reason = reason;
  out.push_back(std::move(m));
}

void Document::add_known(std::vector<Mention>& out, const Known& k, std::size_t first, std::size_t end,
                         double confidence) const {
  add(out, EntityKind::kPerson, k.id, k.name, first, end, false, !k.curated,
      k.curated ? confidence::kSurnameOfCurated
                : std::min(confidence::kSurnameAtMost, confidence * confidence::kSurnameFactor),
      k.curated ? "the surname of a curated person named in full" : "the surname of a person named in full");
}

// A name a veto dropped, as its first reading (with explain only).
void Document::drop(const Span& s, std::string_view reason) {
  if (!explain_) return;
  const NameMatch& m = s.alts.front();
  const std::string id = gaz_.id_of(m);
  add(dropped_, m.kind, id, gaz_.display_name(m.kind, id), s.first, s.end, m.demonym, false, confidence::kDropped,
      reason);
}

void Document::emit_gaz(const Span& s, const NameMatch& m, double confidence, std::vector<Mention>& out) const {
  switch (m.kind) {
    case EntityKind::kActor: {
      const auto& a = gaz_.actors()[m.index];
      add(out, m.kind, a.id, a.name, s.first, s.end, false, false, confidence, s.reason);
      break;
    }
    case EntityKind::kPerson: {
      const auto& p = gaz_.persons()[m.index];
      add(out, m.kind, p.id, p.name, s.first, s.end, false, false, confidence, s.reason);
      // "King Abdullah of Jordan": the country named inside a person's title.
      for (std::size_t k = s.first + 1; k + 1 < s.end; ++k) {
        if (t_[k].norm != "of") continue;
        for (const auto& c : gm_[k + 1])
          if (c.kind == EntityKind::kCountry && !c.demonym && k + 1 + c.length <= s.end) {
            const auto& country = gaz_.countries()[c.index];
            add(out, EntityKind::kCountry, country.code, country.name, k + 1, k + 1 + c.length, false, false,
                confidence::kCountryInTitle, "the country in a curated person's title");
            break;
          }
      }
      break;
    }
    case EntityKind::kPlace: {
      const auto& p = gaz_.places()[m.index];
      add(out, m.kind, p.id, p.name, s.first, s.end, false, false, confidence, s.reason);
      break;
    }
    case EntityKind::kCountry: {
      const auto& c = gaz_.countries()[m.index];
      add(out, m.kind, c.code, c.name, s.first, s.end, m.demonym, false, confidence, s.reason);
      break;
    }
  }
}

// Each word's bits and the gazetteer names written as names that start at it.
void Document::read_words() {
  words_.reserve(n_);
  f_.resize(n_);
  for (std::size_t i = 0; i < n_; ++i) {
    words_.push_back(t_[i].norm);
    auto it = lex_.words.find(t_[i].norm);
    if (it != lex_.words.end()) f_[i] = it->second;
  }
  gm_.resize(n_);
  for (std::size_t i = 0; i < n_; ++i) {
    auto ms = gaz_.match_at(words_, i);
    if (ms.empty()) continue;
    if (!name_like(t_[i])) lower_seen_.insert(t_[i].norm);
    // A short word in capitals outside a headline or a dateline is an acronym ("SANA", the news
    // agency; "ICO", the coffee organisation): it reads a name the lists write otherwise ("Sana",
    // an alias of Sanaa; the town Icó) only when that is the own name of a country, an actor or a
    // person ("IRAN", "HAMAS").
    const bool dateline = t_[i].sentence_start && i + 1 < n_ && (after_comma(i + 1) || t_[i + 1].numeric);
    const bool acronym = t_[i].all_caps && t_[i].surface.size() <= evidence::kAcronymLetters &&
                         !all_caps_context(i) && !dateline;
    // A news agency's name ("Sana reported") is the agency, not a town's alias ("Sana" for Sanaa)
    // or a GeoNames town of that name, unless a preposition of place comes before it.
    const bool agency = is(i, kAgency) && !(i > 0 && is(i - 1, kPlacePrep));
    for (auto& m : ms) {
      if (acronym && m.length == 1 && !m.capitals && (m.alias || m.kind == EntityKind::kPlace)) continue;
      if (agency && m.length == 1 && m.kind == EntityKind::kPlace &&
          (m.alias || gaz_.places()[m.index].source != Place::Source::kCurated))
        continue;
      if (m.any_case || written_as_name(t_, i, m.length)) gm_[i].push_back(m);
    }
  }
  read_plural_persons();
}

// "Bashar al-Assads", "Donald Trumps": a curated person's full name with an s after its last
// word (a misspelt possessive, a plural) is that person.
void Document::read_plural_persons() {
  constexpr std::size_t kLongest = 4;  // words of a person's name looked back over
  for (std::size_t k = 1; k < n_; ++k) {
    std::string& w = words_[k];
    if (!t_[k].capitalized || w.size() < 4 || w.back() != 's' || w[w.size() - 2] == 's') continue;
    const std::string saved = w;
    w.pop_back();
    for (std::size_t i = k >= kLongest ? k - kLongest + 1 : 0; i < k; ++i) {
      if (!gm_[i].empty() && gm_[i].front().length > k - i) continue;
      for (const auto& m : gaz_.match_at(words_, i))
        if (m.kind == EntityKind::kPerson && i + m.length == k + 1 && cap(i)) {
          gm_[i].insert(gm_[i].begin(), m);
          plural_person_at_.insert(i);
          break;
        }
    }
    w = saved;
  }
}

// The persons of the document by surname, for "Nour" after "Ahmed Hassan Nour": rule-found
// persons (the longest name, a title or first name first), then curated ones ("Naim Qassem" ...
// "Qassem said").
void Document::remember_surnames() {
  for (const auto& s : spans_) {
    if (s.type != SpanType::kPerson) continue;
    const std::size_t last = s.end - 1;
    const std::size_t words = s.end - s.first;
    Known k{slug(t_, s.first, s.end), display(t_, s.first, s.end), s.in_persons, s.confidence, words};
    auto [it, inserted] = surnames_.try_emplace(t_[last].norm, k);
    if (!inserted && !it->second.curated &&
        (words > it->second.words || (words == it->second.words && s.in_persons && !it->second.in_persons)))
      it->second = k;
  }
  for (const auto& s : spans_) {
    if (s.type != SpanType::kGaz || s.alts.empty() || s.alts.front().kind != EntityKind::kPerson) continue;
    if (s.end - s.first < 2 || !t_[s.end - 1].capitalized) continue;
    const auto& p = gaz_.persons()[s.alts.front().index];
    surnames_[t_[s.end - 1].norm] = Known{p.id, p.name, true, confidence::kCurated, s.end - s.first, true};
  }
}

// A curated person written with an s after the name ("the Assads", "Donald Trumps"): the person.
bool Document::plural_of_curated(const Span& s, std::vector<Mention>& out) const {
  const std::string& last = t_[s.end - 1].norm;
  if (last.size() < 4 || last.back() != 's' || last[last.size() - 2] == 's') return false;
  std::vector<std::string> words(words_.begin() + static_cast<std::ptrdiff_t>(s.first),
                                 words_.begin() + static_cast<std::ptrdiff_t>(s.end));
  words.back().pop_back();
  for (const auto& m : gaz_.match_at(words, 0))
    if (m.kind == EntityKind::kPerson && m.length == words.size()) {
      const auto& p = gaz_.persons()[m.index];
      add(out, EntityKind::kPerson, p.id, p.name, s.first, s.end, false, false, confidence::kPluralOfCurated,
          "a curated person's name with an s after it (\"the Assads\")");
      return true;
    }
  if (s.end - s.first != 1) return false;
  auto it = surnames_.find(words.back());
  if (it == surnames_.end() || !it->second.curated) return false;
  add_known(out, it->second, s.first, s.end, it->second.confidence);
  return true;
}

// A name found by rule: a person (or a known person's surname), an organisation or a place.
void Document::emit_rule(const Span& s, std::vector<Mention>& out) {
  if (s.type == SpanType::kPerson) {
    if (plural_of_curated(s, out)) return;
    auto it = surnames_.find(t_[s.end - 1].norm);
    if (s.end - s.first == 1 && it != surnames_.end() && it->second.words > 1) {
      const Known& k = it->second;
      add_known(out, k, s.first, s.end, std::max(s.confidence, k.confidence));
      if (!k.in_persons && s.in_persons) surnames_[t_[s.end - 1].norm].in_persons = true;
    } else {
      add(out, EntityKind::kPerson, slug(t_, s.first, s.end), display(t_, s.first, s.end), s.first, s.end, false,
          true, s.confidence, s.reason);
    }
    return;
  }
  const EntityKind kind = s.type == SpanType::kOrg ? EntityKind::kActor : EntityKind::kPlace;
  add(out, kind, slug(t_, s.first, s.end), display(t_, s.first, s.end), s.first, s.end, false, true, s.confidence,
      s.reason);
}

// A resolved gazetteer name: its reading, or for a dropped one-word name, a person's surname or a
// person by a cue.
void Document::emit_resolved(const Span& s, std::vector<Mention>& out) const {
  if (!s.alts.empty()) {
    // resolve() leaves the chosen reading first and its confidence in s.confidence.
    emit_gaz(s, s.alts.front(), s.confidence, out);
    return;
  }
  if (s.end - s.first != 1) return;
  auto it = surnames_.find(t_[s.first].norm);
  if (it != surnames_.end() && sense(s.first) != Sense::kWord && sense(s.first) != Sense::kFunction) {
    add_known(out, it->second, s.first, s.end, it->second.confidence);
  } else if (sense(s.first) == Sense::kName) {
    Span c;
    if (cue_rules(s.first, c) && c.type == SpanType::kPerson)
      add(out, EntityKind::kPerson, slug(t_, c.first, c.end), display(t_, c.first, c.end), c.first, c.end, false,
          true, c.confidence, c.reason);
  }
}

// Surnames alone outside every span ("Nour denied it").
void Document::add_lone_surnames(const std::vector<bool>& covered, std::vector<Mention>& out) const {
  for (std::size_t k = 0; k < n_; ++k) {
    if (covered[k] || !t_[k].capitalized || t_[k].all_caps) continue;
    auto it = surnames_.find(t_[k].norm);
    if (it == surnames_.end() || it->second.words < 2) continue;
    if (sense(k) == Sense::kWord || sense(k) == Sense::kFunction || sense(k) == Sense::kMonth) continue;
    if (t_[k].sentence_start && lower_seen_.count(t_[k].norm)) continue;
    add_known(out, it->second, k, k + 1, it->second.confidence);
  }
}

std::vector<Mention> Document::run() {
  read_words();
  segment();
  find_teams();
  persons_named_as_organisations();
  gather_support();
  remember_surnames();
  std::vector<Mention> out;
  std::vector<bool> covered(n_, false);
  for (std::size_t j = 0; j < spans_.size(); ++j) {
    Span& s = spans_[j];
    if (s.type == SpanType::kGaz) {
      resolve(s, j);
      emit_resolved(s, out);
    } else {
      emit_rule(s, out);
    }
    for (std::size_t k = s.first; k < s.end; ++k) covered[k] = true;
  }
  add_lone_surnames(covered, out);
  std::stable_sort(out.begin(), out.end(),
                   [](const Mention& a, const Mention& b) { return a.first_token < b.first_token; });
  return out;
}

namespace {

// ---- Aggregation ------------------------------------------------------------------------------

class Collector {
 public:
  void add(const std::string& id, const std::string& name, EntityKind kind, bool candidate, double confidence,
           int mentions = 1) {
    auto [it, inserted] = tags_.try_emplace(id, EntityTag{id, name, 0, candidate, kind, confidence});
    it->second.mentions += mentions;
    it->second.confidence = std::max(it->second.confidence, confidence);
    // A curated mention of the same id makes it curated.
    it->second.candidate = it->second.candidate && candidate;
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
}  // namespace tagging

Tagger::Tagger(const Gazetteer& gazetteer) : Tagger(gazetteer, Gazetteer::default_data_dir()) {}

Tagger::Tagger(const Gazetteer& gazetteer, const std::string& data_dir)
    : gaz_(gazetteer), lex_(tagging::load_lexicon(data_dir, gazetteer.analyzer())) {}

Tags Tagger::tag(std::string_view text, int year) const { return tag(gaz_.analyzer().tokenize(text), year); }

std::string_view Tagger::common_word_sense(std::string_view folded) const {
  const auto it = lex_->words.find(std::string(folded));
  if (it == lex_->words.end()) return "";
  switch (static_cast<Sense>(it->second & kSenseMask)) {
    case Sense::kMonth:
      return "month";
    case Sense::kDirection:
      return "direction";
    case Sense::kName:
      return "name";
    case Sense::kWord:
      return "word";
    case Sense::kFunction:
      return "function";
    case Sense::kNone:
      break;
  }
  return "";
}

bool Tagger::is_common_word(std::string_view folded) const {
  const auto sense = common_word_sense(folded);
  return sense == "word" || sense == "function" || sense == "direction" || sense == "month";
}

std::vector<Mention> Tagger::mentions(const std::vector<Token>& tokens, int year) const {
  tagging::Document doc(gaz_, *lex_, tokens, /*explain=*/false, year);
  return doc.run();
}

Tagger::Explanation Tagger::explain(const std::vector<Token>& tokens, int year) const {
  tagging::Document doc(gaz_, *lex_, tokens, /*explain=*/true, year);
  Explanation out;
  out.mentions = doc.run();
  out.dropped = doc.take_dropped();
  return out;
}

Tags Tagger::tag(const std::vector<Token>& tokens, int year) const {
  tagging::Collector actors, persons, places, regions, countries, candidates;
  // A rule-found person no surer than a reporting cue alone makes it.
  constexpr double kCuedAtMost = tagging::confidence::kCuedPersonAtMost + 1e-9;
  const auto ms = mentions(tokens, year);
  // Persons by a reporting cue alone go with the candidates, unless a title or a first name
  // named the same person elsewhere in the document.
  std::unordered_set<std::string> cued_persons;
  for (const auto& m : ms)
    if (m.kind == EntityKind::kPerson && m.candidate && m.confidence <= kCuedAtMost) cued_persons.insert(m.id);
  for (const auto& m : ms)
    if (m.kind == EntityKind::kPerson && (!m.candidate || m.confidence > kCuedAtMost)) cued_persons.erase(m.id);
  for (const auto& m : ms) {
    switch (m.kind) {
      case EntityKind::kActor:
        if (m.candidate)
          candidates.add(m.id, m.name, m.kind, true, m.confidence);
        else
          actors.add(m.id, m.name, m.kind, false, m.confidence);
        break;
      case EntityKind::kPerson:
        if (m.candidate && cued_persons.count(m.id))
          candidates.add(m.id, m.name, m.kind, true, m.confidence);
        else
          persons.add(m.id, m.name, m.kind, m.candidate, m.confidence);
        break;
      case EntityKind::kPlace: {
        if (m.candidate) {
          candidates.add(m.id, m.name, m.kind, true, m.confidence);
          break;
        }
        const Place* p = gaz_.place(m.id);
        if (!p) break;
        // The hierarchy: a place tags its region and its country.
        if (p->kind != "region") places.add(m.id, m.name, m.kind, false, m.confidence);
        if (const Place* r = gaz_.region_of(*p)) regions.add(r->id, r->name, EntityKind::kPlace, false, m.confidence);
        if (const auto* c = gaz_.country(p->country))
          countries.add(c->code, c->name, EntityKind::kCountry, false, m.confidence);
        break;
      }
      case EntityKind::kCountry:
        countries.add(m.id, m.name, m.kind, m.candidate, m.confidence);
        break;
    }
  }
  Tags tags{actors.take(), persons.take(), places.take(), regions.take(), countries.take(), candidates.take(), {}};
  // The countries' world regions, counting their countries' mentions.
  tagging::Collector world_regions;
  for (const auto& t : tags.countries)
    if (const auto* c = gaz_.country(t.id); c && !c->world_region.empty())
      world_regions.add(c->world_region, c->world_region_name, EntityKind::kPlace, t.candidate, t.confidence,
                        t.mentions);
  tags.world_regions = world_regions.take();
  return tags;
}

}  // namespace sitrep