// Tests of the output formats on hand-made answers: the searcher's (searcher/src/format.cpp: CSV,
// JSON, text, Atom) and the tagger's decisions of --explain-tags (shared/src/tag_explanation.cpp). The
// formats of real answers are checked in searcher_test and e2e_test.
#include "sitrep/format.h"
#include "sitrep/result_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sitrep/searcher.h"
#include "sitrep/tag_explanation.h"
#include "test_util.h"
#include "xml_util.h"

namespace sitrep {
namespace {

TEST(Format, CsvQuotesFieldsAndUnmarksTheSnippet) {
  // The snippet is plain text (no marks); a comma or quote in a field is quoted, quotes doubled.
  SearchResult made;
  Hit h;
  h.rank = 1;
  h.id = "x";
  h.title = "Talks, \"at last\"";
  h.snippet = "a &amp; <mark>b</mark>";
  made.hits.push_back(h);
  EXPECT_NE(to_csv(made).find("1,x,,\"Talks, \"\"at last\"\"\",,,0.000,,,,,,a & b\r\n"), std::string::npos)
      << to_csv(made);
}

// An answer whose article text is hostile to XML: markup, entities, quotes, controls, a CDATA end.
SearchResult hostile_answer() {
  SearchResult made;
  Hit h;
  h.rank = 1;
  h.id = "a b/<1>&";
  h.date = "2024-12-05";
  h.title = "<script>alert(\"x\")</script> & 'Tom' ]]> \x01\x0b\x1f end\tok";
  h.url = "https://example.org/a?x=1&y=\"2\"";
  // The snippet as the searcher makes it: HTML-escaped text with marks.
  h.snippet = "&lt;b&gt;bold&lt;/b&gt; &amp; <mark>Hezbollah</mark> &quot;quoted&quot; &#39;single&#39; ]]&gt;\x02";
  h.facets = {{"actor", {{"hezbollah", "Hezbollah <Hizb> & co"}}},
              {"person", {{"p1", "Someone"}}},
              {"place", {{"lb-hermel", "Hermel"}, {"sy-qusayr", "al-Qusayr"}}}};
  made.hits.push_back(h);
  Hit old;
  old.rank = 2;
  old.id = "older";
  old.date = "2024-11-02";
  old.title = "Older";
  made.hits.push_back(old);
  return made;
}

// to_json is result_json written out, and its histogram histogram_json's; a stored article
// (/doc/{id}, the Python module's document()) lists every facet shown on hits, empty or not.
TEST(Format, JsonValuesAreWhatToJsonWrites) {
  SearchResult made;
  made.total = 2;
  Hit h;
  h.rank = 1;
  h.id = "x";
  h.date = "2024-12-07";
  h.score = 1.23456;
  h.facets = {{"actor", {{"hezbollah", "Hezbollah"}}}};
  made.hits.push_back(h);
  made.histogram.interval = "month";
  made.histogram.buckets.push_back({"2024-12", "2024-12-01", "2024-12-31", 2});
  const nlohmann::json j = result_json(made);
  EXPECT_EQ(nlohmann::json::parse(to_json(made)), j);
  EXPECT_EQ(j.at("histogram"), histogram_json(made.histogram));
  EXPECT_EQ(j.at("histogram").at("buckets").at(0).at("to"), "2024-12-31");
  EXPECT_EQ(j.at("hits").at(0).at("score"), 1.235);
  StoredArticle a;
  a.id = "x";
  a.facets = {{"actor", {{"hezbollah", "Hezbollah"}}}};
  const nlohmann::json d = article_json(a);
  EXPECT_EQ(d.at("facets").at("actor").at(0).at("id"), "hezbollah");
  EXPECT_TRUE(d.at("facets").at("place").empty());
  for (const char* key : {"id", "date", "title", "source", "url", "lang", "text", "events", "facets"})
    EXPECT_TRUE(d.contains(key)) << key;
}

TEST(Format, AtomIsWellFormedWithTheRequiredElements) {
  AtomOptions o;
  o.query = "Hezbollah near Lebanese border & \"more\"";
  o.drill_down = {{"country", "lb"}};
  o.self = "/feed.atom?q=a&facet=country%3Alb";
  const std::string xml = to_atom(hostile_answer(), o);
  const auto doc = test::parse_xml(xml);
  ASSERT_TRUE(doc.root) << doc.error << "\n" << xml;
  const auto& feed = *doc.root;
  const std::string ns = test::kAtomNs;
  EXPECT_EQ(feed.name, ns + "feed");
  ASSERT_TRUE(feed.first(ns + "id"));
  EXPECT_EQ(feed.first(ns + "id")->text,
            "tag:sitrep,2024:search?q=Hezbollah%20near%20Lebanese%20border%20%26%20%22more%22&facet=country%3Alb");
  ASSERT_TRUE(feed.first(ns + "title"));
  EXPECT_EQ(feed.first(ns + "title")->text, o.query);
  ASSERT_TRUE(feed.first(ns + "updated"));
  EXPECT_EQ(feed.first(ns + "updated")->text, "2024-12-05T00:00:00Z");  // the newest entry's
  ASSERT_TRUE(feed.first(ns + "author"));
  ASSERT_TRUE(feed.first(ns + "author")->first(ns + "name"));
  EXPECT_EQ(feed.first(ns + "generator")->text, "sitrep");
  const auto* self = feed.first(ns + "link");
  ASSERT_TRUE(self);
  EXPECT_EQ(*self->attr("rel"), "self");
  EXPECT_EQ(*self->attr("href"), o.self);

  const auto entries = feed.all(ns + "entry");
  ASSERT_EQ(entries.size(), 2u);
  const auto& e = *entries[0];
  EXPECT_EQ(e.first(ns + "id")->text, "tag:sitrep,2024:article:a%20b%2F%3C1%3E%26");
  EXPECT_EQ(e.first(ns + "updated")->text, "2024-12-05T00:00:00Z");
  // Text comes back as written, less the characters XML 1.0 forbids.
  EXPECT_EQ(e.first(ns + "title")->text, "<script>alert(\"x\")</script> & 'Tom' ]]>  end\tok");
  // The summary is the snippet as plain text: marks dropped, HTML entities read.
  EXPECT_EQ(e.first(ns + "summary")->text, "<b>bold</b> & Hezbollah \"quoted\" 'single' ]]>");
  EXPECT_EQ(*e.first(ns + "summary")->attr("type"), "text");
  EXPECT_FALSE(e.first(ns + "content"));  // it has an alternate link
  ASSERT_TRUE(e.first(ns + "link"));
  EXPECT_EQ(*e.first(ns + "link")->attr("href"), "https://example.org/a?x=1&y=\"2\"");
  const auto cats = e.all(ns + "category");
  ASSERT_EQ(cats.size(), 3u);  // the actor and the two places; persons are not categories
  EXPECT_EQ(*cats[0]->attr("term"), "hezbollah");
  EXPECT_EQ(*cats[0]->attr("label"), "Hezbollah <Hizb> & co");
  EXPECT_EQ(*cats[0]->attr("scheme"), "tag:sitrep,2024:actor");
  EXPECT_EQ(*cats[2]->attr("term"), "sy-qusayr");
  EXPECT_EQ(*cats[2]->attr("scheme"), "tag:sitrep,2024:place");
  // No script element, no raw control character and no CDATA end survive into the text.
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\x0b'), std::string::npos);
  // An article without a URL has the snippet as content (RFC 4287 4.1.2).
  ASSERT_TRUE(entries[1]->first(ns + "content"));
  EXPECT_FALSE(entries[1]->first(ns + "link"));
}

TEST(Format, AtomOfNothingAndOfBrokenText) {
  SearchResult none;
  AtomOptions o;
  o.now = "2024-12-07T10:00:00Z";
  auto doc = test::parse_xml(to_atom(none, o));
  ASSERT_TRUE(doc.root) << doc.error;
  EXPECT_EQ(doc.root->first(test::kAtomNs + "updated")->text, o.now);
  EXPECT_TRUE(doc.root->all(test::kAtomNs + "entry").empty());
  EXPECT_FALSE(doc.root->first(test::kAtomNs + "link"));  // no self link without an address
  // Without a time given, now by the clock, as RFC 3339.
  o.now.clear();
  doc = test::parse_xml(to_atom(none, o));
  ASSERT_TRUE(doc.root) << doc.error;
  EXPECT_EQ(doc.root->first(test::kAtomNs + "updated")->text.size(), 20u);

  // Bytes that are not UTF-8, a surrogate and U+FFFE: still well-formed.
  SearchResult bad;
  Hit h;
  h.id = "x";
  h.date = "not a date";
  h.title = std::string("a\xff\xc3(b\xed\xa0\x80 c\xef\xbf\xbe" "d \xc3\xa9");
  bad.hits.push_back(h);
  const std::string xml = to_atom(bad, o);
  doc = test::parse_xml(xml);
  ASSERT_TRUE(doc.root) << doc.error << "\n" << xml;
  const auto* e = doc.root->first(test::kAtomNs + "entry");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->first(test::kAtomNs + "title")->text.substr(0, 1), "a");
  EXPECT_NE(e->first(test::kAtomNs + "title")->text.find("\xc3\xa9"), std::string::npos);
  EXPECT_FALSE(e->first(test::kAtomNs + "published"));  // no date, so the feed's updated
  EXPECT_EQ(e->first(test::kAtomNs + "updated")->text, doc.root->first(test::kAtomNs + "updated")->text);
}

TagExplanation explained(const std::string& title, const std::string& text) {
  static const Tagger tagger(test::gazetteer());
  return explain_tags(tagger, test::gazetteer().analyzer(), "a-1", title, text, "");
}

TEST(Format, TagExplanationAsJson) {
  const auto e = explained("Strikes near Hermel", "Hezbollah fighters reached Qusayr. Police said the road was closed.");
  EXPECT_EQ(e.lang, "en");
  const auto j = nlohmann::json::parse(to_json(e));
  EXPECT_EQ(j["id"], "a-1");
  EXPECT_EQ(j["lang"], "en");
  bool hermel = false, hezbollah = false;
  for (const auto& m : j["mentions"]) {
    // Offsets are into the title, a blank line and the text, as the indexer tags them.
    const std::string analysed = analysed_text("Strikes near Hermel", "Hezbollah fighters reached Qusayr. Police said the road was closed.");
    EXPECT_EQ(analysed.substr(m["begin"].get<std::size_t>(), m["end"].get<std::size_t>() - m["begin"].get<std::size_t>()), m["text"]);
    hermel = hermel || (m["id"] == "lb-hermel" && m["kind"] == "place");
    if (m["id"] == "hezbollah") {
      hezbollah = true;
      EXPECT_EQ(m["kind"], "actor");
      EXPECT_EQ(m["confidence"], 1.0);
      EXPECT_EQ(m["reason"], "a curated actor, person or demonym");
      EXPECT_FALSE(m["candidate"].get<bool>());
    }
  }
  EXPECT_TRUE(hermel);
  EXPECT_TRUE(hezbollah);
  ASSERT_FALSE(j["vetoed"].empty());
  bool police = false;
  for (const auto& v : j["vetoed"])
    if (v["text"] == "Police") {
      police = true;
      EXPECT_EQ(v["veto"], "veto: a common word or name, with no place context");
      EXPECT_FALSE(v.contains("reason"));
    }
  EXPECT_TRUE(police);
}

TEST(Format, TagExplanationAsText) {
  const auto e = explained("", "Hezbollah fighters reached Qusayr. Police said the road was closed.");
  const std::string t = to_text(e);
  EXPECT_EQ(t.rfind("a-1 (en): " + std::to_string(e.decisions.mentions.size()) + " mentions, " +
                        std::to_string(e.decisions.dropped.size()) + (e.decisions.dropped.size() == 1 ? " name" : " names") +
                        " vetoed\n",
                    0),
            0u)
      << t;
  EXPECT_NE(t.find("\n  Hezbollah               actor   hezbollah                   1.00  a curated actor, person or demonym\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("vetoed (as written, first reading, veto):\n  Police "), std::string::npos) << t;
  // An article without names says so in its first line alone.
  EXPECT_EQ(to_text(explained("", "nothing here.")), "a-1 (en): 0 mentions, 0 names vetoed\n");
}

}  // namespace
}  // namespace sitrep
