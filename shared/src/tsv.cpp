#include "tsv.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sitrep/analyzer.h"

namespace sitrep::tsv {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (auto& part : split(s, '|')) {
    auto t = trim(part);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

std::string located(std::string_view file, std::size_t line, std::string_view message) {
  std::string out(file);
  if (line > 0) {
    out += ':';
    out += std::to_string(line);
  }
  out += ": ";
  out += message;
  return out;
}

Status Row::error(const std::string& message) const { return Status::parse_error(located(file_, line_, message)); }

Result<double> Row::number(const std::string& text, const char* what) const {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v))
    return error(std::string("invalid ") + what + " '" + text + "'");
  return v;
}

Status read(const std::filesystem::path& path, std::size_t columns, std::string& all_bytes,
            const std::function<Status(const Row&)>& each_row, std::size_t optional) {
  const std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(located(file, 0, "cannot open gazetteer file"));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string content = ss.str();
  all_bytes += content;
  if (!is_valid_utf8(content)) return Status::parse_error(located(file, 0, "not valid UTF-8"));
  // Every line is checked before the first row is used.
  std::vector<Row> rows;
  std::size_t line_no = 0;
  std::istringstream lines(content);
  std::string line;
  while (std::getline(lines, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto fields = split(line, '\t');
    if (fields.size() < columns || fields.size() > columns + optional)
      return Status::parse_error(located(
          file, line_no,
          "expected " + std::to_string(columns) +
              (optional ? " to " + std::to_string(columns + optional) : std::string()) +
              " tab-separated fields, found " + std::to_string(fields.size())));
    fields.resize(columns + optional);
    for (auto& f : fields) f = trim(f);
    rows.emplace_back(file, line_no, std::move(fields));
  }
  for (const auto& row : rows)
    if (Status s = each_row(row); !s) return s;
  return Status::ok();
}

}  // namespace sitrep::tsv
