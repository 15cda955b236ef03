// sitrep: the searcher. A search runs as a list of stages, each in its own unit:
//   1. drill-down filters (drill_down.h), checked before the search's handle is taken;
//   2. query building (query_builder.h): the parsed query as Xapian queries, a like:ID expanded
//      first (more_like_this.h), the preferred language's small boost last (language_preference.h);
//   3. the ranked page (ranking.h): Xapian's top hits, the proximity boost over the best candidates;
//   4. counting (match_counter.h): the whole match set collapsed, its total, facets and histogram,
//      by the counter for how the index is read (facet cache, value streams, or remote shards);
//      on a thread of its own beside stages 3 and 5 when a core is free;
//   5. the hits (hit_reader.h) with snippets (snippet.h), then their duplicates from the counts,
//      spelling suggestions (spelling.h) and, when nothing matches, what each condition matches
//      alone.
// A Searcher holds the gazetteer, the query parser, a pool of database handles (handle_pool.h),
// the facet cache of the index's revision (facet_cache.h) and the posting lists kept as bitmaps
// (match_set.h).
#include "sitrep/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <thread>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/paths.h"
#include "sitrep/schema.h"
#include "sitrep/tagger.h"
#include "budget.h"
#include "drill_down.h"
#include "facet_cache.h"
#include "facet_names.h"
#include "handle_pool.h"
#include "histogram.h"
#include "hit_reader.h"
#include "language_preference.h"
#include "match_counter.h"
#include "match_set.h"
#include "more_like_this.h"
#include "new_entities.h"
#include "query_builder.h"
#include "ranking.h"
#include "snippet.h"
#include "spelling.h"

namespace sitrep {

struct Searcher::Impl {
  explicit Impl(const std::string& index_dir) : pool(index_dir) {}
  Analyzer analyzer;
  std::unique_ptr<Gazetteer> gazetteer;
  QueryLimits limits;
  std::unique_ptr<Tagger> tagger;  // its common-word list guides the query parser
  std::unique_ptr<QueryParser> parser;
  std::unique_ptr<Snippeter> snippeter;
  HandlePool pool;
  // Set once a remote shard refuses what only a local database can do (streaming values, posting
  // sources): counting fetches the matches from then on.
  mutable std::atomic<bool> count_facets_here{false};
  // Facet values of every document, for the revision it was read at (see FacetCache).
  bool use_facet_cache = true;
  bool concept_terms = true;  // SearcherConfig::concept_terms
  // Posting lists as bitmaps for the revision (match_set.h); null when none are kept.
  std::unique_ptr<PostingCache> postings;
  std::size_t parallel_counting_from = 20000;  // SearcherConfig::parallel_counting_from
  bool count_beside_ranking = true;            // SearcherConfig::count_beside_ranking, and cores > 1
  unsigned cores = 1;
  // Searches under way: counting goes beside the ranking only while they leave a core free for it
  // (a busy server's searches already fill the cores, and the second thread would only cost).
  mutable std::atomic<unsigned> searching{0};
  bool core_free_beside() const { return searching.load() * 2 <= cores; }
  mutable std::mutex cache_mutex;        // guards facet_cache
  mutable std::mutex cache_build_mutex;  // one builder at a time
  mutable std::shared_ptr<const FacetCache> facet_cache;

  // The cache for this handle's revision: the current one, or one built now; null when another
  // thread is building it (this search counts through the value streams instead) or the index has
  // no revision to key it on (remote shards). With build false: the cache only if it is there and
  // current (hits read their facets from it).
  std::shared_ptr<const FacetCache> cache_for(HandlePool::Handle& handle, bool build = true) const;
  // Posting lists kept per shard of a stub of local shards (each for its shard's revision).
  std::vector<std::unique_ptr<PostingCache>> shard_postings;
  // Where the filters' bitmaps come from (filter_bitmap.h): the kept posting lists of one local
  // database (`rerank`: the page's docids are its own), at the current cache's revision; none
  // (a null cache) otherwise.
  FilterSets filter_sets(bool rerank, const FacetCache* cache) const {
    if (!rerank || !cache || !postings) return {};
    return {postings.get(), cache->revision()};
  }
  // The counter for how this index is read (match_counter.h).
  std::unique_ptr<MatchCounter> counter_for(HandlePool::Handle& handle, std::shared_ptr<const FacetCache> cache,
                                            const Budget& budget) const;
};

std::shared_ptr<const FacetCache> Searcher::Impl::cache_for(HandlePool::Handle& handle, bool build) const {
  if (!use_facet_cache) return nullptr;
  Xapian::rev rev = 0;
  try {
    rev = handle.revision();
  } catch (const Xapian::InvalidOperationError&) {
    return nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    if (facet_cache && facet_cache->revision() == rev) return facet_cache;
  }
  if (!build) return nullptr;
  std::unique_lock<std::mutex> building(cache_build_mutex, std::try_to_lock);
  if (!building) return nullptr;
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    if (facet_cache && facet_cache->revision() == rev) return facet_cache;
  }
  auto fresh = std::make_shared<const FacetCache>(handle.db(), cached_slots(), rev);
  std::lock_guard<std::mutex> lock(cache_mutex);
  if (!facet_cache || facet_cache->revision() < rev) facet_cache = fresh;
  return fresh;
}

std::unique_ptr<MatchCounter> Searcher::Impl::counter_for(HandlePool::Handle& handle,
                                                          std::shared_ptr<const FacetCache> cache,
                                                          const Budget& budget) const {
  Xapian::Database& db = handle.db();
  if (count_facets_here.load()) return fetched_counter(db, budget);
  if (!cache) return streamed_counter(db, budget);
  // One local database keeps its posting lists for its revision; local shards are evaluated in
  // parallel, each keeping its own for its revision (the cache has opened them: cache_for).
  MatchSource source;
  if (!pool.local_shards()) {
    if (postings) {
      source.postings = postings.get();
      source.revision = db.get_revision();
    }
  } else {
    source.shards = handle.shards();
    if (shard_postings.size() == source.shards.size()) {
      for (const auto& p : shard_postings) source.shard_postings.push_back(p.get());
      source.shard_revisions = handle.shard_revisions();
    }
  }
  return cached_counter(db, std::move(cache), std::move(source), budget);
}

namespace {

Status check_page(const SearchOptions& options) {
  if (options.limit > options.max_limit)
    return Status::limit_exceeded("page size " + std::to_string(options.limit) + " is over the limit of " +
                                  std::to_string(options.max_limit));
  if (options.offset > options.max_offset)
    return Status::limit_exceeded("offset " + std::to_string(options.offset) + " is over the limit of " +
                                  std::to_string(options.max_offset));
  return Status::ok();
}

// The drill-down filters hold on the query and on its relaxed form.
void add_filters(Built& built, const std::vector<Xapian::Query>& filters) {
  if (filters.empty()) return;
  const Xapian::Query f(Xapian::Query::OP_AND, filters.begin(), filters.end());
  built.query = Xapian::Query(Xapian::Query::OP_FILTER, built.query, f);
  if (!built.relaxed.empty()) built.relaxed = Xapian::Query(Xapian::Query::OP_FILTER, built.relaxed, f);
}

// The page's hits, each with the ranked match it was read from; their duplicates are the copies the
// ranking saw until exact_duplicates.
struct PageHits {
  std::vector<Hit> hits;
  std::vector<const Ranked*> of;
};
Result<PageHits> page_hits(const Page& page, const SearchOptions& options, const HitReading& how,
                           const Budget& budget) {
  PageHits out;
  std::size_t rank = options.offset;
  for (const Ranked& r : page.hits) {
    if (budget.over()) return over_budget(budget.ms());
    auto h = read_hit(r.match, how);
    if (!h) continue;
    h->rank = ++rank;
    h->score = r.match.get_weight();
    if (options.collapse_duplicates) h->duplicates = r.copies;
    out.hits.push_back(std::move(*h));
    out.of.push_back(&r);
  }
  return out;
}

// With facets on, each hit's duplicates exactly, over the whole match set.
void exact_duplicates(PageHits& p, const SearchOptions& options, const CollapsedMatches& counted) {
  if (!options.collapse_duplicates) return;
  for (std::size_t i = 0; i < p.hits.size(); ++i)
    p.hits[i].duplicates = counted.duplicates_of(*p.of[i]->match, p.of[i]->match.get_collapse_key());
}

// The query with each suggestion in place of the word it corrects.
std::string did_you_mean(const ParsedQuery& pq, const std::vector<Suggestion>& suggestions) {
  std::string q = pq.original();
  for (const auto& s : suggestions)
    if (auto at = q.find(s.word); at != std::string::npos) q.replace(at, s.word.size(), s.suggestion);
  return q;
}

// Nothing matched: which conditions match on their own (counted from the kept posting lists when
// there are, `sets`, else by Xapian).
Result<std::string> alone_note(Xapian::Database& db, const Built& built, const Budget& budget, const FilterSets* sets) {
  std::string note = "No article matches every condition. Each condition alone matches:";
  for (const auto& [what, q] : built.conditions) {
    if (budget.over()) return over_budget(budget.ms());
    std::uint64_t n = 0;
    if (sets) {
      n = match_set(db, q, sets->cache, sets->revision).cardinality();
    } else {
      Xapian::Enquire e(db);
      e.set_query(q);
      n = e.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    }
    note += " " + what + ": " + std::to_string(n) + ";";
  }
  note.back() = '.';
  return note;
}

// A wildcard of the query expanded to more index words than the limit (Xapian::WildcardError).
Status wildcard_over_limit(const ParsedQuery& pq, std::size_t max_wildcard_terms) {
  std::string which;
  for (const auto& c : pq.text())
    if (c.kind == TextClause::Kind::kWildcard) which += (which.empty() ? "" : ", ") + c.written;
  return Status::limit_exceeded("wildcard " + which + " matches more than " + std::to_string(max_wildcard_terms) +
                                " words of the index; give a longer prefix");
}

// The counting of one search (with facets): on the search's own thread once the page is ranked,
// or started beside the ranking on a thread and a database handle of its own. The handle outlives
// the counter, and the counter the thread (members are destroyed in reverse order: the thread is
// joined first).
class Counting {
 public:
  Counting(std::unique_ptr<HandlePool::Handle> beside, std::unique_ptr<MatchCounter> counter, CountOptions options)
      : beside_(std::move(beside)), counter_(std::move(counter)), options_(options) {}
  Counting(const Counting&) = delete;  // the thread holds `this`
  Counting& operator=(const Counting&) = delete;
  // Whether the matches are counted (facets asked for).
  bool on() const { return counter_ != nullptr; }
  // Whether they are counted on a thread of their own, started beside the ranking.
  bool beside() const { return early_.valid(); }
  // With a handle of its own: lists and counts `query` on a thread now (its own copy of the query:
  // a Xapian::Query's reference counts are not atomic, and the ranking copies its parts).
  void start(const Xapian::Query& query) {
    if (!beside_ || !counter_) return;
    early_ = std::async(std::launch::async, [this, wire = query.serialise()]() {
      const bool any = counter_->list(Xapian::Query::unserialise(wire));
      return Early{any, counter_->count(options_)};
    });
  }
  // Whether `query` (the one started, if any) matches anything.
  bool list(const Xapian::Query& query) {
    if (!early_.valid()) return counter_->list(query);
    Early e = early_.get();
    counted_.emplace(std::move(e.counts));
    return e.any;
  }
  // Another query instead (the relaxed one): what was counted is dropped.
  bool relist(const Xapian::Query& query) {
    counted_.reset();
    return counter_->list(query);
  }
  // The counts of the query last listed.
  Result<Counts> count() {
    if (counted_) return std::move(*counted_);
    return counter_->count(options_);
  }

 private:
  struct Early {
    bool any = false;  // the query matches
    Result<Counts> counts;
  };
  std::unique_ptr<HandlePool::Handle> beside_;
  std::unique_ptr<MatchCounter> counter_;
  CountOptions options_;
  std::optional<Result<Counts>> counted_;
  std::future<Early> early_;
};

// A search under way, counted while it lasts.
class InFlight {
 public:
  explicit InFlight(std::atomic<unsigned>& n) : n_(n) { ++n_; }
  ~InFlight() { --n_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::atomic<unsigned>& n_;
};

}  // namespace

Searcher::Searcher() = default;
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

Result<Searcher> Searcher::open(const std::string& index_dir, const SearcherConfig& config) {
  Searcher s;
  s.impl_ = std::make_unique<Impl>(index_dir);
  Impl& im = *s.impl_;
  const std::string data_dir = config.data_dir.empty() ? Gazetteer::default_data_dir() : config.data_dir;
  auto gaz = Gazetteer::load(data_dir, im.analyzer);
  if (!gaz) return gaz.status();
  im.gazetteer = std::make_unique<Gazetteer>(std::move(gaz).value());
  if (config.limits.like_terms == 0 || config.limits.like_terms > QueryLimits::kMaxLikeTerms)
    return Status::invalid_argument("like_terms must be 1 to " + std::to_string(QueryLimits::kMaxLikeTerms) + ", not " +
                                    std::to_string(config.limits.like_terms));
  im.limits = config.limits;
  im.use_facet_cache = config.facet_cache;
  im.concept_terms = config.concept_terms;
  im.parallel_counting_from = config.parallel_counting_from;
  im.cores = std::max(1u, std::thread::hardware_concurrency());
  im.count_beside_ranking = config.count_beside_ranking && im.cores > 1;
  if (config.facet_cache && config.posting_cache_bytes > 0)
    im.postings = std::make_unique<PostingCache>(config.posting_cache_bytes);
  im.tagger = std::make_unique<Tagger>(*im.gazetteer, data_dir);
  im.parser = std::make_unique<QueryParser>(*im.gazetteer, config.limits, im.tagger.get());
  im.snippeter = std::make_unique<Snippeter>(*im.gazetteer);
  std::string version;
  try {
    auto db = std::make_unique<Xapian::Database>(index_dir);
    version = db->get_metadata(schema::kVersionKey);
    im.pool.give(std::move(db));
  } catch (const Xapian::DatabaseNotFoundError&) {
    return Status::not_found(index_dir + ": no index here (create one with sitrep-index)");
  } catch (const Xapian::Error& e) {
    return Status::index_error(index_dir + ": cannot open the index: " + e.get_description());
  }
  if (!schema::readable_version(version))
    return Status::index_error(
        index_dir + ": " +
        (version.empty()
             ? std::string("not a sitrep index (no schema version)")
             : "index schema version " + version + " is not supported by this searcher (it reads versions " +
                   std::to_string(schema::kOldestReadable) + " to " + std::to_string(schema::kVersion) + ")"));
  // A stub of local shards: each is also opened on its own, for the revision that keys the facet cache.
  if (const std::string stub = stub_file_of(index_dir); !stub.empty()) {
    if (auto lines = read_stub(stub)) {
      std::vector<std::string> paths;
      for (const auto& l : lines.value()) paths.push_back(l.target);
      const bool local = std::all_of(lines.value().begin(), lines.value().end(), [](const StubLine& l) { return l.local(); });
      if (local) {
        // Each shard keeps its own posting lists, the budget shared among them.
        if (config.facet_cache && config.posting_cache_bytes > 0)
          for (std::size_t i = 0; i < paths.size(); ++i)
            im.shard_postings.push_back(std::make_unique<PostingCache>(config.posting_cache_bytes / paths.size()));
        im.pool.set_shard_paths(std::move(paths));
      }
    }
  }
  return s;
}

Result<ParsedQuery> Searcher::parse(std::string_view query) const { return impl_->parser->parse(query); }

Result<SearchResult> Searcher::search(std::string_view query, const SearchOptions& options) const {
  const auto start = std::chrono::steady_clock::now();
  auto pq = options.now ? impl_->parser->parse(query, *options.now) : impl_->parser->parse(query);
  if (!pq) return pq.status();
  if (options.time_budget_ms <= 0) return search(*pq, options);
  // The budget covers the parse too: what is left of it goes to the search.
  SearchOptions rest = options;
  rest.time_budget_ms -= std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (rest.time_budget_ms <= 0) return over_budget(options.time_budget_ms);
  auto result = search(*pq, rest);
  if (!result && result.status().code() == ErrorCode::kTimeBudget) return over_budget(options.time_budget_ms);
  return result;
}

const Gazetteer& Searcher::gazetteer() const noexcept { return *impl_->gazetteer; }

std::uint64_t Searcher::document_count() const {
  try {
    return impl_->pool.with_db([](Xapian::Database& db) -> std::uint64_t { return db.get_doccount(); });
  } catch (const Xapian::Error&) {
    return 0;
  }
}

std::uint64_t Searcher::revision() const {
  try {
    HandlePool::Handle h(impl_->pool);
    return h.revision();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

Result<StoredArticle> Searcher::document(std::string_view id) const {
  if (id.empty() || id.size() > schema::kMaxIdBytes ||
      std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    return Status::invalid_argument("not an article id: '" + std::string(id.substr(0, 80)) + "'");
  const std::string term = schema::term(schema::kId, std::string(id));
  try {
    return impl_->pool.with_db([&](Xapian::Database& db) -> Result<StoredArticle> {
      Xapian::PostingIterator p = db.postlist_begin(term);
      if (p == db.postlist_end(term)) return Status::not_found("no article with id '" + std::string(id) + "'");
      auto a = read_article(db.get_document(*p));
      if (!a) return Status::index_error("article '" + std::string(id) + "': stored data is not JSON");
      return std::move(*a);
    });
  } catch (const Xapian::Error& e) {
    return Status::index_error("reading article '" + std::string(id) + "': " + e.get_description());
  }
}

Result<TagExplanation> Searcher::explain_tags(std::string_view id) const {
  auto a = document(id);
  if (!a) return a.status();
  // The publication year (YYYY-MM-DD): the tagger reads actors by their active period.
  const int year = a->date.size() >= 4 && std::all_of(a->date.begin(), a->date.begin() + 4,
                                                      [](unsigned char c) { return std::isdigit(c) != 0; })
                       ? std::stoi(a->date.substr(0, 4))
                       : 0;
  return sitrep::explain_tags(*impl_->tagger, impl_->analyzer, a->id, a->title_from_text ? "" : a->title, a->text,
                              a->lang, year);
}

Result<std::vector<NewEntity>> Searcher::new_entities(const NewEntitiesOptions& options) const {
  if (Status bad = check_new_entities_options(options); !bad) return bad;
  try {
    return impl_->pool.with_db([&](Xapian::Database& db) -> Result<std::vector<NewEntity>> {
      return list_new_entities(db, *impl_->gazetteer, options);
    });
  } catch (const Xapian::Error& e) {
    return Status::index_error("listing new names: " + e.get_description());
  }
}

Result<SearchResult> Searcher::search(const ParsedQuery& pq, const SearchOptions& options) const {
  if (Status page = check_page(options); !page) return page;
  const auto preference = language_preference(pq, options.prefer_lang);
  if (!preference) return preference.status();
  auto drill = drill_down_filters(impl_->pool, impl_->analyzer, options.drill_down);
  if (!drill) return drill.status();
  const Budget budget(options.time_budget_ms);
  const InFlight in_flight(impl_->searching);
  for (int attempt = 0;; ++attempt) {
    try {
      HandlePool::Handle handle(impl_->pool);
      Xapian::Database& db = handle.db();
      SearchResult result;
      result.query = pq;
      // A long text keeps its most informative words.
      result.query.keep_plain_words(impl_->limits.max_plain_words,
                                    [&](const TextClause& c) { return informativeness(db, c); });
      // More like this: the article's expansion (an unknown id is an error).
      std::optional<LikeQuery> like;
      if (const auto& l = result.query.like()) {
        auto expanded = more_like_this(db, *impl_->gazetteer, *l, impl_->limits.like_terms);
        if (!expanded) return expanded.status();
        like = std::move(expanded).value();
        result.like = like->shown;
      }
      // Query building.
      Built built = build_query(db, *impl_->gazetteer, result.query, impl_->limits, like ? &*like : nullptr,
                                impl_->concept_terms);
      add_filters(built, *drill);
      // Language preference: articles in the query's language (or the one asked) first among equals.
      result.prefer_lang = *preference;
      add_language_boost(db, built, preference->lang);
      // Counting (with facets): the counter for how this index is read lists every match. With a
      // current cache it counts beside the ranking, on a handle of its own at the cache's revision.
      const auto cache = options.facets && !impl_->count_facets_here.load() ? impl_->cache_for(handle) : nullptr;
      std::unique_ptr<HandlePool::Handle> beside;
      if (cache && impl_->count_beside_ranking && impl_->core_free_beside()) {
        beside = std::make_unique<HandlePool::Handle>(impl_->pool);
        if (beside->revision() != cache->revision()) beside.reset();  // a commit landed between: in turn
      }
      auto counter = options.facets ? impl_->counter_for(beside ? *beside : handle, cache, budget) : nullptr;
      Counting counting(std::move(beside), std::move(counter), CountOptions::of(options, impl_->parallel_counting_from));
      counting.start(built.query);
      // The hits read their facets from the cache when there is a current one (a search without
      // facets does not build it), and the page is collapsed by its groups.
      const auto hit_cache = cache || options.facets ? cache : impl_->cache_for(handle, /*build=*/false);
      // The ranked page; the proximity rerank over candidates needs one local database.
      const bool rerank = !impl_->pool.local_shards() && !impl_->count_facets_here.load();
      const FilterSets sets = impl_->filter_sets(rerank, hit_cache.get());
      const FilterSets* bitmaps = sets.cache ? &sets : nullptr;
      Page page = rank_page(db, built.query, built.proximity, options, budget, rerank, hit_cache.get(), bitmaps);
      result.engine_query = page.engine_query;
      // A page with hits says the query matches: the counting beside the ranking is waited for only
      // once the hits and their snippets are read.
      const bool found = counting.beside() && !page.hits.empty();
      const bool strict_empty = !found && (counting.on() ? !counting.list(built.query) : page.estimated == 0);
      if (strict_empty && !built.relaxed.empty()) {
        // Nothing matches every condition: show what the relaxed query finds (and count it).
        if (budget.over()) return over_budget(options.time_budget_ms);
        page = rank_page(db, built.relaxed, Xapian::Query(), options, budget, rerank, hit_cache.get(), bitmaps);
        result.relaxed = counting.on() ? counting.relist(built.relaxed) : page.estimated > 0;
        if (result.relaxed) result.engine_query += " | relaxed: " + built.relaxed.get_description();
      }
      if (budget.over()) return over_budget(options.time_budget_ms);
      const Highlights highlights = impl_->snippeter->highlights_for(pq);
      auto hits =
          page_hits(page, options, {hit_cache.get(), impl_->snippeter.get(), &highlights, options.snippet_words}, budget);
      if (!hits) return hits.status();
      if (found) counting.list(built.query);  // true: the page has hits
      result.total = page.estimated;
      result.total_exact = counting.on();
      Counts counts;
      if (counting.on()) {
        auto counted = counting.count();
        if (!counted) return counted.status();
        counts = std::move(counted).value();
        result.total = counts.matches.counted.size();
        result.facets = std::move(counts.facets);
        tell_apart(result.facets, *impl_->gazetteer);  // two places named Damascus: by their countries
        result.histogram = std::move(counts.histogram);
      }
      if (options.histogram_field == SearchOptions::HistogramField::kEvent) result.histogram.field = "event";
      if (counting.on()) exact_duplicates(*hits, options, counts.matches);
      result.hits = std::move(hits->hits);
      // Spelling: query words absent from the index but spelt like a known name.
      result.suggestions = spelling_suggestions(db, *impl_->gazetteer, pq);
      if (!result.suggestions.empty()) result.did_you_mean = did_you_mean(pq, result.suggestions);
      if (strict_empty && built.conditions.size() > 1) {
        auto note = alone_note(db, built, budget, bitmaps);
        if (!note) return over_budget(options.time_budget_ms);
        result.note = std::move(note).value();
      }
      return result;
    } catch (const Xapian::UnimplementedError& e) {
      // A remote shard refused the match spies: count facets on this side from now on.
      if (impl_->count_facets_here.exchange(true) || attempt + 1 >= HandlePool::kReadAttempts)
        return Status::index_error("search failed: " + e.get_description());
      continue;
    } catch (const Xapian::WildcardError&) {
      return wildcard_over_limit(pq, impl_->limits.max_wildcard_terms);
    } catch (const HistogramTooFine& e) {
      return Status::limit_exceeded(e.what());
    } catch (const Xapian::DatabaseModifiedError&) {
      // A writer committed twice during the search: again on a reopened handle.
      if (attempt + 1 < HandlePool::kReadAttempts) continue;
      return Status::index_error("the index changed during the search; try again");
    } catch (const Xapian::Error& e) {
      return Status::index_error("search failed: " + e.get_description());
    }
  }
}

}  // namespace sitrep

