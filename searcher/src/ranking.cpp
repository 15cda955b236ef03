// sitrep: the ranked page of a search (see ranking.h).
#include "ranking.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sitrep/schema.h"
#include "filter_bitmap.h"

namespace sitrep {
namespace {

// A fixed set of documents (ascending docids of one database), as a boolean filter.
class DocidSource : public Xapian::PostingSource {
 public:
  explicit DocidSource(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {}
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  void init(const Xapian::Database&) override {
    pos_ = 0;
    started_ = false;
  }
  void next(double) override {
    if (started_)
      ++pos_;
    else
      started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    pos_ = static_cast<std::size_t>(std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(pos_), ids_.end(), did) -
                                    ids_.begin());
  }
  bool at_end() const override { return started_ && pos_ >= ids_.size(); }
  Xapian::docid get_docid() const override { return ids_[pos_]; }
  Xapian::PostingSource* clone() const override { return std::make_unique<DocidSource>(ids_).release(); }
  std::string name() const override { return "sitrep::DocidSource"; }
  std::string get_description() const override {
    return "sitrep::DocidSource(" + std::to_string(ids_.size()) + " candidates)";
  }

 private:
  std::vector<Xapian::docid> ids_;
  std::size_t pos_ = 0;
  bool started_ = false;
};

// A document's publication date (the value of schema::kSlotDate) read from a facet cache of its
// database. Sorting by date, Xapian asks for the key of every candidate that may enter the ranking:
// from the value table that is a B-tree lookup each, most of a broad query's ranking.
class CachedDateKey : public Xapian::KeyMaker {
 public:
  explicit CachedDateKey(const FacetCache& cache) : cache_(cache) {}
  std::string operator()(const Xapian::Document& doc) const override {
    std::string key;
    cache_.each(schema::kSlotDate, doc.get_docid(), [&](const std::string& v) { key = v; });
    return key;
  }

 private:
  const FacetCache& cache_;
};

// Xapian's Enquire for the order asked: relevance (the newest first on ties), or by date; the date
// from `dates` when given, else from the value slot.
Xapian::Enquire ordered_enquire(Xapian::Database& db, const SearchOptions& options, Xapian::KeyMaker* dates) {
  Xapian::Enquire enquire(db);
  switch (options.sort) {
    case SearchOptions::Sort::kRelevance:
      if (dates)
        enquire.set_sort_by_relevance_then_key(dates, true);
      else
        enquire.set_sort_by_relevance_then_value(schema::kSlotDate, true);
      break;
    case SearchOptions::Sort::kNewest:
    case SearchOptions::Sort::kOldest: {
      const bool newest = options.sort == SearchOptions::Sort::kNewest;
      if (dates)
        enquire.set_sort_by_key_then_relevance(dates, newest);
      else
        enquire.set_sort_by_value_then_relevance(schema::kSlotDate, newest);
      break;
    }
  }
  return enquire;
}

// The best-ranked match of each near-duplicate group in a ranked (uncollapsed) MSet, in rank
// order, with the number of other copies of it the MSet holds.
std::vector<Ranked> first_of_groups(const Xapian::MSet& mset, const DuplicateGroups& groups) {
  std::vector<Ranked> out;
  std::unordered_map<std::uint32_t, std::size_t> at;  // group -> its entry in out
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const std::uint32_t m = groups.member(*it);
    if (m == DuplicateGroups::kAlone) {
      out.push_back({it, 0});
      continue;
    }
    const auto [g, fresh] = at.emplace(groups.group_of(m), out.size());
    if (fresh)
      out.push_back({it, 0});
    else
      ++out[g->second].copies;
  }
  return out;
}

// How many distinct groups a ranked MSet holds.
std::size_t groups_in(const Xapian::MSet& mset, const DuplicateGroups* groups) {
  return groups ? first_of_groups(mset, *groups).size() : mset.size();
}

// Whether the first `take` of the keys in order (with `groups`: their first `want` distinct groups)
// are known; else `take` grows fourfold.
bool enough(const std::vector<Xapian::docid>& in_order, std::size_t& take, std::size_t want, std::size_t total,
            const DuplicateGroups* groups) {
  if (in_order.size() < take && in_order.size() < total) return false;
  if (!groups || take >= total) return true;
  std::unordered_set<std::uint32_t> seen;
  std::size_t distinct = 0;
  for (std::size_t k = 0; k < take && distinct < want; ++k) {
    const std::uint32_t m = groups->member(in_order[k]);
    distinct += m == DuplicateGroups::kAlone || seen.insert(groups->group_of(m)).second;
  }
  if (distinct >= want) return true;
  take = std::min(total, take * 4);
  return false;
}

// The matches in date order, walked from the newest (or oldest) end of the cache's documents by
// date, each looked up in the set; empty when that takes more look-ups than `budget`.
std::optional<std::vector<Xapian::docid>> walk_by_date(const Roaring& docs, const FacetCache& cache, bool newest,
                                                       const DuplicateGroups* groups, std::size_t want,
                                                       std::size_t take, std::size_t budget) {
  const auto& by = cache.by_date();
  const std::size_t total = docs.cardinality();
  std::vector<Xapian::docid> in_order;
  std::size_t probes = 0;
  const std::size_t orders = by.starts.empty() ? 0 : by.starts.size() - 1;
  for (std::size_t step = 0; step < orders; ++step) {
    const std::size_t o = newest ? orders - 1 - step : step;
    for (std::uint32_t k = by.starts[o]; k < by.starts[o + 1]; ++k) {  // ties by docid, ascending
      if (++probes > budget) return std::nullopt;
      if (!docs.contains(by.docs[k])) continue;
      in_order.push_back(by.docs[k]);
      if (in_order.size() >= take && enough(in_order, take, want, total, groups)) {
        in_order.resize(take);
        return in_order;
      }
    }
  }
  return in_order;  // every match
}

}  // namespace

std::vector<Xapian::docid> first_by_date(const Roaring& docs, const FacetCache& cache, bool newest,
                                         const DuplicateGroups* groups, std::size_t want, DateOrderMethod method) {
  const FacetCache::Slot* dates = cache.slot(schema::kSlotDate);
  if (!dates) return {};
  const std::size_t total = docs.cardinality();
  std::size_t take = std::min<std::size_t>(total, groups ? std::max(want * 2, want + 20) : want);
  // Walking costs about take * (documents / matches) look-ups when the dates are spread evenly;
  // sorting, a key per match. A walk that finds the matches rarer than that gives up.
  const std::uint64_t documents = cache.by_date().docs.size();
  const bool walk = method == DateOrderMethod::kWalk ||
                    (method == DateOrderMethod::kAuto && total > 0 &&
                     static_cast<std::uint64_t>(total) * total > 4 * static_cast<std::uint64_t>(take) * documents);
  if (walk) {
    const std::size_t budget = method == DateOrderMethod::kWalk ? std::numeric_limits<std::size_t>::max() : 4 * total;
    if (auto first = walk_by_date(docs, cache, newest, groups, want, take, budget)) {
      std::sort(first->begin(), first->end());
      return std::move(*first);
    }
  }
  struct Key {
    std::uint32_t date;  // order of the date, plus one (0: none, before every date)
    Xapian::docid id;
  };
  std::vector<Key> keys;
  keys.reserve(total);
  for (const std::uint32_t d : docs) keys.push_back({cache.order_of(*dates, d), d});
  auto before = [newest](const Key& a, const Key& b) {
    if (a.date != b.date) return newest ? a.date > b.date : a.date < b.date;
    return a.id < b.id;
  };
  std::vector<Xapian::docid> in_order;
  for (;;) {
    std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(take), keys.end(), before);
    in_order.clear();
    for (std::size_t k = 0; k < take; ++k) in_order.push_back(keys[k].id);
    if (enough(in_order, take, want, total, groups)) break;
  }
  std::sort(in_order.begin(), in_order.end());
  return in_order;
}

Page rank_page(Xapian::Database& db, const Xapian::Query& shown, const Xapian::Query& proximity,
               const SearchOptions& options, const Budget& budget, bool rerank, const FacetCache* cache,
               const FilterSets* sets) {
  // The filters and exclusions as one bitmap (one local database: the bitmap's docids are its own);
  // the query is described as it was built.
  FilteredQuery filtered = rerank && sets ? filter_bitmaps(db, shown, *sets) : FilteredQuery{shown, nullptr};
  Xapian::Query query = filtered.query;
  // Near-duplicates are collapsed here, from the facet cache's groups, when there are any: Xapian's
  // collapse reads every candidate's key from its stored values, which was most of a broad query's
  // page. The page is the same: the collapsed ranking is the ranking less every copy after a
  // group's first.
  const DuplicateGroups* groups = cache && options.collapse_duplicates ? &cache->duplicates() : nullptr;
  // The cache's docids are db's own only for one local database.
  std::optional<CachedDateKey> dates;
  if (cache && rerank) dates.emplace(*cache);
  Xapian::Enquire enquire = ordered_enquire(db, options, dates ? &*dates : nullptr);
  enquire.set_query(query);
  if (options.collapse_duplicates && !groups) enquire.set_collapse_key(schema::kSlotDuplicate);
  const auto page_end = static_cast<Xapian::doccount>(options.offset + options.limit);
  Page page;
  page.engine_query = shown.get_description();
  // The proximity boost is checked (positions read) only for the best candidates by the rest of
  // the query, and the second, boosted pass visits those candidates alone (a posting source of
  // their docids filters it), for the price of one pass over the matches. A match outside them
  // is not boosted: the page is the boost over every match's unless such a match would have
  // climbed past a candidate by its boost alone, which the boost's size (a tie-breaker of
  // kProximityScale of a phrase's weight) and the 50 candidates past the page's end make rare.
  // The estimate is the first pass's (over every match). The candidates hold at least the page's
  // end of distinct groups.
  bool estimated = false;
  // A query of filters alone (near a place, a date range, an actor's articles by date): every
  // match weighs nothing and the order is the dates'. The page's candidates are taken from the
  // matches by the cache's dates, and Xapian orders those alone; the count is the set's.
  if (filtered.only_filters && cache && proximity.empty() && options.limit > 0) {
    const bool newest = options.sort != SearchOptions::Sort::kOldest;
    auto first = first_by_date(*filtered.only_filters, *cache, newest, groups, page_end);
    if (!first.empty() || filtered.only_filters->isEmpty()) {
      page.estimated = static_cast<Xapian::doccount>(filtered.only_filters->cardinality());
      estimated = true;
      auto candidates = std::make_unique<DocidSource>(std::move(first));
      // Xapian takes ownership of a released posting source.
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(candidates.release()->release()));
      enquire.set_query(query);
    }
  }
  if (!proximity.empty() && options.limit > 0) {
    Xapian::Query ranked(Xapian::Query::OP_AND_MAYBE, query, proximity);
    for (Xapian::doccount want = std::max(kRerankCandidates, page_end + 50); rerank && want <= kMaxRerank; want *= 4) {
      budget.limit(enquire);
      const Xapian::MSet best = enquire.get_mset(0, want, page_end);
      if (best.size() == want && groups_in(best, groups) < page_end) continue;
      page.estimated = best.get_matches_estimated();
      estimated = true;
      std::vector<Xapian::docid> ids;
      for (auto it = best.begin(); it != best.end(); ++it) ids.push_back(*it);
      std::sort(ids.begin(), ids.end());
      auto candidates = std::make_unique<DocidSource>(std::move(ids));
      // Xapian takes ownership of a released posting source.
      const Xapian::Query filter(candidates.release()->release());
      ranked = Xapian::Query(Xapian::Query::OP_FILTER, ranked, filter);
      page.engine_query =
          Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND_MAYBE, shown, proximity), filter)
              .get_description();
      break;
    }
    enquire.set_query(ranked);
    if (!estimated) page.engine_query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, shown, proximity).get_description();
  }
  budget.limit(enquire);
  if (!groups) {
    page.mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                 static_cast<Xapian::doccount>(options.limit), page_end);
    for (auto it = page.mset.begin(); it != page.mset.end(); ++it) page.hits.push_back({it, it.get_collapse_count()});
  } else {
    // The ranking from the top, deeper until it holds the page's end of distinct groups (or every
    // match).
    std::vector<Ranked> firsts;
    for (Xapian::doccount k = std::max(page_end * 2, page_end + 20);; k *= 4) {
      page.mset = enquire.get_mset(0, k, page_end);
      firsts = first_of_groups(page.mset, *groups);
      if (firsts.size() >= page_end || page.mset.size() < k) break;
      budget.limit(enquire);
    }
    for (std::size_t r = options.offset; r < firsts.size() && r < page_end; ++r) page.hits.push_back(firsts[r]);
  }
  if (!estimated) page.estimated = page.mset.get_matches_estimated();
  return page;
}

}  // namespace sitrep
