// sitrep: the facet registry. One row per facet an answer counts (actor, person, place, region,
// country, world-region, source, lang, month, event, candidate), in the order answers show them: its name, its
// term prefix and value slot (schema.h stays the term/slot contract; the rows point into it), how a
// drill-down value becomes a filter, and how the widget labels it. The indexer, the searcher, the
// formatter, the HTTP API and the widget (served with the table written in) all read it, so adding
// a facet is one row here plus the code that extracts its values when an article is indexed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"
#include "sitrep/tagger.h"

namespace sitrep::facets {

// How a drill-down value, as the facet lists it, becomes a filter.
enum class Drill {
  kNone,       // not a drill-down facet (candidate: names found by rule, not trusted)
  kId,         // the id's term (prefix + id), which the index must hold
  kSourceKey,  // a source by its key: the terms of every form it was written in
  kMonth,      // YYYY-MM: the publication month's term
  kEventDate,  // YYYY-MM-DD, YYYY-MM or YYYY: the event day's, month's or year's term
};

struct Facet {
  const char* name;    // the key in answers; FACET=ID (CLI), facet=NAME:ID (HTTP)
  const char* prefix;  // term prefix (schema::kActor, ...)
  unsigned slot;       // value slot (schema::kSlotActors, ...) of its stored list
  Drill drill = Drill::kNone;
  bool on_hits = false;  // each hit shows it (read from the slot; a CSV column, a /doc facet)
  // The tagger's list the indexer writes it from (terms and the stored list): a new facet read
  // from a text is a list of Tags plus this row (world-region is). nullptr when the indexer
  // writes it with its own code (source, lang, month, event, candidate).
  std::vector<EntityTag> Tags::*tags = nullptr;
  // The widget's words: a filter chip ("Actor: Hezbollah"), the sidebar heading and CSV column
  // (lower case) of a facet shown there ("" when it is not), and whether a hit's value is a chip.
  const char* label = "";
  const char* heading = "";
  bool hit_chip = false;
  // Its terms carry the mention count as their wdf, so they count in the document's length (BM25)
  // and in the boost for wanted entities; false: boolean terms, a filter only (source, lang,
  // month and event; a facet derived from others, such as world-region, so that it leaves the
  // ranking as it was).
  bool weighted = true;
};

// Every facet, in the order answers show them.
const std::vector<Facet>& all();
// The facet of that name, or nullptr.
const Facet* find(std::string_view name);
inline bool drillable(const Facet& f) { return f.drill != Drill::kNone; }
// The drill-down facets' names as an error message lists them: "actor, person, ..., month or event".
std::string drillable_names();

// The term a month or event-date drill-down value (f.drill kMonth or kEventDate) filters on; a
// malformed value is kInvalidArgument ("month facet value 'x' is not YYYY-MM", "event facet value
// 'x' is not a date").
Result<std::string> date_term(const Facet& f, std::string_view value);

// The stored facet list of a value slot: "id\tname" lines joined by '\n', most mentioned first.
// A name keeps no tab or line break (they become spaces).
struct Entry {
  std::string id, name;
  bool operator==(const Entry&) const = default;
};
void append_entry(std::string& list, std::string_view id, std::string_view name);
template <typename Range>  // of anything with .id and .name (Entry, EntityTag)
std::string encode(const Range& entries) {
  std::string list;
  for (const auto& e : entries) append_entry(list, e.id, e.name);
  return list;
}
// One line of a stored list: the id before the first tab, the name after it ("" when none).
Entry decode_line(std::string_view line);
// A stored list's entries (empty lines skipped).
std::vector<Entry> decode(std::string_view list);

}  // namespace sitrep::facets
