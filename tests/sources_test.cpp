#include "sitrep/sources.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "test_util.h"

namespace sitrep {
namespace {

TEST(TextArticle, HeadersThenBody) {
  auto r = parse_text_article(
      "date 2024-12-09\ntitle A headline\nsource Levant Wire\nurl https://example.org/a\nlang EN\n\n"
      "First paragraph.\n\nSecond paragraph.\n",
      "dir/lb-story.txt");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r->id, "lb-story");
  EXPECT_EQ(r->date.iso(), "2024-12-09");
  EXPECT_EQ(r->title, "A headline");
  EXPECT_EQ(r->source, "Levant Wire");
  EXPECT_EQ(r->url, "https://example.org/a");
  EXPECT_EQ(r->lang, "en");
  EXPECT_EQ(r->text, "First paragraph.\n\nSecond paragraph.");
}

TEST(TextArticle, LanguageDetectedWithoutALangHeader) {
  auto fr = parse_text_article("date 2024-12-07\ntitle Renforts vers Qousseir\n\nLe Hezbollah a envoyé des combattants "
                               "vers la frontière, selon des habitants.",
                               "fr.txt");
  ASSERT_TRUE(fr) << fr.status().to_string();
  EXPECT_EQ(fr->lang, "fr");
  auto he = parse_text_article("date 2024-12-11\n\nחיזבאללה שלח לוחמים לגבול.", "he.txt");
  ASSERT_TRUE(he);
  EXPECT_EQ(he->lang, "he");
  auto en = parse_text_article("date 2024-12-11\n\nFighters moved north.", "en.txt");
  ASSERT_TRUE(en);
  EXPECT_EQ(en->lang, "en");
  // A header wins over the text.
  auto given = parse_text_article("date 2024-12-11\nlang ar\n\nFighters moved north.", "given.txt");
  ASSERT_TRUE(given);
  EXPECT_EQ(given->lang, "ar");
  auto json = parse_json_article(R"({"date":"2024-12-09","text":"«Хезболла» перебросила бойцов к границе."})", "f.jsonl", 1);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->lang, "ru");
}

TEST(TextArticle, BodyOnTheDateLine) {
  // The seed article's form: leading space, the body continues on the date line.
  auto r = parse_text_article(" date 2024-12-07 Fighters moved north on Saturday.\n\nMore text.",
                              "x/article-2024-12-07.txt");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r->id, "article-2024-12-07");
  EXPECT_EQ(r->date.iso(), "2024-12-07");
  EXPECT_TRUE(r->title.empty());
  EXPECT_EQ(r->text, "Fighters moved north on Saturday.\n\nMore text.");
}

TEST(TextArticle, PublicationDateForms) {
  for (const char* line : {"date 2024-12-07T23:30:00-02:00", "date Sun, 08 Dec 2024 01:30:00 +0000", "date 8 December 2024",
                           "date December 8, 2024", "date Dec. 8, 2024"}) {
    auto r = parse_text_article(std::string(line) + "\n\nBody.", "a.txt");
    ASSERT_TRUE(r) << line << ": " << r.status().to_string();
    EXPECT_EQ(r->date.iso(), "2024-12-08") << line;  // the first is normalised to UTC
  }
  auto ambiguous = parse_text_article("date 07/12/2024\n\nBody.", "a.txt");
  ASSERT_FALSE(ambiguous);
  EXPECT_NE(ambiguous.status().message().find("invalid date '07/12/2024'"), std::string::npos);
  ReadOptions dmy;
  dmy.date_order = DateOrder::kDMY;
  auto r = parse_text_article("date 07/12/2024\n\nBody.", "a.txt", dmy);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->date.iso(), "2024-12-07");
  auto json = parse_json_article(R"({"date":"26-FEB-1987 15:01:01.79","text":"x"})", "f.jsonl", 1);
  ASSERT_TRUE(json) << json.status().to_string();
  EXPECT_EQ(json->date.iso(), "1987-02-26");
}

TEST(TextArticle, IdHeaderAndColonForm) {
  auto r = parse_text_article("date: 2023-01-02\nid: custom-1\ntitle: T\n\nBody", "a.txt");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r->id, "custom-1");
  EXPECT_EQ(r->title, "T");
}

TEST(TextArticle, NoBlankLineAfterHeaders) {
  auto r = parse_text_article("date 2023-01-02\ntitle T\nThe body starts here.", "a.txt");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r->text, "The body starts here.");
}

TEST(TextArticle, Errors) {
  auto missing = parse_text_article("title No date\n\nBody", "f.txt");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.status().message(), "f.txt:1: missing date: the first line must be 'date YYYY-MM-DD'");
  auto bad = parse_text_article("\n\ndate 2024-02-30\n\nBody", "f.txt");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.status().message().find("f.txt:3: invalid date '2024-02-30'"), std::string::npos);
  auto utf = parse_text_article("date 2024-01-01\n\nok\nbad \xFF byte", "f.txt");
  ASSERT_FALSE(utf);
  EXPECT_NE(utf.status().message().find("f.txt:4: invalid UTF-8"), std::string::npos);
  auto empty = parse_text_article("date 2024-01-01\ntitle T\n\n  \n", "f.txt");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.status().message().find("no text"), std::string::npos);
  EXPECT_FALSE(parse_text_article("", "f.txt"));
  ReadOptions small;
  small.max_article_bytes = 10;
  EXPECT_EQ(parse_text_article("date 2024-01-01\n\nlong body here", "f.txt", small).status().code(),
            ErrorCode::kParseError);
}

TEST(JsonArticle, FieldsAndDefaults) {
  auto r = parse_json_article(
      R"({"id":"a1","date":"2024-12-07T10:00:00Z","title":"T","text":"Body","source":"S","url":"u","lang":"FR"})",
      "in.jsonl", 3);
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r->id, "a1");
  EXPECT_EQ(r->date.iso(), "2024-12-07");
  EXPECT_EQ(r->lang, "fr");
  EXPECT_EQ(r->origin, "in.jsonl:3");
  auto noid = parse_json_article(R"({"date":"2024-12-07","text":"Body"})", "dir/feed.jsonl", 7);
  ASSERT_TRUE(noid);
  EXPECT_EQ(noid->id, "feed-7");
  EXPECT_EQ(noid->lang, "en");
  auto numeric = parse_json_article(R"({"id":42,"date":"2024-12-07","text":"Body"})", "f.jsonl", 1);
  ASSERT_TRUE(numeric);
  EXPECT_EQ(numeric->id, "42");
}

// A record given as a JSON value (the Python module's Indexer.add) reads as the same line does,
// with the same messages; its text fields together are bounded as the line is.
TEST(JsonArticle, FromAJsonValueAsFromItsLine) {
  const std::string line =
      R"({"id":"a1","date":"2024-12-07T23:30:00-02:00","title":"T","text":"Body","source":"S","url":"u","lang":"FR"})";
  auto a = parse_json_article(line, "in.jsonl", 3);
  auto b = article_from_json(nlohmann::json::parse(line), "in.jsonl", 3);
  ASSERT_TRUE(a && b) << b.status().to_string();
  for (auto* r : {&a, &b}) {
    EXPECT_EQ((*r)->id, "a1");
    EXPECT_EQ((*r)->date.iso(), "2024-12-08");  // normalised to UTC
    EXPECT_EQ((*r)->lang, "fr");
    EXPECT_EQ((*r)->origin, "in.jsonl:3");
  }
  const nlohmann::json listed_text = {{"date", "2024-12-07"}, {"text", nlohmann::json::array()}};
  auto bad = article_from_json(listed_text, "Indexer.add", 2);
  EXPECT_EQ(bad.status().code(), ErrorCode::kParseError);
  EXPECT_EQ(bad.status().message(), "Indexer.add:2: field 'text' must be a string");
  EXPECT_EQ(article_from_json(nlohmann::json::array(), "x", 1).status().message(), "x:1: expected a JSON object");
  ReadOptions small;
  small.max_article_bytes = 10;
  auto big = article_from_json(nlohmann::json{{"date", "2024-12-07"}, {"text", std::string(20, 'a')}}, "x", 1, small);
  ASSERT_FALSE(big);
  EXPECT_NE(big.status().message().find("exceeds the limit of 10"), std::string::npos) << big.status().message();
}

TEST(JsonArticle, Errors) {
  auto broken = parse_json_article(R"({"date":"2024-12-07","text":)", "f.jsonl", 2);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.status().message().rfind("f.jsonl:2: invalid JSON", 0), 0u);
  EXPECT_NE(parse_json_article(R"({"text":"x"})", "f.jsonl", 1).status().message().find("missing field 'date'"),
            std::string::npos);
  EXPECT_NE(parse_json_article(R"({"date":"yesterday","text":"x"})", "f.jsonl", 1)
                .status()
                .message()
                .find("invalid date 'yesterday'"),
            std::string::npos);
  EXPECT_NE(parse_json_article(R"({"date":"2024-01-01"})", "f.jsonl", 1).status().message().find("'text'"),
            std::string::npos);
  EXPECT_NE(parse_json_article(R"({"date":"2024-01-01","text":["x"]})", "f.jsonl", 1)
                .status()
                .message()
                .find("must be a string"),
            std::string::npos);
  EXPECT_NE(parse_json_article("[1,2]", "f.jsonl", 1).status().message().find("JSON object"), std::string::npos);
  EXPECT_NE(parse_json_article("{\"date\":\"2024-01-01\",\"text\":\"\xFF\"}", "f.jsonl", 5)
                .status()
                .message()
                .find("f.jsonl:5: invalid UTF-8"),
            std::string::npos);
}

TEST(ReadJsonl, GoodLinesSurviveBadOnes) {
  std::istringstream in(
      "{\"id\":\"a\",\"date\":\"2024-01-01\",\"text\":\"one\"}\n"
      "not json\n"
      "\n"
      "{\"id\":\"b\",\"date\":\"2024-01-02\",\"text\":\"two\"}\n");
  std::vector<std::string> ids;
  std::vector<SourceError> errors;
  read_jsonl(in, "s.jsonl",
             {[&](Article&& a) { ids.push_back(a.id); }, [&](const SourceError& e) { errors.push_back(e); }});
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].origin, "s.jsonl:2");
  EXPECT_EQ(errors[0].message.rfind("invalid JSON", 0), 0u);
}

TEST(ReadPath, DirectoriesRecursivelyInOrder) {
  auto dir = test::scratch("read-path");
  test::write_file(dir / "b.txt", "date 2024-01-02\n\nB body");
  test::write_file(dir / "sub/a.txt", "date 2024-01-01\n\nA body");
  test::write_file(dir / "sub/feed.jsonl", "{\"id\":\"j1\",\"date\":\"2024-01-03\",\"text\":\"J\"}\n");
  test::write_file(dir / "notes.md", "ignored: not an article extension");
  test::write_file(dir / "bad.txt", "no date here\n");
  std::vector<std::string> ids;
  std::vector<SourceError> errors;
  const auto files = read_path(
      dir.string(), {[&](Article&& a) { ids.push_back(a.id); }, [&](const SourceError& e) { errors.push_back(e); }});
  EXPECT_EQ(files, 4u);
  EXPECT_EQ(ids, (std::vector<std::string>{"b", "a", "j1"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].origin, (dir / "bad.txt").string() + ":1");
  std::vector<SourceError> missing;
  read_path((dir / "nope.txt").string(), {[](Article&&) {}, [&](const SourceError& e) { missing.push_back(e); }});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].message, "no such file or directory");
}


struct Collected {
  std::vector<Article> articles;
  std::vector<SourceError> errors;
  ReadCallbacks callbacks() {
    return {[this](Article&& a) { articles.push_back(std::move(a)); },
            [this](const SourceError& e) { errors.push_back(e); }};
  }
};

TEST(ReadCsv, ColumnsByNameAndDefaults) {
  Collected c;
  read_csv("id,date,headline,body,source,lang\n"
           "c1,2024-12-08,Convoy seen,\"Fighters moved a convoy, residents said.\",Levant Wire,EN\n"
           ",7 December 2024,,\"A \"\"quoted\"\" word\nand a second line.\",,\n",
           "feed.csv", c.callbacks());
  ASSERT_EQ(c.errors.size(), 0u) << c.errors[0].to_string();
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "c1");
  EXPECT_EQ(c.articles[0].date.iso(), "2024-12-08");
  EXPECT_EQ(c.articles[0].title, "Convoy seen");
  EXPECT_EQ(c.articles[0].text, "Fighters moved a convoy, residents said.");
  EXPECT_EQ(c.articles[0].source, "Levant Wire");
  EXPECT_EQ(c.articles[0].lang, "en");
  EXPECT_EQ(c.articles[0].origin, "feed.csv:2");
  EXPECT_EQ(c.articles[1].id, "feed-3");  // no id: file stem and line
  EXPECT_EQ(c.articles[1].text, "A \"quoted\" word\nand a second line.");
  EXPECT_EQ(c.articles[1].lang, "en");
}

TEST(ReadCsv, MappingTsvAndErrors) {
  ReadOptions o;
  o.csv_columns = {{"id", "story"}, {"date", "pubdate"}, {"text", "copy"}};
  Collected c;
  read_csv("story\tpubdate\tcopy\n"
           "s1\t2024-01-02\tFirst story.\n"
           "s2\tsoon\tSecond story.\n"
           "s3\t2024-01-04\t\n"
           "s4\t2024-01-05\tFourth story.\n",
           "wire.tsv", c.callbacks(), o, '\t');
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles[0].id, "s1");
  EXPECT_EQ(c.articles[1].id, "s4");
  ASSERT_EQ(c.errors.size(), 2u);
  EXPECT_EQ(c.errors[0].origin, "wire.tsv:3");
  EXPECT_NE(c.errors[0].message.find("invalid date 'soon' in column 'pubdate'"), std::string::npos);
  EXPECT_EQ(c.errors[1].origin, "wire.tsv:4");
  EXPECT_NE(c.errors[1].message.find("column 'copy'"), std::string::npos);

  Collected missing;
  read_csv("headline,when\nA,2024-01-01\n", "x.csv", missing.callbacks());
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_NE(missing.errors[0].message.find("no date column"), std::string::npos);
  EXPECT_NE(missing.errors[0].message.find("the header has: headline, when"), std::string::npos);

  ReadOptions bad;
  bad.csv_columns = {{"text", "nope"}};
  Collected unmapped;
  read_csv("date,text\n2024-01-01,x\n", "y.csv", unmapped.callbacks(), bad);
  ASSERT_EQ(unmapped.errors.size(), 1u);
  EXPECT_NE(unmapped.errors[0].message.find("no column 'nope' for text"), std::string::npos);

  Collected broken;
  read_csv("date,text\n2024-01-01,\"open quote\n", "z.csv", broken.callbacks());
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_NE(broken.errors[0].message.find("line 2"), std::string::npos) << broken.errors[0].message;
}

}  // namespace
}  // namespace sitrep
