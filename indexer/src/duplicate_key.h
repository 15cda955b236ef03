// sitrep: the near-duplicate key of an article (schema::kSlotDuplicate).
#pragma once

#include <string>
#include <vector>

#include "sitrep/analyzer.h"

namespace sitrep {

// Words of the body that the key reads: its first 200.
inline constexpr std::size_t kDuplicateKeyWords = 200;

// Four min-hashes of the 5-word shingles (folded words) of the body's first kDuplicateKeyWords
// words, as 64 hex digits; the body is the tokens that begin at or after byte body_begin. Two
// articles share it with probability J^4 for their shingles' Jaccard similarity J, so wire copies
// (J near 1) collapse while articles sharing one sentence (J ~ 0.1) almost never do. Empty for a
// body of fewer than five words. A pure function of the words: case, punctuation and spacing do
// not change it.
std::string duplicate_key(const std::vector<Token>& tokens, std::size_t body_begin);

}  // namespace sitrep
