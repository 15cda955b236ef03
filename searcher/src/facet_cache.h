// sitrep: the facet cache. Every document's facet values, slot by slot, read once per index
// revision through Xapian's value streams and kept as compressed rows of small integers, with
// each value's count over the whole index and the index's near-duplicate groups (counting.h).
// Counting facets over a match set is then a walk over integers instead of a value lookup and a
// parse per match and slot.
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
    std::vector<std::uint32_t> offsets;  // row of docid d: ids[offsets[d] .. offsets[d + 1])
    std::vector<std::uint32_t> ids;      // value numbers
    std::vector<std::string> values;     // value number -> the value as stored ("id\tName")
    std::vector<std::uint32_t> order;    // value numbers in the order of their values
    std::vector<Xapian::doccount> all;   // value number -> how many documents carry it
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
  // How many matches in `docids` (ascending) carry each value number. Over more than half of the
  // index the documents *not* in `docids` are counted and taken from the whole index's counts:
  // exact either way, and never more than half of the rows are read.
  std::vector<Xapian::doccount> counts(const Slot& sl, const std::vector<Xapian::docid>& docids) const;
  // The values of the matches in `docids` with their counts, in value order (as a spy's map).
  std::vector<std::pair<std::string_view, Xapian::doccount>> counts_in_order(
      Xapian::valueno s, const std::vector<Xapian::docid>& docids) const {
    std::vector<std::pair<std::string_view, Xapian::doccount>> out;
    const Slot* sl = slot(s);
    if (!sl) return out;
    const auto n = counts(*sl, docids);
    for (std::uint32_t v : sl->order)
      if (n[v]) out.emplace_back(sl->values[v], n[v]);
    return out;
  }
  // The n values most frequent among the matches in `docids` (ties: in value order, as the spies
  // give them), without building a map of every value.
  std::vector<FacetValue> top(Xapian::valueno s, const std::vector<Xapian::docid>& docids, std::size_t n) const;
  // The values of one document in a slot.
  template <typename Fn>
  void each(Xapian::valueno s, Xapian::docid d, Fn&& fn) const {
    const Slot* sl = slot(s);
    if (!sl || d + 1 >= sl->offsets.size()) return;
    for (std::uint32_t k = sl->offsets[d]; k < sl->offsets[d + 1]; ++k) fn(sl->values[sl->ids[k]]);
  }

 private:
  Xapian::rev revision_;
  std::map<Xapian::valueno, Slot> slots_;
  DuplicateGroups duplicates_;
};

}  // namespace sitrep
