// sitrep: the near-duplicate key (see duplicate_key.h).
#include "duplicate_key.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>

namespace sitrep {
namespace {

constexpr int kHashes = 4;
constexpr std::size_t kShingle = 5;

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a over the shingle's folded words, each followed by a space.
std::uint64_t shingle_hash(const std::vector<const Token*>& body, std::size_t first) {
  std::uint64_t h = 1469598103934665603ULL;
  for (std::size_t k = first; k < first + kShingle; ++k) {
    for (unsigned char c : body[k]->norm) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0x20) * 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string duplicate_key(const std::vector<Token>& tokens, std::size_t body_begin) {
  std::vector<const Token*> body;
  for (const auto& t : tokens)
    if (t.begin >= body_begin && body.size() < kDuplicateKeyWords) body.push_back(&t);
  if (body.size() < kShingle) return {};
  // Four independent min-hashes: the shingle hash remixed with four seeds.
  std::uint64_t best[kHashes];
  std::fill(std::begin(best), std::end(best), ~0ULL);
  for (std::size_t i = 0; i + kShingle <= body.size(); ++i) {
    const std::uint64_t h = shingle_hash(body, i);
    for (int j = 0; j < kHashes; ++j)
      best[j] = std::min(best[j], mix(h + 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(j + 1)));
  }
  std::string key;
  for (int j = 0; j < kHashes; ++j) {
    char part[17];
    std::snprintf(part, sizeof part, "%016llx", static_cast<unsigned long long>(best[j]));
    key += part;
  }
  return key;
}

}  // namespace sitrep
