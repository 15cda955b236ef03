// sitrep: counting a search's matches (see match_counter.h).
#include "match_counter.h"

#include <algorithm>
#include <thread>
#include <limits>
#include <map>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "sitrep/facets.h"
#include "sitrep/schema.h"
#include "histogram.h"
#include "query_builder.h"

namespace sitrep {
namespace {

// Counts the values of a multi-valued facet slot ("id\tname" entries joined by '\n') over the
// documents it is given (the collapsed match set; see counting.h).
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document& doc, double) override { add(doc.get_value(slot_)); }
  // One document's value of the slot.
  void add(const std::string& v) {
    std::size_t start = 0;
    while (start < v.size()) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      if (end > start) ++counts_[v.substr(start, end - start)];
      start = end + 1;
    }
  }
  // Xapian's API hands ownership of the clone to the caller as a raw pointer.
  Xapian::MatchSpy* clone() const override { return std::make_unique<FacetSpy>(slot_).release(); }
  std::string name() const override { return "sitrep::FacetSpy"; }
  const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  std::map<std::string, Xapian::doccount> counts_;
};

std::vector<FacetValue> top_values(const FacetSpy& spy, std::size_t n) {
  std::vector<FacetValue> out;
  for (const auto& [key, count] : spy.counts()) {
    const auto tab = key.find('\t');
    FacetValue v;
    v.id = key.substr(0, tab);
    v.name = tab == std::string::npos ? key : key.substr(tab + 1);
    v.count = count;
    out.push_back(std::move(v));
  }
  std::stable_sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  if (out.size() > n) out.resize(n);
  return out;
}

// The source facet with one value per key: the counts of its forms added up, its id the key, its
// name the most frequent form (the first of equals). `all`: every value, most frequent first.
std::vector<FacetValue> merged_sources(const std::vector<FacetValue>& all, std::size_t n) {
  std::vector<FacetValue> out;
  std::unordered_map<std::string, std::size_t> at;
  for (const auto& v : all) {
    const auto [it, fresh] = at.emplace(source_key(v.id), out.size());
    if (fresh)
      out.push_back({it->first, v.name, v.count});
    else
      out[it->second].count += v.count;
  }
  std::stable_sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  if (out.size() > n) out.resize(n);
  return out;
}
constexpr std::size_t kAllValues = std::numeric_limits<std::size_t>::max();

// The event dates' histogram is by month unless an interval is asked for (the span is not known in
// advance).
SearchOptions::Interval event_interval(const CountOptions& o) {
  return o.interval == SearchOptions::Interval::kAuto ? SearchOptions::Interval::kMonth : o.interval;
}

Histogram event_histogram(const EventBucketSpy& events, const CountOptions& o) {
  Histogram h = make_histogram(in_order(events.counts()), event_interval(o), o.max_buckets,
                               o.interval != SearchOptions::Interval::kAuto);
  h.field = "event";
  return h;
}

// The facets in display order, from top(k, n) (the n most frequent values of counted_facets()[k]); a
// source once per key, counted over all its forms ("Reuters" and "reuters" are one).
template <typename Top>
std::vector<Facet> facets_by(Top&& top, const CountOptions& o) {
  const auto& slots = counted_facets();
  std::vector<Facet> facets(slots.size());
  for (std::size_t k = 0; k < slots.size(); ++k) {
    facets[k].name = slots[k].name;
    const bool source = slots[k].slot == schema::kSlotSource;
    auto values = top(k, source ? kAllValues : o.facet_top);
    facets[k].values = source ? merged_sources(std::move(values), o.facet_top) : std::move(values);
  }
  return facets;
}

std::vector<Xapian::docid> ids_of(const Roaring& set) {
  static_assert(std::is_same_v<Xapian::docid, std::uint32_t>, "docids are read as 32-bit bitmaps");
  std::vector<Xapian::docid> ids(set.cardinality());
  set.toUint32Array(ids.data());
  return ids;
}

// Counts taken by match spies, one document (or one slot's value) at a time: the streamed and
// fetched counters.
struct Spies {
  explicit Spies(const CountOptions& o) : events(event_interval(o)) {
    for (const auto& f : counted_facets()) facets.push_back(std::make_unique<FacetSpy>(f.slot));
  }
  void add(const Xapian::Document& doc, bool by_event) {
    for (auto& spy : facets) (*spy)(doc, 0);
    if (by_event)
      events(doc, 0);
    else
      days(doc, 0);
  }
  void finish(Counts& c, const CountOptions& o) const {
    c.facets = facets_by([&](std::size_t k, std::size_t n) { return top_values(*facets[k], n); }, o);
    c.histogram = o.by_event ? event_histogram(events, o)
                             : make_histogram(in_order(days.counts()), o.interval, o.max_buckets,
                                              o.interval != SearchOptions::Interval::kAuto);
  }
  std::vector<std::unique_ptr<FacetSpy>> facets;
  FacetSpy days{schema::kSlotDate};
  EventBucketSpy events;
};

// What every counter holds: the database, the search's budget and the matches listed.
class CounterBase : public MatchCounter {
 protected:
  CounterBase(const Xapian::Database& db, const Budget& budget) : db_(db), budget_(budget) {}
  const Xapian::Database& db_;
  const Budget& budget_;
  std::vector<Xapian::docid> matched_;
};

class CachedCounter final : public CounterBase {
 public:
  CachedCounter(const Xapian::Database& db, std::shared_ptr<const FacetCache> cache, MatchSource source,
                const Budget& budget)
      : CounterBase(db, budget), cache_(std::move(cache)), source_(std::move(source)) {}
  bool list(const Xapian::Query& query) override {
    matched_ = ids_of(source_.shards.empty()
                          ? match_set(db_, query, source_.postings, source_.revision)
                          : match_set_over_shards(source_.shards, query, source_.shard_postings, source_.shard_revisions));
    return !matched_.empty();
  }
  Result<Counts> count(const CountOptions& o) override {
    Counts c;
    c.matches = o.collapse ? CollapsedMatches::through(cache_->duplicates(), matched_)
                           : CollapsedMatches::all_of(std::move(matched_));
    if (budget_.over()) return over_budget(budget_.ms());
    const auto& ids = c.matches.counted;
    // Every slot counted in one walk over the matches' rows (docid ranges on the cores' threads).
    const unsigned threads = o.parallel_from > 0 ? std::clamp(std::thread::hardware_concurrency(), 2u, 8u) : 1;
    const FacetCache::Tally tally = cache_->tally(ids, threads, o.parallel_from);
    const auto& slots = counted_facets();
    c.facets = facets_by([&](std::size_t k, std::size_t n) { return cache_->top(tally, slots[k].slot, n); }, o);
    if (o.by_event) {
      EventBucketSpy events(event_interval(o));
      std::vector<std::string> dates;
      for (Xapian::docid d : ids) {
        dates.clear();
        cache_->each(schema::kSlotEvents, d, [&](const std::string& v) { dates.push_back(v); });
        if (!dates.empty()) events.add_document(dates);
      }
      c.histogram = event_histogram(events, o);
    } else {
      c.histogram = make_histogram(cache_->counts_in_order(tally, schema::kSlotDate), o.interval, o.max_buckets,
                                   o.interval != SearchOptions::Interval::kAuto);
    }
    return c;
  }

 private:
  std::shared_ptr<const FacetCache> cache_;
  MatchSource source_;
};

class StreamedCounter final : public CounterBase {
 public:
  StreamedCounter(const Xapian::Database& db, const Budget& budget) : CounterBase(db, budget) {}
  bool list(const Xapian::Query& query) override {
    matched_ = ids_of(match_set(db_, query));
    return !matched_.empty();
  }
  // The counted matches' values, slot by slot, through the value streams (sequential reads, as a
  // match spy would do them).
  Result<Counts> count(const CountOptions& o) override {
    Counts c;
    c.matches = o.collapse ? CollapsedMatches::by_value_stream(db_, matched_)
                           : CollapsedMatches::all_of(std::move(matched_));
    const auto& ids = c.matches.counted;
    Spies spies(o);
    const auto& slots = counted_facets();
    for (std::size_t k = 0; k < slots.size(); ++k) {
      if (budget_.over()) return over_budget(budget_.ms());
      each_value(db_, slots[k].slot, ids, [&](Xapian::docid, const std::string& v) { spies.facets[k]->add(v); });
    }
    if (o.by_event)
      each_value(db_, schema::kSlotEvents, ids, [&](Xapian::docid, const std::string& v) { spies.events.add_value(v); });
    else
      each_value(db_, schema::kSlotDate, ids, [&](Xapian::docid, const std::string& v) { spies.days.add(v); });
    if (budget_.over()) return over_budget(budget_.ms());
    spies.finish(c, o);
    return c;
  }
};

class FetchedCounter final : public CounterBase {
 public:
  FetchedCounter(const Xapian::Database& db, const Budget& budget) : CounterBase(db, budget) {}
  bool list(const Xapian::Query& query) override {
    Xapian::Enquire counter(db_);
    counter.set_query(query);
    counter.set_weighting_scheme(Xapian::BoolWeight());
    counter.set_docid_order(Xapian::Enquire::ASCENDING);
    budget_.limit(counter);
    const Xapian::doccount all = db_.get_doccount();
    fetched_ = counter.get_mset(0, all, all);
    matched_.clear();
    matched_.reserve(fetched_.size());
    // Kept in the MSet's order (docid order): positions in `matched_` are ranks in `fetched_`.
    for (auto it = fetched_.begin(); it != fetched_.end(); ++it) matched_.push_back(*it);
    return !matched_.empty();
  }
  Result<Counts> count(const CountOptions& o) override {
    if (budget_.over()) return over_budget(budget_.ms());
    if (!matched_.empty()) fetched_.fetch();
    Counts c;
    if (!o.collapse) {
      c.matches = CollapsedMatches::all_of(std::move(matched_));
    } else {
      std::vector<std::pair<std::string, std::uint32_t>> keys;
      std::uint32_t k = 0;
      for (auto it = fetched_.begin(); it != fetched_.end(); ++it, ++k)
        if (std::string key = it.get_document().get_value(schema::kSlotDuplicate); !key.empty())
          keys.emplace_back(std::move(key), k);
      c.matches = CollapsedMatches::by_keys(matched_, std::move(keys),
                                            [&](std::uint32_t pos) { return article_id(fetched_[pos].get_document()); });
    }
    // The fetched documents of the counted matches (a subsequence of `fetched_`, in its order).
    const auto& ids = c.matches.counted;
    Spies spies(o);
    std::size_t next = 0;
    for (auto it = fetched_.begin(); it != fetched_.end() && next < ids.size(); ++it) {
      if (*it != ids[next]) continue;
      ++next;
      if ((next & 1023) == 0 && budget_.over()) return over_budget(budget_.ms());
      spies.add(it.get_document(), o.by_event);
    }
    if (budget_.over()) return over_budget(budget_.ms());
    spies.finish(c, o);
    return c;
  }

 private:
  Xapian::MSet fetched_;
};

}  // namespace

const std::vector<FacetSlot>& counted_facets() {
  static const std::vector<FacetSlot> facets = [] {
    std::vector<FacetSlot> out;
    for (const auto& f : facets::all()) out.push_back({f.name, f.slot});
    return out;
  }();
  return facets;
}

std::vector<Xapian::valueno> cached_slots() {
  std::vector<Xapian::valueno> slots{schema::kSlotDate, schema::kSlotDuplicate};
  for (const auto& f : counted_facets()) slots.push_back(f.slot);
  return slots;
}

CountOptions CountOptions::of(const SearchOptions& o, std::size_t parallel_from) {
  CountOptions c;
  c.collapse = o.collapse_duplicates;
  c.facet_top = o.facet_top;
  c.by_event = o.histogram_field == SearchOptions::HistogramField::kEvent;
  c.interval = o.histogram;
  c.max_buckets = std::max<std::size_t>(1, o.max_buckets);
  c.parallel_from = parallel_from;
  return c;
}

std::unique_ptr<MatchCounter> cached_counter(const Xapian::Database& db, std::shared_ptr<const FacetCache> cache,
                                             MatchSource source, const Budget& budget) {
  return std::make_unique<CachedCounter>(db, std::move(cache), std::move(source), budget);
}

std::unique_ptr<MatchCounter> streamed_counter(const Xapian::Database& db, const Budget& budget) {
  return std::make_unique<StreamedCounter>(db, budget);
}

std::unique_ptr<MatchCounter> fetched_counter(const Xapian::Database& db, const Budget& budget) {
  return std::make_unique<FetchedCounter>(db, budget);
}

}  // namespace sitrep
