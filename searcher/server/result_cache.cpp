// sitrep-serve's result cache (see result_cache.h).
#include "result_cache.h"

#include "http_api.h"

namespace sitrep::server {
namespace {

// What an entry holds, roughly: its key, the answer's body and headers, and the bookkeeping.
std::size_t cost(const std::string& key, const ApiResponse& r) {
  std::size_t n = 2 * key.size() + r.body.size() + r.content_type.size() + 256;
  for (const auto& [k, v] : r.headers) n += k.size() + v.size() + 64;
  return n;
}

}  // namespace

ResultCache::ResultCache(std::size_t max_bytes) : max_bytes_(max_bytes) { stats_.max_bytes = max_bytes; }
ResultCache::~ResultCache() = default;

void ResultCache::see_revision(std::uint64_t revision) {
  if (revision <= revision_) return;
  if (!lru_.empty()) ++stats_.clears;
  index_.clear();
  lru_.clear();
  stats_.bytes = 0;
  stats_.entries = 0;
  revision_ = revision;
}

std::shared_ptr<const ApiResponse> ResultCache::get(const std::string& key, std::uint64_t revision) {
  if (max_bytes_ == 0) return nullptr;
  std::lock_guard<std::mutex> lock(m_);
  see_revision(revision);
  auto it = revision == revision_ ? index_.find(key) : index_.end();
  if (it == index_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->response;
}

void ResultCache::put(const std::string& key, std::uint64_t revision, ApiResponse response) {
  if (max_bytes_ == 0) return;
  const std::size_t bytes = cost(key, response);
  if (bytes > max_bytes_ / 8) return;
  auto shared = std::make_shared<const ApiResponse>(std::move(response));
  std::lock_guard<std::mutex> lock(m_);
  see_revision(revision);
  if (revision != revision_) return;  // answered for an index older than the cache's
  if (auto it = index_.find(key); it != index_.end()) return;  // another thread was first
  lru_.push_front(Entry{key, std::move(shared), bytes});
  index_.emplace(lru_.front().key, lru_.begin());
  stats_.bytes += bytes;
  ++stats_.entries;
  while (stats_.bytes > max_bytes_ && !lru_.empty()) {
    const Entry& last = lru_.back();
    index_.erase(last.key);
    stats_.bytes -= last.bytes;
    --stats_.entries;
    ++stats_.evictions;
    lru_.pop_back();
  }
}

ResultCache::Stats ResultCache::stats() const {
  std::lock_guard<std::mutex> lock(m_);
  return stats_;
}

}  // namespace sitrep::server
