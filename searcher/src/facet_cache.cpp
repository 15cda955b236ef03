// sitrep: the facet cache (see facet_cache.h).
#include "facet_cache.h"

#include <algorithm>
#include <unordered_map>

#include "sitrep/schema.h"

namespace sitrep {

FacetCache::FacetCache(const Xapian::Database& db, const std::vector<Xapian::valueno>& slots, Xapian::rev revision)
    : revision_(revision) {
  const Xapian::docid last = db.get_lastdocid();
  for (Xapian::valueno slot : slots) {
    Slot& sl = slots_[slot];
    sl.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    std::unordered_map<std::string, std::uint32_t> number;
    Xapian::docid next = 1;
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
      const Xapian::docid d = it.get_docid();
      while (next <= d) sl.offsets[next++] = static_cast<std::uint32_t>(sl.ids.size());
      const std::string v = *it;
      std::size_t start = 0;
      while (start < v.size()) {
        std::size_t end = v.find('\n', start);
        if (end == std::string::npos) end = v.size();
        if (end > start) {
          auto [pos, added] = number.try_emplace(v.substr(start, end - start),
                                                 static_cast<std::uint32_t>(sl.values.size()));
          if (added) sl.values.push_back(pos->first);
          sl.ids.push_back(pos->second);
        }
        start = end + 1;
      }
    }
    while (next <= last + 1) sl.offsets[next++] = static_cast<std::uint32_t>(sl.ids.size());
    sl.all.assign(sl.values.size(), 0);
    for (std::uint32_t v : sl.ids) ++sl.all[v];
    sl.order.resize(sl.values.size());
    for (std::uint32_t k = 0; k < sl.order.size(); ++k) sl.order[k] = k;
    std::sort(sl.order.begin(), sl.order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return sl.values[a] < sl.values[b]; });
  }
  // The duplicate keys are kept only as groups (the keys themselves, 64 hex digits per article,
  // are not needed once the articles sharing one are known).
  if (auto it = slots_.find(schema::kSlotDuplicate); it != slots_.end()) {
    const Slot& sl = it->second;
    std::vector<std::uint32_t> key_of(static_cast<std::size_t>(last) + 1, DuplicateGroups::kAlone);
    for (Xapian::docid d = 1; d <= last; ++d)
      if (sl.offsets[d] < sl.offsets[d + 1]) key_of[d] = sl.ids[sl.offsets[d]];
    duplicates_ = DuplicateGroups(db, key_of, sl.values.size());
    slots_.erase(it);
  }
}

std::vector<Xapian::doccount> FacetCache::counts(const Slot& sl, const std::vector<Xapian::docid>& docids) const {
  const std::size_t rows = sl.offsets.size() - 1;  // docids 0 .. last (0 is empty)
  if (docids.size() * 2 <= rows) {
    std::vector<Xapian::doccount> n(sl.values.size(), 0);
    for (Xapian::docid d : docids) {
      if (d + 1 >= sl.offsets.size()) continue;
      for (std::uint32_t k = sl.offsets[d]; k < sl.offsets[d + 1]; ++k) ++n[sl.ids[k]];
    }
    return n;
  }
  std::vector<Xapian::doccount> n = sl.all;
  auto next = docids.begin();
  for (Xapian::docid d = 1; d < rows; ++d) {
    if (next != docids.end() && *next == d) {
      ++next;
      continue;
    }
    for (std::uint32_t k = sl.offsets[d]; k < sl.offsets[d + 1]; ++k) --n[sl.ids[k]];
  }
  return n;
}

std::vector<FacetValue> FacetCache::top(Xapian::valueno s, const std::vector<Xapian::docid>& docids,
                                        std::size_t n) const {
  std::vector<FacetValue> out;
  const Slot* sl = slot(s);
  if (!sl || n == 0) return out;
  const std::vector<Xapian::doccount> count = counts(*sl, docids);
  std::vector<std::uint32_t> seen;
  for (std::uint32_t v = 0; v < count.size(); ++v)
    if (count[v]) seen.push_back(v);
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    return count[a] != count[b] ? count[a] > count[b] : sl->values[a] < sl->values[b];
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
