// sitrep: the searcher's database handles (see handle_pool.h).
#include "handle_pool.h"

namespace sitrep {

HandlePool::HandlePool(std::string index_dir, std::vector<std::string> shard_paths)
    : index_dir_(std::move(index_dir)), shard_paths_(std::move(shard_paths)) {}

void HandlePool::give(std::unique_ptr<Xapian::Database> db) {
  std::lock_guard<std::mutex> lock(mutex_);
  free_.push_back({std::move(db), {}});
}

HandlePool::Handle::Handle(const HandlePool& pool) : pool_(pool) {
  {
    std::lock_guard<std::mutex> lock(pool_.mutex_);
    if (!pool_.free_.empty()) {
      p_ = std::move(pool_.free_.back());
      pool_.free_.pop_back();
    }
  }
  if (p_.db)
    p_.db->reopen();  // see the latest commit
  else
    p_.db = std::make_unique<Xapian::Database>(pool_.index_dir_);
}

HandlePool::Handle::~Handle() {
  if (!p_.db) return;
  std::lock_guard<std::mutex> lock(pool_.mutex_);
  pool_.free_.push_back(std::move(p_));
}

void HandlePool::Handle::refresh() {
  if (!p_.db->reopen()) p_.db = std::make_unique<Xapian::Database>(pool_.index_dir_);
}

Xapian::rev HandlePool::Handle::revision() {
  if (pool_.shard_paths_.empty()) return p_.db->get_revision();
  if (p_.shards.empty()) {
    for (const auto& path : pool_.shard_paths_) p_.shards.emplace_back(path);
  } else {
    for (auto& shard : p_.shards) shard.reopen();
  }
  Xapian::rev sum = 0;
  for (const auto& shard : p_.shards) sum += shard.get_revision();
  p_.db->reopen();
  return sum;
}

std::vector<const Xapian::Database*> HandlePool::Handle::shards() const {
  std::vector<const Xapian::Database*> out;
  for (const auto& shard : p_.shards) out.push_back(&shard);
  return out;
}

std::vector<Xapian::rev> HandlePool::Handle::shard_revisions() const {
  std::vector<Xapian::rev> out;
  for (const auto& shard : p_.shards) out.push_back(shard.get_revision());
  return out;
}

}  // namespace sitrep
