// libFuzzer target: the RFC 4180 reader (sitrep::csv::parse, comma and tab) and CSV/TSV articles
// (sitrep::read_csv), with the columns found by name and through a --columns mapping.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sitrep/csv.h"
#include "sitrep/sources.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  for (char delimiter : {',', '\t'}) {
    sitrep::csv::Options csv_options;
    csv_options.delimiter = delimiter;
    auto records = sitrep::csv::parse(content, csv_options);
    if (records && !records->empty()) {
      (void)sitrep::csv::column(records->front(), "text");
      (void)sitrep::csv::column(records->front(), " date ");
    } else if (!records) {
      (void)records.status().to_string();
    }
  }
  std::size_t articles = 0, errors = 0;
  sitrep::ReadCallbacks callbacks;
  callbacks.on_article = [&](sitrep::Article&&) { ++articles; };
  callbacks.on_error = [&](const sitrep::SourceError& e) { errors += e.to_string().empty() ? 0 : 1; };
  sitrep::ReadOptions by_name;
  sitrep::read_csv(content, "fuzz/archive.csv", callbacks, by_name, ',');
  sitrep::read_csv(content, "fuzz/archive.tsv", callbacks, by_name, '\t');
  sitrep::ReadOptions mapped;
  mapped.date_order = sitrep::DateOrder::kDMY;
  mapped.max_article_bytes = 256;
  mapped.csv_columns = {{"id", "story_id"}, {"date", "pubdate"}, {"text", "story"}, {"title", "text"}};
  sitrep::read_csv(content, "fuzz/mapped.csv", callbacks, mapped, ',');
  return 0;
}
