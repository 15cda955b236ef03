// sitrep-eval: ranked retrieval on the TIME magazine test collection (1963; TIME.ALL, TIME.QUE,
// TIME.REL): sitrep's Indexer + Searcher against plain Xapian BM25 over the same analyzer.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/date.h"
#include "sitrep/status.h"

namespace sitrep::eval {

// ---- readers ---------------------------------------------------------------------------------

struct TimeDoc {
  std::string id;               // as in the header, e.g. "017"
  Date date;                    // from MM/DD/YY; 1963-01-01 when malformed
  bool date_malformed = false;  // e.g. "08/30 63"
  std::string text;             // content lines joined by '\n' (blank lines dropped)
};

struct TimeQuery {
  int id = 0;
  std::string text;  // content lines joined by ' '
};

// TIME.ALL: "*TEXT id MM/DD/YY PAGE n" headers (any spacing), text up to the next header.
Result<std::vector<TimeDoc>> parse_time_docs(std::string_view bytes, const std::string& origin);
// TIME.QUE: "*FIND n" headers, query text up to the next one.
Result<std::vector<TimeQuery>> parse_time_queries(std::string_view bytes, const std::string& origin);
// TIME.REL / TIME.REL.ALL: "qid n n ..." lines -> the numbers as written (queries without any dropped).
Result<std::map<int, std::set<int>>> parse_time_judgments(std::string_view bytes, const std::string& origin);

// The judged numbers are NOT the *TEXT ids: they are 1-based positions in the original SMART
// collection of 425 documents, of which TIME.ALL lacks two, somewhere between positions 371 and
// 377 (no judgment falls there). Verified on the query words: position n is the n-th document of
// TIME.ALL up to 370 and the (n-2)-th from 378 on, while reading n as a *TEXT id gives documents
// on other subjects (q1 "Diem, Buddhists": 268 is *TEXT 334, on the Saigon monks; *TEXT 268 is on
// Syria). Returns the *TEXT ids (as integers) of the judged documents; a position that maps to no
// document gives -1 (relevant, never retrieved). `texts` are the TIME.ALL ids in file order.
std::map<int, std::set<int>> judged_text_ids(const std::map<int, std::set<int>>& positions,
                                             const std::vector<std::string>& texts);

// ---- metrics (binary relevance) --------------------------------------------------------------

// Average precision of a ranking: the mean, over all relevant docs, of the precision at the rank
// where each is retrieved (0 for those not retrieved). 0 when nothing is relevant.
double average_precision(const std::vector<int>& ranking, const std::set<int>& relevant);
// Share of the first k ranks holding a relevant doc (missing ranks count as not relevant).
double precision_at(const std::vector<int>& ranking, const std::set<int>& relevant, std::size_t k);
// nDCG@k with gain 1 per relevant doc and discount 1/log2(rank + 1).
double ndcg_at(const std::vector<int>& ranking, const std::set<int>& relevant, std::size_t k);

// ---- the evaluation --------------------------------------------------------------------------

struct SystemScores {
  double map = 0, p10 = 0, ndcg10 = 0;
};

// One judged query (TIME.REL): both systems' average precision and how sitrep read it.
struct QueryScore {
  int id = 0;
  double sitrep_ap = 0, baseline_ap = 0;
  std::string reading;  // sitrep's summary of the query
};

struct RelevanceReport {
  std::vector<QueryScore> per_query;
  SystemScores sitrep, baseline;            // against TIME.REL
  SystemScores sitrep_all, baseline_all;    // against TIME.REL.ALL (complete judgments)
  std::size_t queries_all = 0;
  std::size_t documents = 0;
  std::size_t queries = 0;          // judged queries evaluated
  std::size_t malformed_dates = 0;  // headers dated 1963-01-01 instead
  std::size_t sitrep_failed = 0;    // queries sitrep refused (scored 0)
  std::size_t sitrep_empty = 0;     // queries with no sitrep hit
  std::size_t baseline_empty = 0;
};

// Reads DIR/TIME.ALL, TIME.QUE, TIME.REL and TIME.REL.ALL (when present), builds both indexes in a temporary directory (removed
// afterwards) and runs every judged query. Queries are lower-cased before sitrep reads them (the
// collection is upper case, which sitrep would read as AND/OR/NOT operators and acronyms).
// data_dir: the gazetteer ("" for the default).
Result<RelevanceReport> evaluate_time(const std::string& dir, const std::string& data_dir);

}  // namespace sitrep::eval
