// Segmentation: the words of a document cut into spans, each a gazetteer name (with its readings,
// resolved later) or a name found by rule: persons (a title, a first name, an initial, a
// reporting cue), organisations (a head word, a news agency, an acronym, a team before a score)
// and places (after a preposition, before a region word).
#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "tagger_internal.h"

namespace sitrep::tagging {

bool Document::name_word(std::size_t k, bool allow_gaz, bool allow_word) const {
  if (k >= n_ || !cap(k)) return false;
  const Sense s = sense(k);
  if ((s == Sense::kWord && !allow_word) || s == Sense::kFunction || s == Sense::kDirection) return false;
  if (s == Sense::kMonth && month_as_date(k)) return false;
  if (is(k, kTitle | kOrg | kThing | kFeature | kRegionWord | kSaid | kAgency)) return false;
  if (gaz_at(k)) {
    for (const auto& m : gm_[k])
      if (m.kind == EntityKind::kActor || m.kind == EntityKind::kPerson || m.demonym || m.length > 1) return false;
    if (!allow_gaz && s != Sense::kName) return false;
  }
  return true;
}

// End of a person's name starting at s: up to four capitalised words (particles allowed inside),
// adjacent, in one sentence.
std::size_t Document::person_end(std::size_t s, bool allow_gaz, bool allow_word, std::size_t before) const {
  std::size_t k = s, words = 0;
  while (k < n_ && words < 4) {
    if (k > s && !adjacent(k) && !after_initial(k)) break;
    // "Kevin Kennedy Regional Humanitarian Coordinator": after two name words, capitalised words
    // that lead to a title are the title's ("Regional Humanitarian"), not the name's.
    if (words + before >= 2 && cap(k)) {
      std::size_t j = k;
      while (j < n_ && j - k < 2 && adjacent(j) && cap(j) && !is(j, kTitle)) ++j;
      if (j > k && j < n_ && adjacent(j) && t_[j].capitalized && is(j, kTitle)) break;
    }
    if (k > s && is(k, kParticle) && !t_[k].capitalized && k + 1 < n_ && adjacent(k + 1) &&
        name_word(k + 1, allow_gaz)) {
      ++k;
      continue;
    }
    if (!name_word(k, allow_gaz, allow_word)) break;
    ++k;
    ++words;
  }
  return k;
}

// End of an organisation's name starting at i, or i when there is none: a run of capitalised
// words (with "of", "for", "and", "the" inside) whose last head word is an organisation word;
// "of"/"for" and capitalised words after the head belong to it ("Ministry of Defence").
std::size_t Document::org_end(std::size_t i) const {
  static const std::unordered_set<std::string_view> kConnectors = {"of", "for", "and", "the", "de", "du", "des", "la", "le", "al", "el", "&"};
  if (!cap(i)) return i;
  // Team prefix + town: "FC Porto", "Real Madrid".
  if (is(i, kTeamPrefix) && i + 1 < n_ && adjacent(i + 1) && has_kind(i + 1, EntityKind::kPlace) &&
      gm_[i + 1].front().length == 1)
    return i + 2;
  // An all-caps word (an acronym: "U.S. Municipal Desk", "NEC Nijmegen") only before mixed case.
  auto acronym = [&](std::size_t k) { return t_[k].all_caps && t_[k].surface.size() <= 5; };
  if (t_[i].all_caps && !(acronym(i) && i + 1 < n_ && adjacent(i + 1) && !t_[i + 1].all_caps)) return i;
  const Sense s0 = sense(i);
  if ((s0 == Sense::kFunction && !is(i, kOrg)) || s0 == Sense::kMonth) return i;
  if (is(i, kSaid | kTitle)) return i;
  std::size_t k = i, head = i;
  bool found = false;
  while (k < n_ && k - i < 8) {
    if (k > i && !adjacent(k)) break;
    const auto& w = t_[k].norm;
    if (k > i && kConnectors.count(w) && !t_[k].capitalized) {
      // "of", "for", "the" only after the head word ("Bank of England"; not "Students of ...");
      // "and" before it too ("Securities and Exchange Commission").
      const bool before_head_ok = w == "and" || w == "&";
      if ((found || before_head_ok) && k + 1 < n_ && adjacent(k + 1) && cap(k + 1) && !t_[k + 1].all_caps) {
        ++k;
        continue;
      }
      break;
    }
    if (!cap(k) || t_[k].numeric) break;
    if (t_[k].all_caps && !(acronym(k) && k + 1 < n_ && adjacent(k + 1) && !t_[k + 1].all_caps)) break;
    if (k > i && sense(k) == Sense::kFunction && !is(k, kOrg)) break;
    if (is(k, kOrg) || (k > i && is(k, kTeamSuffix))) {
      head = k;
      found = true;
    }
    ++k;
  }
  if (!found) return i;
  std::size_t end = head + 1;
  // "Ministry of Defence", "Organization for Security and Cooperation in Europe".
  if (end + 1 < n_ && (t_[end].norm == "of" || t_[end].norm == "for") && !t_[end].capitalized && adjacent(end) &&
      adjacent(end + 1) && cap(end + 1) && !t_[end + 1].all_caps) {
    std::size_t e = end + 1;
    std::size_t tail = 0;
    while (e < n_ && tail < 5 && adjacent(e)) {
      if ((t_[e].norm == "and" || t_[e].norm == "the" || t_[e].norm == "of" || t_[e].norm == "in") &&
          !t_[e].capitalized && e + 1 < n_ && adjacent(e + 1) && cap(e + 1) && !t_[e + 1].all_caps) {
        ++e;
        continue;
      }
      if (!cap(e) || t_[e].all_caps || t_[e].numeric) break;
      ++e;
      ++tail;
    }
    end = e;
  }
  if (end == i + 1) return i;  // a head word alone is not a name ("Army", "Council")
  return end;
}

// "President Bashar al-Assad", "Spokesman Karim Haddad", "Mr Nour": the name after the titles.
bool Document::title_rule(std::size_t i, Span& out) const {
  if (!is(i, kTitle)) return false;
  std::size_t first = i + 1;
  bool honor = is(i, kHonorific), personal = is(i, kPersonal);
  while (first < n_ && is(first, kTitle) && (first == i + 1 || adjacent(first))) {
    honor = honor || is(first, kHonorific);
    personal = personal || is(first, kPersonal);
    ++first;
  }
  if (first >= n_ || !adjacent(first) || !cap(first)) return false;
  for (const auto& m : gm_[first])
    if (m.kind == EntityKind::kActor || m.kind == EntityKind::kPerson) return false;  // the gazetteer's
  const std::size_t end = person_end(first, true);
  std::size_t words = 0;
  for (std::size_t k = first; k < end; ++k) words += is(k, kParticle) && !t_[k].capitalized ? 0 : 1;
  if (words == 0) return false;
  if (words == 1) {
    // One word after a title is a name only after an honorific ("General Assembly" is not), and
    // a country only after a private person's one ("Mr Jordan", but not "President Jordan").
    if (!honor) return false;
    if (has_kind(first, EntityKind::kCountry) && !personal) return false;
    if (t_[first].all_caps) return false;
  }
  out.set(SpanType::kPerson, first, end,
          words >= 2 ? confidence::kTitleAndNames : confidence::kHonorificAndName,
          words >= 2 ? "rule: a title before the name" : "rule: an honorific before one name word");
  out.in_persons = true;
  out.honorific = words == 1;
  return true;
}

// "Ahmed Hassan Nour", "Chad Smith", "Michael Jordan": a first name and more capitalised words.
bool Document::first_name_rule(std::size_t i, Span& out) const {
  if (!cap(i) || t_[i].all_caps) return false;
  if (!first_name(i)) return false;
  for (const auto& m : gm_[i])
    if (m.kind == EntityKind::kActor || m.kind == EntityKind::kPerson) return false;
  // A first name that is also a place or a common word ("Chad", "Jordan", "Bill"): the next
  // word must not be a gazetteer name or a common word.
  const bool careful = is(i, kFirstAmbiguous) || gaz_at(i);
  if (i + 1 >= n_ || !adjacent(i + 1)) return false;
  if (careful && sense(i + 1) != Sense::kName && (gaz_at(i + 1) || sense(i + 1) != Sense::kNone)) return false;
  if (careful && t_[i + 1].all_caps) return false;
  // After a plain first name a common word is a surname too ("Michael Green", "Ahmed Best").
  const std::size_t end = person_end(i + 1, !careful, !careful, 1);
  if (end == i + 1) return false;
  out.set(SpanType::kPerson, i, end, confidence::kFirstNameAndSurname, "rule: a first name and a surname");
  out.in_persons = true;
  return true;
}

// Reporting cues and places by preposition, for a capitalised word no list knows.
bool Document::cue_rules(std::size_t i, Span& out) const {
  if (!cap(i)) return false;
  // News agencies.
  if (is(i, kAgency) && t_[i].capitalized && !all_caps_context(i)) {
    std::size_t end = i + 1;
    if (t_[i].norm == "itar" && i + 1 < n_ && t_[i + 1].norm == "tass") end = i + 2;
    if (t_[i].norm == "ria" && i + 1 < n_ && t_[i + 1].norm == "novosti") end = i + 2;
    out.set(SpanType::kOrg, i, end, confidence::kNewsAgency, "rule: a news agency");
    return true;
  }
  // An acronym in mixed-case text: most often an organisation ("PKK", "USDA").
  if (t_[i].all_caps) {
    const auto& w = t_[i].surface;
    if (w.size() >= 2 && w.size() <= 5 && !all_caps_context(i) && !is(i, kNotOrgAcronym) &&
        sense(i) == Sense::kNone && w.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos &&
        !(i + 1 < n_ && adjacent(i + 1) && cap(i + 1))) {
      out.set(SpanType::kOrg, i, i + 1, confidence::kAcronym, "rule: an acronym in mixed-case text");
      return true;
    }
    return false;
  }
  // Institutions named by one capitalised word mid-sentence ("the Senate", "Congress").
  if (is(i, kInstitution) && !t_[i].sentence_start) {
    out.set(SpanType::kOrg, i, i + 1, confidence::kInstitution, "rule: an institution named by one word");
    return true;
  }
  // "in Kfar Kila", "near Tal Abyad": a candidate place.
  if (i > 0 && is(i - 1, kCandidatePrep) && !t_[i - 1].all_caps && !t_[i].sentence_start &&
      !first_name(i) && sense(i) == Sense::kNone) {
    std::size_t e = i;
    while (e < n_ && e - i < 3 && (e == i || adjacent(e)) && cap(e) && !t_[e].all_caps && sense(e) == Sense::kNone &&
           !gaz_at(e) && !is(e, kOrg) && !is(e, kThing) && !is(e, kTitle) &&
           !is(e, kRegionWord) && !is(e, kTeamSuffix))
      ++e;
    if (e > i && !(e < n_ && adjacent(e) && (is(e, kSaid) || (cap(e) && !is(e, kRegionWord))))) {
      out.set(SpanType::kPlace, i, e, confidence::kPlaceAfterPreposition, "rule: a name after in, near, at, from");
      return true;
    }
  }
  // "Tiraspol district": a name before a region word.
  {
    std::size_t e = i;
    while (e < n_ && e - i < 3 && (e == i || adjacent(e)) && cap(e) && sense(e) == Sense::kNone && !gaz_at(e) &&
           !is(e, kRegionWord) && !is(e, kOrg) && !first_name(e) && !is(e, kTitle))
      ++e;
    if (e > i && e < n_ && adjacent(e) && is(e, kRegionWord) && !t_[i].sentence_start) {
      out.set(SpanType::kPlace, i, e, confidence::kPlaceBeforeRegionWord, "rule: a name before a region word");
      return true;
    }
  }
  return cued_person(i, out);
}

// "Haddad said", "said Haddad", "according to Haddad", "Karim Haddad, 45,", "Haddad, the army
// commander,": a person by a reporting cue.
bool Document::cued_person(std::size_t i, Span& out) const {
  const std::size_t e = person_end(i, false);
  if (e == i) return false;
  const bool before_said = e < n_ && is(e, kSaid) && t_[e].begin <= t_[e - 1].end + 1 &&
                           !t_[e].capitalized;
  const bool after_said = i > 0 && (t_[i - 1].norm == "said" || t_[i - 1].norm == "says") && adjacent(i);
  const bool according = i > 1 && t_[i - 1].norm == "to" && t_[i - 2].norm == "according" && adjacent(i);
  // "Karim Haddad, 45, ...": an age between commas.
  bool aged = false;
  if (e < n_ && after_comma(e) && t_[e].numeric && t_[e].surface.size() <= 3 &&
      t_[e].surface.find_first_not_of("0123456789") == std::string::npos) {
    const int age = std::stoi(t_[e].surface);
    aged = age >= 12 && age <= 110 && (e + 1 >= n_ || t_[e + 1].begin >= t_[e].end + 2);
  }
  // "Karim Haddad, a spokesman for ...", "Haddad, the army commander, ...".
  bool apposition = false;
  if (e + 1 < n_ && after_comma(e) && !t_[e].capitalized &&
      (t_[e].norm == "a" || t_[e].norm == "an" || t_[e].norm == "the"))
    for (std::size_t k = e + 1; k < n_ && k <= e + 3 && adjacent(k); ++k)
      if (is(k, kTitle) && !is(k, kPersonal)) {
        apposition = true;
        break;
      }
  if (!before_said && !after_said && !according && !aged && !apposition) return false;
  // Not from inside a longer capitalised run ("The Permanent Framework said").
  if (i > 0 && adjacent(i) && cap(i - 1) && !t_[i - 1].numeric && !is(i - 1, kTitle) && !demonym_at(i - 1) &&
      sense(i - 1) != Sense::kFunction)
    return false;
  // "the Euphrates said", "the Framework said": a person's name takes no article.
  if (i > 0 && (!t_[i - 1].capitalized || t_[i - 1].sentence_start) &&
      (t_[i - 1].norm == "the" || t_[i - 1].norm == "a" || t_[i - 1].norm == "an" || t_[i - 1].norm == "its"))
    return false;
  // One word at a sentence start is a weak name ("Officials said" is kept out by the word list).
  // A plural noun ("Dealers said", "Analysts said") is not a name either.
  if (e == i + 1 && t_[i].sentence_start) {
    const auto& w = t_[i].norm;
    if (lower_seen_.count(w)) return false;
    if (w.size() > 4 && w.back() == 's' && w[w.size() - 2] != 's' && !surnames_.count(w)) return false;
  }
  out.set(SpanType::kPerson, i, e, e - i >= 2 ? confidence::kCuedNames : confidence::kCuedName,
          "rule: a reporting cue (said, according to, an age, a title after a comma)");
  out.in_persons = false;
  return true;
}

// A score or a table row after a name: "Leeds 2 Chelsea 1", "Barcelona 10 7 2 1", "Essex 532-8".
bool Document::score_after(std::size_t e) const {
  if (e >= n_ || !t_[e].numeric || t_[e].begin > t_[e - 1].end + 1) return false;
  const auto& w = t_[e].surface;
  if (w.find_first_not_of("0123456789") != std::string::npos || w.size() > 3) return false;  // not a year
  return e + 1 >= n_ || t_[e + 1].numeric || t_[e + 1].sentence_start || (cap(e + 1) && !t_[e + 1].all_caps) ||
         (t_[e + 1].all_caps && t_[e].all_caps);
}

std::string Document::key(std::size_t first, std::size_t end) const {
  std::string k;
  for (std::size_t i = first; i < end; ++i) {
    if (i > first) k.push_back(' ');
    k += t_[i].norm;
  }
  return k;
}

// Sports teams named after their town: a town or region followed by a score is a team, and so is
// the same name elsewhere in the text outside a place context ("Leeds 2 Chelsea 1 ... Leeds won").
// Once a text has such scores, unknown capitalised names before a score are teams too
// ("Feyenoord 3"), and a team's name takes the capitalised words just before the town
// ("Sparta Rotterdam", "NEC Nijmegen").
void Document::find_teams() {
  // The home nations play as national teams, like countries.
  static const std::unordered_set<std::string_view> kNations = {"gb-r-england", "gb-r-scotland", "gb-r-wales",
                                                                "gb-r-northern-ireland"};
  auto town_reading = [&](const Span& s) {
    if (s.type != SpanType::kGaz || s.alts.empty()) return false;
    if (is(s.first, kMonthWord) || sense(s.first) == Sense::kFunction) return false;
    for (const auto& a : s.alts) {
      if (a.kind != EntityKind::kPlace || a.demonym) return false;
      if (kNations.count(gaz_.places()[a.index].id)) return false;
    }
    return true;
  };
  // A dateline ("NEW YORK 1996-08-22", "LONDON, March 3") is a place.
  auto dateline = [&](std::size_t e) {
    return e < n_ && ((t_[e].numeric && t_[e].surface.size() == 4) || is(e, kMonthWord));
  };
  std::unordered_set<std::string> teams;
  for (auto& s : spans_)
    if (town_reading(s) && score_after(s.end)) teams.insert(key(s.first, s.end));
  if (teams.empty()) return;
  auto extend_back = [&](Span& s) {
    std::size_t f = s.first;
    while (f > 0 && s.first - f < 2 && adjacent(f) && cap(f - 1) && !t_[f - 1].numeric &&
           sense(f - 1) == Sense::kNone && !is(f - 1, kSaid) && !demonym_at(f - 1) &&
           !has_kind(f - 1, EntityKind::kCountry) && !has_kind(f - 1, EntityKind::kActor))
      --f;
    // Only words that belong to no other span.
    if (f < s.first) {
      for (const auto& o : spans_)
        if (&o != &s && o.end > f && o.first < s.first) return;
      s.first = f;
    }
  };
  for (auto& s : spans_) {
    if (!town_reading(s) || !teams.count(key(s.first, s.end))) continue;
    const bool scored = score_after(s.end);
    if (!scored && (strong_place_context(s) || dateline(s.end))) continue;
    s.set(SpanType::kOrg, s.first, s.end, confidence::kTeam, "rule: a town's name that a score shows to be a team");
    s.alts.clear();
    if (scored) extend_back(s);
  }
  // Unknown names before a score.
  std::vector<bool> covered(n_, false);
  for (const auto& s : spans_)
    for (std::size_t k = s.first; k < s.end; ++k) covered[k] = true;
  std::vector<Span> more;
  for (std::size_t i = 0; i < n_; ++i) {
    if (covered[i] || !cap(i) || t_[i].numeric || sense(i) != Sense::kNone) continue;
    if (i > 0 && !t_[i - 1].numeric && adjacent(i) && cap(i - 1) && !covered[i - 1]) continue;  // not a first word
    std::size_t e = i;
    while (e < n_ && e - i < 4 && (e == i || adjacent(e)) && !covered[e] && cap(e) && !t_[e].numeric &&
           sense(e) == Sense::kNone)
      ++e;
    if (e > i && score_after(e) && !(e < n_ && t_[e].surface.size() == 4)) {
      Span s;
      s.set(SpanType::kOrg, i, e, confidence::kTeamByScore, "rule: an unknown name before a score (a team)");
      more.push_back(std::move(s));
      for (std::size_t k = i; k < e; ++k) covered[k] = true;
    }
    i = std::max(i, e);
  }
  if (more.empty()) return;
  spans_.insert(spans_.end(), more.begin(), more.end());
  std::stable_sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) { return a.first < b.first; });
}

// "Morgan Stanley" after "Morgan Stanley Group Inc", "Piedmont said" after "Piedmont Aviation
// Inc": a name found as a person, or a town or region of GeoNames and iso-codes outside a place
// context, that the document also writes as the start of a company's name (a head word such as
// Inc, Corp, Co) is that company.
void Document::persons_named_as_organisations() {
  static const std::unordered_set<std::string_view> kCompanyHeads = {
      "inc", "corp", "corporation", "co", "company", "ltd", "plc", "group", "holdings", "industries",
      "airlines", "bancorp", "ag", "nv", "gmbh"};
  std::vector<std::vector<std::string_view>> orgs;
  for (const auto& s : spans_)
    if (s.type == SpanType::kOrg && s.end - s.first >= 2 && kCompanyHeads.count(t_[s.end - 1].norm)) {
      std::vector<std::string_view> w;
      for (std::size_t k = s.first; k < s.end; ++k) w.push_back(t_[k].norm);
      orgs.push_back(std::move(w));
    }
  if (orgs.empty()) return;
  auto non_curated_place = [&](const Span& s) {
    if (s.type != SpanType::kGaz || s.alts.empty() || s.strong || strong_place_context(s) || t_[s.first].all_caps)
      return false;
    for (const auto& a : s.alts)
      if (a.kind != EntityKind::kPlace || gaz_.places()[a.index].source == Place::Source::kCurated) return false;
    return true;
  };
  for (auto& s : spans_) {
    const bool person = s.type == SpanType::kPerson && s.end - s.first >= 2;
    if (!person && !non_curated_place(s)) continue;
    const std::size_t len = s.end - s.first;
    for (const auto& w : orgs) {
      if (w.size() <= len) continue;
      bool prefix = true;
      for (std::size_t k = 0; k < len && prefix; ++k) prefix = w[k] == t_[s.first + k].norm;
      if (!prefix) continue;
      s.set(SpanType::kOrg, s.first, s.end, confidence::kOrganisation,
            "rule: the start of a company's name the document writes in full (\"Morgan Stanley Group Inc\")");
      s.in_persons = false;
      s.alts.clear();
      break;
    }
  }
}

void Document::segment() {
  for (std::size_t i = 0; i < n_;) {
    const auto& g = gm_[i];
    const std::size_t glen = g.empty() ? 0 : g.front().length;
    const bool gaz_named = !g.empty() && (g.front().kind == EntityKind::kActor || g.front().kind == EntityKind::kPerson);
    const bool gaz_demonym = !g.empty() && g.front().demonym;
    Span s;
    // An initial and a surname: "G. Thorpe", "J. Crawley".
    if (initial(i) && after_initial(i + 1) && name_word(i + 1, true)) {
      const std::size_t e = person_end(i + 1, true);
      s.set(SpanType::kPerson, i, e, confidence::kInitialAndSurname, "rule: an initial and a surname");
      s.in_persons = true;
      spans_.push_back(std::move(s));
      i = e;
      continue;
    }
    // A state or province after a town and a comma: "SANTA CRUZ, Calif.", "Reading, Pa.".
    if (is(i, kAbbreviation) && after_comma(i) && cap(i - 1) && !t_[i].numeric) {
      const bool postal = t_[i].surface.size() == 2;
      auto it = lex_.abbreviations.find(t_[i].norm);
      const Place* region = it == lex_.abbreviations.end() ? nullptr : gaz_.place(it->second);
      if (region && (!postal || t_[i].all_caps)) {
        s.set(SpanType::kGaz, i, i + 1, confidence::kStateAbbreviation,
              "a state or province abbreviation after a town and a comma");
        s.alts.push_back(NameMatch{EntityKind::kPlace, static_cast<std::size_t>(region - gaz_.places().data()), 1, false});
        s.strong = true;
        spans_.push_back(std::move(s));
        ++i;
        continue;
      }
    }
    // Organisations named after a place or longer than any gazetteer name here.
    if (!gaz_named && !gaz_demonym && cap(i)) {
      const std::size_t e = org_end(i);
      if (e > i + glen) {
        s.set(SpanType::kOrg, i, e, confidence::kOrganisation, "rule: capitalised words with an organisation's head word");
        spans_.push_back(std::move(s));
        i = e;
        continue;
      }
    }
    if (gaz_named) {
      s.type = SpanType::kGaz;
      s.first = i;
      s.end = i + glen;
      s.alts.push_back(g.front());
      spans_.push_back(std::move(s));
      i += glen;
      continue;
    }
    if (g.empty() && title_rule(i, s)) {
      const std::size_t e = s.end;
      spans_.push_back(std::move(s));
      i = e;
      continue;
    }
    if (first_name_rule(i, s) && s.end > i + glen) {
      const std::size_t e = s.end;
      spans_.push_back(std::move(s));
      i = e;
      continue;
    }
    if (!g.empty()) {
      s = Span{};
      s.type = SpanType::kGaz;
      s.first = i;
      s.end = i + glen;
      for (const auto& m : g)
        if (m.length == glen) s.alts.push_back(m);
      spans_.push_back(std::move(s));
      i += glen;
      continue;
    }
    s = Span{};
    if (cue_rules(i, s)) {
      const std::size_t e = s.end;
      spans_.push_back(std::move(s));
      i = e;
      continue;
    }
    ++i;
  }
}

}  // namespace sitrep::tagging
