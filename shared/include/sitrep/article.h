// sitrep: the article record shared by readers, indexer and searcher.
#pragma once

#include <string>
#include <string_view>

#include "sitrep/date.h"

namespace sitrep {

struct Article {
  std::string id;      // stable id: given, or derived from the file path
  Date date;           // publication date
  std::string title;   // may be empty: the first words of the text stand in for it
  std::string text;    // body, UTF-8
  std::string source;  // outlet name
  std::string url;
  std::string lang;    // ISO 639-1: as given, else detected from the text (sitrep/language.h)
  std::string origin;  // where it was read from, "file:line", for messages
};

// The text the indexer analyses and tags for an article: its title, a blank line, then its text
// (the text alone when there is no title). Byte offsets of its words (Token::begin) are into it.
inline std::string analysed_text(std::string_view title, std::string_view text) {
  if (title.empty()) return std::string(text);
  std::string out;
  out.reserve(title.size() + 2 + text.size());
  out.append(title).append("\n\n").append(text);
  return out;
}

}  // namespace sitrep
