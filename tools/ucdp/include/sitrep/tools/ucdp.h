// sitrep tools: the UCDP Actor Dataset importer (sitrep-import-ucdp), as a library for its tests.
//
// It turns the rows of ucdp-actor-<version>.csv into actors in the format of shared/data/actors.tsv
// (id, name, aliases, kind, countries): id "ucdp-<ActorId>", names and aliases from the name
// columns, kind from Org, countries from Location. Actors already in the curated list are left out.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/status.h"
#include "sitrep/csv.h"

namespace sitrep::ucdp {

// One name as written in the CSV made usable: a line break after a hyphen is joined
// ("Congo-\nKinshasa" -> "Congo-Kinshasa"), runs of white space become one space, ends trimmed,
// '|' (the alias separator of the TSV format) becomes '/'.
std::string clean_name(std::string_view raw);

// A name without its final bracketed part: "Government of Russia (Soviet Union)" ->
// "Government of Russia"; other names unchanged.
std::string without_brackets(std::string_view name);

// True when a piece of a comma-separated list starts like a name of its own: after leading quotes
// and brackets, its first letter is not lower case (upper case, title case, a digit, or a script
// without case), or its first word is a lower-case particle joined by a hyphen or apostrophe to the
// rest ("al-Dawla al-Islamiyya", "ex-Seleka"). "de Julio" and "'the Saviours'" do not.
bool starts_like_name(std::string_view piece);

// Splits a list of names written "A, B, C" (the NewName* columns). The text is cut at every comma
// followed by a space; a piece that does not start like a name (starts_like_name) is glued back to
// the piece before it, so "Movimiento 26, de Julio" stays one name. Pieces are cleaned.
std::vector<std::string> split_name_list(std::string_view text);

// The number of letters (Unicode) in a string.
std::size_t letter_count(std::string_view s);
// Too short to be an alias: no letter, or fewer than two letters and digits together
// ("X", "7" and "-" are; "M-19" and "3R" are not).
bool is_too_short(std::string_view name);

// True for an alias that is an ordinary English word, which would match everyday text: a single
// word written in lower case or capitalised ("Union", "Spiders", "return") found in a built-in
// list of common English words, or any single word whose folded form is one of the analyzer's stop
// words ("IS", "AN"). Acronyms in capitals that are not stop words ("FACT", "ETA") are names.
bool is_ordinary_word(std::string_view alias, const Analyzer& analyzer);

// Country names (countries.tsv names and aliases, case- and accent-insensitive) to ISO alpha-2 codes.
class CountryMapper {
 public:
  explicit CountryMapper(const Analyzer& analyzer) : analyzer_(&analyzer) {}
  // countries.tsv: code, name, aliases (|), demonyms (|), lat, lon. Adds the UCDP names of former
  // states that countries.tsv does not know (see ucdp.cpp: South Vietnam, South Yemen, ...).
  static Result<CountryMapper> load(const std::string& countries_tsv, const Analyzer& analyzer);

  // A name that Location may use for a country.
  void add_name(std::string_view name, const std::string& code);
  // A demonym: never a Location, but an alias equal to it would shadow the country.
  void add_demonym(std::string_view demonym);

  // Code of one country name: the whole name, else for "A (B)" A then B
  // ("Vietnam (North Vietnam)" -> vn, "Cambodia (Kampuchea)" -> kh).
  std::optional<std::string> code_of(std::string_view name) const;
  // Codes of a comma-separated Location, in order, without repeats. "Macedonia, FYR" is tried as one
  // name before its pieces. Names that are not countries are appended to *unknown (when given).
  std::vector<std::string> map_location(std::string_view location, std::vector<std::string>* unknown) const;
  // True when a name equals a country's name, alias or demonym (an actor alias equal to it would
  // make the gazetteer read the country as the actor).
  bool is_country_word(std::string_view name) const;

 private:
  std::string key(std::string_view name) const;
  const Analyzer* analyzer_;
  std::unordered_map<std::string, std::string> codes_;  // folded name -> code
  std::set<std::string> demonyms_;                      // folded demonyms
};

// The names of the curated actors (name and every alias, compared case- and accent-insensitively)
// and their countries.
class CuratedNames {
 public:
  explicit CuratedNames(const Analyzer& analyzer) : analyzer_(&analyzer) {}
  // actors.tsv: id, name, aliases (|), kind, countries (|).
  static Result<CuratedNames> load(const std::string& actors_tsv, const Analyzer& analyzer);
  // One name (or alias) of a curated actor; countries are added to the actor's.
  void add(const std::string& id, std::string_view name, const std::vector<std::string>& countries = {});
  // Id of the curated actor that has this name or alias, or nullptr.
  const std::string* owner(std::string_view name) const;
  // Countries of a curated actor (empty when unknown).
  const std::vector<std::string>& countries(const std::string& id) const;
  std::size_t actor_count() const noexcept { return countries_.size(); }

 private:
  const Analyzer* analyzer_;
  std::unordered_map<std::string, std::string> owner_;  // folded name -> curated id
  std::map<std::string, std::vector<std::string>> countries_;
};

// True for an acronym: at least one upper-case letter and no lower-case one ("NDF", "SLM/A - MM").
bool is_acronym(std::string_view name);

// The kind written for an Org value: 1 armed-group, 2 party-supporters, 3 identity-group,
// 4 government; empty for anything else.
std::string kind_of_org(int org);

struct ImportOptions {
  std::set<int> orgs = {1, 4};  // Org values to import
};

struct SkippedActor {
  std::string actor_id;
  std::string name;
  std::string reason;  // e.g. "curated duplicate of hezbollah ('Hezbollah')"
};

struct ImportReport {
  std::size_t read = 0;                // data rows
  std::size_t written = 0;             // actors returned
  std::size_t other_org = 0;           // rows whose Org was not selected
  std::size_t curated_duplicates = 0;  // rows left out because the curated list has them
  std::size_t acronym_clashes = 0;     // acronyms dropped: a curated actor of other countries has them
  std::size_t country_names = 0;       // rows whose name is a country name or demonym
  std::size_t invalid = 0;             // rows without a usable id, Org or name
  std::size_t aliases_dropped = 0;     // aliases dropped as too short, ordinary words or country names
  std::vector<std::pair<std::string, std::size_t>> unknown_locations;  // name, rows (first-seen order)
  std::vector<SkippedActor> skipped;                                   // every row left out, with its reason
  std::vector<std::string> warnings;                                   // "line N: ..." for rows that could not be read
  std::vector<std::string> notes;                                      // every alias dropped, and why
  std::string version;                                                 // the Version column (e.g. "22.1")
};

struct ImportResult {
  std::vector<Actor> actors;
  ImportReport report;
};

// The name columns of one row, as written in the CSV.
struct NameColumns {
  std::string name_data, name_orig, name_orig_full, name_orig_full_eng;
  bool name_changed = false;  // NameChange is 1
  std::string new_name, new_name_mother_tongue, new_name_eng;
};

// Names of one row.
// The display name is, for a renamed actor (NameChange 1), its present English name: the last
// name of NewNameFullEng when that is a real name and not an ordinary word (UCDP's NameOrigFullEng
// is then the first name: "Uganda Democratic Christian Army" for the Lord's Resistance Army).
// Otherwise it is NameOrigFullEng when that is a real name (not empty, not "n/a", not
// is_too_short), else NameData, else NameOrig.
// `all` is the display name followed by NameData, NameOrig, NameOrigFull, NameOrigFullEng, the
// names of NewName (split_name_list) and then those of NewNameFullMotherTongue and NewNameFullEng
// (parallel lists: split only when NewName lists two names or more and the column gives as many,
// else kept whole): cleaned, placeholders left out, each name once (compared case- and
// accent-insensitively). The filters for short names, ordinary words and country names come
// later, in import_actors.
struct RowNames {
  std::string display;           // empty when the row has no usable name
  std::vector<std::string> all;  // display name first
};
RowNames names_of_row(const NameColumns& row, const Analyzer& analyzer);

// Imports the records (the header first) of a UCDP Actor Dataset CSV.
Result<ImportResult> import_actors(const std::vector<csv::Record>& records, const CountryMapper& countries,
                                   const CuratedNames& curated, const Analyzer& analyzer,
                                   const ImportOptions& options = {});

// The first line of the output: source, version, licence and citation note.
std::string header_comment(const std::string& source_file, const std::string& version);

// Writes the header comments and one TSV line per actor.
void write_tsv(std::ostream& out, const std::vector<Actor>& actors, const std::string& source_file,
               const std::string& version);

}  // namespace sitrep::ucdp
