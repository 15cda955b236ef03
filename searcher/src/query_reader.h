// sitrep: how a query string becomes a ParsedQuery (internal to the searcher library).
//
//   query_lexer.cpp        the string -> QueryItems (words, "phrases", fields, operators, parentheses)
//   query_parser.cpp       QueryReader: the expression — alternatives separated by OR, each a run of
//                          items and parenthesised groups that all hold — and ParsedQuery itself
//   query_conjunction.cpp  ConjunctionReader: one conjunction, item by item (fields, phrases,
//                          wildcards, NEAR), then what the whole conjunction settles (natural dates,
//                          a description's boosts, the places of geographic filters)
//   query_words.cpp        ConjunctionReader: a run of plain words, read left to right by the
//                          readers of kRunReaders, in their order of precedence
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/date.h"
#include "sitrep/gazetteer.h"
#include "sitrep/query.h"
#include "sitrep/status.h"

namespace sitrep {

class Tagger;

// One item of a query as the lexer cuts it.
struct QueryItem {
  enum class Type { kWord, kPhrase, kField, kOp, kOpen, kClose };
  Type type = Type::kWord;
  std::string text;   // word, phrase, operator; or the field's whole "name:value"
  std::string field;  // lower case
  std::string value;
  bool negated = false;
  bool required = false;
  // A field made from natural words ("Geneva (Switzerland)"): read as the words would be, not as
  // a stated field (the relaxed query may relax it).
  bool natural = false;
};

std::vector<QueryItem> lex_query(std::string_view q);

// One word of a natural-language run.
struct RunWord {
  std::string surface;
  std::string norm;
  std::string stem;
  std::optional<DateSpan> date;  // an ISO date written as one chunk
  bool numeric = false;
  bool upper = false;  // first letter upper case or all caps as written, or a script without case
  bool negated = false;
  bool required = false;
};

// Small helpers shared by the query reader's units.
std::string lower_ascii(std::string_view s);
bool is_space(char c);
bool all_digits(const std::string& s);
std::string fmt_km(double km);
std::string join(const std::vector<std::string>& v, std::string_view sep);
bool is_border_word(std::string_view w);
// Initial great-circle bearing from one point to another, degrees clockwise from north.
double initial_bearing(double lat1, double lon1, double lat2, double lon2);
// The other terms a query word can have in the index (TextClause::variants).
std::vector<TextClause::Variant> word_variants(const Analyzer& an, const std::string& norm, bool name);
// The places among `ms` that lie in the country or first-level region `qualifier` names
// ("Geneva, Switzerland", "Tripoli (LB)").
std::vector<NameMatch> places_in_area(const Gazetteer& gaz, const std::vector<NameMatch>& ms,
                                      std::string_view qualifier);

// The expression: alternatives (OR) of conjunctions, with parentheses.
class QueryReader {
 public:
  QueryReader(const Gazetteer& gazetteer, const QueryLimits& limits, const Tagger* tagger, const Date& now)
      : gaz_(gazetteer), limits_(limits), tagger_(tagger), now_(now) {}

  Result<ParsedQuery> read(std::string_view query);

 private:
  // a b OR c d OR ...: the alternatives up to a closing parenthesis or the end.
  Result<ParsedQuery> any_of(const std::vector<QueryItem>& items, std::size_t& pos, std::size_t depth);
  // Neighbouring items and groups, all of which must hold.
  Result<ParsedQuery> all_of(const std::vector<QueryItem>& items, std::size_t& pos, std::size_t depth);
  // "Geneva (Switzerland)": the name before the parenthesis at items[pos] qualified by the words
  // inside it, as one place item (the words taken off `flat`); false when it is not one.
  bool read_qualified_place(const std::vector<QueryItem>& items, std::size_t& pos, std::vector<QueryItem>& flat) const;

  const Gazetteer& gaz_;
  const QueryLimits& limits_;
  const Tagger* tagger_;
  Date now_;
  std::vector<IgnoredWord> ignored_;  // operators and parentheses not used
  std::vector<bool> transparent_;     // closing parentheses of groups spliced into their conjunction
};

// One conjunction: fields, phrases, wildcards, NEAR clauses and runs of plain words, all of which
// hold. Used once per conjunction.
class ConjunctionReader {
 public:
  ConjunctionReader(const Gazetteer& gazetteer, const QueryLimits& limits, const Tagger* tagger, const Date& now)
      : gaz_(gazetteer),
        an_(gazetteer.analyzer()),
        limits_(limits),
        tagger_(tagger),
        now_(now),
        radius_(limits.default_near_km) {}

  Result<ParsedQuery> read(std::vector<QueryItem> items);

 private:
  // ---- the reading being built (query_conjunction.cpp)
  void add_date_to(std::optional<DateFilter>& filter, std::optional<Date> from, std::optional<Date> to,
                   const std::string& written);
  // A date read from natural words waits until the whole conjunction is read.
  void add_natural_date(std::optional<Date> from, std::optional<Date> to, const std::string& written);
  // A date relative to today ("on Tuesday", "yesterday") gives way to a date the query names
  // itself, and one that conflicts with the dates before it is not used; neither is an error.
  void resolve_natural_dates();
  // km < 0: the within: radius, else the default (set once the whole query is read).
  void make_geo(GeoFilter::Kind kind, std::string target, std::string name, const std::string& written, bool neg);
  void make_geo_border(const Country& c, const std::string& written, bool neg);
  void make_geo_place(const Place& p, const std::string& written, bool neg);
  // Near a country's border or near a place, as the match (a country or a place) names.
  void make_geo_of(const NameMatch& m, const std::string& written, bool neg);
  // `ms` is ranked as Gazetteer::match_at ranks it.
  void entity_from_matches(const std::vector<NameMatch>& ms, const std::string& written, bool neg);
  void add_text(TextClause c);
  // "Geneva (Switzerland)": a place with its country, as a field picked it.
  std::string place_label(const Place& p) const;

  // ---- items (query_conjunction.cpp)
  Status read_item(QueryItem& it);
  // NEAR/n and the words it joins; true when the item was taken.
  Result<bool> read_near(QueryItem& it);
  void abandon_near();
  void close_near();
  void flush_run();
  Status read_field(const QueryItem& it);
  Status read_date_field(const QueryItem& it);
  Status read_within(const QueryItem& it);
  Status read_like(const QueryItem& it);
  Status read_entity_field(const QueryItem& it);
  bool read_entity_id(const QueryItem& it);
  void read_phrase(const QueryItem& it);
  Status read_wildcard(const QueryItem& it);
  void add_chunk(const QueryItem& it);
  // ---- settling the conjunction (query_conjunction.cpp)
  void apply_description();
  void place_geo_filters();

  // ---- runs of plain words (query_words.cpp)
  void read_run();
  std::string written(std::size_t a, std::size_t b) const;
  bool any_negated(std::size_t a, std::size_t b) const;
  // Best gazetteer match at k (longest; actor before person before country before place).
  std::vector<NameMatch> entity_at(std::size_t k) const;
  int year_of(std::size_t k) const;
  // A date written at k, and the number of words it takes.
  std::optional<std::pair<DateSpan, std::size_t>> date_at(std::size_t k, bool allow_year);
  bool weak_place_at(const std::vector<NameMatch>& ms, std::size_t at) const;
  std::size_t read_names(std::size_t start, std::size_t k, const std::vector<NameMatch>& ms, bool places_only);
  void settle_step(std::size_t i);
  // The readers of a run: each reads what starts at i and moves i past it, or returns false.
  bool read_date_phrase(std::size_t& i);
  bool read_near_phrase(std::size_t& i);
  bool read_direction(std::size_t& i);
  bool read_part_of_area(std::size_t& i);
  bool read_in_place(std::size_t& i);
  bool read_name(std::size_t& i);
  bool read_bare_year(std::size_t& i);
  bool read_date_alone(std::size_t& i);
  bool read_concept(std::size_t& i);
  bool read_stopword(std::size_t& i);
  bool read_word(std::size_t& i);
  using RunReader = bool (ConjunctionReader::*)(std::size_t&);
  static const RunReader kRunReaders[];

  const Gazetteer& gaz_;
  const Analyzer& an_;
  const QueryLimits& limits_;
  const Tagger* tagger_;
  Date now_;
  ParsedQuery pq_;
  double radius_;
  bool radius_given_ = false;
  // Which filters were read from natural words (a description turns those into boosts).
  bool natural_run_ = false;
  std::vector<std::size_t> natural_entities_, natural_geo_;
  bool date_natural_ = false, date_field_ = false;
  struct NaturalDate {
    std::optional<Date> from, to;
    std::string written;
    bool relative = false;
  };
  std::vector<NaturalDate> natural_dates_;
  bool date_relative_ = false;  // set by date_at when the date it read depends on now_
  // Items.
  std::vector<RunWord> run_;
  bool pending_not_ = false, pending_and_ = false;
  // "a NEAR/n b [NEAR/m c]": the clause being built, and whether the next word closes it.
  std::optional<TextClause> near_;
  bool near_wants_word_ = false;
  // The run being read.
  std::vector<std::string> norms_;
  std::optional<std::size_t> prev_word_;  // the last plain word (for proximity pairs)
  // A name or place read from +required words ("+Kyiv", "AND Hezbollah") is stated, as a field
  // is: the relaxed query keeps it. Each step of the loop reads the words [step_start_, i).
  std::size_t step_start_ = 0, entities_at_ = 0, geo_at_ = 0;
};

}  // namespace sitrep
