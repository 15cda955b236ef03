// sitrep-eval dates: publication-date parsing over real corpora and event-date extraction over a
// file of written cases.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "csv.h"
#include "reuters.h"
#include "sitrep/status.h"

namespace sitrep::eval {

struct ParseShare {
  std::size_t total = 0;
  std::size_t parsed = 0;
  std::vector<std::string> failures;  // "where: value: why"
  double share() const { return total ? static_cast<double>(parsed) / static_cast<double>(total) : 0.0; }
};

// The <DATE> of every Reuters document. The corpus's own debris is cut before parsing, as an
// importer would: SGML control references after the time (&#5;&#5;RM) and '#' comments.
ParseShare evaluate_reuters_dates(const std::vector<ReutersDoc>& docs);
// FA-KES's `date` column (month first, M/D/YYYY).
Result<ParseShare> evaluate_fakes_dates(const CsvTable& table);

struct ExpressionResult {
  std::size_t total = 0;
  std::size_t correct = 0;
  std::vector<std::string> failures;  // "line N: sentence: expected X, got Y"
  double accuracy() const { return total ? static_cast<double>(correct) / static_cast<double>(total) : 0.0; }
};

// A TSV of `publication-date<TAB>sentence<TAB>expected` ('#' comments): expected is YYYY-MM-DD,
// YYYY-MM, YYYY or FIRST..LAST, several separated by ';' in text order, '-' for none.
Result<ExpressionResult> evaluate_expressions(std::string_view tsv, std::string_view name);

}  // namespace sitrep::eval
