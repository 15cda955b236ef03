// Parallel indexing, shards, compaction and updates on a live index.
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "sitrep/indexer.h"
#include "sitrep/schema.h"
#include "sitrep/searcher.h"
#include "sitrep/sources.h"
#include "test_util.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Every document of an index (single, sharded or a stub) by id: its terms with wdf and
// positions, its values and its data.
std::map<std::string, std::string> dump(const std::string& index) {
  std::map<std::string, std::string> out;
  Xapian::Database db(index);
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const Xapian::Document doc = db.get_document(*p);
    std::string id, s;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.rfind(schema::kId, 0) == 0) id = term.substr(1);
      s.append(term).append(" wdf ").append(std::to_string(t.get_wdf())).append(" at");
      for (auto pos = t.positionlist_begin(); pos != t.positionlist_end(); ++pos)
        s.append(" ").append(std::to_string(*pos));
      s.push_back('\n');
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
      s.append("value ").append(std::to_string(v.get_valueno())).append(" ").append(*v).push_back('\n');
    s += doc.get_data();
    EXPECT_TRUE(out.emplace(id, s).second) << "id twice: " << id;
  }
  return out;
}

struct Run {
  int status;
  std::string out;
};
Run index_cmd(const std::string& args) {
  auto r = test::run(test::bin_dir() + "/sitrep-index " + args + " 2>&1");
  return {r.status, r.out};
}

// ~300 articles: the sample corpus seven times over under other ids and dates, one replacement
// (the same id again, later in the file) and one bad record.
class IndexerParallel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // ctest runs each test in a process of its own, in parallel: a folder per process.
    dir_ = new fs::path(test::scratch("indexer-parallel-" + std::to_string(::getpid())));
    std::vector<Article> sample;
    ReadCallbacks cb;
    cb.on_article = [&](Article&& a) { sample.push_back(std::move(a)); };
    cb.on_error = [](const SourceError& e) { ADD_FAILURE() << e.to_string(); };
    read_path(test::source_dir() + "/corpora/sample", cb);
    ASSERT_GE(sample.size(), 40u);
    std::ofstream out(*dir_ / "corpus.jsonl");
    auto line = [&](const Article& a, const std::string& id, int shift, const std::string& extra) {
      json j = {{"id", id},       {"date", a.date.add_days(shift).iso()}, {"title", a.title},
                {"text", a.text + extra}, {"source", a.source},      {"url", a.url}, {"lang", a.lang}};
      out << j.dump() << "\n";
    };
    for (int copy = 0; copy < 7; ++copy)
      for (const auto& a : sample) {
        line(a, a.id + "-" + std::to_string(copy), copy * 3, "");
        ++articles_;
      }
    out << "{\"id\": \"broken\", \"text\": \"no date\"}\n";
    line(sample[3], sample[3].id + "-2", 1, " Updated later the same day.");  // replaces an earlier line
    out.close();
    corpus_ = (*dir_ / "corpus.jsonl").string();
    single_ = (*dir_ / "single").string();
    const auto r = index_cmd("--threads 1 --batch 7 --index " + test::quote(single_) + " " + test::quote(corpus_));
    ASSERT_EQ(r.status, 1) << r.out;  // one rejected
    ASSERT_NE(r.out.find(std::to_string(articles_ + 1) + " indexed (" + std::to_string(articles_) +
                         " new, 1 replaced), 1 rejected, 0 deleted"),
              std::string::npos)
        << r.out;
    ASSERT_NE(r.out.find("corpus.jsonl:" + std::to_string(articles_ + 1) + ": missing field 'date'"), std::string::npos)
        << r.out;
    ASSERT_NE(r.out.find("1 thread, 1 shard"), std::string::npos) << r.out;
    sharded_ = (*dir_ / "sharded").string();
    const auto s = index_cmd("--threads 2 --shards 3 --batch 5 --index " + test::quote(sharded_) + " " +
                             test::quote(corpus_));
    ASSERT_EQ(s.status, 1) << s.out;
    ASSERT_NE(s.out.find(" indexed (" + std::to_string(articles_) + " new, 1 replaced), 1 rejected"), std::string::npos)
        << s.out;
    ASSERT_NE(s.out.find("2 threads, 3 shards"), std::string::npos) << s.out;
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }

  static fs::path* dir_;
  static std::string corpus_, single_, sharded_;
  static std::size_t articles_;
};
fs::path* IndexerParallel::dir_ = nullptr;
std::string IndexerParallel::corpus_, IndexerParallel::single_, IndexerParallel::sharded_;
std::size_t IndexerParallel::articles_ = 0;

TEST_F(IndexerParallel, SameIndexForAnyNumberOfThreads) {
  const auto one = dump(single_);
  EXPECT_EQ(one.size(), articles_);
  for (const char* threads : {"0", "4"}) {
    const std::string index = (*dir_ / ("threads-" + std::string(threads))).string();
    const auto r = index_cmd(std::string("--threads ") + threads + " --batch 7 --index " + test::quote(index) + " " +
                             test::quote(corpus_));
    ASSERT_EQ(r.status, 1) << r.out;
    const auto other = dump(index);
    ASSERT_EQ(other.size(), one.size()) << threads;
    for (const auto& [id, content] : one) {
      auto it = other.find(id);
      ASSERT_NE(it, other.end()) << id;
      EXPECT_EQ(it->second, content) << "threads " << threads << ", id " << id;
    }
  }
  // The replacement won: the later line's text.
  EXPECT_NE(one.begin()->second.find("\"id\""), std::string::npos);
  bool updated = false;
  for (const auto& [id, content] : one) updated |= content.find("Updated later the same day.") != std::string::npos;
  EXPECT_TRUE(updated);
}

TEST_F(IndexerParallel, ShardsHoldTheSameDocumentsPlacedById) {
  ASSERT_TRUE(fs::exists(fs::path(sharded_) / "XAPIANDB"));
  ASSERT_TRUE(fs::exists(fs::path(sharded_) / "index.stub"));
  std::ifstream stub(fs::path(sharded_) / "index.stub");
  std::string text((std::istreambuf_iterator<char>(stub)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("auto shard-00\nauto shard-01\nauto shard-02\n"), std::string::npos) << text;
  std::size_t total = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    const std::string shard = (fs::path(sharded_) / ("shard-0" + std::to_string(k))).string();
    Xapian::Database db(shard);
    EXPECT_EQ(db.get_metadata(schema::kVersionKey), std::to_string(schema::kVersion));
    EXPECT_EQ(db.get_metadata(schema::kShardKey), std::to_string(k) + "/3");
    EXPECT_GT(db.get_doccount(), 0u);
    total += db.get_doccount();
    for (const auto& [id, content] : dump(shard)) EXPECT_EQ(Indexer::shard_of(id, 3), k) << id;
  }
  EXPECT_EQ(total, articles_);
  // As one database, by the directory or by the stub file: the same documents as one index.
  EXPECT_EQ(dump(sharded_), dump(single_));
  EXPECT_EQ(dump((fs::path(sharded_) / "index.stub").string()), dump(single_));
}

// Hits as (score, id), exact ties sorted by id (their order follows docids, which differ).
std::vector<std::pair<double, std::string>> ranked(const SearchResult& r) {
  std::vector<std::pair<double, std::string>> out;
  for (const auto& h : r.hits) out.emplace_back(std::round(h.score * 1e6) / 1e6, h.id);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  return out;
}
std::map<std::string, std::uint64_t> facet_counts(const SearchResult& r) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& f : r.facets)
    for (const auto& v : f.values) out[f.name + ":" + v.id] = v.count;
  return out;
}

TEST_F(IndexerParallel, SearchingTheShardsEqualsSearchingOneIndex) {
  auto one = Searcher::open(single_);
  ASSERT_TRUE(one) << one.status().to_string();
  for (const std::string& path : {sharded_, (fs::path(sharded_) / "index.stub").string()}) {
    auto many = Searcher::open(path);
    ASSERT_TRUE(many) << many.status().to_string();
    EXPECT_EQ(many->document_count(), one->document_count());
    // Concept words (deployments, strikes) read the concepts' own terms, whose frequencies add up
    // over shards as any term's (read as a synonym of their words, Xapian 1.4 estimated the group's
    // frequency shard by shard, and scores differed slightly: only sets could be compared).
    for (const auto& [q, exact] : std::vector<std::pair<const char*, bool>>{
             {"Hezbollah deployments near Lebanese border after 2024-11-27", true},
             {"drone strikes", true},
             {"ceasefire talks", true},
             {"Kharkiv", true},
             {"place:Syria", true},
             {"actor:Hezbollah", true},
             {"refugees after:2023-01-01", true},
             {"hostages -Gaza", true}}) {
      SCOPED_TRACE(path + " | " + q);
      SearchOptions o;
      o.limit = 20;
      o.now = Date{2025, 6, 30};
      // The corpus repeats each text seven times: which copy stands for the others is a tie that
      // docids (different in shards) decide, so the copies are compared uncollapsed.
      o.collapse_duplicates = false;
      auto a = one->search(q, o), b = many->search(q, o);
      ASSERT_TRUE(a) << a.status().to_string();
      ASSERT_TRUE(b) << b.status().to_string();
      EXPECT_EQ(a->total, b->total);
      EXPECT_EQ(facet_counts(*a), facet_counts(*b));
      auto ra = ranked(*a), rb = ranked(*b);
      ASSERT_EQ(ra.size(), rb.size());
      if (!exact) continue;
      // Top 20 (ties at the cut may differ: compare the hits above the last score).
      if (!ra.empty()) {
        const double last = ra.back().first;
        std::erase_if(ra, [&](const auto& h) { return h.first == last; });
        std::erase_if(rb, [&](const auto& h) { return h.first == last; });
      }
      EXPECT_EQ(ra, rb);
    }
  }
}

TEST_F(IndexerParallel, CompactMergesShardsKeepingTheMetadata) {
  const std::string merged = (*dir_ / "merged").string();
  fs::remove_all(merged);
  auto r = index_cmd("--compact " + test::quote(sharded_) + " --out " + test::quote(merged));
  ASSERT_EQ(r.status, 0) << r.out;
  Xapian::Database m(merged), s(single_);
  for (const char* key : {schema::kVersionKey, schema::kAnalyzerKey, schema::kGazetteerKey}) {
    EXPECT_FALSE(m.get_metadata(key).empty()) << key;
    EXPECT_EQ(m.get_metadata(key), s.get_metadata(key)) << key;
  }
  EXPECT_EQ(m.get_metadata(schema::kShardKey), "");
  EXPECT_EQ(dump(merged), dump(single_));
  EXPECT_TRUE(Searcher::open(merged));
  // Not over an existing directory; not two indexes holding the same ids.
  r = index_cmd("--compact " + test::quote(sharded_) + " --out " + test::quote(merged));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("already exists"), std::string::npos) << r.out;
  r = index_cmd("--compact " + test::quote(sharded_) + " " + test::quote(single_) + " --out " +
                test::quote((*dir_ / "twice").string()));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("in more than one source"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(*dir_ / "twice"));
}

TEST_F(IndexerParallel, SearchOnlyCompactionSearchesTheSameAndRefusesUpdates) {
  const std::string full = (*dir_ / "full").string(), lean = (*dir_ / "search-only").string();
  fs::remove_all(full);
  fs::remove_all(lean);
  ASSERT_EQ(index_cmd("--compact " + test::quote(sharded_) + " --out " + test::quote(full)).status, 0);
  auto r = index_cmd("--compact --search-only " + test::quote(sharded_) + " --out " + test::quote(lean));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_FALSE(fs::exists(fs::path(lean) / "termlist.glass"));
  auto a = Searcher::open(full), b = Searcher::open(lean);
  ASSERT_TRUE(a) << a.status().to_string();
  ASSERT_TRUE(b) << b.status().to_string();
  for (const char* q : {"Hezbollah deployments near Lebanese border after 2024-11-27", "\"Rafah crossing\"",
                        "Wagner NEAR/5 convoy", "actor:Hezbollah", "Kharkiv", "refugees after:2023-01-01"}) {
    SCOPED_TRACE(q);
    SearchOptions o;
    o.limit = 20;
    o.now = Date{2025, 6, 30};
    auto x = a->search(q, o), y = b->search(q, o);
    ASSERT_TRUE(x) << x.status().to_string();
    ASSERT_TRUE(y) << y.status().to_string();
    EXPECT_EQ(x->total, y->total);
    EXPECT_EQ(facet_counts(*x), facet_counts(*y));
    EXPECT_EQ(ranked(*x), ranked(*y));
    ASSERT_EQ(x->hits.size(), y->hits.size());
    for (std::size_t i = 0; i < x->hits.size(); ++i) {
      EXPECT_EQ(x->hits[i].snippet, y->hits[i].snippet);
      auto flat = [](const Hit& h) {
        std::string f;
        for (const auto& [kind, refs] : h.facets)
          for (const auto& e : refs) f.append(kind).append(":").append(e.id).append("=").append(e.name).append(";");
        return f;
      };
      EXPECT_EQ(flat(x->hits[i]), flat(y->hits[i]));
    }
  }
  auto doc = b->document(a->search("Kharkiv", {})->hits.at(0).id);
  ASSERT_TRUE(doc) << doc.status().to_string();
  EXPECT_FALSE(doc->text.empty());
  // Xapian cannot replace or delete a document without its termlist: the index is not written to.
  r = index_cmd("--index " + test::quote(lean) + " " + test::quote(corpus_));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("search-only index"), std::string::npos) << r.out;
  r = index_cmd("--search-only --index " + test::quote(lean) + " " + test::quote(corpus_));
  EXPECT_EQ(r.status, 2) << r.out;
}

TEST_F(IndexerParallel, ShardCountIsKept) {
  auto r = index_cmd("--shards 2 --index " + test::quote(sharded_) + " " + test::quote(corpus_));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("has 3 shard(s), not 2"), std::string::npos) << r.out;
  r = index_cmd("--shards 2 --index " + test::quote(single_) + " " + test::quote(corpus_));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("an index of one database"), std::string::npos) << r.out;
}

Article article(std::string id, std::string title, std::string text) {
  Article a;
  a.id = std::move(id);
  a.date = Date{2024, 12, 9};
  a.title = std::move(title);
  a.text = std::move(text);
  a.source = "Test Wire";
  a.lang = "en";
  a.origin = a.id;
  return a;
}

// Add, replace and delete while a Searcher is open: nothing shows before the commit, all after.
void live_updates(const std::string& index, std::size_t shards) {
  {
    IndexerOptions o;
    o.shards = shards;
    auto ix = Indexer::open(index, o);
    ASSERT_TRUE(ix) << ix.status().to_string();
    ASSERT_TRUE(ix->add(article("a", "Convoy near Hermel", "Fighters moved a convoy toward Hermel.")));
    ASSERT_TRUE(ix->add(article("b", "Shelling in Kharkiv", "Artillery shelled Kharkiv overnight.")));
    ASSERT_TRUE(ix->commit());
  }
  auto s = Searcher::open(index);
  ASSERT_TRUE(s) << s.status().to_string();
  EXPECT_EQ(s->search("Kharkiv")->total, 1u);
  IndexerOptions o;
  o.threads = 2;
  auto ix = Indexer::open(index, o);
  ASSERT_TRUE(ix) << ix.status().to_string();
  EXPECT_EQ(ix->shard_count(), shards == 0 ? 1u : shards);
  std::vector<ChangeResult> results;
  ix->set_result_handler([&](const ChangeResult& r) { results.push_back(r); });
  ASSERT_TRUE(ix->submit(article("c", "Drones over Odesa", "Drones struck Odesa port.")));
  ASSERT_TRUE(ix->submit(article("a", "Convoy reached Hermel", "The convoy reached Hermel and Qusayr.")));
  ASSERT_TRUE(ix->submit_remove("b"));
  ASSERT_TRUE(ix->submit_remove("nope"));
  EXPECT_EQ(ix->document_count(), 2u);  // written, not committed
  EXPECT_EQ(s->search("Odesa")->total, 0u);
  EXPECT_EQ(s->search("Kharkiv")->total, 1u);
  EXPECT_EQ(s->search("Qusayr")->total, 0u);
  ASSERT_TRUE(ix->commit());
  EXPECT_EQ(s->search("Odesa")->total, 1u);
  EXPECT_EQ(s->search("Kharkiv")->total, 0u);
  auto q = s->search("Qusayr");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->hits.size(), 1u);
  EXPECT_EQ(q->hits[0].id, "a");
  EXPECT_EQ(q->hits[0].title, "Convoy reached Hermel");
  EXPECT_EQ(s->document_count(), 2u);
  ASSERT_EQ(results.size(), 4u);
  std::sort(results.begin(), results.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
  EXPECT_EQ(results[0].kind, ChangeResult::Kind::kReplaced);
  EXPECT_EQ(results[1].kind, ChangeResult::Kind::kDeleted);
  EXPECT_TRUE(results[1].status);
  EXPECT_EQ(results[2].kind, ChangeResult::Kind::kAdded);
  EXPECT_EQ(results[3].status.code(), ErrorCode::kNotFound);
  const auto st = ix->stats();
  EXPECT_EQ(st.added, 1u);
  EXPECT_EQ(st.replaced, 1u);
  EXPECT_EQ(st.deleted, 1u);
}

TEST(IndexerLive, UpdatesOnALiveIndex) { live_updates((test::scratch("live-single") / "index").string(), 0); }

TEST(IndexerLive, UpdatesOnALiveShardedIndexGoToTheirShard) {
  const fs::path dir = test::scratch("live-sharded") / "index";
  live_updates(dir.string(), 4);
  for (std::size_t k = 0; k < 4; ++k) {
    Xapian::Database shard((dir / ("shard-0" + std::to_string(k))).string());
    for (const char* id : {"a", "b", "c"})
      EXPECT_EQ(shard.term_exists(std::string("Q") + id), Indexer::shard_of(id, 4) == k && std::string(id) != "b")
          << id << " in shard " << k;
  }
  // The binary finds the shard of an id too, through the directory or the stub file.
  auto s = Searcher::open(dir.string());
  ASSERT_TRUE(s);
  auto r = index_cmd("--index " + test::quote((dir / "index.stub").string()) + " --delete c");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("0 indexed (0 new, 0 replaced), 0 rejected, 1 deleted"), std::string::npos) << r.out;
  EXPECT_EQ(s->search("Odesa")->total, 0u);
  r = index_cmd("--index " + test::quote(dir.string()) + " --delete c");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("no article with id 'c'"), std::string::npos) << r.out;
}

// The checkpoint API: a run that stops without finish() leaves per-shard checkpoints that the same
// run key resumes from (articles and deletions alike); finish(), another key, --restart and a
// write without a key each end it.
void checkpoint_api(const std::string& index, std::size_t shards) {
  auto metadata = [&] {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < std::max<std::size_t>(shards, 1); ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "shard-%02zu", i);
      out.push_back(Xapian::Database(shards > 1 ? (fs::path(index) / name).string() : index)
                        .get_metadata(schema::kCheckpointKey));
    }
    return out;
  };
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back("cp-" + std::to_string(i));
  {
    IndexerOptions o;
    o.shards = shards;
    o.threads = 2;
    o.run_key = "run-a";
    auto ix = Indexer::open(index, o);
    ASSERT_TRUE(ix) << ix.status().to_string();
    EXPECT_FALSE(ix->checkpoint().resuming);
    for (std::size_t i = 0; i < 8; ++i)
      ASSERT_TRUE(ix->submit(article(ids[i], "Report", "Shelling near Kharkiv."), i + 1));
    ASSERT_TRUE(ix->submit_remove(ids[2], 9));
    ASSERT_TRUE(ix->commit());
    // Stops here without finish(), as if killed after this commit.
  }
  for (const auto& m : metadata()) EXPECT_EQ(m.rfind("run-a ", 0), 0u) << m;
  {
    IndexerOptions o;
    o.shards = shards;
    o.run_key = "run-a";
    auto ix = Indexer::open(index, o);
    ASSERT_TRUE(ix);
    const Checkpoint& cp = ix->checkpoint();
    EXPECT_TRUE(cp.resuming);
    EXPECT_FALSE(cp.other_run);
    ASSERT_EQ(cp.shards.size(), std::max<std::size_t>(shards, 1));
    for (std::size_t i = 0; i < 8; ++i) EXPECT_TRUE(ix->committed(ids[i], i + 1)) << ids[i];
    EXPECT_TRUE(ix->committed(ids[2], 9));  // the deletion: not redone (it would report 'no article')
    EXPECT_FALSE(ix->committed(ids[8], 10));
    EXPECT_LE(cp.min(), 9u);
    for (std::size_t i = 8; i < 12; ++i)
      ASSERT_TRUE(ix->submit(article(ids[i], "Report", "Drones over Odesa."), i + 2));
    ASSERT_TRUE(ix->finish());
    EXPECT_EQ(ix->document_count(), 11u);
  }
  for (const auto& m : metadata()) EXPECT_EQ(m, "run-a done");
  {
    IndexerOptions o;
    o.run_key = "run-a";
    auto ix = Indexer::open(index, o);
    ASSERT_TRUE(ix);
    EXPECT_FALSE(ix->checkpoint().resuming) << "a finished run starts again from the beginning";
    ASSERT_TRUE(ix->submit(article("cp-x", "Report", "Patrols near Gao."), 1));
    ASSERT_TRUE(ix->commit());
  }
  {
    IndexerOptions o;
    o.run_key = "run-b";
    auto ix = Indexer::open(index, o);
    ASSERT_TRUE(ix);
    EXPECT_FALSE(ix->checkpoint().resuming);
    EXPECT_TRUE(ix->checkpoint().other_run);
  }
  {
    IndexerOptions o;
    o.run_key = "run-a";
    o.restart = true;
    auto ix = Indexer::open(index, o);
    ASSERT_TRUE(ix);
    EXPECT_FALSE(ix->checkpoint().resuming);
  }
  {
    auto ix = Indexer::open(index);  // no run: its first commit clears the checkpoint it changes
    ASSERT_TRUE(ix);
    ASSERT_TRUE(ix->add(article("cp-y", "Report", "Patrols near Gao.")));
  }
  const auto after = metadata();
  EXPECT_EQ(std::count(after.begin(), after.end(), ""), 1) << "only the shard written to";
}

TEST(IndexerCheckpoint, ResumesPerShardAndEndsWithTheRun) {
  checkpoint_api((test::scratch("checkpoint-single") / "index").string(), 0);
}

TEST(IndexerCheckpoint, ResumesPerShardAndEndsWithTheRunSharded) {
  checkpoint_api((test::scratch("checkpoint-sharded") / "index").string(), 3);
}

// Schema 5 stores a document's text after its JSON header; an index of version 4 (the text inside
// the JSON) is still searched, and the indexer upgrades it in place: documents of both forms
// then live side by side.
TEST(IndexerSchema, AVersion4IndexIsReadAndUpgradedInPlace) {
  const std::string index = (test::scratch("schema-4") / "index").string();
  const std::string old_text = "Fighters moved a convoy toward Hermel.\nA second paragraph \"quoted\".";
  {
    auto ix = Indexer::open(index);
    ASSERT_TRUE(ix) << ix.status().to_string();
    ASSERT_TRUE(ix->add(article("old", "Convoy near Hermel", old_text)));
    ASSERT_TRUE(ix->commit());
  }
  {
    // What sitrep 4 wrote: one JSON object holding the text, and the version 4.
    Xapian::WritableDatabase db(index, Xapian::DB_OPEN);
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      Xapian::Document doc = db.get_document(*p);
      const std::string data = doc.get_data();
      const auto parts = schema::split_data(data);
      ASSERT_TRUE(parts.text_apart);
      EXPECT_EQ(parts.text, old_text);
      json j = json::parse(parts.header);
      EXPECT_FALSE(j.contains("text"));
      j["text"] = std::string(parts.text);
      doc.set_data(j.dump());
      EXPECT_EQ(doc.get_data().find('\n'), std::string::npos);
      db.replace_document(*p, doc);
    }
    db.set_metadata(schema::kVersionKey, "4");
    db.commit();
  }
  auto s = Searcher::open(index);
  ASSERT_TRUE(s) << s.status().to_string();
  auto r = s->search("convoy");
  ASSERT_TRUE(r) << r.status().to_string();
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].title, "Convoy near Hermel");
  EXPECT_NE(r->hits[0].snippet.find("<mark>convoy</mark>"), std::string::npos) << r->hits[0].snippet;
  EXPECT_EQ(s->document("old")->text, old_text);
  {
    auto ix = Indexer::open(index);
    ASSERT_TRUE(ix) << ix.status().to_string();
    ASSERT_TRUE(ix->add(article("new", "Convoy in Qusayr", "A second convoy reached Qusayr.")));
    ASSERT_TRUE(ix->commit());
  }
  EXPECT_EQ(Xapian::Database(index).get_metadata(schema::kVersionKey), std::to_string(schema::kVersion));
  r = s->search("convoy");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r->total, 2u);
  EXPECT_EQ(s->document("old")->text, old_text);
  EXPECT_EQ(s->document("new")->text, "A second convoy reached Qusayr.");
  // A version this sitrep does not read is refused with its number.
  {
    Xapian::WritableDatabase db(index, Xapian::DB_OPEN);
    db.set_metadata(schema::kVersionKey, "3");
    db.commit();
  }
  auto refused = Searcher::open(index);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.status().message().find("index schema version 3 is not supported"), std::string::npos)
      << refused.status().message();
  EXPECT_FALSE(Indexer::open(index));
}

// The commit batch grows with the shard (one commit per 1% of its articles) between --batch and
// its maximum; a batch given alone is fixed.
TEST(IndexerBatch, GrowsWithTheShardWithinItsBounds) {
  IndexerOptions o;  // 250, growing to 5000
  EXPECT_EQ(Indexer::commit_batch(o, 0), 250u);
  EXPECT_EQ(Indexer::commit_batch(o, 25'000), 250u);
  EXPECT_EQ(Indexer::commit_batch(o, 100'000), 1000u);
  EXPECT_EQ(Indexer::commit_batch(o, 420'000), 4200u);
  EXPECT_EQ(Indexer::commit_batch(o, 10'000'000), 5000u);
  o.batch_max = 0;
  EXPECT_EQ(Indexer::commit_batch(o, 10'000'000), 250u);
  o.batch_size = 7;
  o.batch_max = 3;  // a maximum below the batch: the batch
  EXPECT_EQ(Indexer::commit_batch(o, 10'000'000), 7u);
  o.batch_size = 0;
  o.batch_max = 0;
  EXPECT_EQ(Indexer::commit_batch(o, 0), 1u);
}

TEST(IndexerLive, ABadArticleLosesNothingElse) {
  const fs::path dir = test::scratch("bad-article");
  std::string long_source;
  for (int i = 0; i < 60; ++i) long_source += "word ";
  std::ofstream(dir / "in.jsonl") << R"({"id": "ok-1", "date": "2024-12-01", "text": "Fighters moved toward Hermel."})"
                                  << "\n"
                                  << R"({"id": "long", "date": "2024-12-01", "text": "A text.", "source": ")"
                                  << long_source << "\"}\n"
                                  << R"({"id": "ok-2", "date": "2024-12-02", "text": "Shelling near Kharkiv."})"
                                  << "\n";
  for (const char* threads : {"0", "2"}) {
    const std::string index = (dir / (std::string("index-") + threads)).string();
    auto r = index_cmd(std::string("--threads ") + threads + " --batch 1 --index " + test::quote(index) + " " +
                       test::quote((dir / "in.jsonl").string()));
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("in.jsonl:2: a term of"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2 indexed (2 new, 0 replaced), 1 rejected"), std::string::npos) << r.out;
    EXPECT_EQ(Xapian::Database(index).get_doccount(), 2u);
  }
}

// The summary gives one throughput figure, the input's bytes over the wall time (issue 20): two
// MB/s figures that disagreed (the articles' text, the files read) puzzled readers.
TEST(IndexerSummary, GivesOneMegabytesPerSecondFigureOfTheInput) {
  const fs::path dir = test::scratch("summary-mbs");
  test::write_file(dir / "in.jsonl", R"({"id": "s-1", "date": "2024-12-01", "text": "Convoys left Hermel at dawn."})"
                                     "\n");
  auto r = index_cmd("--threads 1 --index " + test::quote((dir / "index").string()) + " " +
                     test::quote((dir / "in.jsonl").string()));
  ASSERT_EQ(r.status, 0) << r.out;
  const auto at = r.out.find("sitrep-index: 1 indexed");
  ASSERT_NE(at, std::string::npos) << r.out;
  const auto line = r.out.substr(at, r.out.find('\n', at) - at);
  EXPECT_NE(line.find(" MB/s of input; "), std::string::npos) << line;
  EXPECT_EQ(line.find("MB/s"), line.rfind("MB/s")) << line;
  EXPECT_NE(line.find(" docs/s, 1 thread"), std::string::npos) << line;
}

// A long or early event span is not expanded year by year (issue 20: "since 1750" put one article
// into every event year 1750..2017): only its end years are indexed. A short span still is.
TEST(IndexerEvents, LongAndEarlySpansIndexOnlyTheirEndYears) {
  const fs::path dir = test::scratch("event-spans");
  {
    auto ix = Indexer::open((dir / "index").string());
    ASSERT_TRUE(ix) << ix.status().to_string();
    auto add = [&](const std::string& id, const std::string& text) {
      Article a;
      a.id = id;
      a.date = Date{2017, 3, 2};
      a.text = text;
      a.lang = "en";
      a.origin = id;
      ASSERT_TRUE(ix->add(a));
    };
    add("early", "The quarter has been inhabited since 1750, the guide said.");
    add("long", "Fighting has recurred between 1880 and 2011, historians wrote.");
    add("bc", "The site has been settled since 1750 BC, according to the survey.");
    add("recent", "The clan has held the valley since 2011, elders said.");
    ASSERT_TRUE(ix->commit());
  }
  Xapian::Database db((dir / "index").string());
  auto event_years = [&](const std::string& id) {
    std::vector<std::string> years;
    const Xapian::Document doc = db.get_document(*db.postlist_begin(schema::term(schema::kId, id)));
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      if ((*t).rfind(schema::kEventYear, 0) == 0) years.push_back((*t).substr(2));
    return years;
  };
  EXPECT_EQ(event_years("early"), (std::vector<std::string>{"1750", "2017"}));
  EXPECT_TRUE(event_years("bc").empty());
  EXPECT_EQ(event_years("recent").size(), 7u);  // 2011 .. 2017, year by year
  EXPECT_EQ(db.get_termfreq(schema::term(schema::kEventYear, "1900")), 0u);
  EXPECT_EQ(db.get_termfreq(schema::term(schema::kEventYear, "1960")), 0u);
}

TEST(IndexerInput, InputSizeCountsTheFilesRead) {
  const fs::path dir = test::scratch("input-size");
  test::write_file(dir / "a.txt", "date 2024-12-01\n\nText.\n");
  test::write_file(dir / "sub" / "b.jsonl", "{}\n");
  test::write_file(dir / "skip.bin", "xxxxxxxx");
  EXPECT_EQ(input_size(dir.string()), fs::file_size(dir / "a.txt") + fs::file_size(dir / "sub" / "b.jsonl"));
  EXPECT_EQ(input_size((dir / "a.txt").string()), fs::file_size(dir / "a.txt"));
  EXPECT_EQ(input_size("-"), 0u);
  std::uint64_t seen = 0;
  ReadCallbacks cb;
  cb.on_article = [](Article&&) {};
  cb.on_error = [](const SourceError&) {};
  cb.on_bytes = [&](std::uint64_t n) { seen += n; };
  read_path(dir.string(), cb);
  EXPECT_EQ(seen, input_size(dir.string()));
}

}  // namespace
}  // namespace sitrep
