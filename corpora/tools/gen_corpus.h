// sitrep corpora: a deterministic generator of large, realistic corpora for benchmarks.
//
// Articles are recombined from the real sentences of Reuters-21578 and FA-KES (../shared/corpora,
// split into sentences once at start-up), in runs of consecutive sentences from one source article.
// Names of countries, demonyms, places and actors that the sentences hold are replaced by those of
// the article's own theme (a country, some of its places and actors, from the gazetteer's curated
// lists countries.tsv, places.tsv and actors.tsv), and a few clauses naming them are added, so the
// entity facets are those of conflict reporting. Each article has a publication date between
// 2000-01-01 and 2025-12-31, a title, a source from a small invented list and an example.org URL.
//
// Article i of seed s depends on (s, i, bytes per article) only: the same seed gives the same
// bytes, and a corpus of N articles is the prefix of the corpus of N + 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::corpora {

struct GeneratorOptions {
  // Holds corpora/reuters21578/*.sgm and corpora/fakes/FA-KES-Dataset.csv (the team's ../shared);
  // a directory holding reuters21578/ and fakes/ directly is accepted too.
  std::string shared_dir;
  // countries.tsv, places.tsv, actors.tsv; empty: Gazetteer::default_data_dir().
  std::string data_dir;
};

struct GeneratorStats {
  std::size_t reuters_documents = 0, reuters_sentences = 0;
  std::size_t fakes_documents = 0, fakes_sentences = 0;
  std::size_t titles = 0;  // FA-KES headlines used as title templates
  std::size_t slots = 0;   // name mentions found in the sentences (replaceable)
  std::size_t countries = 0, places = 0, actors = 0;
};

class CorpusGenerator {
 public:
  static Result<CorpusGenerator> create(const GeneratorOptions& options);

  CorpusGenerator(CorpusGenerator&&) noexcept;
  CorpusGenerator& operator=(CorpusGenerator&&) noexcept;
  ~CorpusGenerator();

  // Appends article `index` (0-based) of the corpus of `seed` to `out`: one JSON object (id, date,
  // title, source, url, lang, text) and a line feed. Records average `bytes_per_article` bytes
  // (each between about half and one and a half times it).
  void append_article(std::string& out, std::uint64_t seed, std::uint64_t index,
                      std::size_t bytes_per_article) const;

  const GeneratorStats& stats() const noexcept;

 private:
  CorpusGenerator();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The sentences of a text: cut after '.', '?' or '!' (and closing quotes) followed by a space and
// a capital letter, digit or quote, except after abbreviations (Mr., Feb., U.S., single
// initials). Runs of white space become one space.
std::vector<std::string> split_sentences(std::string_view text);

}  // namespace sitrep::corpora
