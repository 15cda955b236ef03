#include "counting.h"

#include <nlohmann/json.hpp>

#include "sitrep/schema.h"

namespace sitrep {

std::string article_id(const Xapian::Document& doc) {
  const std::string stored = doc.get_data();
  const auto header = nlohmann::json::parse(schema::split_data(stored).header, nullptr, false);
  if (header.is_discarded() || !header.is_object()) return {};
  return header.value("id", "");
}

DuplicateGroups::DuplicateGroups(const Xapian::Database& db, const std::vector<std::uint32_t>& key_of,
                                 std::size_t keys) {
  // Articles per key; a key held by two or more is a group.
  std::vector<std::uint32_t> holders(keys, 0);
  for (std::uint32_t k : key_of)
    if (k != kAlone) ++holders[k];
  std::vector<std::uint32_t> group(keys, kAlone);
  for (std::size_t k = 0; k < keys; ++k)
    if (holders[k] > 1) group[k] = static_cast<std::uint32_t>(groups_++);
  if (groups_ == 0) return;
  struct Member {
    std::uint32_t group;
    std::string id;
    Xapian::docid docid;
  };
  std::vector<Member> members;
  for (Xapian::docid d = 0; d < key_of.size(); ++d)
    if (key_of[d] != kAlone && group[key_of[d]] != kAlone)
      members.push_back({group[key_of[d]], article_id(db.get_document(d, Xapian::DOC_ASSUME_VALID)), d});
  std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    if (a.group != b.group) return a.group < b.group;
    if (a.id != b.id) return a.id < b.id;
    return a.docid < b.docid;
  });
  member_.assign(key_of.size(), kAlone);
  group_of_.resize(members.size());
  for (std::uint32_t m = 0; m < members.size(); ++m) {
    member_[members[m].docid] = m;
    group_of_[m] = members[m].group;
  }
}

CollapsedMatches CollapsedMatches::all_of(std::vector<Xapian::docid> matched) {
  CollapsedMatches c;
  c.counted = std::move(matched);
  return c;
}

CollapsedMatches CollapsedMatches::through(const DuplicateGroups& groups, const std::vector<Xapian::docid>& matched) {
  CollapsedMatches c;
  c.groups_ = &groups;
  if (groups.groups() == 0) {
    c.counted = matched;
    return c;
  }
  // Matches per group, and the first member (by article id) among them.
  c.group_matches_.assign(groups.groups(), 0);
  std::vector<std::uint32_t> first(groups.groups(), DuplicateGroups::kAlone);
  for (Xapian::docid d : matched) {
    const std::uint32_t m = groups.member(d);
    if (m == DuplicateGroups::kAlone) continue;
    const std::uint32_t g = groups.group_of(m);
    ++c.group_matches_[g];
    first[g] = std::min(first[g], m);
  }
  c.counted.reserve(matched.size());
  for (Xapian::docid d : matched) {
    const std::uint32_t m = groups.member(d);
    if (m == DuplicateGroups::kAlone || first[groups.group_of(m)] == m) c.counted.push_back(d);
  }
  return c;
}

CollapsedMatches CollapsedMatches::by_value_stream(const Xapian::Database& db,
                                                   const std::vector<Xapian::docid>& matched) {
  std::vector<std::pair<std::string, std::uint32_t>> keys;
  std::size_t k = 0;
  each_value(db, schema::kSlotDuplicate, matched, [&](Xapian::docid d, const std::string& key) {
    while (matched[k] != d) ++k;
    if (!key.empty()) keys.emplace_back(key, static_cast<std::uint32_t>(k));
  });
  return by_keys(matched, std::move(keys), [&](std::uint32_t pos) {
    return article_id(db.get_document(matched[pos], Xapian::DOC_ASSUME_VALID));
  });
}

std::uint64_t CollapsedMatches::duplicates_of(Xapian::docid d, const std::string& key) const {
  if (groups_) {
    const std::uint32_t m = groups_->member(d);
    if (m == DuplicateGroups::kAlone || group_matches_.empty()) return 0;
    const std::uint32_t n = group_matches_[groups_->group_of(m)];
    return n > 0 ? n - 1 : 0;
  }
  if (key.empty()) return 0;
  const auto it = by_key_.find(key);
  return it == by_key_.end() ? 0 : it->second - 1;
}

}  // namespace sitrep
