// sitrep-load-corpus: converts a public corpus as it is into sitrep JSON Lines.
//   sitrep-load-corpus --corpus reuters|fakes|time DIR [--out FILE] [--verbose]
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "corpus_readers.h"
#include "cli.h"

namespace po = boost::program_options;

namespace {
constexpr const char* kProg = "sitrep-load-corpus";
}

int main(int argc, char** argv) {
  std::string corpus, input, out_path;
  bool verbose = false;
  po::options_description opts(
      "Usage: sitrep-load-corpus --corpus reuters|fakes|time DIR [--out FILE]\n\n"
      "Writes every article of a public corpus as sitrep JSON Lines (id, date, title, source, url,\n"
      "lang, text) to standard output or FILE, for `sitrep-index FILE.jsonl`:\n"
      "  reuters  DIR holds Reuters-21578's *.sgm files: id reuters-<NEWID>, <DATE>, <TITLE>,\n"
      "           dateline + <BODY> (the title when there is no body), source Reuters\n"
      "  fakes    DIR holds FA-KES-Dataset.csv (or give the file): id fakes-<row>, date, article_title,\n"
      "           article_content, source; location and labels as extra fields the indexer ignores\n"
      "  time     DIR holds TIME.ALL (or give the file): id time-<n>, the issue date, the text\n"
      "A summary goes to standard error; --verbose lists every article left out or changed.\n\nOptions");
  opts.add_options()("help,h", "show this help")("corpus,c", po::value(&corpus), "reuters, fakes or time")(
      "out,o", po::value(&out_path), "write to FILE instead of standard output")(
      "verbose,v", po::bool_switch(&verbose), "list the articles left out or changed, and why");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&input), "corpus directory");
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line(kProg, argc, argv, opts, vm, &hidden, &pos)) return *exit;
  if (corpus != "reuters" && corpus != "fakes" && corpus != "time") {
    std::cerr << kProg << ": --corpus must be reuters, fakes or time (see --help)\n";
    return 2;
  }
  if (input.empty()) {
    std::cerr << kProg << ": give the corpus directory (see --help)\n";
    return 2;
  }

  sitrep::corpora::LoadReport report;
  auto articles = corpus == "reuters" ? sitrep::corpora::load_reuters(input, &report)
                  : corpus == "fakes" ? sitrep::corpora::load_fakes(input, &report)
                                      : sitrep::corpora::load_time(input, &report);
  if (!articles) {
    std::cerr << kProg << ": " << articles.status().message() << "\n";
    return 1;
  }

  std::ofstream file;
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << kProg << ": " << out_path << ": cannot write\n";
      return 1;
    }
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  std::size_t bytes = 0;
  for (const auto& a : articles.value()) {
    const std::string line = sitrep::corpora::to_jsonl(a);
    bytes += line.size();
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
  out.flush();
  if (!out) {
    std::cerr << kProg << ": " << (out_path.empty() ? std::string("standard output") : out_path)
              << ": write failed\n";
    return 1;
  }
  if (verbose)
    for (const auto& n : report.notes) std::cerr << kProg << ": " << n << "\n";
  std::cerr << kProg << ": " << corpus << ": " << articles->size() << " articles written ("
            << static_cast<double>(bytes) / 1e6 << " MB) of " << report.read << " read, " << report.skipped
            << " left out, " << report.notes.size() << " notes" << (verbose || report.notes.empty() ? "" : " (--verbose)")
            << (out_path.empty() ? std::string() : " to " + out_path) << "\n";
  return 0;
}
