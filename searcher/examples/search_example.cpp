// A minimal program using the sitrep searcher library: prints the ids and titles of the hits.
//   sitrep-example-search INDEX_DIR "Hezbollah deployments near Lebanese border after 2024-11-27"
#include <iostream>

#include "sitrep/searcher.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " INDEX_DIR QUERY\n";
    return 2;
  }
  auto searcher = sitrep::Searcher::open(argv[1]);
  if (!searcher) {
    std::cerr << searcher.status().to_string() << "\n";
    return 1;
  }
  sitrep::SearchOptions options;
  options.limit = 5;
  auto result = searcher->search(argv[2], options);
  if (!result) {
    std::cerr << result.status().to_string() << "\n";
    return 1;
  }
  std::cout << "read as: " << result->query.summary() << "\n" << result->total << " matches\n";
  for (const auto& hit : result->hits)
    std::cout << hit.rank << "\t" << hit.date << "\t" << hit.id << "\t" << hit.title << "\n";
  return 0;
}
