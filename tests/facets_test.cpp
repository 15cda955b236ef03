// The facet registry (shared/include/sitrep/facets.h) and the option words shared by sitrep-search
// and sitrep-serve (searcher/include/sitrep/option_parse.h). Adding a facet is one row of the
// registry plus its extraction in the indexer: these checks then cover it (a distinct slot and
// prefix, its stored list, its drill-down term), the searcher counts it in the registry's order
// (match_counter.h), and server_test's FacetsFollowTheRegistry sees it in /search, /openapi.json
// and the served widget.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "match_counter.h"
#include "sitrep/facets.h"
#include "sitrep/option_parse.h"
#include "sitrep/schema.h"

namespace sitrep {
namespace {

TEST(Facets, EachHasItsOwnNameSlotAndPrefix) {
  std::set<std::string> names, prefixes;
  std::set<unsigned> slots;
  for (const auto& f : facets::all()) {
    EXPECT_TRUE(names.insert(f.name).second) << f.name;
    EXPECT_TRUE(prefixes.insert(f.prefix).second) << f.name;
    EXPECT_TRUE(slots.insert(f.slot).second) << f.name;
    // Slots the index uses for other things are no facet's.
    EXPECT_NE(f.slot, schema::kSlotDate) << f.name;
    EXPECT_NE(f.slot, schema::kSlotCoords) << f.name;
    EXPECT_NE(f.slot, schema::kSlotDuplicate) << f.name;
    EXPECT_EQ(facets::find(f.name), &f);
    // A facet in the widget's sidebar is a drill-down one with a label.
    EXPECT_TRUE(!*f.heading || (facets::drillable(f) && *f.label)) << f.name;
    EXPECT_TRUE(!f.hit_chip || (f.on_hits && *f.label)) << f.name;
    // A facet written from a tagger list is a drill-down by id (its terms are the list's ids).
    EXPECT_TRUE(!f.tags || f.drill == facets::Drill::kId) << f.name;
  }
  EXPECT_EQ(facets::find("colour"), nullptr);
}

TEST(Facets, OrderAndNamesAreTheContract) {
  // The keys of answers and the drill-down names: outside tools rely on them.
  std::string all;
  for (const auto& f : facets::all()) all += std::string(all.empty() ? "" : " ") + f.name;
  EXPECT_EQ(all, "actor person place region country world-region source lang month event candidate");
  EXPECT_EQ(facets::drillable_names(),
            "actor, person, place, region, country, world-region, source, lang, month or event");
  EXPECT_FALSE(facets::drillable(*facets::find("candidate")));
  EXPECT_STREQ(facets::find("actor")->prefix, schema::kActor);
  EXPECT_EQ(facets::find("region")->slot, schema::kSlotRegions);
  EXPECT_EQ(facets::find("source")->drill, facets::Drill::kSourceKey);
  // The entity facets weigh their terms by mentions; world-region, derived from the countries, not.
  EXPECT_TRUE(facets::find("country")->weighted);
  EXPECT_FALSE(facets::find("world-region")->weighted);
}

TEST(Facets, TheSearcherCountsTheRegistrysFacetsInItsOrder) {
  const auto& counted = counted_facets();
  ASSERT_EQ(counted.size(), facets::all().size());
  for (std::size_t k = 0; k < counted.size(); ++k) {
    EXPECT_STREQ(counted[k].name, facets::all()[k].name);
    EXPECT_EQ(counted[k].slot, facets::all()[k].slot);
  }
}

TEST(Facets, StoredListRoundTrips) {
  const std::vector<facets::Entry> entries = {{"hezbollah", "Hezbollah"}, {"sy-r-homs", "Homs Governorate"},
                                              {"x", ""}};
  const std::string list = facets::encode(entries);
  EXPECT_EQ(list, "hezbollah\tHezbollah\nsy-r-homs\tHoms Governorate\nx\t");
  EXPECT_EQ(facets::decode(list), entries);
  EXPECT_TRUE(facets::decode("").empty());
  EXPECT_EQ(facets::encode(std::vector<facets::Entry>{}), "");
  // A name keeps no tab or line break; empty lines are skipped; a line without a tab is an id.
  EXPECT_EQ(facets::encode(std::vector<facets::Entry>{{"a", "B\tC\nD\rE"}}), "a\tB C D E");
  EXPECT_EQ(facets::decode("a\tA\n\nb"), (std::vector<facets::Entry>{{"a", "A"}, {"b", ""}}));
  // The tagger's lists encode the same way.
  std::vector<EntityTag> tags(1);
  tags[0].id = "lb";
  tags[0].name = "Lebanon";
  EXPECT_EQ(facets::encode(tags), "lb\tLebanon");
}

TEST(Facets, DrillDownTerms) {
  const auto& month = *facets::find("month");
  const auto& event = *facets::find("event");
  EXPECT_EQ(*facets::date_term(month, "2024-12"), schema::term(schema::kMonth, "202412"));
  EXPECT_EQ(facets::date_term(month, "December").status().message(), "month facet value 'December' is not YYYY-MM");
  EXPECT_EQ(facets::date_term(month, "2024-12-01").status().message(),
            "month facet value '2024-12-01' is not YYYY-MM");
  EXPECT_EQ(*facets::date_term(event, "2024-11-27"), schema::term(schema::kEventDay, "20241127"));
  EXPECT_EQ(*facets::date_term(event, "2024-11"), schema::term(schema::kEventMonth, "202411"));
  EXPECT_EQ(*facets::date_term(event, "2011"), schema::term(schema::kEventYear, "2011"));
  EXPECT_EQ(facets::date_term(event, "last week").status().message(), "event facet value 'last week' is not a date");
  EXPECT_EQ(facets::date_term(event, "2024-02-30").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(facets::date_term(*facets::find("actor"), "2024"));  // an id facet's value is its term
}

TEST(OptionParse, WordsAndChoices) {
  EXPECT_EQ(parse_sort("newest"), SearchOptions::Sort::kNewest);
  EXPECT_EQ(parse_sort("relevance"), SearchOptions::Sort::kRelevance);
  EXPECT_FALSE(parse_sort("Newest"));
  EXPECT_EQ(sort_choices(), "relevance, newest or oldest");
  EXPECT_EQ(parse_interval("none"), SearchOptions::Interval::kNone);
  EXPECT_EQ(parse_interval("week"), SearchOptions::Interval::kWeek);
  EXPECT_FALSE(parse_interval("fortnight"));
  EXPECT_EQ(interval_choices(), "auto, day, week, month, year or none");
  EXPECT_EQ(parse_histogram_field("event"), SearchOptions::HistogramField::kEvent);
  EXPECT_EQ(parse_histogram_field("published"), SearchOptions::HistogramField::kPublished);
  EXPECT_FALSE(parse_histogram_field(""));
  EXPECT_EQ(histogram_field_choices(), "published or event");
}

TEST(OptionParse, Facet) {
  using Pair = std::pair<std::string, std::string>;
  EXPECT_EQ(parse_facet("actor=hezbollah", '='), Pair("actor", "hezbollah"));
  EXPECT_EQ(parse_facet("event:2024-11-27", ':'), Pair("event", "2024-11-27"));
  EXPECT_EQ(parse_facet("source:a:b", ':'), Pair("source", "a:b"));  // the first separator splits
  for (const char* bad : {"actor", "=x", "actor=", "", "="}) EXPECT_FALSE(parse_facet(bad, '=')) << bad;
}

}  // namespace
}  // namespace sitrep
