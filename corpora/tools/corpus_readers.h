// sitrep corpora: the public corpora of ../shared/corpora as sitrep articles (JSON Lines).
//
// Readers reuse sitrep-eval's parsers (eval/src: Reuters-21578 SGML, the TIME collection) and
// sitrep's CSV reader (FA-KES), so the conversion and the evaluation read the files the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::corpora {

// One article as a sitrep JSON Lines record. `extra` holds fields the indexer ignores but that a
// reader of the file may want (FA-KES: location and label).
struct JsonArticle {
  std::string id;
  std::string date;  // YYYY-MM-DD
  std::string title;
  std::string source;
  std::string url;
  std::string lang = "en";
  std::string text;
  std::vector<std::pair<std::string, std::string>> extra;
};

// What a reader left out or changed, one line each ("NEWID 123: no text").
struct LoadReport {
  std::size_t read = 0;     // documents in the corpus
  std::size_t skipped = 0;  // documents left out (no date, no text)
  std::vector<std::string> notes;
};

// Reuters-21578: DIR holds the *.sgm files (read as latin-1). id "reuters-<NEWID>", date from
// <DATE> (read day first: 26-FEB-1987 15:01:01.79), title <TITLE>, text the dateline then <BODY>
// (the closing "Reuter" signature dropped; the title when there is no body), source "Reuters".
Result<std::vector<JsonArticle>> load_reuters(const std::string& dir, LoadReport* report);

// FA-KES: PATH is FA-KES-Dataset.csv or the directory holding it. One article per row: id
// "fakes-<row>" (unit_id is not unique), date from `date` (M/D/YYYY), title `article_title`, text
// `article_content`, source `source`, extra fields location (`location`) and label (`labels`:
// 1 credible, 0 fake).
Result<std::vector<JsonArticle>> load_fakes(const std::string& path, LoadReport* report);

// TIME (1963): PATH is TIME.ALL or the directory holding it. One article per *TEXT document: id
// "time-<n>", date from the header (MM/DD/YY; a malformed one is noted and dated 1963-01-01 as
// sitrep-eval reads it), text as written (upper case), source "TIME".
Result<std::vector<JsonArticle>> load_time(const std::string& path, LoadReport* report);

// A Reuters <BODY> without its closing "Reuter" signature and surrounding white space.
std::string_view reuters_body(std::string_view body);

// One JSON object (keys id, date, title, source, url, lang, text, then the extra fields; empty
// title, source and url left out) and a line feed.
std::string to_jsonl(const JsonArticle& article);

}  // namespace sitrep::corpora
