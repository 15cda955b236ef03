// sitrep: the whole match set of a query as a compressed bitmap (CRoaring), evaluated from the
// query's posting lists instead of Xapian's matcher: AND, OR, AND_NOT, FILTER, SYNONYM, MAX and
// XOR are set operations on the posting lists of their terms; AND_MAYBE and SCALE_WEIGHT keep
// the match set of their left side. Positional and value operators (PHRASE, NEAR, WILDCARD,
// VALUE_*), posting sources and anything else are matched by Xapian itself (an unweighted pass
// over that part alone) and come back as a bitmap too, so the answer is always exactly the set of
// documents Xapian would match.
//
// Posting lists read as bitmaps are kept in a PostingCache for the revision they were read at
// (bounded in bytes, least recently used out): the filters a website's queries share (a country,
// a year, an actor) cost a bitmap intersection after their first use.
#pragma once

#include <roaring/roaring.hh>
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sitrep {

class PostingCache {
 public:
  explicit PostingCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  // The documents of `term` at `revision` (read from db when not cached; a new revision empties
  // the cache). The empty term is every document. `cached`, when given, says whether it was there.
  std::shared_ptr<const Roaring> get(const Xapian::Database& db, Xapian::rev revision, const std::string& term,
                                     bool* cached = nullptr);
  std::size_t bytes() const;
  std::size_t entries() const;

 private:
  struct Entry {
    std::shared_ptr<const Roaring> docs;
    std::size_t bytes = 0;
    std::list<std::string>::iterator lru;
  };
  void evict_locked();
  std::size_t max_bytes_;
  mutable std::mutex m_;
  Xapian::rev revision_ = 0;
  bool have_revision_ = false;
  std::size_t bytes_ = 0;
  std::list<std::string> lru_;  // most recently used first
  std::unordered_map<std::string, Entry> entries_;
};

// What evaluating a query cost (for tests and benchmarks).
struct MatchSetStats {
  std::size_t terms = 0;          // posting lists used
  std::size_t cached = 0;         // of which found in the cache
  std::size_t postings_read = 0;  // postings read from the index
  std::size_t fallbacks = 0;      // parts matched by Xapian (phrases, wildcards, ...)
};

// The documents `query` matches in db, as a bitmap of docids. With a cache (and the index's
// revision), term posting lists are taken from it and added to it.
Roaring match_set(const Xapian::Database& db, const Xapian::Query& query, PostingCache* cache = nullptr,
                  Xapian::rev revision = 0, MatchSetStats* stats = nullptr);

// The documents `query` matches in a database made of `shards` (a stub listing them in this
// order), as a bitmap of the stub's docids: each shard's match set is evaluated on a thread of its
// own (the first on the caller's) and the sets are merged (the stub's docid of a shard's document
// d is (d - 1) * shards + shard + 1). The same set as match_set over the stub. `caches` (when not
// empty: one per shard, each with the shard's revision in `revisions`) keep each shard's posting
// lists.
Roaring match_set_over_shards(const std::vector<const Xapian::Database*>& shards, const Xapian::Query& query,
                              const std::vector<PostingCache*>& caches = {},
                              const std::vector<Xapian::rev>& revisions = {});

// The bitmap of a posting list read from db (no cache).
Roaring read_postings(const Xapian::Database& db, const std::string& term, std::size_t* postings = nullptr);

}  // namespace sitrep
