// sitrep: writes analysed, tagged articles into a Xapian database.
//
// Crash safety. Xapian commits are atomic: after a crash (kill -9, power loss, a full disk) the
// index opens at its last commit. A long run is made resumable by naming it
// (IndexerOptions::run_key, e.g. a hash of the input files, their sizes and the reading options)
// and numbering its changes 1, 2, 3, ... in a deterministic reading order (submit(article, seq)).
// Every commit of a shard -- sitrep's, or one Xapian makes by itself at XAPIAN_FLUSH_THRESHOLD
// changes -- carries in the same transaction the shard's checkpoint (schema::kCheckpointKey,
// "KEY SEQ", SEQ the last change written there). A shard's writer takes its changes in sequence
// order, so after a crash the changes committed are, per shard, exactly those numbered up to its
// checkpoint: rerunning the same input, committed(id, seq) tells which to skip, and nothing is
// done twice (redoing an article would be harmless -- it replaces itself, ids stay unique -- but
// redoing a deletion would report the id as missing). This is exact where the minimum over the
// shards would redo, after a crash, whatever the faster shards had committed beyond it.
// finish() marks every shard "KEY done" in the run's final commit; a later run of the same input
// then starts from the beginning again (replacing every article). A shard written without a
// run_key loses its checkpoint at its next commit (it no longer describes the shard).
//
// One writer. Xapian allows one writer per database; open() fails at once when another holds
// it, naming the holder from the file sitrep-writer (pid, host, start time, command line) that
// every writer leaves in the index directory while it runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/article.h"
#include "sitrep/status.h"

namespace sitrep {

struct IndexerOptions {
  std::string data_dir;           // gazetteer files; empty: Gazetteer::default_data_dir()
  // Commit (each shard) after this many changes. Xapian's cost of adding a document grows with the
  // changes it holds uncommitted: 250 took 7-13% less CPU than 1000 (50,000 and 10,000 articles).
  std::size_t batch_size = 250;
  // Above batch_size: the batch grows with the shard, one commit per 1% of the articles it holds,
  // up to this (0: a fixed batch). Each commit rewrites the index blocks its changes touch, so in a
  // large index small batches cost more than they save: at 1,000,000 articles a commit every 250
  // spent a third of the CPU in the kernel; on 150,000, 2,000 took 15% less time than 250.
  std::size_t batch_max = 5000;
  // ... or once this many bytes of article text were written since its last commit: bounds the
  // memory Xapian holds for uncommitted changes whatever the article size (measured: about 16
  // bytes of memory per byte of text, so 16 MB of text is about 250 MB per shard).
  std::uint64_t flush_bytes = 16ull << 20;
  // Analysis threads for submit(). 0: no threads, submit() analyses and writes on the calling
  // thread. With N > 0, N workers analyse and one writer thread per shard writes, in the order the
  // changes were submitted: the index is the same for every N.
  std::size_t threads = 0;
  // Shards of a new index: K > 1 creates DIR/shard-00 ... DIR/shard-<K-1> and the stub files
  // DIR/XAPIANDB and DIR/index.stub (Xapian opens DIR, or the stub, as one database); an article
  // goes to shard shard_of(id, K). 0: as the index is (one database for a new index); for an
  // existing index any other value must match it.
  std::size_t shards = 0;
  // Resumable runs (see the top of this file): non-empty names the run whose checkpoint is kept
  // in every shard's metadata and read back by open() (checkpoint()).
  std::string run_key;
  // Ignore a checkpoint of run_key found in the index: the run starts from its beginning.
  bool restart = false;
};

// The checkpoint of IndexerOptions::run_key found when the index was opened.
struct Checkpoint {
  static constexpr std::uint64_t kDone = ~std::uint64_t{0};
  bool resuming = false;  // some shard holds an unfinished checkpoint of this run: it resumes
  bool other_run = false;  // some shard holds an unfinished checkpoint of another run (ignored)
  // Per shard, when resuming: its changes numbered up to this are committed (0: none; kDone:
  // the shard completed the run).
  std::vector<std::uint64_t> shards;
  // The sequence number up to which every shard committed (0 when not resuming).
  std::uint64_t min() const;
};

struct IndexStats {
  std::size_t added = 0;     // new articles
  std::size_t replaced = 0;  // articles whose id was already in the index
  std::size_t deleted = 0;
  std::uint64_t bytes = 0;  // text bytes analysed
};

// What add() did with an article.
enum class AddOutcome { kAdded, kReplaced };

// What became of one change given to submit() or submit_remove().
struct ChangeResult {
  enum class Kind { kAdded, kReplaced, kDeleted };
  std::string id;
  std::string origin;  // the article's "file:line" (empty for a deletion)
  Status status;       // ok, or why the change was not made (kNotFound: deleting an absent id)
  Kind kind = Kind::kAdded;
  std::uint64_t bytes = 0;  // text bytes of an added or replaced article
  std::uint64_t sequence = 0;  // the number given to submit() (0: none)
};

// The exception in flight (std::current_exception()), described as Xapian or the standard
// library words it; for a last-resort message from a std::terminate handler (Xapian 1.4 can end a
// failed write, e.g. on a full disk, in std::terminate when a second error comes while the first
// unwinds: the index still holds its last commit).
std::string describe_current_exception();

class Indexer {
 public:
  // Creates the index directory when it does not exist. Fails when another writer holds the lock
  // or when the index was written with an unknown schema version.
  static Result<Indexer> open(const std::string& index_dir, const IndexerOptions& options = {});

  Indexer(Indexer&&) noexcept;
  Indexer& operator=(Indexer&&) noexcept;
  ~Indexer();  // commits what is pending

  // One change, waiting until it is written (not committed).
  Result<AddOutcome> add(const Article& article);
  // Removes an article by id; kNotFound when it is not in the index.
  Status remove(const std::string& id);

  // Pipelined changes: queued in order and written in that order (on the writer threads when
  // IndexerOptions::threads > 0); each outcome goes to the result handler. An article without id
  // or date is refused at once. Blocks while the pipeline is full (memory stays bounded). Once a
  // write has failed, returns that error and nothing more is written.
  // `sequence` (> 0, increasing in submission order) numbers the change in a resumable run: the
  // shard's checkpoint records it once the change is written (0: not part of the run).
  Status submit(Article article, std::uint64_t sequence = 0);
  Status submit_remove(std::string id, std::uint64_t sequence = 0);
  // Called once per submitted change, in submission order within a shard, never concurrently
  // (from the writer threads when threads > 0). Set it before submitting.
  void set_result_handler(std::function<void(const ChangeResult&)> handler);

  // Waits for every submitted change, then commits every shard: readers see the changes.
  Status commit();
  // commit() as the last commit of the run: each shard's checkpoint becomes "KEY done".
  Status finish();

  // The checkpoint found by open() for IndexerOptions::run_key (empty without one).
  const Checkpoint& checkpoint() const noexcept;
  // True when the change numbered `sequence` of this run, to the article `id`, is committed
  // according to the checkpoint (the resumed run skips it).
  bool committed(std::string_view id, std::uint64_t sequence) const noexcept;
  // Per shard, the highest sequence number committed during this run (its checkpoint): after a
  // failed write, the point a rerun resumes from.
  std::vector<std::uint64_t> committed_sequences() const;

  IndexStats stats() const;
  std::uint64_t document_count() const;  // waits for submitted changes
  std::size_t shard_count() const noexcept;
  std::size_t threads() const noexcept;

  // The shard of an id in an index of `shards` shards: FNV-1a (64-bit) of the id's bytes modulo
  // `shards`. Stable across runs and machines, so re-adding or deleting an id finds its shard.
  static std::size_t shard_of(std::string_view id, std::size_t shards) noexcept;

  // The number of changes after which a shard holding `documents` articles commits:
  // batch_size, or with batch_max above it, documents / 100 within [batch_size, batch_max].
  static std::size_t commit_batch(const IndexerOptions& options, std::uint64_t documents) noexcept;

  // Merges sitrep indexes (single or sharded directories, or stub files) into one new compacted
  // index `out` (Xapian's compactor, as xapian-compact does). Fails when `out` exists, when a
  // source is not a sitrep index of this schema, or when an id is in more than one source.
  // The metadata (schema, analyzer and gazetteer versions) is kept.
  // `search_only` leaves out the termlist table (every document's list of terms, about a fifth of
  // a compacted index): searching is the same, but Xapian needs the termlists to replace or delete
  // a document, so open() refuses to write to such an index.
  static Status compact(const std::vector<std::string>& sources, const std::string& out, bool search_only = false);

 private:
  Indexer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep
