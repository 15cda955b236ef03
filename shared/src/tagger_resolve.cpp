// Name resolution: the reading of each gazetteer name, as veto → choose. First the vetoes
// (kVetoes, in order): the document's context says the words are not a name here ("May be",
// "the Niger River", a surname, "Asia", "Clayton Yeutter", a small town nothing else supports);
// curated actors have their own (kActorVetoes: an acronym without the actor's context, an alias
// before the actor existed). Then the choice among the readings that remain: the neighbouring
// place past a comma, a region word, then a country over its namesakes, or towns by the
// document's countries and regions, and a much better-known namesake over a GeoNames town whose
// region is not named. Each decision keeps its reason (Span::reason) and its confidence from the
// table in tagger_internal.h (the evidence thresholds: tagging::evidence).
#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "tagger_internal.h"

namespace sitrep::tagging {

std::string Document::country_of(const NameMatch& m) const {
  switch (m.kind) {
    case EntityKind::kCountry:
      return gaz_.countries()[m.index].code;
    case EntityKind::kPlace:
      return gaz_.places()[m.index].country;
    default:
      return {};
  }
}

std::string Document::region_of(const NameMatch& m) const {
  if (m.kind != EntityKind::kPlace) return {};
  return gaz_.places()[m.index].region_id;
}

// outer holds inner: a country its place, a region its town.
bool Document::contains(const NameMatch& outer, const NameMatch& inner) const {
  if (inner.kind != EntityKind::kPlace) return false;
  const Place& p = gaz_.places()[inner.index];
  if (outer.kind == EntityKind::kCountry) return !outer.demonym && gaz_.countries()[outer.index].code == p.country;
  if (outer.kind == EntityKind::kPlace) {
    const Place& r = gaz_.places()[outer.index];
    return r.kind == "region" && p.kind != "region" && p.region_id == r.id;
  }
  return false;
}

// Country and region support: how often the document names each country and region without
// ambiguity (by name, demonym, or one of its places).
void Document::gather_support() {
  for (const auto& s : spans_) {
    if (s.type != SpanType::kGaz || s.alts.empty()) continue;
    if (s.alts.front().kind == EntityKind::kActor || s.alts.front().kind == EntityKind::kPerson) continue;
    if (s.end - s.first == 1) {
      const Sense sn = sense(s.first);
      if (sn != Sense::kNone) continue;
    }
    const std::string c = country_of(s.alts.front());
    bool one_country = !c.empty();
    for (const auto& a : s.alts) one_country = one_country && country_of(a) == c;
    if (!one_country) continue;
    ++country_support_[c];
    const std::string r = s.alts.front().kind == EntityKind::kPlace
                              ? (gaz_.places()[s.alts.front().index].kind == "region"
                                     ? gaz_.places()[s.alts.front().index].id
                                     : region_of(s.alts.front()))
                              : std::string();
    bool one_region = !r.empty();
    for (const auto& a : s.alts) {
      const Place* p = a.kind == EntityKind::kPlace ? &gaz_.places()[a.index] : nullptr;
      one_region = one_region && p && (p->kind == "region" ? p->id : p->region_id) == r;
    }
    if (one_region) ++region_support_[r];
  }
}

bool Document::strong_place_context(const Span& s) const {
  const std::size_t i = s.first;
  if (i > 0 && is(i - 1, kPlacePrep) && !t_[i - 1].capitalized && t_[i].begin <= t_[i - 1].end + 1)
    return true;
  // "In Nice, ..." at a sentence start.
  if (i > 0 && is(i - 1, kPlacePrep) && t_[i - 1].sentence_start && t_[i].begin <= t_[i - 1].end + 1)
    return true;
  return false;
}


// ---- Veto ------------------------------------------------------------------------------------

const Document::Veto Document::kVetoes[] = {
    {&Document::country_before_feature, "veto: a country's name before a natural feature (\"the Niger River\")"},
    {&Document::month_as_date_or_verb, "veto: a month, used as a date or a verb"},
    {&Document::continent_name, "veto: the name of a continent, not a town"},
    {&Document::common_word_without_place, "veto: a common word or name, with no place context"},
    {&Document::lower_case_elsewhere, "veto: written in lower case elsewhere, capitalised only by its position"},
    {&Document::surname_of_a_person, "veto: the surname of a person the document names in full"},
    {&Document::town_inside_a_longer_name,
     "veto: a town's name beside another capitalised word (part of a longer name: \"Clayton Yeutter\")"},
    {&Document::small_town_without_evidence,
     "veto: a small town, with neither its country nor its region named and no place context"},
};

// Curated actors are kept unless one of these applies.
const Document::Veto Document::kActorVetoes[] = {
    {&Document::acronym_without_context,
     "veto: an acronym, with neither the actor's countries nor its full name in the document"},
    {&Document::before_the_actor_existed,
     "veto: an alias of an actor in an article from before the actor existed (only its full name counts)"},
};

Document::Context Document::context_of(const Span& s, std::size_t index) const {
  const std::size_t len = s.end - s.first;
  Context c{s, index, len, len == 1 ? sense(s.first) : Sense::kNone, {}, {}, false, strong_place_context(s)};
  // The neighbouring place past a comma: "Split, Croatia", "Atlanta, Georgia".
  auto neighbour = [&](std::size_t j) -> const Span* {
    if (j >= spans_.size() || spans_[j].type != SpanType::kGaz || spans_[j].alts.empty()) return nullptr;
    return &spans_[j];
  };
  if (const Span* next = neighbour(index + 1); next && next->first == s.end && after_comma(next->first)) {
    for (const auto& a : s.alts)
      for (const auto& b : next->alts)
        if (contains(b, a)) {
          c.held.push_back(a);
          break;
        }
  }
  if (index > 0)
    if (const Span* prev = neighbour(index - 1); prev && prev->end == s.first && after_comma(s.first)) {
      for (const auto& a : s.alts)
        for (const auto& b : prev->alts)
          if (contains(a, b)) {
            c.holding.push_back(a);
            break;
          }
    }
  c.neighbour = !c.held.empty() || !c.holding.empty();
  return c;
}

// A country before a natural feature: "the Niger River", "Jordan Valley".
bool Document::country_before_feature(const Context& c) const {
  const Span& s = c.span;
  if (c.neighbour || !(s.end < n_ && adjacent(s.end) && is(s.end, kFeature))) return false;
  return std::any_of(s.alts.begin(), s.alts.end(), [](const NameMatch& a) { return a.kind == EntityKind::kCountry; });
}

// Months as dates need a neighbouring place ("May, Nigeria"), and never "March 3" or "May be".
bool Document::month_as_date_or_verb(const Context& c) const {
  return c.sense == Sense::kMonth && (!c.neighbour || month_as_date(c.span.first));
}

// Common words need a strong context: "in Nice", "Nice, France". ("in Nour" after "Ahmed Hassan
// Nour" stays a place; a bare name-word is a person.)
bool Document::common_word_without_place(const Context& c) const {
  const bool common = c.sense == Sense::kWord || c.sense == Sense::kFunction || c.sense == Sense::kDirection ||
                      c.sense == Sense::kName;
  return common && !c.neighbour && !c.place_context;
}

// A word the text also writes in lower case, capitalised here only at a sentence start or in
// capitals, is not a name unless it is a country or has a place context.
bool Document::lower_case_elsewhere(const Context& c) const {
  const Span& s = c.span;
  if (c.sense != Sense::kNone || c.len != 1) return false;
  if (!(t_[s.first].sentence_start || t_[s.first].all_caps) || !lower_seen_.count(t_[s.first].norm)) return false;
  const bool country =
      std::any_of(s.alts.begin(), s.alts.end(), [](const NameMatch& a) { return a.kind == EntityKind::kCountry; });
  return !country && !c.neighbour && !c.place_context;
}

// A person's surname met earlier or later in the document, not in a place context (run() tags
// the surname as the person).
bool Document::surname_of_a_person(const Context& c) const {
  const Span& s = c.span;
  if (c.len != 1 || c.neighbour || c.place_context) return false;
  auto it = surnames_.find(t_[s.first].norm);
  return it != surnames_.end() && it->second.words >= 2 && t_[s.first].capitalized;
}

// "Asia", "Europe": a continent, not the town of that name (a comma neighbour aside).
bool Document::continent_name(const Context& c) const {
  if (c.len != 1 || c.neighbour || !is(c.span.first, kContinent)) return false;
  return std::none_of(c.span.alts.begin(), c.span.alts.end(),
                      [](const NameMatch& a) { return a.kind == EntityKind::kCountry; });
}

// "Clayton Yeutter", "Piedmont Aviation", "Banque Centrale": a town or region of GeoNames and
// iso-codes alone (no curated place, no country of that name) beside a capitalised word no list
// knows is part of a longer name, not the place. Region, feature, organisation and team words make
// their own readings; "Greater London" is London.
bool Document::town_inside_a_longer_name(const Context& c) const {
  const Span& s = c.span;
  if (c.neighbour || c.len != 1 || t_[s.first].all_caps) return false;
  for (const auto& a : s.alts)
    if (a.kind != EntityKind::kPlace || gaz_.places()[a.index].source == Place::Source::kCurated) return false;
  // A capitalised word no list knows, beside the town in the same sentence ("Banque Centrale").
  auto unknown_name_word = [&](std::size_t k) {
    if (!t_[k].capitalized || t_[k].all_caps || t_[k].numeric || gaz_at(k) || sense(k) != Sense::kNone) return false;
    return !is(k, kRegionWord | kFeature | kThing | kOrg | kSaid | kTitle | kTeamSuffix | kTeamPrefix |
                      kAbbreviation | kMonthWord | kPlacePrep | kParticle | kAgency | kInstitution);
  };
  const std::size_t k = s.end;
  if (k < n_ && adjacent(k) && unknown_name_word(k)) return true;
  const std::size_t p = s.first;
  return c.len == 1 && p > 0 && adjacent(p) && !t_[p - 1].sentence_start && unknown_name_word(p - 1) && t_[p - 1].norm != "greater";
}

// "Harper said", "Bari" in a story from Syria: a GeoNames town of under kSmallTown inhabitants
// whose country and region no other name of the document gives, outside a place context, a
// dateline or a comma neighbour, is more often a surname or a word than that town.
bool Document::small_town_without_evidence(const Context& c) const {
  const Span& s = c.span;
  if (c.neighbour || c.place_context) return false;
  if (t_[s.first].sentence_start && s.end < n_ && (after_comma(s.end) || t_[s.end].numeric)) return false;
  for (const auto& a : s.alts) {
    if (a.kind != EntityKind::kPlace) return false;
    const Place& p = gaz_.places()[a.index];
    if (p.source != Place::Source::kGeoNames || p.kind == "region" || p.population >= evidence::kSmallTown)
      return false;
  }
  const std::string own = t_[s.first].norm;
  for (const auto& o : spans_) {
    if (o.type != SpanType::kGaz || o.alts.empty() || t_[o.first].norm == own) continue;
    for (const auto& b : o.alts) {
      const std::string oc = country_of(b), orr = region_key(b);
      for (const auto& a : s.alts)
        if ((!oc.empty() && oc == country_of(a)) || (!orr.empty() && orr == region_key(a))) return false;
    }
  }
  return true;
}

// "FSB", "STC": an actor's acronym needs the actor's context, one of its countries named in the
// document or its name written out, unless the actor is international (a UN body, an NGO).
bool Document::acronym_without_context(const Context& c) const {
  const NameMatch& m = c.span.alts.front();
  if (m.kind != EntityKind::kActor || c.len != 1 || !m.capitals) return false;
  if (t_[c.span.first].surface.size() > evidence::kAcronymLetters) return false;
  const Actor& actor = gaz_.actors()[m.index];
  if (actor.kind == "intergovernmental" || actor.kind == "ngo") return false;
  for (const auto& country : actor.countries)
    if (support(country_support_, country) > 0) return false;
  for (const auto& o : spans_)
    if (o.type == SpanType::kGaz && !o.alts.empty() && o.alts.front().kind == EntityKind::kActor &&
        o.alts.front().index == m.index && !o.alts.front().capitals)
      return false;
  return true;
}

// "Wagner" in 1987: an actor's alias in an article published before the actor existed.
bool Document::before_the_actor_existed(const Context& c) const {
  const NameMatch& m = c.span.alts.front();
  if (m.kind != EntityKind::kActor || year_ <= 0 || !m.alias) return false;
  const int since = gaz_.actors()[m.index].since;
  return since > 0 && year_ < since - evidence::kYearsBeforeActive;
}

// ---- Choose ----------------------------------------------------------------------------------

int Document::support(const std::unordered_map<std::string, int>& counts, const std::string& key) const {
  if (key.empty()) return 0;
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

// The region a reading counts for: a region itself, or a place's region.
std::string Document::region_key(const NameMatch& a) const {
  if (a.kind != EntityKind::kPlace) return {};
  const Place& p = gaz_.places()[a.index];
  return p.kind == "region" ? p.id : p.region_id;
}

// A country keeps its name unless a place of the other reading's region is named too ("Georgia"
// near "Atlanta").
Document::Choice Document::choose_among_countries(const std::vector<NameMatch>& pool, double confidence) const {
  const NameMatch& country =
      *std::find_if(pool.begin(), pool.end(), [](const NameMatch& a) { return a.kind == EntityKind::kCountry; });
  Choice choice{country, std::min(confidence, confidence::kCountryOverPlaces),
                "a country, over places of the same name"};
  const int own = support(country_support_, country_of(country));
  int best = 0;
  for (const auto& a : pool) {
    if (a.kind == EntityKind::kCountry) continue;
    const int r = support(region_support_, region_key(a));
    if (r > best && support(country_support_, country_of(a)) > own) {
      best = r;
      choice = {a, confidence::kPlaceOverCountry, "a place of a region the document names, over the country"};
    }
  }
  return choice;
}

Document::Choice Document::choose(const Context& c) const {
  const Span& s = c.span;
  std::vector<NameMatch> pool = !c.held.empty() ? c.held : (!c.holding.empty() ? c.holding : s.alts);
  double confidence = confidence::kCurated;
  std::string_view reason = "the only reading";
  if (c.neighbour) {
    confidence = confidence::kNeighbour;
    reason = "the neighbouring place past a comma";
  }
  if (c.sense != Sense::kNone) {
    confidence = std::min(confidence, confidence::kCommonWordAsPlace);
    if (!c.neighbour) reason = "a common word or name, in a place context";
  }
  // "Idlib province": the region.
  if (pool.size() > 1 && s.end < n_ && adjacent(s.end) && is(s.end, kRegionWord)) {
    std::vector<NameMatch> regions;
    for (const auto& a : pool)
      if (a.kind == EntityKind::kPlace && gaz_.places()[a.index].kind == "region") regions.push_back(a);
    if (!regions.empty()) pool = regions;
    if (pool.size() == 1) reason = "the region, before a region word";
  }
  if (pool.size() == 1) return {pool.front(), confidence, reason};
  if (std::any_of(pool.begin(), pool.end(), [](const NameMatch& a) { return a.kind == EntityKind::kCountry; }))
    return choose_among_countries(pool, confidence);
  // Towns and regions: the document's countries first, then the region's other places, then the
  // gazetteer's order (curated places, GeoNames towns by population, regions).
  auto key = [&](const NameMatch& a) {
    return std::make_pair(support(country_support_, country_of(a)), support(region_support_, region_key(a)));
  };
  Choice choice{pool.front(), confidence, "the gazetteer's order (curated, then by population)"};
  auto best_key = key(pool.front());
  for (const auto& a : pool) {
    auto k = key(a);
    if (k > best_key) {
      best_key = k;
      choice.match = a;
      choice.reason = "the document's countries and regions";
    }
  }
  const bool same_country = std::all_of(pool.begin(), pool.end(),
                                        [&](const NameMatch& a) { return country_of(a) == country_of(pool.front()); });
  if (!same_country)
    choice.confidence = std::min(
        confidence, best_key.first > 0 ? confidence::kPlaceByDocument : confidence::kPlaceByGazetteerOrder);
  return better_known_namesake(pool, choice);
}

// A GeoNames town chosen by the document's countries ("Geneva" in an article naming the United
// States: Geneva, Illinois) whose namesake is much better known (kBetterKnownRatio times its
// population: Geneva, Switzerland) needs its own region named in the article; without it, the
// better-known place. Curated places keep the document's choice.
Document::Choice Document::better_known_namesake(const std::vector<NameMatch>& pool, Choice choice) const {
  const NameMatch& chosen = choice.match;
  if (chosen.kind != EntityKind::kPlace) return choice;
  const Place& p = gaz_.places()[chosen.index];
  if (p.source != Place::Source::kGeoNames || support(region_support_, region_key(chosen)) > 0) return choice;
  const NameMatch* best = nullptr;
  long best_population = 0;
  for (const auto& a : pool) {
    if (a.kind != EntityKind::kPlace) continue;
    const Place& q = gaz_.places()[a.index];
    if (q.kind == "region" || q.population <= best_population) continue;
    best = &a;
    best_population = q.population;
  }
  if (!best || best->index == chosen.index ||
      best_population < evidence::kBetterKnownRatio * std::max(p.population, 1L))
    return choice;
  return {*best, std::min(choice.confidence, confidence::kBetterKnownPlace),
          "a much better-known place of that name (the other's region is not named)"};
}

// Chooses the reading of a gazetteer name: leaves it first in s.alts with its confidence and
// reason, or clears s.alts when a veto says the words are not a name here.
void Document::resolve(Span& s, std::size_t index) {
  auto& alts = s.alts;
  // The first veto of a table that applies drops the words, with its reason.
  auto vetoed = [&](const auto& table, const Context& c) {
    for (const Veto& veto : table)
      if ((this->*veto.applies)(c)) {
        drop(s, veto.reason);
        alts.clear();
        return true;
      }
    return false;
  };
  const NameMatch top = alts.front();
  if (s.strong) {  // segment() made it a place (its confidence and reason are set)
    alts.resize(1);
    return;
  }
  if (top.kind == EntityKind::kActor && vetoed(kActorVetoes, context_of(s, index))) return;
  if (top.kind == EntityKind::kActor || top.kind == EntityKind::kPerson || top.demonym) {
    s.confidence = confidence::kCurated;
    s.reason = "a curated actor, person or demonym";
    if (top.kind == EntityKind::kPerson && plural_person_at_.count(s.first)) {
      s.confidence = confidence::kPluralOfCurated;
      s.reason = "a curated person's name with an s after it (\"Bashar al-Assads\")";
    }
    alts.resize(1);
    return;
  }
  const Context c = context_of(s, index);
  if (vetoed(kVetoes, c)) return;
  const Choice choice = choose(c);
  s.confidence = choice.confidence;
  s.reason = choice.reason;
  alts.assign(1, choice.match);
}

}  // namespace sitrep::tagging
