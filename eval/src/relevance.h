// sitrep-eval: ranked retrieval on the TIME magazine test collection (1963; TIME.ALL, TIME.QUE,
// TIME.REL) and on Cranfield (cran.all.1400, cran.qry, cranqrel): sitrep's Indexer + Searcher
// against plain Xapian BM25 over the same analyzer (the stem-only baseline) and against plain
// Xapian as Omega would run it (TermGenerator and QueryParser with the English stemmer).
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

// ---- Cranfield readers ------------------------------------------------------------------------

struct CranfieldDoc {
  int number = 0;     // .I
  std::string title;  // .T, lines joined by ' '
  std::string text;   // .W (it usually repeats the title first), lines joined by '\n'
};

struct CranfieldJudgments {
  std::map<int, std::set<int>> relevant;  // query position -> documents coded 1..4
  std::map<int, std::set<int>> source;    // query position -> documents coded -1 (the question's source paper)
};

// cran.all.1400: ".I n" records with .T, .A, .B and .W fields (any may be empty).
Result<std::vector<CranfieldDoc>> parse_cranfield_docs(std::string_view bytes, const std::string& origin);
// cran.qry: ".I nnn" then ".W" and the question. The .I numbers are not consecutive: the judgments
// number queries by POSITION, so each query's id here is its 1-based position in the file.
Result<std::vector<TimeQuery>> parse_cranfield_queries(std::string_view bytes, const std::string& origin);
// cranqrel: "query-position doc code" lines; codes 1..4 are relevant, -1 marks the source paper.
Result<CranfieldJudgments> parse_cranfield_judgments(std::string_view bytes, const std::string& origin);

// ---- metrics (binary relevance) --------------------------------------------------------------

// Average precision of a ranking: the mean, over all relevant docs, of the precision at the rank
// where each is retrieved (0 for those not retrieved). 0 when nothing is relevant. With depth > 0,
// only the first `depth` ranks count (MAP@depth, as trec_eval's map_cut).
double average_precision(const std::vector<int>& ranking, const std::set<int>& relevant, std::size_t depth = 0);
// Share of the first k ranks holding a relevant doc (missing ranks count as not relevant).
double precision_at(const std::vector<int>& ranking, const std::set<int>& relevant, std::size_t k);
// nDCG@k with gain 1 per relevant doc and discount 1/log2(rank + 1).
double ndcg_at(const std::vector<int>& ranking, const std::set<int>& relevant, std::size_t k);

// ---- the evaluation --------------------------------------------------------------------------

struct SystemScores {
  double map = 0, p10 = 0, ndcg10 = 0;
  double map100 = 0;  // MAP@100
};

// One judged query (TIME.REL): both systems' average precision and how sitrep read it.
struct QueryScore {
  int id = 0;
  double sitrep_ap = 0, baseline_ap = 0, omega_ap = 0;
  std::string reading;  // sitrep's summary of the query
  int like_seed = -1;   // the seed of "more like the first relevant document" (-1: none)
  double like_sitrep_ap = 0, like_xapian_ap = 0;
};

// "More like the first relevant document": for each judged query with at least two relevant
// documents, its relevant document of the lowest number (TIME: *TEXT id; Cranfield: .I) is the
// seed; sitrep's like:SEED and plain Xapian's ESet expansion of the seed (on the Omega-style
// index: RSet of the seed -> the top like_terms ESet terms, unprefixed words as Omega's "similar"
// takes them -> OR, BM25 defaults) rank the other relevant documents, the seed left out of both
// the rankings and the judgments.
struct LikeReport {
  std::size_t queries = 0;       // queries with a seed
  std::size_t terms = 0;         // expansion terms of both systems
  double sitrep_map = 0, xapian_map = 0;
  double sitrep_map100 = 0, xapian_map100 = 0;
  std::size_t sitrep_failed = 0;  // like: searches that failed (scored 0)
};

struct RelevanceReport {
  std::string collection;  // "TIME" or "Cranfield"
  std::vector<QueryScore> per_query;
  SystemScores sitrep, baseline, omega;              // against TIME.REL (Cranfield: cranqrel)
  SystemScores sitrep_all, baseline_all, omega_all;  // against TIME.REL.ALL (complete judgments; TIME only)
  std::size_t queries_all = 0;
  std::size_t documents = 0;
  std::size_t queries = 0;          // judged queries evaluated
  std::size_t malformed_dates = 0;  // headers dated 1963-01-01 instead
  std::size_t sitrep_failed = 0;    // queries sitrep refused (scored 0)
  std::size_t sitrep_empty = 0;     // queries with no sitrep hit
  std::size_t baseline_empty = 0;
  std::size_t omega_empty = 0;
  LikeReport like;
};

// Reads DIR/TIME.ALL, TIME.QUE, TIME.REL and TIME.REL.ALL (when present), builds both indexes in a temporary directory (removed
// afterwards) and runs every judged query. Queries are lower-cased before sitrep reads them (the
// collection is upper case, which sitrep would read as AND/OR/NOT operators and acronyms).
// data_dir: the gazetteer ("" for the default).
Result<RelevanceReport> evaluate_time(const std::string& dir, const std::string& data_dir);

// Reads DIR/cran.all.1400, cran.qry and cranqrel and runs all 225 queries the same way. Each
// document is its abstract (.W, which repeats the title; the title when .W is empty). The
// question's source paper (code -1) is left out: removed from every ranking, never relevant.
Result<RelevanceReport> evaluate_cranfield(const std::string& dir, const std::string& data_dir);

}  // namespace sitrep::eval
