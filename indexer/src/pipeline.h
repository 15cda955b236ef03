// sitrep: the indexer's write path (internal). Articles go in in order; analysis runs on worker
// threads; one writer per shard adds the documents to its Xapian database in the order they came
// in, so the index is the same whatever the number of threads.
//
//   submit() ──► work queue ──► N workers: build(article) → Xapian::Document
//                                   │
//                                   ▼ (by shard_of(id), numbered per shard)
//                      shard s reorder buffer ──► writer s: replace_document / delete_document,
//                                                 commit every batch_size changes or flush_bytes
//
// Memory is bounded by the number and the text bytes of the changes in flight (submitted, not yet
// written): submit() blocks while either bound is reached. With threads == 0 there are no threads:
// submit() builds and writes on the calling thread.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sitrep/indexer.h"

namespace sitrep::detail {

struct PipelineOptions {
  std::size_t threads = 0;                       // analysis threads; 0: all on the calling thread
  std::size_t batch_size = 250;                  // commit a shard after this many changes
  std::size_t batch_max = 0;                     // > batch_size: growing batches (Indexer::commit_batch)
  std::uint64_t flush_bytes = 16ull << 20;       // ... or this many bytes of article text
  std::size_t max_in_flight = 0;                 // changes submitted but not yet written (0: 32 + 16 per thread)
  std::uint64_t max_in_flight_bytes = 64ull << 20;  // their text bytes (one change is always allowed)
  // Resumable runs: every commit of a shard sets its checkpoint (schema::kCheckpointKey) to
  // "run_key SEQ", SEQ the last change written, in the same transaction; so does the write after
  // which Xapian commits by itself (its XAPIAN_FLUSH_THRESHOLD-th change since a commit), before
  // the change. (Setting it before every write would cost ~30% of the indexing time: each
  // metadata write is a B-tree update, while postings wait in memory until the commit.)
  // Empty run_key: a checkpoint found in a shard (checkpoints[i]) is cleared by the shard's first
  // commit, since it no longer describes the shard.
  std::string run_key;
  std::vector<std::string> checkpoints;  // per shard, its checkpoint metadata when opened
};

class Pipeline {
 public:
  using Builder = std::function<Xapian::Document(const Article&)>;
  using Handler = std::function<void(const ChangeResult&)>;

  Pipeline(std::vector<Xapian::WritableDatabase> shards, Builder build, PipelineOptions options);
  ~Pipeline();  // finishes what was submitted and commits (errors are lost: call commit() first)
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  void set_handler(Handler handler) { handler_ = std::move(handler); }

  // Queues a change; blocks while the pipeline is full. Returns the write error once a writer
  // has failed (nothing more is written then).
  // `sync`, when given, receives the outcome once the change is written (see drain()).
  // `sequence`: the change's number in a resumable run (0: none).
  Status add(Article article, ChangeResult* sync = nullptr, std::uint64_t sequence = 0);
  Status remove(std::string id, ChangeResult* sync = nullptr, std::uint64_t sequence = 0);
  // Waits until everything submitted is written (not committed).
  Status drain();
  // drain(), then commits every shard; `final`: marks their checkpoints "run_key done".
  Status commit(bool final = false);
  // Per shard, the sequence number of the last change of this run committed there.
  std::vector<std::uint64_t> committed_sequences();

  IndexStats stats() const;
  std::uint64_t document_count();
  std::size_t shard_count() const noexcept { return shards_.size(); }
  std::size_t threads() const noexcept { return options_.threads; }

 private:
  struct Item {
    std::size_t shard = 0;
    std::uint64_t seq = 0;  // per shard
    std::uint64_t sequence = 0;  // in the resumable run (PipelineOptions::run_key)
    bool is_delete = false;
    Article article;  // an add (its id for a delete)
    std::uint64_t bytes = 0;
    Xapian::Document doc;
    Status built;  // why the article could not be analysed
    ChangeResult* sync = nullptr;
  };
  struct Shard {
    Xapian::WritableDatabase db;
    std::mutex mu;  // guards ready, next_submit, next_write, stop
    std::condition_variable cv;
    std::map<std::uint64_t, std::unique_ptr<Item>> ready;  // built, waiting for their turn
    std::uint64_t next_submit = 0, next_write = 0;
    bool stop = false;
    std::mutex db_mu;  // guards db, pending, pending_bytes
    std::size_t pending = 0;  // changes since the last commit
    std::size_t batch = 0;    // commit after this many (Indexer::commit_batch of its size at the last commit)
    std::uint64_t pending_bytes = 0;
    std::string checkpoint;  // the checkpoint metadata as opened (cleared by a write without run_key)
    std::uint64_t written_sequence = 0, committed_sequence = 0;
    std::size_t xapian_changes = 0;  // changes since Xapian's last commit, its own or ours
    bool written = false;  // a change was written since the shard was opened
    bool finished = false;  // its checkpoint says "done" and nothing was written since
    std::thread writer;
  };

  Status enqueue(std::unique_ptr<Item> item);
  void build_item(Item& item) const;
  void write_item(Shard& shard, Item& item);  // shard.db_mu held
  Status commit_shard(Shard& shard, bool final = false);  // shard.db_mu held
  void worker_loop();
  void writer_loop(Shard& shard);
  void finish(const Item& item);  // accounting after an item is written (or dropped)
  void report(const ChangeResult& r);
  Status failure() const;
  void set_checkpoint(Shard& shard, std::uint64_t sequence, bool final);  // shard.db_mu held; may throw

  Builder build_;
  PipelineOptions options_;
  Handler handler_;
  std::size_t xapian_flush_threshold_ = 10000;  // Xapian's, from XAPIAN_FLUSH_THRESHOLD as it reads it
  std::size_t batch_for(std::uint64_t documents) const {
    IndexerOptions o;
    o.batch_size = options_.batch_size;
    o.batch_max = options_.batch_max;
    return Indexer::commit_batch(o, documents);
  }
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<std::thread> workers_;

  std::mutex work_mu_;
  std::condition_variable work_cv_;
  std::deque<std::unique_ptr<Item>> work_;
  bool stopping_ = false;

  mutable std::mutex flight_mu_;  // guards the in-flight counts, stats_ and failed_
  std::condition_variable flight_cv_;
  std::size_t in_flight_ = 0;
  std::uint64_t in_flight_bytes_ = 0;
  IndexStats stats_;
  Status failed_;

  std::mutex report_mu_;  // handler calls never overlap
};

}  // namespace sitrep::detail
