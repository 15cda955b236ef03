// sitrep: renders search results as JSON or text (the CLI and the HTTP server share these).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// RFC 3986 percent-encoding of every byte but the unreserved characters (A-Z a-z 0-9 - _ . ~):
// the Atom ids, and sitrep-serve's links.
std::string percent_encode(std::string_view s);

struct AtomOptions {
  std::string query;  // the search as asked: the feed's title, and (with drill_down) its id
  std::vector<std::pair<std::string, std::string>> drill_down;  // facet name, value id
  std::string self;   // the feed's own address (link rel="self"); none when empty
  std::string now;    // the feed's updated when it has no entries (RFC 3339); empty: the clock's now
};

// An Atom 1.0 feed (RFC 4287) of the hits: feed id tag:sitrep,2024:search?q=QUERY (percent-
// encoded, each drill-down added as &facet=NAME%3AID), title the query, updated the newest hit's
// publication date; one entry per hit with id tag:sitrep,2024:article:ID, updated its publication
// date (YYYY-MM-DDT00:00:00Z), its title, summary the snippet as plain text (marks dropped, HTML
// unescaped, then XML-escaped), a link to its URL when it has one and a category (term = id,
// label = name, scheme tag:sitrep,2024:FACET) per actor and place; an entry without a URL has
// the snippet as its content too (RFC 4287 wants content or an alternate link). Characters XML 1.0 forbids
// are dropped and bytes that are not UTF-8 become U+FFFD.
std::string to_atom(const SearchResult& result, const AtomOptions& options);

// The names of Searcher::new_entities: JSON {"new_entities": [{"kind", "id", "name", "articles",
// "mentions", "first_date", "last_date", "examples": [...], "country"}]}; text, one name a line
// with its counts, dates and examples; CSV (header first) kind,id,name,articles,mentions,
// first_date,last_date,country,examples (examples joined by "; ").
std::string to_json(const std::vector<NewEntity>& names, bool pretty = true);
std::string to_text(const std::vector<NewEntity>& names);
std::string to_csv(const std::vector<NewEntity>& names);

// A name as one line of an extra-actors*.tsv file (id, name, aliases, kind, countries, since; tab-
// separated, newline-terminated): kind `kind` (an actors.tsv kind such as armed-group), its most
// frequent country, since the year of its first article. Tabs and newlines in the name become spaces.
std::string extra_actor_line(const NewEntity& name, std::string_view kind);

}  // namespace sitrep
