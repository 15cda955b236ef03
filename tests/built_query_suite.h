// A test suite over a small index of its own: the suite's articles indexed once, a Searcher over
// them, and the Xapian queries the searcher builds for a query (searcher/src/query_builder.h).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "index_util.h"
#include "query_builder.h"
#include "sitrep/searcher.h"
#include "test_util.h"

namespace sitrep::test {

// Suite: the deriving test class (each suite keeps its own index).
template <typename Suite>
class BuiltQuerySuite : public ::testing::Test {
 protected:
  // Indexes `articles` into a scratch index of this process named `name`, and opens a Searcher.
  static void index_suite(const std::string& name, const std::vector<Article>& articles) {
    dir_ = process_scratch(name).string();
    ASSERT_TRUE(index_articles(dir_, articles));
    auto s = Searcher::open(dir_);
    ASSERT_TRUE(s) << s.status().to_string();
    searcher_.emplace(std::move(s).value());
  }
  static void TearDownTestSuite() {
    searcher_.reset();
    std::filesystem::remove_all(dir_);
  }
  // The queries the searcher runs for `q`.
  static Built built(const Xapian::Database& db, const std::string& q) {
    auto parsed = searcher_->parse(q);
    EXPECT_TRUE(parsed) << parsed.status().to_string();
    return build_query(db, gazetteer(), *parsed, QueryLimits{});
  }
  static inline std::string dir_;
  static inline std::optional<Searcher> searcher_;
};

}  // namespace sitrep::test
