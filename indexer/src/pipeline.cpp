#include "pipeline.h"

#include <algorithm>
#include <cstdlib>
#include <exception>

#include "sitrep/schema.h"

namespace sitrep::detail {
namespace {

// Xapian's glass backend rejects longer terms, and a failed replace_document() discards every
// change since the last commit: such an article is rejected before it reaches the writer.
constexpr std::size_t kMaxTermBytes = 245;

}  // namespace

Pipeline::Pipeline(std::vector<Xapian::WritableDatabase> shards, Builder build, PipelineOptions options)
    : build_(std::move(build)), options_(options) {
  if (options_.batch_size == 0) options_.batch_size = 1;
  if (options_.max_in_flight == 0) options_.max_in_flight = 32 + 16 * options_.threads;
  // As GlassWritableDatabase reads it when opened (0 or unset: 10000).
  if (const char* t = std::getenv("XAPIAN_FLUSH_THRESHOLD"); t && std::atoi(t) > 0)
    xapian_flush_threshold_ = static_cast<std::size_t>(std::atoi(t));
  for (std::size_t i = 0; i < shards.size(); ++i) {
    auto s = std::make_unique<Shard>();
    s->db = std::move(shards[i]);
    if (i < options_.checkpoints.size()) s->checkpoint = options_.checkpoints[i];
    s->batch = batch_for(s->db.get_doccount());
    shards_.push_back(std::move(s));
  }
  if (options_.threads == 0) return;
  for (auto& s : shards_) {
    Shard* shard = s.get();
    shard->writer = std::thread([this, shard] { writer_loop(*shard); });
  }
  for (std::size_t i = 0; i < options_.threads; ++i) workers_.emplace_back([this] { worker_loop(); });
}

Pipeline::~Pipeline() {
  (void)commit();
  {
    std::lock_guard<std::mutex> lock(work_mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  for (auto& w : workers_) w.join();
  for (auto& s : shards_) {
    {
      std::lock_guard<std::mutex> lock(s->mu);
      s->stop = true;
    }
    s->cv.notify_all();
    if (s->writer.joinable()) s->writer.join();
  }
}

Status Pipeline::failure() const {
  std::lock_guard<std::mutex> lock(flight_mu_);
  return failed_;
}

Status Pipeline::add(Article article, ChangeResult* sync, std::uint64_t sequence) {
  auto item = std::make_unique<Item>();
  item->sequence = sequence;
  item->shard = Indexer::shard_of(article.id, shards_.size());
  item->bytes = article.text.size() + article.title.size();
  item->article = std::move(article);
  item->sync = sync;
  return enqueue(std::move(item));
}

Status Pipeline::remove(std::string id, ChangeResult* sync, std::uint64_t sequence) {
  auto item = std::make_unique<Item>();
  item->sequence = sequence;
  item->shard = Indexer::shard_of(id, shards_.size());
  item->is_delete = true;
  item->article.id = std::move(id);
  item->sync = sync;
  return enqueue(std::move(item));
}

Status Pipeline::enqueue(std::unique_ptr<Item> item) {
  {
    std::unique_lock<std::mutex> lock(flight_mu_);
    flight_cv_.wait(lock, [&] {
      return !failed_.is_ok() || in_flight_ == 0 ||
             (in_flight_ < options_.max_in_flight && in_flight_bytes_ + item->bytes <= options_.max_in_flight_bytes);
    });
    if (!failed_.is_ok()) return failed_;
    ++in_flight_;
    in_flight_bytes_ += item->bytes;
  }
  Shard& shard = *shards_[item->shard];
  if (options_.threads == 0) {
    // Everything on the calling thread, in order.
    if (!item->is_delete) build_item(*item);
    {
      std::lock_guard<std::mutex> lock(shard.db_mu);
      write_item(shard, *item);
    }
    finish(*item);
    return failure();
  }
  std::lock_guard<std::mutex> shard_lock(shard.mu);
  item->seq = shard.next_submit++;
  if (item->is_delete) {
    // Nothing to analyse: straight to the writer, behind the shard's earlier changes.
    shard.ready.emplace(item->seq, std::move(item));
    shard.cv.notify_one();
    return Status::ok();
  }
  {
    std::lock_guard<std::mutex> lock(work_mu_);
    work_.push_back(std::move(item));
  }
  work_cv_.notify_one();
  return Status::ok();
}

void Pipeline::build_item(Item& item) const {
  try {
    item.doc = build_(item.article);
    for (auto t = item.doc.termlist_begin(); t != item.doc.termlist_end(); ++t) {
      const std::string term = *t;
      if (term.size() > kMaxTermBytes) {
        item.built = Status::invalid_argument(item.article.origin + ": a term of " + std::to_string(term.size()) +
                                              " bytes is longer than the index allows (" +
                                              std::to_string(kMaxTermBytes) + "): '" + term.substr(0, 40) + "…'");
        item.doc = Xapian::Document();
        return;
      }
    }
  } catch (const Xapian::Error& e) {
    item.built = Status::invalid_argument(item.article.origin + ": cannot analyse: " + e.get_description());
  } catch (const std::exception& e) {
    item.built = Status::invalid_argument(item.article.origin + ": cannot analyse: " + e.what());
  }
  // The text is not needed any more: only the document goes on to the writer.
  item.article.text = std::string();
  item.article.title = std::string();
}

void Pipeline::write_item(Shard& shard, Item& item) {
  ChangeResult r;
  r.id = item.article.id;
  r.origin = item.article.origin;
  r.sequence = item.sequence;
  if (Status failed = failure(); !failed.is_ok()) {  // a write failed earlier: nothing more is written
    if (item.sync) {
      r.status = failed;
      *item.sync = r;
    }
    return;
  }
  const std::string idterm = schema::term(schema::kId, item.article.id);
  try {
    // Xapian commits by itself inside the change that is its flush threshold's: the checkpoint goes
    // in first, counting that change (a failed change discards both).
    const bool xapian_commits = shard.xapian_changes + 1 >= xapian_flush_threshold_;
    if (item.sequence > 0) {
      shard.written_sequence = item.sequence;
      shard.finished = false;
    }
    if (xapian_commits) set_checkpoint(shard, shard.written_sequence, false);
    if (item.is_delete) {
      r.kind = ChangeResult::Kind::kDeleted;
      if (!shard.db.term_exists(idterm)) {
        r.status = Status::not_found("no article with id '" + item.article.id + "'");
      } else {
        shard.db.delete_document(idterm);
        shard.written = true;
        ++shard.pending;
        if (++shard.xapian_changes >= xapian_flush_threshold_) shard.xapian_changes = 0;
        std::lock_guard<std::mutex> lock(flight_mu_);
        ++stats_.deleted;
      }
    } else if (!item.built.is_ok()) {
      r.status = item.built;
    } else {
      const bool exists = shard.db.term_exists(idterm);
      shard.db.replace_document(idterm, item.doc);
      shard.written = true;
      if (++shard.xapian_changes >= xapian_flush_threshold_) shard.xapian_changes = 0;
      r.kind = exists ? ChangeResult::Kind::kReplaced : ChangeResult::Kind::kAdded;
      r.bytes = item.bytes;
      ++shard.pending;
      shard.pending_bytes += item.bytes;
      std::lock_guard<std::mutex> lock(flight_mu_);
      ++(exists ? stats_.replaced : stats_.added);
      stats_.bytes += item.bytes;
    }
  } catch (const Xapian::Error& e) {
    r.status = Status::io_error((item.is_delete ? "cannot delete '" + item.article.id + "'"
                                                : item.article.origin + ": cannot write to the index") +
                                ": " + e.get_description());
    std::lock_guard<std::mutex> lock(flight_mu_);
    if (failed_.is_ok()) failed_ = r.status;
  }
  item.doc = Xapian::Document();
  if (r.status.is_ok() && (shard.pending >= shard.batch || shard.pending_bytes >= options_.flush_bytes))
    (void)commit_shard(shard);
  if (item.sync) *item.sync = r;
  report(r);
}

Status Pipeline::commit_shard(Shard& shard, bool final) {
  if (Status failed = failure(); !failed.is_ok()) return failed;  // the database must not be used any more
  try {
    set_checkpoint(shard, shard.written_sequence, final);
    shard.db.commit();
    shard.batch = batch_for(shard.db.get_doccount());
    shard.xapian_changes = 0;
    shard.pending = 0;
    shard.pending_bytes = 0;
    shard.committed_sequence = shard.written_sequence;
    if (final) shard.finished = true;
  } catch (const Xapian::Error& e) {
    Status st = Status::io_error("commit failed: " + e.get_description());
    std::lock_guard<std::mutex> lock(flight_mu_);
    if (failed_.is_ok()) failed_ = st;
    return st;
  }
  return Status::ok();
}

void Pipeline::set_checkpoint(Shard& shard, std::uint64_t sequence, bool final) {
  if (options_.run_key.empty()) {
    if (shard.checkpoint.empty() || !shard.written) return;
    shard.db.set_metadata(schema::kCheckpointKey, "");
    shard.checkpoint.clear();
    return;
  }
  // Nothing of this run written yet, or since its final commit: the shard keeps what it has.
  if (!final && (sequence == 0 || shard.finished)) return;
  std::string value = options_.run_key;
  value += ' ';
  value += final ? std::string("done") : std::to_string(sequence);
  if (value == shard.checkpoint) return;
  shard.db.set_metadata(schema::kCheckpointKey, value);
  shard.checkpoint = std::move(value);
}

void Pipeline::report(const ChangeResult& r) {
  if (!handler_) return;
  std::lock_guard<std::mutex> lock(report_mu_);
  handler_(r);
}

void Pipeline::finish(const Item& item) {
  {
    std::lock_guard<std::mutex> lock(flight_mu_);
    --in_flight_;
    in_flight_bytes_ -= item.bytes;
  }
  flight_cv_.notify_all();
}

void Pipeline::worker_loop() {
  for (;;) {
    std::unique_ptr<Item> item;
    {
      std::unique_lock<std::mutex> lock(work_mu_);
      work_cv_.wait(lock, [&] { return stopping_ || !work_.empty(); });
      if (work_.empty()) return;
      item = std::move(work_.front());
      work_.pop_front();
    }
    build_item(*item);
    Shard& shard = *shards_[item->shard];
    {
      std::lock_guard<std::mutex> lock(shard.mu);
      const std::uint64_t seq = item->seq;
      shard.ready.emplace(seq, std::move(item));
    }
    shard.cv.notify_one();
  }
}

void Pipeline::writer_loop(Shard& shard) {
  for (;;) {
    std::unique_ptr<Item> item;
    {
      std::unique_lock<std::mutex> lock(shard.mu);
      shard.cv.wait(lock, [&] {
        return shard.stop || (!shard.ready.empty() && shard.ready.begin()->first == shard.next_write);
      });
      if (shard.ready.empty() || shard.ready.begin()->first != shard.next_write) return;  // stopping
      auto it = shard.ready.begin();
      item = std::move(it->second);
      shard.ready.erase(it);
      ++shard.next_write;
    }
    {
      std::lock_guard<std::mutex> lock(shard.db_mu);
      write_item(shard, *item);
    }
    finish(*item);
  }
}

Status Pipeline::drain() {
  std::unique_lock<std::mutex> lock(flight_mu_);
  flight_cv_.wait(lock, [&] { return in_flight_ == 0; });
  return failed_;
}

Status Pipeline::commit(bool final) {
  if (auto st = drain(); !st) return st;
  for (auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s->db_mu);
    if (auto st = commit_shard(*s, final); !st) return st;
  }
  return Status::ok();
}

std::vector<std::uint64_t> Pipeline::committed_sequences() {
  std::vector<std::uint64_t> out;
  for (auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s->db_mu);
    out.push_back(s->committed_sequence);
  }
  return out;
}

IndexStats Pipeline::stats() const {
  std::lock_guard<std::mutex> lock(flight_mu_);
  return stats_;
}

std::uint64_t Pipeline::document_count() {
  (void)drain();
  std::uint64_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard<std::mutex> lock(s->db_mu);
    n += s->db.get_doccount();
  }
  return n;
}

}  // namespace sitrep::detail
