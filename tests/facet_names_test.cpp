// Facet values as shown (searcher/src/facet_names.h): two values of one name are told apart by
// country, or by region within one country, or by id; other values and every id stay as they are.
#include "facet_names.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace sitrep {
namespace {

TEST(FacetNames, PlacesOfOneNameByTheirCountries) {
  const Gazetteer& gaz = test::gazetteer();
  ASSERT_NE(gaz.place("sy-damascus"), nullptr);
  ASSERT_NE(gaz.place("us-damascus"), nullptr);
  std::vector<FacetValue> v = {{"sy-damascus", "Damascus", 40}, {"lb-beirut", "Beirut", 12}, {"us-damascus", "Damascus", 3}};
  tell_apart("place", v, gaz);
  EXPECT_EQ(v[0].name, "Damascus (" + gaz.country("sy")->name + ")");
  EXPECT_EQ(v[1].name, "Beirut");  // alone with its name: as it is
  EXPECT_EQ(v[2].name, "Damascus (" + gaz.country("us")->name + ")");
  EXPECT_EQ(v[0].id, "sy-damascus");  // ids (drill-downs) unchanged
  EXPECT_EQ(v[2].count, 3u);
}

TEST(FacetNames, OneCountryByRegionAndOtherFacetsById) {
  const Gazetteer& gaz = test::gazetteer();
  // Two places of one name in one country: their regions (made-up values of a real place each).
  const Place* damascus = gaz.place("sy-damascus");
  ASSERT_NE(damascus, nullptr);
  std::vector<FacetValue> same = {{"sy-damascus", "Damascus", 2}, {"sy-damascus", "Damascus", 1}};
  tell_apart("place", same, gaz);
  const Place* region = gaz.region_of(*damascus);
  const std::string told = region ? region->name : damascus->region;
  EXPECT_EQ(same[0].name, "Damascus (" + told + ")");
  // People (or an id the gazetteer does not know): the id.
  std::vector<FacetValue> people = {{"p-1", "Ali Hassan", 5}, {"p-2", "Ali Hassan", 4}};
  tell_apart("person", people, gaz);
  EXPECT_EQ(people[0].name, "Ali Hassan (p-1)");
  EXPECT_EQ(people[1].name, "Ali Hassan (p-2)");
  std::vector<Facet> facets = {{"place", {{"xx-nowhere", "Nowhere", 1}, {"xx-elsewhere", "Nowhere", 1}}}};
  tell_apart(facets, gaz);
  EXPECT_EQ(facets[0].values[0].name, "Nowhere (xx-nowhere)");
}

}  // namespace
}  // namespace sitrep
