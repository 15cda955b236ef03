// sitrep: reading hits and articles from the index. A hit's header (id, date, title, source, url,
// events) is the JSON header of the document's data (schema::split_data), its text gives the
// snippet, and its facets come from the value slots ("id\tname" lines, most mentioned first) or,
// when the searcher has a current one, from the facet cache's rows.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/searcher.h"
#include "facet_cache.h"
#include "snippet.h"

namespace sitrep {

// How the hits of a page are read.
struct HitReading {
  const FacetCache* cache = nullptr;  // the facets from its rows when given (a current cache)
  const Snippeter* snippeter = nullptr;
  const Highlights* highlights = nullptr;
  std::size_t snippet_words = 0;  // 0: no snippet
};

// The hit of one match of a ranked page (rank, score and duplicates are the caller's); nothing
// when the stored data is unreadable.
std::optional<Hit> read_hit(const Xapian::MSetIterator& match, const HitReading& how);

// A whole stored article (Searcher::document); nothing when its data is not a JSON object.
std::optional<StoredArticle> read_article(const Xapian::Document& doc);

}  // namespace sitrep
