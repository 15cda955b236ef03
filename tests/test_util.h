// Helpers shared by sitrep's tests.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/article.h"
#include "sitrep/gazetteer.h"
#include "test_process.h"

namespace sitrep::test {

inline std::string source_dir() { return env_or("SITREP_SOURCE_DIR", SITREP_TEST_SOURCE_DIR); }
inline std::string bin_dir() { return env_or("SITREP_BIN_DIR", SITREP_TEST_BIN_DIR); }

// The team's data folder beside the project (../shared), or "" when absent.
inline std::string shared_dir() {
  const std::string d = env_or("SITREP_SHARED_DIR", source_dir() + "/../shared");
  return std::filesystem::exists(d + "/seed/article-2024-12-07.txt") ? d : "";
}

// A fresh scratch directory for one test.
inline std::filesystem::path scratch(const std::string& name) {
  auto base = std::filesystem::path(env_or("SITREP_TEST_TMP", SITREP_TEST_TMP_DIR));
  auto p = base / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

// A scratch directory of this process's own (ctest runs test programs two at a time; a test
// program's tests share it).
inline std::filesystem::path process_scratch(const std::string& name) {
  return scratch(name + "-" + std::to_string(getpid()));
}

// An English article for an Indexer.
inline Article article(std::string id, Date date, std::string title, std::string text,
                       std::string source = "Test Wire") {
  Article a;
  a.id = std::move(id);
  a.date = date;
  a.title = std::move(title);
  a.text = std::move(text);
  a.source = std::move(source);
  a.lang = "en";
  a.origin = a.id;
  return a;
}

// The entries of a multi-valued slot's value (joined by '\n'; empty ones skipped).
inline std::vector<std::string> slot_entries(const std::string& v) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < v.size();) {
    std::size_t end = v.find('\n', start);
    if (end == std::string::npos) end = v.size();
    if (end > start) out.push_back(v.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

inline void write_file(const std::filesystem::path& p, const std::string& content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
}

// A copy of the gazetteer's data directory in a scratch directory `name`, every file linked to the
// original except `file`, whose text is the original's with `from` replaced by `to` (which must
// occur in it).
inline std::string data_dir_with(const std::string& name, const std::string& file, const std::string& from,
                                 const std::string& to) {
  const auto dir = process_scratch(name);
  for (const auto& e : std::filesystem::directory_iterator(Gazetteer::default_data_dir())) {
    if (e.path().filename() == file) {
      std::ifstream in(e.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const auto at = text.find(from);
      if (at == std::string::npos) {
        std::fprintf(stderr, "data_dir_with: '%s' not in %s\n", from.c_str(), file.c_str());
        std::abort();
      }
      write_file(dir / file, text.replace(at, from.size(), to));
    } else {
      std::filesystem::create_symlink(std::filesystem::absolute(e.path()), dir / e.path().filename());
    }
  }
  return dir.string();
}

// One analyzer and gazetteer for a whole test program.
inline const Analyzer& analyzer() {
  static const Analyzer a;
  return a;
}
inline const Gazetteer& gazetteer() {
  static const Gazetteer g = [] {
    auto r = Gazetteer::load(Gazetteer::default_data_dir(), analyzer());
    if (!r) {
      std::fprintf(stderr, "cannot load gazetteer: %s\n", r.status().to_string().c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return g;
}

}  // namespace sitrep::test
