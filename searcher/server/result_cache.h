// sitrep-serve's result cache: answers of /search and /facets kept in memory, keyed on the
// request as the API read it (the normalised query and every option that shapes the answer) and
// on the index revision, bounded by bytes (the least recently used answers go first).
//
// A commit raises the index revision: the first lookup or insertion that names a newer revision
// empties the cache, so an answer is never served for an older index than the caller saw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sitrep::server {

struct ApiResponse;

class ResultCache {
 public:
  // max_bytes 0: nothing is kept.
  explicit ResultCache(std::size_t max_bytes);
  ~ResultCache();
  ResultCache(const ResultCache&) = delete;
  ResultCache& operator=(const ResultCache&) = delete;

  // The answer stored under key for this revision, or null.
  std::shared_ptr<const ApiResponse> get(const std::string& key, std::uint64_t revision);
  // Stores an answer (one larger than an eighth of the capacity is not kept).
  void put(const std::string& key, std::uint64_t revision, ApiResponse response);

  struct Stats {
    std::uint64_t hits = 0, misses = 0, evictions = 0, clears = 0;
    std::size_t entries = 0, bytes = 0, max_bytes = 0;
  };
  Stats stats() const;
  std::size_t max_bytes() const { return max_bytes_; }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const ApiResponse> response;
    std::size_t bytes = 0;
  };
  // Drops everything when revision is newer than the entries'; callers hold m_.
  void see_revision(std::uint64_t revision);

  const std::size_t max_bytes_;
  mutable std::mutex m_;
  std::uint64_t revision_ = 0;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views of Entry::key
  Stats stats_;
};

}  // namespace sitrep::server
