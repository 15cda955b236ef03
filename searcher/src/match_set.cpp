#include "match_set.h"

#include <algorithm>
#include <future>
#include <vector>

namespace sitrep {

Roaring read_postings(const Xapian::Database& db, const std::string& term, std::size_t* postings) {
  Roaring out;
  std::vector<std::uint32_t> buf;
  buf.reserve(4096);
  std::size_t n = 0;
  for (auto it = db.postlist_begin(term), end = db.postlist_end(term); it != end; ++it) {
    buf.push_back(static_cast<std::uint32_t>(*it));
    if (buf.size() == 4096) {
      out.addMany(buf.size(), buf.data());
      n += buf.size();
      buf.clear();
    }
  }
  out.addMany(buf.size(), buf.data());
  n += buf.size();
  out.runOptimize();
  if (postings) *postings += n;
  return out;
}

std::shared_ptr<const Roaring> PostingCache::get(const Xapian::Database& db, Xapian::rev revision,
                                                 const std::string& term, bool* cached) {
  if (cached) *cached = false;
  {
    std::lock_guard<std::mutex> lock(m_);
    if (!have_revision_ || revision_ != revision) {
      entries_.clear();
      lru_.clear();
      bytes_ = 0;
      revision_ = revision;
      have_revision_ = true;
    }
    if (auto it = entries_.find(term); it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      if (cached) *cached = true;
      return it->second.docs;
    }
  }
  // Read outside the lock: other searches go on meanwhile (two may read the same term once each).
  auto docs = std::make_shared<const Roaring>(read_postings(db, term));
  const std::size_t size = docs->getSizeInBytes() + term.size() + 64;
  std::lock_guard<std::mutex> lock(m_);
  if (revision_ != revision || size > max_bytes_) return docs;
  if (auto it = entries_.find(term); it != entries_.end()) return it->second.docs;
  lru_.push_front(term);
  entries_[term] = Entry{docs, size, lru_.begin()};
  bytes_ += size;
  evict_locked();
  return docs;
}

void PostingCache::evict_locked() {
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    auto it = entries_.find(lru_.back());
    bytes_ -= it->second.bytes;
    entries_.erase(it);
    lru_.pop_back();
  }
}

std::size_t PostingCache::bytes() const {
  std::lock_guard<std::mutex> lock(m_);
  return bytes_;
}

std::size_t PostingCache::entries() const {
  std::lock_guard<std::mutex> lock(m_);
  return entries_.size();
}

namespace {

bool is_match_all(const Xapian::Query& q) {
  if (q.get_type() == Xapian::Query::LEAF_MATCH_ALL) return true;
  if (q.get_type() != Xapian::Query::LEAF_TERM) return false;
  auto t = q.get_terms_begin();
  return t == q.get_terms_end() || (*t).empty();
}

class Evaluator {
 public:
  Evaluator(const Xapian::Database& db, PostingCache* cache, Xapian::rev revision, MatchSetStats& stats)
      : db_(db), cache_(cache), revision_(revision), stats_(stats) {}

  Roaring eval(const Xapian::Query& q) {
    using Q = Xapian::Query;
    switch (q.get_type()) {
      case Q::LEAF_MATCH_NOTHING:
        return Roaring();
      case Q::LEAF_MATCH_ALL:
        return term(std::string());
      case Q::LEAF_TERM: {
        auto t = q.get_terms_begin();
        return term(t == q.get_terms_end() ? std::string() : *t);
      }
      case Q::OP_AND:
      case Q::OP_FILTER: {
        // Every document ANDed adds nothing: it is read only when all the parts are it.
        std::vector<Xapian::Query> parts;
        for (std::size_t k = 0; k < q.get_num_subqueries(); ++k)
          if (Xapian::Query sub = q.get_subquery(k); !is_match_all(sub)) parts.push_back(std::move(sub));
        if (parts.empty()) return q.get_num_subqueries() == 0 ? Roaring() : term(std::string());
        Roaring acc = eval(parts.front());
        for (std::size_t k = 1; k < parts.size() && !acc.isEmpty(); ++k) acc &= eval(parts[k]);
        return acc;
      }
      case Q::OP_OR:
      case Q::OP_SYNONYM:
      case Q::OP_MAX: {
        const std::size_t n = q.get_num_subqueries();
        std::vector<Roaring> parts;
        parts.reserve(n);
        for (std::size_t k = 0; k < n; ++k) parts.push_back(eval(q.get_subquery(k)));
        std::vector<const Roaring*> ptrs;
        for (const auto& p : parts) ptrs.push_back(&p);
        if (ptrs.empty()) return Roaring();
        if (ptrs.size() == 1) return std::move(parts.front());
        return Roaring::fastunion(ptrs.size(), ptrs.data());
      }
      case Q::OP_AND_NOT: {
        const std::size_t n = q.get_num_subqueries();
        if (n == 0) return Roaring();
        Roaring acc = eval(q.get_subquery(0));
        for (std::size_t k = 1; k < n && !acc.isEmpty(); ++k) acc -= eval(q.get_subquery(k));
        return acc;
      }
      case Q::OP_XOR: {
        const std::size_t n = q.get_num_subqueries();
        Roaring acc;
        for (std::size_t k = 0; k < n; ++k) acc ^= eval(q.get_subquery(k));
        return acc;
      }
      case Q::OP_AND_MAYBE:
      case Q::OP_SCALE_WEIGHT:
        // The optional side and the scale factor change weights, not the match set.
        return q.get_num_subqueries() == 0 ? Roaring() : eval(q.get_subquery(0));
      default:
        return by_xapian(q);
    }
  }

 private:
  Roaring term(const std::string& t) {
    ++stats_.terms;
    if (cache_) {
      bool cached = false;
      auto docs = cache_->get(db_, revision_, t, &cached);
      stats_.cached += cached;
      return *docs;
    }
    return read_postings(db_, t, &stats_.postings_read);
  }

  // Phrases, NEAR, wildcards, value ranges, posting sources: Xapian matches them.
  Roaring by_xapian(const Xapian::Query& q) {
    ++stats_.fallbacks;
    Xapian::Enquire e(db_);
    e.set_query(q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    e.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::doccount all = db_.get_doccount();
    const Xapian::MSet m = e.get_mset(0, all, all);
    std::vector<std::uint32_t> ids;
    ids.reserve(m.size());
    for (auto it = m.begin(); it != m.end(); ++it) ids.push_back(static_cast<std::uint32_t>(*it));
    Roaring out;
    out.addMany(ids.size(), ids.data());
    return out;
  }

  const Xapian::Database& db_;
  PostingCache* cache_;
  Xapian::rev revision_;
  MatchSetStats& stats_;
};

}  // namespace

Roaring match_set(const Xapian::Database& db, const Xapian::Query& query, PostingCache* cache, Xapian::rev revision,
                  MatchSetStats* stats) {
  MatchSetStats local;
  Evaluator ev(db, cache, revision, stats ? *stats : local);
  return ev.eval(query);
}

Roaring match_set_over_shards(const std::vector<const Xapian::Database*>& shards, const Xapian::Query& query,
                              const std::vector<PostingCache*>& caches, const std::vector<Xapian::rev>& revisions) {
  const std::size_t n = shards.size();
  std::vector<Roaring> sets(n);
  // A Xapian::Query's parts are reference-counted without atomics: each thread evaluates a copy of
  // its own, unserialised from one serialisation (the posting sources queries use are Xapian's).
  const std::string serialised = query.serialise();
  auto one = [&](std::size_t i) {
    const Xapian::Query own = i == 0 ? query : Xapian::Query::unserialise(serialised);
    const bool cached = i < caches.size() && caches[i] && i < revisions.size();
    sets[i] = match_set(*shards[i], own, cached ? caches[i] : nullptr, cached ? revisions[i] : 0);
  };
  std::vector<std::future<void>> others;
  for (std::size_t i = 1; i < n; ++i) others.push_back(std::async(std::launch::async, one, i));
  if (n > 0) one(0);
  for (auto& o : others) o.get();
  if (n == 1) return std::move(sets[0]);
  std::size_t total = 0;
  for (const auto& s : sets) total += s.cardinality();
  std::vector<std::uint32_t> ids;
  ids.reserve(total);
  for (std::size_t i = 0; i < n; ++i)
    for (const std::uint32_t d : sets[i])
      ids.push_back(static_cast<std::uint32_t>((static_cast<std::uint64_t>(d) - 1) * n + i + 1));
  std::sort(ids.begin(), ids.end());
  Roaring out;
  out.addMany(ids.size(), ids.data());
  return out;
}

}  // namespace sitrep
