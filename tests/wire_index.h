// The wire corpus of total_util.h indexed with the library's Indexer (for the tests that link it).
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "sitrep/indexer.h"
#include "test_util.h"
#include "total_util.h"

namespace sitrep::test {

// The wire corpus in the scratch directory `name` (its "index" folder, returned), in one index or
// in `shards` shards.
inline std::string index_wire_corpus(const std::string& name, std::size_t shards = 0) {
  const std::string dir = (scratch(name) / "index").string();
  IndexerOptions options;
  options.shards = shards;
  auto ix = Indexer::open(dir, options);
  EXPECT_TRUE(ix) << ix.status().to_string();
  if (!ix) return dir;
  for (const auto& a : wire_corpus()) {
    auto added = ix->add(article(a.id, *parse_iso_date(a.date), a.title, a.text, a.source));
    EXPECT_TRUE(added) << a.id << ": " << added.status().to_string();
  }
  EXPECT_TRUE(ix->commit());
  return dir;
}

}  // namespace sitrep::test
