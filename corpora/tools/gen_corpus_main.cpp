// sitrep-gen-corpus: writes N realistic articles as JSON Lines, recombined deterministically from
// the sentences of Reuters-21578 and FA-KES with the gazetteer's actors and places.
//   sitrep-gen-corpus --shared DIR --count N [--seed S] [--out FILE] [--bytes-per-article 3000] [--data DIR]
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "gen_corpus.h"
#include "cli.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kProg = "sitrep-gen-corpus";

struct FileCloser {
  void operator()(std::FILE* f) const noexcept {
    if (f && f != stdout) std::fclose(f);
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string shared_dir, out_path, data_dir;
  std::uint64_t count = 0, seed = 1;
  std::size_t bytes_per_article = 3000;
  po::options_description opts(
      "Usage: sitrep-gen-corpus --shared DIR --count N [--seed S] [--out FILE] [--bytes-per-article B]\n"
      "                         [--data DIR]\n\n"
      "Writes N articles as sitrep JSON Lines (id, date, title, source, url, lang, text) to standard\n"
      "output or FILE. Bodies are runs of real sentences of Reuters-21578 and FA-KES (DIR/corpora) whose\n"
      "names of countries, places and actors are replaced by those of each article's theme, taken from\n"
      "the gazetteer's countries.tsv, places.tsv and actors.tsv; dates spread over 2000-01-01..2025-12-31.\n"
      "The same seed gives the same bytes, and N articles are the prefix of N + 1. Progress goes to\n"
      "standard error when it is a terminal, then a one-line summary.\n\nOptions");
  opts.add_options()("help,h", "show this help")("shared", po::value(&shared_dir),
                                                 "the folder holding corpora/reuters21578 and corpora/fakes")(
      "count,n", po::value(&count), "number of articles")("seed,s", po::value(&seed)->default_value(1),
                                                           "random seed")(
      "out,o", po::value(&out_path), "write to FILE instead of standard output")(
      "bytes-per-article", po::value(&bytes_per_article)->default_value(3000),
      "mean size of a JSON record in bytes (each is drawn between 0.5 and 1.5 times it)")(
      "data", po::value(&data_dir), "gazetteer folder (default: $SITREP_DATA_DIR, else the source tree's shared/data)");
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line(kProg, argc, argv, opts, vm)) return *exit;
  if (shared_dir.empty() || !vm.count("count")) {
    std::cerr << kProg << ": --shared and --count are required (see --help)\n";
    return 2;
  }
  if (bytes_per_article < 300 || bytes_per_article > 1000000) {
    std::cerr << kProg << ": --bytes-per-article must be between 300 and 1000000\n";
    return 2;
  }

  const auto t0 = std::chrono::steady_clock::now();
  auto generator = sitrep::corpora::CorpusGenerator::create({shared_dir, data_dir});
  if (!generator) {
    std::cerr << kProg << ": " << generator.status().message() << "\n";
    return 1;
  }
  std::unique_ptr<std::FILE, FileCloser> file(out_path.empty() ? stdout : std::fopen(out_path.c_str(), "wb"));
  if (!file) {
    std::cerr << kProg << ": " << out_path << ": cannot write\n";
    return 1;
  }
  const std::string where = out_path.empty() ? std::string("standard output") : out_path;
  const bool progress = isatty(STDERR_FILENO) != 0;
  const auto t1 = std::chrono::steady_clock::now();
  auto last = t1;
  std::string buffer;
  buffer.reserve(1 << 22);
  std::uint64_t written = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    generator->append_article(buffer, seed, i, bytes_per_article);
    if (buffer.size() >= (1 << 22) - 65536 || i + 1 == count) {
      if (std::fwrite(buffer.data(), 1, buffer.size(), file.get()) != buffer.size()) {
        std::cerr << kProg << ": " << where << ": write failed\n";
        return 1;
      }
      written += buffer.size();
      buffer.clear();
    }
    if (progress && (i & 1023) == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last >= std::chrono::seconds(1)) {
        last = now;
        const double s = std::chrono::duration<double>(now - t1).count();
        std::fprintf(stderr, "\r%s: %llu/%llu articles, %.0f MB, %.1f MB/s   ", kProg,
                     static_cast<unsigned long long>(i), static_cast<unsigned long long>(count), written / 1e6,
                     written / 1e6 / s);
      }
    }
  }
  if (std::fflush(file.get()) != 0 || std::ferror(file.get())) {
    std::cerr << kProg << ": " << where << ": write failed\n";
    return 1;
  }
  const auto t2 = std::chrono::steady_clock::now();
  const double load_s = std::chrono::duration<double>(t1 - t0).count();
  const double gen_s = std::chrono::duration<double>(t2 - t1).count();
  const auto& st = generator->stats();
  if (progress) std::fprintf(stderr, "\r%*s\r", 78, "");
  std::fprintf(stderr,
               "%s: %llu articles, %.1f MB (%.0f bytes/article) in %.1f s (%.1f MB/s), seed %llu; "
               "pool %zu Reuters + %zu FA-KES sentences, %zu name slots, loaded in %.1f s\n",
               kProg, static_cast<unsigned long long>(count), written / 1e6,
               count ? static_cast<double>(written) / static_cast<double>(count) : 0.0, gen_s,
               gen_s > 0 ? written / 1e6 / gen_s : 0.0, static_cast<unsigned long long>(seed), st.reuters_sentences,
               st.fakes_sentences, st.slots, load_s);
  return 0;
}
