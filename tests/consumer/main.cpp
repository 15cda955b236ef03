// Links sitrep::searcher from an installed sitrep and answers one query.
#include <iostream>

#include "sitrep/searcher.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: consumer INDEX QUERY\n";
    return 2;
  }
  auto searcher = sitrep::Searcher::open(argv[1]);
  if (!searcher) {
    std::cerr << searcher.status().to_string() << "\n";
    return 1;
  }
  auto result = searcher->search(argv[2]);
  if (!result) {
    std::cerr << result.status().to_string() << "\n";
    return 1;
  }
  std::cout << "total " << result->total << "\n";
  for (const auto& hit : result->hits) std::cout << hit.id << "\n";
  return result->hits.empty() ? 1 : 0;
}
