// sitrep: the facet registry (see facets.h).
#include "sitrep/facets.h"

#include "sitrep/date.h"
#include "sitrep/schema.h"

namespace sitrep::facets {

const std::vector<Facet>& all() {
  using D = Drill;
  static const std::vector<Facet> table = {
      // name, prefix, slot, drill, on hits, tagger list, label, heading, hit chip, weighted terms
      {"actor", schema::kActor, schema::kSlotActors, D::kId, true, &Tags::actors, "Actor", "Actors", true, true},
      {"person", schema::kPerson, schema::kSlotPersons, D::kId, true, &Tags::persons, "Person", "Persons", true, true},
      {"place", schema::kPlace, schema::kSlotPlaces, D::kId, true, &Tags::places, "Place", "Places", true, true},
      {"region", schema::kRegion, schema::kSlotRegions, D::kId, true, &Tags::regions, "Region", "Regions", false, true},
      {"country", schema::kCountry, schema::kSlotCountries, D::kId, true, &Tags::countries, "Country", "Countries",
       false, true},
      {"world-region", schema::kWorldRegion, schema::kSlotWorldRegions, D::kId, false, &Tags::world_regions,
       "World region", "World regions", false, false},
      {"source", schema::kSource, schema::kSlotSource, D::kSourceKey, false, nullptr, "Source", "Sources", false, false},
      {"lang", schema::kLang, schema::kSlotLang, D::kId, false, nullptr, "Language", "Languages", false, false},
      {"month", schema::kMonth, schema::kSlotMonth, D::kMonth, false, nullptr, "Month", "Months", false, false},
      {"event", schema::kEventDay, schema::kSlotEvents, D::kEventDate, false, nullptr, "Event date", "", false, false},
      {"candidate", schema::kCandidate, schema::kSlotCandidates, D::kNone, false, nullptr, "", "", false, true},
  };
  return table;
}

const Facet* find(std::string_view name) {
  for (const auto& f : all())
    if (name == f.name) return &f;
  return nullptr;
}

std::string drillable_names() {
  std::vector<std::string_view> names;
  for (const auto& f : all())
    if (drillable(f)) names.emplace_back(f.name);
  std::string out;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k > 0) out += k + 1 == names.size() ? " or " : ", ";
    out += names[k];
  }
  return out;
}

Result<std::string> date_term(const Facet& f, std::string_view value) {
  const std::string v(value);
  const auto span = parse_iso_span(v);
  if (f.drill == Drill::kMonth) {
    if (!span || span->precision != DateSpan::Precision::kMonth)
      return Status::invalid_argument(std::string(f.name) + " facet value '" + v + "' is not YYYY-MM");
    return schema::term(schema::kMonth, span->first.compact().substr(0, 6));
  }
  if (f.drill != Drill::kEventDate)
    return Status::invalid_argument(std::string(f.name) + " facet values are not dates");
  if (!span) return Status::invalid_argument(std::string(f.name) + " facet value '" + v + "' is not a date");
  const std::string c = span->first.compact();
  switch (span->precision) {
    case DateSpan::Precision::kDay:
      return schema::term(schema::kEventDay, c);
    case DateSpan::Precision::kMonth:
      return schema::term(schema::kEventMonth, c.substr(0, 6));
    default:
      return schema::term(schema::kEventYear, c.substr(0, 4));
  }
}

void append_entry(std::string& list, std::string_view id, std::string_view name) {
  if (!list.empty()) list.push_back('\n');
  list += id;
  list.push_back('\t');
  for (char c : name) list.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

Entry decode_line(std::string_view line) {
  const auto tab = line.find('\t');
  return {std::string(line.substr(0, tab)), tab == std::string_view::npos ? std::string() : std::string(line.substr(tab + 1))};
}

std::vector<Entry> decode(std::string_view list) {
  std::vector<Entry> out;
  for (std::size_t start = 0; start < list.size();) {
    std::size_t end = list.find('\n', start);
    if (end == std::string_view::npos) end = list.size();
    if (end > start) out.push_back(decode_line(list.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

}  // namespace sitrep::facets
