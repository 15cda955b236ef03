// End-to-end: the real binaries on real files.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "test_util.h"
#include "total_util.h"
#include "xml_util.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kExampleQuery = "Hezbollah deployments near Lebanese border after 2024-11-27";

std::string index_cmd(const std::string& index, const std::string& paths) {
  return test::bin_dir() + "/sitrep-index --index " + test::quote(index) + " " + paths + " 2>&1";
}

json search_json(const std::string& index, const std::string& query, const std::string& extra = "") {
  auto r = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --format json " + extra +
                     " " + test::quote(query));
  EXPECT_EQ(r.status, 0) << r.out;
  return json::parse(r.out);
}

std::vector<std::string> hit_ids(const json& j) {
  std::vector<std::string> ids;
  for (const auto& h : j["hits"]) ids.push_back(h["id"]);
  return ids;
}

json golden(const std::string& name) {
  std::ifstream in(test::source_dir() + "/tests/golden/" + name);
  EXPECT_TRUE(in) << "missing golden file " << name;
  return json::parse(in);
}

std::string sample_dir() { return test::source_dir() + "/corpora/sample"; }

// Every golden query over the bundled sample corpus returns exactly the expected ids, in order.
TEST(EndToEnd, GoldenQueriesOnSampleCorpus) {
  const std::string index = (test::scratch("e2e-golden") / "index").string();
  auto r = test::run(index_cmd(index, test::quote(sample_dir())));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("rejected"), std::string::npos);
  const json g = golden("sample-queries.json");
  ASSERT_GE(g["queries"].size(), 2u);
  for (const auto& q : g["queries"]) {
    const json j = search_json(index, q["query"], "--limit 20");
    EXPECT_EQ(hit_ids(j), q["expected_ids"].get<std::vector<std::string>>()) << q["query"];
    for (const auto& h : j["hits"]) {
      if (q.contains("after")) {
        EXPECT_GT(h["date"].get<std::string>(), q["after"].get<std::string>()) << h["id"];
      }
      if (q.contains("before")) {
        EXPECT_LT(h["date"].get<std::string>(), q["before"].get<std::string>()) << h["id"];
      }
    }
  }
}

TEST(EndToEnd, ExampleQueryOutputCarriesTheContract) {
  const std::string index = (test::scratch("e2e-contract") / "index").string();
  ASSERT_EQ(test::run(index_cmd(index, test::quote(sample_dir()))).status, 0);
  const json j = search_json(index, kExampleQuery);
  ASSERT_FALSE(j["hits"].empty());
  for (const auto& h : j["hits"]) {
    for (const char* key : {"id", "date", "title", "snippet", "facets"}) EXPECT_TRUE(h.contains(key)) << key;
    EXPECT_EQ(h["date"].get<std::string>().size(), 10u);
    EXPECT_FALSE(h["title"].get<std::string>().empty());
    EXPECT_NE(h["snippet"].get<std::string>().find("<mark>"), std::string::npos);
  }
  EXPECT_GE(j["total"].get<int>(), static_cast<int>(j["hits"].size()));
  EXPECT_FALSE(j["facets"]["actor"].empty());
  EXPECT_FALSE(j["facets"]["month"].empty());
  const auto& in = j["interpretation"];
  EXPECT_EQ(in["filters"][0]["type"], "actor");
  EXPECT_EQ(in["filters"][0]["ids"][0], "hezbollah");
  EXPECT_EQ(in["filters"][1]["type"], "near-border");
  EXPECT_EQ(in["filters"][1]["target"], "lb");
  EXPECT_EQ(in["filters"][2]["after_or_on"], "2024-11-28");
  EXPECT_EQ(in["text"][0]["concept"], "deploy");

  // Text output with --explain shows the reading and the engine query.
  auto t = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --explain " +
                     test::quote(kExampleQuery));
  ASSERT_EQ(t.status, 0);
  EXPECT_NE(t.out.find("Query read as: actor = Hezbollah AND place within 50 km of the border of Lebanon"),
            std::string::npos)
      << t.out;
  EXPECT_NE(t.out.find("Engine query: Query("), std::string::npos);
  EXPECT_NE(t.out.find("Facets over all"), std::string::npos);
}

// The English example query, without its event word, on the sample corpus: the articles written in
// Arabic, Hebrew, French, Russian and Ukrainian (corpora/sample/ml) are found by actor, border
// places and date like the English ones; their distractors are not.
TEST(EndToEnd, EnglishQueryFindsArticlesInOtherLanguages) {
  const std::string index = (test::scratch("e2e-languages") / "index").string();
  ASSERT_EQ(test::run(index_cmd(index, test::quote(sample_dir()))).status, 0);
  const json j = search_json(index, "Hezbollah near Lebanese border after 2024-11-27", "--limit 50");
  const auto ids = hit_ids(j);
  auto found = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
  for (const char* id : {"lb-hezbollah-hermel-ar-2024-12-06", "lb-hezbollah-naqoura-he-2024-12-11",
                         "lb-hezbollah-qusayr-fr-2024-12-07", "lb-hezbollah-hermel-ru-2024-12-09",
                         "lb-hezbollah-hermel-uk-2024-12-14", "lb-hezbollah-hermel-alqaa-2024-12-05"})
    EXPECT_TRUE(found(id)) << id;
  for (const char* id : {"lb-hezbollah-rockets-he-2024-10-20", "lb-israeli-army-khiam-ar-2024-12-18",
                         "lb-unifil-naqoura-fr-2024-12-20"})
    EXPECT_FALSE(found(id)) << id;
  for (const auto& h : j["hits"]) EXPECT_GT(h["date"].get<std::string>(), "2024-11-27") << h["id"];
  // A language preference ranks, never filters: whichever language is preferred (or none, or the
  // query's own: its words are names, places and a date, so none is detected), all five languages
  // are still there, and the same number of matches.
  EXPECT_TRUE(j["interpretation"]["prefer_lang"]["lang"].is_null());
  EXPECT_EQ(j["interpretation"]["prefer_lang"]["how"], "undetected");
  for (const char* lang : {"en", "fr", "ar", "he", "ru", "uk", "none"}) {
    const json p = search_json(index, "Hezbollah near Lebanese border after 2024-11-27",
                               std::string("--limit 50 --prefer-lang ") + lang);
    EXPECT_EQ(p["total"], j["total"]) << lang;
    const auto pids = hit_ids(p);
    for (const char* id : {"lb-hezbollah-hermel-ar-2024-12-06", "lb-hezbollah-naqoura-he-2024-12-11",
                           "lb-hezbollah-qusayr-fr-2024-12-07", "lb-hezbollah-hermel-ru-2024-12-09",
                           "lb-hezbollah-hermel-uk-2024-12-14"})
      EXPECT_NE(std::find(pids.begin(), pids.end(), id), pids.end()) << id << " with --prefer-lang " << lang;
  }
  // Their language: a lang header, or detected (the Hebrew and Russian files have none).
  EXPECT_EQ(search_json(index, "lang:he")["total"], 2);
  EXPECT_EQ(search_json(index, "lang:ar")["total"], 2);
  EXPECT_EQ(search_json(index, "lang:uk")["total"], 2);
  // place:Kharkiv finds Харків and Харьков; actor:Hezbollah finds the Arabic and Hebrew spellings.
  const auto kharkiv = hit_ids(search_json(index, "place:Kharkiv", "--limit 50"));
  EXPECT_NE(std::find(kharkiv.begin(), kharkiv.end(), "ua-kharkiv-shelling-uk-2023-10-05"), kharkiv.end());
  EXPECT_NE(std::find(kharkiv.begin(), kharkiv.end(), "ua-kharkov-drones-ru-2023-08-19"), kharkiv.end());
  const auto hezbollah = hit_ids(search_json(index, "actor:Hezbollah lang:he", "--limit 50"));
  EXPECT_EQ(hezbollah.size(), 2u);
  // A Russian word finds its other cases; the snippet marks it.
  const json border = search_json(index, "границе");  // the article says "у границы"
  ASSERT_EQ(border["hits"].size(), 1u);
  EXPECT_EQ(border["hits"][0]["id"], "lb-hezbollah-hermel-ru-2024-12-09");
  EXPECT_NE(border["hits"][0]["snippet"].get<std::string>().find("<mark>границы</mark>"), std::string::npos)
      << border["hits"][0]["snippet"];
}

// sitrep-search --prefer-lang: the articles in the language asked rank first among the near-equal
// matches of the multilingual example; auto detects the query's language; a bad value is exit 2.
TEST(EndToEnd, PreferLangOnTheCommandLine) {
  const std::string index = (test::scratch("e2e-prefer-lang") / "index").string();
  ASSERT_EQ(test::run(index_cmd(index, test::quote(sample_dir()))).status, 0);
  const std::string q = "Hezbollah near Lebanese border after 2024-11-27";
  const json fr = search_json(index, q, "--prefer-lang fr");
  EXPECT_EQ(fr["hits"][0]["id"], "lb-hezbollah-qusayr-fr-2024-12-07");
  EXPECT_EQ(fr["interpretation"]["prefer_lang"]["lang"], "fr");
  EXPECT_EQ(fr["interpretation"]["prefer_lang"]["how"], "asked");
  EXPECT_EQ(search_json(index, q, "--prefer-lang HE")["hits"][0]["id"], "lb-hezbollah-naqoura-he-2024-12-11");
  // Detected: the words of an English query.
  const json en = search_json(index, "the border of Lebanon");
  EXPECT_EQ(en["interpretation"]["prefer_lang"]["lang"], "en");
  EXPECT_EQ(en["interpretation"]["prefer_lang"]["how"], "detected");
  const json off = search_json(index, "the border of Lebanon", "--prefer-lang none");
  EXPECT_TRUE(off["interpretation"]["prefer_lang"]["lang"].is_null());
  EXPECT_EQ(off["interpretation"]["prefer_lang"]["how"], "off");
  EXPECT_EQ(off["total"], en["total"]);
  auto t = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --explain --prefer-lang fr " +
                     test::quote(q));
  ASSERT_EQ(t.status, 0);
  EXPECT_NE(t.out.find("preferred language: fr (asked"), std::string::npos) << t.out;
  auto bad = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --prefer-lang xx " +
                       test::quote(q) + " 2>&1");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("--prefer-lang 'xx'"), std::string::npos) << bad.out;
}

// The seed article from ../shared comes first, and nothing on or before 2024-11-27 is returned.
TEST(EndToEnd, SeedArticleFirst) {
  const std::string shared = test::shared_dir();
  if (shared.empty())
    GTEST_SKIP() << "../shared/seed/article-2024-12-07.txt is absent: the seed test needs the team's data folder";
  const std::string index = (test::scratch("e2e-seed") / "index").string();
  auto r = test::run(
      index_cmd(index, test::quote(sample_dir()) + " " + test::quote(shared + "/seed/article-2024-12-07.txt")));
  ASSERT_EQ(r.status, 0) << r.out;
  const json j = search_json(index, kExampleQuery, "--limit 50");
  ASSERT_FALSE(j["hits"].empty());
  EXPECT_EQ(j["hits"][0]["id"], "article-2024-12-07");
  for (const auto& h : j["hits"]) EXPECT_GT(h["date"].get<std::string>(), "2024-11-27") << h["id"];
}

// More like this from the command line (issue 16, item 3): sitrep-search --like ID on the sample
// corpus, combined with a filter; --explain shows the expansion; an unknown id is a clear error.
TEST(EndToEnd, MoreLikeThisFromTheCommandLine) {
  const std::string index = (test::scratch("e2e-like") / "index").string();
  auto r = test::run(index_cmd(index, test::quote(sample_dir())));
  ASSERT_EQ(r.status, 0) << r.out;
  const std::string seed = "lb-hezbollah-hermel-alqaa-2024-12-05";
  const json j = search_json(index, "", "--like " + seed + " --limit 20");
  const auto ids = hit_ids(j);
  ASSERT_GE(ids.size(), 3u);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), seed), 0);
  const json& like = j["interpretation"]["like"];
  EXPECT_EQ(like["id"], seed);
  EXPECT_FALSE(like["terms"].empty());
  EXPECT_LE(like["terms"].size(), 60u);
  EXPECT_EQ(like["left_out"][0], seed);
  // The same articles as like:ID written in the query; a filter narrows them.
  EXPECT_EQ(hit_ids(search_json(index, "like:" + seed, "--limit 20")), ids);
  const json later = search_json(index, "after:2024-12-10", "--like " + seed + " --limit 20");
  ASSERT_FALSE(later["hits"].empty());
  for (const auto& h : later["hits"]) EXPECT_GT(h["date"].get<std::string>(), "2024-12-10") << h["id"];
  // The Hezbollah and Hermel articles of the sample come before the others.
  bool hezbollah_first = false;
  for (const auto& a : j["hits"][0]["facets"]["actor"]) hezbollah_first |= a["id"] == "hezbollah";
  EXPECT_TRUE(hezbollah_first) << j["hits"][0]["id"];
  auto text = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --explain --like " + seed);
  EXPECT_EQ(text.status, 0) << text.out;
  EXPECT_NE(text.out.find("Query read as: articles like '" + seed + "'"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("expansion term(s): "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("like: left out: "), std::string::npos) << text.out;
  auto unknown = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --like no-such-id 2>&1");
  EXPECT_EQ(unknown.status, 1) << unknown.out;
  EXPECT_NE(unknown.out.find("no article with id 'no-such-id'"), std::string::npos) << unknown.out;
  auto bad = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --like '' 2>&1");
  EXPECT_EQ(bad.status, 2) << bad.out;
}

TEST(EndToEnd, ReindexingReplacesInsteadOfDuplicating) {
  const std::string index = (test::scratch("e2e-reindex") / "index").string();
  auto first = test::run(index_cmd(index, test::quote(sample_dir())));
  ASSERT_EQ(first.status, 0) << first.out;
  auto second = test::run(index_cmd(index, test::quote(sample_dir())));
  ASSERT_EQ(second.status, 0) << second.out;
  EXPECT_NE(second.out.find("(0 new, "), std::string::npos) << second.out;
  const json a = search_json(index, "");
  std::size_t files = 0;  // the corpus and its folders (ml/: articles in other languages)
  for (const auto& e : fs::recursive_directory_iterator(sample_dir())) files += e.path().extension() == ".txt";
  EXPECT_EQ(a["total"].get<std::size_t>(), files);
}

TEST(EndToEnd, BadInputIsReportedAndTheRestIndexed) {
  const auto dir = test::scratch("e2e-bad");
  test::write_file(dir / "in/good.txt", "date 2024-05-01\ntitle Good\n\nShelling hit Kharkiv overnight.");
  test::write_file(dir / "in/nodate.txt", "title Missing date\n\nText.");
  test::write_file(dir / "in/baddate.txt", "date 2024-02-31\n\nText.");
  test::write_file(dir / "in/latin1.txt", "date 2024-05-02\n\nM\xFCnchen text.");
  test::write_file(dir / "in/feed.jsonl",
                   "{\"id\":\"j1\",\"date\":\"2024-05-03\",\"text\":\"Drones over Odesa.\"}\n{broken\n"
                   "{\"id\":\"j2\",\"date\":\"2024-05-04\",\"text\":\"Strikes near Sumy.\"}\n");
  const std::string index = (dir / "index").string();
  auto r = test::run(
      index_cmd(index, test::quote((dir / "in").string()) + " " + test::quote((dir / "missing.txt").string())));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("nodate.txt:1: missing date"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("baddate.txt:1: invalid date '2024-02-31'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("latin1.txt:3: invalid UTF-8"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("feed.jsonl:2: invalid JSON"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing.txt: no such file or directory"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 indexed (3 new, 0 replaced), 5 rejected"), std::string::npos) << r.out;
  EXPECT_EQ(search_json(index, "")["total"], 3);
}

// Every kind of bad article goes to the quarantine report (JSON Lines: file, line, reason, id
// when known, time), keeps its error line on standard error and stops nothing.
TEST(EndToEnd, BadArticlesGoToTheQuarantineReport) {
  const auto dir = test::scratch("e2e-quarantine");
  const fs::path in = dir / "in";
  test::write_file(in / "a-good.txt", "date 2024-05-01\ntitle Good\n\nShelling hit Kharkiv overnight.");
  test::write_file(in / "b-latin1.txt", "date 2024-05-02\n\nM\xFCnchen text.");
  test::write_file(in / "c-binary.txt", std::string("date 2024-05-03\n\nPK\x03\x04\0\0\x14\0 a zip, named .txt", 37));
  test::write_file(in / "d-empty.txt", "");
  test::write_file(in / "e-blank.txt", " \n\n \t\n");
  test::write_file(in / "f-nodate.txt", "title Missing date\n\nText.");
  test::write_file(in / "g-headers-only.txt", "date 2024-05-04\ntitle Nothing else\n");
  {
    // 50 MB: over ReadOptions::max_article_bytes (16 MB).
    std::ofstream huge(in / "h-huge.txt", std::ios::binary);
    huge << "date 2024-05-05\n\n";
    const std::string line(1023, 'x');
    for (int i = 0; i < 50 * 1024; ++i) huge << line << "\n";
  }
  std::string long_source;  // one term of "XS" and 300 bytes: longer than Xapian allows
  for (int i = 0; i < 60; ++i) long_source += "word ";
  test::write_file(in / "feed.jsonl",
                   "{\"id\":\"j1\",\"date\":\"2024-05-03\",\"text\":\"Drones over Odesa.\"}\n"
                   "{broken\n"
                   "{\"id\":\"j3\",\"text\":\"No date here.\"}\n"
                   "{\"id\":\"j4\",\"date\":\"2024-05-04\",\"text\":\"A NUL\\u0000inside.\"}\n"
                   "{\"id\":\"j5\",\"date\":\"2024-05-04\",\"text\":\"A long source.\",\"source\":\"" +
                       long_source + "\"}\n"
                       "{\"id\":\"j6\",\"date\":\"2024-05-06\",\"text\":\"Strikes near Sumy.\"}\n");
  std::string csv =
      "id,date,text\n"
      "c1,2024-06-01,\"Wagner convoy seen near Gao, residents said.\"\n"
      "c2,not a date,Text\n"
      "c3,2024-06-02,\n"
      "c4,2024-06-03,A NUL";
  csv.push_back('\0');
  csv += "in a record\nc5,2024-06-04,\"Patrols resumed near Gao, officials said.\"\n";
  test::write_file(in / "wire.csv", csv);
  const std::string index = (dir / "index").string();
  auto r = test::run(index_cmd(index, test::quote(in.string())));
  EXPECT_EQ(r.status, 1) << r.out;
  // The error lines stay as they were.
  EXPECT_NE(r.out.find("b-latin1.txt:3: invalid UTF-8"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("c-binary.txt:3: binary file: NUL byte"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("d-empty.txt:1: empty article"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("h-huge.txt:1: article of 52"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("feed.jsonl:2: invalid JSON"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wire.csv:3: invalid date 'not a date'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("5 indexed (5 new, 0 replaced), 14 rejected"), std::string::npos) << r.out;
  const std::string report = index + "/quarantine.jsonl";
  EXPECT_NE(r.out.find("sitrep-index: 14 quarantined in " + report), std::string::npos) << r.out;
  EXPECT_EQ(search_json(index, "")["total"], 5);

  std::map<std::string, json> by_file;  // "name:line" -> record
  std::ifstream q(report);
  std::string line;
  std::size_t records = 0;
  while (std::getline(q, line)) {
    const json j = json::parse(line);
    ++records;
    ASSERT_TRUE(j.contains("file") && j.contains("line") && j.contains("reason") && j.contains("time")) << line;
    EXPECT_EQ(j["time"].get<std::string>().size(), 20u) << line;
    const std::string key = fs::path(j["file"].get<std::string>()).filename().string() + ":" +
                            (j["line"].is_null() ? std::string("-") : std::to_string(j["line"].get<int>()));
    by_file[key] = j;
  }
  EXPECT_EQ(records, 14u);
  auto reason = [&](const std::string& key) {
    auto it = by_file.find(key);
    return it == by_file.end() ? std::string("(no record for " + key + ")") : it->second["reason"].get<std::string>();
  };
  EXPECT_NE(reason("b-latin1.txt:3").find("invalid UTF-8"), std::string::npos);
  EXPECT_NE(reason("c-binary.txt:3").find("binary file: NUL byte"), std::string::npos);
  EXPECT_NE(reason("d-empty.txt:1").find("empty article"), std::string::npos);
  EXPECT_NE(reason("e-blank.txt:3").find("empty article"), std::string::npos);
  EXPECT_NE(reason("f-nodate.txt:1").find("missing date"), std::string::npos);
  EXPECT_NE(reason("g-headers-only.txt:3").find("no text"), std::string::npos);
  EXPECT_NE(reason("h-huge.txt:1").find("exceeds the limit of 16777216"), std::string::npos);
  EXPECT_NE(reason("feed.jsonl:2").find("invalid JSON"), std::string::npos);
  EXPECT_NE(reason("feed.jsonl:3").find("missing field 'date'"), std::string::npos);
  EXPECT_NE(reason("feed.jsonl:4").find("NUL"), std::string::npos);
  EXPECT_NE(reason("feed.jsonl:5").find("a term of"), std::string::npos);
  EXPECT_EQ(by_file["feed.jsonl:5"].value("id", ""), "j5");  // known once parsed
  EXPECT_NE(reason("wire.csv:3").find("invalid date"), std::string::npos);
  EXPECT_NE(reason("wire.csv:4").find("missing or empty column 'text'"), std::string::npos);
  EXPECT_NE(reason("wire.csv:5").find("a NUL character"), std::string::npos);

  // Appended, at the place --quarantine names.
  const std::string elsewhere = (dir / "reports" / "bad.jsonl").string();
  r = test::run(test::bin_dir() + "/sitrep-index --index " + test::quote(index) + " --quarantine " +
                test::quote(elsewhere) + " " + test::quote((in / "f-nodate.txt").string()) + " 2>&1");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("1 quarantined in " + elsewhere), std::string::npos) << r.out;
  r = test::run(test::bin_dir() + "/sitrep-index --index " + test::quote(index) + " --quarantine " +
                test::quote(elsewhere) + " " + test::quote((in / "d-empty.txt").string()) + " 2>&1");
  std::ifstream again(elsewhere);
  std::size_t n = 0;
  while (std::getline(again, line)) ++n;
  EXPECT_EQ(n, 2u);
}

TEST(EndToEnd, CsvWithAColumnMapping) {
  const auto dir = test::scratch("e2e-csv");
  test::write_file(dir / "in/wire.csv",
                   "story,pubdate,headline,copy\n"
                   "w1,2024-06-01,Convoy,\"Wagner convoy seen near Gao, residents said.\"\n"
                   "w2,not a date,Bad,Text\n");
  const std::string index = (dir / "index").string();
  auto r = test::run(index_cmd(index, "--columns id=story,date=pubdate --columns text=copy " +
                                          test::quote((dir / "in").string())));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("wire.csv:3: invalid date 'not a date' in column 'pubdate'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 indexed (1 new, 0 replaced), 1 rejected"), std::string::npos) << r.out;
  const auto j = search_json(index, "actor:Wagner place:Gao");
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["id"], "w1");
  EXPECT_EQ(j["hits"][0]["title"], "Convoy");
  r = test::run(index_cmd(index, "--columns text " + test::quote((dir / "in").string())));
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("write FIELD=COLUMN"), std::string::npos) << r.out;
}

TEST(EndToEnd, JsonLinesFromStandardInputAndDelete) {
  const auto dir = test::scratch("e2e-stdin");
  const std::string index = (dir / "index").string();
  auto r = test::run(
      "printf '%s\\n' '{\"id\":\"s1\",\"date\":\"2024-06-01\",\"title\":\"T\",\"text\":\"Wagner convoy near Gao.\"}' "
      "| " +
      index_cmd(index, "-"));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(search_json(index, "actor:Wagner")["hits"][0]["id"], "s1");
  r = test::run(test::bin_dir() + "/sitrep-index --index " + test::quote(index) + " --delete s1 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(search_json(index, "")["total"], 0);
  r = test::run(test::bin_dir() + "/sitrep-index --index " + test::quote(index) + " --delete s1 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("no article with id 's1'"), std::string::npos);
}

// Issue 20: sitrep-search (no facet cache: the value-stream path) gives Xapian's exact count of
// the query with near-duplicates collapsed, at any offset, and says when a total is an estimate.
TEST(EndToEnd, OneExactTotalFromTheCommandLine) {
  const auto dir = test::scratch("e2e-totals");
  test::write_wire_corpus(dir / "in");
  const std::string index = (dir / "index").string();
  auto r = test::run(index_cmd(index, test::quote((dir / "in").string())));
  ASSERT_EQ(r.status, 0) << r.out;
  for (const auto& q : test::total_queries()) {
    const std::uint64_t exact = test::xapian_total(index, q);
    for (const std::string offset : {"0", "1", "40"}) {
      SCOPED_TRACE(q + " | --offset " + offset);
      const json j = search_json(index, q, "--limit 20 --offset " + offset);
      EXPECT_EQ(j["total"].get<std::uint64_t>(), exact);
      EXPECT_EQ(j["total_exact"], true);
      for (const auto& [facet, values] : j["facets"].items())
        for (const auto& v : values) EXPECT_LE(v["count"].get<std::uint64_t>(), exact) << facet << "=" << v["id"];
      std::uint64_t buckets = 0;
      for (const auto& b : j["histogram"]["buckets"]) buckets += b["count"].get<std::uint64_t>();
      EXPECT_EQ(buckets, exact);
    }
    const json bare = search_json(index, q, "--no-facets");
    EXPECT_EQ(bare["total_exact"], false) << q;
  }
  // The text says the exact total as it is, and an estimate as one; so does the CSV.
  r = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " Hezbollah");
  EXPECT_NE(r.out.find("\n3 articles match\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Facets over all 3 matches"), std::string::npos) << r.out;
  r = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --no-facets Hezbollah");
  EXPECT_NE(r.out.find("\nabout "), std::string::npos) << r.out;
  r = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --no-facets --format csv Hezbollah");
  EXPECT_EQ(r.out.rfind("# total: about ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\r\nrank,id,date,title,source,url,score,"), std::string::npos) << r.out;
  r = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " --format csv Hezbollah");
  EXPECT_EQ(r.out.rfind("rank,id,date,title,source,url,score,", 0), 0u) << r.out;
}

// --explain-tags: the tagger's decisions on a stored article (sitrep-search) and on a file not yet
// indexed (sitrep-index), each mention with its reason and each vetoed name with its veto.
TEST(EndToEnd, ExplainTagsOfAStoredArticleAndOfAFile) {
  const std::string index = (test::scratch("e2e-explain-tags") / "index").string();
  ASSERT_EQ(test::run(index_cmd(index, test::quote(sample_dir()))).status, 0);
  const std::string id = "lb-hezbollah-qusayr-hermel-2024-10-12";
  const std::string search = test::bin_dir() + "/sitrep-search --index " + test::quote(index);
  auto r = test::run(search + " --explain-tags " + id + " --format json");
  ASSERT_EQ(r.status, 0) << r.out;
  const json e = json::parse(r.out);
  EXPECT_EQ(e["id"], id);
  EXPECT_EQ(e["lang"], "en");
  ASSERT_FALSE(e["mentions"].empty());
  std::set<std::string> actors;
  for (const auto& m : e["mentions"]) {
    EXPECT_FALSE(m["reason"].get<std::string>().empty()) << m;
    EXPECT_GT(m["confidence"].get<double>(), 0.0) << m;
    for (const char* key : {"text", "name", "kind", "id", "candidate", "demonym", "begin", "end"})
      EXPECT_TRUE(m.contains(key)) << key;
    if (m["kind"] == "actor" && !m["candidate"].get<bool>()) actors.insert(m["id"].get<std::string>());
  }
  for (const auto& v : e["vetoed"]) {
    EXPECT_EQ(v["veto"].get<std::string>().rfind("veto: ", 0), 0u) << v;
    EXPECT_EQ(v["confidence"].get<double>(), 0.0);
  }
  EXPECT_TRUE(actors.count("hezbollah"));
  // The same reading the index holds: the article's actors as a search shows them.
  const json hit = search_json(index, "Qusayr Hermel fighters", "--limit 20");
  bool seen = false;
  for (const auto& h : hit["hits"]) {
    if (h["id"] != id) continue;
    seen = true;
    std::set<std::string> indexed;
    for (const auto& a : h["facets"]["actor"]) indexed.insert(a["id"].get<std::string>());
    EXPECT_EQ(actors, indexed);
  }
  EXPECT_TRUE(seen);

  // Text: a header line, then a table of the mentions with their reasons.
  auto t = test::run(search + " --explain-tags " + id);
  ASSERT_EQ(t.status, 0) << t.out;
  EXPECT_EQ(t.out.rfind(id + " (en): ", 0), 0u) << t.out;
  EXPECT_NE(t.out.find("mentions (as written, kind, id, confidence, reason):"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("hezbollah"), std::string::npos);

  // Errors: an unknown id (exit 1), a query or CSV beside it (usage, exit 2).
  auto missing = test::run(search + " --explain-tags no-such-article 2>&1");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.out.find("no article with id 'no-such-article'"), std::string::npos) << missing.out;
  EXPECT_EQ(test::run(search + " --explain-tags " + id + " Hezbollah 2>&1").status, 2);
  EXPECT_EQ(test::run(search + " --explain-tags " + id + " --format csv 2>&1").status, 2);

  // sitrep-index --explain-tags FILE: the same decisions, nothing written.
  const std::string other = (test::scratch("e2e-explain-tags-file") / "index").string();
  auto f = test::run(test::bin_dir() + "/sitrep-index --index " + test::quote(other) + " --explain-tags " +
                     test::quote(sample_dir() + "/" + id + ".txt"));
  ASSERT_EQ(f.status, 0) << f.out;
  EXPECT_EQ(f.out, t.out);
  EXPECT_FALSE(fs::exists(other));
}

// sitrep-search --format atom on the sample corpus: a well-formed Atom feed of the hits, newest
// first by default (as --sort newest --format json), the query as its title.
TEST(EndToEnd, AtomFeedFromTheCommandLine) {
  const std::string index = (test::scratch("e2e-atom") / "index").string();
  ASSERT_EQ(test::run(index_cmd(index, test::quote(sample_dir()))).status, 0);
  const std::string search = test::bin_dir() + "/sitrep-search --index " + test::quote(index);
  auto r = test::run(search + " --format atom --limit 20 " + test::quote(kExampleQuery));
  ASSERT_EQ(r.status, 0) << r.out;
  const auto doc = test::parse_xml(r.out);
  ASSERT_TRUE(doc.root) << doc.error << "\n" << r.out;
  const std::string ns = test::kAtomNs;
  EXPECT_EQ(doc.root->name, ns + "feed");
  EXPECT_EQ(doc.root->first(ns + "title")->text, kExampleQuery);
  EXPECT_EQ(doc.root->first(ns + "id")->text.rfind("tag:sitrep,2024:search?q=Hezbollah%20deployments", 0), 0u);
  const json j = search_json(index, kExampleQuery, "--sort newest --limit 20");
  const auto entries = doc.root->all(ns + "entry");
  ASSERT_EQ(entries.size(), j["hits"].size());
  ASSERT_FALSE(entries.empty());
  bool any_category = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i]->first(ns + "id")->text.rfind("tag:sitrep,2024:article:", 0), 0u);
    EXPECT_EQ(entries[i]->first(ns + "updated")->text, j["hits"][i]["date"].get<std::string>() + "T00:00:00Z");
    EXPECT_EQ(entries[i]->first(ns + "title")->text, j["hits"][i]["title"]);
    const std::string summary = entries[i]->first(ns + "summary")->text;
    EXPECT_FALSE(summary.empty());
    EXPECT_EQ(summary.find("<mark>"), std::string::npos);
    any_category |= !entries[i]->all(ns + "category").empty();
  }
  EXPECT_TRUE(any_category);
  // --sort given is kept.
  r = test::run(search + " --format atom --sort oldest --limit 2 Hezbollah");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto old = test::parse_xml(r.out);
  ASSERT_TRUE(old.root) << old.error;
  const auto o = old.root->all(ns + "entry");
  ASSERT_EQ(o.size(), 2u);
  EXPECT_LE(o[0]->first(ns + "updated")->text, o[1]->first(ns + "updated")->text);
}

// Issue 17: a name no list holds, named in three articles, is listed by --new-entities (json,
// csv, text), promoted into an extra-actors file with one command, and after indexing again is
// a trusted actor (actor:ID finds its articles) and no longer new.
TEST(EndToEnd, NewEntitiesAreListedAndPromotedIntoExtraActors) {
  const auto dir = test::scratch("e2e-new-entities");
  test::write_file(dir / "news.jsonl",
                   "{\"id\":\"nb-1\",\"date\":\"2025-01-10\",\"title\":\"Checkpoint attacked\",\"text\":"
                   "\"Fighters of the Wadi Saluki Brigade attacked a checkpoint near Khiam in southern Lebanon.\"}\n"
                   "{\"id\":\"nb-2\",\"date\":\"2025-02-03\",\"title\":\"Second raid\",\"text\":"
                   "\"The Wadi Saluki Brigade claimed a second raid near Khiam.\"}\n"
                   "{\"id\":\"nb-3\",\"date\":\"2025-02-20\",\"title\":\"Patrol fired at\",\"text\":"
                   "\"Lebanese soldiers searched the valley after the Wadi Saluki Brigade fired at a patrol.\"}\n");
  const std::string index = (dir / "index").string();
  // A gazetteer directory of this test's own (the files linked), where the promotion is written.
  const std::string data = test::data_dir_with("e2e-new-entities-data", "actors.tsv", "# id", "# id");
  const std::string with_data = " --data " + test::quote(data);
  ASSERT_EQ(test::run(index_cmd(index, test::quote((dir / "news.jsonl").string()) + with_data)).status, 0);
  const std::string search = test::bin_dir() + "/sitrep-search --index " + test::quote(index) + with_data;

  auto r = test::run(search + " --new-entities --format json");
  ASSERT_EQ(r.status, 0) << r.out;
  const json listed = json::parse(r.out);
  ASSERT_EQ(listed["new_entities"].size(), 1u) << r.out;
  const auto& name = listed["new_entities"][0];
  EXPECT_EQ(name["kind"], "actor");
  EXPECT_EQ(name["id"], "wadi-saluki-brigade");
  EXPECT_EQ(name["articles"], 3);
  EXPECT_EQ(name["first_date"], "2025-01-10");
  EXPECT_EQ(name["last_date"], "2025-02-20");
  EXPECT_EQ(name["examples"], json::array({"nb-3", "nb-2", "nb-1"}));
  // First seen before February: not new since then.
  r = test::run(search + " --new-entities --since 2025-02-01 --format csv");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "kind,id,name,articles,mentions,first_date,last_date,country,examples\r\n");
  r = test::run(search + " --new-entities --min-articles 4");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("No new names"), std::string::npos) << r.out;
  // Usage errors.
  for (const char* bad : {" --new-entities --since 2025-13-01", " --new-entities --kind town", " --since 2025-01-01 war",
                          " --new-entities war", " --new-entities --format atom", " --new-entities --promote x",
                          " --as militia war", " --new-entities --limit 1001"}) {
    auto e = test::run(search + bad + " 2>&1");
    EXPECT_EQ(e.status, 2) << bad << ": " << e.out;
  }

  // Promoted: one line in the data directory's extra-actors-promoted.tsv.
  r = test::run(search + " --promote actor:wadi-saluki-brigade --as armed-group 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("extra-actors-promoted.tsv"), std::string::npos) << r.out;
  std::ifstream promoted(fs::path(data) / "extra-actors-promoted.tsv");
  const std::string text((std::istreambuf_iterator<char>(promoted)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\nwadi-saluki-brigade\tWadi Saluki Brigade\t\tarmed-group\tlb\t2025\n"), std::string::npos)
      << text;
  // Not twice, and not a name the index does not have.
  EXPECT_EQ(test::run(search + " --promote wadi-saluki-brigade 2>&1").status, 1);
  r = test::run(search + " --promote no-such-name 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("no new name 'no-such-name'"), std::string::npos) << r.out;

  // Indexed again: a trusted actor, found by actor:, and no longer new.
  ASSERT_EQ(test::run(index_cmd(index, test::quote((dir / "news.jsonl").string()) + with_data)).status, 0);
  const json found = search_json(index, "actor:wadi-saluki-brigade", with_data);
  EXPECT_EQ(found["total"], 3) << found.dump();
  r = test::run(search + " --new-entities --format json");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(json::parse(r.out)["new_entities"].empty()) << r.out;
}

TEST(EndToEnd, HelpAndUsageErrors) {
  for (const char* bin : {"sitrep-index", "sitrep-search"}) {
    auto r = test::run(test::bin_dir() + "/" + bin + " --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("--index"), std::string::npos) << bin;
  }
  auto bad = test::run(test::bin_dir() + "/sitrep-search --format xml x 2>&1");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("unknown --format 'xml'"), std::string::npos);
  EXPECT_NE(bad.out.find("atom"), std::string::npos) << bad.out;  // the choices are listed
  auto noindex = test::run(test::bin_dir() + "/sitrep-search --index /nonexistent/sitrep x 2>&1");
  EXPECT_EQ(noindex.status, 1);
  EXPECT_NE(noindex.out.find("no index here"), std::string::npos);
  const std::string index = (test::scratch("e2e-usage") / "index").string();
  ASSERT_EQ(test::run(index_cmd(index, test::quote(sample_dir()))).status, 0);
  auto badq = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) + " after:2024-99-99 2>&1");
  EXPECT_EQ(badq.status, 2);
  EXPECT_NE(badq.out.find("invalid date '2024-99-99'"), std::string::npos);
  // Over its time budget a search stops with one line and exit status 3.
  auto slow = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) +
                        " --time-budget-ms 0.001 " + test::quote(kExampleQuery) + " 2>&1");
  EXPECT_EQ(slow.status, 3) << slow.out;
  EXPECT_NE(slow.out.find("took longer than its time budget of 0.001 ms"), std::string::npos) << slow.out;
  auto negative = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) +
                            " --time-budget-ms -5 x 2>&1");
  EXPECT_EQ(negative.status, 2) << negative.out;
  EXPECT_EQ(test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) +
                      " --time-budget-ms 60000 " + test::quote(kExampleQuery))
                .status,
            0);
}

}  // namespace
}  // namespace sitrep
