// sitrep (internal): query-biased snippets with the matched words marked.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sitrep/gazetteer.h"
#include "sitrep/query.h"

namespace sitrep {

// What to mark in a text for a query.
struct Highlights {
  std::set<std::string> stems;     // stems of query words and concept words
  std::set<std::string> norms;     // folded words of phrases and numbers
  std::set<std::string> entities;  // "actor:hezbollah", "place:sy-qusayr", "country:lb"
  std::vector<std::string> prefixes;  // wildcards: folded words beginning with one of these
  std::set<std::string> other_stems;  // stems of query words in other languages (words written with
                                      // letters beyond ASCII only)
  std::set<std::string> translit;     // transliteration keys of names (words in other scripts)
};

class Snippeter {
 public:
  explicit Snippeter(const Gazetteer& gazetteer) : gaz_(gazetteer) {}
  Highlights highlights_for(const ParsedQuery& query) const;
  // The window of about `words` words with the most marked words, HTML-escaped, marks as
  // <mark>...</mark>, "…" where the text was cut.
  std::string snippet(const std::string& text, const Highlights& h, std::size_t words) const;

 private:
  const Gazetteer& gaz_;
};

// HTML escaping of & < > " '.
std::string html_escape(std::string_view s);

}  // namespace sitrep
