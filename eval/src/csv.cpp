#include "csv.h"

namespace sitrep::eval {

Result<std::vector<CsvRow>> parse_csv(std::string_view text, std::string_view name) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  std::size_t line = 1;
  bool in_record = false;  // something (even an empty field before a comma) was read for this record
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto end_record = [&] {
    if (in_record) {
      row.push_back(std::move(field));
      rows.push_back(std::move(row));
    }
    row = {};
    field.clear();
    in_record = false;
  };
  auto error = [&](std::size_t at_line, const std::string& what) {
    return Status(ErrorCode::kParseError, std::string(name) + ":" + std::to_string(at_line) + ": " + what);
  };
  while (i < n) {
    const char c = text[i];
    if (c == '"' && field.empty()) {
      // A quoted field: runs to the next quote not doubled.
      in_record = true;
      const std::size_t start_line = line;
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n') ++line;
        field.push_back(text[i++]);
      }
      if (!closed) return error(start_line, "unterminated quoted field");
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        return error(line, "unexpected character after a closing quote");
      continue;
    }
    if (c == ',') {
      in_record = true;
      row.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
      end_record();
      ++line;
      i += 2;
    } else if (c == '\n') {
      end_record();
      ++line;
      ++i;
    } else {
      in_record = true;
      field.push_back(c);
      ++i;
    }
  }
  end_record();
  return rows;
}

Result<CsvTable> CsvTable::from_rows(std::vector<CsvRow> rows, std::string_view name) {
  if (rows.empty()) return Status(ErrorCode::kParseError, std::string(name) + ": no header row");
  CsvTable t;
  t.header_ = std::move(rows.front());
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != t.header_.size())
      return Status(ErrorCode::kParseError, std::string(name) + ": record " + std::to_string(r) + " has " +
                                                std::to_string(rows[r].size()) + " fields, the header has " +
                                                std::to_string(t.header_.size()));
    t.rows_.push_back(std::move(rows[r]));
  }
  return t;
}

int CsvTable::column(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace sitrep::eval
