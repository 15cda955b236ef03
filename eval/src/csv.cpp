#include "csv.h"

#include "sitrep/csv.h"

namespace sitrep::eval {

Result<std::vector<CsvRow>> parse_csv(std::string_view text, std::string_view name) {
  // The shared reader; its errors read "line N: reason", ours "name:N: reason".
  auto records = sitrep::csv::parse(text);
  if (!records) {
    std::string m = records.status().message();
    if (m.rfind("line ", 0) == 0) m = m.substr(5);
    return Status::parse_error(std::string(name) + ":" + m);
  }
  std::vector<CsvRow> rows;
  rows.reserve(records->size());
  for (auto& r : records.value()) rows.push_back(std::move(r.fields));
  return rows;
}

Result<CsvTable> CsvTable::from_rows(std::vector<CsvRow> rows, std::string_view name) {
  if (rows.empty()) return Status::parse_error(std::string(name) + ": no header row");
  CsvTable t;
  t.header_ = std::move(rows.front());
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != t.header_.size())
      return Status::parse_error(std::string(name) + ": record " + std::to_string(r) + " has " +
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
