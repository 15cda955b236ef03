// sitrep: the article record shared by readers, indexer and searcher.
#pragma once

#include <string>

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

}  // namespace sitrep
