// Tests of sitrep-gen-corpus and sitrep-load-corpus. The corpora come from ../shared/corpora
// (SITREP_SHARED_DIR overrides ../shared); tests that need them skip when they are absent.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "test_process.h"
#include <vector>

#include "gen_corpus.h"
#include "sitrep/date.h"

namespace {

using sitrep::test::env_or;
using sitrep::test::quote;
using sitrep::test::run;

namespace fs = std::filesystem;
using nlohmann::json;

std::string shared_dir() { return env_or("SITREP_SHARED_DIR", SITREP_TEST_SHARED_DIR); }
std::string bin(const std::string& name) { return env_or("SITREP_TEST_BIN_DIR", SITREP_TEST_BIN_DIR) + "/" + name; }

bool have_corpora() {
  const fs::path c = fs::path(shared_dir()) / "corpora";
  return fs::is_directory(c / "reuters21578") && fs::exists(c / "fakes" / "FA-KES-Dataset.csv");
}

#define NEED_CORPORA()                                                                                   \
  if (!have_corpora())                                                                                   \
  GTEST_SKIP() << "needs ../shared/corpora (reuters21578/ and fakes/FA-KES-Dataset.csv) or SITREP_SHARED_DIR; " \
               << shared_dir() << "/corpora is absent"

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// A scratch directory removed at the end of the test.
class Scratch {
 public:
  Scratch() {
    const fs::path base = env_or("SITREP_TEST_TMP_DIR", SITREP_TEST_TMP_DIR);
    fs::create_directories(base);
    std::string tmpl = (base / "gen-corpus-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// One generator shared by the in-process tests (loading the corpora takes about a second).
const sitrep::corpora::CorpusGenerator& generator() {
  static auto g = sitrep::corpora::CorpusGenerator::create({shared_dir(), ""});
  if (!g) throw std::runtime_error(g.status().message());
  return g.value();
}

std::string generate(std::uint64_t seed, std::uint64_t first, std::uint64_t count, std::size_t bytes = 3000) {
  std::string out;
  for (std::uint64_t i = first; i < first + count; ++i) generator().append_article(out, seed, i, bytes);
  return out;
}

}  // namespace

TEST(CorporaSplitSentences, CutsAtSentenceEndsButNotAbbreviationsOrNumbers) {
  using sitrep::corpora::split_sentences;
  const auto s = split_sentences(
      "Prices rose 3.5 pct in Feb. 1987, the U.S. Treasury said.\n  Mr. Baker agreed. \"It is over.\" "
      "Talks resumed? Yes! 2,000 troops left.");
  ASSERT_EQ(s.size(), 6u) << ::testing::PrintToString(s);
  EXPECT_EQ(s[0], "Prices rose 3.5 pct in Feb. 1987, the U.S. Treasury said.");
  EXPECT_EQ(s[1], "Mr. Baker agreed.");
  EXPECT_EQ(s[2], "\"It is over.\"");
  EXPECT_EQ(s[3], "Talks resumed?");
  EXPECT_EQ(s[4], "Yes!");
  EXPECT_EQ(s[5], "2,000 troops left.");
}

TEST(CorporaGenerator, SameSeedSameBytesAndPrefixStable) {
  NEED_CORPORA();
  const std::string a = generate(42, 0, 300);
  const std::string b = generate(42, 0, 300);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, generate(43, 0, 300));
  // Article i does not depend on how many come before it: 300 articles are 100 + 200.
  EXPECT_EQ(a, generate(42, 0, 100) + generate(42, 100, 200));
}

TEST(CorporaGenerator, ValidRecordsWithDatesSizesAndEntities) {
  NEED_CORPORA();
  const auto lines = lines_of(generate(7, 0, 1000));
  ASSERT_EQ(lines.size(), 1000u);
  const sitrep::Date first{2000, 1, 1}, last{2025, 12, 31};
  std::set<std::string> ids, sources, years;
  std::size_t total = 0, smallest = SIZE_MAX, largest = 0;
  for (const auto& l : lines) {
    const json j = json::parse(l, nullptr, false);
    ASSERT_TRUE(j.is_object()) << l.substr(0, 200);
    for (const char* key : {"id", "date", "title", "source", "url", "lang", "text"})
      ASSERT_TRUE(j.contains(key) && j[key].is_string()) << key << " in " << l.substr(0, 200);
    const auto d = sitrep::parse_iso_date(j["date"].get<std::string>());
    ASSERT_TRUE(d.has_value()) << j["date"];
    EXPECT_GE(*d, first);
    EXPECT_LE(*d, last);
    years.insert(j["date"].get<std::string>().substr(0, 4));
    EXPECT_TRUE(ids.insert(j["id"].get<std::string>()).second) << "duplicate id " << j["id"];
    sources.insert(j["source"].get<std::string>());
    EXPECT_FALSE(j["title"].get<std::string>().empty());
    EXPECT_GT(j["text"].get<std::string>().size(), 100u);
    total += l.size() + 1;
    smallest = std::min(smallest, l.size() + 1);
    largest = std::max(largest, l.size() + 1);
  }
  const double mean = static_cast<double>(total) / 1000.0;
  EXPECT_NEAR(mean, 3000.0, 150.0);
  EXPECT_GT(smallest, 1000u);
  EXPECT_LT(largest, 6000u);
  EXPECT_GE(years.size(), 26u);  // 2000..2025
  EXPECT_GE(sources.size(), 8u);

  // Smaller articles on request.
  const auto small = lines_of(generate(7, 0, 300, 1000));
  std::size_t small_total = 0;
  for (const auto& l : small) small_total += l.size() + 1;
  EXPECT_NEAR(static_cast<double>(small_total) / 300.0, 1000.0, 120.0);

  const auto& st = generator().stats();
  EXPECT_GT(st.reuters_sentences, 50000u);
  EXPECT_GT(st.fakes_sentences, 5000u);
  EXPECT_GT(st.slots, 10000u);
}

TEST(CorporaGenerator, MissingSharedDirectoryIsNamed) {
  auto g = sitrep::corpora::CorpusGenerator::create({"/nonexistent/shared", ""});
  ASSERT_FALSE(g);
  EXPECT_NE(g.status().message().find("/nonexistent/shared"), std::string::npos) << g.status().message();
}

// The real binaries: the same seed gives byte-identical files, and sitrep-index takes all 200.
TEST(CorporaGenerator, BinaryIsDeterministicAndIndexAcceptsItsOutput) {
  NEED_CORPORA();
  Scratch tmp;
  ASSERT_FALSE(tmp.path().empty());
  const std::string gen = quote(bin("sitrep-gen-corpus")) + " --shared " + quote(shared_dir()) + " --count 200";
  const fs::path a = tmp.path() / "a.jsonl", b = tmp.path() / "b.jsonl";
  auto [st1, out1] = run(gen + " --seed 5 --out " + quote(a.string()) + " 2>&1");
  ASSERT_EQ(st1, 0) << out1;
  EXPECT_NE(out1.find("200 articles"), std::string::npos) << out1;
  auto [st2, out2] = run(gen + " --seed 5 > " + quote(b.string()) + " 2>/dev/null");
  ASSERT_EQ(st2, 0);
  const std::string bytes = slurp(a);
  EXPECT_EQ(bytes, slurp(b)) << "the same seed gave different files";
  EXPECT_EQ(lines_of(bytes).size(), 200u);

  const fs::path index = tmp.path() / "index";
  auto [st3, out3] =
      run(quote(bin("sitrep-index")) + " --index " + quote(index.string()) + " " + quote(a.string()) + " 2>&1");
  EXPECT_EQ(st3, 0) << out3;
  EXPECT_NE(out3.find("200 indexed"), std::string::npos) << out3;
  EXPECT_NE(out3.find("0 rejected"), std::string::npos) << out3;
}

TEST(CorporaLoader, FakesAndTimeAsJsonLines) {
  NEED_CORPORA();
  const fs::path c = fs::path(shared_dir()) / "corpora";
  auto [st, out] = run(quote(bin("sitrep-load-corpus")) + " --corpus fakes " + quote((c / "fakes").string()) +
                       " 2>/dev/null");
  ASSERT_EQ(st, 0);
  auto lines = lines_of(out);
  ASSERT_EQ(lines.size(), 804u);
  for (const auto& l : lines) {
    const json j = json::parse(l, nullptr, false);
    ASSERT_TRUE(j.is_object()) << l.substr(0, 200);
    EXPECT_TRUE(sitrep::parse_iso_date(j.value("date", "")).has_value()) << l.substr(0, 200);
    EXPECT_FALSE(j.value("text", "").empty());
    EXPECT_FALSE(j.value("source", "").empty());
    EXPECT_FALSE(j.value("location", "").empty());
  }
  EXPECT_EQ(json::parse(lines[0])["id"], "fakes-1");
  EXPECT_EQ(json::parse(lines[0])["date"], "2017-04-05");

  if (fs::exists(c / "time" / "TIME.ALL")) {
    auto [st2, out2] = run(quote(bin("sitrep-load-corpus")) + " --corpus time " + quote((c / "time").string()) +
                           " 2>/dev/null");
    ASSERT_EQ(st2, 0);
    lines = lines_of(out2);
    EXPECT_EQ(lines.size(), 423u);
    EXPECT_EQ(json::parse(lines[0])["id"], "time-017");
    EXPECT_EQ(json::parse(lines[0])["date"], "1963-01-04");
  }
}

TEST(CorporaLoader, ReutersAsJsonLines) {
  NEED_CORPORA();
  const fs::path dir = fs::path(shared_dir()) / "corpora" / "reuters21578";
  auto [st, out] = run(quote(bin("sitrep-load-corpus")) + " --corpus reuters " + quote(dir.string()) + " 2>/dev/null");
  ASSERT_EQ(st, 0);
  const auto lines = lines_of(out);
  EXPECT_GE(lines.size(), 21570u);  // one document of 21,578 has no text at all
  const json first = json::parse(lines.front());
  EXPECT_EQ(first["id"], "reuters-1");
  EXPECT_EQ(first["date"], "1987-02-26");
  EXPECT_EQ(first["title"], "BAHIA COCOA REVIEW");
  EXPECT_EQ(first["text"].get<std::string>().rfind("SALVADOR, Feb 26 - Showers", 0), 0u);
  EXPECT_EQ(first["text"].get<std::string>().find("Reuter\n"), std::string::npos);
}

TEST(CorporaLoader, MissingDirectoryIsNamed) {
  auto [st, out] = run(quote(bin("sitrep-load-corpus")) + " --corpus reuters /nonexistent/reuters 2>&1");
  EXPECT_EQ(st, 1);
  EXPECT_NE(out.find("/nonexistent/reuters"), std::string::npos) << out;
  auto [st2, out2] = run(quote(bin("sitrep-load-corpus")) + " --corpus nonsense /tmp 2>&1");
  EXPECT_EQ(st2, 2) << out2;
}
