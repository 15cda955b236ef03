#include "sitrep/tagger.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"

namespace sitrep {
namespace {

bool has(const std::vector<EntityTag>& tags, const std::string& id) {
  return std::any_of(tags.begin(), tags.end(), [&](const EntityTag& t) { return t.id == id; });
}

const EntityTag* find(const std::vector<EntityTag>& tags, const std::string& id) {
  for (const auto& t : tags)
    if (t.id == id) return &t;
  return nullptr;
}

TEST(Tagger, ActorAliasesAndPossessives) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Lebanon's Hezbollah moved units. Hizbollah and Hizballah fighters, the Party of God, said.");
  const auto* h = find(tags.actors, "hezbollah");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->mentions, 4);
  EXPECT_EQ(h->name, "Hezbollah");
  EXPECT_TRUE(has(tags.countries, "lb"));
}

TEST(Tagger, PlacesTagTheirCountry) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Fighters reached al-Qusayr and Hermel, then Ménaka.");
  EXPECT_TRUE(has(tags.places, "sy-qusayr"));
  EXPECT_TRUE(has(tags.places, "lb-hermel"));
  EXPECT_TRUE(has(tags.places, "ml-menaka"));
  EXPECT_TRUE(has(tags.countries, "sy"));
  EXPECT_TRUE(has(tags.countries, "lb"));
  EXPECT_TRUE(has(tags.countries, "ml"));
}

TEST(Tagger, PlacesTagTheirRegion) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Fighters reached Qusayr. Separately, shelling hit Donetsk Oblast.");
  EXPECT_TRUE(has(tags.places, "sy-qusayr"));
  EXPECT_TRUE(has(tags.regions, "sy-r-homs"));  // Qusayr lies in Homs governorate
  EXPECT_TRUE(has(tags.regions, "ua-r-donetsk"));
  EXPECT_FALSE(has(tags.places, "ua-r-donetsk"));  // a region is not a town
  EXPECT_TRUE(has(tags.countries, "ua"));
}

TEST(Tagger, CountriesTagTheirWorldRegion) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Fighters reached al-Qusayr and Hermel, then Ménaka. Syria denied it.");
  // Syria (twice: Qusayr, Syria) and Lebanon (once) are Western Asia; Mali is Western Africa.
  ASSERT_EQ(tags.world_regions.size(), 2u);
  EXPECT_EQ(tags.world_regions[0].id, "western-asia");
  EXPECT_EQ(tags.world_regions[0].name, "Western Asia");
  const auto* sy = find(tags.countries, "sy");
  const auto* lb = find(tags.countries, "lb");
  ASSERT_TRUE(sy && lb);
  EXPECT_EQ(tags.world_regions[0].mentions, sy->mentions + lb->mentions);
  EXPECT_EQ(tags.world_regions[1].id, "western-africa");
  EXPECT_FALSE(tags.world_regions[1].candidate);
  EXPECT_TRUE(tagger.tag("Nothing named here at all.").world_regions.empty());
}

TEST(Tagger, GeoNamesTownsBeyondTheCuratedList) {
  Tagger tagger(test::gazetteer());
  // Towns over 15,000 inhabitants come from GeoNames (libgeonames) at build time.
  auto tags = tagger.tag("Protests spread to Tataouine and Kasserine.");
  EXPECT_TRUE(has(tags.countries, "tn"));
  EXPECT_EQ(tags.places.size(), 2u);
}

TEST(Tagger, CountryNamesInOtherLanguagesFromIcu) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Le Liban et la Syrie. Ливан. לבנון. لبنان");
  const auto* lb = find(tags.countries, "lb");
  ASSERT_NE(lb, nullptr);
  EXPECT_EQ(lb->mentions, 4);
  EXPECT_TRUE(has(tags.countries, "sy"));
}

TEST(Tagger, DemonymsTagCountries) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Near the Lebanese border, Malian and Ukrainian officials met.");
  EXPECT_TRUE(has(tags.countries, "lb"));
  EXPECT_TRUE(has(tags.countries, "ml"));
  EXPECT_TRUE(has(tags.countries, "ua"));
}

TEST(Tagger, LongestNameWins) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Kataib Hezbollah claimed the drone attack.");
  EXPECT_TRUE(has(tags.actors, "kataib-hezbollah"));
  EXPECT_FALSE(has(tags.actors, "hezbollah"));
}

TEST(Tagger, PersonsCuratedAndByTitle) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("President Bashar al-Assad spoke. Later Assad left. Spokesman Karim Haddad Nour denied it.");
  const auto* assad = find(tags.persons, "bashar-al-assad");
  ASSERT_NE(assad, nullptr);
  EXPECT_EQ(assad->mentions, 2);
  EXPECT_FALSE(assad->candidate);
  const auto* cand = find(tags.persons, "karim-haddad-nour");
  ASSERT_NE(cand, nullptr);
  EXPECT_TRUE(cand->candidate);
  EXPECT_EQ(cand->name, "Karim Haddad Nour");
  // A chain of titles is not part of the name.
  auto chained = tagger.tag("Brigadier General Samir Khoury Aboud arrived.");
  ASSERT_EQ(chained.persons.size(), 1u);
  EXPECT_EQ(chained.persons[0].id, "samir-khoury-aboud");
}

TEST(Tagger, LowerCaseWordsAreNotNames) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("the hezbollah word in lower case, and a chad of paper");
  EXPECT_TRUE(tags.actors.empty());
  EXPECT_TRUE(tags.countries.empty());
}

// ---- Disambiguation by context ----------------------------------------------------------------

const Mention* mention_at(const std::vector<Mention>& ms, const std::string& surface, const std::string& text) {
  for (const auto& m : ms)
    if (text.substr(m.begin, m.end - m.begin) == surface) return &m;
  return nullptr;
}

std::vector<Mention> mentions_of(const Tagger& tagger, const std::string& text) {
  return tagger.mentions(test::analyzer().tokenize(text));
}

TEST(TaggerContext, GeorgiaTheUsStateNextToItsTownsTheCountryOtherwise) {
  Tagger tagger(test::gazetteer());
  // The neighbouring place past a comma decides.
  auto us = tagger.tag("Storms hit Atlanta, Georgia, on Monday.");
  EXPECT_TRUE(has(us.regions, "us-r-georgia"));
  EXPECT_TRUE(has(us.countries, "us"));
  EXPECT_FALSE(has(us.countries, "ge"));
  auto ge = tagger.tag("Protesters gathered in Tbilisi, Georgia, on Monday.");
  EXPECT_TRUE(has(ge.countries, "ge"));
  EXPECT_FALSE(has(ge.countries, "us"));
  // Alone, Georgia is the country; a town of the US state elsewhere in the text makes it the state.
  EXPECT_TRUE(has(tagger.tag("Georgia said it would send troops to the border.").countries, "ge"));
  auto near = tagger.tag("Protests spread in Atlanta. Georgia's governor called in the National Guard.");
  EXPECT_TRUE(has(near.regions, "us-r-georgia"));
  EXPECT_FALSE(has(near.countries, "ge"));
  auto caucasus = tagger.tag("Russian troops left Tbilisi. Georgia's government welcomed the move.");
  EXPECT_TRUE(has(caucasus.countries, "ge"));
  EXPECT_FALSE(has(caucasus.regions, "us-r-georgia"));
}

TEST(TaggerContext, JordanThePersonAndTheCountry) {
  Tagger tagger(test::gazetteer());
  // A first name before it: a person, not the country.
  auto mj = tagger.tag("Michael Jordan scored 30 points in Chicago.");
  EXPECT_FALSE(has(mj.countries, "jo"));
  const auto* p = find(mj.persons, "michael-jordan");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->candidate);
  // A later "Jordan" alone is the same person.
  auto later = tagger.tag("Michael Jordan scored 30 points. Jordan left the court early.");
  EXPECT_FALSE(has(later.countries, "jo"));
  ASSERT_NE(find(later.persons, "michael-jordan"), nullptr);
  EXPECT_EQ(find(later.persons, "michael-jordan")->mentions, 2);
  // The country inside a curated person's title, and after an honorific of a private person.
  auto king = tagger.tag("King Abdullah of Jordan met the envoy.");
  EXPECT_TRUE(has(king.persons, "abdullah-ii"));
  EXPECT_TRUE(has(king.countries, "jo"));
  EXPECT_TRUE(has(tagger.tag("Jordan's army closed the border crossing.").countries, "jo"));
  auto mr = tagger.tag("Mr Jordan, a teacher, was released.");
  EXPECT_FALSE(has(mr.countries, "jo"));
  EXPECT_TRUE(has(mr.persons, "jordan"));
}

TEST(TaggerContext, ChadTheCountryAndTheFirstName) {
  Tagger tagger(test::gazetteer());
  auto person = tagger.tag("Chad Smith said the convoy had left.");
  EXPECT_FALSE(has(person.countries, "td"));
  EXPECT_TRUE(has(person.persons, "chad-smith"));
  auto country = tagger.tag("Troops were sent to Chad. Chad's president spoke.");
  const auto* td = find(country.countries, "td");
  ASSERT_NE(td, nullptr);
  EXPECT_EQ(td->mentions, 2);
  EXPECT_TRUE(country.persons.empty());
}

TEST(TaggerContext, NigerTheCountryNotTheRiver) {
  Tagger tagger(test::gazetteer());
  auto river = tagger.tag("Boats sank on the Niger River near the town.");
  EXPECT_FALSE(has(river.countries, "ne"));
  EXPECT_FALSE(has(river.regions, "ng-r-niger"));
  EXPECT_TRUE(has(tagger.tag("Soldiers patrolled western Niger after the coup.").countries, "ne"));
}

TEST(TaggerContext, NiceOnlyAsAPlaceInPlaceContext) {
  Tagger tagger(test::gazetteer());
  auto adjective = tagger.tag("It was a nice day. Nice weather helped the rescuers.");
  EXPECT_TRUE(adjective.places.empty());
  EXPECT_TRUE(adjective.countries.empty());
  auto town = tagger.tag("Police in Nice, France, arrested two men.");
  EXPECT_TRUE(has(town.places, "fr-nice"));
  EXPECT_TRUE(has(town.countries, "fr"));
  EXPECT_TRUE(has(tagger.tag("The attack in Nice killed 86 people.").places, "fr-nice"));
}

TEST(TaggerContext, MobileTheTownAndTheWord) {
  Tagger tagger(test::gazetteer());
  auto town = tagger.tag("The storm reached Mobile, Alabama, at night.");
  EXPECT_TRUE(has(town.places, "us-mobile"));
  EXPECT_TRUE(has(town.regions, "us-r-alabama"));
  auto word = tagger.tag("Mobile phone networks failed. Residents had no mobile phones.");
  EXPECT_TRUE(word.places.empty());
  EXPECT_TRUE(word.countries.empty());
}

TEST(TaggerContext, ReadingTheTownAndTheVerb) {
  Tagger tagger(test::gazetteer());
  auto verb = tagger.tag("Reading the statement, the spokesman paused.");
  EXPECT_TRUE(verb.places.empty());
  EXPECT_TRUE(verb.countries.empty());
  // The English town: the most populous of the towns named Reading.
  auto town = tagger.tag("A protest was held in Reading on Saturday.");
  EXPECT_TRUE(has(town.places, "gb-reading"));
  EXPECT_EQ(town.places.size(), 1u);
}

TEST(TaggerContext, SplitTheCroatianTown) {
  Tagger tagger(test::gazetteer());
  auto word = tagger.tag("Split decision for the judges. Split between factions, the council voted.");
  EXPECT_TRUE(word.places.empty());
  EXPECT_TRUE(word.countries.empty());
  auto town = tagger.tag("The ferry from Split, Croatia, was delayed.");
  EXPECT_TRUE(has(town.places, "hr-split"));
  EXPECT_TRUE(has(town.countries, "hr"));
  EXPECT_TRUE(has(tagger.tag("Tourists stayed near Split for a week.").places, "hr-split"));
}

TEST(TaggerContext, MonthsAreNeitherPlacesNorPersons) {
  Tagger tagger(test::gazetteer());
  for (const char* text :
       {"On March 3 the troops moved.", "The troops moved on 3 March.", "In March 2024 they withdrew.",
        "They withdrew in March.", "MARCH 3 - Troops moved.", "It May be over soon.", "The vote is on May 5.",
        "In May the talks resumed.", "Talks resumed on 12 May 2024."}) {
    auto tags = tagger.tag(text);
    EXPECT_TRUE(tags.places.empty()) << text;
    EXPECT_TRUE(tags.countries.empty()) << text;
    EXPECT_TRUE(tags.persons.empty()) << text;
    EXPECT_TRUE(tags.candidates.empty()) << text;
  }
  // The English town only beside its country or region.
  EXPECT_TRUE(has(tagger.tag("A fire broke out in March, England, overnight.").places, "gb-march"));
}

TEST(TaggerContext, CommonWordsNeedAPlaceContext) {
  Tagger tagger(test::gazetteer());
  // GeoNames towns named Police (Poland), Union, Of (Turkey), Best (Netherlands), Date (Japan).
  for (const char* text : {"Police said the road was closed.", "Union leaders met the minister.",
                           "ATTACKS OF THE WEEK", "Best of all, the truce held.", "Date of the vote is unknown.",
                           "Central banks raised rates.", "David Cameron said."}) {
    auto tags = tagger.tag(text);
    EXPECT_TRUE(tags.places.empty()) << text;
    EXPECT_TRUE(tags.regions.empty()) << text;
  }
  // Strong context: a preposition of place.
  EXPECT_TRUE(has(tagger.tag("Clashes broke out in Of on Sunday.").places, "tr-of"));
}

TEST(TaggerContext, SentenceInitialWordsWrittenInLowerCaseElsewhereAreWeak) {
  Tagger tagger(test::gazetteer());
  // "Buffalo" is not in the common-word list, but the text writes it in lower case too.
  auto word = tagger.tag("Buffalo herds crossed the road. A buffalo was hit by a truck.");
  EXPECT_TRUE(word.places.empty());
  EXPECT_FALSE(tagger.tag("Snow fell on Buffalo overnight.").places.empty());
}

TEST(TaggerContext, TitlesMakePersons) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("President Clinton spoke. The General Assembly voted.");
  EXPECT_TRUE(has(tags.persons, "clinton"));
  EXPECT_TRUE(tags.places.empty());
  EXPECT_EQ(tags.persons.size(), 1u);
  // "President" alone before a country name does not make a person.
  auto country = tagger.tag("Vice President Chad officials attended.");
  EXPECT_FALSE(has(country.persons, "chad"));
}

TEST(TaggerContext, SameNameTownsByDocumentCountryThenPopulation) {
  Tagger tagger(test::gazetteer());
  // Tripoli, Libya is the larger town.
  EXPECT_TRUE(has(tagger.tag("Clashes broke out in Tripoli.").places, "ly-tripoli"));
  // A Lebanese text: the Lebanese Tripoli.
  auto lb = tagger.tag("The Lebanese army deployed in Tripoli and Beirut. Lebanon's cabinet met.");
  EXPECT_TRUE(has(lb.places, "lb-tripoli"));
  EXPECT_FALSE(has(lb.places, "ly-tripoli"));
  auto ms = mentions_of(tagger, "Clashes broke out in Tripoli.");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_LT(ms[0].confidence, 1.0);
}

TEST(TaggerContext, RegionWordsPickTheRegion) {
  Tagger tagger(test::gazetteer());
  auto province = tagger.tag("Shelling hit Idlib province overnight.");
  EXPECT_TRUE(has(province.regions, "sy-r-idlib"));
  EXPECT_FALSE(has(province.places, "sy-idlib"));
  EXPECT_TRUE(has(tagger.tag("Shelling hit Idlib overnight.").places, "sy-idlib"));
}

TEST(TaggerContext, StateAbbreviationsAfterATown) {
  Tagger tagger(test::gazetteer());
  // A dateline: the state names its region and picks the town among same-name towns.
  auto reading = tagger.tag("READING, Penn., Feb 26 - The bank said profits rose.");
  EXPECT_TRUE(has(reading.places, "us-reading-2"));
  EXPECT_TRUE(has(reading.regions, "us-r-pennsylvania"));
  EXPECT_FALSE(has(reading.countries, "gb"));
  auto nj = tagger.tag("Trenton, N.J., March 2 - Shares fell. Oakland, CA - Rain.");
  EXPECT_TRUE(has(nj.regions, "us-r-new-jersey"));
  EXPECT_TRUE(has(nj.regions, "us-r-california"));
  // Only after a town and a comma: a word is not a state elsewhere.
  auto word = tagger.tag("Mass protests followed. Ill health forced him out. He can go.");
  EXPECT_TRUE(word.regions.empty());
  EXPECT_TRUE(word.countries.empty());
}

// ---- Persons ----------------------------------------------------------------------------------

TEST(TaggerPersons, FirstNamesStartNames) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Ahmed Hassan Nour arrived in Homs. Olena Kovalchuk and Sergei Ivanov followed.");
  EXPECT_TRUE(has(tags.persons, "ahmed-hassan-nour"));
  EXPECT_TRUE(has(tags.persons, "olena-kovalchuk"));
  EXPECT_TRUE(has(tags.persons, "sergei-ivanov"));
  for (const auto& p : tags.persons) EXPECT_TRUE(p.candidate) << p.id;
  // After a plain first name a common word is a surname ("Green" is also a GeoNames town).
  auto green = tagger.tag("Michael Green said the talks had failed.");
  EXPECT_TRUE(has(green.persons, "michael-green"));
  EXPECT_TRUE(green.places.empty());
  // A first name that is also a common word needs a name after it.
  auto word = tagger.tag("Christian Democrats won. Mark Lebanon on the map.");
  EXPECT_TRUE(word.persons.empty());
}

TEST(TaggerPersons, SurnamesWithinADocumentAreTheSamePerson) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Ahmed Hassan Nour arrived. Later Nour said he was tired. Mr Nour left.");
  const auto* p = find(tags.persons, "ahmed-hassan-nour");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->mentions, 3);
  EXPECT_EQ(tags.persons.size(), 1u);
  EXPECT_TRUE(tags.candidates.empty());
}

TEST(TaggerPersons, CuratedPersonsKeepTheirId) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Bashar al-Assad fled. Assad was in Moscow. Bashar Assad said nothing.");
  const auto* p = find(tags.persons, "bashar-al-assad");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->mentions, 3);
  EXPECT_FALSE(p->candidate);
  EXPECT_DOUBLE_EQ(p->confidence, 1.0);
  EXPECT_EQ(tags.persons.size(), 1u);
}

TEST(TaggerPersons, CuratedPersonsBySurnameAlone) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Naim Qassem spoke on television. Later Qassem said the party was ready.");
  const auto* p = find(tags.persons, "naim-qassem");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->mentions, 2);
  EXPECT_FALSE(p->candidate);
  EXPECT_TRUE(tags.candidates.empty());
}

TEST(TaggerPersons, ReportingCues) {
  Tagger tagger(test::gazetteer());
  const std::string text =
      "Haddad said the road was open. Later, said Ibrahimovic, it closed. According to Tessaloni it reopened.";
  auto tags = tagger.tag(text);
  // A reporting cue alone is weak: these are candidates, kind person.
  for (const char* id : {"haddad", "ibrahimovic", "tessaloni"}) {
    const auto* c = find(tags.candidates, id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->kind, EntityKind::kPerson);
    EXPECT_TRUE(c->candidate);
    EXPECT_LT(c->confidence, 0.7);
    EXPECT_FALSE(has(tags.persons, id));
  }
  // An age between commas, an apposition with a title.
  auto more = tagger.tag("Yet Ruslanov, 45, was detained. Kovacevic, a spokesman for the council, denied it.");
  EXPECT_TRUE(has(more.candidates, "ruslanov"));
  EXPECT_TRUE(has(more.candidates, "kovacevic"));
  // Plural nouns, pronouns and names after an article are not persons.
  auto none = tagger.tag(
      "Officials said the road was open. Dealers said prices fell. He said so. Monitors along the Orontes said "
      "it was calm. The Permanent Framework said nothing.");
  EXPECT_TRUE(none.persons.empty());
  EXPECT_TRUE(none.candidates.empty());
}

// ---- Candidates -------------------------------------------------------------------------------

TEST(TaggerCandidates, OrganisationsByTheirHeadWord) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag(
      "Students of Damascus University marched. The Bank of England and the Ministry of Defence said so. "
      "Manchester United won.");
  for (const char* id : {"damascus-university", "bank-of-england", "ministry-of-defence", "manchester-united"}) {
    const auto* c = find(tags.candidates, id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->kind, EntityKind::kActor);
    EXPECT_LT(c->confidence, 1.0);
  }
  EXPECT_TRUE(tags.actors.empty());  // candidates never go into actors
  EXPECT_FALSE(has(tags.places, "sy-damascus"));
  // Issue 17, item 6: English function words inside a name are not joined by a hyphen as a
  // particle is ("Bank of England", not "Bank of-England").
  EXPECT_EQ(find(tags.candidates, "bank-of-england")->name, "Bank of England");
  EXPECT_EQ(find(tags.candidates, "ministry-of-defence")->name, "Ministry of Defence");
  auto sec = tagger.tag("The Securities and Exchange Commission said so.");
  ASSERT_NE(find(sec.candidates, "securities-and-exchange-commission"), nullptr);
  EXPECT_EQ(find(sec.candidates, "securities-and-exchange-commission")->name, "Securities and Exchange Commission");
  // A demonym before the organisation still names its country.
  auto pl = tagger.tag("A Polish Culture Ministry statement followed.");
  EXPECT_TRUE(has(pl.countries, "pl"));
  EXPECT_TRUE(has(pl.candidates, "culture-ministry"));
  // A head word alone is not a name.
  EXPECT_TRUE(tagger.tag("Army units moved north.").candidates.empty());
}

TEST(TaggerCandidates, PlacesByPrepositionOrRegionWord) {
  Tagger tagger(test::gazetteer());
  auto tags = tagger.tag("Protests in Khirbet Zaatar and near Tell Abu Hamra continued. The Zaatar district was shelled.");
  for (const char* id : {"khirbet-zaatar", "tell-abu-hamra", "zaatar"}) {
    const auto* c = find(tags.candidates, id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->kind, EntityKind::kPlace);
    EXPECT_LE(c->confidence, 0.6);
  }
  EXPECT_TRUE(tags.places.empty());  // candidates never go into places
  // Months, days and common words after a preposition are not places.
  for (const auto& c : tagger.tag("Talks resumed in January. Voting ends on Sunday. It is in Parliament.").candidates)
    EXPECT_NE(c.kind, EntityKind::kPlace) << c.id;
}

TEST(TaggerCandidates, MentionsCarryConfidence) {
  Tagger tagger(test::gazetteer());
  const std::string text = "Hezbollah fighters reached Qusayr. Spokesman Karim Haddad Nour denied it.";
  auto ms = mentions_of(tagger, text);
  const auto* h = mention_at(ms, "Hezbollah", text);
  ASSERT_NE(h, nullptr);
  EXPECT_DOUBLE_EQ(h->confidence, 1.0);
  EXPECT_FALSE(h->candidate);
  const auto* k = mention_at(ms, "Karim Haddad Nour", text);
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(k->candidate);
  EXPECT_LT(k->confidence, 1.0);
  EXPECT_GT(k->confidence, 0.5);
}

// ---- Why: the reason of each decision (Tagger::explain) ----------------------------------------

TEST(TaggerExplain, EveryMentionSaysWhy) {
  Tagger tagger(test::gazetteer());
  const std::string text =
      "Hezbollah fighters reached Qusayr. Spokesman Karim Haddad Nour denied it. Storms hit Atlanta, Georgia.";
  const auto ms = mentions_of(tagger, text);
  ASSERT_FALSE(ms.empty());
  for (const auto& m : ms) EXPECT_FALSE(m.reason.empty()) << m.id;
  const auto* h = mention_at(ms, "Hezbollah", text);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->reason, "a curated actor, person or demonym");
  const auto* q = mention_at(ms, "Qusayr", text);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->reason, "the only reading");
  EXPECT_DOUBLE_EQ(q->confidence, 1.0);
  const auto* k = mention_at(ms, "Karim Haddad Nour", text);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->reason, "rule: a title before the name");
  EXPECT_DOUBLE_EQ(k->confidence, 0.8);
  const auto* georgia = mention_at(ms, "Georgia", text);
  ASSERT_NE(georgia, nullptr);
  EXPECT_EQ(georgia->id, "us-r-georgia");
  EXPECT_EQ(georgia->reason, "the neighbouring place past a comma");
  EXPECT_DOUBLE_EQ(georgia->confidence, 0.95);
}

TEST(TaggerExplain, ExplainGivesTheSameMentions) {
  Tagger tagger(test::gazetteer());
  const auto tokens = test::analyzer().tokenize(
      "Ahmed Hassan Nour met President Clinton in Reading. Nour said the Niger River rose. Reuters reported it.");
  const auto ms = tagger.mentions(tokens);
  const auto ex = tagger.explain(tokens);
  ASSERT_EQ(ex.mentions.size(), ms.size());
  for (std::size_t i = 0; i < ms.size(); ++i) {
    EXPECT_EQ(ex.mentions[i].id, ms[i].id);
    EXPECT_EQ(ex.mentions[i].first_token, ms[i].first_token);
    EXPECT_EQ(ex.mentions[i].end_token, ms[i].end_token);
    EXPECT_EQ(ex.mentions[i].confidence, ms[i].confidence);
    EXPECT_EQ(ex.mentions[i].reason, ms[i].reason);
  }
}

// The veto that dropped the gazetteer name written `surface` in text, "" when none did.
std::string veto_of(const Tagger& tagger, const std::string& text, const std::string& surface) {
  const auto ex = tagger.explain(test::analyzer().tokenize(text));
  for (const auto& m : ex.dropped)
    if (text.substr(m.begin, m.end - m.begin) == surface) {
      EXPECT_EQ(m.confidence, 0.0);
      return std::string(m.reason);
    }
  return "";
}

TEST(TaggerExplain, DroppedNamesCarryTheirVeto) {
  Tagger tagger(test::gazetteer());
  EXPECT_EQ(veto_of(tagger, "Boats sank on the Niger River near the town.", "Niger"),
            "veto: a country's name before a natural feature (\"the Niger River\")");
  EXPECT_EQ(veto_of(tagger, "Police said the road was closed.", "Police"),
            "veto: a common word or name, with no place context");
  EXPECT_EQ(veto_of(tagger, "Buffalo herds crossed the road. A buffalo was hit by a truck.", "Buffalo"),
            "veto: written in lower case elsewhere, capitalised only by its position");
  // Kept names are not dropped, and mentions() keeps no dropped list.
  EXPECT_EQ(veto_of(tagger, "Clashes broke out in Of on Sunday.", "Of"), "");
  const auto ex = tagger.explain(test::analyzer().tokenize("Clashes broke out in Of on Sunday."));
  const auto* of = mention_at(ex.mentions, "Of", "Clashes broke out in Of on Sunday.");
  ASSERT_NE(of, nullptr);
  EXPECT_EQ(of->reason, "a common word or name, in a place context");
  EXPECT_DOUBLE_EQ(of->confidence, 0.85);
}

// The mention written `surface` in text (an empty one when there is none).
Mention mention_in(const Tagger& tagger, const std::string& text, const std::string& surface) {
  const auto ms = mentions_of(tagger, text);
  const Mention* m = mention_at(ms, surface, text);
  return m ? *m : Mention{};
}

TEST(TaggerExplain, ChoicesSayWhatDecided) {
  Tagger tagger(test::gazetteer());
  // A region word picks the region among the readings.
  const Mention region = mention_in(tagger, "Shelling hit Idlib province overnight.", "Idlib");
  EXPECT_EQ(region.id, "sy-r-idlib");
  EXPECT_EQ(region.reason, "the region, before a region word");
  // A country keeps its name over a place of the same name.
  const Mention country = mention_in(tagger, "Georgia said it would send troops to the border.", "Georgia");
  EXPECT_EQ(country.id, "ge");
  EXPECT_EQ(country.reason, "a country, over places of the same name");
  EXPECT_DOUBLE_EQ(country.confidence, 0.9);
  // Towns of one name in several countries, none of them named: the gazetteer's order.
  const Mention reading = mention_in(tagger, "A protest was held in Reading on Saturday.", "Reading");
  EXPECT_EQ(reading.id, "gb-reading");
  EXPECT_EQ(reading.reason, "the gazetteer's order (curated, then by population)");
}

// ---- Precision of the trusted facets (issue 17, item 5) --------------------------------------
// Sentences written for these tests. Each one is a defect seen on real archives: a namesake, an
// acronym, an actor before its time, a person keyed with its possessive or title.

bool has_person_named(const Tags& tags, const std::string& name) {
  return std::any_of(tags.persons.begin(), tags.persons.end(), [&](const EntityTag& t) { return t.name == name; });
}

TEST(TaggerPrecision, AcronymsInCapitalsAreNotShortAliases) {
  Tagger tagger(test::gazetteer());
  // SANA, the news agency, is not Sanaa (whose alias "Sana" the list writes in lower case).
  auto sana = tagger.tag("The state news agency SANA said two shells hit a school in Aleppo.");
  EXPECT_FALSE(has(sana.places, "ye-sanaa"));
  EXPECT_FALSE(has(sana.countries, "ye"));
  EXPECT_TRUE(has(sana.places, "sy-aleppo"));
  // Written as a name, it is the agency too; the town's own name stays the town.
  auto agency = tagger.tag("Two shells hit Aleppo, the state-run Sana agency said.");
  EXPECT_FALSE(has(agency.countries, "ye"));
  EXPECT_TRUE(has(agency.candidates, "sana"));
  // The town keeps its own name, in any case, and in a dateline.
  EXPECT_TRUE(has(tagger.tag("Houthi fighters paraded in Sanaa on Friday.").places, "ye-sanaa"));
  EXPECT_TRUE(has(tagger.tag("SANAA, Yemen - Houthi fighters paraded on Friday.").places, "ye-sanaa"));
  // An acronym that names a small town by its own name ("ICO", Icó in Brazil) is not that town
  // outside a headline or a dateline; a country's own name in capitals still is one.
  EXPECT_TRUE(tagger.tag("Exporters asked the ICO to review the quotas.").countries.empty());
  EXPECT_TRUE(has(tagger.tag("Officials said IRAN would not attend the talks.").countries, "ir"));
}

TEST(TaggerPrecision, ActorAcronymsNeedTheActorsContext) {
  Tagger tagger(test::gazetteer());
  // FSB: a federal savings bank in Ohio, not Russia's Federal Security Service.
  auto bank = tagger.tag("The FSB, a savings bank based in Columbus, Ohio, reported higher deposits.");
  EXPECT_FALSE(has(bank.actors, "fsb"));
  auto russia = tagger.tag("Russia's FSB said it detained two men in Moscow.");
  EXPECT_TRUE(has(russia.actors, "fsb"));
  // STC: India's State Trading Corp buying sugar, not Yemen's Southern Transitional Council.
  auto india = tagger.tag("India's STC bought 20,000 tonnes of white sugar, traders in New Delhi said.");
  EXPECT_FALSE(has(india.actors, "stc"));
  auto yemen = tagger.tag("STC fighters took control of the port of Aden, Yemeni officials said.");
  EXPECT_TRUE(has(yemen.actors, "stc"));
  // The full name needs no other context.
  EXPECT_TRUE(has(tagger.tag("The Southern Transitional Council met. The STC named a new envoy.").actors, "stc"));
  const std::string text = "The FSB, a savings bank based in Columbus, Ohio, reported higher deposits.";
  EXPECT_EQ(veto_of(tagger, text, "FSB"),
            "veto: an acronym, with neither the actor's countries nor its full name in the document");
}

TEST(TaggerPrecision, ActorsHaveAnActivePeriod) {
  Tagger tagger(test::gazetteer());
  const std::string company = "Wagner said the company's sales of industrial pumps rose in 1986.";
  // Published in 1987, long before the Wagner Group existed (since 2014 in actors.tsv).
  EXPECT_FALSE(has(tagger.tag(company, 1987).actors, "wagner"));
  EXPECT_FALSE(has(tagger.tag("WAGNER TO BUY PUMP MAKER FOR 40 MLN DLRS", 1987).actors, "wagner"));
  // Without a year, or in its time, the alias reads as before.
  const std::string fighters = "Wagner fighters advanced towards Bakhmut.";
  EXPECT_TRUE(has(tagger.tag(fighters).actors, "wagner"));
  EXPECT_TRUE(has(tagger.tag(fighters, 2023).actors, "wagner"));
  // The full name is strong evidence, whatever the year.
  EXPECT_TRUE(has(tagger.tag("The Wagner Group was named in the report.", 1987).actors, "wagner"));
  const auto ex = tagger.explain(test::analyzer().tokenize(company), 1987);
  ASSERT_FALSE(ex.dropped.empty());
  EXPECT_EQ(ex.dropped.front().reason,
            "veto: an alias of an actor in an article from before the actor existed (only its full name counts)");
  ASSERT_NE(test::gazetteer().actor("wagner"), nullptr);
  EXPECT_EQ(test::gazetteer().actor("wagner")->since, 2014);
  EXPECT_EQ(test::gazetteer().actor("un")->since, 0);  // unknown: never vetoed
}

TEST(TaggerPrecision, BetterKnownNamesakesNeedTheTownsRegion) {
  Tagger tagger(test::gazetteer());
  // An article naming the United States: Geneva is still Switzerland's, Paris France's, Damascus
  // Syria's, unless the smaller town's state is named.
  auto geneva = tagger.tag("U.S. and Japanese negotiators meeting in Geneva said the United States wanted more.");
  EXPECT_TRUE(has(geneva.places, "ch-geneva"));
  EXPECT_FALSE(has(geneva.places, "us-geneva"));
  auto paris = tagger.tag("The American delegation arrived in Paris on Monday, U.S. officials said.");
  EXPECT_TRUE(has(paris.places, "fr-paris"));
  EXPECT_FALSE(has(paris.places, "us-paris"));
  auto damascus = tagger.tag("Washington said Damascus had rejected the U.S. proposal.");
  EXPECT_TRUE(has(damascus.places, "sy-damascus"));
  EXPECT_FALSE(has(damascus.places, "us-damascus"));
  // Evidence: the town's state named in the article, or written after it.
  EXPECT_TRUE(has(tagger.tag("A tornado struck Paris overnight, Texas officials said.").places, "us-paris"));
  EXPECT_TRUE(has(tagger.tag("The plant in Geneva, Illinois, employs 300 people.").places, "us-geneva"));
  const Mention m = mention_in(tagger, "The American delegation arrived in Paris on Monday, U.S. officials said.", "Paris");
  EXPECT_EQ(m.reason, "a much better-known place of that name (the other's region is not named)");
  EXPECT_DOUBLE_EQ(m.confidence, 0.7);
}

TEST(TaggerPrecision, PlacesInsideOtherNames) {
  Tagger tagger(test::gazetteer());
  // "Clayton Yeutter": a town's name before an unknown capitalised word is part of a name.
  auto yeutter = tagger.tag("Clayton Yeutter told reporters the talks would resume.");
  EXPECT_TRUE(yeutter.places.empty());
  EXPECT_TRUE(yeutter.countries.empty());
  EXPECT_TRUE(has(tagger.tag("Trade Representative Clayton Yeutter said talks would resume.").persons,
                  "clayton-yeutter"));
  // A continent is not the town of that name.
  auto asia = tagger.tag("Exports to Asia rose sharply, while sales in Europe fell.");
  EXPECT_FALSE(has(asia.countries, "ph"));
  EXPECT_TRUE(asia.places.empty());
  // A small town no other name of the article supports is a surname here.
  auto harper = tagger.tag("Harper told the board the merger would close in May.");
  EXPECT_FALSE(has(harper.countries, "lr"));
  // ... and a town in a place context or with its country stays one.
  EXPECT_TRUE(has(tagger.tag("Fighting was reported in Harper, Liberia.").places, "lr-harper"));
}

TEST(TaggerPrecision, PersonsAreKeyedWithoutPossessivesOrTitles) {
  Tagger tagger(test::gazetteer());
  // Reagan and Reagan's: one person, one name.
  auto reagan = tagger.tag("President Reagan spoke on Tuesday. President Reagan's budget was sent to Congress.");
  ASSERT_EQ(reagan.persons.size(), 1u);
  EXPECT_EQ(reagan.persons[0].id, "reagan");
  EXPECT_EQ(reagan.persons[0].name, "Reagan");
  EXPECT_EQ(reagan.persons[0].mentions, 2);
  auto possessive = tagger.tag("Spokesman Karim Haddad's statement was read out.");
  EXPECT_TRUE(has_person_named(possessive, "Karim Haddad"));
  // A curated person's name with an s after it is that person.
  auto assads = tagger.tag("Supporters of Bashar al-Assads government rallied in Damascus.");
  EXPECT_TRUE(has(assads.persons, "bashar-al-assad"));
  EXPECT_FALSE(has(assads.persons, "bashar-al-assads"));
  auto trumps = tagger.tag("Critics of Donald Trumps tariffs met in Ottawa.");
  EXPECT_TRUE(has(trumps.persons, "donald-trump"));
  EXPECT_FALSE(has(trumps.persons, "donald-trumps"));
  // A title after the name is not part of it.
  auto kennedy = tagger.tag("Kevin Kennedy Regional Humanitarian Coordinator said aid convoys were blocked.");
  EXPECT_TRUE(has(kennedy.persons, "kevin-kennedy"));
  EXPECT_EQ(kennedy.persons.size(), 1u);
}

TEST(TaggerPrecision, OrganisationsAreNotPersons) {
  Tagger tagger(test::gazetteer());
  // The document writes the firm's full name once: its short form is the firm, not a person.
  auto firm = tagger.tag("Morgan Stanley Group Inc said profits rose. Morgan Stanley expects more deals this year.");
  EXPECT_FALSE(has(firm.persons, "morgan-stanley"));
  EXPECT_TRUE(firm.persons.empty());
  EXPECT_TRUE(has(firm.candidates, "morgan-stanley"));
  // A person stays a person.
  EXPECT_TRUE(has(tagger.tag("Morgan Freeman said the film would open in May.").persons, "morgan-freeman"));
}

// ---- Names in other languages and scripts (shared/data/names-<lang>.tsv, ICU country names) ----

// The tags of a text analysed as an article in `lang`.
Tags tag_in(const Tagger& tagger, const std::string& text, const std::string& lang) {
  return tagger.tag(test::gazetteer().analyzer().tokenize(text, lang));
}

TEST(TaggerLanguages, ArabicNamesWithProclitics) {
  Tagger tagger(test::gazetteer());
  auto tags = tag_in(tagger,
                     "أعلن حزبُ الله أن مقاتليه انتشروا قرب الحدود اللبنانية في الهرمل وبالقصير. وقالت مصادر إن "
                     "الجيش الإسرائيلي قصف مواقع بلبنان وسوريا.",
                     "ar");
  EXPECT_TRUE(has(tags.actors, "hezbollah"));
  EXPECT_TRUE(has(tags.actors, "idf"));
  EXPECT_TRUE(has(tags.places, "lb-hermel"));
  EXPECT_TRUE(has(tags.places, "sy-qusayr"));  // بالقصير: ب + ال + قصير
  EXPECT_TRUE(has(tags.countries, "lb"));      // بلبنان (ICU's name after a proclitic) and اللبنانية
  EXPECT_TRUE(has(tags.countries, "sy"));      // وسوريا
  // A name that is also a common word needs its context: صور is Tyre after "في", pictures alone.
  EXPECT_TRUE(has(tag_in(tagger, "نزح السكان إلى صور.", "ar").places, "lb-tyre"));
  EXPECT_FALSE(has(tag_in(tagger, "صور الدمار تنتشر.", "ar").places, "lb-tyre"));
}

TEST(TaggerLanguages, HebrewNamesWithProclitics) {
  Tagger tagger(test::gazetteer());
  auto tags = tag_in(tagger, "צה״ל דיווח כי חיזבאללה פרס כוחות בלבנון ובהרמל, ליד הגבול. לפי היוניפי\"ל, בנאקורה שקט.",
                     "he");
  EXPECT_TRUE(has(tags.actors, "idf"));
  EXPECT_TRUE(has(tags.actors, "hezbollah"));
  EXPECT_TRUE(has(tags.actors, "unifil"));
  EXPECT_TRUE(has(tags.places, "lb-hermel"));   // ובהרמל: ו + ב + הרמל
  EXPECT_TRUE(has(tags.places, "lb-naqoura"));  // בנאקורה
  EXPECT_TRUE(has(tags.countries, "lb"));
}

TEST(TaggerLanguages, RussianAndUkrainianNamesInTheirCases) {
  Tagger tagger(test::gazetteer());
  auto ru = tag_in(tagger, "«Хезболла» перебросила бойцов к ливанской границе возле Хермеля. В Харькове и Сирии тихо. "
                           "Позиции «Хезболлы» и Хезболлах.",
                   "ru");
  const auto* h = find(ru.actors, "hezbollah");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->mentions, 3);
  EXPECT_TRUE(has(ru.places, "lb-hermel"));
  EXPECT_TRUE(has(ru.places, "ua-kharkiv"));
  EXPECT_TRUE(has(ru.countries, "lb"));  // ливанской: a demonym in lower case
  EXPECT_TRUE(has(ru.countries, "sy"));
  auto uk = tag_in(tagger, "Хезболла перекинула бійців до кордону біля Гермеля, у Лівані. У Харкові, Харків і Києві працює ЗСУ.",
                   "uk");
  EXPECT_TRUE(has(uk.actors, "hezbollah"));
  EXPECT_TRUE(has(uk.actors, "ukrainian-armed-forces"));
  EXPECT_EQ(find(uk.places, "ua-kharkiv")->mentions, 2);
  EXPECT_TRUE(has(uk.places, "ua-kyiv"));
  EXPECT_TRUE(has(uk.places, "lb-hermel"));
  EXPECT_TRUE(has(uk.countries, "lb"));
  // A common word in lower case is not a name: газ (gas), газу.
  EXPECT_FALSE(has(tag_in(tagger, "Цены на газ и газу растут.", "ru").places, "ps-gaza-strip"));
}

TEST(TaggerLanguages, FrenchNamesAndLowerCaseDemonyms) {
  Tagger tagger(test::gazetteer());
  auto tags = tag_in(tagger,
                     "L'armée libanaise s'est déployée près de la frontière syrienne, à Tyr et à Qousseir, selon la "
                     "FINUL, d'après des sources à Beyrouth.",
                     "fr");
  EXPECT_TRUE(has(tags.actors, "laf"));
  EXPECT_TRUE(has(tags.actors, "unifil"));
  EXPECT_TRUE(has(tags.places, "lb-tyre"));
  EXPECT_TRUE(has(tags.places, "sy-qusayr"));
  EXPECT_TRUE(has(tags.places, "lb-beirut"));
  EXPECT_TRUE(has(tags.countries, "sy"));  // syrienne
  EXPECT_TRUE(has(tags.countries, "lb"));
}

TEST(TaggerLanguages, EnglishTextReadsAsBefore) {
  Tagger tagger(test::gazetteer());
  // English text analysed as English gives the same tags as without a language.
  const std::string text = "Hezbollah's fighters reached al-Qusayr and Hermel; O'Brien said Israel's army waited.";
  const auto a = tagger.tag(text);
  const auto b = tag_in(tagger, text, "en");
  auto ids = [](const std::vector<EntityTag>& v) {
    std::vector<std::string> out;
    for (const auto& t : v) out.push_back(t.id + ":" + std::to_string(t.mentions));
    return out;
  };
  EXPECT_EQ(ids(a.actors), ids(b.actors));
  EXPECT_EQ(ids(a.places), ids(b.places));
  EXPECT_EQ(ids(a.countries), ids(b.countries));
  EXPECT_EQ(ids(a.persons), ids(b.persons));
}

}  // namespace
}  // namespace sitrep
