// sitrep: the features of the name tagger (ner_model.h), shared by training and tagging.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/gazetteer.h"
#include "sitrep/ner_model.h"

namespace sitrep::ner {

// BIO tags: O, then B-X and I-X for each NerType in order (B-PER = 1, I-PER = 2, B-ORG = 3, ...).
inline constexpr int kTags = 1 + 2 * static_cast<int>(kNerTypes);
inline constexpr int kOutside = 0;
inline constexpr int begin_tag(NerType t) { return 1 + 2 * static_cast<int>(t); }
inline constexpr int inside_tag(NerType t) { return 2 + 2 * static_cast<int>(t); }
inline constexpr bool is_inside(int tag) { return tag > 0 && tag % 2 == 0; }
inline constexpr NerType type_of(int tag) { return static_cast<NerType>((tag - 1) / 2); }
// Whether tag may follow prev (prev = -1: the sentence start): I-X only after B-X or I-X.
inline constexpr bool allowed(int prev, int tag) {
  return !is_inside(tag) || (prev > 0 && type_of(prev) == type_of(tag));
}
// "O", "B-PER", ...
std::string tag_name(int tag);

// Tags of a sentence of n words from its names (BIO), and names from tags (an I-X not after B-X
// or I-X starts a name, as in IOB1).
std::vector<int> tags_of(const std::vector<NerSpan>& names, std::size_t n);
std::vector<NerSpan> spans_of(const std::vector<int>& tags);

// Word shape: upper-case letter X, lower-case x, digit d, other bytes as written; bytes of a
// non-ASCII letter count as one x. Long words keep their first 12 shape characters.
std::string word_shape(std::string_view surface);
// The shape with runs of one character merged ("Xxxxx" -> "Xx", "dd-dd" -> "d-d").
std::string compress_shape(std::string_view shape);
// "Xx" (capitalised), "XX" (all capitals), "x" (lower case), "d" (digits), "mixed" (letters and
// digits or inner capitals: "iPhone", "F16"), "p" (no letter or digit).
std::string_view word_class(std::string_view surface);

// The hashed features of each word of a sentence: rows into the weight table.
struct SentenceFeatures {
  std::vector<std::uint32_t> rows;     // every word's rows, word after word
  std::vector<std::uint32_t> offsets;  // word i's rows are [offsets[i], offsets[i + 1])
  std::size_t size() const noexcept { return offsets.empty() ? 0 : offsets.size() - 1; }
};
SentenceFeatures extract_features(const std::vector<NerWord>& words, const Gazetteer* gazetteer, unsigned hash_bits);

// Human-readable features of word i (tests and debugging): "w=iraq", "sh=Xxxx", "gz:place:B", ...
std::vector<std::string> feature_names(const std::vector<NerWord>& words, std::size_t i, const Gazetteer* gazetteer);

// 64-bit FNV-1a: the model file's checksum (features use a faster hash of their own; both are
// stable across platforms and runs).
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 14695981039346656037ull) noexcept;

}  // namespace sitrep::ner
