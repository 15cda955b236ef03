// sitrep (internal): the gazetteer's TSV reader. A file is read whole, '#' comment lines and blank
// lines skipped, every other line split at tabs into a fixed number of trimmed fields; every
// error names the place the same way: "file:line: message" ("file: message" for the whole file).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::tsv {

// s cut at every sep (an empty piece between two separators included).
std::vector<std::string> split(std::string_view s, char sep);
// s without leading and trailing spaces and carriage returns.
std::string trim(std::string_view s);
// A '|'-separated list, its items trimmed, empty ones left out.
std::vector<std::string> split_list(std::string_view s);

// One data line of a TSV file.
class Row {
 public:
  Row(std::string_view file, std::size_t line, std::vector<std::string> fields)
      : file_(file), line_(line), fields_(std::move(fields)) {}

  const std::string& operator[](std::size_t i) const { return fields_[i]; }
  std::size_t line() const noexcept { return line_; }
  // A parse error at this line: "file:line: message".
  Status error(const std::string& message) const;
  // A finite number, or "file:line: invalid <what> '<text>'".
  Result<double> number(const std::string& text, const char* what) const;

 private:
  std::string_view file_;
  std::size_t line_;
  std::vector<std::string> fields_;
};

// "file:line: message" (line 0: "file: message").
std::string located(std::string_view file, std::size_t line, std::string_view message);

// Reads the TSV file at path (valid UTF-8, every data line with `columns` fields, or up to
// `optional` more: a row missing them has them empty), appends its bytes to all_bytes (for the
// content hash), then calls each_row on its rows in order: the first error, of the file or of
// each_row, is returned. A missing file is kNotFound.
Status read(const std::filesystem::path& path, std::size_t columns, std::string& all_bytes,
            const std::function<Status(const Row&)>& each_row, std::size_t optional = 0);

}  // namespace sitrep::tsv
