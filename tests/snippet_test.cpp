// Tests of the snippet unit (searcher/src/snippet.h): the window of marked words, escaping, cuts.
#include "snippet.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace sitrep {
namespace {

TEST(Snippet, MarksQueryWordsByStemAndEntitiesByGazetteerId) {
  const Snippeter s(test::gazetteer());
  Highlights h;
  h.stems = {test::gazetteer().analyzer().stem("deployed")};
  h.entities = {"actor:hezbollah"};
  const std::string out = s.snippet("Hizbollah deploys fighters to Hermel.", h, 40);
  EXPECT_NE(out.find("<mark>Hizbollah</mark>"), std::string::npos) << out;  // an alias of the actor
  EXPECT_NE(out.find("<mark>deploys</mark>"), std::string::npos) << out;
  EXPECT_EQ(out.find("<mark>Hermel</mark>"), std::string::npos) << out;
}

TEST(Snippet, EscapesHtmlAndMarksWordsByPrefix) {
  const Snippeter s(test::gazetteer());
  Highlights h;
  h.prefixes = {"reinforc"};
  const std::string out = s.snippet("Troops & <tanks> reinforced the line.", h, 40);
  EXPECT_NE(out.find("&amp; &lt;tanks&gt;"), std::string::npos) << out;
  EXPECT_NE(out.find("<mark>reinforced</mark>"), std::string::npos) << out;
}

TEST(Snippet, ALongTextIsCutAroundItsMarkedPassage) {
  const Snippeter s(test::gazetteer());
  std::string text;
  for (int i = 0; i < 400; ++i) text += "filler words here ";
  text += "shelling hit Qusayr overnight ";
  for (int i = 0; i < 400; ++i) text += "more words after ";
  Highlights h;
  h.norms = {"qusayr"};
  const std::string out = s.snippet(text, h, 20);
  EXPECT_NE(out.find("<mark>Qusayr</mark>"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("…", 0), 0u) << out;
  EXPECT_EQ(out.compare(out.size() - 3, 3, "…"), 0) << out;
  EXPECT_LT(out.size(), 400u) << out;
}

TEST(Snippet, HtmlEscape) {
  EXPECT_EQ(html_escape("a & b < c > \"d\" 'e'"), "a &amp; b &lt; c &gt; &quot;d&quot; &#39;e&#39;");
}

}  // namespace
}  // namespace sitrep
