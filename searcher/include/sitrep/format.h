// sitrep: renders search results as JSON or text (the CLI and the HTTP server share these).
#pragma once

#include <string>

#include "sitrep/searcher.h"

namespace sitrep {

struct TextFormatOptions {
  bool explain = false;  // print the reading of the query and the engine query
  bool color = false;    // ANSI bold for matched words (else [brackets])
};

// One JSON object: {"total", "total_exact", "hits": [...], "facets": {...}, "interpretation": {...}}.
std::string to_json(const SearchResult& result, bool pretty = true);
std::string to_text(const SearchResult& result, const TextFormatOptions& options = {});
// One CSV row per hit (RFC 4180, header first): rank,id,date,title,source,url,score,actors,
// persons,places,regions,countries,snippet. Lists are joined by "; ", the snippet is plain text.
// An estimated total (SearchResult::total_exact false) is said first, on the line "# total: about N".
std::string to_csv(const SearchResult& result);

}  // namespace sitrep
