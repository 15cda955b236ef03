// sitrep: the index schema, shared by indexer and searcher (Xapian/Omega conventions).
#pragma once

#include <string>
#include <string_view>

namespace sitrep::schema {

// 2: regions (XR), event dates (ED/EM/EY); 3: languages (stems per language, Arabic and Hebrew
// normalisation, transliteration keys T); 4: the document data no longer repeats the facets (a hit's
// facets are read from their value slots); 5: the document data is a JSON header line, then the
// text (see join_data), so a hit is read without unescaping its whole text. Version 4 is still
// read (its data is the JSON object alone, with the text inside), and the indexer upgrades a
// version 4 index in place: terms and values are the same, documents of both forms can coexist.
inline constexpr int kVersion = 5;
inline constexpr int kOldestReadable = 4;
inline bool readable_version(std::string_view v) { return v == "4" || v == "5"; }
inline constexpr const char* kVersionKey = "sitrep.schema";
inline constexpr const char* kAnalyzerKey = "sitrep.analyzer";
inline constexpr const char* kGazetteerKey = "sitrep.gazetteer";
// In each shard of a sharded index: "i/K", shard i of K (articles by Indexer::shard_of(id, K)).
inline constexpr const char* kShardKey = "sitrep.shard";
// In each database (shard) written by a resumable run (IndexerOptions::run_key): "KEY SEQ" while
// the run goes on (its changes up to sequence number SEQ for this shard are committed), "KEY done"
// once it completed; empty or absent otherwise. Committed with the changes it describes.
inline constexpr const char* kCheckpointKey = "sitrep.checkpoint";

// Term prefixes.
inline constexpr const char* kId = "Q";        // unique id term
inline constexpr const char* kStem = "Z";      // stemmed text term (no positions), stemmer of the article's language
// Transliteration key of a name-like word in a non-Latin script (Analyzer::translit_key: the
// consonant skeleton of its ASCII transliteration, "Харків" -> Thrkb), no positions.
inline constexpr const char* kTranslit = "T";
inline constexpr const char* kTitle = "S";     // title words (with positions)
inline constexpr const char* kActor = "XA";    // actor / organisation canonical id
inline constexpr const char* kPerson = "XP";   // person canonical id
inline constexpr const char* kPlace = "XL";    // place canonical id
inline constexpr const char* kCountry = "XC";  // ISO 3166-1 alpha-2, lower case
inline constexpr const char* kRegion = "XR";   // first-level region id (named, or holding a named place)
// World region of the tagged countries (UN M49 sub-region, shared/data/world-regions.tsv).
inline constexpr const char* kWorldRegion = "XW";
// Candidate entities found by rules, kept apart from the trusted facets: XUA (organisation),
// XUP (person), XUL (place) + the slug of the name.
inline constexpr const char* kCandidate = "XU";
// The kind letter after XU, from the kind's name as the candidate facet writes it (actor, person;
// anything else is a place), and back (nullptr for a letter that is none).
inline constexpr char candidate_letter(std::string_view kind) {
  return kind == "actor" ? 'A' : kind == "person" ? 'P' : 'L';
}
inline constexpr const char* candidate_kind(char letter) {
  return letter == 'A' ? "actor" : letter == 'P' ? "person" : letter == 'L' ? "place" : nullptr;
}
inline constexpr const char* kSource = "XS";   // folded source name
inline constexpr const char* kLang = "L";      // language code
inline constexpr const char* kDay = "D";       // D20241207
inline constexpr const char* kMonth = "M";     // M202412
inline constexpr const char* kYear = "Y";        // Y2024
// Event dates found in the text: the day, month or year an event is said to have happened.
inline constexpr const char* kEventDay = "ED";    // ED20241127
inline constexpr const char* kEventMonth = "EM";  // EM202411 (a month named without its day)
inline constexpr const char* kEventYear = "EY";   // EY2011 (a year named alone)
// Event concepts (events.tsv): XE + concept id ("XEattack"), wdf the occurrences of the concept's
// words in the article (as a synonym of those words weighs them); and on every article the
// boolean term XE# + Gazetteer::concept_table(), the fingerprint of the table it was indexed with.
// A searcher reads a concept's one term only when every article carries its own table's
// fingerprint, else it ORs the words (an index written before these terms, or with another list).
inline constexpr const char* kConcept = "XE";
inline constexpr const char* kConceptTable = "XE#";

// Value slots.
inline constexpr unsigned kSlotDate = 0;    // publication date YYYYMMDD
inline constexpr unsigned kSlotActors = 1;  // facet lists: "id\tDisplay name" joined by '\n', most mentioned first
inline constexpr unsigned kSlotPersons = 2;
inline constexpr unsigned kSlotPlaces = 3;
inline constexpr unsigned kSlotCountries = 4;
inline constexpr unsigned kSlotSource = 5;
inline constexpr unsigned kSlotMonth = 6;   // YYYY-MM
inline constexpr unsigned kSlotCoords = 7;  // Xapian LatLongCoords of the tagged places
inline constexpr unsigned kSlotLang = 8;
inline constexpr unsigned kSlotRegions = 9;   // facet list of regions
inline constexpr unsigned kSlotCandidates = 11;  // facet list of candidates: "kind:id\tName"
// Near-duplicate key: four min-hashes of the 5-word shingles of the body's first 200 words, as 64
// hex digits. Two articles share it with probability J^4 for their shingles' Jaccard similarity J:
// wire copies of one story (J near 1) collapse, articles sharing a sentence (J ~ 0.1) do not.
inline constexpr unsigned kSlotDuplicate = 12;
inline constexpr unsigned kSlotEvents = 10;   // event dates: YYYY-MM-DD, YYYY-MM or YYYY, joined by '\n'
// Facet list of world regions (the XW terms). Added within version 5, as the duplicate key was: an
// index written before has neither, and keeps working; its articles count under no world region
// until they are indexed again (a drill-down on one says so).
inline constexpr unsigned kSlotWorldRegions = 13;
// The document data's header line (the JSON of join_data: id, date, title, source, url, lang,
// events) once more, uncompressed and without the text: a hit without a snippet reads this value
// instead of the whole document data (a value is about a quarter of the cost of the data, which
// Xapian stores compressed with the text). Added within version 5: an index written before lacks
// it, and its hits are read from the data as before.
inline constexpr unsigned kSlotHeader = 14;

inline std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  t.append(value);
  return t;
}

// Xapian's limit on term length is 245 bytes; ids are cut well below it.
inline constexpr std::size_t kMaxIdBytes = 200;

// Document data: the JSON header (id, date, title, source, url, lang, events: never a raw newline,
// as JSON escapes them in strings), a newline, then the article's text as it is.
inline std::string join_data(std::string_view header, std::string_view text) {
  std::string out;
  out.reserve(header.size() + 1 + text.size());
  out.append(header).push_back('\n');
  out.append(text);
  return out;
}
struct DataParts {
  std::string_view header;  // JSON
  std::string_view text;
  bool text_apart = false;  // false: data of version 4, the text is inside the JSON ("text")
};
inline DataParts split_data(std::string_view data) {
  const auto nl = data.find('\n');
  if (nl == std::string_view::npos) return {data, {}, false};
  return {data.substr(0, nl), data.substr(nl + 1), true};
}

}  // namespace sitrep::schema
