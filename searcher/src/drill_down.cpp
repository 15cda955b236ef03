// sitrep: drill-down filters (see drill_down.h).
#include "drill_down.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "sitrep/edit_distance.h"
#include "sitrep/facets.h"
#include "sitrep/schema.h"
#include "query_builder.h"

namespace sitrep {
namespace {

// A drill-down on an id facet (facets::Drill kId or kSourceKey).
struct DrillId {
  std::string facet;
  std::string prefix;  // the facet's term prefix
  std::string id;
};

// Bounds of the search for the nearest ids of an unknown one: terms of the prefix examined, bytes
// of each compared, ids shown. An id is near within an edit distance of a third of its length (1
// to 6).
constexpr std::size_t kNearestTermsExamined = 200000;
constexpr std::size_t kNearestBytesCompared = 64;
constexpr std::size_t kNearestShown = 5;

// The ids of a facet the index holds that are spelt most like `id` (smallest edit distance first,
// then in term order), at most kNearestShown; empty when none is near.
// Sources are compared by their keys (source_key), `id` being one.
std::vector<std::string> nearest_ids(const Xapian::Database& db, const std::string& prefix, const std::string& id) {
  const bool by_key = prefix == schema::kSource;
  const std::string_view wanted = std::string_view(id).substr(0, kNearestBytesCompared);
  const int limit = std::clamp(static_cast<int>(wanted.size()) / 3, 1, 6);
  std::vector<std::pair<int, std::string>> near;  // (distance, id)
  std::set<std::string> seen;
  std::size_t examined = 0;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && examined < kNearestTermsExamined;
       ++it, ++examined) {
    const std::string term = *it;
    std::string other = term.substr(prefix.size());
    if (by_key && !seen.insert(other = source_key(other)).second) continue;
    const int d = bounded_edit_distance(wanted, std::string_view(other).substr(0, kNearestBytesCompared), limit);
    if (d > limit) continue;
    near.emplace_back(d, std::move(other));
  }
  std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t k = 0; k < near.size() && k < kNearestShown; ++k) out.push_back(std::move(near[k].second));
  return out;
}

// The filters of id-facet drill-downs: the term of each id, which the index must hold. An id no
// article has is an error naming the facet and the nearest ids of it that the index holds (a
// mistyped id would otherwise answer "no article", as if the archive had none).
Result<std::vector<Xapian::Query>> id_filters(const HandlePool& pool, const Analyzer& analyzer, const std::vector<DrillId>& wanted) {
  try {
    return pool.with_db([&](Xapian::Database& db) -> Result<std::vector<Xapian::Query>> {
      std::vector<Xapian::Query> out;
      for (const auto& w : wanted) {
        // A source by its key: every form it was written in.
        const std::string key = w.prefix == schema::kSource ? source_key(analyzer.fold(w.id)) : std::string();
        if (w.prefix == schema::kSource) {
          const auto terms = source_terms(db, key);
          if (!terms.empty()) {
            out.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
            continue;
          }
        } else if (const std::string term = schema::term(w.prefix, w.id); db.term_exists(term)) {
          out.emplace_back(term);
          continue;
        }
        std::string m = "no article has " + w.facet + " '" + w.id + "'";
        const auto near = nearest_ids(db, w.prefix, key.empty() ? w.id : key);
        std::string list;
        for (const auto& n : near) list += (list.empty() ? "" : ", ") + n;
        if (!near.empty())
          m += "; nearest: " + list;
        else if (db.allterms_begin(w.prefix) == db.allterms_end(w.prefix))
          // A facet added after the index was written (schema.h): its articles have none yet.
          m += " (no article of this index has any " + w.facet +
               ": an index written before the facet existed has none until its articles are indexed again)";
        else
          m += " (and none of its " + w.facet + " ids is spelt like it)";
        return Status::invalid_argument(std::move(m));
      }
      return out;
    });
  } catch (const Xapian::Error& e) {
    return Status::index_error("checking the facet values: " + e.get_description());
  }
}

}  // namespace

Result<std::vector<Xapian::Query>> drill_down_filters(const HandlePool& pool, const Analyzer& analyzer,
                                                      const std::vector<std::pair<std::string, std::string>>& drill) {
  std::vector<Xapian::Query> out;
  std::vector<DrillId> ids;
  for (const auto& [facet, id] : drill) {
    if (id.empty() || id.size() > schema::kMaxIdBytes)
      return Status::invalid_argument("facet value for '" + facet + "' is empty or too long");
    const facets::Facet* f = facets::find(facet);
    if (!f || !facets::drillable(*f))
      return Status::invalid_argument("unknown facet '" + facet + "' (use " + facets::drillable_names() + ")");
    if (f->drill == facets::Drill::kId || f->drill == facets::Drill::kSourceKey) {
      ids.push_back({facet, f->prefix, id});
      continue;
    }
    auto term = facets::date_term(*f, id);
    if (!term) return term.status();
    out.emplace_back(*term);
  }
  if (!ids.empty()) {
    auto held = id_filters(pool, analyzer, ids);
    if (!held) return held.status();
    out.insert(out.end(), held->begin(), held->end());
  }
  return out;
}

}  // namespace sitrep
