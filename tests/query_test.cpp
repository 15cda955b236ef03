#include "sitrep/query.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "sitrep/tagger.h"
#include "test_util.h"

namespace sitrep {
namespace {

ParsedQuery parse_ok(std::string_view q, QueryLimits limits = {}) {
  QueryParser p(test::gazetteer(), limits);
  auto r = p.parse(q);
  EXPECT_TRUE(r) << q << ": " << r.status().to_string();
  return r ? *r : ParsedQuery{};
}

bool covers(const GeoFilter& g, const std::string& place) {
  return std::any_of(g.places.begin(), g.places.end(), [&](const PlaceDistance& p) { return p.place->id == place; });
}

// An unknown name in a field suggests the well-known name spelt like it (issue 20).
TEST(QueryParser, UnknownFieldNameSuggestsTheWellKnownName) {
  QueryParser p(test::gazetteer());
  auto raqa = p.parse("place:Raqa");
  ASSERT_FALSE(raqa);
  EXPECT_NE(raqa.status().message().find("(did you mean Raqqa?)"), std::string::npos) << raqa.status().message();
  auto deir = p.parse("place:\"Dair Alzour\"");
  ASSERT_FALSE(deir);
  EXPECT_NE(deir.status().message().find("(did you mean Deir ez-Zor?)"), std::string::npos) << deir.status().message();
  auto darra = p.parse("place:Darra");
  ASSERT_FALSE(darra);
  EXPECT_NE(darra.status().message().find("(did you mean Daraa?)"), std::string::npos) << darra.status().message();
}

TEST(QueryParser, ExampleQueryNaturalReading) {
  auto q = parse_ok("Hezbollah deployments near Lebanese border after 2024-11-27");
  ASSERT_EQ(q.entities().size(), 1u);
  EXPECT_EQ(q.entities()[0].kind, EntityKind::kActor);
  EXPECT_EQ(q.entities()[0].ids, std::vector<std::string>{"hezbollah"});
  ASSERT_EQ(q.geo().size(), 1u);
  const auto& g = q.geo()[0];
  EXPECT_EQ(g.kind, GeoFilter::Kind::kNearBorder);
  EXPECT_EQ(g.target, "lb");
  EXPECT_EQ(g.km, 50);
  EXPECT_EQ(g.written, "near Lebanese border");
  EXPECT_TRUE(covers(g, "sy-qusayr"));  // Syrian side
  EXPECT_TRUE(covers(g, "lb-hermel"));  // Lebanese side
  EXPECT_FALSE(covers(g, "sy-aleppo"));
  EXPECT_FALSE(covers(g, "sy-deir-ez-zor"));
  ASSERT_TRUE(q.date());
  EXPECT_EQ(q.date()->from->iso(), "2024-11-28");
  EXPECT_FALSE(q.date()->to);
  ASSERT_EQ(q.text().size(), 1u);
  EXPECT_EQ(q.text()[0].kind, TextClause::Kind::kConcept);
  EXPECT_EQ(q.text()[0].concept_id, "deploy");
  const auto& terms = q.text()[0].terms;
  for (const char* w : {"deploy", "send", "sent", "dispatch", "reinforc"})
    EXPECT_NE(std::find(terms.begin(), terms.end(), w), terms.end()) << w;
  EXPECT_TRUE(q.ignored().empty());
}

TEST(QueryParser, SameShapeOtherActorPlaceDate) {
  auto q = parse_ok("Wagner movements near Malian border before 2023-06-01");
  ASSERT_EQ(q.entities().size(), 1u);
  EXPECT_EQ(q.entities()[0].ids, std::vector<std::string>{"wagner"});
  ASSERT_EQ(q.geo().size(), 1u);
  EXPECT_EQ(q.geo()[0].target, "ml");
  EXPECT_TRUE(covers(q.geo()[0], "ml-menaka") || covers(q.geo()[0], "ml-labbezanga"));
  EXPECT_FALSE(covers(q.geo()[0], "ml-bamako"));
  ASSERT_TRUE(q.date());
  EXPECT_FALSE(q.date()->from);
  EXPECT_EQ(q.date()->to->iso(), "2023-05-31");
  ASSERT_EQ(q.text().size(), 1u);
  EXPECT_EQ(q.text()[0].concept_id, "deploy");
}

TEST(QueryParser, ExplicitFields) {
  auto q = parse_ok("actor:Hezbollah place:Lebanon after:2024-11-27 \"border crossing\" -Israel");
  ASSERT_EQ(q.entities().size(), 3u);
  EXPECT_EQ(q.entities()[0].kind, EntityKind::kActor);
  EXPECT_EQ(q.entities()[1].kind, EntityKind::kCountry);
  EXPECT_EQ(q.entities()[1].ids, std::vector<std::string>{"lb"});
  EXPECT_FALSE(q.entities()[1].negated);
  EXPECT_EQ(q.entities()[2].ids, std::vector<std::string>{"il"});
  EXPECT_TRUE(q.entities()[2].negated);  // -Israel: excluded, not dropped
  ASSERT_EQ(q.text().size(), 1u);
  EXPECT_EQ(q.text()[0].kind, TextClause::Kind::kPhrase);
  EXPECT_EQ(q.text()[0].terms, (std::vector<std::string>{"border", "crossing"}));
}

TEST(QueryParser, DateForms) {
  auto range = parse_ok("date:2024-11..2024-12");
  EXPECT_EQ(range.date()->from->iso(), "2024-11-01");
  EXPECT_EQ(range.date()->to->iso(), "2024-12-31");
  auto between = parse_ok("attacks between 27 November 2024 and December 8, 2024");
  EXPECT_EQ(between.date()->from->iso(), "2024-11-27");
  EXPECT_EQ(between.date()->to->iso(), "2024-12-08");
  auto in_month = parse_ok("shelling in December 2024");
  EXPECT_EQ(in_month.date()->from->iso(), "2024-12-01");
  EXPECT_EQ(in_month.date()->to->iso(), "2024-12-31");
  auto since = parse_ok("since 2023");
  EXPECT_EQ(since.date()->from->iso(), "2023-01-01");
  auto on = parse_ok("on:2024-12-07");
  EXPECT_EQ(on.date()->from, on.date()->to);
  auto both = parse_ok("after:2024-01-01 before:2024-02-01");
  EXPECT_EQ(both.date()->from->iso(), "2024-01-02");
  EXPECT_EQ(both.date()->to->iso(), "2024-01-31");
  // A number that is not a date stays a word.
  auto fighters = parse_ok("2000 fighters");
  EXPECT_FALSE(fighters.date());
}

TEST(QueryParser, RelativeDatesReadAgainstNow) {
  QueryParser p(test::gazetteer());
  const Date now{2025, 1, 31};
  auto last30 = p.parse("strikes in the last 30 days", now);
  ASSERT_TRUE(last30) << last30.status().to_string();
  ASSERT_TRUE(last30->date());
  EXPECT_EQ(last30->date()->to->iso(), "2025-01-31");
  EXPECT_EQ(last30->date()->from->iso(), "2025-01-02");
  auto this_year = p.parse("this year", now);
  ASSERT_TRUE(this_year && this_year->date());
  EXPECT_EQ(this_year->date()->from->iso(), "2025-01-01");
  auto on_day = p.parse("shelling on 27 November", now);  // the most recent 27 November
  ASSERT_TRUE(on_day && on_day->date());
  EXPECT_EQ(on_day->date()->from->iso(), "2024-11-27");
  EXPECT_EQ(on_day->date()->to->iso(), "2024-11-27");
  auto field = p.parse("after:yesterday", now);
  ASSERT_TRUE(field && field->date());
  EXPECT_EQ(field->date()->from->iso(), "2025-01-31");
  auto range = p.parse("date:last-week", now);
  ASSERT_TRUE(range && range->date()) << range.status().to_string();
  EXPECT_EQ(range->date()->from->iso(), "2025-01-20");  // Monday to Sunday of the week before
  EXPECT_EQ(range->date()->to->iso(), "2025-01-26");
  // "last" that is not a date stays a word.
  auto word = p.parse("the last stronghold", now);
  ASSERT_TRUE(word);
  EXPECT_FALSE(word->date());
}

TEST(QueryParser, EventDateFields) {
  QueryParser p(test::gazetteer());
  auto on = p.parse("event:2024-11-27");
  ASSERT_TRUE(on && on->event_date());
  EXPECT_FALSE(on->date());
  EXPECT_EQ(on->event_date()->from->iso(), "2024-11-27");
  EXPECT_EQ(on->event_date()->to->iso(), "2024-11-27");
  auto after = p.parse("event-after:2024-11-26 event-before:2024-12");
  ASSERT_TRUE(after && after->event_date());
  EXPECT_EQ(after->event_date()->from->iso(), "2024-11-27");
  EXPECT_EQ(after->event_date()->to->iso(), "2024-11-30");
  auto range = p.parse("event:2011..2012");
  ASSERT_TRUE(range && range->event_date());
  EXPECT_EQ(range->event_date()->to->iso(), "2012-12-31");
  EXPECT_NE(range->summary().find("events from 2011-01-01 to 2012-12-31"), std::string::npos);
}

TEST(QueryParser, GeographyForms) {
  auto near = parse_ok("near:Homs within:30km");
  ASSERT_EQ(near.geo().size(), 1u);
  EXPECT_EQ(near.geo()[0].kind, GeoFilter::Kind::kNearPlace);
  EXPECT_EQ(near.geo()[0].km, 30);
  EXPECT_TRUE(covers(near.geo()[0], "sy-homs"));
  EXPECT_TRUE(covers(near.geo()[0], "sy-qusayr"));  // about 25 km away
  EXPECT_FALSE(covers(near.geo()[0], "sy-hama"));   // about 45 km away
  auto within = parse_ok("strikes within 20 km of Kharkiv");
  ASSERT_EQ(within.geo().size(), 1u);
  EXPECT_EQ(within.geo()[0].km, 20);
  auto border_with = parse_ok("clashes near the border with Lebanon");
  ASSERT_EQ(border_with.geo().size(), 1u);
  EXPECT_EQ(border_with.geo()[0].target, "lb");
  auto in_place = parse_ok("shelling in Kharkiv");
  ASSERT_EQ(in_place.entities().size(), 1u);
  // The city and the region (oblast) of the same name: either matches.
  EXPECT_EQ(in_place.entities()[0].ids, (std::vector<std::string>{"ua-kharkiv", "ua-r-kharkiv"}));
  EXPECT_EQ(in_place.entities()[0].name, "Kharkiv (town or region)");
  auto tripoli = parse_ok("place:Tripoli");
  ASSERT_EQ(tripoli.entities().size(), 1u);
  EXPECT_NE(tripoli.entities()[0].name.find("Lebanon"), std::string::npos);
  EXPECT_NE(tripoli.entities()[0].name.find("Libya"), std::string::npos);
  auto alias = parse_ok("Kharkov");
  ASSERT_EQ(alias.entities().size(), 1u);
  EXPECT_EQ(alias.entities()[0].ids.front(), "ua-kharkiv");
}

TEST(QueryParser, DirectionsFromAPlaceOrACountry) {
  auto q = parse_ok("shelling north of Homs");
  ASSERT_EQ(q.geo().size(), 1u);
  const auto& g = q.geo()[0];
  EXPECT_EQ(g.direction, "north");
  EXPECT_EQ(g.km, 100);  // twice the default radius
  EXPECT_TRUE(covers(g, "sy-hama"));      // about 45 km north
  EXPECT_FALSE(covers(g, "sy-qusayr"));   // south-west
  EXPECT_FALSE(covers(g, "sy-damascus"));  // south
  EXPECT_FALSE(covers(g, "sy-homs"));     // not the target itself
  EXPECT_NE(q.summary().find("100 km north of Homs"), std::string::npos) << q.summary();
  auto se = parse_ok("clashes south-east of Aleppo within:60km");
  ASSERT_EQ(se.geo().size(), 1u);
  EXPECT_EQ(se.geo()[0].direction, "southeast");
  EXPECT_EQ(se.geo()[0].km, 60);
  auto country = parse_ok("drones north of Lebanon");
  ASSERT_EQ(country.geo().size(), 1u);
  EXPECT_EQ(country.geo()[0].kind, GeoFilter::Kind::kNearBorder);
  EXPECT_TRUE(covers(country.geo()[0], "sy-tal-kalakh"));  // Syria, just north of the border
  EXPECT_FALSE(covers(country.geo()[0], "lb-hermel"));      // inside Lebanon
  EXPECT_FALSE(covers(country.geo()[0], "il-metula"));      // south
}

TEST(QueryParser, NoWordDroppedSilently) {
  auto q = parse_ok("the fighters of the group");
  std::vector<std::string> ignored;
  for (const auto& w : q.ignored()) ignored.push_back(w.word);
  EXPECT_EQ(ignored, (std::vector<std::string>{"the", "of", "the"}));
  ASSERT_EQ(q.text().size(), 2u);
  EXPECT_EQ(q.text()[0].written, "fighters");
  EXPECT_EQ(q.text()[1].written, "group");
  EXPECT_NE(q.summary().find("fighters"), std::string::npos);
}

TEST(QueryParser, OperatorsAndSigns) {
  auto q = parse_ok("ceasefire AND hostages NOT talks +Gaza");
  ASSERT_GE(q.text().size(), 3u);
  EXPECT_TRUE(q.text()[0].required);
  EXPECT_TRUE(q.text()[1].required);
  EXPECT_TRUE(q.text()[2].negated);
}

TEST(QueryParser, ShortLowerCaseWordsAreNotNames) {
  auto q = parse_ok("attacks against us");
  EXPECT_TRUE(q.entities().empty());
  auto q2 = parse_ok("US strikes");
  ASSERT_EQ(q2.entities().size(), 1u);
  EXPECT_EQ(q2.entities()[0].ids, std::vector<std::string>{"us"});
}

TEST(QueryParser, Errors) {
  QueryParser p(test::gazetteer());
  EXPECT_EQ(p.parse("actor:Nobodyknown").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(p.parse("actor:Nobodyknown").status().message().find("unknown actor 'Nobodyknown'"), std::string::npos);
  EXPECT_EQ(p.parse("after:2024-13-01").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.parse("date:2025..2024").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.parse("after:2025-01-01 before:2024-01-01").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.parse("near:Homs within:9000km").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.parse("bad \xFF utf8").status().code(), ErrorCode::kInvalidArgument);
  QueryLimits small;
  small.max_query_bytes = 20;
  small.max_clauses = 3;
  QueryParser limited(test::gazetteer(), small);
  EXPECT_EQ(limited.parse(std::string(21, 'a')).status().code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(limited.parse("+aa +bb +cc +dd").status().code(), ErrorCode::kLimitExceeded);
  EXPECT_TRUE(limited.parse("one two three four"));  // plain words are not counted (issue 16)
}


// ---- descriptive queries, common words, proximity ----

ParsedQuery parse_with_tagger(std::string_view q) {
  static const Tagger tagger(test::gazetteer(), Gazetteer::default_data_dir());
  QueryParser p(test::gazetteer(), {}, &tagger);
  auto r = p.parse(q, Date{2024, 12, 31});
  EXPECT_TRUE(r) << q << ": " << r.status().to_string();
  return r ? *r : ParsedQuery{};
}

TEST(QueryParser, ShortNaturalQueriesFilter) {
  for (const char* q : {"Hezbollah deployments near Lebanese border after 2024-11-27", "drone strikes on Kyiv",
                        "Rapid Support Forces in El Fasher"}) {
    auto p = parse_ok(q);
    EXPECT_FALSE(p.descriptive()) << q;
    for (const auto& e : p.entities()) EXPECT_FALSE(e.boost) << q;
    for (const auto& g : p.geo()) EXPECT_FALSE(g.boost) << q;
  }
}

TEST(QueryParser, LongDescriptionsRankByNamesInsteadOfFiltering) {
  auto q = parse_ok("efforts of the ambassador to persuade the president of Vietnam to change his policies in 1962");
  EXPECT_TRUE(q.descriptive());
  ASSERT_EQ(q.entities().size(), 1u);
  EXPECT_EQ(q.entities()[0].ids, std::vector<std::string>{"vn"});
  EXPECT_TRUE(q.entities()[0].boost);
  ASSERT_TRUE(q.date());
  EXPECT_TRUE(q.date()->boost);
  // The name's own word is searched as text too.
  EXPECT_TRUE(std::any_of(q.text().begin(), q.text().end(), [](const TextClause& c) { return c.written == "Vietnam"; }));
  EXPECT_NE(q.summary().find("ranked higher: country = Vietnam, events from 1962-01-01 to 1962-12-31"),
            std::string::npos)
      << q.summary();
  // Fields always filter, however long the query.
  auto f = parse_ok("actor:Hezbollah efforts to move fighters and weapons across the hills");
  EXPECT_TRUE(f.entities().size() == 1 && !f.entities()[0].boost);
  EXPECT_FALSE(f.descriptive());
  // So does a negated name.
  auto n = parse_ok("efforts to move fighters and weapons across the hills -Hezbollah");
  ASSERT_EQ(n.entities().size(), 1u);
  EXPECT_TRUE(n.entities()[0].negated);
  EXPECT_FALSE(n.entities()[0].boost);
  // The threshold is a limit; 0 turns descriptions off.
  QueryLimits off;
  off.descriptive_words = 0;
  auto strict = parse_ok("efforts of the ambassador to persuade the president of Vietnam to change his policies", off);
  EXPECT_FALSE(strict.descriptive());
  EXPECT_FALSE(strict.entities()[0].boost);
}

TEST(QueryParser, CommonWordsAndLowerCaseTownsAreNotPlaces) {
  // "most", "union", "split": GeoNames towns and common words; "cabot": only a GeoNames town.
  auto q = parse_with_tagger("most union leaders split over the cabot plan for the valley");
  for (const auto& e : q.entities()) ADD_FAILURE() << "read as a place: " << e.written;
  // Capitalised, or after "in"/"near", they are places.
  auto c = parse_with_tagger("shelling in split");
  ASSERT_EQ(c.entities().size(), 1u);
  EXPECT_EQ(c.entities()[0].kind, EntityKind::kPlace);
  auto cap = parse_with_tagger("Split harbour");
  ASSERT_EQ(cap.entities().size(), 1u);
  // Curated conflict places are read in lower case.
  auto r = parse_with_tagger("rafah crossing");
  ASSERT_EQ(r.entities().size(), 1u);
  EXPECT_EQ(r.entities()[0].kind, EntityKind::kPlace);
}

TEST(QueryParser, NeighbouringWordsRankHigherTogether) {
  auto q = parse_ok("prime minister faces vote of confidence");
  ASSERT_EQ(q.proximity().size(), 4u);
  EXPECT_EQ(q.proximity()[0].words, (std::vector<std::string>{"prime", "minister"}));
  EXPECT_EQ(q.proximity()[0].window, 2u);
  EXPECT_EQ(q.proximity()[1].words, (std::vector<std::string>{"minister", "faces"}));
  EXPECT_EQ(q.proximity()[2].words, (std::vector<std::string>{"faces", "vote"}));
  EXPECT_EQ(q.proximity()[3].words, (std::vector<std::string>{"vote", "confidence"}));
  EXPECT_EQ(q.proximity()[3].window, 3u);  // one common word between them
  EXPECT_TRUE(parse_ok("ceasefire").proximity().empty());
  EXPECT_TRUE(parse_ok("ceasefire -talks").proximity().empty());
}


TEST(QueryParser, NearOperator) {
  auto q = parse_ok("Hezbollah NEAR/3 fighters");
  ASSERT_EQ(q.text().size(), 1u);
  EXPECT_EQ(q.text()[0].kind, TextClause::Kind::kNear);
  EXPECT_EQ(q.text()[0].terms, (std::vector<std::string>{"hezbollah", "fighters"}));
  EXPECT_EQ(q.text()[0].window, 5u);  // up to 3 words between: within 5 positions
  EXPECT_TRUE(q.entities().empty());   // the words of a NEAR are words, not a filter
  auto chain = parse_ok("troops NEAR/2 border NEAR/4 convoy");
  ASSERT_EQ(chain.text().size(), 1u);
  EXPECT_EQ(chain.text()[0].terms.size(), 3u);
  EXPECT_EQ(chain.text()[0].window, 7u);
  EXPECT_EQ(parse_ok("ceasefire NEAR talks").text()[0].window, 12u);  // NEAR alone: 10 words
  auto mixed = parse_ok("shelling NEAR/5 crossing harvest");
  ASSERT_EQ(mixed.text().size(), 2u);
  EXPECT_EQ(mixed.text()[1].kind, TextClause::Kind::kWord);
  // A dangling NEAR keeps its word, and says so.
  auto dangling = parse_ok("border NEAR/3");
  ASSERT_EQ(dangling.text().size(), 1u);
  EXPECT_EQ(dangling.text()[0].kind, TextClause::Kind::kWord);
  ASSERT_EQ(dangling.ignored().size(), 1u);
  QueryParser p(test::gazetteer());
  for (const char* bad : {"a NEAR/0 b", "a NEAR/abc b", "a NEAR/1000 b"}) {
    auto r = p.parse(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("NEAR/"), std::string::npos);
  }
}

TEST(QueryParser, Wildcards) {
  auto q = parse_ok("reinforce* -shell*");
  ASSERT_EQ(q.text().size(), 2u);
  EXPECT_EQ(q.text()[0].kind, TextClause::Kind::kWildcard);
  EXPECT_EQ(q.text()[0].terms, std::vector<std::string>{"reinforce"});
  EXPECT_TRUE(q.text()[1].negated);
  EXPECT_NE(q.summary().find("reinforce*"), std::string::npos);
  QueryParser p(test::gazetteer());
  for (const char* bad : {"a*", "*", "al-q*"}) {
    auto r = p.parse(bad);
    if (std::string(bad) == "*") continue;  // a lone star is punctuation
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.status().message().find("wildcard"), std::string::npos) << bad;
  }
}


TEST(QueryParser, PartsOfCountriesAndRegions) {
  auto q = parse_ok("shelling in northern Syria");
  ASSERT_EQ(q.geo().size(), 1u);
  const auto& g = q.geo()[0];
  EXPECT_EQ(g.kind, GeoFilter::Kind::kPartOf);
  EXPECT_EQ(g.target, "sy");
  EXPECT_EQ(g.direction, "north");
  EXPECT_EQ(g.written, "in northern Syria");
  EXPECT_TRUE(covers(g, "sy-aleppo"));
  EXPECT_TRUE(covers(g, "sy-azaz"));
  EXPECT_FALSE(covers(g, "sy-daraa"));
  EXPECT_FALSE(covers(g, "sy-damascus"));
  EXPECT_NE(q.summary().find("place in the north of Syria"), std::string::npos) << q.summary();

  auto south = parse_ok("southern Lebanon");
  ASSERT_EQ(south.geo().size(), 1u);
  EXPECT_TRUE(covers(south.geo()[0], "lb-naqoura"));
  EXPECT_TRUE(covers(south.geo()[0], "lb-tyre"));
  EXPECT_FALSE(covers(south.geo()[0], "lb-hermel"));
  EXPECT_FALSE(covers(south.geo()[0], "lb-tripoli"));

  auto ne = parse_ok("attacks in north-eastern Syria");
  ASSERT_EQ(ne.geo().size(), 1u);
  EXPECT_EQ(ne.geo()[0].direction, "northeast");
  EXPECT_TRUE(covers(ne.geo()[0], "sy-qamishli"));
  EXPECT_FALSE(covers(ne.geo()[0], "sy-aleppo"));

  // A town stands for its region.
  auto aleppo = parse_ok("clashes in northern Aleppo");
  ASSERT_EQ(aleppo.geo().size(), 1u);
  EXPECT_EQ(aleppo.geo()[0].target, "sy-r-aleppo");
  EXPECT_TRUE(covers(aleppo.geo()[0], "sy-azaz"));
  EXPECT_FALSE(covers(aleppo.geo()[0], "sy-homs"));

  // A longer name wins.
  auto ni = parse_ok("Northern Ireland");
  EXPECT_TRUE(ni.geo().empty());
  ASSERT_EQ(ni.entities().size(), 1u);
}

TEST(QueryParser, CountryByCode) {
  for (const char* q : {"country:ml", "country:ML", "country:Mali"}) {
    auto p = parse_ok(q);
    ASSERT_EQ(p.entities().size(), 1u) << q;
    EXPECT_EQ(p.entities()[0].kind, EntityKind::kCountry);
    EXPECT_EQ(p.entities()[0].ids, std::vector<std::string>{"ml"});
    EXPECT_EQ(p.entities()[0].name, "Mali");
  }
  QueryParser parser(test::gazetteer());
  EXPECT_FALSE(parser.parse("country:qq"));
}

TEST(QueryParser, NamesInOtherScriptsAndLanguages) {
  auto a = parse_ok("actor:Хезболла place:Харкові");
  ASSERT_EQ(a.entities().size(), 2u);
  EXPECT_EQ(a.entities()[0].ids, std::vector<std::string>{"hezbollah"});
  EXPECT_EQ(a.entities()[1].ids[0], "ua-kharkiv");
  auto b = parse_ok("حزب الله في الهرمل");
  ASSERT_GE(b.entities().size(), 2u);
  EXPECT_EQ(b.entities()[0].ids, std::vector<std::string>{"hezbollah"});
  EXPECT_EQ(b.entities()[1].ids[0], "lb-hermel");
  auto c = parse_ok("place:Харьков");
  ASSERT_EQ(c.entities().size(), 1u);
  EXPECT_EQ(c.entities()[0].ids[0], "ua-kharkiv");
  auto d = parse_ok("country:בלבנון");  // after a proclitic
  ASSERT_EQ(d.entities().size(), 1u);
  EXPECT_EQ(d.entities()[0].ids, std::vector<std::string>{"lb"});
}

TEST(QueryParser, WordsCarryTheirReadingsInOtherLanguages) {
  auto word = [](const ParsedQuery& q, const std::string& written) -> const TextClause* {
    for (const auto& t : q.text())
      if (t.written == written) return &t;
    return nullptr;
  };
  auto has = [](const TextClause& c, const std::string& term, const std::string& lang) {
    return std::any_of(c.variants.begin(), c.variants.end(),
                       [&](const TextClause::Variant& v) { return v.term == term && v.lang == lang; });
  };
  auto q = parse_ok("границе elections Комаренко الحدود");
  const auto* ru = word(q, "границе");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->terms[0], "границе");      // as a Ukrainian article indexes it
  EXPECT_TRUE(has(*ru, "Zграниц", ""));  // the Russian stem
  const auto* en = word(q, "elections");
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(en->terms[0], "elect");
  EXPECT_TRUE(has(*en, "Zelection", "de"));  // the German stem, used where German articles are
  for (const auto& v : en->variants) EXPECT_NE(v.term[0], 'T') << "a lower-case word is not a name";
  const auto* name = word(q, "Комаренко");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(has(*name, "Tkmrnk", ""));      // the transliteration key
  EXPECT_TRUE(has(*name, "Zkomarenko", ""));  // the transliteration's English stem
  const auto* ar = word(q, "الحدود");
  ASSERT_NE(ar, nullptr);
  EXPECT_TRUE(has(*ar, "Zحدود", ""));  // the Arabic stem
  // Common words of other languages are not searched alone.
  auto s = parse_ok("что في של Hezbollah");
  EXPECT_EQ(s.ignored().size(), 3u);
}


ParsedQuery parse_at(std::string_view q, const Date& now) {
  QueryParser p(test::gazetteer());
  auto r = p.parse(q, now);
  EXPECT_TRUE(r) << q << ": " << r.status().to_string();
  return r ? *r : ParsedQuery{};
}

bool ignored_with(const ParsedQuery& q, std::string_view word, std::string_view reason_part) {
  return std::any_of(q.ignored().begin(), q.ignored().end(), [&](const IgnoredWord& w) {
    return w.word == word && w.reason.find(reason_part) != std::string::npos;
  });
}

// Issue 20: OR means or, between names, fields, words and phrases; AND binds tighter.
TEST(QueryParser, OrBetweenNamesFieldsAndWords) {
  for (const char* text : {"Hezbollah OR Hamas", "actor:Hezbollah OR actor:Hamas", "actor:Hezbollah OR Hamas"}) {
    auto q = parse_ok(text);
    EXPECT_TRUE(q.entities().empty()) << text;
    ASSERT_EQ(q.any_of().size(), 1u) << text;
    const auto& g = q.any_of()[0];
    EXPECT_FALSE(g.negated);
    ASSERT_EQ(g.alternatives.size(), 2u) << text;
    ASSERT_EQ(g.alternatives[0].entities().size(), 1u);
    ASSERT_EQ(g.alternatives[1].entities().size(), 1u);
    EXPECT_EQ(g.alternatives[0].entities()[0].ids, std::vector<std::string>{"hezbollah"});
    EXPECT_EQ(g.alternatives[1].entities()[0].ids, std::vector<std::string>{"hamas"});
    EXPECT_EQ(q.summary(), "(actor = Hezbollah OR actor = Hamas)") << text;
    EXPECT_TRUE(q.ignored().empty()) << text;
  }
  // Parentheses: the group is one condition beside the others.
  auto grouped = parse_ok("(actor:Hezbollah OR actor:Hamas) place:Lebanon");
  ASSERT_EQ(grouped.entities().size(), 1u);
  EXPECT_EQ(grouped.entities()[0].ids, std::vector<std::string>{"lb"});
  ASSERT_EQ(grouped.any_of().size(), 1u);
  EXPECT_EQ(grouped.any_of()[0].alternatives.size(), 2u);
  EXPECT_EQ(grouped.summary(), "country = Lebanon AND (actor = Hezbollah OR actor = Hamas)");
  // Precedence as Xapian's QueryParser: a b OR c is (a AND b) OR c.
  auto prec = parse_ok("actor:Hezbollah place:Syria OR actor:Hamas");
  ASSERT_EQ(prec.any_of().size(), 1u);
  ASSERT_EQ(prec.any_of()[0].alternatives.size(), 2u);
  EXPECT_EQ(prec.any_of()[0].alternatives[0].entities().size(), 2u);
  EXPECT_EQ(prec.any_of()[0].alternatives[1].entities().size(), 1u);
  // Words and phrases.
  auto words = parse_ok("\"Qusayr\" OR \"Quseir\" OR shelling");
  ASSERT_EQ(words.any_of().size(), 1u);
  EXPECT_EQ(words.any_of()[0].alternatives.size(), 3u);
  // An excluded group.
  for (const char* text : {"Lebanon -(Hamas OR Israel)", "Lebanon NOT (Hamas OR Israel)"}) {
    auto neg = parse_ok(text);
    ASSERT_EQ(neg.any_of().size(), 1u) << text;
    EXPECT_TRUE(neg.any_of()[0].negated) << text;
    EXPECT_NE(neg.summary().find("NOT ("), std::string::npos) << neg.summary();
  }
}

// Parentheses without OR inside add nothing to a conjunction: a parenthesised aside in a pasted
// text reads as its words would.
TEST(QueryParser, GroupsWithoutOrAreReadInline) {
  auto aside = parse_ok("the Baath (Renaissance) party founded by Michel Aflak");
  EXPECT_TRUE(aside.any_of().empty());
  EXPECT_TRUE(std::any_of(aside.text().begin(), aside.text().end(),
                          [](const TextClause& t) { return t.written == "Renaissance"; }));
  auto names = parse_ok("(Hezbollah Hamas) Lebanon");
  EXPECT_TRUE(names.any_of().empty());
  EXPECT_EQ(names.entities().size(), 3u);
  // Excluded, or holding an OR: a group.
  EXPECT_EQ(parse_ok("Lebanon -(Hezbollah Hamas)").any_of().size(), 1u);
  EXPECT_EQ(parse_ok("((Hezbollah OR Hamas)) Lebanon").any_of().size(), 1u);
}

TEST(QueryParser, NaturalOrKeepsNamesAsWritten) {
  // One kind: one filter naming either.
  auto q = parse_ok("Hezbollah or Hamas attacks");
  ASSERT_EQ(q.entities().size(), 1u);
  EXPECT_EQ(q.entities()[0].ids, (std::vector<std::string>{"hezbollah", "hamas"}));
  EXPECT_EQ(q.entities()[0].name, "Hezbollah or Hamas");
  EXPECT_EQ(q.entities()[0].written, "Hezbollah or Hamas");
  auto places = parse_ok("shelling in Aleppo or Homs");
  ASSERT_EQ(places.entities().size(), 1u);
  EXPECT_NE(std::find(places.entities()[0].ids.begin(), places.entities()[0].ids.end(), "sy-aleppo"),
            places.entities()[0].ids.end());
  EXPECT_NE(std::find(places.entities()[0].ids.begin(), places.entities()[0].ids.end(), "sy-homs"),
            places.entities()[0].ids.end());
  // Different kinds: a group of alternatives.
  auto mixed = parse_ok("Hezbollah or Israel");
  EXPECT_TRUE(mixed.entities().empty());
  ASSERT_EQ(mixed.any_of().size(), 1u);
  EXPECT_EQ(mixed.any_of()[0].alternatives.size(), 2u);
  // "and" keeps both.
  EXPECT_EQ(parse_ok("Hezbollah and Hamas").entities().size(), 2u);
}

TEST(QueryParser, OperatorsWithoutOperandsAreReported) {
  auto trailing = parse_ok("Hezbollah OR");
  EXPECT_EQ(trailing.entities().size(), 1u);
  EXPECT_TRUE(ignored_with(trailing, "OR", "each side"));
  EXPECT_TRUE(ignored_with(parse_ok("OR Hamas"), "OR", "each side"));
  EXPECT_TRUE(ignored_with(parse_ok("(Hezbollah OR Hamas"), "(", "no closing"));
  EXPECT_TRUE(ignored_with(parse_ok("Hezbollah) Hamas"), ")", "no opening"));
  EXPECT_TRUE(ignored_with(parse_ok("Hezbollah ()"), "()", "empty group"));
  QueryParser p(test::gazetteer());
  auto deep = p.parse("((((((((((Hezbollah))))))))))");
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.status().message().find("nested"), std::string::npos);
  // Alternatives count towards the clause limit.
  QueryLimits small;
  small.max_clauses = 3;
  QueryParser strict(test::gazetteer(), small);
  EXPECT_FALSE(strict.parse("a OR b OR c OR d"));
}

// Issue 20: a weekday or relative day never makes a pasted sentence fail.
TEST(QueryParser, RelativeDatesGiveWayToStatedOnes) {
  for (const Date now : {Date{2026, 12, 7}, Date{2016, 10, 1}}) {
    auto q = parse_at("rebels shelled Aleppo on Tuesday in 2016", now);
    ASSERT_TRUE(q.date());
    EXPECT_EQ(q.date()->from->iso(), "2016-01-01");
    EXPECT_EQ(q.date()->to->iso(), "2016-12-31");
    EXPECT_TRUE(ignored_with(q, "on Tuesday", "in 2016")) << q.summary();
  }
  // Two relative dates that leave no day: the second is not used.
  auto rel = parse_at("shelling on Tuesday and last month", Date{2024, 12, 7});
  ASSERT_TRUE(rel.date());
  EXPECT_EQ(rel.date()->from->iso(), "2024-12-03");
  EXPECT_TRUE(ignored_with(rel, "last month", "conflicts with on Tuesday"));
  // Natural dates that conflict: a note, not an error.
  auto natural = parse_at("Hezbollah after 2020 before 2019", Date{2024, 12, 7});
  ASSERT_TRUE(natural.date());
  EXPECT_EQ(natural.date()->from->iso(), "2021-01-01");
  EXPECT_TRUE(ignored_with(natural, "before 2019", "conflicts with after 2020"));
  // A range reversed by itself, with no other date (found by fuzz_query_parser: it read an empty optional).
  auto reversed = parse_at("drone  Ukraine between 1 May 2224 and June 2024", Date{2024, 12, 7});
  EXPECT_FALSE(reversed.date());
  EXPECT_TRUE(ignored_with(reversed, "between 1 May 2224 and June 2024", "ends before it starts")) << reversed.summary();
  // Stated fields that leave no day are still an error.
  QueryParser p(test::gazetteer());
  auto bad = p.parse("after:2020 before:2019");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.status().message().find("no possible date"), std::string::npos);
  // A relative date alone still filters.
  auto alone = parse_at("Hezbollah yesterday", Date{2024, 12, 7});
  ASSERT_TRUE(alone.date());
  EXPECT_EQ(alone.date()->from->iso(), "2024-12-06");
}

TEST(QueryParser, BareYearIsADateWhenItStandsAlone) {
  const Date now{2026, 12, 7};
  for (const char* text : {"1987", "Iran 1987", "1987 Gulf war", "tankers in 1987", "attacks since 1987"}) {
    auto q = parse_at(text, now);
    ASSERT_TRUE(q.date()) << text;
    EXPECT_EQ(q.date()->from->iso(), "1987-01-01") << text;
  }
  for (const char* text : {"2000 troops", "1850", "3000", "resolution 1987 2 votes"}) {
    auto q = parse_at(text, now);
    EXPECT_FALSE(q.date()) << text << ": " << q.summary();
  }
  EXPECT_TRUE(parse_at("Iran 2027", now).date());
  EXPECT_FALSE(parse_at("Iran 2028", now).date());
}

// Issue 20: the ids the facets show, and a name with its country or region.
TEST(QueryParser, SayingWhichPlace) {
  auto id = parse_ok("place:ch-geneva");
  ASSERT_EQ(id.entities().size(), 1u);
  EXPECT_EQ(id.entities()[0].ids, std::vector<std::string>{"ch-geneva"});
  EXPECT_EQ(id.entities()[0].name, "Geneva (Switzerland)");
  EXPECT_TRUE(id.entities()[0].field);
  auto near = parse_ok("near:ch-geneva");
  ASSERT_EQ(near.geo().size(), 1u);
  EXPECT_EQ(near.geo()[0].target, "ch-geneva");
  EXPECT_TRUE(near.geo()[0].field);
  EXPECT_EQ(parse_ok("actor:hezbollah").entities()[0].ids, std::vector<std::string>{"hezbollah"});
  for (const char* text : {"place:\"Geneva, Switzerland\"", "place:\"Geneva (Switzerland)\"", "Geneva (Switzerland)",
                           "talks in Geneva (Switzerland)", "place:\"Geneva, CH\""}) {
    auto q = parse_ok(text);
    ASSERT_EQ(q.entities().size(), 1u) << text;
    const auto& ids = q.entities()[0].ids;
    EXPECT_NE(std::find(ids.begin(), ids.end(), "ch-geneva"), ids.end()) << text;
    for (const auto& i : ids) EXPECT_EQ(i.rfind("ch-", 0), 0u) << text << ": " << i;
  }
  auto near_q = parse_ok("talks near Geneva (Switzerland)");
  ASSERT_EQ(near_q.geo().size(), 1u);
  EXPECT_EQ(near_q.geo()[0].target, "ch-geneva");
  QueryParser p(test::gazetteer());
  auto wrong = p.parse("place:\"Geneva, Syria\"");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.status().message().find("ch-geneva"), std::string::npos) << wrong.status().message();
}

TEST(QueryParser, StatedConditionsAreMarked) {
  auto q = parse_ok("actor:Hezbollah Hamas +Kyiv near:Hermel");
  ASSERT_EQ(q.entities().size(), 3u);
  for (const auto& e : q.entities()) EXPECT_EQ(e.field, e.ids[0] != "hamas") << e.name;
  ASSERT_EQ(q.geo().size(), 1u);
  EXPECT_TRUE(q.geo()[0].field);
  EXPECT_FALSE(parse_ok("near Hermel").geo()[0].field);
}

// like:ID (issue 16, item 3): read as more like this, combinable with filters and words, shown in
// the summary; one per query, never excluded, never one of alternatives.
TEST(QueryParser, LikeField) {
  const auto q = parse_ok("like:article-2024-12-07 after:2024-12-01 -place:Damascus");
  ASSERT_TRUE(q.like());
  EXPECT_EQ(q.like()->id, "article-2024-12-07");
  EXPECT_EQ(q.like()->written, "like:article-2024-12-07");
  ASSERT_TRUE(q.date());
  EXPECT_EQ(q.date()->from->iso(), "2024-12-02");
  ASSERT_EQ(q.entities().size(), 1u);
  EXPECT_TRUE(q.entities()[0].negated);
  EXPECT_TRUE(q.text().empty());
  EXPECT_FALSE(q.empty());
  EXPECT_EQ(q.summary().rfind("articles like 'article-2024-12-07' AND NOT place = Damascus", 0), 0u) << q.summary();
  EXPECT_NE(q.summary().find(" AND published on or after 2024-12-02"), std::string::npos) << q.summary();
  const auto alone = parse_ok("LIKE:Mixed-Case_id");  // the field name in any case, the id as written
  ASSERT_TRUE(alone.like());
  EXPECT_EQ(alone.like()->id, "Mixed-Case_id");
  EXPECT_EQ(alone.summary(), "articles like 'Mixed-Case_id'");
  EXPECT_EQ(alone.clause_count(), 1u);
  const auto quoted = parse_ok("like:\"an id with spaces\" border");
  ASSERT_TRUE(quoted.like());
  EXPECT_EQ(quoted.like()->id, "an id with spaces");
  ASSERT_EQ(quoted.text().size(), 1u);
  EXPECT_EQ(quoted.summary(), "articles like 'an id with spaces'; text: border");
  // Inside parentheses without OR the group is part of the query.
  EXPECT_TRUE(parse_ok("(like:a-1 after:2024-01-01)").like());
  EXPECT_FALSE(parse_ok("border").like());
}

TEST(QueryParser, LikeFieldErrors) {
  QueryParser p(test::gazetteer());
  for (const char* bad : {"-like:a-1", "NOT like:a-1", "like:a-1 like:b-2", "like:a-1 OR border",
                          "(like:a-1 OR like:b-2)", "border -(like:a-1 Hezbollah)", "like:"}) {
    auto r = p.parse(bad);
    ASSERT_FALSE(r) << bad << " read as " << r->summary();
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(r.status().message().find("like:"), std::string::npos) << bad << ": " << r.status().message();
  }
  EXPECT_TRUE(p.parse("like:a-1 like:a-1"));  // the same article twice is one
  auto long_id = p.parse("like:" + std::string(201, 'x'));
  ASSERT_FALSE(long_id);
  EXPECT_NE(long_id.status().message().find("not an article id"), std::string::npos);
}

}  // namespace
}  // namespace sitrep
