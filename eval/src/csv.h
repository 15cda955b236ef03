// sitrep-eval: an RFC 4180 CSV reader (quoted fields, doubled quotes, embedded newlines, CRLF or LF).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::eval {

using CsvRow = std::vector<std::string>;

// Every record of a CSV text. A record ends at CR LF, LF or the end of the text (outside quotes);
// a quoted field may hold commas, doubled quotes ("") and line breaks, which are kept as written.
// Empty lines are skipped. An unterminated quote or text after a closing quote is a parse error
// naming the 1-based line where the record starts; `name` prefixes error messages.
Result<std::vector<CsvRow>> parse_csv(std::string_view text, std::string_view name = "csv");

// A CSV file with a header row: each record as a map from column name to value.
class CsvTable {
 public:
  // Fails when a record has a different number of fields than the header.
  static Result<CsvTable> from_rows(std::vector<CsvRow> rows, std::string_view name = "csv");
  const CsvRow& header() const noexcept { return header_; }
  std::size_t size() const noexcept { return rows_.size(); }
  // Index of a column, or -1.
  int column(std::string_view name) const noexcept;
  const std::string& at(std::size_t row, int column) const { return rows_[row][static_cast<std::size_t>(column)]; }

 private:
  CsvRow header_;
  std::vector<CsvRow> rows_;
};

}  // namespace sitrep::eval
