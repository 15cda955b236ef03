// sitrep: writes analysed, tagged articles into a Xapian database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "sitrep/article.h"
#include "sitrep/status.h"

namespace sitrep {

struct IndexerOptions {
  std::string data_dir;           // gazetteer files; empty: Gazetteer::default_data_dir()
  std::size_t batch_size = 1000;  // commit after this many changes
};

struct IndexStats {
  std::size_t added = 0;     // new articles
  std::size_t replaced = 0;  // articles whose id was already in the index
  std::size_t deleted = 0;
  std::uint64_t bytes = 0;  // text bytes analysed
};

// What add() did with an article.
enum class AddOutcome { kAdded, kReplaced };

class Indexer {
 public:
  // Creates the index directory when it does not exist. Fails when another writer holds the lock
  // or when the index was written with an unknown schema version.
  static Result<Indexer> open(const std::string& index_dir, const IndexerOptions& options = {});

  Indexer(Indexer&&) noexcept;
  Indexer& operator=(Indexer&&) noexcept;
  ~Indexer();  // commits what is pending

  Result<AddOutcome> add(const Article& article);
  // Removes an article by id; kNotFound when it is not in the index.
  Status remove(const std::string& id);
  Status commit();

  const IndexStats& stats() const noexcept;
  std::uint64_t document_count() const;

 private:
  Indexer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep
