// sitrep-serve: the request -> response mapping (http_api) without sockets, then the real binary
// on a loopback port: the example query, hostile input, a commit seen with no restart, SIGTERM.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "http_api.h"
#include "result_cache.h"
#include "sitrep/facets.h"
#include "sitrep/format.h"
#include "slow_clients.h"
#include "test_util.h"
#include "total_util.h"
#include "xml_util.h"

extern char** environ;

namespace sitrep::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

const char* kExampleQuery = "Hezbollah deployments near Lebanese border after 2024-11-27";

std::string sample_dir() { return test::source_dir() + "/corpora/sample"; }

json golden_queries() {
  std::ifstream in(test::source_dir() + "/tests/golden/sample-queries.json");
  return json::parse(in);
}

// A fresh index of corpora/sample made by the real sitrep-index (one per test process).
std::string make_sample_index(const std::string& name) {
  const auto dir = test::scratch(name + "-" + std::to_string(getpid()));
  const std::string index = (dir / "index").string();
  auto r = test::run(test::bin_dir() + "/sitrep-index --quiet --index " + test::quote(index) + " " +
                     test::quote(sample_dir()) + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  return index;
}

// One article about a "quokkafestival" (a word no sample article has) committed to an index by the
// real sitrep-index, as a writer beside a running searcher would.
void add_late_article(const std::string& index, const std::string& id, const std::string& scratch_name) {
  const auto dir = test::scratch(scratch_name + "-" + std::to_string(getpid()));
  test::write_file(dir / "new.jsonl", "{\"id\":\"" + id +
                                          "\",\"date\":\"2025-03-01\",\"title\":\"Quokkafestival in Beirut\","
                                          "\"text\":\"The quokkafestival opened in Beirut on Saturday.\"}\n");
  auto r = test::run(test::bin_dir() + "/sitrep-index --quiet --index " + test::quote(index) + " " +
                     test::quote((dir / "new.jsonl").string()) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
}

// ---------------------------------------------------------------------------------------------
// http_api without sockets

class HttpApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = new std::string(make_sample_index("server-api"));
    auto s = Searcher::open(*index_);
    ASSERT_TRUE(s) << s.status().to_string();
    searcher_ = new Searcher(std::move(s).value());
    ApiConfig c;
    c.max_concurrent = 2;
    c.cors_origins = {"https://archive.example"};
    auto a = Api::create(*searcher_, c);
    ASSERT_TRUE(a) << a.status().to_string();
    api_ = std::move(a).value().release();
  }
  static void TearDownTestSuite() {
    delete api_;
    delete searcher_;
    delete index_;
  }

  static ApiResponse get(const std::string& target, const Headers& headers = {}) {
    return api_->handle_target("GET", target, headers);
  }
  static json get_json(const std::string& target) {
    auto r = get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    return json::parse(r.body);
  }
  // A 4xx/5xx answer in the one error shape.
  static void expect_error(const ApiResponse& r, int status, const std::string& code, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8") << what;
    const json j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << what << ": " << r.body;
    EXPECT_EQ(j["error"]["status"], status) << what;
    EXPECT_EQ(j["error"]["code"], code) << what << ": " << r.body;
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << what;
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(r.header("Cache-Control"), "no-store") << what;
  }

  static std::string* index_;
  static Searcher* searcher_;
  static Api* api_;
};
std::string* HttpApi::index_ = nullptr;
Searcher* HttpApi::searcher_ = nullptr;
Api* HttpApi::api_ = nullptr;

TEST(Decoding, PercentDecodingIsStrict) {
  EXPECT_EQ(*percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(*percent_decode("a+b", false), "a+b");
  EXPECT_EQ(*percent_decode("%C3%A9t%C3%A9", true), "\xC3\xA9t\xC3\xA9");
  for (const char* bad : {"%zz", "%4", "%", "a%g0", "%FF%FE", "%C0%AF", "%00", "ab%ED%A0%80"})
    EXPECT_FALSE(percent_decode(bad, true)) << bad;
  auto t = split_target("/search?q=a+b&facet=actor%3Ahezbollah&&facet=month:2024-12&x");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/search");
  ASSERT_EQ(t->params.size(), 4u);
  EXPECT_EQ(t->params[0], (std::pair<std::string, std::string>{"q", "a b"}));
  EXPECT_EQ(t->params[1].second, "actor:hezbollah");
  EXPECT_EQ(t->params[3], (std::pair<std::string, std::string>{"x", ""}));
  EXPECT_FALSE(split_target("search"));
  EXPECT_FALSE(split_target("/s?q=%zz"));
  EXPECT_FALSE(split_target("/s?%zz=1"));
  std::string many = "/s?";
  for (int i = 0; i < 65; ++i) many += "a=1&";
  auto m = split_target(many);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.status().code(), ErrorCode::kLimitExceeded);
}

// The event loop answers only what never searches; every searching endpoint goes to a worker.
TEST(Decoding, OnlyRequestsThatNeverSearchAreAnsweredOnTheEventLoop) {
  for (const char* t : {"/search?q=x", "/facets", "/geo", "/geo?q=Hezbollah&top=5", "/feed.atom?q=x", "/doc/a",
                        "/%73earch?q=x", "/ge%6F"})
    EXPECT_FALSE(answers_quickly("GET", t)) << t;
  EXPECT_FALSE(answers_quickly("HEAD", "/geo?q=x"));
  for (const char* t : {"/", "/health", "/openapi.json", "/widget.js", "/widget.css?v=2", "/world.json"})
    EXPECT_TRUE(answers_quickly("GET", t)) << t;
  EXPECT_TRUE(answers_quickly("POST", "/geo"));
  EXPECT_TRUE(answers_quickly("OPTIONS", "/search"));
}

TEST(Decoding, ConcurrencyGateCounts) {
  ConcurrencyGate g(2);
  {
    auto a = g.enter();
    auto b = g.enter();
    ASSERT_TRUE(a && b);
    EXPECT_FALSE(g.enter());
    EXPECT_EQ(g.in_flight(), 2u);
  }
  EXPECT_EQ(g.in_flight(), 0u);
  EXPECT_TRUE(g.enter());
}

TEST(Decoding, FifoSemaphoreGrantsInArrivalOrder) {
  FifoSemaphore sem(1);
  sem.acquire();  // held: the threads below queue
  std::mutex m;
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      FifoSemaphore::Hold h(&sem);
      std::lock_guard<std::mutex> lock(m);
      order.push_back(i);
    });
    // Each thread is queued before the next starts.
    while (sem.waiting() != static_cast<std::size_t>(i + 1)) std::this_thread::yield();
  }
  sem.release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(sem.waiting(), 0u);
  FifoSemaphore::Hold again(&sem);  // the unit came back
}

TEST_F(HttpApi, CreateChecksTheConfiguration) {
  ApiConfig c;
  c.max_page_size = 0;
  EXPECT_FALSE(Api::create(*searcher_, c));
  c = {};
  c.max_concurrent = 0;
  EXPECT_FALSE(Api::create(*searcher_, c));
  c = {};
  c.cors_origins = {"archive.example"};
  EXPECT_FALSE(Api::create(*searcher_, c));
  c = {};
  c.cors_origins = {"https://archive.example/"};
  EXPECT_FALSE(Api::create(*searcher_, c));
  c = {};
  c.web_dir = "/nonexistent/sitrep-web";
  EXPECT_FALSE(Api::create(*searcher_, c));
  c = {};
  c.time_budget_ms = -1;
  EXPECT_FALSE(Api::create(*searcher_, c));
}

TEST_F(HttpApi, Health) {
  auto r = get("/health");
  ASSERT_EQ(r.status, 200);
  const json j = json::parse(r.body);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["documents"], 58);
  EXPECT_GE(j["revision"].get<int>(), 1);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
  expect_error(get("/health?verbose=1"), 400, "invalid_argument", "parameter on /health");
}

TEST_F(HttpApi, SearchIsTheCliJsonWithPaging) {
  const json g = golden_queries();
  for (const auto& q : g["queries"]) {
    const json j = get_json("/search?q=" + percent_encode(q["query"].get<std::string>()) + "&size=20");
    std::vector<std::string> ids;
    for (const auto& h : j["hits"]) ids.push_back(h["id"]);
    EXPECT_EQ(ids, q["expected_ids"].get<std::vector<std::string>>()) << q["query"];
  }
  // Exactly sitrep::to_json's object (what sitrep-search --format json prints) plus the paging.
  json j = get_json("/search?q=" + percent_encode(kExampleQuery));
  SearchOptions o;
  auto direct = searcher_->search(kExampleQuery, o);
  ASSERT_TRUE(direct);
  EXPECT_EQ(j["page"], 1);
  EXPECT_EQ(j["size"], 10);
  EXPECT_EQ(j["pages"], 1);
  j.erase("page");
  j.erase("size");
  j.erase("pages");
  EXPECT_EQ(j, json::parse(to_json(*direct)));
  EXPECT_EQ(j["hits"][0]["id"], g["queries"][0]["expected_ids"][0]);
}

TEST_F(HttpApi, SearchParameters) {
  // Empty or absent q: every article; paging.
  json all = get_json("/search");
  EXPECT_EQ(all["total"], 58);
  EXPECT_EQ(all["pages"], 6);
  EXPECT_EQ(get_json("/search?q=")["total"], 58);
  json p2 = get_json("/search?q=&page=2&size=5&sort=oldest");
  ASSERT_EQ(p2["hits"].size(), 5u);
  EXPECT_EQ(p2["hits"][0]["rank"], 6);
  EXPECT_EQ(p2["pages"], 12);
  EXPECT_EQ(p2["page"], 2);
  json newest = get_json("/search?sort=newest&size=58&histogram=none");
  ASSERT_EQ(newest["hits"].size(), 58u);
  for (std::size_t i = 1; i < newest["hits"].size(); ++i)
    EXPECT_GE(newest["hits"][i - 1]["date"].get<std::string>(), newest["hits"][i]["date"].get<std::string>());
  EXPECT_TRUE(newest["histogram"]["buckets"].empty());
  // Drill-down, one facet and two.
  json hz = get_json("/search?facet=actor:hezbollah&size=50");
  EXPECT_GT(hz["total"].get<int>(), 0);
  EXPECT_LT(hz["total"].get<int>(), 58);
  for (const auto& h : hz["hits"]) {
    bool has = false;
    for (const auto& a : h["facets"]["actor"]) has |= a["id"] == "hezbollah";
    EXPECT_TRUE(has) << h["id"];
  }
  json two = get_json("/search?facet=actor%3Ahezbollah&facet=country:sy&size=50");
  EXPECT_LE(two["total"].get<int>(), hz["total"].get<int>());
  EXPECT_GT(two["total"].get<int>(), 0);
  // Histogram options and relative dates.
  json h = get_json("/search?histogram=year&histogram_by=event");
  EXPECT_EQ(h["histogram"]["interval"], "year");
  EXPECT_EQ(h["histogram"]["field"], "event");
  json rel = get_json("/search?q=date:last-30-days&now=2024-12-10");
  EXPECT_GT(rel["total"].get<int>(), 0);
  for (const auto& hit : rel["hits"]) EXPECT_GE(hit["date"].get<std::string>(), "2024-11-10");
  // CSV.
  auto csv = get("/search?q=Wagner&format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("rank,id,date,title,source,url,score,", 0), 0u) << csv.body.substr(0, 80);
  // Limits at their edge are accepted.
  EXPECT_EQ(get("/search?size=100").status, 200);
  EXPECT_EQ(get("/search?page=100").status, 200);
  EXPECT_EQ(get("/search?q=" + std::string(2048, 'a')).status, 200);
}

// /feed.atom: the hits of /search (newest first unless sort= says otherwise) as an Atom 1.0 feed.
TEST_F(HttpApi, FeedIsAtomOfTheSearch) {
  const std::string ns = test::kAtomNs;
  const std::string target = "/feed.atom?q=" + percent_encode(kExampleQuery) + "&size=20";
  const auto r = get(target);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/atom+xml; charset=utf-8");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  const auto doc = test::parse_xml(r.body);
  ASSERT_TRUE(doc.root) << doc.error << "\n" << r.body;
  EXPECT_EQ(doc.root->name, ns + "feed");
  EXPECT_EQ(doc.root->first(ns + "title")->text, kExampleQuery);
  EXPECT_EQ(doc.root->first(ns + "id")->text, "tag:sitrep,2024:search?q=" + percent_encode(kExampleQuery));
  const auto* self = doc.root->first(ns + "link");
  ASSERT_TRUE(self);
  EXPECT_EQ(*self->attr("rel"), "self");
  EXPECT_EQ(*self->attr("href"), target);
  // The same articles as /search sorted newest first, in that order.
  const json j = get_json("/search?q=" + percent_encode(kExampleQuery) + "&size=20&sort=newest");
  const auto entries = doc.root->all(ns + "entry");
  ASSERT_EQ(entries.size(), j["hits"].size());
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(doc.root->first(ns + "updated")->text, j["hits"][0]["date"].get<std::string>() + "T00:00:00Z");
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& hit = j["hits"][i];
    EXPECT_EQ(entries[i]->first(ns + "id")->text,
              "tag:sitrep,2024:article:" + percent_encode(hit["id"].get<std::string>()));
    EXPECT_EQ(entries[i]->first(ns + "updated")->text, hit["date"].get<std::string>() + "T00:00:00Z");
    EXPECT_EQ(entries[i]->first(ns + "title")->text, hit["title"]);
    ASSERT_TRUE(entries[i]->first(ns + "summary"));
    std::size_t actors_and_places = 0;
    for (const char* f : {"actor", "place"})
      if (hit["facets"].contains(f)) actors_and_places += hit["facets"][f].size();
    EXPECT_EQ(entries[i]->all(ns + "category").size(), actors_and_places) << hit["id"];
  }
  // sort= given is kept; a drill-down is in the feed's id.
  const auto oldest = test::parse_xml(get("/feed.atom?sort=oldest&size=3&facet=actor:hezbollah").body);
  ASSERT_TRUE(oldest.root) << oldest.error;
  const auto o = oldest.root->all(ns + "entry");
  ASSERT_EQ(o.size(), 3u);
  EXPECT_LE(o[0]->first(ns + "updated")->text, o[2]->first(ns + "updated")->text);
  EXPECT_EQ(oldest.root->first(ns + "id")->text, "tag:sitrep,2024:search?q=&facet=actor%3Ahezbollah");
  // Nothing matches: a feed with no entries.
  const auto none = get("/feed.atom?q=quokkafestival");
  EXPECT_EQ(none.status, 200);
  const auto n = test::parse_xml(none.body);
  ASSERT_TRUE(n.root) << n.error;
  EXPECT_TRUE(n.root->all(ns + "entry").empty());
  // Errors are JSON, as for /search.
  expect_error(get("/feed.atom?size=0"), 400, "invalid_argument", "size 0");
  expect_error(get("/feed.atom?size=1000"), 400, "limit_exceeded", "size over the limit");
  expect_error(get("/feed.atom?sort=sideways"), 400, "invalid_argument", "unknown sort");
  expect_error(get("/feed.atom?format=json"), 400, "invalid_argument", "format on /feed.atom");
  expect_error(get("/feed.atom?q=a&q=b"), 400, "invalid_argument", "q twice");
  expect_error(get("/feed.atom?facet=nonsense:x"), 400, "invalid_argument", "unknown facet");
  expect_error(get("/feed.atom?q=" + std::string(2049, 'a')), 414, "limit_exceeded", "query too long");
}

TEST_F(HttpApi, FacetsMatchSearch) {
  for (const std::string q : {"", "Wagner", "actor:Hezbollah"}) {
    const json f = get_json("/facets?q=" + percent_encode(q));
    const json s = get_json("/search?q=" + percent_encode(q));
    EXPECT_EQ(f.size(), 3u);
    EXPECT_EQ(f["total"], s["total"]) << q;
    EXPECT_EQ(f["total_exact"], true) << q;
    EXPECT_EQ(s["total_exact"], true) << q;
    EXPECT_EQ(f["facets"], s["facets"]) << q;
  }
  const json d = get_json("/facets?q=Wagner&facet=country:ml");
  EXPECT_GT(d["total"].get<int>(), 0);
  expect_error(get("/facets?q=x&page=2"), 400, "invalid_argument", "paging on /facets");
}

// /geo: the place facet of the whole match set with the gazetteer's coordinates, the near-border
// lines of the query, bounded by top=.
TEST_F(HttpApi, GeoGivesPlacesWithCoordinatesAndCounts) {
  const json all = get_json("/geo");
  EXPECT_EQ(all["total"], 58);
  EXPECT_EQ(all["total_exact"], true);
  EXPECT_EQ(all["relaxed"], false);
  EXPECT_EQ(all["top"], 100);
  EXPECT_EQ(all["unlocated"], 0);
  EXPECT_EQ(all["borders"], json::array());
  const json& places = all["places"];
  ASSERT_GT(places.size(), 10u);
  EXPECT_LE(places.size(), 100u);
  // Real coordinates (places.tsv): Beirut 33.8938N 35.5018E, Qusayr 34.5078N 36.5803E.
  std::map<std::string, json> by_id;
  for (const auto& p : places) by_id[p["id"]] = p;
  ASSERT_TRUE(by_id.count("lb-beirut")) << places.dump();
  EXPECT_EQ(by_id["lb-beirut"]["name"], "Beirut");
  EXPECT_EQ(by_id["lb-beirut"]["country"], "lb");
  EXPECT_DOUBLE_EQ(by_id["lb-beirut"]["lat"].get<double>(), 33.8938);
  EXPECT_DOUBLE_EQ(by_id["lb-beirut"]["lon"].get<double>(), 35.5018);
  ASSERT_TRUE(by_id.count("sy-qusayr")) << places.dump();
  EXPECT_DOUBLE_EQ(by_id["sy-qusayr"]["lat"].get<double>(), 34.5078);
  EXPECT_DOUBLE_EQ(by_id["sy-qusayr"]["lon"].get<double>(), 36.5803);
  // Counts: most named first, each the articles of its drill-down, the same as /facets' place list.
  for (std::size_t i = 1; i < places.size(); ++i)
    EXPECT_GE(places[i - 1]["count"].get<int>(), places[i]["count"].get<int>()) << i;
  const json facets = get_json("/facets");  // kept: the loop walks a part of it
  for (const auto& v : facets["facets"]["place"]) {
    ASSERT_TRUE(by_id.count(v["id"])) << v.dump();
    EXPECT_EQ(by_id[v["id"]]["count"], v["count"]) << v.dump();
  }
  for (const char* id : {"lb-beirut", "sy-qusayr"}) {
    const json one = get_json(std::string("/geo?facet=place:") + id);
    EXPECT_EQ(one["total"], by_id[id]["count"]) << id;
    EXPECT_EQ(get_json(std::string("/search?facet=place:") + id)["total"], by_id[id]["count"]) << id;
  }
  // Every place a real point, and the same numbers as the searcher's own place facet.
  for (const auto& p : places) {
    const double lat = p["lat"], lon = p["lon"];
    EXPECT_TRUE(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && !(lat == 0 && lon == 0)) << p.dump();
    EXPECT_GT(p["count"].get<int>(), 0) << p.dump();
    EXPECT_LE(p["count"].get<int>(), 58) << p.dump();
  }

  // A near-border query: its places, and the Lebanese border lines they were measured to.
  const std::string example = "Hezbollah deployments near Lebanese border after 2024-11-27";
  const json near = get_json("/geo?q=" + percent_encode(example));
  const json search = get_json("/search?q=" + percent_encode(example));
  EXPECT_EQ(near["total"], search["total"]);
  ASSERT_EQ(near["borders"].size(), 1u) << near.dump();
  const json& border = near["borders"][0];
  EXPECT_EQ(border["country"], "lb");
  EXPECT_EQ(border["name"], "Lebanon");
  EXPECT_EQ(border["km"], 50);
  EXPECT_EQ(border["negated"], false);
  ASSERT_GE(border["lines"].size(), 2u);  // with Syria, with Israel
  for (const auto& line : border["lines"]) {
    ASSERT_GE(line.size(), 2u);
    for (const auto& pt : line) {
      EXPECT_TRUE(pt[0] > 32.9 && pt[0] < 34.8 && pt[1] > 35.0 && pt[1] < 36.7) << pt.dump();  // Lebanon's edges
    }
  }
  // The same lines in the interpretation of /search (an additive key of the near-border filter).
  bool found = false;
  for (const auto& f : search["interpretation"]["filters"])
    if (f["type"] == "near-border") {
      found = true;
      EXPECT_EQ(f["border"], border["lines"]);
    }
  EXPECT_TRUE(found) << search["interpretation"].dump();
  ASSERT_FALSE(near["places"].empty());
  for (const auto& p : near["places"]) EXPECT_LE(p["count"].get<int>(), near["total"].get<int>()) << p.dump();

  // top= bounds the list; bad values are refused.
  EXPECT_EQ(get_json("/geo?top=3")["places"].size(), 3u);
  EXPECT_EQ(get_json("/geo?top=3")["places"][0], places[0]);
  EXPECT_EQ(get_json("/geo?top=200")["top"], 200);
  expect_error(get("/geo?top=0"), 400, "invalid_argument", "top=0");
  expect_error(get("/geo?top=x"), 400, "invalid_argument", "top=x");
  expect_error(get("/geo?top=201"), 400, "limit_exceeded", "top over the limit");
  expect_error(get("/geo?top=99999999999999999999"), 400, "limit_exceeded", "top far over the limit");
  expect_error(get("/geo?page=2"), 400, "invalid_argument", "paging on /geo");
  expect_error(get("/geo?top=1&top=2"), 400, "invalid_argument", "top twice");
  expect_error(get("/geo?facet=nonsense:x"), 400, "invalid_argument", "unknown facet");
  expect_error(get("/geo?q=" + std::string(2049, 'a')), 414, "limit_exceeded", "query too long");
  EXPECT_EQ(get_json("/openapi.json")["info"]["x-limits"]["max_geo_places"], 200);
}

// The map's outlines: built from npm's world-atlas when node and npm were there at build time.
TEST_F(HttpApi, WorldOutlinesAreEmbeddedWhenBuilt) {
  const auto r = get("/world.json");
  if (r.status == 404) GTEST_SKIP() << "sitrep-serve was built without node and npm: no /world.json";
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(r.header("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
  const json w = json::parse(r.body);
  EXPECT_EQ(w["scale"], 100);
  if (w["land"] == "") GTEST_SKIP() << "npm failed when sitrep-serve was built: empty outlines";
  EXPECT_NE(w["source"].get<std::string>().find("Natural Earth"), std::string::npos);
  const std::string land = w["land"], borders = w["borders"];
  EXPECT_GT(land.size(), 20000u);
  EXPECT_GT(borders.size(), 5000u);
  EXPECT_LT(r.body.size(), 200000u);  // compact: the 1:110m outlines
  // SVG path data only: moves, relative lines, closes, integers.
  EXPECT_EQ(land.find_first_not_of("Mlz0123456789 -"), std::string::npos);
  EXPECT_EQ(borders.find_first_not_of("Ml0123456789 -"), std::string::npos);
}

// Issue 20: /search (any page) and /facets give Xapian's exact count of the query with
// near-duplicates collapsed (the facet cache's path), and no facet value counts more.
TEST(HttpApiTotals, OneExactTotalThroughTheApi) {
  const auto dir = test::scratch("server-totals-" + std::to_string(getpid()));
  test::write_wire_corpus(dir / "in");
  const std::string index = (dir / "index").string();
  auto r = test::run(test::bin_dir() + "/sitrep-index --quiet --index " + test::quote(index) + " " +
                     test::quote((dir / "in").string()) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  auto s = Searcher::open(index);
  ASSERT_TRUE(s) << s.status().to_string();
  auto api = Api::create(*s, ApiConfig{});
  ASSERT_TRUE(api) << api.status().to_string();
  auto get_json = [&](const std::string& target) {
    const ApiResponse a = (*api)->handle_target("GET", target, {});
    EXPECT_EQ(a.status, 200) << target << ": " << a.body;
    return json::parse(a.body);
  };
  for (const auto& q : test::total_queries()) {
    const std::uint64_t exact = test::xapian_total(index, q);
    for (const std::string page : {"1", "2", "9"}) {
      SCOPED_TRACE(q + " | page " + page);
      const json j = get_json("/search?q=" + percent_encode(q) + "&size=1&page=" + page);
      EXPECT_EQ(j["total"].get<std::uint64_t>(), exact);
      EXPECT_EQ(j["total_exact"], true);
      EXPECT_EQ(j["pages"].get<std::uint64_t>(), exact);
      for (const auto& [facet, values] : j["facets"].items())
        for (const auto& v : values) EXPECT_LE(v["count"].get<std::uint64_t>(), exact) << facet << "=" << v["id"];
    }
    const json f = get_json("/facets?q=" + percent_encode(q));
    EXPECT_EQ(f["total"].get<std::uint64_t>(), exact) << q;
    EXPECT_EQ(f["total_exact"], true) << q;
    for (const auto& [facet, values] : f["facets"].items())
      for (const auto& v : values) EXPECT_LE(v["count"].get<std::uint64_t>(), exact) << q << " | " << facet;
  }
}

TEST_F(HttpApi, Document) {
  const std::string id = "lb-hezbollah-hermel-alqaa-2024-12-05";
  const json j = get_json("/doc/" + id);
  EXPECT_EQ(j["id"], id);
  EXPECT_EQ(j["date"], "2024-12-05");
  for (const char* k : {"title", "source", "url", "lang", "text"}) EXPECT_TRUE(j[k].is_string()) << k;
  EXPECT_FALSE(j["text"].get<std::string>().empty());
  EXPECT_TRUE(j["events"].is_array());
  for (const char* k : {"actor", "person", "place", "region", "country"}) EXPECT_TRUE(j["facets"][k].is_array()) << k;
  bool hezbollah = false;
  for (const auto& a : j["facets"]["actor"]) hezbollah |= a["id"] == "hezbollah" && a["name"] == "Hezbollah";
  EXPECT_TRUE(hezbollah);
  // Percent-encoded ids decode; an encoded '/' stays inside the id.
  EXPECT_EQ(get_json("/doc/lb%2Dhezbollah-hermel-alqaa-2024-12-05")["id"], id);
  expect_error(get("/doc/no-such-article"), 404, "not_found", "missing article");
  expect_error(get("/doc/..%2F..%2Fetc%2Fpasswd"), 404, "not_found", "encoded traversal");
  expect_error(get("/doc/%2e%2e/"), 404, "not_found", "dot segment");
  expect_error(get("/doc/../../etc/passwd"), 404, "not_found", "raw traversal");
  expect_error(get("/doc/a%01b"), 400, "invalid_argument", "control character");
  expect_error(get("/doc/" + std::string(201, 'x')), 400, "invalid_argument", "over-long id");
  expect_error(get("/doc/" + id + "?x=1"), 400, "invalid_argument", "parameter on /doc");
}

// /search?like=ID (issue 16, item 3): the like:ID search, combinable with q; an unknown id is a
// 404 and a bad one a 400, both in the one error shape; the API document lists the parameter.
TEST_F(HttpApi, SearchLike) {
  const std::string id = "lb-hezbollah-hermel-alqaa-2024-12-05";
  const json j = get_json("/search?like=" + id + "&size=20");
  ASSERT_FALSE(j["hits"].empty());
  for (const auto& h : j["hits"]) EXPECT_NE(h["id"], id);
  EXPECT_EQ(j["interpretation"]["like"]["id"], id);
  EXPECT_FALSE(j["interpretation"]["like"]["terms"].empty());
  EXPECT_EQ(j["interpretation"]["summary"], "articles like '" + id + "'");
  // The same answer as like:ID in q.
  json in_q = get_json("/search?q=" + percent_encode("like:" + id) + "&size=20");
  EXPECT_EQ(in_q["hits"], j["hits"]);
  // With q: a filter narrows it.
  const json later = get_json("/search?like=" + id + "&q=" + percent_encode("after:2024-12-10") + "&size=20");
  ASSERT_FALSE(later["hits"].empty());
  for (const auto& h : later["hits"]) EXPECT_GT(h["date"].get<std::string>(), "2024-12-10") << h["id"];
  EXPECT_EQ(get_json("/facets?like=" + id)["total"], j["total"]);
  const auto unknown = get("/search?like=no-such-article");
  expect_error(unknown, 404, "not_found", "unknown like id");
  EXPECT_NE(json::parse(unknown.body)["error"]["message"].get<std::string>().find("no article with id 'no-such-article'"),
            std::string::npos)
      << unknown.body;
  expect_error(get("/search?like="), 400, "invalid_argument", "empty like id");
  expect_error(get("/search?like=a%22b"), 400, "invalid_argument", "quote in the like id");
  expect_error(get("/search?like=a%01b"), 400, "invalid_argument", "control character in the like id");
  expect_error(get("/search?like=a&like=b"), 400, "invalid_argument", "like given twice");
  expect_error(get("/search?q=" + percent_encode("-like:" + id)), 400, "invalid_argument", "excluded like:");
  const json api = get_json("/openapi.json");
  EXPECT_EQ(api["components"]["parameters"]["like"]["name"], "like");
}

// prefer_lang=: the language asked ranks first among equal matches (never a filter), auto and
// absent detect it, none turns it off; the answer's interpretation says which; a bad value is 400
// naming the parameter; the cached answer of one preference is never another's.
TEST_F(HttpApi, SearchPreferLang) {
  const std::string q = "/search?q=" + percent_encode("Hezbollah near Lebanese border after 2024-11-27") + "&size=20";
  const json plain = get_json(q);
  EXPECT_EQ(plain["interpretation"]["prefer_lang"]["how"], "undetected");
  const json fr = get_json(q + "&prefer_lang=fr");
  EXPECT_EQ(fr["hits"][0]["id"], "lb-hezbollah-qusayr-fr-2024-12-07");
  EXPECT_EQ(fr["interpretation"]["prefer_lang"]["lang"], "fr");
  EXPECT_EQ(fr["interpretation"]["prefer_lang"]["how"], "asked");
  EXPECT_EQ(fr["total"], plain["total"]);
  EXPECT_EQ(fr["hits"].size(), plain["hits"].size());
  const json he = get_json(q + "&prefer_lang=he");  // after fr: not fr's cached answer
  EXPECT_EQ(he["hits"][0]["id"], "lb-hezbollah-naqoura-he-2024-12-11");
  EXPECT_EQ(get_json(q + "&prefer_lang=auto")["hits"], plain["hits"]);
  EXPECT_EQ(get_json(q + "&prefer_lang=none")["interpretation"]["prefer_lang"]["how"], "off");
  const json en = get_json("/search?q=" + percent_encode("the border of Lebanon"));
  EXPECT_EQ(en["interpretation"]["prefer_lang"]["lang"], "en");
  EXPECT_EQ(en["interpretation"]["prefer_lang"]["how"], "detected");
  const auto bad = get(q + "&prefer_lang=klingon");
  expect_error(bad, 400, "invalid_argument", "unknown language");
  EXPECT_NE(json::parse(bad.body)["error"]["message"].get<std::string>().find("prefer_lang='klingon'"), std::string::npos)
      << bad.body;
  expect_error(get(q + "&prefer_lang=fr&prefer_lang=en"), 400, "invalid_argument", "prefer_lang given twice");
  expect_error(get("/facets?q=x&prefer_lang=fr"), 400, "invalid_argument", "prefer_lang on /facets");
  bool described = false;
  const json api = get_json("/openapi.json");
  for (const auto& p : api["paths"]["/search"]["get"]["parameters"])
    if (p.contains("name") && p["name"] == "prefer_lang") described = true;
  EXPECT_TRUE(described);
}

TEST_F(HttpApi, OpenApiDescribesEveryEndpoint) {
  const json j = get_json("/openapi.json");
  EXPECT_EQ(j["openapi"].get<std::string>().rfind("3.0", 0), 0u);
  for (const char* p : {"/search", "/facets", "/geo", "/feed.atom", "/doc/{id}", "/health", "/openapi.json", "/",
                        "/widget.js", "/widget.css", "/world.json"})
    EXPECT_TRUE(j["paths"].contains(p)) << p;
  EXPECT_EQ(j["components"]["parameters"]["size"]["schema"]["maximum"], 100);
  EXPECT_EQ(j["info"]["x-limits"]["max_query_bytes"], 2048);
  EXPECT_EQ(j["info"]["x-limits"]["max_concurrent"], 2);
  // Every $ref points at something that exists.
  std::function<void(const json&)> check = [&](const json& n) {
    if (n.is_object()) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        if (it.key() == "$ref") {
          const std::string ref = it.value();
          ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
          EXPECT_NO_THROW((void)j.at(json::json_pointer(ref.substr(1)))) << ref;
        } else {
          check(it.value());
        }
      }
    } else if (n.is_array()) {
      for (const auto& e : n) check(e);
    }
  };
  check(j);
}

// Every list of facets the API gives comes from the registry (sitrep/facets.h): the answer's
// facets, /openapi.json's x-facets and facet pattern, the facets of /doc, and the widget's table.
TEST_F(HttpApi, FacetsFollowTheRegistry) {
  std::vector<std::string> all, drill, on_hits;
  for (const auto& f : facets::all()) {
    all.push_back(f.name);
    if (facets::drillable(f)) drill.push_back(f.name);
    if (f.on_hits) on_hits.push_back(f.name);
  }
  // The searcher's answer: the registry's facets in its order.
  auto r = searcher_->search("", SearchOptions{});
  ASSERT_TRUE(r) << r.status().to_string();
  std::vector<std::string> answered;
  for (const auto& f : r->facets) answered.push_back(f.name);
  EXPECT_EQ(answered, all);
  const json search = get_json("/search?q=Hezbollah");
  std::vector<std::string> keys;
  for (const auto& [k, v] : search["facets"].items()) keys.push_back(k);
  std::vector<std::string> sorted = all;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(keys, sorted);  // a JSON object: its keys sorted
  keys.clear();
  for (const auto& [k, v] : search["hits"][0]["facets"].items()) keys.push_back(k);
  std::vector<std::string> sorted_hits = on_hits;
  std::sort(sorted_hits.begin(), sorted_hits.end());
  EXPECT_EQ(keys, sorted_hits);
  // The API document.
  const json doc = get_json("/openapi.json");
  std::vector<std::string> listed;
  for (const auto& f : doc["x-facets"]) listed.push_back(f["name"]);
  EXPECT_EQ(listed, all);
  std::string pattern = "^(";
  for (const auto& d : drill) pattern += (pattern.size() > 2 ? "|" : "") + d;
  EXPECT_EQ(doc["components"]["parameters"]["facet"]["schema"]["items"]["pattern"], pattern + "):.+$");
  // The widget gets the same table, written into the script as it is served.
  const std::string js = get("/widget.js").body;
  EXPECT_EQ(js.find("/*sitrep:facets*/[]"), std::string::npos);
  EXPECT_NE(js.find("/*sitrep:facets*/" + doc["x-facets"].dump()), std::string::npos);
  // A drill-down name the registry does not have is refused, naming those it has.
  const auto bad = get("/search?facet=colour:red");
  expect_error(bad, 400, "invalid_argument", "unknown facet");
  EXPECT_NE(bad.body.find("(use " + facets::drillable_names() + ")"), std::string::npos) << bad.body;
  expect_error(get("/search?facet=candidate:x"), 400, "invalid_argument", "not a drill-down facet");
}

TEST_F(HttpApi, StaticFiles) {
  auto page = get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(page.header("Content-Security-Policy").rfind("default-src 'self'", 0), 0u);
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
  auto js = get("/widget.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_FALSE(js.body.empty());
  EXPECT_EQ(get("/widget.css?v=2").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(get("/widget.css").header("Cache-Control"), "public, max-age=300");
  expect_error(get("/missing.js"), 404, "not_found", "missing file");
  expect_error(get("/.hidden"), 404, "not_found", "hidden file");
  expect_error(get("/web/widget.js"), 404, "not_found", "nested path");
  expect_error(get("/..%2Fsearcher%2Fweb%2Fwidget.js"), 404, "not_found", "encoded traversal");
  // --web-dir: files from disk, as they are now.
  const auto dir = test::scratch("server-webdir-" + std::to_string(getpid()));
  test::write_file(dir / "widget.js", "console.log('dev');\n");
  ApiConfig c;
  c.web_dir = dir.string();
  auto dev = Api::create(*searcher_, c);
  ASSERT_TRUE(dev);
  auto r = (*dev)->handle_target("GET", "/widget.js", {});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log('dev');\n");
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  test::write_file(dir / "widget.js", "console.log('edited');\n");
  EXPECT_EQ((*dev)->handle_target("GET", "/widget.js", {}).body, "console.log('edited');\n");
  EXPECT_EQ((*dev)->handle_target("GET", "/widget.css", {}).status, 404);
}

TEST_F(HttpApi, EveryBadRequestGetsAJsonError) {
  struct Case {
    std::string target;
    int status;
    const char* code;
  };
  std::string many_facets = "/search?q=x";
  for (int i = 0; i < 17; ++i) many_facets += "&facet=actor:a" + std::to_string(i);
  std::string many_params = "/search?q=x";
  for (int i = 0; i < 70; ++i) many_params += "&q" + std::to_string(i) + "=1";
  const std::vector<Case> cases = {
      {"/search?colour=red", 400, "invalid_argument"},
      {"/search?q=a&q=b", 400, "invalid_argument"},
      {"/search?sort=random", 400, "invalid_argument"},
      {"/search?sort=", 400, "invalid_argument"},
      {"/search?page=abc", 400, "invalid_argument"},
      {"/search?page=-1", 400, "invalid_argument"},
      {"/search?page=0", 400, "invalid_argument"},
      {"/search?page=1.5", 400, "invalid_argument"},
      {"/search?page=", 400, "invalid_argument"},
      {"/search?page=101", 400, "limit_exceeded"},
      {"/search?page=999999999", 400, "limit_exceeded"},
      {"/search?page=99999999999999999999999999", 400, "limit_exceeded"},
      {"/search?size=0", 400, "invalid_argument"},
      {"/search?size=abc", 400, "invalid_argument"},
      {"/search?size=101", 400, "limit_exceeded"},
      {"/search?size=100000", 400, "limit_exceeded"},
      {"/search?size=100&page=102", 400, "limit_exceeded"},
      {"/search?histogram=hour", 400, "invalid_argument"},
      {"/search?histogram_by=modified", 400, "invalid_argument"},
      {"/search?format=xml", 400, "invalid_argument"},
      {"/search?now=yesterday", 400, "invalid_argument"},
      {"/search?now=2024-02-31", 400, "invalid_argument"},
      {"/search?facet=hezbollah", 400, "invalid_argument"},
      {"/search?facet=actor:", 400, "invalid_argument"},
      {"/search?facet=weapon:rifle", 400, "invalid_argument"},
      {"/search?facet=month:2024", 400, "invalid_argument"},
      {"/search?facet=actor:" + std::string(201, 'a'), 400, "limit_exceeded"},
      {many_facets, 400, "limit_exceeded"},
      {many_params, 400, "limit_exceeded"},
      {"/search?q=" + std::string(2049, 'a'), 414, "limit_exceeded"},
      {"/facets?q=" + std::string(5000, 'a'), 414, "limit_exceeded"},
      {"/search?q=%FF%FE", 400, "invalid_argument"},
      {"/search?q=caf%C3", 400, "invalid_argument"},
      {"/search?q=\xFF\xFE", 400, "invalid_argument"},
      {"/search?q=%zz", 400, "invalid_argument"},
      {"/search?q=%4", 400, "invalid_argument"},
      {"/search?q=%00", 400, "invalid_argument"},
      {"/search?q%zz=1", 400, "invalid_argument"},
      {"/search%zz", 400, "invalid_argument"},
      {"/se%FFarch", 400, "invalid_argument"},
      {"/search?q=after:2024-99-99", 400, "invalid_argument"},
      {"/search?q=actor:Hizbolah", 400, "invalid_argument"},
      {"/search/", 404, "not_found"},
      {"/searchx", 404, "not_found"},
      {"//search", 404, "not_found"},
      {"/doc", 404, "not_found"},
      {"/doc/a/b", 404, "not_found"},
      {"/etc/passwd", 404, "not_found"},
      {"*", 400, "invalid_argument"},
      {"http://evil.example/search", 400, "invalid_argument"},
  };
  for (const auto& c : cases) expect_error(get(c.target), c.status, c.code, c.target.substr(0, 120));
}

// An unknown drill-down id is a 400 naming the nearest ids (issue 20), on /search and /facets.
TEST_F(HttpApi, UnknownFacetIdIsABadRequestNamingTheNearest) {
  for (const char* target : {"/search?facet=actor:hezbolah", "/facets?q=&facet=actor:hezbolah"}) {
    auto r = get(target);
    expect_error(r, 400, "invalid_argument", target);
    const json j = json::parse(r.body, nullptr, false);
    EXPECT_EQ(j["error"]["message"], "no article has actor 'hezbolah'; nearest: hezbollah") << r.body;
  }
}

TEST_F(HttpApi, MethodsOtherThanGetAndHeadAreRefused) {
  for (const char* m : {"POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "get"}) {
    auto r = api_->handle_target(m, "/search?q=x", {});
    expect_error(r, 405, "method_not_allowed", m);
    EXPECT_EQ(r.header("Allow"), "GET, HEAD") << m;
  }
  auto head = api_->handle_target("HEAD", "/health", {});
  EXPECT_EQ(head.status, 200);  // the HTTP layer drops the body
  auto opt = api_->handle_target("OPTIONS", "/search", {});
  expect_error(opt, 405, "method_not_allowed", "OPTIONS without Origin");
  EXPECT_EQ(opt.header("Allow"), "GET, HEAD");
}

TEST_F(HttpApi, CorsAllowList) {
  const Headers allowed = {{"origin", "https://archive.example"}};
  const Headers other = {{"Origin", "https://evil.example"}};
  auto a = get("/health", allowed);
  EXPECT_EQ(a.header("Access-Control-Allow-Origin"), "https://archive.example");
  EXPECT_EQ(a.header("Vary"), "Origin");
  auto e = get("/search?page=abc", allowed);
  EXPECT_EQ(e.header("Access-Control-Allow-Origin"), "https://archive.example") << "errors are readable too";
  auto o = get("/health", other);
  EXPECT_EQ(o.status, 200);
  EXPECT_EQ(o.header("Access-Control-Allow-Origin"), "");
  EXPECT_EQ(get("/health").header("Access-Control-Allow-Origin"), "");
  // Preflight.
  auto pre = api_->handle_target("OPTIONS", "/search?q=x",
                                 {{"Origin", "https://archive.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_TRUE(pre.body.empty());
  EXPECT_EQ(pre.header("Access-Control-Allow-Origin"), "https://archive.example");
  EXPECT_EQ(pre.header("Access-Control-Allow-Methods"), "GET, HEAD");
  auto bad = api_->handle_target("OPTIONS", "/search", other);
  expect_error(bad, 403, "forbidden", "preflight from another origin");
  EXPECT_EQ(bad.header("Access-Control-Allow-Origin"), "");
  // "*" allows every origin.
  ApiConfig c;
  c.cors_origins = {"*"};
  auto any = Api::create(*searcher_, c);
  ASSERT_TRUE(any);
  auto r = (*any)->handle_target("GET", "/health", other);
  EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(r.header("Vary"), "");
  EXPECT_EQ((*any)->handle_target("OPTIONS", "/search", other).status, 204);
}

TEST_F(HttpApi, OverloadAnswers503WithRetryAfter) {
  ASSERT_EQ(api_->gate().limit(), 2u);
  {
    auto t1 = api_->gate().enter();
    auto t2 = api_->gate().enter();
    ASSERT_TRUE(t1 && t2);
    for (const char* target : {"/search?q=x", "/facets", "/doc/x"}) {
      auto r = get(target);
      expect_error(r, 503, "overloaded", target);
      EXPECT_EQ(r.header("Retry-After"), "1");
    }
    EXPECT_EQ(get("/health").status, 200) << "health is not bounded";
    // Bad requests are refused for what they are, before admission.
    expect_error(get("/search?page=abc"), 400, "invalid_argument", "bad page while saturated");
    expect_error(get("/facets?q=%zz"), 400, "invalid_argument", "bad encoding while saturated");
    expect_error(get("/doc/a%01b"), 400, "invalid_argument", "bad id while saturated");
    expect_error(get("/search?size=1000"), 400, "limit_exceeded", "size while saturated");
  }
  EXPECT_EQ(get("/search?q=x").status, 200);
  EXPECT_EQ(api_->gate().in_flight(), 0u);
}

// A search over the time budget is stopped: 503 time_budget_exceeded, with no Retry-After (the
// same query would take as long again); the limit is in the OpenAPI description.
TEST_F(HttpApi, SearchOverTheTimeBudgetIs503) {
  ApiConfig c;
  c.time_budget_ms = 0.001;  // one microsecond: no search fits
  auto a = Api::create(*searcher_, c);
  ASSERT_TRUE(a) << a.status().to_string();
  for (const char* target : {"/search?q=Hezbollah", "/facets?q=border"}) {
    auto r = (*a)->handle_target("GET", target, {});
    expect_error(r, 503, "time_budget_exceeded", target);
    EXPECT_EQ(r.header("Retry-After"), "") << target;
    EXPECT_NE(r.body.find("time budget of 0.001 ms"), std::string::npos) << r.body;
  }
  EXPECT_EQ((*a)->handle_target("GET", "/doc/nonexistent-id", {}).status, 404) << "documents are not searches";
  const json doc = json::parse((*a)->handle_target("GET", "/openapi.json", {}).body);
  EXPECT_EQ(doc["info"]["x-limits"]["time_budget_ms"], 0.001);
  // The default budget (5 s) leaves ordinary searches alone.
  EXPECT_EQ(get("/search?q=Hezbollah").status, 200);
}

TEST_F(HttpApi, ParallelRequestsAgree) {
  const json expected = get_json("/search?q=" + percent_encode(kExampleQuery));
  ApiConfig c;
  c.max_concurrent = 64;
  c.parallel_searches = 2;  // the others wait their turn
  auto a = Api::create(*searcher_, c);
  ASSERT_TRUE(a);
  std::vector<std::thread> threads;
  std::atomic<int> same{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        auto r = (*a)->handle_target("GET", "/search?q=" + percent_encode(kExampleQuery), {});
        if (r.status == 200 && json::parse(r.body) == expected) ++same;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(same.load(), 40);
}

// The result cache: answers served from it are byte for byte those computed afresh (status,
// content type, body, headers, CORS), for a mix of requests, each asked several times.
TEST_F(HttpApi, CachedAnswersAreTheUncachedOnes) {
  ApiConfig c;
  c.cors_origins = {"https://archive.example"};
  c.cache_bytes = 8 << 20;
  auto cached = Api::create(*searcher_, c);
  ASSERT_TRUE(cached) << cached.status().to_string();
  ASSERT_NE((*cached)->cache(), nullptr);
  c.cache_bytes = 0;
  auto plain = Api::create(*searcher_, c);
  ASSERT_TRUE(plain);
  EXPECT_EQ((*plain)->cache(), nullptr);
  const std::string ex = percent_encode(kExampleQuery);
  const std::vector<std::string> targets = {
      "/search?q=" + ex,
      "/search?q=" + ex + "&page=2&size=3",
      "/search?q=" + ex + "&size=3&page=2",  // the same request, parameters in another order
      "/search?q=" + ex + "&page=3&size=3",
      "/search?q=Hezbollah&facet=actor:hezbollah",
      "/search?q=Hezbollah&facet=actor:hezbollah&facet=month:2024-12",
      "/search?q=Hezbollah&facet=month:2024-12&facet=actor:hezbollah",
      "/search?q=border&sort=newest",
      "/search?q=border&sort=oldest&histogram=month",
      "/search?q=ceasefire&histogram=week&histogram_by=event",
      "/search?q=Wagner&format=csv",
      "/search?q=Wagner&format=json",
      "/search?q=last+30+days",
      "/search?q=last+30+days&now=2024-12-20",
      "/search?q=last+30+days&now=2024-12-21",
      "/search?q=zzzyxqnothing",
      "/search",
      "/facets?q=border",
      "/facets?q=border&facet=month:2024-12",
      "/facets?q=last+week&now=2024-12-01",
      "/search?page=abc",
      "/search?q=x&size=1000",
      "/doc/nonexistent-id",
      "/health",
  };
  const Headers origin = {{"Origin", "https://archive.example"}};
  std::size_t ok_searches = 0;
  for (int round = 0; round < 3; ++round) {
    for (const auto& t : targets) {
      for (const Headers& h : {Headers{}, origin}) {
        const auto a = (*cached)->handle_target(round == 2 ? "HEAD" : "GET", t, h);
        const auto b = (*plain)->handle_target(round == 2 ? "HEAD" : "GET", t, h);
        EXPECT_EQ(a.status, b.status) << t;
        EXPECT_EQ(a.content_type, b.content_type) << t;
        EXPECT_EQ(a.body, b.body) << t;
        EXPECT_EQ(a.headers, b.headers) << t;
        if (round == 0 && h.empty() && a.status == 200 && t.rfind("/search", 0) == 0) ++ok_searches;
        if (round == 0 && h.empty() && a.status == 200 && t.rfind("/facets", 0) == 0) ++ok_searches;
      }
    }
  }
  const auto st = (*cached)->cache()->stats();
  // The first answer of each distinct request is computed; every later one comes from the cache
  // (the reordered duplicates are hits already in the first round).
  EXPECT_GE(st.hits, 5 * ok_searches - 2) << "hits " << st.hits << ", misses " << st.misses;
  EXPECT_LE(st.misses, ok_searches);
  EXPECT_GT(st.entries, 10u);
  EXPECT_LE(st.bytes, st.max_bytes);
  // Different pages and dates are different answers.
  EXPECT_NE((*cached)->handle_target("GET", "/search?q=" + ex + "&page=2&size=3", {}).body,
            (*cached)->handle_target("GET", "/search?q=" + ex + "&page=3&size=3", {}).body);
  // The limit is in the OpenAPI description.
  EXPECT_EQ(json::parse((*cached)->openapi())["info"]["x-limits"]["cache_bytes"], 8 << 20);
}

// A cache hit needs no admission: a popular query is answered even when every place is taken.
TEST_F(HttpApi, CacheHitsAreAnsweredWhenSaturated) {
  ApiConfig c;
  c.max_concurrent = 1;
  c.cache_bytes = 1 << 20;
  auto a = Api::create(*searcher_, c);
  ASSERT_TRUE(a);
  const auto first = (*a)->handle_target("GET", "/search?q=Wagner", {});
  ASSERT_EQ(first.status, 200);
  auto ticket = (*a)->gate().enter();
  ASSERT_TRUE(ticket);
  const auto again = (*a)->handle_target("GET", "/search?q=Wagner", {});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  expect_error((*a)->handle_target("GET", "/search?q=Hezbollah", {}), 503, "overloaded", "a miss while saturated");
}

// Least recently used answers go first; the bytes stay within the bound.
TEST(ResultCacheTest, EvictsLeastRecentlyUsedWithinItsBytes) {
  ResultCache cache(64 * 1024);
  auto answer = [](char c) {
    ApiResponse r;
    r.body = std::string(4000, c);
    return r;
  };
  for (char c = 'a'; c <= 'z'; ++c) {
    cache.put(std::string(1, c), 7, answer(c));
    ASSERT_NE(cache.get("a", 7), nullptr) << "a is used all the time: never the oldest";
  }
  const auto st = cache.stats();
  EXPECT_LE(st.bytes, 64u * 1024);
  EXPECT_GT(st.evictions, 0u);
  EXPECT_EQ(cache.get("b", 7), nullptr);
  ASSERT_NE(cache.get("z", 7), nullptr);
  EXPECT_EQ(cache.get("z", 7)->body, std::string(4000, 'z'));
  // An answer larger than an eighth of the cache is not kept.
  ApiResponse big;
  big.body = std::string(20000, 'x');
  cache.put("big", 7, big);
  EXPECT_EQ(cache.get("big", 7), nullptr);
  // A newer revision empties it; an answer for an older one is not stored.
  EXPECT_EQ(cache.get("z", 8), nullptr);
  EXPECT_EQ(cache.stats().entries, 0u);
  cache.put("old", 7, answer('o'));
  EXPECT_EQ(cache.get("old", 8), nullptr);
  EXPECT_EQ(cache.get("old", 7), nullptr);
  ResultCache none(0);
  none.put("k", 1, answer('k'));
  EXPECT_EQ(none.get("k", 1), nullptr);
}

// A commit changes the index revision: the cached answers are dropped, the next one is new.
TEST(ResultCacheTest, ACommitIsSeenThroughTheCache) {
  const std::string index = make_sample_index("server-cache-commit");
  auto s = Searcher::open(index);
  ASSERT_TRUE(s) << s.status().to_string();
  ApiConfig c;
  c.cache_bytes = 4 << 20;
  auto api = Api::create(*s, c);
  ASSERT_TRUE(api);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(json::parse((*api)->handle_target("GET", "/search?q=quokkafestival", {}).body)["total"], 0);
    EXPECT_EQ(json::parse((*api)->handle_target("GET", "/facets?q=quokkafestival", {}).body)["total"], 0);
  }
  EXPECT_EQ((*api)->cache()->stats().hits, 2u);
  add_late_article(index, "late-news-2", "server-cache-commit-doc");
  const json found = json::parse((*api)->handle_target("GET", "/search?q=quokkafestival", {}).body);
  EXPECT_EQ(found["total"], 1);
  EXPECT_EQ(json::parse((*api)->handle_target("GET", "/facets?q=quokkafestival", {}).body)["total"], 1);
  EXPECT_GE((*api)->cache()->stats().clears, 1u);
  auto r = test::run(test::bin_dir() + "/sitrep-index --index " + test::quote(index) + " --delete late-news-2 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(json::parse((*api)->handle_target("GET", "/search?q=quokkafestival", {}).body)["total"], 0);
}

// ---------------------------------------------------------------------------------------------
// The real binary on a loopback port

struct Answer {
  int status = 0;
  std::string head;
  std::string body;
  double ms = 0;
  bool complete = false;
  std::string header(const std::string& name) const {
    std::istringstream in(head);
    std::string line;
    std::string lname = name;
    std::transform(lname.begin(), lname.end(), lname.begin(), ::tolower);
    while (std::getline(in, line)) {
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string k = line.substr(0, colon);
      std::transform(k.begin(), k.end(), k.begin(), ::tolower);
      if (k == lname) {
        std::string v = line.substr(colon + 1);
        while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
        while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
        return v;
      }
    }
    return "";
  }
};

// A connected socket to the server on loopback, from the given local address (127.0.0.x).
int connect_from(int port, const char* from = nullptr) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (from) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, from, &local.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      close(fd);
      return -1;
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Sends the bytes as they are (no normalisation) and reads one answer.
Answer raw_http(int port, const std::string& request, bool head_request = false) {
  Answer a;
  const auto t0 = Clock::now();
  const int fd = connect_from(port);
  if (fd < 0) return a;
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<std::size_t>(n);
  }
  std::string data;
  char buf[65536];
  for (;;) {
    const auto end = data.find("\r\n\r\n");
    if (end != std::string::npos) {
      a.head = data.substr(0, end);
      std::size_t want = 0;
      Answer probe;
      probe.head = a.head;
      const std::string cl = probe.header("Content-Length");
      if (!cl.empty()) want = std::stoul(cl);
      if (head_request || data.size() - end - 4 >= want) {
        a.body = data.substr(end + 4, head_request ? 0 : want);
        a.complete = true;
        break;
      }
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  a.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (a.head.rfind("HTTP/1.1 ", 0) == 0) a.status = std::atoi(a.head.c_str() + 9);
  return a;
}

Answer http_get(int port, const std::string& target) {
  return raw_http(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

// sitrep-serve as a child process on a free port; killed (SIGKILL) if still running at the end.
class ChildServer {
 public:
  ChildServer(const std::string& index, const std::vector<std::string>& extra = {}) {
    log_ = (test::scratch("server-log-" + std::to_string(getpid()) + "-" + std::to_string(++count_)) / "stderr.log")
               .string();
    std::vector<std::string> args = {test::bin_dir() + "/sitrep-serve", "--index", index, "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    // The start-up line names the port.
    const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+), index )");
    for (int i = 0; i < 600 && pid_ > 0 && port_ == 0; ++i) {
      std::smatch m;
      const std::string log = this->log();
      if (std::regex_search(log, m, listening))
        port_ = std::stoi(m[1]);
      else if (!running())
        break;
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~ChildServer() {
    if (pid_ > 0 && running()) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  ChildServer(const ChildServer&) = delete;
  ChildServer& operator=(const ChildServer&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool running() {
    if (exited_) return false;
    int st = 0;
    const pid_t r = waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      status_ = st;
      return false;
    }
    return true;
  }
  // Sends sig, waits up to timeout for the exit; the exit status, or -1 if it did not exit.
  int stop(int sig, std::chrono::milliseconds timeout, double* took_ms = nullptr) {
    const auto t0 = Clock::now();
    kill(pid_, sig);
    while (running() && Clock::now() - t0 < timeout) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (took_ms) *took_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!exited_) return -1;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  }

 private:
  static inline int count_ = 0;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
  bool exited_ = false;
  int status_ = 0;
};

class EndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = make_sample_index("server-e2e");
    server_ = std::make_unique<ChildServer>(index_);
    ASSERT_GT(server_->port(), 0) << "sitrep-serve did not start:\n" << server_->log();
  }
  std::string index_;
  std::unique_ptr<ChildServer> server_;
};

TEST_F(EndToEnd, ExampleQueryReturnsTheGoldenFirstHit) {
  const int port = server_->port();
  const auto a = http_get(port, "/search?q=" + percent_encode(kExampleQuery));
  ASSERT_EQ(a.status, 200) << a.head << a.body;
  EXPECT_EQ(a.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(a.header("X-Content-Type-Options"), "nosniff");
  const json j = json::parse(a.body);
  const json g = golden_queries();
  ASSERT_FALSE(j["hits"].empty());
  EXPECT_EQ(j["hits"][0]["id"], g["queries"][0]["expected_ids"][0]);
  EXPECT_EQ(j["page"], 1);
  // HEAD: the headers without the body.
  const auto h =
      raw_http(port, "HEAD /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", /*head_request=*/true);
  EXPECT_EQ(h.status, 200);
  EXPECT_TRUE(h.body.empty());
  // The demo page and the widget files.
  const auto page = http_get(port, "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(http_get(port, "/widget.js").status, 200);
  EXPECT_EQ(http_get(port, "/widget.css").status, 200);
  EXPECT_EQ(http_get(port, "/openapi.json").status, 200);
  // The search as an Atom feed (answered by a worker, like /search).
  const auto feed = http_get(port, "/feed.atom?q=" + percent_encode(kExampleQuery));
  ASSERT_EQ(feed.status, 200) << feed.head << feed.body;
  EXPECT_EQ(feed.header("Content-Type"), "application/atom+xml; charset=utf-8");
  const auto parsed = test::parse_xml(feed.body);
  ASSERT_TRUE(parsed.root) << parsed.error;
  EXPECT_FALSE(parsed.root->all(test::kAtomNs + "entry").empty());
  // The map's places (answered by a worker), and its outlines when this build has them.
  const auto geo = http_get(port, "/geo?q=" + percent_encode(kExampleQuery));
  ASSERT_EQ(geo.status, 200) << geo.head << geo.body;
  const json places = json::parse(geo.body)["places"];
  EXPECT_FALSE(places.empty());
  EXPECT_EQ(json::parse(geo.body)["borders"][0]["country"], "lb");
  const int world = http_get(port, "/world.json").status;
  EXPECT_TRUE(world == 200 || world == 404) << world;
  // Queries are not logged without --log-queries.
  EXPECT_EQ(server_->log().find("Hezbollah"), std::string::npos) << server_->log();
}

TEST_F(EndToEnd, HostileInputGetsQuick4xxJsonAndTheServerStaysUp) {
  const int port = server_->port();
  auto get = [](const std::string& target) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  };
  std::string many_params = "/search?q=x";
  for (int i = 0; i < 100; ++i) many_params += "&a" + std::to_string(i) + "=1";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"over-long q (100 KB)", get("/search?q=" + std::string(100 * 1024, 'a'))},
      {"q over the query limit (3 KB)", get("/search?q=" + std::string(3000, 'a'))},
      {"invalid UTF-8 %FF%FE", get("/search?q=%FF%FE")},
      {"raw invalid UTF-8 bytes", get("/search?q=\xFF\xFE")},
      {"overlong UTF-8 %C0%AF", get("/search?q=%C0%AF")},
      {"page=999999999", get("/search?q=x&page=999999999")},
      {"size=100000", get("/search?q=x&size=100000")},
      {"page=-1", get("/search?page=-1")},
      {"page=abc", get("/search?page=abc")},
      {"/doc/..%2F..%2Fetc%2Fpasswd", get("/doc/..%2F..%2Fetc%2Fpasswd")},
      {"/doc/%2e%2e/", get("/doc/%2e%2e/")},
      {"/doc/../../etc/passwd", get("/doc/../../etc/passwd")},
      {"/../../etc/passwd", get("/../../etc/passwd")},
      {"unknown parameter", get("/search?q=x&debug=1")},
      {"100 parameters", get(many_params)},
      {"malformed %zz", get("/search?q=%zz")},
      {"truncated %4", get("/search?q=%4")},
      {"NUL %00", get("/search?q=a%00b")},
      {"1 MB header", "GET /search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + std::string(1 << 20, 'h') +
                          "\r\nConnection: close\r\n\r\n"},
      {"POST with a body",
       "POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
       "Content-Length: 11\r\nConnection: close\r\n\r\n{\"q\": \"x\"}\n"},
      {"POST over the body limit",
       "POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 200000\r\n"
       "Connection: close\r\n\r\n" +
           std::string(200000, 'b')},
      {"PUT", "PUT /doc/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"},
      {"DELETE", "DELETE /doc/x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
      {"unknown method", "BREW /search HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
      {"garbage request line", "GARBAGE\r\n\r\n"},
  };
  double worst = 0;
  // The issue's bound is 50 ms; a sanitizer build (scripts/sanitize.sh sets
  // SITREP_TEST_TIME_FACTOR) runs several times slower, so the bound scales with it.
  const double factor = std::max(1.0, std::atof(test::env_or("SITREP_TEST_TIME_FACTOR", "1").c_str()));
  const double bound = 50.0 * factor;
  for (const auto& [what, request] : cases) {
    // Timed from connect to the whole answer; a slow first try (a busy CI machine) gets four more.
    Answer a;
    std::vector<double> tries;
    for (int attempt = 0; attempt < 5; ++attempt) {
      a = raw_http(port, request);
      tries.push_back(a.ms);
      if (a.ms < bound) break;
    }
    const double best = *std::min_element(tries.begin(), tries.end());
    worst = std::max(worst, tries.front());
    std::printf("  %-32s %d  %6.1f ms%s\n", what.c_str(), a.status, tries.front(),
                tries.size() > 1 ? (" (retried: best " + std::to_string(best) + " ms)").c_str() : "");
    EXPECT_TRUE(a.complete) << what;
    EXPECT_GE(a.status, 400) << what << "\n" << a.head;
    EXPECT_LT(a.status, 500) << what << "\n" << a.head;
    EXPECT_LT(best, bound) << what;
    EXPECT_NE(a.header("Content-Type").find("application/json"), std::string::npos) << what << "\n" << a.head;
    const json j = json::parse(a.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << what << ": " << a.body;
    EXPECT_EQ(j["error"]["status"], a.status) << what;
    EXPECT_TRUE(j["error"]["code"].is_string()) << what;
    if (request.rfind("POST", 0) == 0 || request.rfind("PUT", 0) == 0 || request.rfind("DELETE", 0) == 0) {
      EXPECT_TRUE(a.status == 405 || a.status == 413) << what;
      if (a.status == 405) {
        EXPECT_EQ(a.header("Allow"), "GET, HEAD") << what;
      }
    }
  }
  std::printf("  slowest first answer: %.1f ms\n", worst);
  const auto health = http_get(port, "/health");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(json::parse(health.body)["documents"], 58);
  EXPECT_TRUE(server_->running());
}

TEST_F(EndToEnd, ACommitIsVisibleWithNoRestart) {
  const int port = server_->port();
  const json before = json::parse(http_get(port, "/health").body);
  EXPECT_EQ(json::parse(http_get(port, "/search?q=quokkafestival").body)["total"], 0);
  add_late_article(index_, "late-news-1", "server-commit");
  const json found = json::parse(http_get(port, "/search?q=quokkafestival").body);
  EXPECT_EQ(found["total"], 1);
  ASSERT_FALSE(found["hits"].empty());
  EXPECT_EQ(found["hits"][0]["id"], "late-news-1");
  const json after = json::parse(http_get(port, "/health").body);
  EXPECT_EQ(after["documents"], 59);
  EXPECT_GT(after["revision"].get<int>(), before["revision"].get<int>());
  EXPECT_EQ(http_get(port, "/doc/late-news-1").status, 200);
  // And a deletion.
  auto r = test::run(test::bin_dir() + "/sitrep-index --index " + test::quote(index_) + " --delete late-news-1 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(http_get(port, "/doc/late-news-1").status, 404);
}

// ---------------------------------------------------------------------------------------------
// Slow, idle and greedy clients against the real binary

double time_factor() { return std::max(1.0, std::atof(test::env_or("SITREP_TEST_TIME_FACTOR", "1").c_str())); }

// Raises this process's soft open-file limit to the hard one; the soft limit now.
std::size_t raise_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 0;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : static_cast<std::size_t>(rl.rlim_cur);
}

long rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}


// Reads what the server sends until it closes (or the 10 s receive timeout).
std::string read_until_closed(int fd) {
  std::string data;
  char buf[65536];
  for (;;) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

// One request on a keep-alive connection and its whole answer (headers, then Content-Length bytes):
// proves the server has taken the connection, which stays open. "" when it was refused or closed.
std::string keep_alive_health(int fd) {
  const std::string get = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  if (send(fd, get.data(), get.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(get.size())) return "";
  std::string data;
  char buf[4096];
  for (;;) {
    if (const auto end = data.find("\r\n\r\n"); end != std::string::npos) {
      std::size_t length = 0;
      if (const auto at = data.find("Content-Length: "); at != std::string::npos && at < end)
        length = std::stoul(data.substr(at + 16));
      if (data.size() >= end + 4 + length) return data;
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return "";
    data.append(buf, static_cast<std::size_t>(n));
  }
}

// 1,000 connections that never finish a request (or idle after one), renewed as the server drops
// them; meanwhile a normal client's searches (a new connection each) are not held up (p99 far
// below the held connections' deadlines) and the server's memory stays bounded.
void searches_beside(load::SlowClients::Kind kind, const char* what) {
  const std::size_t fds = raise_fd_limit();
  if (fds < 2200)
    GTEST_SKIP() << "needs about 2,200 open files (1,000 held connections on each side); ulimit -n allows " << fds;
  const double factor = time_factor();
  const std::string index = make_sample_index("server-slow");
  ChildServer server(index, {"--max-connections-per-client", "5000", "--request-timeout-ms", "2000",
                             "--keep-alive-timeout-ms", "3000"});
  ASSERT_GT(server.port(), 0) << server.log();
  const int port = server.port();
  const std::vector<std::string> queries = {kExampleQuery, "Wagner", "ceasefire", "border", "Hezbollah"};
  for (const auto& q : queries) ASSERT_EQ(http_get(port, "/search?q=" + percent_encode(q)).status, 200);
  const long rss_before = rss_kb(server.pid());

  load::SlowClients held(port, 1000, kind);
  const auto t0 = Clock::now();
  while (held.open() < 1000 && Clock::now() - t0 < std::chrono::seconds(20))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::size_t open_at_start = held.open();
  EXPECT_GE(open_at_start, 990u) << what << ": the server did not take the connections";

  std::vector<double> ms;
  int not_ok = 0;
  long rss_max = rss_before;
  const auto until = Clock::now() + std::chrono::seconds(10);
  std::size_t open_min = open_at_start, open_sum = 0, open_samples = 0;
  for (unsigned i = 0; Clock::now() < until; ++i) {
    // Some answers come from the result cache, some are new searches (another page size).
    const std::string target = "/search?q=" + percent_encode(queries[i % queries.size()]) +
                               "&size=" + std::to_string(1 + (i / queries.size()) % 20);
    const auto a = http_get(port, target);
    if (a.status != 200) ++not_ok;
    ms.push_back(a.ms);
    if (i % 10 == 0) {
      rss_max = std::max(rss_max, rss_kb(server.pid()));
      const std::size_t now_open = held.open();
      open_min = std::min(open_min, now_open);
      open_sum += now_open;
      ++open_samples;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::sort(ms.begin(), ms.end());
  const double p50 = ms[ms.size() / 2];
  const double p99 = ms[std::min(ms.size() - 1, static_cast<std::size_t>(0.99 * static_cast<double>(ms.size())))];
  const double open_mean = open_samples ? static_cast<double>(open_sum) / static_cast<double>(open_samples) : 0;
  std::printf("  %s: %zu searches beside %zu held connections (mean %.0f, min %zu; %llu opened, %llu dropped by the "
              "server): p50 %.1f ms, p99 %.1f ms, max %.1f ms; server RSS %.1f MB before, max %.1f MB\n",
              what, ms.size(), open_at_start, open_mean, open_min, static_cast<unsigned long long>(held.opened()),
              static_cast<unsigned long long>(held.dropped()), p50, p99, ms.back(), rss_before / 1024.0,
              rss_max / 1024.0);
  EXPECT_EQ(not_ok, 0) << what;
  EXPECT_GT(ms.size(), 100u) << what;
  // A server that let held connections block searches would answer at their deadlines (2 to 3 s
  // here); unloaded, p99 is 10 to 40 ms. The bound sits between the two with room for a busy
  // 2-core machine (a run beside the rest of the suite measured up to 160 ms).
  EXPECT_LE(p99, 500.0 * factor) << what;
  // The connections were really held (and, past the server's deadline, dropped and renewed: all
  // at about the same moment, hence a dip now and then).
  EXPECT_GE(open_mean, 900.0) << what;
  EXPECT_GT(held.dropped(), 500u) << what << ": the server should drop them at its deadline";
  // A connection costs a few KB: 1,000 of them stay well within 100 MB (more with sanitizers).
  EXPECT_LT(rss_max - rss_before, static_cast<long>(100 * 1024 * (factor > 1 ? 4 : 1))) << what;
  EXPECT_TRUE(server.running());
}

TEST(SlowClients, HalfRequestsDoNotSlowSearches) {
  searches_beside(load::SlowClients::Kind::kHalfRequest, "1,000 half requests");
}

TEST(SlowClients, IdleKeepAliveConnectionsDoNotSlowSearches) {
  searches_beside(load::SlowClients::Kind::kIdleKeepAlive, "1,000 idle keep-alive connections");
}

// The deadline is for the whole request, not for each read: a client sending a byte every
// 100 ms is closed at the deadline although it is never silent for long.
TEST(SlowClients, TheRequestDeadlineCoversTheWholeRequest) {
  const std::string index = make_sample_index("server-deadline");
  ChildServer server(index, {"--request-timeout-ms", "800", "--keep-alive-timeout-ms", "600"});
  ASSERT_GT(server.port(), 0) << server.log();
  const int fd = connect_from(server.port());
  ASSERT_GE(fd, 0);
  const std::string request = "GET /search?q=Wagner HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(200, 'x');
  const auto t0 = Clock::now();
  bool closed = false;
  for (char c : request) {
    if (send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
      closed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (Clock::now() - t0 > std::chrono::seconds(10)) break;
  }
  const double took = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  close(fd);
  EXPECT_TRUE(closed) << "still open after " << took << " ms";
  EXPECT_LT(took, 800 + 1500 * time_factor());
  EXPECT_GT(took, 700);
  // Keep-alive: an idle connection is closed after --keep-alive-timeout-ms.
  const int idle = connect_from(server.port());
  ASSERT_GE(idle, 0);
  const std::string get = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(send(idle, get.data(), get.size(), MSG_NOSIGNAL), static_cast<ssize_t>(get.size()));
  const auto t1 = Clock::now();
  const std::string answer = read_until_closed(idle);
  const double idle_ms = std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
  close(idle);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_GT(idle_ms, 500);
  EXPECT_LT(idle_ms, 600 + 1500 * time_factor());
  EXPECT_TRUE(server.running());
}

// Over the cap of connections from one address (or in all): 503 with Retry-After and the JSON
// error body, then the connection is closed; other addresses are still served.
//
// The server learns that a client closed a connection only when it next reads from it, a moment
// after the client's close() returns: a connection opened at once after closing another may still
// find the old one counted. So every check against a cap is made while the connections it counts
// are all held open (each answered once: the server has taken it), and nothing is closed until
// those checks are done; after a close, the test waits for the slot's release (a new connection
// served), which is what it then checks. No step depends on how fast the server notices a close.
TEST(SlowClients, ConnectionCapsAnswer503WithRetryAfter) {
  const std::string index = make_sample_index("server-caps");
  // Held connections stay open however slow the machine: no idle timeout within the test.
  ChildServer server(index, {"--max-connections-per-client", "4", "--max-connections", "6",
                             "--keep-alive-timeout-ms", "600000"});
  ASSERT_GT(server.port(), 0) << server.log();
  const int port = server.port();
  std::vector<int> held;
  // Each answered once: the server has taken it (it counts connections when it accepts them).
  auto take = [&](const char* from, const std::string& what) {
    const int fd = connect_from(port, from);
    if (fd >= 0) held.push_back(fd);
    return fd >= 0 && keep_alive_health(fd).rfind("HTTP/1.1 200", 0) == 0 ? ::testing::AssertionSuccess()
                                                                           : ::testing::AssertionFailure() << what;
  };
  auto check_503 = [](const std::string& data, const std::string& what) {
    EXPECT_EQ(data.rfind("HTTP/1.1 503", 0), 0u) << what << ": " << data;
    EXPECT_NE(data.find("Retry-After: 1\r\n"), std::string::npos) << what << ": " << data;
    const auto body = data.find("\r\n\r\n");
    ASSERT_NE(body, std::string::npos) << what;
    const json j = json::parse(data.substr(body + 4), nullptr, false);
    ASSERT_TRUE(j.is_object()) << what << ": " << data;
    EXPECT_EQ(j["error"]["status"], 503) << what;
    EXPECT_EQ(j["error"]["code"], "overloaded") << what;
  };
  // A connection over a cap: the 503 comes at once, without a request, and then the close.
  auto refused = [&](const char* from, const std::string& what) {
    const int fd = connect_from(port, from);
    ASSERT_GE(fd, 0) << what;
    check_503(read_until_closed(fd), what);
    close(fd);
  };
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(take(nullptr, "connection " + std::to_string(i + 1) + " from 127.0.0.1"));
  // The fifth from one address (a request sent as a client would: the answer is the same).
  const auto fifth = http_get(port, "/health");
  check_503(fifth.head + "\r\n\r\n" + fifth.body, "fifth from 127.0.0.1");
  refused(nullptr, "fifth from 127.0.0.1, no request");
  // Another address is served beside the four of the first (at once: nothing was closed) ...
  {
    const int probe = connect_from(port, "127.0.0.2");
    if (probe < 0) GTEST_SKIP() << "cannot bind 127.0.0.2 on this machine";
    held.push_back(probe);
    ASSERT_EQ(keep_alive_health(probe).rfind("HTTP/1.1 200", 0), 0u) << "a second address was not served";
  }
  // ... and a third, until the total is reached: the seventh in all is refused whatever its address.
  ASSERT_TRUE(take("127.0.0.3", "the sixth in all, from 127.0.0.3"));
  refused("127.0.0.4", "seventh in all, from a new address");
  refused("127.0.0.3", "seventh in all, from an address under its own cap");
  refused(nullptr, "from 127.0.0.1, over both caps");

  // A closed connection's slot is released once the server has seen the close: wait for that
  // (a new connection served; until then each try is refused with the same 503) ...
  auto served_once_released = [&](const char* from, const std::string& what) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<long>(10000 * time_factor()));
    for (;;) {
      const int fd = connect_from(port, from);
      if (fd < 0) return ::testing::AssertionFailure() << what << ": cannot connect";
      const std::string got = keep_alive_health(fd);
      if (got.rfind("HTTP/1.1 200", 0) == 0) {
        held.push_back(fd);
        return ::testing::AssertionSuccess();
      }
      close(fd);
      if (got.rfind("HTTP/1.1 503", 0) != 0) return ::testing::AssertionFailure() << what << ": answered " << got;
      if (Clock::now() > deadline) return ::testing::AssertionFailure() << what << ": the slot was not released";
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  close(held[4]);  // 127.0.0.2's
  held.erase(held.begin() + 4);
  ASSERT_TRUE(served_once_released("127.0.0.4", "after one close, the total"));
  // ... and only that one: the total holds again.
  refused("127.0.0.5", "seventh in all after a slot was reused");
  // A closed connection from the capped address frees a place for that address (and only one).
  close(held[0]);
  held.erase(held.begin());
  ASSERT_TRUE(served_once_released(nullptr, "after one close, 127.0.0.1's own cap"));
  refused(nullptr, "fifth from 127.0.0.1 again, over both caps");
  for (int fd : held) close(fd);
  held.clear();
  // Once all are closed, connections are taken again.
  ASSERT_TRUE(served_once_released(nullptr, "after every connection closed"));
  for (int fd : held) close(fd);
  EXPECT_TRUE(server.running());
}

TEST(Process, SigtermStopsPromptlyWithStatusZero) {
  const std::string index = make_sample_index("server-sigterm");
  ChildServer server(index, {"--log-queries"});
  ASSERT_GT(server.port(), 0) << server.log();
  EXPECT_EQ(http_get(server.port(), "/search?q=Wagner").status, 200);
  // One idle keep-alive connection open while the signal comes.
  const int fd = connect_from(server.port());
  ASSERT_GE(fd, 0);
  double took = 0;
  const int status = server.stop(SIGTERM, std::chrono::seconds(10), &took);
  close(fd);
  EXPECT_EQ(status, 0) << server.log();
  EXPECT_LT(took, 5000) << "SIGTERM took " << took << " ms";
  std::printf("  SIGTERM to exit: %.0f ms\n", took);
  const std::string log = server.log();
  EXPECT_NE(log.find("shutting down"), std::string::npos) << log;
  EXPECT_NE(log.find("sitrep-serve: stopped"), std::string::npos) << log;
  // --log-queries: one line per request with time, status, ms, path and query.
  EXPECT_TRUE(
      std::regex_search(log, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 200 [0-9.]+ms GET /search\?q=Wagner)")))
      << log;
}

TEST(Process, UsageErrors) {
  auto r = test::run(test::bin_dir() + "/sitrep-serve --help");
  EXPECT_EQ(r.status, 0);
  for (const char* opt :
       {"--index", "--port", "--bind", "--threads", "--max-concurrent", "--max-query-bytes", "--max-page-size",
        "--max-page", "--cors-origin", "--log-queries", "--web-dir", "--parallel-searches"})
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
  r = test::run(test::bin_dir() + "/sitrep-serve --index /nonexistent/sitrep 2>&1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--port"), std::string::npos) << r.out;
  r = test::run(test::bin_dir() + "/sitrep-serve --index /nonexistent/sitrep --port 0 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("no index here"), std::string::npos) << r.out;
  r = test::run(test::bin_dir() + "/sitrep-serve --port 0 --bogus 2>&1");
  EXPECT_EQ(r.status, 2);
  r = test::run(test::bin_dir() + "/sitrep-serve --version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("sitrep-serve (sitrep) ", 0), 0u) << r.out;
}

// --config FILE (the service's /etc/sitrep/serve.conf): its options apply, the command line wins,
// and a bad file is a usage error naming the file and line.
TEST(Process, ConfigFile) {
  const std::string index = make_sample_index("server-config");
  const auto dir = test::scratch("server-config-file");
  const std::string conf = (dir / "serve.conf").string();
  std::ofstream(conf) << "# as the package ships it, with a port the command line overrides\n"
                         "index = /nonexistent/overridden\n"
                         "port = 1\n"
                         "log-queries = true\n"
                         "max-page-size = 7\n";
  ChildServer server(index, {"--config", conf});  // --index and --port 0 on the command line
  ASSERT_GT(server.port(), 0) << server.log();
  const Answer a = http_get(server.port(), "/search?q=Wagner&size=8");
  EXPECT_EQ(a.status, 400) << a.body;  // over the file's max-page-size
  EXPECT_EQ(http_get(server.port(), "/search?q=Wagner&size=7").status, 200);
  EXPECT_EQ(server.stop(SIGTERM, std::chrono::seconds(10)), 0) << server.log();
  EXPECT_NE(server.log().find("GET /search?q=Wagner"), std::string::npos) << server.log();  // log-queries

  const std::string bad = (dir / "bad.conf").string();
  std::ofstream(bad) << "port = 0\nprot = 8080\n";
  auto r = test::run(test::bin_dir() + "/sitrep-serve --index " + test::quote(index) + " --config " +
                     test::quote(bad) + " 2>&1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("sitrep-serve: " + bad + ":2: unknown option 'prot'"), std::string::npos) << r.out;
  r = test::run(test::bin_dir() + "/sitrep-serve --config /nonexistent/serve.conf 2>&1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("/nonexistent/serve.conf: cannot read the configuration file"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sitrep::server
