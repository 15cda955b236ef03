// Runs sitrep-import-ucdp on the real UCDP Actor Dataset when ../shared is there (skips otherwise),
// and loads its output into the real gazetteer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"

namespace {

namespace fs = std::filesystem;

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

struct Row {
  std::string id, name;
  std::vector<std::string> aliases;
  std::string kind;
  std::vector<std::string> countries;
};

class UcdpRealDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = env_or("SITREP_TEST_SOURCE_DIR", SITREP_TEST_SOURCE_DIR);
    csv_ = fs::path(source_) / ".." / "shared" / "corpora" / "ucdp-actors" / "ucdp-actor-221.csv";
    if (!fs::exists(csv_))
      GTEST_SKIP() << "the UCDP Actor Dataset is not here (" << csv_.string()
                   << "): ../shared is absent, so the real-data import is not tested";
    // One directory per test: ctest runs tests in parallel.
    tmp_ = fs::path(env_or("SITREP_TEST_TMP_DIR", SITREP_TEST_TMP_DIR)) / "ucdp_real_data" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
  }

  // Runs the importer; returns its exit status, fills out_ and err_.
  int run_importer() {
    const fs::path bin = fs::path(env_or("SITREP_TEST_BIN_DIR", SITREP_TEST_BIN_DIR)) / "sitrep-import-ucdp";
    const fs::path data = fs::path(source_) / "shared" / "data";
    const fs::path out = tmp_ / "extra-actors-ucdp.tsv", err = tmp_ / "stderr.txt";
    auto quoted = [](const fs::path& p) {
      std::string q(1, '\'');
      q += p.string();
      q.push_back('\'');
      return q;
    };
    std::ostringstream cmd;
    cmd << quoted(bin) << " --curated " << quoted(data / "actors.tsv") << " --countries "
        << quoted(data / "countries.tsv") << ' ' << quoted(csv_) << " > " << quoted(out) << " 2> " << quoted(err);
    const int status = std::system(cmd.str().c_str());
    out_ = read_all(out);
    err_ = read_all(err);
    return status;
  }

  std::string source_;
  fs::path csv_, tmp_;
  std::string out_, err_;
};

TEST_F(UcdpRealDataTest, ImportsTheRealFile) {
  ASSERT_EQ(run_importer(), 0) << err_;

  std::istringstream in(out_);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line.rfind("# UCDP Actor Dataset version 22.1", 0), 0u) << line;
  EXPECT_NE(line.find("Davies, Pettersson & Öberg (2022)"), std::string::npos);

  std::vector<Row> rows;
  std::set<std::string> ids;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    ASSERT_EQ(f.size(), 5u) << "line " << line_no << ": " << line;
    EXPECT_EQ(f[0].rfind("ucdp-", 0), 0u) << line;
    EXPECT_TRUE(ids.insert(f[0]).second) << "duplicate id " << f[0];
    EXPECT_FALSE(f[1].empty()) << line;
    Row r{f[0], f[1], f[2].empty() ? std::vector<std::string>{} : split(f[2], '|'), f[3],
          f[4].empty() ? std::vector<std::string>{} : split(f[4], '|')};
    EXPECT_TRUE(r.kind == "armed-group" || r.kind == "government") << line;  // default: Org 1 and 4
    for (const auto& c : r.countries) EXPECT_EQ(c.size(), 2u) << line;
    rows.push_back(std::move(r));
  }
  EXPECT_GE(rows.size(), 500u);

  // The curated Hezbollah and Islamic State win: UCDP's entries are not written again.
  for (const auto& r : rows) {
    std::vector<std::string> names{r.name};
    names.insert(names.end(), r.aliases.begin(), r.aliases.end());
    for (const auto& n : names) {
      const auto l = lower(n);
      EXPECT_NE(l, "hezbollah") << r.id;
      EXPECT_NE(l, "party of god") << r.id;
      EXPECT_NE(l, "isis") << r.id;
      EXPECT_NE(l, "islamic state") << r.id;
    }
  }
  EXPECT_EQ(ids.count("ucdp-366"), 0u);  // Hezbollah
  EXPECT_EQ(ids.count("ucdp-234"), 0u);  // IS

  // Groups only UCDP lists, with their countries.
  auto find = [&](const std::string& id) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.id == id; });
    return it == rows.end() ? nullptr : &*it;
  };
  const Row* milf = find("ucdp-276");
  ASSERT_NE(milf, nullptr);
  EXPECT_EQ(milf->name, "Moro Islamic Liberation Front");
  EXPECT_EQ(milf->kind, "armed-group");
  EXPECT_EQ(milf->countries, std::vector<std::string>{"ph"});
  EXPECT_NE(std::find(milf->aliases.begin(), milf->aliases.end(), "MILF"), milf->aliases.end());
  const Row* lra = find("ucdp-488");  // renamed: shown under its present name
  ASSERT_NE(lra, nullptr);
  EXPECT_EQ(lra->name, "Lord's Resistance Army");
  EXPECT_NE(std::find(lra->countries.begin(), lra->countries.end(), "ug"), lra->countries.end());
  const Row* usa = find("ucdp-3");  // a government; "Vietnam (North Vietnam)" and the like mapped
  ASSERT_NE(usa, nullptr);
  EXPECT_EQ(usa->kind, "government");
  for (const char* code : {"us", "vn", "rs", "kh", "ye"})
    EXPECT_NE(std::find(usa->countries.begin(), usa->countries.end(), code), usa->countries.end()) << code;

  // The summary and the unknown locations are on standard error.
  EXPECT_NE(err_.find("read 1725 actors"), std::string::npos) << err_;
  EXPECT_NE(err_.find("already in the curated list"), std::string::npos) << err_;
  EXPECT_NE(err_.find("unknown location 'Hyderabad'"), std::string::npos) << err_;
}

// The output is an extra-actors file the real gazetteer loads beside the curated files, and the
// curated actors keep their names.
TEST_F(UcdpRealDataTest, TheGazetteerLoadsTheOutput) {
  ASSERT_EQ(run_importer(), 0) << err_;
  const fs::path curated_dir = sitrep::Gazetteer::default_data_dir();
  ASSERT_TRUE(fs::exists(curated_dir / "actors.tsv")) << curated_dir;
  const fs::path dir = tmp_ / "data";
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(curated_dir)) {
    const auto name = e.path().filename().string();
    if (e.is_regular_file() && e.path().extension() == ".tsv" && name.rfind("extra-actors", 0) != 0)
      fs::copy_file(e.path(), dir / name);
  }
  fs::copy_file(tmp_ / "extra-actors-ucdp.tsv", dir / "extra-actors-ucdp.tsv");

  const sitrep::Analyzer analyzer;
  auto g = sitrep::Gazetteer::load(dir.string(), analyzer);
  ASSERT_TRUE(g) << g.status().to_string();
  ASSERT_NE(g->actor("ucdp-276"), nullptr);
  EXPECT_EQ(g->actor("ucdp-276")->name, "Moro Islamic Liberation Front");
  ASSERT_NE(g->actor("hezbollah"), nullptr);

  auto actor_ids = [&](const std::string& name) {
    std::set<std::string> ids;
    for (const auto& m : g->lookup(name))
      if (m.kind == sitrep::EntityKind::kActor) ids.insert(g->actors()[m.index].id);
    return ids;
  };
  EXPECT_EQ(actor_ids("Moro Islamic Liberation Front"), std::set<std::string>{"ucdp-276"});
  EXPECT_EQ(actor_ids("MILF"), std::set<std::string>{"ucdp-276"});
  EXPECT_EQ(actor_ids("Hezbollah"), std::set<std::string>{"hezbollah"});
  EXPECT_EQ(actor_ids("Party of God"), std::set<std::string>{"hezbollah"});
  EXPECT_EQ(actor_ids("ISIS"), std::set<std::string>{"isis"});
  EXPECT_EQ(actor_ids("Islamic State"), std::set<std::string>{"isis"});
}

}  // namespace
