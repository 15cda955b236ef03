// sitrep: a small RFC 4180 CSV reader, for importers and evaluators of tabular data sets.
//
// Accepted: fields separated by commas (or another delimiter), records ended by CRLF or LF (a
// final record without a line end is fine), fields in double quotes holding delimiters, line ends
// (kept as written) and doubled quotes ("" = "), a UTF-8 byte order mark at the very start
// (dropped). Blank lines between records are skipped. Refused, with the line of the problem: a
// quote inside an unquoted field, text after a closing quote, a quoted field left open at the end.
// Fields are returned as written: no trimming, no type conversion.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::csv {

struct Record {
  std::size_t line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> fields;
};

struct Options {
  char delimiter = ',';
  bool skip_bom = true;  // drop a leading UTF-8 byte order mark (EF BB BF)
};

// Every record of a CSV text, the header row included. Errors are kParseError, "line N: reason".
Result<std::vector<Record>> parse(std::string_view text, const Options& options = {});

// Reads a whole file and parses it; errors name the file ("path:N: reason").
Result<std::vector<Record>> read_file(const std::string& path, const Options& options = {});

// Column index of a header name (exact match, surrounding spaces ignored), if present.
std::optional<std::size_t> column(const Record& header, std::string_view name);

}  // namespace sitrep::csv
