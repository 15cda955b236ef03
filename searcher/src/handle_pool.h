// sitrep: the searcher's database handles. A Xapian::Database is not safe for concurrent use:
// each search borrows a handle of its own from the pool (opening one when none is free), reopened
// to see the latest commit, and gives it back when done.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace sitrep {

class HandlePool {
 public:
  // index_dir: a database or a stub; shard_paths: the shards of a stub of local databases (each
  // is also opened on its own, for its revision), empty otherwise.
  HandlePool(std::string index_dir, std::vector<std::string> shard_paths = {});
  // A database opened by the caller joins the pool.
  void give(std::unique_ptr<Xapian::Database> db);
  void set_shard_paths(std::vector<std::string> paths) { shard_paths_ = std::move(paths); }
  // Whether the index is a stub of local shards.
  bool local_shards() const { return !shard_paths_.empty(); }

  class Handle {
   public:
    explicit Handle(const HandlePool& pool);
    ~Handle();
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Xapian::Database& db() { return *p_.db; }
    // After DatabaseModifiedError: the handle is reopened (or dropped and opened afresh).
    void refresh();
    // The index's revision: the database's own, or for local shards the sum of theirs (a commit
    // raises one shard's, so the sum grows with every commit). The shards are read at their
    // latest commit, then the handle is reopened: what it sees is never older than the revision
    // returned (a cache keyed on it may be newer than its key, and is then rebuilt; never older).
    // Throws Xapian::InvalidOperationError when there is none (remote shards).
    Xapian::rev revision();
    // A stub of local shards: its shards as revision() last opened them (empty before, and for one
    // database), with their revisions.
    std::vector<const Xapian::Database*> shards() const;
    std::vector<Xapian::rev> shard_revisions() const;

   private:
    const HandlePool& pool_;
    struct Pooled {
      std::unique_ptr<Xapian::Database> db;
      std::vector<Xapian::Database> shards;
    } p_;
    friend class HandlePool;
  };

  // Runs fn(db) with a pooled handle; retries on DatabaseModifiedError (a writer committed twice
  // while the read was under way).
  template <typename Fn>
  auto with_db(Fn&& fn) const -> decltype(fn(std::declval<Xapian::Database&>())) {
    Handle h(*this);
    for (int attempt = 1;; ++attempt) {
      try {
        return fn(h.db());
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kReadAttempts) throw;
        h.refresh();
      }
    }
  }

  // How many times a read is tried when writers keep committing under it.
  static constexpr int kReadAttempts = 4;

 private:
  std::string index_dir_;
  std::vector<std::string> shard_paths_;
  mutable std::mutex mutex_;
  mutable std::vector<Handle::Pooled> free_;
};

}  // namespace sitrep
