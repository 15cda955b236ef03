// sitrep: the ranked page of a search (see ranking.h).
#include "ranking.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "sitrep/schema.h"

namespace sitrep {
namespace {

// A fixed set of documents (ascending docids of one database), as a boolean filter.
class DocidSource : public Xapian::PostingSource {
 public:
  explicit DocidSource(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {}
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  void init(const Xapian::Database&) override {
    pos_ = 0;
    started_ = false;
  }
  void next(double) override {
    if (started_)
      ++pos_;
    else
      started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    pos_ = static_cast<std::size_t>(std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(pos_), ids_.end(), did) -
                                    ids_.begin());
  }
  bool at_end() const override { return started_ && pos_ >= ids_.size(); }
  Xapian::docid get_docid() const override { return ids_[pos_]; }
  Xapian::PostingSource* clone() const override { return std::make_unique<DocidSource>(ids_).release(); }
  std::string name() const override { return "sitrep::DocidSource"; }
  std::string get_description() const override {
    return "sitrep::DocidSource(" + std::to_string(ids_.size()) + " candidates)";
  }

 private:
  std::vector<Xapian::docid> ids_;
  std::size_t pos_ = 0;
  bool started_ = false;
};

}  // namespace

Page rank_page(Xapian::Database& db, const Xapian::Query& query, const Xapian::Query& proximity,
               const SearchOptions& options, const Budget& budget, bool rerank) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  switch (options.sort) {
    case SearchOptions::Sort::kRelevance:
      enquire.set_sort_by_relevance_then_value(schema::kSlotDate, true);
      break;
    case SearchOptions::Sort::kNewest:
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
      break;
    case SearchOptions::Sort::kOldest:
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, false);
      break;
  }
  if (options.collapse_duplicates) enquire.set_collapse_key(schema::kSlotDuplicate);
  const auto page_end = static_cast<Xapian::doccount>(options.offset + options.limit);
  Page page;
  page.engine_query = query.get_description();
  // The proximity boost is checked (positions read) only for the best candidates by the rest of
  // the query, and the second, boosted pass visits those candidates alone (a posting source of
  // their docids filters it): a match outside them ranks below every candidate with or without
  // the boost, so the page is the one the boost over every match gives, for the price of one
  // pass over the matches. The estimate is the first pass's (over every match).
  bool estimated = false;
  if (!proximity.empty() && options.limit > 0) {
    const Xapian::doccount want = std::max(kRerankCandidates, page_end + 50);
    Xapian::Query ranked(Xapian::Query::OP_AND_MAYBE, query, proximity);
    if (rerank && want <= kMaxRerank) {
      budget.limit(enquire);
      const Xapian::MSet best = enquire.get_mset(0, want, page_end);
      page.estimated = best.get_matches_estimated();
      estimated = true;
      std::vector<Xapian::docid> ids;
      for (auto it = best.begin(); it != best.end(); ++it) ids.push_back(*it);
      std::sort(ids.begin(), ids.end());
      auto candidates = std::make_unique<DocidSource>(std::move(ids));
      // Xapian takes ownership of a released posting source.
      ranked = Xapian::Query(Xapian::Query::OP_FILTER, ranked, Xapian::Query(candidates.release()->release()));
    }
    enquire.set_query(ranked);
    page.engine_query = ranked.get_description();
  }
  budget.limit(enquire);
  page.mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                               static_cast<Xapian::doccount>(options.limit), page_end);
  if (!estimated) page.estimated = page.mset.get_matches_estimated();
  return page;
}

}  // namespace sitrep
