// sitrep-index: reads articles and writes them into a sitrep index.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "sitrep/indexer.h"
#include "sitrep/paths.h"
#include "sitrep/sources.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  std::string index_dir, data_dir;
  std::vector<std::string> inputs, deletes, columns;
  std::size_t batch = 1000;
  std::string date_order;
  bool quiet = false;
  po::options_description opts(
      "Usage: sitrep-index [--index DIR] PATH... \n\n"
      "Indexes plain-text articles (first line 'date YYYY-MM-DD'), JSON Lines\n"
      "files (.jsonl), CSV/TSV files with a header row (.csv, .tsv) and directories\n"
      "of them; '-' reads JSON Lines from standard input. Re-indexing an article\n"
      "with the same id replaces it.\n\nOptions");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir), "index directory (default: $SITREP_INDEX, else ~/.local/share/sitrep/index)")
      ("data", po::value(&data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)")
      ("delete", po::value(&deletes)->composing(), "delete the article with this id (repeatable)")
      ("batch", po::value(&batch)->default_value(1000), "commit after this many articles")
      ("date-order", po::value(&date_order), "read numeric dates such as 07/12/2024 as dmy, mdy or ymd (default: reject ambiguous ones)")
      ("columns", po::value(&columns)->composing(), "CSV/TSV: FIELD=COLUMN[,FIELD=COLUMN...] maps article fields (id, date, title, text, source, url, lang) to column names (default: columns named like the fields, or body/content for text, headline for title, published for date)")
      ("quiet,q", po::bool_switch(&quiet), "no progress line and no summary");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("input", po::value(&inputs)->composing(), "input paths");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "sitrep-index: " << e.what() << " (see --help)\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return 0;
  }
  if (inputs.empty() && deletes.empty()) {
    std::cerr << "sitrep-index: nothing to do: give files or directories to index (see --help)\n";
    return 2;
  }
  if (index_dir.empty()) index_dir = sitrep::default_index_dir();
  sitrep::ReadOptions read_options;
  for (const auto& spec : columns) {
    std::size_t start = 0;
    while (start <= spec.size()) {
      std::size_t end = spec.find(',', start);
      if (end == std::string::npos) end = spec.size();
      const std::string pair = spec.substr(start, end - start);
      const auto eq = pair.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
        std::cerr << "sitrep-index: --columns '" << pair << "': write FIELD=COLUMN, e.g. text=body\n";
        return 2;
      }
      read_options.csv_columns[pair.substr(0, eq)] = pair.substr(eq + 1);
      start = end + 1;
    }
  }
  if (date_order == "dmy") read_options.date_order = sitrep::DateOrder::kDMY;
  else if (date_order == "mdy") read_options.date_order = sitrep::DateOrder::kMDY;
  else if (date_order == "ymd") read_options.date_order = sitrep::DateOrder::kYMD;
  else if (!date_order.empty()) {
    std::cerr << "sitrep-index: unknown --date-order '" << date_order << "' (use dmy, mdy or ymd)\n";
    return 2;
  }

  sitrep::IndexerOptions options;
  options.data_dir = data_dir;
  options.batch_size = batch;
  auto indexer = sitrep::Indexer::open(index_dir, options);
  if (!indexer) {
    std::cerr << "sitrep-index: " << indexer.status().message() << "\n";
    return 1;
  }

  const bool tty = isatty(STDERR_FILENO) != 0 && !quiet;
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  std::size_t rejected = 0, seen = 0;
  bool write_failed = false;
  auto progress = [&](bool final) {
    if (!tty) return;
    const auto now = std::chrono::steady_clock::now();
    if (!final && now - last_report < std::chrono::milliseconds(250)) return;
    last_report = now;
    const double secs = std::chrono::duration<double>(now - start).count();
    std::fprintf(stderr, "\r\033[Kindexing: %zu articles, %zu rejected, %.0f docs/s", seen, rejected,
                 secs > 0 ? static_cast<double>(seen) / secs : 0.0);
    if (final) std::fputc('\n', stderr);
  };
  sitrep::ReadCallbacks cb;
  cb.on_article = [&](sitrep::Article&& a) {
    if (write_failed) return;
    ++seen;
    auto r = indexer->add(a);
    if (!r) {
      if (r.status().code() == sitrep::ErrorCode::kIOError) write_failed = true;
      ++rejected;
      if (tty) std::fputs("\r\033[K", stderr);
      std::cerr << "sitrep-index: error: " << r.status().message() << "\n";
    }
    progress(false);
  };
  cb.on_error = [&](const sitrep::SourceError& e) {
    ++rejected;
    if (tty) std::fputs("\r\033[K", stderr);
    std::cerr << "sitrep-index: error: " << e.to_string() << "\n";
  };
  for (const auto& path : inputs) {
    sitrep::read_path(path, cb, read_options);
    if (write_failed) break;
  }
  std::size_t not_found = 0;
  for (const auto& id : deletes) {
    if (auto st = indexer->remove(id); !st) {
      ++not_found;
      std::cerr << "sitrep-index: error: " << st.message() << "\n";
    }
  }
  if (auto st = indexer->commit(); !st) {
    std::cerr << "sitrep-index: " << st.message() << "\n";
    return 1;
  }
  progress(true);
  const auto& s = indexer->stats();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!quiet) {
    std::fprintf(stderr,
                 "sitrep-index: %zu indexed (%zu new, %zu replaced), %zu rejected, %zu deleted; "
                 "%llu documents in %s; %.2f s, %.1f MB/s\n",
                 s.added + s.replaced, s.added, s.replaced, rejected, s.deleted,
                 static_cast<unsigned long long>(indexer->document_count()), index_dir.c_str(), secs,
                 secs > 0 ? static_cast<double>(s.bytes) / 1e6 / secs : 0.0);
  }
  if (write_failed) return 1;
  return rejected > 0 || not_found > 0 ? 1 : 0;
}
