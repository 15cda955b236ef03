#include "sitrep/sources.h"

#include "sitrep/language.h"

#include <algorithm>
#include <map>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/csv.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_jsonl_path(const fs::path& p) {
  const auto ext = lower(p.extension().string());
  return ext == ".jsonl" || ext == ".ndjson" || ext == ".json";
}

// CSV (comma) or TSV (tab) with a header row; 0 when neither.
char csv_delimiter(const fs::path& p) {
  const auto ext = lower(p.extension().string());
  return ext == ".csv" ? ',' : ext == ".tsv" ? '\t' : '\0';
}

bool is_text_path(const fs::path& p) {
  const auto ext = lower(p.extension().string());
  return ext == ".txt" || ext == ".text";
}

std::string origin(const std::string& path, std::size_t line) { return path + ":" + std::to_string(line); }

Status parse_error(const std::string& path, std::size_t line, const std::string& msg) {
  return Status::parse_error(origin(path, line) + ": " + msg);
}

// Splits "key value" / "key: value"; returns false when the line is not a known header.
bool split_header(std::string_view line, std::string& key, std::string& value) {
  line = trim(line);
  std::size_t k = 0;
  while (k < line.size() && (std::isalpha(static_cast<unsigned char>(line[k])) != 0)) ++k;
  if (k == 0) return false;
  key = lower(line.substr(0, k));
  static const char* kKeys[] = {"id", "title", "source", "url", "lang", "date"};
  if (std::find_if(std::begin(kKeys), std::end(kKeys), [&](const char* s) { return key == s; }) == std::end(kKeys))
    return false;
  std::string_view rest = line.substr(k);
  if (!rest.empty() && rest.front() == ':') rest.remove_prefix(1);
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return false;
  value = std::string(trim(rest));
  return true;
}

Status check_utf8(std::string_view content, const std::string& path, std::size_t first_line = 1) {
  std::size_t bad = 0;
  if (is_valid_utf8(content, &bad)) return Status::ok();
  return parse_error(path, first_line + line_of_offset(content, bad) - 1,
                     "invalid UTF-8 at byte " + std::to_string(bad) + " (the file must be UTF-8)");
}

// A NUL byte does not belong in text: the file is binary (an image, a PDF, a database ...).
Status check_binary(std::string_view content, const std::string& path, std::size_t first_line = 1,
                    const char* what = "binary file") {
  const auto nul = content.find('\0');
  if (nul == std::string_view::npos) return Status::ok();
  return parse_error(path, first_line + line_of_offset(content, nul) - 1,
                     std::string(what) + ": NUL byte at byte " + std::to_string(nul) + " (articles must be UTF-8 text)");
}

}  // namespace

namespace {
// Parse errors read "path:line: reason"; a SourceError keeps the two parts apart.
SourceError split_error(const Status& st, const std::string& path) {
  const std::string m = st.message();
  const auto colon = m.compare(0, path.size(), path) == 0 ? m.find(": ", path.size()) : std::string::npos;
  if (colon == std::string::npos) return {path, m};
  return {m.substr(0, colon), m.substr(colon + 2)};
}
}  // namespace

std::string id_from_path(const std::string& path) { return fs::path(path).stem().string(); }

Result<Article> parse_text_article(std::string_view content, const std::string& path, const ReadOptions& options) {
  if (content.size() > options.max_article_bytes)
    return parse_error(path, 1,
                       "article of " + std::to_string(content.size()) + " bytes exceeds the limit of " +
                           std::to_string(options.max_article_bytes));
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  if (auto st = check_binary(content, path); !st) return st;
  if (auto st = check_utf8(content, path); !st) return st;

  Article a;
  a.origin = path;
  std::size_t pos = 0, line_no = 0;
  auto next_line = [&](std::string_view& line) {
    if (pos >= content.size()) return false;
    const std::size_t nl = content.find('\n', pos);
    line = content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
    return true;
  };

  std::string_view line;
  // First non-blank line: the date.
  bool found = false;
  while (next_line(line)) {
    if (!trim(line).empty()) {
      found = true;
      break;
    }
  }
  if (!found) return parse_error(path, std::max<std::size_t>(line_no, 1), "empty article");
  const std::size_t date_line = line_no;
  std::string_view first = trim(line);
  if (lower(first.substr(0, 4)) != "date" ||
      (first.size() > 4 && first[4] != ' ' && first[4] != '\t' && first[4] != ':'))
    return parse_error(path, date_line, "missing date: the first line must be 'date YYYY-MM-DD'");
  first.remove_prefix(4);
  if (!first.empty() && first.front() == ':') first.remove_prefix(1);
  first = trim(first);
  // The whole rest of the line is the date ("date Sat, 07 Dec 2024 10:15:00 +0000"), or its first
  // word is and the body follows on the same line ("date 2024-12-07 Fighters moved ...").
  DateParseOptions date_options;
  date_options.order = options.date_order;
  std::size_t sp = std::string_view::npos;
  if (auto whole = parse_publication_date(first, date_options)) {
    a.date = whole->date;
  } else {
    sp = first.find_first_of(" \t");
    const std::string_view date_text = first.substr(0, sp);
    auto word = sp == std::string_view::npos ? whole : parse_publication_date(date_text, date_options);
    if (!word) {
      const std::string shown(first.substr(0, std::min<std::size_t>(first.size(), 60)));
      return parse_error(path, date_line,
                         "invalid date '" + shown + "': expected a real calendar date such as 2024-12-07 (" +
                             word.status().message() + ")");
    }
    a.date = word->date;
  }

  std::string body;
  std::size_t body_line = 0;
  if (sp != std::string_view::npos) {
    // The body starts on the date line itself.
    body = std::string(trim(first.substr(sp)));
    body_line = date_line;
    body += '\n';
    body.append(content.substr(pos));
  } else {
    // Header lines until a blank line or a line that is not a header.
    std::size_t line_start = pos;
    while (true) {
      line_start = pos;
      if (!next_line(line)) break;
      if (trim(line).empty()) {
        line_start = pos;
        break;
      }
      std::string key, value;
      if (!split_header(line, key, value)) {
        pos = line_start;  // first body line
        --line_no;
        break;
      }
      if (key == "id")
        a.id = value;
      else if (key == "title")
        a.title = value;
      else if (key == "source")
        a.source = value;
      else if (key == "url")
        a.url = value;
      else if (key == "lang")
        a.lang = lower(value);
      else if (key == "date")
        return parse_error(path, line_no, "a second date line");
    }
    body_line = line_no + 1;
    body = std::string(content.substr(line_start));
  }
  // Trim surrounding blank space of the body.
  const auto b = body.find_first_not_of(" \t\r\n");
  if (b == std::string::npos)
    return parse_error(path, std::max(body_line, date_line), "article has no text after its header");
  const auto e = body.find_last_not_of(" \t\r\n");
  a.text = body.substr(b, e - b + 1);
  if (a.lang.empty()) a.lang = detect_language(a.title + "\n" + a.text);  // no lang header
  if (a.id.empty()) a.id = id_from_path(path);
  if (a.id.empty()) return parse_error(path, date_line, "cannot derive an id from the file name");
  return a;
}

namespace {

// The checks a JSON Lines or CSV record shares: a date (required), a text (required), the default
// language and id ("<file stem>-<line>"). date_name/text_name name the fields in messages.
Status complete_record(Article& a, const std::string& date, const std::string& path, std::size_t line_no,
                       const ReadOptions& options, const std::string& date_name, const std::string& text_name) {
  if (std::string(trim(date)).empty()) return parse_error(path, line_no, "missing " + date_name);
  DateParseOptions date_options;
  date_options.order = options.date_order;
  const auto d = parse_publication_date(date, date_options);
  if (!d) return parse_error(path, line_no, "invalid date '" + date + "' in " + date_name + ": " + d.status().message());
  a.date = d->date;  // times with a zone are normalised to UTC
  if (std::string(trim(a.text)).empty()) return parse_error(path, line_no, "missing or empty " + text_name);
  for (const std::string* field : {&a.text, &a.title, &a.id, &a.source, &a.url})
    if (field->find('\0') != std::string::npos) return parse_error(path, line_no, "a NUL character in the record");
  a.lang = a.lang.empty() ? detect_language(a.title + "\n" + a.text) : lower(a.lang);
  if (a.id.empty()) a.id = id_from_path(path) + "-" + std::to_string(line_no);
  return Status::ok();
}

}  // namespace

Result<Article> parse_json_article(std::string_view line, const std::string& path, std::size_t line_no,
                                   const ReadOptions& options) {
  if (line.size() > options.max_article_bytes)
    return parse_error(path, line_no,
                       "record of " + std::to_string(line.size()) + " bytes exceeds the limit of " +
                           std::to_string(options.max_article_bytes));
  if (auto st = check_binary(line, path, line_no, "binary data"); !st) return st;
  if (auto st = check_utf8(line, path, line_no); !st) return st;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {  // parse_error; out_of_range for a number such as 1e999
    return parse_error(path, line_no, std::string("invalid JSON: ") + e.what());
  }
  return article_from_json(j, path, line_no, options);
}

Result<Article> article_from_json(const nlohmann::json& j, const std::string& path, std::size_t line_no,
                                  const ReadOptions& options) {
  if (!j.is_object()) return parse_error(path, line_no, "expected a JSON object");
  Article a;
  a.origin = origin(path, line_no);
  auto get_string = [&](const char* key, std::string& out) -> Status {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return Status::ok();
    if (it->is_string())
      out = it->get<std::string>();
    else if (it->is_number_integer())
      out = std::to_string(it->get<long long>());
    else
      return parse_error(path, line_no, std::string("field '") + key + "' must be a string");
    return Status::ok();
  };
  std::string date;
  for (auto [key, out] : {std::pair<const char*, std::string*>{"id", &a.id},
                          {"date", &date},
                          {"title", &a.title},
                          {"text", &a.text},
                          {"source", &a.source},
                          {"url", &a.url},
                          {"lang", &a.lang}}) {
    if (auto st = get_string(key, *out); !st) return st;
  }
  if (const auto bytes = a.id.size() + date.size() + a.title.size() + a.text.size() + a.source.size() + a.url.size() +
                         a.lang.size();
      bytes > options.max_article_bytes)
    return parse_error(path, line_no,
                       "record of " + std::to_string(bytes) + " bytes exceeds the limit of " +
                           std::to_string(options.max_article_bytes));
  if (auto st = complete_record(a, date, path, line_no, options, "field 'date'", "field 'text'"); !st) return st;
  return a;
}

void read_csv(std::string_view content, const std::string& name, const ReadCallbacks& cb, const ReadOptions& options,
              char delimiter) {
  // A NUL byte rejects its record only (complete_record), not the file.
  if (auto st = check_utf8(content, name); !st) {
    cb.on_error(split_error(st, name));
    return;
  }
  csv::Options copts;
  copts.delimiter = delimiter;
  auto records = csv::parse(content, copts);
  if (!records) {
    cb.on_error({name, records.status().message()});  // "line N: reason"
    return;
  }
  if (records->empty()) {
    cb.on_error({name, "empty CSV file (a header row is needed)"});
    return;
  }
  const csv::Record& header = records->front();
  // Each article field: the column the mapping names, else the first of its usual names.
  static const std::pair<const char*, std::vector<const char*>> kFields[] = {
      {"id", {"id"}},          {"date", {"date", "published", "publication_date"}},
      {"title", {"title", "headline"}}, {"text", {"text", "body", "content", "article"}},
      {"source", {"source", "outlet"}}, {"url", {"url", "link"}},
      {"lang", {"lang", "language"}}};
  std::map<std::string, std::size_t> col;
  std::map<std::string, std::string> col_name;
  for (const auto& [field, names] : kFields) {
    if (auto m = options.csv_columns.find(field); m != options.csv_columns.end()) {
      auto c = csv::column(header, m->second);
      if (!c) {
        std::string have;
        for (const auto& h : header.fields) have += (have.empty() ? "" : ", ") + h;
        cb.on_error({name, "no column '" + m->second + "' for " + field + " (--columns " + field + "=" + m->second +
                               "); the header has: " + have});
        return;
      }
      col[field] = *c;
      col_name[field] = m->second;
      continue;
    }
    for (const char* n : names)
      if (auto c = csv::column(header, n)) {
        col[field] = *c;
        col_name[field] = n;
        break;
      }
  }
  for (const char* required : {"date", "text"})
    if (!col.count(required)) {
      std::string have;
      for (const auto& h : header.fields) have += (have.empty() ? "" : ", ") + h;
      cb.on_error({name, std::string("no ") + required + " column (name one with --columns " + required +
                             "=COLUMN); the header has: " + have});
      return;
    }
  for (const auto& [field, target] : options.csv_columns)
    if (std::none_of(std::begin(kFields), std::end(kFields), [&wanted = field](const auto& f) { return wanted == f.first; })) {
      cb.on_error({name, "unknown article field '" + field + "' in --columns (use id, date, title, text, source, url, lang)"});
      return;
    }
  for (std::size_t r = 1; r < records->size(); ++r) {
    const csv::Record& rec = (*records)[r];
    Article a;
    a.origin = origin(name, rec.line);
    std::string date;
    auto get = [&](const char* field, std::string& out) {
      if (auto c = col.find(field); c != col.end() && c->second < rec.fields.size()) out = rec.fields[c->second];
    };
    get("id", a.id);
    get("date", date);
    get("title", a.title);
    get("text", a.text);
    get("source", a.source);
    get("url", a.url);
    get("lang", a.lang);
    a.id = std::string(trim(a.id));
    Status st;
    std::size_t bytes = 0;
    for (const auto& f : rec.fields) bytes += f.size();
    if (bytes > options.max_article_bytes)
      st = parse_error(name, rec.line,
                       "record of " + std::to_string(bytes) + " bytes exceeds the limit of " +
                           std::to_string(options.max_article_bytes));
    else
      st = complete_record(a, date, name, rec.line, options, "column '" + col_name["date"] + "'",
                           "column '" + col_name["text"] + "'");
    if (st)
      cb.on_article(std::move(a));
    else
      cb.on_error(split_error(st, name));
  }
}

void read_jsonl(std::istream& in, const std::string& name, const ReadCallbacks& cb, const ReadOptions& options) {
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::size_t raw_bytes = line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (trim(line).empty()) {
      if (cb.on_bytes) cb.on_bytes(raw_bytes);
      continue;
    }
    auto r = parse_json_article(line, name, line_no, options);
    if (r)
      cb.on_article(std::move(r).value());
    else
      cb.on_error(split_error(r.status(), name));
    if (cb.on_bytes) cb.on_bytes(raw_bytes);
  }
  if (in.bad()) cb.on_error({name, "read error after line " + std::to_string(line_no)});
}

namespace {

void read_file(const fs::path& p, bool as_jsonl, const ReadCallbacks& cb, const ReadOptions& options) {
  const std::string name = p.string();
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    cb.on_error({name, "cannot open file for reading"});
    return;
  }
  if (as_jsonl) {
    read_jsonl(in, name, cb, options);
    return;
  }
  // One article per file: a file over the limit is not read at all.
  std::error_code ec;
  if (const auto size = fs::file_size(p, ec); !ec && csv_delimiter(p) == '\0' && size > options.max_article_bytes) {
    cb.on_error({origin(name, 1), "article of " + std::to_string(size) + " bytes exceeds the limit of " +
                                      std::to_string(options.max_article_bytes)});
    if (cb.on_bytes) cb.on_bytes(size);
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    cb.on_error({name, "read error"});
    return;
  }
  const std::string content = std::move(ss).str();
  if (const char d = csv_delimiter(p)) {
    read_csv(content, name, cb, options, d);
  } else if (auto r = parse_text_article(content, name, options)) {
    cb.on_article(std::move(r).value());
  } else {
    cb.on_error(split_error(r.status(), name));
  }
  if (cb.on_bytes) cb.on_bytes(content.size());
}

bool is_input_path(const fs::path& p) { return is_text_path(p) || is_jsonl_path(p) || csv_delimiter(p) != '\0'; }

}  // namespace

std::size_t read_path(const std::string& path, const ReadCallbacks& cb, const ReadOptions& options) {
  if (path == "-") {
    read_jsonl(std::cin, "<stdin>", cb, options);
    return 1;
  }
  std::error_code ec;
  const fs::path p(path);
  const auto st = fs::status(p, ec);
  if (ec || !fs::exists(st)) {
    cb.on_error({path, "no such file or directory"});
    return 0;
  }
  if (fs::is_directory(st)) {
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      cb.on_error({path, "cannot read directory: " + ec.message()});
      return 0;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        cb.on_error({path, "cannot read directory: " + ec.message()});
        break;
      }
      if (it->is_regular_file(ec) && is_input_path(it->path())) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) read_file(f, is_jsonl_path(f), cb, options);
    return files.size();
  }
  read_file(p, is_jsonl_path(p), cb, options);
  return 1;
}

std::uint64_t input_size(const std::string& path) {
  if (path == "-") return 0;
  std::error_code ec;
  const fs::path p(path);
  if (!fs::is_directory(p, ec)) {
    const auto n = fs::file_size(p, ec);
    return ec ? 0 : n;
  }
  std::uint64_t total = 0;
  fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && is_input_path(it->path())) {
      const auto n = it->file_size(ec);
      if (!ec) total += n;
    }
  return total;
}

}  // namespace sitrep
