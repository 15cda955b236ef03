// sitrep: counting a query's matches. The total, the facet counts, the date histogram and a hit's
// `duplicates` are all made over one set: the matches with near-duplicate copies collapsed.
//
// Collapsing: matches that share a non-empty duplicate key (schema::kSlotDuplicate) form a group
// and count once; a match without a key counts alone. The group's *representative* — the match
// whose facets, date and events are counted — is the copy whose article id sorts first (bytewise;
// equal ids, which only a mis-sharded archive can hold, fall back to the lower docid). The rule
// depends on the articles alone, not on their docids, so one index and the same articles split
// over shards (local or remote) count alike. Xapian's ranked page collapses on the same key and
// shows each group's best-ranked copy; that hit's `duplicates` is the group's matches less one.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sitrep {

// The article id of a stored document (the "id" of its data's JSON header); empty when unreadable.
std::string article_id(const Xapian::Document& doc);

// The near-duplicate groups of a whole index (keys held by two or more articles), for the facet
// cache: built once per index revision, then collapsing a match set is a walk over small integers.
class DuplicateGroups {
 public:
  static constexpr std::uint32_t kAlone = std::numeric_limits<std::uint32_t>::max();

  DuplicateGroups() = default;
  // key_of[d]: the number of docid d's duplicate key, or kAlone when it has none; `keys`: how many
  // key numbers there are. The ids of the articles in groups are read from `db`.
  DuplicateGroups(const Xapian::Database& db, const std::vector<std::uint32_t>& key_of, std::size_t keys);

  // The member number of docid d (members are numbered group by group, each group's in the order
  // of their article ids), or kAlone when no other article shares its key.
  std::uint32_t member(Xapian::docid d) const { return d < member_.size() ? member_[d] : kAlone; }
  std::uint32_t group_of(std::uint32_t member) const { return group_of_[member]; }
  std::size_t groups() const { return groups_; }

 private:
  std::vector<std::uint32_t> member_;    // by docid
  std::vector<std::uint32_t> group_of_;  // by member number
  std::size_t groups_ = 0;
};

// A match set with its near-duplicates collapsed.
class CollapsedMatches {
 public:
  // The matches counted, ascending: every match without a copy among the matches, and each
  // group's representative. Its size is the exact total.
  std::vector<Xapian::docid> counted;

  // Every match counts (collapsing off).
  static CollapsedMatches all_of(std::vector<Xapian::docid> matched);
  // Collapsed through the facet cache's groups.
  static CollapsedMatches through(const DuplicateGroups& groups, const std::vector<Xapian::docid>& matched);
  // Collapsed by the keys as read: keys holds (key, position in matched) for the matches with a
  // non-empty key; id_at(position) gives the article id of a match (asked only for matches that
  // share their key with another).
  template <typename IdAt>
  static CollapsedMatches by_keys(const std::vector<Xapian::docid>& matched,
                                  std::vector<std::pair<std::string, std::uint32_t>> keys, IdAt&& id_at);
  // Collapsed by the keys read from the value stream of schema::kSlotDuplicate (a local index
  // without the facet cache).
  static CollapsedMatches by_value_stream(const Xapian::Database& db, const std::vector<Xapian::docid>& matched);

  // The number of other matches sharing the key of the match `d` (its collapse key `key`).
  std::uint64_t duplicates_of(Xapian::docid d, const std::string& key) const;

 private:
  const DuplicateGroups* groups_ = nullptr;
  std::vector<std::uint32_t> group_matches_;                 // through(): matches per group
  std::unordered_map<std::string, std::uint32_t> by_key_;  // by_keys(): matches per shared key
};

// Calls fn(docid, value) for each docid of `docids` (ascending) with a value in `slot`, read
// through the slot's value stream (sequential, as a match spy reads them).
template <typename Fn>
void each_value(const Xapian::Database& db, Xapian::valueno slot, const std::vector<Xapian::docid>& docids, Fn&& fn) {
  if (docids.empty()) return;
  Xapian::ValueIterator it = db.valuestream_begin(slot);
  const Xapian::ValueIterator end = db.valuestream_end(slot);
  for (Xapian::docid d : docids) {
    if (it == end) return;
    if (it.get_docid() < d) {
      it.skip_to(d);
      if (it == end) return;
    }
    if (it.get_docid() == d) fn(d, *it);
  }
}

template <typename IdAt>
CollapsedMatches CollapsedMatches::by_keys(const std::vector<Xapian::docid>& matched,
                                           std::vector<std::pair<std::string, std::uint32_t>> keys, IdAt&& id_at) {
  CollapsedMatches c;
  std::sort(keys.begin(), keys.end());
  std::vector<char> dropped(matched.size(), 0);
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i + 1;
    while (j < keys.size() && keys[j].first == keys[i].first) ++j;
    if (j - i > 1) {
      // A group: the copy with the first id stands for it.
      std::uint32_t best = keys[i].second;
      std::string best_id = id_at(best);
      for (std::size_t k = i + 1; k < j; ++k) {
        std::string id = id_at(keys[k].second);
        if (id < best_id || (id == best_id && keys[k].second < best)) {
          best = keys[k].second;
          best_id = std::move(id);
        }
      }
      for (std::size_t k = i; k < j; ++k)
        if (keys[k].second != best) dropped[keys[k].second] = 1;
      c.by_key_.emplace(keys[i].first, static_cast<std::uint32_t>(j - i));
    }
    i = j;
  }
  c.counted.reserve(matched.size());
  for (std::size_t k = 0; k < matched.size(); ++k)
    if (!dropped[k]) c.counted.push_back(matched[k]);
  return c;
}

}  // namespace sitrep
