// sitrep-index: reads articles and writes them into a sitrep index.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/indexer.h"
#include "sitrep/paths.h"
#include "sitrep/quarantine.h"
#include "sitrep/sources.h"
#include "sitrep/tag_explanation.h"
#include "sitrep/tagger.h"
#include "cli.h"
#include "progress.h"

namespace po = boost::program_options;
using sitrep::tools::Progress;

namespace {

// The key of a resumable run: FNV-1a-64 of what decides its changes and their order -- the
// inputs (absolute paths and the bytes they hold: sizes[i] = input_size(inputs[i])), the reading
// options and the deletions. Empty when the input is standard input (it cannot be read again).
std::string run_key(const std::vector<std::string>& inputs, const std::vector<std::uint64_t>& sizes,
                    const sitrep::ReadOptions& read_options, const std::string& date_order,
                    const std::vector<std::string>& deletes) {
  std::string text = "sitrep-run 1\n";
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string& path = inputs[i];
    if (path == "-") return {};
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec);
    text.append("input ").append(ec ? path : abs.lexically_normal().string());
    text.append(" ").append(std::to_string(sizes[i])).append("\n");
  }
  for (const auto& [field, column] : read_options.csv_columns) text.append("column ").append(field).append("=").append(column).append("\n");
  text.append("date-order ").append(date_order).append("\n");
  for (const auto& id : deletes) text.append("delete ").append(id).append("\n");
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  char buf[32];
  std::snprintf(buf, sizeof buf, "run-%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Last resort: an exception nobody catches (Xapian 1.4 can end a failed write in std::terminate)
// still ends with a clear message; Xapian never leaves a half-written commit behind.
[[noreturn]] void on_terminate() {
  const int last_errno = errno;  // of the failed write, most likely: the error below may have none
  std::string what = sitrep::describe_current_exception();
  if (what == "no exception") {
    what = "a write to the index failed inside Xapian";
    if (last_errno != 0) what += std::string(" (") + std::strerror(last_errno) + ")";
  }
  const std::string msg = "sitrep-index: stopped: " + what +
                          "\nsitrep-index: the index keeps its last commit; once the cause is fixed, the same command "
                          "resumes from its checkpoint\n";
  (void)!::write(STDERR_FILENO, msg.data(), msg.size());
  std::_Exit(1);
}

// The message part of "origin: message".
std::string reason_of(const std::string& message, const std::string& origin) {
  if (!origin.empty() && message.compare(0, origin.size(), origin) == 0 && message.compare(origin.size(), 2, ": ") == 0)
    return message.substr(origin.size() + 2);
  return message;
}

// The command line as read.
struct Cli {
  std::string index_dir, data_dir, out_dir;
  std::vector<std::string> inputs, deletes, columns;
  std::size_t batch = 250, threads = 0, shards = 0, flush_mb = 16;
  std::string date_order, quarantine_path;
  bool quiet = false, compact = false, search_only = false, restart = false, explain_tags = false;
};

// Usage errors: one line on standard error, exit status 2.
int usage_error(const std::string& what) {
  std::cerr << "sitrep-index: " << what << "\n";
  return 2;
}

// --compact SRC... --out DIR.
int compact(const Cli& cli) {
  if (cli.inputs.empty() || cli.out_dir.empty())
    return usage_error("--compact needs the source indexes and --out DIR (see --help)");
  Progress timer(0, false, true);
  if (auto st = sitrep::Indexer::compact(cli.inputs, cli.out_dir, cli.search_only); !st) {
    std::cerr << "sitrep-index: " << st.message() << "\n";
    return 1;
  }
  if (!cli.quiet)
    std::fprintf(stderr, "sitrep-index: compacted %zu source index(es) into %s; %.2f s\n", cli.inputs.size(),
                 cli.out_dir.c_str(), timer.seconds());
  return 0;
}

// --columns and --date-order, or the exit status of a usage error.
std::optional<int> read_input_options(const Cli& cli, sitrep::ReadOptions& read_options) {
  for (const auto& spec : cli.columns) {
    std::size_t start = 0;
    while (start <= spec.size()) {
      std::size_t end = spec.find(',', start);
      if (end == std::string::npos) end = spec.size();
      const std::string pair = spec.substr(start, end - start);
      const auto eq = pair.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
        return usage_error("--columns '" + pair + "': write FIELD=COLUMN, e.g. text=body");
      read_options.csv_columns[pair.substr(0, eq)] = pair.substr(eq + 1);
      start = end + 1;
    }
  }
  if (cli.date_order == "dmy") read_options.date_order = sitrep::DateOrder::kDMY;
  else if (cli.date_order == "mdy") read_options.date_order = sitrep::DateOrder::kMDY;
  else if (cli.date_order == "ymd") read_options.date_order = sitrep::DateOrder::kYMD;
  else if (!cli.date_order.empty())
    return usage_error("unknown --date-order '" + cli.date_order + "' (use dmy, mdy or ymd)");
  return std::nullopt;
}

// --explain-tags PATH...: the tagger's decisions on each article read, nothing written. Exit 1
// when an article was rejected or the gazetteer could not be read.
int explain_tags(const Cli& cli, const sitrep::ReadOptions& read_options) {
  const sitrep::Analyzer analyzer;
  const std::string data_dir = cli.data_dir.empty() ? sitrep::Gazetteer::default_data_dir() : cli.data_dir;
  auto gazetteer = sitrep::Gazetteer::load(data_dir, analyzer);
  if (!gazetteer) {
    std::cerr << "sitrep-index: " << gazetteer.status().message() << "\n";
    return 1;
  }
  const sitrep::Tagger tagger(*gazetteer, data_dir);
  bool rejected = false, first = true;
  sitrep::ReadCallbacks cb;
  cb.on_article = [&](sitrep::Article&& a) {
    std::cout << (first ? "" : "\n") << sitrep::to_text(sitrep::explain_tags(tagger, analyzer, a.id, a.title, a.text, a.lang, a.date.year));
    first = false;
  };
  cb.on_error = [&](const sitrep::SourceError& e) {
    rejected = true;
    std::cerr << "sitrep-index: error: " << e.to_string() << "\n";
  };
  for (const auto& path : cli.inputs) sitrep::read_path(path, cb, read_options);
  return rejected ? 1 : 0;
}

// The indexer's options; XAPIAN_FLUSH_THRESHOLD follows the batch unless the environment sets it.
sitrep::IndexerOptions indexer_options(const Cli& cli, const po::variables_map& vm) {
  // Xapian commits by itself after XAPIAN_FLUSH_THRESHOLD changes (default 10000): unless the
  // environment sets it, it follows --batch so that commits happen where sitrep puts them.
  sitrep::IndexerOptions options;
  if (!vm["batch"].defaulted()) options.batch_max = 0;  // a batch given is kept as it is
  if (!std::getenv("XAPIAN_FLUSH_THRESHOLD"))
    setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(std::max<std::size_t>({cli.batch, options.batch_max, 1})).c_str(),
           1);
  options.data_dir = cli.data_dir;
  options.batch_size = cli.batch;
  options.flush_bytes = static_cast<std::uint64_t>(std::max<std::size_t>(cli.flush_mb, 1)) << 20;
  options.threads = cli.threads;
  options.shards = cli.shards;
  options.restart = cli.restart;
  return options;
}

// One indexing run: the inputs read in order, each article submitted (or skipped when a resumed
// run committed it), each rejected one reported and quarantined, then the deletions.
class Run {
 public:
  Run(const Cli& cli, sitrep::Indexer& indexer, const std::string& run_key, std::uint64_t total_bytes)
      : cli_(cli),
        indexer_(indexer),
        resuming_(indexer.checkpoint().resuming),
        quarantine_(cli.quarantine_path),
        progress_(total_bytes, isatty(STDERR_FILENO) != 0, cli.quiet) {
    // What the interrupted run recorded is not recorded again.
    quarantine_.set_run(run_key, resuming_);
    indexer_.set_result_handler([this](const sitrep::ChangeResult& r) { on_result(r); });
  }

  void read(const sitrep::ReadOptions& read_options) {
    sitrep::ReadCallbacks cb;
    cb.on_article = [this](sitrep::Article&& a) { on_article(std::move(a)); };
    cb.on_error = [this](const sitrep::SourceError& e) {
      ++sequence_;
      reject(e.to_string(), e.origin, e.message, "", sequence_);
    };
    cb.on_bytes = [this](std::uint64_t n) { progress_.read_bytes += n; };
    for (const auto& path : cli_.inputs) {
      sitrep::read_path(path, cb, read_options);
      if (write_failed_) break;
    }
    for (const auto& id : cli_.deletes) {
      ++sequence_;
      if (write_failed_) break;
      if (resuming_ && indexer_.committed(id, sequence_)) {
        ++skipped_;
        continue;
      }
      (void)indexer_.submit_remove(id, sequence_);
    }
  }

  // Commits, reports (unless --quiet) and returns the exit status.
  int finish(const std::string& run_key) {
    const auto commit_status = indexer_.finish();
    progress_.stop();
    if (!commit_status) return report_failure(commit_status, run_key);
    if (!cli_.quiet) report();
    if (write_failed_) return 1;
    return progress_.rejected > 0 || not_found_ > 0 ? 1 : 0;
  }

 private:
  void on_article(sitrep::Article&& a) {
    ++sequence_;
    if (write_failed_) return;
    if (resuming_ && indexer_.committed(a.id, sequence_)) {
      ++skipped_;
      return;
    }
    const std::string origin = a.origin, id = a.id;
    if (auto st = indexer_.submit(std::move(a), sequence_); !st) {
      if (st.code() == sitrep::ErrorCode::kIOError) {
        write_failed_ = true;  // reported at the end
        return;
      }
      reject(st.message(), origin, reason_of(st.message(), origin), id, sequence_);
    }
  }

  void on_result(const sitrep::ChangeResult& r) {
    if (r.status.is_ok()) {
      if (r.kind != sitrep::ChangeResult::Kind::kDeleted) ++progress_.written;
      return;
    }
    if (r.status.code() == sitrep::ErrorCode::kNotFound) {
      ++not_found_;
      progress_.print("sitrep-index: error: " + r.status.message());
    } else if (r.status.code() == sitrep::ErrorCode::kIOError) {
      write_failed_ = true;
      ++progress_.rejected;
      progress_.print("sitrep-index: error: " + r.status.message());
    } else {
      reject(r.status.message(), r.origin, reason_of(r.status.message(), r.origin), r.id, r.sequence);
    }
  }

  // A rejected change: counted, reported on stderr ("origin: reason"), recorded in the quarantine
  // report (once per change of a resumed run).
  void reject(const std::string& message, const std::string& origin, const std::string& reason, const std::string& id,
              std::uint64_t seq) {
    ++progress_.rejected;
    progress_.print("sitrep-index: error: " + message);
    if (quarantine_.has(seq)) return;
    if (auto st = quarantine_.add(origin, reason, id, seq); !st && !quarantine_failed_.exchange(true))
      progress_.print("sitrep-index: warning: " + st.message());
  }

  // A write or a commit failed (a full disk, an I/O error): Xapian keeps the last commit.
  int report_failure(const sitrep::Status& commit_status, const std::string& run_key) {
    std::cerr << "sitrep-index: stopped: " << commit_status.message() << "\n";
    if (!run_key.empty()) {
      std::string upto;
      for (auto seq : indexer_.committed_sequences()) upto += (upto.empty() ? "#" : ", #") + std::to_string(seq);
      std::cerr << "sitrep-index: the index keeps its last commit (this run's changes up to " << upto
                << (indexer_.shard_count() > 1 ? " in its shards" : "")
                << "); once the cause is fixed, the same command resumes from there\n";
    } else {
      std::cerr << "sitrep-index: the index keeps its last commit\n";
    }
    return 1;
  }

  void report() {
    const auto s = indexer_.stats();
    const double secs = progress_.seconds();
    // The part up to "MB/s" is read by tools and tests: extend it at the end only. One throughput
    // figure: the input's bytes (files as read, JSON and markup included) over the wall time, the
    // same measure as the progress line's and as benchmarks/run's raw-text MB/s over its input.
    const std::size_t k = indexer_.shard_count(), threads = cli_.threads;
    std::fprintf(stderr,
                 "sitrep-index: %zu indexed (%zu new, %zu replaced), %zu rejected, %zu deleted; "
                 "%llu documents in %s; %.2f s, %.1f MB/s of input; %.0f docs/s, %zu thread%s, %zu shard%s\n",
                 s.added + s.replaced, s.added, s.replaced, static_cast<std::size_t>(progress_.rejected.load()),
                 s.deleted, static_cast<unsigned long long>(indexer_.document_count()), cli_.index_dir.c_str(), secs,
                 secs > 0 ? static_cast<double>(progress_.read_bytes.load()) / 1e6 / secs : 0.0,
                 secs > 0 ? static_cast<double>(s.added + s.replaced) / secs : 0.0, threads, threads == 1 ? "" : "s",
                 k, k == 1 ? "" : "s");
    if (quarantine_.count() > 0)
      std::fprintf(stderr, "sitrep-index: %zu quarantined in %s\n", quarantine_.count(), quarantine_.path().c_str());
    if (resuming_)
      std::fprintf(stderr,
                   "sitrep-index: resumed from the checkpoint: %llu change%s skipped (committed before the "
                   "interruption)\n",
                   static_cast<unsigned long long>(skipped_), skipped_ == 1 ? "" : "s");
  }

  const Cli& cli_;
  sitrep::Indexer& indexer_;
  const bool resuming_;
  sitrep::Quarantine quarantine_;
  Progress progress_;
  std::atomic<bool> quarantine_failed_{false};
  std::atomic<std::size_t> not_found_{0};
  std::atomic<bool> write_failed_{false};
  std::uint64_t sequence_ = 0;  // the number of each change in reading order (articles, rejects, deletions)
  std::uint64_t skipped_ = 0;
};

// Indexes the inputs and deletes the ids of the command line.
int index(Cli& cli, const po::variables_map& vm, const sitrep::ReadOptions& read_options) {
  if (cli.index_dir.empty()) cli.index_dir = sitrep::default_index_dir();
  if (!vm.count("threads")) cli.threads = std::max(1u, std::thread::hardware_concurrency());
  sitrep::IndexerOptions options = indexer_options(cli, vm);
  // Every input's size, once (a directory is walked for it): the run key and the progress bar.
  std::vector<std::uint64_t> sizes;
  std::uint64_t total_bytes = 0;
  for (const auto& path : cli.inputs) total_bytes += sizes.emplace_back(sitrep::input_size(path));
  options.run_key = run_key(cli.inputs, sizes, read_options, cli.date_order, cli.deletes);
  auto indexer = sitrep::Indexer::open(cli.index_dir, options);
  if (!indexer) {
    std::cerr << "sitrep-index: " << indexer.status().message() << "\n";
    return 1;
  }
  if (cli.quarantine_path.empty()) {
    std::error_code ec;
    const std::filesystem::path where(cli.index_dir);
    cli.quarantine_path =
        ((std::filesystem::is_regular_file(where, ec) ? where.parent_path() : where) / "quarantine.jsonl").string();
  }
  // Resuming: the changes up to a shard's checkpoint are read again but not submitted.
  const sitrep::Checkpoint& checkpoint = indexer->checkpoint();
  if (checkpoint.resuming && !cli.quiet)
    std::fprintf(stderr,
                 "sitrep-index: resuming an interrupted run of this input from its checkpoint (changes up to #%llu "
                 "committed in every shard)\n",
                 static_cast<unsigned long long>(checkpoint.min()));
  if (checkpoint.other_run && !cli.quiet)
    std::fprintf(stderr, "sitrep-index: note: the index holds the checkpoint of an unfinished run of other input; "
                         "this run replaces it\n");
  if (cli.restart && !cli.quiet)
    std::fprintf(stderr, "sitrep-index: --restart: any checkpoint of this input is ignored\n");
  Run run(cli, *indexer, options.run_key, total_bytes);
  run.read(read_options);
  return run.finish(options.run_key);
}

}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(on_terminate);
  Cli cli;
  po::options_description opts(
      "Usage: sitrep-index [--index DIR] PATH...\n"
      "       sitrep-index --compact SRC... --out DIR\n"
      "       sitrep-index --explain-tags PATH...\n\n"
      "Indexes plain-text articles (first line 'date YYYY-MM-DD'), JSON Lines\n"
      "files (.jsonl), CSV/TSV files with a header row (.csv, .tsv) and directories\n"
      "of them; '-' reads JSON Lines from standard input. Re-indexing an article\n"
      "with the same id replaces it. Reading stays on one thread; analysis runs on\n"
      "--threads threads; one writer per shard writes in input order, so the index\n"
      "is the same for any number of threads.\n\n"
      "Commits every --batch articles record a checkpoint: after a crash or a kill,\n"
      "the same command resumes where the last commit ended (--restart does not).\n"
      "Rejected articles are reported on standard error and in the quarantine file.\n\nOptions");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&cli.index_dir), "index directory (default: $SITREP_INDEX, else ~/.local/share/sitrep/index)")
      ("data", po::value(&cli.data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)")
      ("delete", po::value(&cli.deletes)->composing(), "delete the article with this id (repeatable)")
      ("threads,j", po::value(&cli.threads), "analysis threads (default: the number of cores; 0: analyse and write on the reading thread)")
      ("shards", po::value(&cli.shards)->default_value(0), "a new index: K > 1 builds K shards in parallel (DIR/shard-00 ...) and the stub DIR/XAPIANDB (also DIR/index.stub) that searches them as one; an existing index keeps its shards (0: as it is)")
      ("batch", po::value(&cli.batch)->default_value(250), "commit (each shard) after this many articles; unless given, the batch grows with the index, to one commit per 1% of a shard's articles, at most 5000")
      ("flush-mb", po::value(&cli.flush_mb)->default_value(16), "... or after this many MB of article text, whichever comes first (Xapian holds about 16 bytes of memory per byte of text until the commit)")
      ("compact", po::bool_switch(&cli.compact), "merge the indexes given as PATHs (single or sharded) into one compacted index --out DIR (Xapian's compactor; metadata kept)")
      ("out", po::value(&cli.out_dir), "the new index written by --compact")
      ("search-only", po::bool_switch(&cli.search_only), "with --compact: leave out the termlist table (about a fifth of the index); searching is the same, but the new index cannot be updated")
      ("date-order", po::value(&cli.date_order), "read numeric dates such as 07/12/2024 as dmy, mdy or ymd (default: reject ambiguous ones)")
      ("columns", po::value(&cli.columns)->composing(), "CSV/TSV: FIELD=COLUMN[,FIELD=COLUMN...] maps article fields (id, date, title, text, source, url, lang) to column names (default: columns named like the fields, or body/content for text, headline for title, published for date)")
      ("quarantine", po::value(&cli.quarantine_path), "append a JSON Lines record (file, line, reason, id, time) for each rejected article to FILE (default: quarantine.jsonl in the index directory)")
      ("restart", po::bool_switch(&cli.restart), "ignore the checkpoint of an interrupted run of the same input: index it all again")
      ("explain-tags", po::bool_switch(&cli.explain_tags), "write nothing: read the articles of the PATHs and show, for each, every name the tagger found (kind, id, confidence, reason) and every name a veto dropped")
      ("quiet,q", po::bool_switch(&cli.quiet), "no progress and no summary");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("input", po::value(&cli.inputs)->composing(), "input paths");
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-index", argc, argv, opts, vm, &hidden, &pos)) return *exit;
  if (cli.compact) return compact(cli);
  if (!cli.out_dir.empty() || cli.search_only) return usage_error("--out and --search-only go with --compact (see --help)");
  if (cli.explain_tags && (cli.inputs.empty() || !cli.deletes.empty()))
    return usage_error("--explain-tags needs files or directories of articles, and no --delete (see --help)");
  if (cli.inputs.empty() && cli.deletes.empty())
    return usage_error("nothing to do: give files or directories to index (see --help)");
  sitrep::ReadOptions read_options;
  if (auto exit = read_input_options(cli, read_options)) return *exit;
  return cli.explain_tags ? explain_tags(cli, read_options) : index(cli, vm, read_options);
}
