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

}  // namespace
}  // namespace sitrep
