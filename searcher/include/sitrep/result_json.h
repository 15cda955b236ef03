// sitrep: search answers and stored articles as JSON values (nlohmann::json). The one place their
// JSON shape is built: to_json (sitrep-search --format json), sitrep-serve's /search, /facets and
// /doc/{id}, and the Python module (python/), which converts these values to dicts and lists, all
// read it, so their keys cannot drift apart. Include <nlohmann/json.hpp> to use the values.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "sitrep/searcher.h"

namespace sitrep {

// {"total", "total_exact", "hits": [...], "facets": {...}, "histogram": {...},
//  "interpretation": {...}, "relaxed"} and, when there are any, "note", "suggestions",
// "did_you_mean"; to_json(result) is this value written out.
nlohmann::json result_json(const SearchResult& result);
// {"field", "interval", "buckets": [{"key", "from", "to", "count"}]}: the "histogram" of result_json.
nlohmann::json histogram_json(const Histogram& histogram);
// {"id", "date", "title", "source", "url", "lang", "text", "events", "facets"}: a stored article
// (sitrep-serve's /doc/{id}); every facet shown on hits is a key of "facets", empty or not.
nlohmann::json article_json(const StoredArticle& article);

}  // namespace sitrep
