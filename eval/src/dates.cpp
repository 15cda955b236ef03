#include "dates.h"

#include <sstream>

#include "sitrep/date_parse.h"
#include "sitrep/event_dates.h"

namespace sitrep::eval {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

ParseShare evaluate_reuters_dates(const std::vector<ReutersDoc>& docs) {
  ParseShare r;
  for (const auto& d : docs) {
    ++r.total;
    std::string value = d.date;
    if (auto hash = value.find('#'); hash != std::string::npos) value.resize(hash);
    // "26-FEB-1987 15:01:01.79" and nothing after it (control references decode to spaces).
    std::istringstream words(value);
    std::string day, time;
    words >> day >> time;
    value = time.empty() ? day : day + " " + time;
    DateParseOptions options;
    options.order = DateOrder::kDMY;
    if (auto p = parse_publication_date(value, options)) {
      ++r.parsed;
    } else {
      r.failures.push_back("NEWID " + d.newid + ": '" + trim(d.date) + "': " + p.status().message());
    }
  }
  return r;
}

Result<ParseShare> evaluate_fakes_dates(const CsvTable& table) {
  const int col = table.column("date");
  if (col < 0) return Status::parse_error("FA-KES CSV has no 'date' column");
  ParseShare r;
  DateParseOptions options;
  options.order = DateOrder::kMDY;
  for (std::size_t i = 0; i < table.size(); ++i) {
    ++r.total;
    const std::string value = trim(table.at(i, col));
    if (auto p = parse_publication_date(value, options)) {
      ++r.parsed;
    } else {
      r.failures.push_back("row " + std::to_string(i + 2) + ": '" + value + "': " + p.status().message());
    }
  }
  return r;
}

Result<ExpressionResult> evaluate_expressions(std::string_view tsv, std::string_view name) {
  ExpressionResult r;
  std::istringstream lines{std::string(tsv)};
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(lines, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t');
    const auto t2 = t1 == std::string::npos ? std::string::npos : line.find('\t', t1 + 1);
    if (t2 == std::string::npos)
      return Status::parse_error(std::string(name) + ":" + std::to_string(line_no) +
                                 ": expected publication-date<TAB>sentence<TAB>expected");
    const auto published = parse_iso_date(trim(line.substr(0, t1)));
    if (!published)
      return Status::parse_error(std::string(name) + ":" + std::to_string(line_no) + ": invalid publication date '" +
                                 line.substr(0, t1) + "'");
    const std::string sentence = line.substr(t1 + 1, t2 - t1 - 1);
    const std::string expected = trim(line.substr(t2 + 1));
    std::string got;
    for (const auto& e : extract_event_dates(sentence, *published)) {
      if (!got.empty()) got += ';';
      got += e.iso();
    }
    if (got.empty()) got.push_back('-');  // (assigning "-" trips a false GCC 12 -Wrestrict)
    ++r.total;
    if (got == expected)
      ++r.correct;
    else
      r.failures.push_back("line " + std::to_string(line_no) + ": " + sentence + ": expected " + expected + ", got " + got);
  }
  return r;
}

}  // namespace sitrep::eval
