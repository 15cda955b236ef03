// A small index for a test: articles added and committed by the library's Indexer, and the ids
// of an answer's hits.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/indexer.h"
#include "sitrep/searcher.h"

namespace sitrep::test {

// Indexes `articles` into `dir` and commits; the failure says which step failed.
inline ::testing::AssertionResult index_articles(const std::string& dir, const std::vector<Article>& articles) {
  auto ix = Indexer::open(dir);
  if (!ix) return ::testing::AssertionFailure() << ix.status().to_string();
  for (const auto& a : articles)
    if (auto r = ix->add(a); !r) return ::testing::AssertionFailure() << a.id << ": " << r.status().to_string();
  if (Status c = ix->commit(); !c) return ::testing::AssertionFailure() << c.to_string();
  return ::testing::AssertionSuccess();
}

// The article ids of an answer's hits, in rank order.
inline std::vector<std::string> hit_ids(const SearchResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

}  // namespace sitrep::test
