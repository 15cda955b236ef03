#include "corpus_readers.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>
#include <system_error>

#include "io.h"
#include "relevance.h"
#include "reuters.h"
#include "sitrep/csv.h"
#include "sitrep/date_parse.h"

namespace sitrep::corpora {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// "26-FEB-1987 15:01:01.79" with the corpus's debris (control references decoded to spaces,
// then letters; '#' comments) cut, as sitrep-eval dates reads it.
Result<std::string> reuters_date(const std::string& written) {
  std::string value = written;
  if (auto hash = value.find('#'); hash != std::string::npos) value.resize(hash);
  std::istringstream words(value);
  std::string day, time;
  words >> day >> time;
  value = time.empty() ? day : day + " " + time;
  DateParseOptions options;
  options.order = DateOrder::kDMY;
  auto d = parse_publication_date(value, options);
  if (!d) return d.status();
  return d->date.iso();
}

// PATH itself when it is a file, else PATH/name. A missing PATH is an error naming it.
Result<std::string> file_in(const std::string& path, const char* name) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    const std::string f = (std::filesystem::path(path) / name).string();
    if (!std::filesystem::exists(f, ec)) return Status::not_found(f + ": no such file");
    return f;
  }
  if (!std::filesystem::exists(path, ec)) return Status::not_found(path + ": no such file or directory");
  return path;
}

}  // namespace

std::string_view reuters_body(std::string_view body) {
  body = trim(body);
  for (std::string_view sig : {"Reuter", "REUTER"}) {
    if (body.size() > sig.size() && body.ends_with(sig) && is_space(body[body.size() - sig.size() - 1]))
      return trim(body.substr(0, body.size() - sig.size()));
  }
  return body;
}

Result<std::vector<JsonArticle>> load_reuters(const std::string& dir, LoadReport* report) {
  LoadReport local;
  LoadReport& r = report ? *report : local;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return Status::not_found(dir + ": no such directory");
  auto docs = eval::read_reuters_dir(dir);
  if (!docs) return docs.status();
  std::vector<JsonArticle> out;
  out.reserve(docs->size());
  for (const auto& d : docs.value()) {
    ++r.read;
    const std::string where = "NEWID " + d.newid;
    auto date = reuters_date(d.date);
    if (!date) {
      ++r.skipped;
      r.notes.push_back(where + ": " + date.status().message());
      continue;
    }
    JsonArticle a;
    a.id = "reuters-" + d.newid;
    a.date = std::move(date).value();
    a.title = std::string(trim(d.title));
    a.source = "Reuters";
    const std::string_view body = reuters_body(d.body);
    const std::string_view dateline = trim(d.dateline);
    if (!body.empty()) {
      a.text = dateline.empty() ? std::string(body) : std::string(dateline) + " " + std::string(body);
    } else if (!a.title.empty()) {
      a.text = a.title;
      r.notes.push_back(where + ": no body, the title is the text");
    }
    if (trim(a.text).empty()) {
      ++r.skipped;
      r.notes.push_back(where + ": no text");
      continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<JsonArticle>> load_fakes(const std::string& path, LoadReport* report) {
  LoadReport local;
  LoadReport& r = report ? *report : local;
  auto file = file_in(path, "FA-KES-Dataset.csv");
  if (!file) return file.status();
  auto records = csv::read_file(file.value());
  if (!records) return records.status();
  if (records->empty()) return Status::parse_error(file.value() + ": empty file");
  const auto& header = records->front();
  struct Col {
    const char* name;
    std::size_t index = 0;
  };
  Col title{"article_title"}, content{"article_content"}, source{"source"}, date{"date"}, location{"location"},
      labels{"labels"};
  for (Col* c : {&title, &content, &source, &date, &location, &labels}) {
    auto i = csv::column(header, c->name);
    if (!i) return Status::parse_error(file.value() + ":1: no column '" + c->name + "'");
    c->index = *i;
  }
  std::vector<JsonArticle> out;
  out.reserve(records->size());
  DateParseOptions options;
  options.order = DateOrder::kMDY;
  for (std::size_t row = 1; row < records->size(); ++row) {
    const auto& rec = (*records)[row];
    ++r.read;
    const std::string where = file.value() + ":" + std::to_string(rec.line);
    if (rec.fields.size() != header.fields.size()) {
      ++r.skipped;
      r.notes.push_back(where + ": " + std::to_string(rec.fields.size()) + " fields, the header has " +
                        std::to_string(header.fields.size()));
      continue;
    }
    auto d = parse_publication_date(rec.fields[date.index], options);
    if (!d) {
      ++r.skipped;
      r.notes.push_back(where + ": " + d.status().message());
      continue;
    }
    JsonArticle a;
    a.id = "fakes-" + std::to_string(row);
    a.date = d->date.iso();
    a.title = std::string(trim(rec.fields[title.index]));
    a.source = std::string(trim(rec.fields[source.index]));
    a.text = std::string(trim(rec.fields[content.index]));
    if (a.text.empty()) {
      ++r.skipped;
      r.notes.push_back(where + ": empty article_content");
      continue;
    }
    a.extra = {{"location", std::string(trim(rec.fields[location.index]))},
               {"label", std::string(trim(rec.fields[labels.index]))}};
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<JsonArticle>> load_time(const std::string& path, LoadReport* report) {
  LoadReport local;
  LoadReport& r = report ? *report : local;
  auto file = file_in(path, "TIME.ALL");
  if (!file) return file.status();
  auto bytes = eval::read_file(file.value());
  if (!bytes) return bytes.status();
  auto docs = eval::parse_time_docs(bytes.value(), file.value());
  if (!docs) return docs.status();
  std::vector<JsonArticle> out;
  out.reserve(docs->size());
  for (const auto& d : docs.value()) {
    ++r.read;
    if (d.date_malformed) r.notes.push_back("*TEXT " + d.id + ": malformed date, dated " + d.date.iso());
    if (trim(d.text).empty()) {
      ++r.skipped;
      r.notes.push_back("*TEXT " + d.id + ": no text");
      continue;
    }
    JsonArticle a;
    a.id = "time-" + d.id;
    a.date = d.date.iso();
    a.source = "TIME";
    a.text = d.text;
    out.push_back(std::move(a));
  }
  return out;
}

std::string to_jsonl(const JsonArticle& a) {
  nlohmann::ordered_json j;
  j["id"] = a.id;
  j["date"] = a.date;
  if (!a.title.empty()) j["title"] = a.title;
  if (!a.source.empty()) j["source"] = a.source;
  if (!a.url.empty()) j["url"] = a.url;
  j["lang"] = a.lang;
  j["text"] = a.text;
  for (const auto& [k, v] : a.extra) j[k] = v;
  std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  return line;
}

}  // namespace sitrep::corpora
