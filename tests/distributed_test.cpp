// Distributed search on loopback: shards served by xapian-tcpsrv (Xapian's remote backend) and
// searched as one through a stub database give the same answers as one combined index; a replica
// kept by xapian-replicate answers like its master.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"
#include "total_util.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// "shard" + k, appended piecewise (GCC 12 warns falsely on "literal" + std::string).
std::string numbered(const char* stem, int k) {
  std::string s = stem;
  s += std::to_string(k);
  return s;
}

// A loopback port nobody listens on now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// A background server process in a session of its own (xapian's servers signal their whole
// process group when they stop), stopped when the object goes.
class Daemon {
 public:
  Daemon(const std::string& cmd, const fs::path& log, int port) {
    std::string line = "setsid ";  // appended piecewise: GCC 12 warns falsely on "literal" + string
    line += cmd;
    line += " >";
    line += test::quote(log.string());
    line += " 2>&1 </dev/null & echo $!";
    const auto r = test::run(line);
    pid_ = std::atoi(r.out.c_str());
    for (int i = 0; i < 100 && !accepts(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~Daemon() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
  }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  bool running() const { return pid_ > 0 && ::kill(pid_, 0) == 0; }

 private:
  int pid_ = -1;
};

json search(const std::string& index, const std::string& query, const std::string& extra = "") {
  const auto r = test::run(test::bin_dir() + "/sitrep-search --index " + test::quote(index) +
                           " --format json --limit 100 --now 2025-06-30 " + extra + " " + test::quote(query) + " 2>&1");
  EXPECT_EQ(r.status, 0) << query << ": " << r.out;
  auto j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

// Hits as (score, id), sorted so that exact ties (ordered by docid, which differs between a
// combined index and shards) compare equal.
std::vector<std::pair<double, std::string>> ranked(const json& j) {
  std::vector<std::pair<double, std::string>> out;
  for (const auto& h : j["hits"]) out.emplace_back(std::round(h["score"].get<double>() * 1e6) / 1e6, h["id"]);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  return out;
}

class Distributed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One directory per process: ctest runs each test of this suite as a process of its own.
    dir_ = new fs::path(test::scratch("distributed-" + std::to_string(::getpid())));
    const fs::path& d = *dir_;
    // The sample corpus plus two wire copies of one story, split over three shards by file.
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(test::source_dir() + "/corpora/sample"))
      if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    const std::string body =
        "Hezbollah moved fighters and rocket launchers toward Hermel overnight, residents and a "
        "security source said, as shelling continued near the Qusayr crossing on the Syrian side.";
    test::write_file(d / "extra/wire-a.txt", "date 2024-12-08\ntitle Fighters move toward Hermel\nsource Wire A\n\n" + body);
    test::write_file(d / "extra/wire-b.txt", "date 2024-12-08\ntitle Hermel: fighters on the move\nsource Wire B\n\n" + body);
    files.push_back(d / "extra/wire-a.txt");
    files.push_back(d / "extra/wire-b.txt");
    for (std::size_t k = 0; k < files.size(); ++k)
      fs::copy_file(files[k], d / numbered("in", static_cast<int>(k % 3)) / files[k].filename(),
                    (fs::create_directories(d / numbered("in", static_cast<int>(k % 3))), fs::copy_options::overwrite_existing));
    auto index = [&](const std::string& out, const std::string& in) {
      const auto r = test::run(test::bin_dir() + "/sitrep-index -q --index " + test::quote((d / out).string()) + " " + in +
                               " 2>&1");
      ASSERT_EQ(r.status, 0) << r.out;
    };
    std::string all;
    for (int k = 0; k < 3; ++k) {
      const std::string in = test::quote((d / numbered("in", k)).string());
      index(numbered("shard", k), in);
      all += ' ';
      all += in;
    }
    index("combined", all);
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path* dir_;
};
fs::path* Distributed::dir_ = nullptr;

const char* kQueries[] = {
    "Hezbollah deployments near Lebanese border after 2024-11-27",
    "Hezbollah",
    "",
    "shelling",
    "\"border crossing\"",
    "actor:Wagner",
    "drone strikes north of Kharkiv",
    "ceasefire talks -Gaza",
    "fighters moved toward Hermel",
    "efforts of the envoys to reopen the crossings between Syria and Lebanon in 2024",
};

TEST_F(Distributed, RemoteShardsAnswerLikeOneIndex) {
  const fs::path& d = *dir_;
  std::vector<int> ports;
  std::vector<std::unique_ptr<Daemon>> servers;
  std::string stub;
  for (int k = 0; k < 3; ++k) {
    const int port = free_port();
    ASSERT_GT(port, 0);
    ports.push_back(port);
    servers.push_back(std::make_unique<Daemon>(
        "xapian-tcpsrv --interface 127.0.0.1 --port " + std::to_string(port) + " " +
            test::quote((d / numbered("shard", k)).string()),
        d / (numbered("tcpsrv", k) + ".log"), port));
    ASSERT_TRUE(servers.back()->running()) << "xapian-tcpsrv did not start";
    stub += "remote 127.0.0.1:" + std::to_string(port) + "\n";
  }
  test::write_file(d / "remote.stub", stub);
  test::write_file(d / "local.stub", "auto shard0\nauto shard1\nauto shard2\n");
  const std::string combined = (d / "combined").string();
  for (const std::string& sharded : {(d / "local.stub").string(), (d / "remote.stub").string()}) {
    for (const char* q : kQueries) {
      for (const char* extra : {"", "--sort newest --histogram month"}) {
        if (*extra && sharded.find("local") != std::string::npos) continue;  // one pass for local shards
        SCOPED_TRACE(sharded + " | " + q + " | " + extra);
        const json a = search(combined, q, extra), b = search(sharded, q, extra);
        EXPECT_EQ(a["total"], b["total"]);
        EXPECT_EQ(a["facets"], b["facets"]);
        EXPECT_EQ(a["histogram"], b["histogram"]);
        EXPECT_EQ(a.value("relaxed", false), b.value("relaxed", false));
        if (*extra) {
          // By date: the dates in order are the same (ties in date may swap).
          std::vector<std::string> da, db;
          for (const auto& h : a["hits"]) da.push_back(h["date"]);
          for (const auto& h : b["hits"]) db.push_back(h["date"]);
          EXPECT_EQ(da, db);
        } else {
          EXPECT_EQ(ranked(a), ranked(b));
        }
      }
    }
  }
  // The wire copies are two matches but one hit, wherever they are stored.
  const json w = search((d / "remote.stub").string(), "fighters moved toward Hermel");
  int wires = 0;
  for (const auto& h : w["hits"])
    if (const std::string id = h["id"].get<std::string>(); id == "wire-a" || id == "wire-b") {
      ++wires;
      EXPECT_EQ(h["duplicates"], 1);
    }
  EXPECT_EQ(wires, 1);
}

// Issue 20: the wire corpus (three copies of one story, two of another) in one index and in two
// shards, searched through the shards' stub (local) and through xapian-tcpsrv (remote: the
// matches are fetched and counted on this side): every total is Xapian's exact count with
// near-duplicates collapsed, at offsets 0 and 1, and the facets and histograms are the same
// (each story counts once, as its copy with the first id).
TEST(DistributedTotals, OneExactTotalOverTwoShards) {
  const auto d = test::scratch("distributed-totals-" + std::to_string(::getpid()));
  test::write_wire_corpus(d / "in");
  for (const auto& [name, extra] : {std::pair<std::string, std::string>{"combined", ""}, {"sharded", "--shards 2 "}}) {
    const auto r = test::run(test::bin_dir() + "/sitrep-index -q " + extra + "--index " +
                             test::quote((d / name).string()) + " " + test::quote((d / "in").string()) + " 2>&1");
    ASSERT_EQ(r.status, 0) << r.out;
  }
  ASSERT_TRUE(fs::exists(d / "sharded" / "shard-01")) << "sitrep-index --shards 2 made no second shard";
  std::vector<std::unique_ptr<Daemon>> servers;
  std::string stub;
  for (int k = 0; k < 2; ++k) {
    const int port = free_port();
    ASSERT_GT(port, 0);
    servers.push_back(std::make_unique<Daemon>("xapian-tcpsrv --interface 127.0.0.1 --port " + std::to_string(port) +
                                                   " " + test::quote((d / "sharded" / numbered("shard-0", k)).string()),
                                               d / (numbered("tcpsrv", k) + ".log"), port));
    ASSERT_TRUE(servers.back()->running()) << "xapian-tcpsrv did not start";
    stub += "remote 127.0.0.1:" + std::to_string(port) + "\n";
  }
  test::write_file(d / "remote.stub", stub);
  const std::string combined = (d / "combined").string(), local = (d / "sharded").string(),
                    remote = (d / "remote.stub").string();
  for (const auto& q : test::total_queries()) {
    const std::uint64_t exact = test::xapian_total(combined, q);
    EXPECT_EQ(test::xapian_total(local, q), exact) << q;
    for (const char* offset : {"0", "1"}) {
      const std::string extra = std::string("--offset ") + offset;
      const json a = search(combined, q, extra);
      for (const std::string& index : {local, remote}) {
        SCOPED_TRACE(q + " | " + index + " | " + extra);
        const json b = search(index, q, extra);
        EXPECT_EQ(b["total"].get<std::uint64_t>(), exact);
        EXPECT_EQ(b["total_exact"], true);
        EXPECT_EQ(a["total"], b["total"]);
        EXPECT_EQ(a["facets"], b["facets"]);
        EXPECT_EQ(a["histogram"], b["histogram"]);
        for (const auto& [facet, values] : b["facets"].items())
          for (const auto& v : values) EXPECT_LE(v["count"].get<std::uint64_t>(), exact) << facet << "=" << v["id"];
        // The hits' exact duplicates (which copy stands for a story may differ on ties of score
        // and date, which docids break).
        std::vector<int> da, db;
        for (const auto& h : a["hits"]) da.push_back(h["duplicates"]);
        for (const auto& h : b["hits"]) db.push_back(h["duplicates"]);
        std::sort(da.begin(), da.end());
        std::sort(db.begin(), db.end());
        EXPECT_EQ(da, db);
      }
    }
  }
}

TEST_F(Distributed, ReplicaFollowsItsMaster) {
  const fs::path& d = *dir_;
  const fs::path master = d / "masters";
  fs::create_directories(master);
  // The master keeps changesets, so that a replica catches up by applying them.
  auto r = test::run("XAPIAN_MAX_CHANGESETS=10 " + test::bin_dir() + "/sitrep-index -q --index " +
                     test::quote((master / "news").string()) + " " + test::quote((d / "in0").string()) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  const int port = free_port();
  Daemon server("xapian-replicate-server --interface 127.0.0.1 --port " + std::to_string(port) + " " +
                    test::quote(master.string()),
                d / "replicate-server.log", port);
  ASSERT_TRUE(server.running());
  const std::string replica = (d / "replica").string();
  auto pull = [&] {
    const auto p = test::run("xapian-replicate --one-shot --host 127.0.0.1 --port " + std::to_string(port) +
                             " --master news " + test::quote(replica) + " 2>&1");
    ASSERT_EQ(p.status, 0) << p.out;
  };
  pull();
  const std::string master_db = (master / "news").string();
  EXPECT_EQ(search(replica, "")["total"], search(master_db, "")["total"]);
  EXPECT_EQ(ranked(search(replica, "Hezbollah")), ranked(search(master_db, "Hezbollah")));
  // A new article on the master reaches the replica at the next pull.
  test::write_file(d / "late/late.txt",
                   "date 2025-01-05\ntitle Late report\n\nA convoy of the Wagner Group left Gao, said the quartermaster "
                   "Ilyushkovsky.");
  r = test::run("XAPIAN_MAX_CHANGESETS=10 " + test::bin_dir() + "/sitrep-index -q --index " + test::quote(master_db) +
                " " + test::quote((d / "late").string()) + " 2>&1");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto before = search(replica, "")["total"].get<int>();
  EXPECT_EQ(search(replica, "Ilyushkovsky")["total"], 0);
  pull();
  EXPECT_EQ(search(replica, "")["total"].get<int>(), before + 1);
  const json late = search(replica, "Ilyushkovsky");
  ASSERT_EQ(late["total"], 1);
  EXPECT_EQ(late["hits"][0]["id"], "late");
}

}  // namespace
}  // namespace sitrep
