#include "new_entities.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sitrep/date.h"
#include "sitrep/facets.h"
#include "sitrep/schema.h"

namespace sitrep {

namespace {

// Every article's publication date (YYYYMMDD as a number, 0 when it has none) by docid, read in
// one pass over the date slot's value stream: the postings of every candidate then cost an array
// read each.
std::vector<std::uint32_t> dates_by_docid(Xapian::Database& db) {
  std::vector<std::uint32_t> dates(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
  for (auto v = db.valuestream_begin(schema::kSlotDate); v != db.valuestream_end(schema::kSlotDate); ++v) {
    const std::string s = *v;
    std::uint32_t d = 0;
    bool digits = s.size() == 8;
    for (char c : s) {
      if (c < '0' || c > '9') digits = false;
      d = d * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (digits) dates[v.get_docid()] = d;
  }
  return dates;
}

std::string iso(std::uint32_t yyyymmdd) {
  if (yyyymmdd == 0) return "";
  return Date{static_cast<int>(yyyymmdd / 10000), static_cast<int>(yyyymmdd / 100 % 100),
              static_cast<int>(yyyymmdd % 100)}
      .iso();
}

std::uint32_t compact(const Date& d) { return static_cast<std::uint32_t>(d.year * 10000 + d.month * 100 + d.day); }

// One candidate while its postings are read.
struct Tally {
  std::string term;
  char kind = 0;
  std::size_t articles = 0, mentions = 0;
  std::uint32_t first = 0, last = 0;
  std::vector<std::pair<std::uint32_t, Xapian::docid>> latest;  // (date, docid), latest first
};

// The article id of a document: its header slot, else its data.
std::string article_id(const Xapian::Document& doc) {
  std::string stored = doc.get_value(schema::kSlotHeader);
  if (stored.empty()) stored = doc.get_data();
  const auto data = nlohmann::json::parse(schema::split_data(stored).header, nullptr, false);
  return data.is_object() ? data.value("id", "") : "";
}

// A name the gazetteer knows now as a whole name (promoted, or added to a list, since the articles
// were indexed).
bool known(const Gazetteer& gazetteer, std::string_view name) { return !gazetteer.lookup(name).empty(); }

}  // namespace

Status check_new_entities_options(const NewEntitiesOptions& o) {
  if (o.min_articles == 0) return Status::invalid_argument("the least number of articles must be at least 1");
  if (o.limit == 0 || o.limit > NewEntitiesOptions::kMaxLimit)
    return Status::invalid_argument("the number of names must be 1 to " + std::to_string(NewEntitiesOptions::kMaxLimit));
  if (o.examples > NewEntitiesOptions::kMaxExamples)
    return Status::invalid_argument("example articles per name must be 0 to " +
                                    std::to_string(NewEntitiesOptions::kMaxExamples));
  auto is_kind = [](std::string_view k) { return schema::candidate_kind(schema::candidate_letter(k)) == k; };
  if (!o.kind.empty() && !is_kind(o.kind))
    return Status::invalid_argument("unknown kind '" + o.kind + "' (use actor, person or place)");
  if (o.since && !o.since->valid()) return Status::invalid_argument("the since date is not a valid date");
  if (auto colon = o.id.find(':'); colon != std::string::npos && !is_kind(o.id.substr(0, colon)))
    return Status::invalid_argument("unknown kind '" + o.id.substr(0, colon) + "' in '" + o.id +
                                    "' (use actor, person or place)");
  return Status();
}

std::vector<NewEntity> list_new_entities(Xapian::Database& db, const Gazetteer& gazetteer,
                                         const NewEntitiesOptions& options) {
  const std::string prefix = schema::kCandidate;
  // One name asked for: "kind:id" or the id of any kind.
  std::string only_kind = options.kind, only_id = options.id;
  if (auto colon = only_id.find(':'); colon != std::string::npos) {
    only_kind = only_id.substr(0, colon);
    only_id = only_id.substr(colon + 1);
  }
  const std::uint32_t since = options.since ? compact(*options.since) : 0;
  std::vector<std::uint32_t> dates;
  std::vector<Tally> tallies;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    if (t.get_termfreq() < options.min_articles) continue;
    const std::string term = *t;
    if (term.size() <= prefix.size() + 1) continue;
    const char letter = term[prefix.size()];
    const char* kind = schema::candidate_kind(letter);
    if (!kind || (!only_kind.empty() && only_kind != kind)) continue;
    if (!only_id.empty() && std::string_view(term).substr(prefix.size() + 1) != only_id) continue;
    if (dates.empty()) dates = dates_by_docid(db);
    Tally tally;
    tally.term = term;
    tally.kind = letter;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
      const Xapian::docid did = *p;
      const std::uint32_t date = did < dates.size() ? dates[did] : 0;
      ++tally.articles;
      tally.mentions += p.get_wdf();
      if (date != 0 && (tally.first == 0 || date < tally.first)) tally.first = date;
      tally.last = std::max(tally.last, date);
      // The latest few, by date then docid (an article indexed later first among one day's).
      const std::pair<std::uint32_t, Xapian::docid> key{date, did};
      const std::size_t keep = std::max<std::size_t>(options.examples, 1);
      auto at = std::upper_bound(tally.latest.begin(), tally.latest.end(), key, std::greater<>());
      if (static_cast<std::size_t>(at - tally.latest.begin()) < keep) {
        tally.latest.insert(at, key);
        if (tally.latest.size() > keep) tally.latest.pop_back();
      }
    }
    if (tally.articles < options.min_articles || (since != 0 && tally.first < since)) continue;
    tallies.push_back(std::move(tally));
  }
  // Most articles first, then the latest, then by term: a stable order for a report.
  std::sort(tallies.begin(), tallies.end(), [](const Tally& a, const Tally& b) {
    if (a.articles != b.articles) return a.articles > b.articles;
    if (a.last != b.last) return a.last > b.last;
    return a.term < b.term;
  });
  std::vector<NewEntity> out;
  for (const auto& t : tallies) {
    if (out.size() >= options.limit) break;
    NewEntity e;
    e.kind = schema::candidate_kind(t.kind);
    e.id = t.term.substr(prefix.size() + 1);
    e.articles = t.articles;
    e.mentions = t.mentions;
    e.first_date = iso(t.first);
    e.last_date = iso(t.last);
    // The name as the latest article writes it, from its candidate facet list ("kind:id\tName").
    const std::string key = e.kind + ":" + e.id;
    for (std::size_t i = 0; i < t.latest.size(); ++i) {
      const Xapian::Document doc = db.get_document(t.latest[i].second);
      if (e.name.empty())
        for (const auto& entry : facets::decode(doc.get_value(schema::kSlotCandidates)))
          if (entry.id == key) e.name = entry.name;
      if (i < options.examples) e.examples.push_back(article_id(doc));
    }
    if (e.name.empty()) e.name = e.id;
    if (known(gazetteer, e.name)) continue;
    // The country its articles are most often tagged with first (up to 200 of them).
    std::map<std::string, std::size_t> countries;
    std::size_t read = 0;
    for (auto p = db.postlist_begin(t.term); p != db.postlist_end(t.term) && read < 200; ++p, ++read) {
      const auto list = facets::decode(db.get_document(*p, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotCountries));
      if (!list.empty()) ++countries[list.front().id];
    }
    std::size_t best = 0;
    for (const auto& [code, n] : countries)
      if (n > best) best = n, e.country = code;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sitrep
