// Unit tests of the TIME and Cranfield collection readers and of the ranking metrics of sitrep-eval relevance,
// on small inline samples written for these tests; no corpus needed.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "relevance.h"

namespace sitrep::eval {
namespace {

// Double-spaced, upper case, no *STOP; one header with extra spaces, one with a malformed date.
constexpr const char* kDocs =
    "*TEXT 005 02/08/63 PAGE 011\n"
    "\n"
    "THE HARBOUR FROZE . FERRIES STOPPED\n"
    "\n"
    "FOR A WEEK .\n"
    "\n"
    "*TEXT 009     03/15/63      PAGE 002\n"
    "\n"
    "A NEW BRIDGE OPENED .\n"
    "\n"
    "*TEXT 012 04/19 63 PAGE 030\n"
    "\n"
    "RAIN, THEN MORE RAIN .\n";

TEST(RelevanceParsers, DocumentsWithDoubleSpacingAndIrregularHeaders) {
  const auto docs = parse_time_docs(kDocs, "sample");
  ASSERT_TRUE(docs) << docs.status().to_string();
  ASSERT_EQ(docs->size(), 3u);
  EXPECT_EQ((*docs)[0].id, "005");
  EXPECT_EQ((*docs)[0].date, (Date{1963, 2, 8}));
  EXPECT_FALSE((*docs)[0].date_malformed);
  EXPECT_EQ((*docs)[0].text, "THE HARBOUR FROZE . FERRIES STOPPED\nFOR A WEEK .");
  EXPECT_EQ((*docs)[1].id, "009");
  EXPECT_EQ((*docs)[1].date, (Date{1963, 3, 15}));
  EXPECT_EQ((*docs)[1].text, "A NEW BRIDGE OPENED .");
  EXPECT_EQ((*docs)[2].id, "012");
  EXPECT_TRUE((*docs)[2].date_malformed);
  EXPECT_EQ((*docs)[2].date, (Date{1963, 1, 1}));
  EXPECT_EQ((*docs)[2].text, "RAIN, THEN MORE RAIN .");
}

TEST(RelevanceParsers, DocumentErrors) {
  EXPECT_FALSE(parse_time_docs("", "empty"));
  EXPECT_FALSE(parse_time_docs("TEXT BEFORE ANY HEADER\n*TEXT 001 01/04/63 PAGE 1\n", "x"));
  EXPECT_FALSE(parse_time_docs("*TEXT ABC 01/04/63 PAGE 1\n", "x"));
}

TEST(RelevanceParsers, Queries) {
  const auto q = parse_time_queries("*FIND      1\n\n FROZEN HARBOURS AND\n\nFERRIES .\n\n*FIND  2\n\nBRIDGES .\n", "q");
  ASSERT_TRUE(q) << q.status().to_string();
  ASSERT_EQ(q->size(), 2u);
  EXPECT_EQ((*q)[0].id, 1);
  EXPECT_EQ((*q)[0].text, "FROZEN HARBOURS AND FERRIES .");
  EXPECT_EQ((*q)[1].id, 2);
  EXPECT_EQ((*q)[1].text, "BRIDGES .");
  EXPECT_FALSE(parse_time_queries("*FIND X\n", "q"));
}

TEST(RelevanceParsers, JudgmentsSplitOnWhitespaceAndDropEmptyQueries) {
  const auto r = parse_time_judgments("1  3 1\n\n2  \n\n3 2\n\n4  1 2 3", "rel");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(r.value(), (std::map<int, std::set<int>>{{1, {1, 3}}, {3, {2}}, {4, {1, 2, 3}}}));
  EXPECT_FALSE(parse_time_judgments("1 X\n", "rel"));
}

TEST(RelevanceParsers, JudgedPositionsBecomeTextIds) {
  std::vector<std::string> texts;  // 423 documents, *TEXT ids 1000 + index
  for (int k = 0; k < 423; ++k) texts.push_back(std::to_string(1000 + k));
  const auto ids = judged_text_ids({{7, {1, 370, 374, 378, 425}}}, texts);
  EXPECT_EQ(ids.at(7), (std::set<int>{1000, 1369, -1, 1375, 1422}));
}

// ---- Cranfield readers (samples written for these tests, in the collection's layout) -----------

TEST(RelevanceParsers, CranfieldDocumentsKeepTitleAndAbstract) {
  const auto docs = parse_cranfield_docs(
      ".I 1\n.T\nwind tunnel tests of a\nslender wing .\n.A\nsmith,j.\n.B\nj. ae. 12, 1957.\n.W\nwind tunnel "
      "tests of a\nslender wing .\n  the lift was measured .\n.I 2\n.T\n.A\n.B\n.W\n.I 3\n.T\nheat flow .\n.W\n",
      "sample");
  ASSERT_TRUE(docs) << docs.status().to_string();
  ASSERT_EQ(docs->size(), 3u);
  EXPECT_EQ((*docs)[0].number, 1);
  EXPECT_EQ((*docs)[0].title, "wind tunnel tests of a slender wing .");
  EXPECT_EQ((*docs)[0].text, "wind tunnel tests of a\nslender wing .\nthe lift was measured .");
  EXPECT_EQ((*docs)[1].number, 2);
  EXPECT_TRUE((*docs)[1].title.empty());
  EXPECT_TRUE((*docs)[1].text.empty());
  EXPECT_EQ((*docs)[2].title, "heat flow .");
  EXPECT_FALSE(parse_cranfield_docs("text first\n.I 1\n", "x"));
  EXPECT_FALSE(parse_cranfield_docs(".I one\n", "x"));
  EXPECT_FALSE(parse_cranfield_docs("", "x"));
}

TEST(RelevanceParsers, CranfieldQueriesAreNumberedByPosition) {
  // The .I numbers skip (001, 002, 004): the judgments number queries 1, 2, 3 by position.
  const auto q = parse_cranfield_queries(".I 001\n.W\nwhat is the lift\nof a wing ?\n.I 002\n.W\nheat flow .\n"
                                         ".I 004\n.W\nshock waves .\n",
                                         "q");
  ASSERT_TRUE(q) << q.status().to_string();
  ASSERT_EQ(q->size(), 3u);
  EXPECT_EQ((*q)[0].id, 1);
  EXPECT_EQ((*q)[0].text, "what is the lift of a wing ?");
  EXPECT_EQ((*q)[2].id, 3);
  EXPECT_EQ((*q)[2].text, "shock waves .");
}

TEST(RelevanceParsers, CranfieldJudgmentsSetTheSourcePaperApart) {
  const auto j = parse_cranfield_judgments("1 184 2 \n1 29 4\n1 486 -1\n2 12 1\n2 12 -1\n3 7 5\n", "rel");
  ASSERT_TRUE(j) << j.status().to_string();
  EXPECT_EQ(j->relevant, (std::map<int, std::set<int>>{{1, {29, 184}}, {2, {12}}}));
  // Query 2's source paper is also judged relevant: it stays relevant and ranked.
  EXPECT_EQ(j->source.at(1), (std::set<int>{486}));
  EXPECT_TRUE(j->source.at(2).empty());
  EXPECT_FALSE(parse_cranfield_judgments("1 2\n", "rel"));
  EXPECT_FALSE(parse_cranfield_judgments("1 2 0\n", "rel"));
}

// ---- metrics ---------------------------------------------------------------------------------

TEST(RelevanceMetrics, AveragePrecision) {
  // Relevant {1, 2, 3}; retrieved at ranks 1 and 3, doc 3 never: (1/1 + 2/3 + 0) / 3.
  EXPECT_NEAR(average_precision({1, 9, 2, 8}, {1, 2, 3}), (1.0 + 2.0 / 3.0) / 3.0, 1e-12);
  EXPECT_NEAR(average_precision({5, 6, 7, 1}, {1}), 0.25, 1e-12);
  EXPECT_EQ(average_precision({}, {1}), 0.0);
  EXPECT_EQ(average_precision({1}, {}), 0.0);
  EXPECT_EQ(average_precision({1, 2}, {1, 2}), 1.0);
}

TEST(RelevanceMetrics, AveragePrecisionAtADepth) {
  // MAP@2: the relevant doc at rank 3 no longer counts; the denominator stays all relevant docs.
  EXPECT_NEAR(average_precision({1, 9, 2}, {1, 2}, 2), 0.5, 1e-12);
  EXPECT_NEAR(average_precision({1, 9, 2}, {1, 2}, 0), (1.0 + 2.0 / 3.0) / 2.0, 1e-12);
  EXPECT_NEAR(average_precision({1, 9, 2}, {1, 2}, 100), (1.0 + 2.0 / 3.0) / 2.0, 1e-12);
}

TEST(RelevanceMetrics, PrecisionAtTenCountsMissingRanksAsMisses) {
  EXPECT_NEAR(precision_at({1, 2, 3}, {1, 3, 7}, 10), 0.2, 1e-12);
  const std::vector<int> twelve = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  EXPECT_NEAR(precision_at(twelve, {2, 4, 11, 12}, 10), 0.2, 1e-12);
  EXPECT_NEAR(precision_at(twelve, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10), 1.0, 1e-12);
}

TEST(RelevanceMetrics, NdcgAtTenWithBinaryGains) {
  // Relevant {1, 2}, at ranks 2 and 3: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3).
  const double expected = (1 / std::log2(3.0) + 0.5) / (1 + 1 / std::log2(3.0));
  EXPECT_NEAR(ndcg_at({9, 1, 2}, {1, 2}, 10), expected, 1e-12);
  EXPECT_NEAR(ndcg_at({1, 2, 9}, {1, 2}, 10), 1.0, 1e-12);
  // More relevant docs than ranks: the ideal has 10 gains.
  std::set<int> many;
  for (int k = 1; k <= 15; ++k) many.insert(k);
  EXPECT_NEAR(ndcg_at({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, many, 10), 1.0, 1e-12);
  // One relevant doc at rank 11: outside the cut.
  EXPECT_EQ(ndcg_at({20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 1}, {1}, 10), 0.0);
  EXPECT_EQ(ndcg_at({1}, {}, 10), 0.0);
}

}  // namespace
}  // namespace sitrep::eval
