// sitrep: the boolean conditions of a query (filters and exclusions) as one bitmap, so that
// Xapian ranks the text inside a set of documents instead of merging the filters' posting lists
// for every candidate. A near-border filter is an OR of dozens of place terms, a date range an OR
// of years and months, a drill-down an AND of facet values: each is evaluated once as set
// operations on the posting lists kept as bitmaps (match_set.h, PostingCache), and the ranking
// walks the result through a posting source (BitmapSource) that contributes no weight, as the
// filter it replaces contributed none. The ranking is the same: the same matches, the same
// weights, the same order (FilterBitmapTest).
//
// Internal header (Xapian and CRoaring types): not installed.
#pragma once

#include <roaring/roaring.hh>
#include <xapian.h>

#include <memory>
#include <string>

#include "match_set.h"

namespace sitrep {

// A fixed set of documents of one database (a bitmap of its docids), as a boolean filter: no
// weight, skip_to and check by the bitmap.
class BitmapSource : public Xapian::PostingSource {
 public:
  explicit BitmapSource(std::shared_ptr<const Roaring> docs);
  Xapian::doccount get_termfreq_min() const override { return count_; }
  Xapian::doccount get_termfreq_est() const override { return count_; }
  Xapian::doccount get_termfreq_max() const override { return count_; }
  void init(const Xapian::Database&) override;
  void next(double) override;
  void skip_to(Xapian::docid did, double) override;
  bool check(Xapian::docid did, double) override;
  bool at_end() const override;
  Xapian::docid get_docid() const override { return it_.current_value; }
  Xapian::PostingSource* clone() const override;
  std::string name() const override { return "sitrep::BitmapSource"; }
  std::string get_description() const override;

 private:
  std::shared_ptr<const Roaring> docs_;
  Xapian::doccount count_ = 0;
  roaring_uint32_iterator_t it_{};
  bool started_ = false;
  // After a check() that found nothing: the docid checked; next() moves past it.
  Xapian::docid checked_ = 0;
};

// Where the bitmaps come from: the posting lists of one local database at its revision.
struct FilterSets {
  PostingCache* cache = nullptr;
  Xapian::rev revision = 0;
};

// `query` with the filters and exclusions of its matching spine (the query itself, the left side
// of AND_MAYBE, OP_FILTER's first part and OP_AND_NOT's first part, down to the first other
// operator) evaluated as one bitmap each chain: OP_FILTER(x, f...) AND_NOT e... becomes
// OP_FILTER(x', BitmapSource(f... minus e...)). The boosts (AND_MAYBE's other sides) and the
// weighted parts are kept as they are. The query returned ranks as `query` does over db; it holds
// posting sources of this process (not serialisable, not for remote databases).
Xapian::Query with_filter_bitmaps(const Xapian::Database& db, const Xapian::Query& query, const FilterSets& sets);

struct FilteredQuery {
  Xapian::Query query;  // as with_filter_bitmaps
  // When the query is its filters alone (every document, filtered: each match weighs nothing), its
  // matches; else null.
  std::shared_ptr<const Roaring> only_filters;
};
FilteredQuery filter_bitmaps(const Xapian::Database& db, const Xapian::Query& query, const FilterSets& sets);

}  // namespace sitrep
