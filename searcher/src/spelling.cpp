// sitrep: spelling suggestions (see spelling.h).
#include "spelling.h"

#include "sitrep/schema.h"
#include "query_builder.h"
#include "query_reader.h"  // all_digits

namespace sitrep {

std::vector<Suggestion> spelling_suggestions(const Xapian::Database& db, const Gazetteer& gaz, const ParsedQuery& pq) {
  std::vector<Suggestion> out;
  const auto& text = pq.text();
  auto unknown = [&](const TextClause& c) {
    if (c.kind != TextClause::Kind::kWord || c.negated || all_digits(c.terms[0])) return false;
    return db.get_termfreq(schema::term(schema::kStem, c.terms[0])) == 0 && held_variants(db, gaz, c).empty();
  };
  auto suggest = [&](const std::string& written) {
    const auto similar = gaz.similar_names(gaz.analyzer().fold(written), 1);
    if (similar.empty()) return false;
    const auto& m = similar.front().match;
    const std::string id = gaz.id_of(m);
    out.push_back({written, gaz.display_name(m.kind, id), to_string(m.kind), id});
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!unknown(text[i])) continue;
    if (i + 1 < text.size() && unknown(text[i + 1])) {
      const std::string both = text[i].written + " " + text[i + 1].written;
      if (pq.original().find(both) != std::string::npos && suggest(both)) {
        ++i;
        continue;
      }
    }
    suggest(text[i].written);
  }
  return out;
}

}  // namespace sitrep
