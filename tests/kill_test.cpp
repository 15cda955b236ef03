// Crash safety and one writer, end to end: sitrep-index killed with SIGKILL at random moments and
// rerun until it completes (every article exactly once, xapian-check clean, resumed runs skip what
// was committed); a second indexer on a held index fails at once naming the holder.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <iostream>
#include <random>

#include "crash_util.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::uint64_t seed_of_run() {
  if (const char* s = std::getenv("SITREP_KILL_SEED"); s && *s) return std::stoull(s);
  return std::random_device{}();
}

// Kills `sitrep-index ARGS corpus` `kills` times at random moments, rerunning the same command
// each time, then lets it complete.
void kill_and_resume(const std::string& name, const std::vector<std::string>& extra, int kills,
                     const std::vector<std::string>& env = {}) {
  const std::uint64_t seed = seed_of_run();
  std::cout << "[ kill test ] " << name << ": seed " << seed << " (replay with SITREP_KILL_SEED=" << seed << ")"
            << std::endl;
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 rng(seed);
  const fs::path dir = test::scratch(name + "-" + std::to_string(::getpid()));
  const test::Corpus corpus = test::make_corpus(dir / "in", 3200, 800);
  const std::string index = (dir / "index").string();
  const std::string bin = test::bin_dir() + "/sitrep-index";
  std::vector<std::string> argv = {bin, "--index", index, "--batch", "20"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(corpus.jsonl.string());
  argv.push_back(corpus.txt_dir.string());

  // The start-up time (the gazetteer loads before the first article is read): the first commit
  // comes after it.
  double startup = 0;
  {
    const auto t0 = Clock::now();
    test::Child probe({bin, "--index", (dir / "probe").string(), "--delete", "none"}, dir / "probe.log");
    int st = 0;
    ASSERT_TRUE(probe.wait_for(120, st)) << test::read_text(dir / "probe.log");
    startup = seconds_since(t0);
  }
  // A kill lands during start-up (before any commit of its run) in one case of five, else while
  // articles are read, analysed, written and committed (a commit every 20 articles).
  std::uniform_real_distribution<double> early(0.0, startup), during(startup, startup + std::max(0.3, startup));
  std::bernoulli_distribution pick_early(0.2);

  int killed = 0, finished = 0, advanced = 0, unchanged = 0, after_final = 0;
  const bool completed = false;  // each run starts on an index no run completed
  std::uint64_t checkpoint = 0;  // the lowest over the shards, after the last run
  // Until `kills` kills (a run that completes before its kill does not count).
  for (int k = 0; killed < kills && k < 2 * kills; ++k) {
    const fs::path log = dir / ("run-" + std::to_string(k) + ".log");
    const double delay = pick_early(rng) ? early(rng) : during(rng);
    test::Child child(argv, log, env);
    ASSERT_TRUE(child.started());
    int status = 0;
    if (child.wait_for(delay, status)) {
      // It completed first: a complete index, then the test goes on with a fresh one (on this
      // one the next run would index everything again, replacing).
      EXPECT_EQ(status, 0) << test::read_text(log);
      ASSERT_EQ(test::xapian_check(index), "");
      test::expect_complete(index, corpus);
      ++finished;
      fs::remove_all(index);
      checkpoint = 0;
      continue;
    } else {
      child.kill9();
      ++killed;
    }
    const std::string when = "after run " + std::to_string(k) + " (" + std::to_string(delay) + " s)";
    ASSERT_EQ(test::xapian_check(index), "") << when;
    const std::uint64_t before = checkpoint;
    checkpoint = test::expect_checkpointed(index, corpus, completed, when);
    if (::testing::Test::HasFailure()) {
      std::cout << when << ", log:\n" << test::read_text(log) << std::endl;
      return;
    }
    const std::string text = test::read_text(log);
    if (before > 0 && before != ~std::uint64_t{0} && text.find("sitrep-index: resuming") == std::string::npos &&
        text.find("sitrep-index: ") != std::string::npos)
      ADD_FAILURE() << when << ": the checkpoint was " << before << " but the run did not resume:\n" << text;
    if (checkpoint == ~std::uint64_t{0}) {
      // Killed after its final commit: complete; go on with a fresh index, as above.
      test::expect_complete(index, corpus);
      ++after_final;
      fs::remove_all(index);
      checkpoint = 0;
      continue;
    }
    if (checkpoint > before) ++advanced;
    else ++unchanged;
  }
  // The last run, to the end.
  const fs::path log = dir / "final.log";
  {
    test::Child child(argv, log);
    int status = 0;
    ASSERT_TRUE(child.wait_for(300, status));
    EXPECT_EQ(status, 0) << test::read_text(log);
  }
  const std::string text = test::read_text(log);
  if (checkpoint > 0) {
    EXPECT_NE(text.find("sitrep-index: resumed from the checkpoint: "), std::string::npos) << text;
    const auto at = text.find("resumed from the checkpoint: ");
    if (at != std::string::npos) {
      EXPECT_GE(std::stoull(text.substr(at + std::string("resumed from the checkpoint: ").size())), checkpoint) << text;
    }
  }
  EXPECT_EQ(test::xapian_check(index), "");
  test::expect_complete(index, corpus);
  for (const auto& s : test::read_shards(index)) EXPECT_EQ(test::checkpoint_seq(s.checkpoint), ~std::uint64_t{0});
  std::cout << "[ kill test ] " << name << ": " << killed << " kills survived (" << advanced
            << " after the checkpoint advanced, " << unchanged << " before a commit of their run, " << after_final
            << " after their final commit), " << finished << " runs completed before their kill; start-up " << startup << " s; final run: "
            << text.substr(text.rfind("sitrep-index: ", text.find("resumed") == std::string::npos ? std::string::npos
                                                                                                   : text.find("resumed")))
            << std::endl;
  EXPECT_GE(killed, 30);
  EXPECT_GE(advanced, 5) << "resuming did not advance: the kills came too early";
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);  // kept for a look when something failed
}

TEST(KillTest, EveryArticleOnceAfterKill9) { kill_and_resume("kill-single", {}, 32); }

// Here Xapian also commits by itself, every 13 changes of a shard, between sitrep's commits
// (every 20): the checkpoint must hold in those commits too.
TEST(KillTest, EveryArticleOnceAfterKill9WithThreadsAndShards) {
  kill_and_resume("kill-shards", {"--threads", "2", "--shards", "2"}, 32, {"XAPIAN_FLUSH_THRESHOLD=13"});
}

// Kills placed inside commits: tests/faults kills the process (SIGKILL) at the write that crosses
// a byte budget, after writing part of it (a torn block), or at the first fsync after it (Xapian
// has written its new blocks and not yet its new revision). Each run resumes the previous one.
TEST(KillTest, Kill9InsideWritesAndSyncs) {
  const std::uint64_t seed = seed_of_run();
  std::cout << "[ kill test ] kill-inside: seed " << seed << " (replay with SITREP_KILL_SEED=" << seed << ")" << std::endl;
  std::mt19937_64 rng(seed);
  const fs::path dir = test::scratch("kill-inside-" + std::to_string(::getpid()));
  const test::Corpus corpus = test::make_corpus(dir / "in", 1600, 400);
  const std::string index = (dir / "index").string();
  fs::create_directories(index);
  const std::string bin = test::bin_dir() + "/sitrep-index";
  std::vector<std::string> argv = {bin, "--index", index, "--batch", "25", corpus.jsonl.string(),
                                   corpus.txt_dir.string()};
  const std::string lib = SITREP_FAULTS_LIB;
  const std::vector<std::string> base = {"LD_PRELOAD=" + lib,
                                         "ASAN_OPTIONS=" + test::asan_options_for_preload(),
                                         "SITREP_FAULT_DIR=" + index};
  // The bytes a complete run writes (on a scratch index), to size the budgets.
  std::uint64_t total = 0;
  {
    const fs::path probe = dir / "probe";
    fs::create_directories(probe);
    std::vector<std::string> args = argv;
    args[2] = probe.string();
    test::Child c(args, dir / "probe.log",
                  {"LD_PRELOAD=" + lib, "ASAN_OPTIONS=" + test::asan_options_for_preload(),
                   "SITREP_FAULT_DIR=" + probe.string(), "SITREP_FAULT_COUNT=" + (dir / "probe.bytes").string()});
    int st = 0;
    ASSERT_TRUE(c.wait_for(300, st));
    ASSERT_EQ(st, 0) << test::read_text(dir / "probe.log");
    total = std::stoull(test::read_text(dir / "probe.bytes"));
  }
  std::uniform_real_distribution<double> share(0.02, 0.12);
  int kills = 0, advanced = 0;
  std::uint64_t checkpoint = 0;
  for (int k = 0; k < 12; ++k) {
    const char* on = k % 2 ? "killsync" : "kill";
    const auto budget = static_cast<std::uint64_t>(share(rng) * static_cast<double>(total));
    std::vector<std::string> env = base;
    env.push_back(std::string("SITREP_FAULT_ON=") + on);
    env.push_back("SITREP_FAULT_BYTES=" + std::to_string(budget));
    const fs::path log = dir / ("run-" + std::to_string(k) + ".log");
    test::Child c(argv, log, env);
    int st = 0;
    ASSERT_TRUE(c.wait_for(300, st));
    const std::string text = test::read_text(log);
    const std::string when = std::string(on) + " after " + std::to_string(budget) + " bytes (run " + std::to_string(k) + ")";
    if (st == 0) break;  // it completed within its budget
    ASSERT_EQ(st, 128 + SIGKILL) << when << ":\n" << text;
    ++kills;
    ASSERT_EQ(test::xapian_check(index), "") << when;
    const std::uint64_t before = checkpoint;
    checkpoint = test::expect_checkpointed(index, corpus, false, when);
    if (::testing::Test::HasFailure()) {
      std::cout << when << ", log:\n" << text << std::endl;
      return;
    }
    advanced += checkpoint > before;
  }
  test::Child last(argv, dir / "final.log");
  int st = 0;
  ASSERT_TRUE(last.wait_for(300, st));
  ASSERT_EQ(st, 0) << test::read_text(dir / "final.log");
  EXPECT_EQ(test::xapian_check(index), "");
  test::expect_complete(index, corpus);
  std::cout << "[ kill test ] kill-inside: " << kills << " kills inside writes and syncs survived (" << advanced
            << " advanced the checkpoint; a complete run writes " << total << " bytes)" << std::endl;
  EXPECT_GE(kills, 10);
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

// A first sitrep-index holds the index while it reads JSON Lines from a FIFO the test keeps open.
class Holder {
 public:
  Holder(const fs::path& dir, const std::string& index) : fifo_(dir / "feed.fifo"), log_(dir / "holder.log") {
    fs::remove(fifo_);
    EXPECT_EQ(::mkfifo(fifo_.c_str(), 0600), 0);
    const std::string cmd = "exec " + test::quote(test::bin_dir() + "/sitrep-index") + " --index " +
                            test::quote(index) + " - < " + test::quote(fifo_.string());
    child_ = std::make_unique<test::Child>(std::vector<std::string>{"/bin/sh", "-c", cmd}, log_);
    feed_.open(fifo_);  // blocks until the indexer opens its end
    const fs::path writer = fs::path(index) / "sitrep-writer";
    for (int i = 0; i < 3000 && !fs::exists(writer); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(fs::exists(writer)) << test::read_text(log_);
  }
  pid_t pid() const { return child_->pid(); }
  // One article, then end of input: the holder completes.
  int finish() {
    feed_ << R"({"id":"held-1","date":"2024-06-01","text":"Patrols near Gao were stepped up."})" << "\n";
    feed_.close();
    int status = -1;
    EXPECT_TRUE(child_->wait_for(60, status));
    return status;
  }
  void kill9() { child_->kill9(); }
  std::string log() const { return test::read_text(log_); }

 private:
  fs::path fifo_, log_;
  std::unique_ptr<test::Child> child_;
  std::ofstream feed_;
};

TEST(OneWriter, ASecondIndexerFailsAtOnceNamingTheHolder) {
  const fs::path dir = test::scratch("one-writer-" + std::to_string(::getpid()));
  const std::string index = (dir / "index").string();
  test::write_file(dir / "one.txt", "date 2024-06-02\n\nA convoy crossed near Hermel.");
  const std::string second = test::bin_dir() + "/sitrep-index --index " + test::quote(index) + " " +
                             test::quote((dir / "one.txt").string()) + " 2>&1";
  {
    Holder holder(dir, index);
    const auto t0 = Clock::now();
    auto r = test::run(second);
    const double took = seconds_since(t0);
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("locked by another writer"), std::string::npos) << r.out;
    // The holder: the shell exec'd sitrep-index, so the pid is the child's.
    EXPECT_NE(r.out.find("held by pid " + std::to_string(holder.pid()) + " on host "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(still running)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("sitrep-index --index " + index + " -"), std::string::npos) << r.out;
    EXPECT_LT(took, 5.0) << "the second writer should fail at once, before loading the gazetteer";
    EXPECT_EQ(holder.finish(), 0) << holder.log();
  }
  EXPECT_FALSE(fs::exists(fs::path(index) / "sitrep-writer")) << "a clean exit removes the writer file";
  EXPECT_EQ(test::run(second).status, 0);

  {
    // A writer file naming a process that is gone, while someone else holds the lock.
    Holder holder(dir, index);
    test::write_file(fs::path(index) / "sitrep-writer",
                     R"({"pid":999999999,"host":")" + [] {
                       char h[256] = {};
                       gethostname(h, sizeof h - 1);
                       return std::string(h);
                     }() + R"(","started":"2026-01-01T00:00:00Z","command":"sitrep-index old"})" + "\n");
    auto r = test::run(second);
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("pid 999999999"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("not running any more"), std::string::npos) << r.out;
    // Killed: the lock goes with the process, the writer file stays behind and is replaced.
    holder.kill9();
  }
  auto r = test::run(second);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_FALSE(fs::exists(fs::path(index) / "sitrep-writer"));
  EXPECT_EQ(test::xapian_check(index), "");
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace sitrep
