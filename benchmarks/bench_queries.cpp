// sitrep-bench-queries: runs every query of a file (one per line, '#' comments) against an index
// several times and reports latency percentiles. Usage:
//   sitrep-bench-queries INDEX QUERIES_FILE [REPEAT]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "sitrep/searcher.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: sitrep-bench-queries INDEX QUERIES_FILE [REPEAT]\n");
    return 2;
  }
  const int repeat = argc > 3 ? std::max(1, std::atoi(argv[3])) : 20;
  auto searcher = sitrep::Searcher::open(argv[1]);
  if (!searcher) {
    std::fprintf(stderr, "sitrep-bench-queries: %s\n", searcher.status().message().c_str());
    return 1;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::fprintf(stderr, "sitrep-bench-queries: %s: cannot open\n", argv[2]);
    return 1;
  }
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') queries.push_back(line);
  std::vector<double> ms;
  std::size_t failures = 0;
  for (int r = 0; r < repeat; ++r)
    for (const auto& q : queries) {
      const auto t0 = std::chrono::steady_clock::now();
      auto res = searcher->search(q);
      const auto t1 = std::chrono::steady_clock::now();
      if (!res) ++failures;
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  if (ms.empty()) {
    std::fprintf(stderr, "sitrep-bench-queries: no queries\n");
    return 1;
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
  };
  std::printf("queries=%zu runs=%zu failures=%zu p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f\n", queries.size(),
              ms.size(), failures, pct(0.50), pct(0.95), pct(0.99), ms.back());
  return failures ? 1 : 0;
}
