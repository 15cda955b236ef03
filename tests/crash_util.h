// Helpers of the crash, kill and fault tests: a generated corpus, running sitrep-index as a child
// process (to kill it), and checks of an index against the corpus.
#pragma once

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sitrep/indexer.h"
#include "sitrep/schema.h"
#include "test_util.h"

extern char** environ;

namespace sitrep::test {

namespace fs = std::filesystem;

// A corpus of short articles in two inputs, read in this order: a JSON Lines file, then a
// directory of plain-text files (sorted). `ids` lists the articles in reading order, so change
// number i + 1 of a run over {jsonl, txt_dir} is ids[i].
struct Corpus {
  fs::path jsonl, txt_dir;
  std::vector<std::string> ids;
};

inline std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o.push_back('\\');
    o.push_back(c);
  }
  return o;
}

// Short reports assembled from templates (sitrep's own wording, real place and actor names).
inline Corpus make_corpus(const fs::path& dir, std::size_t jsonl_articles, std::size_t txt_articles) {
  static const char* places[] = {"Kharkiv", "Homs", "Gao", "Hermel", "Sumy", "Aleppo", "Odesa", "Timbuktu", "Mosul"};
  static const char* actors[] = {"Hezbollah", "Wagner", "UNIFIL", "the army", "local militias", "the police"};
  static const char* verbs[] = {"shelled", "patrolled", "reinforced positions near", "withdrew from",
                                "negotiated a local truce in", "cleared roads around"};
  static const char* extras[] = {"Residents reported power cuts for several hours.",
                                 "Aid convoys were delayed at a checkpoint.",
                                 "No casualties were confirmed by evening.",
                                 "Schools stayed closed for a second day.",
                                 "Officials promised an inquiry into the incident."};
  auto text = [&](std::size_t i) {
    std::string t = std::string(actors[i % 6]) + " " + verbs[(i / 6) % 6] + " " + places[(i / 3) % 9] +
                    " on report " + std::to_string(i) + ". " + extras[i % 5] + " " + extras[(i / 5) % 5];
    t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
    return t;
  };
  auto date = [](std::size_t i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "2024-%02zu-%02zu", 1 + i % 12, 1 + i % 28);
    return std::string(buf);
  };
  Corpus c;
  c.jsonl = dir / "corpus.jsonl";
  c.txt_dir = dir / "txt";
  fs::create_directories(c.txt_dir);
  {
    std::ofstream out(c.jsonl);
    for (std::size_t i = 0; i < jsonl_articles; ++i) {
      char id[32];
      std::snprintf(id, sizeof id, "wire-%05zu", i);
      c.ids.push_back(id);
      out << "{\"id\":\"" << id << "\",\"date\":\"" << date(i) << "\",\"title\":\"Report " << i
          << "\",\"source\":\"Test Wire\",\"text\":\"" << json_escape(text(i)) << "\"}\n";
    }
  }
  for (std::size_t i = 0; i < txt_articles; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "note-%05zu", i);
    c.ids.push_back(id);
    std::ofstream(c.txt_dir / (std::string(id) + ".txt"))
        << "date " << date(i + 7) << "\ntitle Note " << i << "\nsource Field Notes\n\n" << text(i + 1000) << "\n";
  }
  return c;
}

// A child process (sitrep-index) with standard output and error appended to `log`.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const fs::path& log, const std::vector<std::string>& env = {}) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> envs;  // the environment, with `env` replacing variables of the same name
    for (char** e = environ; *e; ++e) {
      const std::string var(*e);
      const bool replaced = std::any_of(env.begin(), env.end(), [&](const std::string& x) {
        return x.compare(0, x.find('=') + 1, var, 0, x.find('=') + 1) == 0;
      });
      if (!replaced) envs.push_back(var);
    }
    for (const auto& e : env) envs.push_back(e);
    std::vector<char*> envp;
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  ~Child() {
    if (running_ && pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int st;
      ::waitpid(pid_, &st, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Waits up to `seconds`: true (status in `exit_status`) when the child ended by itself.
  bool wait_for(double seconds, int& exit_status) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
      int st = 0;
      const pid_t r = ::waitpid(pid_, &st, WNOHANG);
      if (r == pid_) {
        running_ = false;
        exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
        return true;
      }
      if (std::chrono::steady_clock::now() >= end) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  void kill9() {
    ::kill(pid_, SIGKILL);
    int st;
    ::waitpid(pid_, &st, 0);
    running_ = false;
  }

 private:
  pid_t pid_ = -1;
  bool running_ = true;
};

// ASAN_OPTIONS for a sanitized sitrep-index with tests/faults preloaded (a shared ASan runtime
// would otherwise refuse to come after it), keeping the options the environment sets.
inline std::string asan_options_for_preload() {
  const char* o = std::getenv("ASAN_OPTIONS");
  std::string s = o && *o ? std::string(o) + ":" : std::string();
  return s + "verify_asan_link_order=0";
}

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The databases of an index: DIR/shard-NN when sharded, else DIR.
inline std::vector<std::string> databases(const std::string& index) {
  std::vector<std::string> out;
  for (int i = 0; fs::exists(fs::path(index) / ("shard-" + std::string(i < 10 ? "0" : "") + std::to_string(i))); ++i)
    out.push_back((fs::path(index) / ("shard-" + std::string(i < 10 ? "0" : "") + std::to_string(i))).string());
  if (out.empty()) out.push_back(index);
  return out;
}

// A kill before Xapian wrote its version file leaves a directory that holds no database yet (the
// next run creates it): such a one counts as empty.
inline bool created(const std::string& db) { return fs::exists(fs::path(db) / "iamglass"); }

// xapian-check on every database of the index; "" when all pass, else its output.
inline std::string xapian_check(const std::string& index) {
  std::string failures;
  for (const auto& db : databases(index)) {
    if (!created(db)) continue;
    auto r = run("xapian-check " + quote(db) + " 2>&1");
    if (r.status != 0) failures += db + ":\n" + r.out;
  }
  return failures;
}

struct ShardState {
  std::string checkpoint;  // the metadata as written
  std::uint64_t docs = 0;
  std::set<std::string> ids;
};

// Every database's checkpoint, document count and ids; an id held twice is a failure.
inline std::vector<ShardState> read_shards(const std::string& index) {
  std::vector<ShardState> out;
  for (const auto& path : databases(index)) {
    ShardState s;
    if (!created(path)) {
      out.push_back(std::move(s));
      continue;
    }
    Xapian::Database db(path);
    s.checkpoint = db.get_metadata(schema::kCheckpointKey);
    s.docs = db.get_doccount();
    const std::string q = schema::kId;
    for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
      EXPECT_EQ(t.get_termfreq(), 1u) << "id held by " << t.get_termfreq() << " documents: " << *t;
      s.ids.insert((*t).substr(q.size()));
    }
    EXPECT_EQ(s.docs, s.ids.size()) << path << ": documents without a unique id";
    out.push_back(std::move(s));
  }
  return out;
}

// The sequence number of a checkpoint "KEY SEQ" (0 when none; UINT64_MAX for "KEY done").
inline std::uint64_t checkpoint_seq(const std::string& value) {
  const auto sp = value.rfind(' ');
  if (sp == std::string::npos) return 0;
  if (value.substr(sp + 1) == "done") return ~std::uint64_t{0};
  return std::stoull(value.substr(sp + 1));
}

// Checks an index written by runs over `corpus` (change i + 1 is corpus.ids[i]) into a fresh
// directory: each shard holds exactly the articles of its own up to its checkpoint -- what the
// last commit holds, no more, no fewer -- or, once a run completed (`completed_before`), at least
// those and none from elsewhere. Returns the lowest checkpoint over the shards.
inline std::uint64_t expect_checkpointed(const std::string& index, const Corpus& corpus, bool completed_before,
                                         const std::string& when) {
  const auto shards = read_shards(index);
  std::uint64_t lowest = ~std::uint64_t{0};
  for (std::size_t s = 0; s < shards.size(); ++s) {
    const std::uint64_t seq = checkpoint_seq(shards[s].checkpoint);
    lowest = std::min(lowest, seq);
    std::set<std::string> upto, all;
    for (std::size_t i = 0; i < corpus.ids.size(); ++i) {
      if (Indexer::shard_of(corpus.ids[i], shards.size()) != s) continue;
      all.insert(corpus.ids[i]);
      if (i + 1 <= seq) upto.insert(corpus.ids[i]);
    }
    if (!completed_before) {
      EXPECT_EQ(shards[s].ids, upto) << when << ": shard " << s << " (checkpoint '" << shards[s].checkpoint
                                     << "') holds " << shards[s].ids.size() << " articles, its checkpoint says "
                                     << upto.size();
    } else {
      EXPECT_TRUE(std::includes(shards[s].ids.begin(), shards[s].ids.end(), upto.begin(), upto.end())) << when;
      EXPECT_TRUE(std::includes(all.begin(), all.end(), shards[s].ids.begin(), shards[s].ids.end())) << when;
    }
  }
  return lowest;
}

// The index holds every article of the corpus exactly once, and nothing else.
inline void expect_complete(const std::string& index, const Corpus& corpus) {
  std::set<std::string> want(corpus.ids.begin(), corpus.ids.end()), have;
  std::uint64_t docs = 0;
  for (const auto& s : read_shards(index)) {
    docs += s.docs;
    for (const auto& id : s.ids) EXPECT_TRUE(have.insert(id).second) << "in two shards: " << id;
  }
  EXPECT_EQ(docs, want.size());
  EXPECT_EQ(have, want);
  Xapian::Database all(index);  // the index as readers open it (a stub for shards)
  EXPECT_EQ(all.get_doccount(), want.size());
}

}  // namespace sitrep::test
