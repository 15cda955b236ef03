// sitrep: the facet cache (see facet_cache.h).
#include "facet_cache.h"

#include <algorithm>
#include <future>
#include <unordered_map>

#include "sitrep/schema.h"

namespace sitrep {

namespace {

// One slot's rows as read, before they are joined into the cache's rows.
struct SlotRows {
  std::vector<std::uint32_t> offsets;  // row of docid d: ids[offsets[d] .. offsets[d + 1])
  std::vector<std::uint32_t> ids;      // value numbers of the slot
};

// Reads a slot's value stream ("\n"-separated values per document) into rows; new values are
// appended to `values`.
SlotRows read_slot(const Xapian::Database& db, Xapian::valueno slot, Xapian::docid last,
                   std::vector<std::string>& values) {
  SlotRows rows;
  rows.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
  std::unordered_map<std::string, std::uint32_t> number;
  Xapian::docid next = 1;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const Xapian::docid d = it.get_docid();
    while (next <= d) rows.offsets[next++] = static_cast<std::uint32_t>(rows.ids.size());
    const std::string v = *it;
    std::size_t start = 0;
    while (start < v.size()) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      if (end > start) {
        auto [pos, added] =
            number.try_emplace(v.substr(start, end - start), static_cast<std::uint32_t>(values.size()));
        if (added) values.push_back(pos->first);
        rows.ids.push_back(pos->second);
      }
      start = end + 1;
    }
  }
  while (next <= last + 1) rows.offsets[next++] = static_cast<std::uint32_t>(rows.ids.size());
  return rows;
}

}  // namespace

FacetCache::FacetCache(const Xapian::Database& db, const std::vector<Xapian::valueno>& slots, Xapian::rev revision)
    : revision_(revision) {
  const Xapian::docid last = db.get_lastdocid();
  std::vector<std::pair<Slot*, SlotRows>> read;
  std::uint32_t base = 0;
  for (Xapian::valueno s : slots) {
    if (s == schema::kSlotDuplicate) {
      // The duplicate keys are kept only as groups (the keys themselves, 64 hex digits per
      // article, are not needed once the articles sharing one are known).
      std::vector<std::string> keys;
      const SlotRows rows = read_slot(db, s, last, keys);
      std::vector<std::uint32_t> key_of(static_cast<std::size_t>(last) + 1, DuplicateGroups::kAlone);
      for (Xapian::docid d = 1; d <= last; ++d)
        if (rows.offsets[d] < rows.offsets[d + 1]) key_of[d] = rows.ids[rows.offsets[d]];
      duplicates_ = DuplicateGroups(db, key_of, keys.size());
      continue;
    }
    Slot& sl = slots_[s];
    SlotRows rows = read_slot(db, s, last, sl.values);
    sl.base = base;
    base += static_cast<std::uint32_t>(sl.values.size());
    sl.all.assign(sl.values.size(), 0);
    for (std::uint32_t v : rows.ids) ++sl.all[v];
    sl.order.resize(sl.values.size());
    for (std::uint32_t k = 0; k < sl.order.size(); ++k) sl.order[k] = k;
    std::sort(sl.order.begin(), sl.order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return sl.values[a] < sl.values[b]; });
    sl.rank.resize(sl.order.size());
    for (std::uint32_t k = 0; k < sl.order.size(); ++k) sl.rank[sl.order[k]] = k;
    read.emplace_back(&sl, std::move(rows));
  }
  // The slots' rows joined: each document's values of every slot, slot after slot.
  std::size_t total = 0;
  for (const auto& [sl, rows] : read) total += rows.ids.size();
  ids_.reserve(total);
  offsets_.assign(static_cast<std::size_t>(last) + 2, 0);
  for (Xapian::docid d = 1; d <= last; ++d) {
    offsets_[d] = static_cast<std::uint32_t>(ids_.size());
    for (const auto& [sl, rows] : read)
      for (std::uint32_t k = rows.offsets[d]; k < rows.offsets[d + 1]; ++k) ids_.push_back(sl->base + rows.ids[k]);
  }
  offsets_[static_cast<std::size_t>(last) + 1] = static_cast<std::uint32_t>(ids_.size());
  all_.assign(base, 0);
  for (const auto& [s, sl] : slots_) std::copy(sl.all.begin(), sl.all.end(), all_.begin() + sl.base);
  // The documents by date: a counting sort on the date's order, docids ascending within one.
  if (const Slot* dates = slot(schema::kSlotDate)) {
    by_date_.starts.assign(dates->values.size() + 2, 0);
    for (Xapian::docid d = 1; d <= last; ++d) ++by_date_.starts[order_of(*dates, d) + 1];
    for (std::size_t o = 1; o < by_date_.starts.size(); ++o) by_date_.starts[o] += by_date_.starts[o - 1];
    by_date_.docs.resize(last);
    std::vector<std::uint32_t> next(by_date_.starts.begin(), by_date_.starts.end() - 1);
    for (Xapian::docid d = 1; d <= last; ++d) by_date_.docs[next[order_of(*dates, d)]++] = d;
  }
}

void FacetCache::count_range(const std::vector<Xapian::docid>& docids, Xapian::docid first, Xapian::docid last,
                             bool in_set, std::vector<Xapian::doccount>& n) const {
  auto next = std::lower_bound(docids.begin(), docids.end(), first);
  if (in_set) {
    for (; next != docids.end() && *next <= last; ++next) {
      const Xapian::docid d = *next;
      if (d + 1 >= offsets_.size()) break;
      for (std::uint32_t k = offsets_[d]; k < offsets_[d + 1]; ++k) ++n[ids_[k]];
    }
    return;
  }
  for (Xapian::docid d = first; d <= last; ++d) {
    if (next != docids.end() && *next == d) {
      ++next;
      continue;
    }
    for (std::uint32_t k = offsets_[d]; k < offsets_[d + 1]; ++k) ++n[ids_[k]];
  }
}

FacetCache::Tally FacetCache::tally(const std::vector<Xapian::docid>& docids, unsigned threads,
                                    std::size_t rows_per_thread) const {
  Tally t;
  const std::size_t rows = offsets_.size() - 1;  // docids 0 .. last (0 is empty)
  const Xapian::docid last = static_cast<Xapian::docid>(rows - 1);
  // Over more than half of the index, the rows not in the set are walked.
  const bool in_set = docids.size() * 2 <= rows;
  const std::size_t walked = in_set ? docids.size() : rows - docids.size();
  const unsigned parts = static_cast<unsigned>(
      std::clamp<std::size_t>(walked / std::max<std::size_t>(rows_per_thread, 1), 1, std::max(threads, 1u)));
  // Docid ranges of about equal numbers of walked rows.
  std::vector<Xapian::docid> bounds{1};
  for (unsigned p = 1; p < parts; ++p) {
    if (in_set) {
      bounds.push_back(docids[docids.size() * p / parts]);
    } else {
      bounds.push_back(static_cast<Xapian::docid>(1 + static_cast<std::size_t>(last) * p / parts));
    }
  }
  bounds.push_back(last + 1);
  std::vector<std::vector<Xapian::doccount>> counts(parts, std::vector<Xapian::doccount>(all_.size(), 0));
  std::vector<std::future<void>> others;
  for (unsigned p = 1; p < parts; ++p)
    others.push_back(std::async(std::launch::async,
                                [&, p] { count_range(docids, bounds[p], bounds[p + 1] - 1, in_set, counts[p]); }));
  count_range(docids, bounds[0], bounds[1] - 1, in_set, counts[0]);
  for (auto& o : others) o.get();
  t.n_ = std::move(counts[0]);
  for (unsigned p = 1; p < parts; ++p)
    for (std::size_t v = 0; v < t.n_.size(); ++v) t.n_[v] += counts[p][v];
  if (!in_set)
    for (std::size_t v = 0; v < t.n_.size(); ++v) t.n_[v] = all_[v] - t.n_[v];
  return t;
}

std::vector<Xapian::doccount> FacetCache::counts(const Slot& sl, const std::vector<Xapian::docid>& docids) const {
  const Tally t = tally(docids);
  const Xapian::doccount* n = t.of(sl);
  return std::vector<Xapian::doccount>(n, n + sl.values.size());
}

std::vector<std::pair<std::string_view, Xapian::doccount>> FacetCache::counts_in_order(const Tally& t,
                                                                                       Xapian::valueno s) const {
  std::vector<std::pair<std::string_view, Xapian::doccount>> out;
  const Slot* sl = slot(s);
  if (!sl) return out;
  const Xapian::doccount* n = t.of(*sl);
  for (std::uint32_t v : sl->order)
    if (n[v]) out.emplace_back(sl->values[v], n[v]);
  return out;
}

std::vector<FacetValue> FacetCache::top(const Tally& t, Xapian::valueno s, std::size_t n) const {
  std::vector<FacetValue> out;
  const Slot* sl = slot(s);
  if (!sl || n == 0) return out;
  const Xapian::doccount* count = t.of(*sl);
  std::vector<std::uint32_t> seen;
  for (std::uint32_t v = 0; v < sl->values.size(); ++v)
    if (count[v]) seen.push_back(v);
  // The most counted first, ties in the order of their values (by rank: no string compared).
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    return count[a] != count[b] ? count[a] > count[b] : sl->rank[a] < sl->rank[b];
  };
  const std::size_t keep = std::min(n, seen.size());
  std::partial_sort(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(keep), seen.end(), before);
  for (std::size_t k = 0; k < keep; ++k) {
    const std::string& v = sl->values[seen[k]];
    const auto tab = v.find('\t');
    FacetValue f;
    f.id = v.substr(0, tab);
    f.name = tab == std::string::npos ? v : v.substr(tab + 1);
    f.count = count[seen[k]];
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace sitrep
