// sitrep: article readers for the input formats (plain text, JSON Lines, directories of both).
//
// Plain text (.txt and any file not named .jsonl/.ndjson/.json):
//   date 2024-12-07            first non-blank line: "date" and a date (required): ISO 8601 with
//                              or without time and zone, RFC 2822, "7 December 2024",
//                              "December 7, 2024", "Dec. 7, 2024", numeric with --date-order
//   title Some headline        optional header lines, "key value" or "key: value", for the keys
//   source Levant Wire         id, title, source, url, lang; the headers end at the first blank
//   url https://...            line or at the first line that is not a header
//   lang en
//
//   Body text ...
// Text after the date on the date line itself starts the body (no headers then follow).
// Without an id header the id is the file name without its extension. Without a lang header (or
// field, or column) the language is detected from the text (detect_language in sitrep/language.h).
//
// JSON Lines (.jsonl, .ndjson, .json): one object per line with "id", "date", "title", "text",
// "source", "url", "lang"; "date" and "text" are required. Without an id the id is
// "<file stem>-<line number>".
//
// CSV (.csv, comma) and TSV (.tsv, tab), RFC 4180 with a header row: one article per record. The
// columns are found by name: id; date (or published, publication_date); title (or headline); text
// (or body, content, article); source (or outlet); url (or link); lang (or language).
// ReadOptions::csv_columns maps article fields to other column names (sitrep-index --columns
// text=story,date=pubdate). date and text are required; errors name file:line and the column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "sitrep/article.h"
#include "sitrep/date_parse.h"
#include "sitrep/status.h"

namespace sitrep {

// Why one article (or one file) was rejected: "origin" is "path:line" or "path".
struct SourceError {
  std::string origin;
  std::string message;
  std::string to_string() const { return origin + ": " + message; }
};

struct ReadCallbacks {
  std::function<void(Article&&)> on_article;
  std::function<void(const SourceError&)> on_error;
  // Optional: input bytes consumed since the last call (after each JSON Lines record, after each
  // plain-text or CSV file), for progress reports against input_size().
  std::function<void(std::uint64_t)> on_bytes = nullptr;
};

struct ReadOptions {
  std::size_t max_article_bytes = 16 * 1024 * 1024;  // larger articles are rejected
  // How to read numeric dates such as 07/12/2024 (ambiguous ones are rejected when unspecified).
  DateOrder date_order = DateOrder::kUnspecified;
  // CSV/TSV: article field (id, date, title, text, source, url, lang) -> column name.
  std::map<std::string, std::string> csv_columns;
};

// One plain-text article; `path` gives the default id and the origin for messages.
Result<Article> parse_text_article(std::string_view content, const std::string& path, const ReadOptions& options = {});
// One JSON Lines record (line_no is 1-based, for messages and the default id).
Result<Article> parse_json_article(std::string_view line, const std::string& path, std::size_t line_no,
                                   const ReadOptions& options = {});
// One JSON Lines record already read as JSON (parse_json_article reads the line, then this; the
// Python module's Indexer.add gives a dict): the same fields, checks and defaults, the same
// messages. Text fields over ReadOptions::max_article_bytes together are rejected.
Result<Article> article_from_json(const nlohmann::json& record, const std::string& path, std::size_t line_no,
                                  const ReadOptions& options = {});
// A CSV (delimiter ',') or TSV ('\t') text with a header row; every good record goes to
// on_article, every bad one to on_error (a missing column ends the file with one error).
void read_csv(std::string_view content, const std::string& name, const ReadCallbacks& callbacks,
              const ReadOptions& options = {}, char delimiter = ',');
// A JSON Lines stream; every good line goes to on_article, every bad one to on_error.
void read_jsonl(std::istream& in, const std::string& name, const ReadCallbacks& callbacks,
                const ReadOptions& options = {});
// A file or a directory (recursively: *.txt, *.text, *.jsonl, *.ndjson, *.json, *.csv, *.tsv, in
// sorted order); "-" is JSON Lines on standard input. Returns the number of files read.
std::size_t read_path(const std::string& path, const ReadCallbacks& callbacks, const ReadOptions& options = {});

// The bytes read_path(path) would read (the files it would open); 0 for "-" or when unknown.
std::uint64_t input_size(const std::string& path);

// The stable id of a plain-text article without an id header: the file name without extension.
std::string id_from_path(const std::string& path);

}  // namespace sitrep
