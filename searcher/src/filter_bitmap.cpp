// sitrep: a query's filters and exclusions as one bitmap (see filter_bitmap.h).
#include "filter_bitmap.h"

#include <utility>
#include <vector>

namespace sitrep {

BitmapSource::BitmapSource(std::shared_ptr<const Roaring> docs)
    : docs_(std::move(docs)), count_(static_cast<Xapian::doccount>(docs_->cardinality())) {
  roaring_init_iterator(&docs_->roaring, &it_);
}

void BitmapSource::init(const Xapian::Database&) {
  roaring_init_iterator(&docs_->roaring, &it_);
  started_ = false;
  checked_ = 0;
}

void BitmapSource::next(double) {
  if (checked_ != 0) {  // after a check() that missed: the first docid past the one checked
    roaring_move_uint32_iterator_equalorlarger(&it_, checked_ + 1);
    checked_ = 0;
  } else if (started_) {
    roaring_advance_uint32_iterator(&it_);
  }
  started_ = true;
}

void BitmapSource::skip_to(Xapian::docid did, double) {
  // Never backwards: a skip to a docid at or before the current one stays.
  if (checked_ == 0 && started_ && (!it_.has_value || it_.current_value >= did)) return;
  if (checked_ != 0 && did <= checked_) did = checked_ + 1;
  roaring_move_uint32_iterator_equalorlarger(&it_, did);
  started_ = true;
  checked_ = 0;
}

bool BitmapSource::check(Xapian::docid did, double) {
  if (started_ && checked_ == 0 && (!it_.has_value || it_.current_value >= did)) return true;  // as skip_to: stay
  if (docs_->contains(did)) {
    roaring_move_uint32_iterator_equalorlarger(&it_, did);
    started_ = true;
    checked_ = 0;
    return true;
  }
  // Not there: an indeterminate position; next() or skip_to() moves past did.
  started_ = true;
  checked_ = did;
  return false;
}

bool BitmapSource::at_end() const { return started_ && checked_ == 0 && !it_.has_value; }

Xapian::PostingSource* BitmapSource::clone() const { return std::make_unique<BitmapSource>(docs_).release(); }

std::string BitmapSource::get_description() const {
  return "sitrep::BitmapSource(" + std::to_string(count_) + " documents)";
}

namespace {

class Rewriter {
 public:
  Rewriter(const Xapian::Database& db, const FilterSets& sets) : db_(db), sets_(sets) {}

  // The set of the last chain rewritten when its first part matched every document (and nothing
  // wrapped it): the query's matches, each of weight 0.
  std::shared_ptr<const Roaring> only_filters;

  Xapian::Query rewrite(const Xapian::Query& query) {
    using Q = Xapian::Query;
    // The chain of filters and exclusions at the top of this part of the spine.
    std::vector<Q> keep, drop;
    Q x = query;
    for (;;) {
      const auto op = x.get_type();
      const std::size_t n = x.get_num_subqueries();
      if ((op != Q::OP_FILTER && op != Q::OP_AND_NOT) || n < 2) break;
      for (std::size_t k = 1; k < n; ++k) (op == Q::OP_FILTER ? keep : drop).push_back(x.get_subquery(k));
      Q first = x.get_subquery(0);
      x = std::move(first);
    }
    const bool everything = x.get_type() == Q::LEAF_MATCH_ALL ||
                            (x.get_type() == Q::LEAF_TERM && x.get_terms_begin() != x.get_terms_end() &&
                             (*x.get_terms_begin()).empty());
    // Below an AND_MAYBE: its matching side is the spine, its optional sides are kept.
    if (x.get_type() == Q::OP_AND_MAYBE && x.get_num_subqueries() >= 2) {
      std::vector<Q> parts{rewrite(x.get_subquery(0))};
      for (std::size_t k = 1; k < x.get_num_subqueries(); ++k) parts.push_back(x.get_subquery(k));
      x = Q(Q::OP_AND_MAYBE, parts.begin(), parts.end());
    }
    if (keep.empty() && drop.empty()) return x;
    Roaring docs = keep.empty() ? *sets_.cache->get(db_, sets_.revision, std::string()) : set_of(keep.front());
    for (std::size_t k = 1; k < keep.size() && !docs.isEmpty(); ++k) docs &= set_of(keep[k]);
    for (std::size_t k = 0; k < drop.size() && !docs.isEmpty(); ++k) docs -= set_of(drop[k]);
    auto set = std::make_shared<const Roaring>(std::move(docs));
    only_filters = everything ? set : nullptr;
    auto source = std::make_unique<BitmapSource>(std::move(set));
    // Xapian takes ownership of a released posting source.
    return Q(Q::OP_FILTER, x, Q(source.release()->release()));
  }

 private:
  Roaring set_of(const Xapian::Query& q) { return match_set(db_, q, sets_.cache, sets_.revision); }

  const Xapian::Database& db_;
  const FilterSets& sets_;
};

}  // namespace

Xapian::Query with_filter_bitmaps(const Xapian::Database& db, const Xapian::Query& query, const FilterSets& sets) {
  return filter_bitmaps(db, query, sets).query;
}

FilteredQuery filter_bitmaps(const Xapian::Database& db, const Xapian::Query& query, const FilterSets& sets) {
  if (!sets.cache) return {query, nullptr};
  Rewriter r(db, sets);
  FilteredQuery out{r.rewrite(query), nullptr};
  // Only the chain at the top: one below an AND_MAYBE has boosts beside it.
  const auto t = query.get_type();
  if (t == Xapian::Query::OP_FILTER || t == Xapian::Query::OP_AND_NOT) out.only_filters = r.only_filters;
  return out;
}

}  // namespace sitrep
