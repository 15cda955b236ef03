#include "sitrep/csv.h"

#include <fstream>
#include <sstream>

namespace sitrep::csv {

Result<std::vector<Record>> parse(std::string_view text, const Options& options) {
  if (options.skip_bom && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const char delim = options.delimiter;
  std::vector<Record> records;
  Record record;
  std::string field;
  std::size_t line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto error = [&](std::size_t at_line, const std::string& what) {
    return Status::parse_error("line " + std::to_string(at_line) + ": " + what);
  };
  // Ends the current record at a line end or the end of the text. A record made of one empty
  // unquoted field is a blank line: skipped.
  bool field_quoted = false;
  auto end_record = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    const bool blank = record.fields.size() == 1 && record.fields[0].empty() && !field_quoted;
    if (!blank) records.push_back(std::move(record));
    record = Record{};
    field_quoted = false;
  };

  while (i < n) {
    if (record.fields.empty() && field.empty() && !field_quoted) record.line = line;
    const char c = text[i];
    if (c == '"' && field.empty() && !field_quoted) {
      // Quoted field: up to the closing quote; "" is one quote; line ends are part of the field.
      const std::size_t start_line = line;
      field_quoted = true;
      ++i;
      bool closed = false;
      while (i < n) {
        const char q = text[i];
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (q == '\n') ++line;
        field.push_back(q);
        ++i;
      }
      if (!closed) return error(start_line, "quoted field not closed before the end of the text");
      // After the closing quote: a delimiter, a line end or the end of the text.
      if (i < n && text[i] != delim && text[i] != '\n' && !(text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') &&
          !(text[i] == '\r' && i + 1 == n))
        return error(line, "unexpected character after a closing quote");
      continue;
    }
    if (c == delim) {
      record.fields.push_back(std::move(field));
      field.clear();
      field_quoted = false;
      ++i;
      continue;
    }
    if (c == '\n' || (c == '\r' && (i + 1 == n || text[i + 1] == '\n'))) {
      end_record();
      i += (c == '\r' && i + 1 < n) ? 2 : 1;
      ++line;
      continue;
    }
    if (c == '"') return error(line, "quote inside an unquoted field (quote the whole field and double the quote)");
    if (field_quoted) return error(line, "unexpected character after a closing quote");
    field.push_back(c);
    ++i;
  }
  if (!record.fields.empty() || !field.empty() || field_quoted) end_record();
  return records;
}

Result<std::vector<Record>> read_file(const std::string& path, const Options& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": read error");
  auto records = parse(ss.str(), options);
  if (!records) return Status(records.status().code(), path + ":" + records.status().message().substr(5));
  return records;
}

std::optional<std::size_t> column(const Record& header, std::string_view name) {
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string_view f = header.fields[i];
    while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
    if (f == name) return i;
  }
  return std::nullopt;
}

}  // namespace sitrep::csv
