// I/O faults, end to end: sitrep-index writing to a full disk or a failing one must end with a
// clear message and a non-zero status, leave an index that opens at its last commit (xapian-check
// clean, the searcher counts exactly the articles of that commit), and a rerun without the fault
// must resume from the checkpoint and complete with every article exactly once. Faults come from
// tests/faults (an LD_PRELOAD library: writes fail after N bytes with ENOSPC or EIO, or syncs
// fail) and, when this user may mount one, from a real, small tmpfs.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cstring>
#include <iostream>
#include <map>
#include <set>

#include "crash_util.h"
#include "sitrep/searcher.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

// Failures recorded so far in the running test.
int failures() {
  const auto* result = ::testing::UnitTest::GetInstance()->current_test_info()->result();
  int n = 0;
  for (int i = 0; i < result->total_part_count(); ++i) n += result->GetTestPartResult(i).failed();
  return n;
}

std::uint64_t dir_bytes(const fs::path& dir) {
  std::uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

class Faults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(test::scratch("faults-" + std::to_string(::getpid())));
    corpus_ = new test::Corpus(test::make_corpus(*dir_ / "in", 700, 200));
    // The bytes a complete run writes place the faults (Xapian rewrites blocks at each commit:
    // several times the size of the index); the size of the index sizes the tmpfs.
    const std::string index = (*dir_ / "reference").string();
    fs::create_directories(index);
    const fs::path count = *dir_ / "reference.bytes";
    auto r = test::run("LD_PRELOAD=" + test::quote(SITREP_FAULTS_LIB) +
                       " ASAN_OPTIONS=" + test::quote(test::asan_options_for_preload()) + " SITREP_FAULT_DIR=" +
                       test::quote(index) + " SITREP_FAULT_COUNT=" + test::quote(count.string()) + " " +
                       command(index, {}) + " 2>&1");
    ASSERT_EQ(r.status, 0) << r.out;
    full_bytes_ = dir_bytes(index);
    written_bytes_ = std::stoull(test::read_text(count));
    ASSERT_GT(written_bytes_, full_bytes_);
  }
  static void TearDownTestSuite() {
    // Kept for a look when something failed.
    if (!::testing::UnitTest::GetInstance()->current_test_suite()->Failed()) fs::remove_all(*dir_);
    delete corpus_;
    delete dir_;
  }

  static std::string command(const std::string& index, const std::vector<std::string>& extra) {
    std::string cmd = test::quote(test::bin_dir() + "/sitrep-index") + " --index " + test::quote(index) + " --batch 50";
    for (const auto& e : extra) cmd += " " + e;
    return cmd + " " + test::quote(corpus_->jsonl.string()) + " " + test::quote(corpus_->txt_dir.string());
  }

  // After a faulty run (its output `out`): the message, the index at its last commit, then a
  // rerun that completes. Returns true when all held.
  static bool check_fault_then_rerun(const std::string& index, const test::CommandResult& r, const std::string& what,
                                     const std::vector<std::string>& extra = {}) {
    const int failed_before = failures();
    EXPECT_NE(r.status, 0) << what << ":\n" << r.out;
    EXPECT_NE(r.out.find("sitrep-index: stopped: "), std::string::npos) << what << ":\n" << r.out;
    EXPECT_TRUE(r.out.find("No space left on device") != std::string::npos ||
                r.out.find("Input/output error") != std::string::npos)
        << what << ":\n" << r.out;
    EXPECT_EQ(test::xapian_check(index), "") << what;
    // The last commit: per shard, exactly the articles up to its checkpoint.
    test::expect_checkpointed(index, *corpus_, false, what);
    std::uint64_t committed = 0;
    for (const auto& s : test::read_shards(index)) committed += s.docs;
    auto searcher = Searcher::open(index);
    EXPECT_TRUE(searcher) << what << ": " << searcher.status().message();
    if (searcher) {
      EXPECT_EQ(searcher->document_count(), committed) << what;
    }
    auto again = test::run(command(index, extra) + " 2>&1");
    EXPECT_EQ(again.status, 0) << what << ", rerun:\n" << again.out;
    if (committed > 0) {
      EXPECT_NE(again.out.find("sitrep-index: resumed from the checkpoint: "), std::string::npos) << again.out;
    }
    EXPECT_EQ(test::xapian_check(index), "") << what << ", rerun";
    test::expect_complete(index, *corpus_);
    const auto stop = r.out.find("sitrep-index: stopped: ");
    const std::string stopped =
        stop == std::string::npos ? "" : r.out.substr(stop + 23, r.out.find('\n', stop) - stop - 23);
    std::cout << "[ faults ] " << what << ": \"" << stopped << "\"; " << committed
              << " articles committed; rerun: "
              << again.out.substr(again.out.rfind("sitrep-index: resumed") == std::string::npos
                                      ? again.out.rfind("sitrep-index: ")
                                      : again.out.rfind("sitrep-index: resumed"))
              << std::flush;
    return failures() == failed_before;
  }

  static fs::path* dir_;
  static test::Corpus* corpus_;
  static std::uint64_t full_bytes_, written_bytes_;
};
fs::path* Faults::dir_ = nullptr;
test::Corpus* Faults::corpus_ = nullptr;
std::uint64_t Faults::full_bytes_ = 0, Faults::written_bytes_ = 0;

struct Injected {
  const char* name;
  double at;  // the fault after this fraction of the bytes of a complete run is written
  const char* err;
  const char* on;
  const char* extra;
};

TEST_F(Faults, InjectedWriteAndSyncErrors) {
  const char* lib = SITREP_FAULTS_LIB;
  ASSERT_TRUE(fs::exists(lib)) << lib;
  // Xapian writes blocks as its tables fill and at each commit: thresholds from early in the first
  // batch to late in the run put the faults inside batches and inside commits.
  const Injected cases[] = {
      {"ENOSPC early", 0.05, "ENOSPC", "write", ""},
      {"ENOSPC at 20%", 0.2, "ENOSPC", "write", ""},
      {"ENOSPC at 45%", 0.45, "ENOSPC", "write", ""},
      {"ENOSPC at 80%", 0.8, "ENOSPC", "write", ""},
      {"ENOSPC at 98%", 0.98, "ENOSPC", "write", ""},
      {"EIO at 30%", 0.3, "EIO", "write", ""},
      {"EIO at 95%", 0.95, "EIO", "write", ""},
      {"EIO on sync at 15%", 0.15, "EIO", "sync", ""},
      {"EIO on sync at 60%", 0.6, "EIO", "sync", ""},
      {"ENOSPC at 35%, 2 threads 2 shards", 0.35, "ENOSPC", "write", "--threads 2 --shards 2"},
      {"EIO on sync at 50%, 2 threads 2 shards", 0.5, "EIO", "sync", "--threads 2 --shards 2"},
  };
  int survived = 0, n = 0;
  for (const auto& c : cases) {
    const fs::path index = *dir_ / ("injected-" + std::to_string(n++));
    fs::create_directories(index);
    const auto bytes = static_cast<long long>(c.at * static_cast<double>(written_bytes_));
    std::vector<std::string> extra;
    if (*c.extra) extra.push_back(c.extra);
    const std::string env = "LD_PRELOAD=" + test::quote(lib) +
                            " ASAN_OPTIONS=" + test::quote(test::asan_options_for_preload()) + " SITREP_FAULT_DIR=" +
                            test::quote(index.string()) + " SITREP_FAULT_BYTES=" + std::to_string(bytes) +
                            " SITREP_FAULT_ERRNO=" + c.err + " SITREP_FAULT_ON=" + c.on + " ";
    auto r = test::run(env + command(index.string(), extra) + " 2>&1");
    const std::string what = std::string(c.name) + " (" + std::to_string(bytes) + " bytes)";
    ASSERT_NE(r.out.find("sitrep-faults: "), std::string::npos) << what << ": no fault was injected:\n" << r.out;
    if (check_fault_then_rerun(index.string(), r, what, extra)) ++survived;
  }
  std::cout << "[ faults ] " << survived << " of " << n << " injected faults survived (a complete run writes "
            << written_bytes_ << " bytes, the index holds " << full_bytes_ << ")" << std::endl;
  EXPECT_EQ(survived, n);
}

// A run stopped by a full disk and resumed reports each bad record once: the resumed run does not
// repeat the quarantine records of the part already committed, and adds those after it.
TEST_F(Faults, ResumedRunDoesNotRepeatQuarantineRecords) {
  const fs::path dir = *dir_ / "quarantine";
  fs::create_directories(dir / "index");
  std::set<std::size_t> bad_lines;
  {
    std::ofstream out(dir / "feed.jsonl");
    for (std::size_t i = 1; i <= 600; ++i) {
      if (i % 40 == 0) {
        out << "{\"id\":\"bad-" << i << "\",\"text\":\"no date\"}\n";
        bad_lines.insert(i);
      } else {
        out << "{\"id\":\"q-" << i << "\",\"date\":\"2024-03-0" << 1 + i % 9
            << "\",\"text\":\"Patrols near Gao on day " << i << ".\"}\n";
      }
    }
  }
  const std::string index = (dir / "index").string();
  const std::string cmd = test::quote(test::bin_dir() + "/sitrep-index") + " --index " + test::quote(index) +
                          " --batch 50 " + test::quote((dir / "feed.jsonl").string()) + " 2>&1";
  auto r = test::run("LD_PRELOAD=" + test::quote(SITREP_FAULTS_LIB) + " ASAN_OPTIONS=" +
                     test::quote(test::asan_options_for_preload()) + " SITREP_FAULT_DIR=" + test::quote(index) +
                     " SITREP_FAULT_BYTES=" + std::to_string(written_bytes_ / 4) + " " + cmd);
  ASSERT_NE(r.out.find("sitrep-index: stopped: "), std::string::npos) << r.out;
  r = test::run(cmd);
  EXPECT_EQ(r.status, 1) << r.out;  // the bad records are rejected, as in one run
  EXPECT_NE(r.out.find("sitrep-index: resumed from the checkpoint: "), std::string::npos) << r.out;
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 600 - bad_lines.size());
  std::map<std::size_t, int> seen;
  std::ifstream q(fs::path(index) / "quarantine.jsonl");
  std::string line;
  while (std::getline(q, line)) {
    const auto at = line.find("\"line\":");
    ASSERT_NE(at, std::string::npos) << line;
    ++seen[std::stoul(line.substr(at + 7))];
  }
  EXPECT_EQ(seen.size(), bad_lines.size());
  for (const auto& [l, n] : seen) {
    EXPECT_TRUE(bad_lines.count(l)) << l;
    EXPECT_EQ(n, 1) << "line " << l << " quarantined " << n << " times";
  }
}

// A real full disk: a tmpfs smaller than the index, then grown for the rerun.
TEST_F(Faults, RealFullTmpfs) {
  int survived = 0, n = 0;
  for (double fraction : {0.3, 0.7}) {
    const fs::path mnt = *dir_ / ("tmpfs-" + std::to_string(n++));
    fs::create_directories(mnt);
    const auto size = static_cast<std::uint64_t>(fraction * static_cast<double>(full_bytes_)) / 4096 * 4096 + 4096;
    const std::string opts = "size=" + std::to_string(size);
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, opts.c_str()) != 0)
      GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                   << "; root or CAP_SYS_ADMIN needed): the injected faults cover full disks";
    struct Unmount {
      std::string path;
      ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{mnt.string()};
    const std::string index = (mnt / "index").string();
    auto r = test::run(command(index, {}) + " 2>&1");
    const std::string what = "tmpfs of " + std::to_string(size) + " bytes";
    ASSERT_NE(r.out.find("No space left on device"), std::string::npos) << what << ":\n" << r.out;
    // Room again.
    const std::string grow = "size=" + std::to_string(full_bytes_ * 4 + (16u << 20));
    ASSERT_EQ(::mount("tmpfs", mnt.c_str(), "tmpfs", MS_REMOUNT, grow.c_str()), 0) << std::strerror(errno);
    if (check_fault_then_rerun(index, r, what)) ++survived;
  }
  std::cout << "[ faults ] " << survived << " of " << n << " full tmpfs survived" << std::endl;
  EXPECT_EQ(survived, n);
}

}  // namespace
}  // namespace sitrep
