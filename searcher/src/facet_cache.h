// sitrep: the facet cache. Every document's facet values, read once per index revision through
// Xapian's value streams, kept as one row of small integers per document (all slots together:
// one offset per document, the value numbers of every slot in a row), with each value's count over
// the whole index and the index's near-duplicate groups (counting.h). Counting every facet over a
// match set is then one walk over the matched documents' rows (tally()), instead of a value lookup
// and a parse per match and slot; over more than half of the index the rows *not* matched are
// walked and taken from the whole-index counts; a large set is split into docid ranges counted on
// threads of their own and added up.
//
// Memory: 4 bytes per document for the row offsets and 4 bytes per stored facet value (an article
// carries about 10 to 30 across its slots), plus each distinct value's text once.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/searcher.h"
#include "counting.h"

namespace sitrep {

class FacetCache {
 public:
  struct Slot {
    std::uint32_t base = 0;              // its value numbers are base .. base + values.size() in the rows
    std::vector<std::string> values;     // value number - base -> the value as stored ("id\tName")
    std::vector<std::uint32_t> order;    // value numbers (less base) in the order of their values
    std::vector<std::uint32_t> rank;     // value number (less base) -> its place in that order
    std::vector<Xapian::doccount> all;   // value number (less base) -> how many documents carry it
  };

  // How many matches carry each value of every slot (the counts of a match set, tally()).
  class Tally {
   public:
    // The count of each value of one slot, by its value number (less the slot's base).
    const Xapian::doccount* of(const Slot& sl) const { return n_.data() + sl.base; }

   private:
    friend class FacetCache;
    std::vector<Xapian::doccount> n_;
  };

  // Reads the slots of every document of db (its revision is `revision`). The duplicate-key slot
  // (schema::kSlotDuplicate), when given, is kept as groups only (duplicates()).
  FacetCache(const Xapian::Database& db, const std::vector<Xapian::valueno>& slots, Xapian::rev revision);
  Xapian::rev revision() const { return revision_; }
  // The index's near-duplicate groups (see counting.h).
  const DuplicateGroups& duplicates() const { return duplicates_; }
  const Slot* slot(Xapian::valueno s) const {
    auto it = slots_.find(s);
    return it == slots_.end() ? nullptr : &it->second;
  }

  // Every slot's counts over the matches in `docids` (ascending), in one walk over their rows (or,
  // over more than half of the index, over the others' rows, taken from the whole index's
  // counts: exact either way). With threads > 1, docid ranges of at least rows_per_thread rows
  // to walk are counted on threads of their own (up to `threads`) and added up.
  Tally tally(const std::vector<Xapian::docid>& docids, unsigned threads = 1, std::size_t rows_per_thread = 20000) const;
  // The n values of slot s most frequent in a tally (ties: in value order, as the spies give them).
  std::vector<FacetValue> top(const Tally& t, Xapian::valueno s, std::size_t n) const;
  // The values of slot s with their counts in a tally, in value order (as a spy's map).
  std::vector<std::pair<std::string_view, Xapian::doccount>> counts_in_order(const Tally& t, Xapian::valueno s) const;

  // One slot's counts over `docids` (a tally of every slot, kept for this slot).
  std::vector<Xapian::doccount> counts(const Slot& sl, const std::vector<Xapian::docid>& docids) const;
  std::vector<std::pair<std::string_view, Xapian::doccount>> counts_in_order(
      Xapian::valueno s, const std::vector<Xapian::docid>& docids) const {
    return counts_in_order(tally(docids), s);
  }
  std::vector<FacetValue> top(Xapian::valueno s, const std::vector<Xapian::docid>& docids, std::size_t n) const {
    return top(tally(docids), s, n);
  }

  // The values of one document in a slot.
  template <typename Fn>
  void each(Xapian::valueno s, Xapian::docid d, Fn&& fn) const {
    const Slot* sl = slot(s);
    if (!sl || d + 1 >= offsets_.size()) return;
    const std::uint32_t end = sl->base + static_cast<std::uint32_t>(sl->values.size());
    for (std::uint32_t k = offsets_[d]; k < offsets_[d + 1]; ++k)
      if (ids_[k] >= sl->base && ids_[k] < end) fn(sl->values[ids_[k] - sl->base]);
  }

  // The documents in the order of their publication dates (order_of the date slot, ascending;
  // documents without one first), ties by docid: docs[starts[o] .. starts[o + 1]) are those of
  // order o. Lets a page by date walk from the newest or oldest end instead of sorting its matches
  // (4 bytes per document).
  struct ByDate {
    std::vector<Xapian::docid> docs;
    std::vector<std::uint32_t> starts;  // one per order, and the end
  };
  const ByDate& by_date() const { return by_date_; }

  // Where d's value in slot s stands in the slot's value order, plus one; 0 when d has none (with
  // several: the last). Compares as the values do (a date slot: as the dates).
  std::uint32_t order_of(const Slot& sl, Xapian::docid d) const {
    if (d + 1 >= offsets_.size()) return 0;
    const std::uint32_t end = sl.base + static_cast<std::uint32_t>(sl.values.size());
    std::uint32_t out = 0;
    for (std::uint32_t k = offsets_[d]; k < offsets_[d + 1]; ++k)
      if (ids_[k] >= sl.base && ids_[k] < end) out = sl.rank[ids_[k] - sl.base] + 1;
    return out;
  }

 private:
  // Adds the counts of the rows of docids [first, last] that are (in_set) or are not (!in_set) in
  // `docids` to n.
  void count_range(const std::vector<Xapian::docid>& docids, Xapian::docid first, Xapian::docid last, bool in_set,
                   std::vector<Xapian::doccount>& n) const;

  Xapian::rev revision_;
  std::map<Xapian::valueno, Slot> slots_;
  std::vector<std::uint32_t> offsets_;  // row of docid d: ids_[offsets_[d] .. offsets_[d + 1])
  std::vector<std::uint32_t> ids_;      // value numbers (a slot's base + its own number)
  std::vector<Xapian::doccount> all_;   // value number -> documents carrying it
  DuplicateGroups duplicates_;
  ByDate by_date_;
};

}  // namespace sitrep
